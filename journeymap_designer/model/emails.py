"""A playbook's communication emails as drafts: placeholders filled from the map.

An :class:`~.elements.EmailTemplate`'s subject and body may hold ``{customer}``, ``{csm}``,
``{milestone}``, ``{stage}``, ``{activity}``, ``{playbook}`` and ``{company}``
(:data:`~.elements.EMAIL_PLACEHOLDERS`). The map knows five of them for each playbook: the playbook's
title, the map's name (``{company}``, the team's company that sends the email), and what the playbook
hangs off: its milestone, that milestone's stage and the activity it is pinned to; or its activity,
that card's stage and the milestone pinned to that card; or its stage. ``{customer}`` and ``{csm}``
differ per account, so they stay as typed unless given. A placeholder with no value for a playbook
(``{milestone}`` in a stage's playbook), an unknown one (``{renewal_date}``) and any other brace stay
exactly as typed: the sender sees what still needs filling. Filling is a plain substitution of the
known names (never ``str.format``: a template is user text and ``{0.__class__}`` is not a field).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .elements import EMAIL_PLACEHOLDERS, Playbook, playbook_anchor
from .workspace import Journey

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{name}`` that ``values`` has replaced; every other brace left as typed."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def playbook_values(
    journey: Journey, playbook: Playbook, company: str, customer: str | None = None, csm: str | None = None
) -> dict[str, str]:
    """The placeholders' values the map (and the caller) knows for one playbook."""
    values = {"playbook": playbook.title, "company": company}
    anchor = playbook_anchor(playbook)
    kind, element_id = anchor if anchor else ("", "")
    moment = journey.moments.get(element_id) if kind == "milestone" else None
    card = journey.touchpoints.get(element_id) if kind == "activity" else None
    stage_id = element_id if kind == "stage" else ""
    if moment is not None:
        card = journey.touchpoints.get(moment.touchpoint_id or "")
        stage_id = moment.stage_id
    elif card is not None:
        moment = next((m for m in journey.moments.values() if m.touchpoint_id == card.id), None)
        stage_id = card.stage_id
    stage = journey.stages.get(stage_id)
    for name, value in (
        ("milestone", moment.title if moment else None),
        ("activity", card.title if card else None),
        ("stage", stage.name if stage else None),
        ("customer", customer),
        ("csm", csm),
    ):
        if value and name in EMAIL_PLACEHOLDERS:
            values[name] = value
    return values


@dataclass(frozen=True)
class EmailDraft:
    """One email template of one playbook, filled in."""

    playbook_id: str
    playbook_title: str
    template_id: str
    name: str
    subject: str
    body: str

    @property
    def file_stem(self) -> str:
        """A file name for the draft: ids only (safe characters, unique per map)."""
        return f"{self.playbook_id}--{self.template_id}"


def email_drafts(
    journey: Journey, company: str, customer: str | None = None, csm: str | None = None
) -> list[EmailDraft]:
    """Every email template of every playbook of ``journey``, filled in, by playbook id then order."""
    drafts = []
    for playbook_id in sorted(journey.playbooks):
        playbook = journey.playbooks[playbook_id]
        values = playbook_values(journey, playbook, company, customer, csm)
        for template in playbook.emails:
            drafts.append(
                EmailDraft(
                    playbook_id=playbook.id,
                    playbook_title=playbook.title,
                    template_id=template.id,
                    name=template.name,
                    subject=fill_placeholders(template.subject, values),
                    body=fill_placeholders(template.body, values),
                )
            )
    return drafts
