"""Customers' answers from a returned validation workbook, brought back into the map (Qt-free).

The exporters' reader (``exporters/validation_import.py``) turns a returned workbook into
:class:`Answer` rows; this module decides what they mean for the workspace: one :class:`Feedback`
per answer, added in one undo step. A feedback's id is derived from what was answered (customer,
element or step, verdict, comment), never drawn at random, so importing the same returned file twice
adds nothing the second time, and the same answer from two customers is kept twice, side by side.

Answers are kept beside the map rather than written into it: a team reads them, changes the map if
it agrees, then marks each answer resolved (:func:`resolve_feedback`), with what it did.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .commands import UpdateElement
from .edits import Command, CommandError, Write
from .elements import Feedback, Verdict
from .intents import Intent
from .workspace import Workspace

MAX_LINE = 2_000  # Feedback.customer / answered_at / source are Lines
MAX_TEXT = 100_000  # Feedback.comment / step are Texts
VERDICT_WORDS = {
    Verdict.CONFIRMED: ("confirmed", "confirmed"),
    Verdict.NEEDS_CHANGE: ("needs a change", "need a change"),
    Verdict.MISSING: ("missing", "missing"),
}


@dataclass(frozen=True)
class Answer:
    """One answered row of a returned workbook, as the reader found it.

    ``element_id`` is None for a row the customer added (it reads as "missing something"); ``step`` is
    what the row's step said; ``row`` is its row number in the sheet, for messages.
    """

    element_id: str | None
    verdict: Verdict
    comment: str
    step: str
    row: int
    segment_id: str | None = None


@dataclass(frozen=True)
class ImportPlan:
    """What importing a set of answers would do: the feedback to add and how many are already there."""

    added: tuple[Feedback, ...]
    already: int  # answers the workspace already holds (an earlier import of the same file)
    repeated: int = 0  # answers given twice in the same file (kept once)

    @property
    def note(self) -> str:
        parts = [f"{_count(len(self.added), 'answer')} added"]
        if self.already:
            parts.append(f"{self.already:,} already imported")
        if self.repeated:
            parts.append(f"{self.repeated:,} repeated in the file")
        return ", ".join(parts)


@dataclass(frozen=True)
class Counts:
    """How many answers of each verdict, and how many of them the team has resolved."""

    confirmed: int = 0
    needs_change: int = 0
    missing: int = 0
    resolved: int = 0
    by_customer: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.confirmed + self.needs_change + self.missing


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def feedback_id(
    customer: str, element_id: str | None, step: str, verdict: Verdict, comment: str, segment_id: str | None
) -> str:
    """A stable id for an answer: the same answer from the same customer always gets the same id.

    Customer names compare ignoring case and surrounding spaces, comments ignoring surrounding spaces,
    so a file saved again by Excel or LibreOffice still matches its first import. The segment is part
    of the key because one workbook can ask about the same card in the core and in a segment.
    """
    subject = f"id:{element_id}" if element_id else f"step:{step.strip()}"
    parts = (customer.strip().casefold(), segment_id or "", subject, verdict.value, comment.strip())
    key = "\x1f".join(parts)
    return "fb-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def plan_import(
    workspace: Workspace, answers: Iterable[Answer], customer: str, source: str, answered_at: str
) -> ImportPlan:
    """The feedback that importing ``answers`` adds (none that the workspace or the batch already has)."""
    customer = _clip(customer.strip(), MAX_LINE)
    source, answered_at = _clip(source, MAX_LINE), _clip(answered_at, MAX_LINE)
    added: dict[str, Feedback] = {}
    already = repeated = 0
    for answer in answers:
        fid = feedback_id(
            customer, answer.element_id, answer.step, answer.verdict, answer.comment, answer.segment_id
        )
        if fid in workspace.feedback:
            already += 1
            continue
        if fid in added:
            repeated += 1
            continue
        added[fid] = Feedback(
            id=fid,
            element_id=answer.element_id,
            segment_id=answer.segment_id,
            verdict=answer.verdict,
            comment=_clip(answer.comment.strip(), MAX_TEXT),
            step=_clip(answer.step.strip(), MAX_TEXT),
            customer=customer,
            answered_at=answered_at,
            source=source,
        )
    return ImportPlan(tuple(added.values()), already, repeated)


class AddFeedback(Command):
    """Add many answers at once: one command, one write per answer.

    A returned workbook can hold thousands of answers; planning them as one command (rather than an
    ``AddElement`` each, which looks up labels and references a card needs and an answer does not)
    keeps a 5,000-row import well inside its budget. Undo removes them all.
    """

    def __init__(self, feedback: Sequence[Feedback], name: str) -> None:
        super().__init__(name)
        self.feedback = tuple(feedback)

    def plan(self, workspace: Workspace) -> list[Write]:
        all_ids = workspace.all_ids()
        for answer in self.feedback:
            if answer.id in all_ids:
                raise CommandError(f"the id {answer.id!r} is already used in this workspace")
        return [Write(("workspace", "feedback"), answer.id, answer) for answer in self.feedback]


def import_answers(
    workspace: Workspace, answers: Sequence[Answer], customer: str, source: str, answered_at: str
) -> Intent:
    """One undoable step that adds a :class:`Feedback` per new answer.

    Importing the same file again gives an intent with no commands (nothing is added and no undo step
    is recorded); its ``note`` says so ("0 answers added, 41 already imported").
    """
    plan = plan_import(workspace, answers, customer, source, answered_at)

    who = f" from {customer.strip()}" if customer.strip() else ""
    name = f"Import {_count(len(plan.added), 'customer answer')}{who}"

    def steps() -> Iterator[Command]:
        if plan.added:
            yield AddFeedback(plan.added, name)

    return Intent(name, steps, plan.added[0].id if plan.added else None, plan.note)


def resolve_feedback(
    workspace: Workspace, feedback_id: str, resolved: bool = True, resolution: str = ""
) -> Intent:
    """Mark an answer handled (or not yet), saying what was done about it: one undo step."""
    feedback = workspace.feedback.get(feedback_id)
    if feedback is None:
        raise CommandError(f"there is no customer answer {feedback_id!r}")
    what = feedback.step or feedback.element_id or feedback.id
    verb = "Resolve" if resolved else "Reopen"
    name = f"{verb} answer on \u201c{_clip(what, 60)}\u201d"
    changes = {"resolved": resolved, "resolution": _clip(resolution.strip(), MAX_TEXT)}
    return Intent(name, lambda: iter([UpdateElement("feedback", feedback_id, changes, name=name)]))


def counts(workspace: Workspace, answers: Iterable[Feedback] | None = None) -> Counts:
    """Answers per verdict (all of the workspace's, or the ``answers`` given), resolved ones included."""
    tally = dict.fromkeys(Verdict, 0)
    resolved = 0
    by_customer: dict[str, int] = {}
    for feedback in workspace.feedback.values() if answers is None else answers:
        tally[feedback.verdict] += 1
        resolved += feedback.resolved
        by_customer[feedback.customer] = by_customer.get(feedback.customer, 0) + 1
    return Counts(
        tally[Verdict.CONFIRMED], tally[Verdict.NEEDS_CHANGE], tally[Verdict.MISSING], resolved, by_customer
    )


def summary(workspace: Workspace, answers: Iterable[Feedback] | None = None) -> str:
    """ "34 confirmed, 5 need a change, 2 missing, 3 resolved" (verdicts with no answer left out)."""
    found = counts(workspace, answers)
    if not found.total:
        return "no customer answers"
    parts = []
    for verdict, n in (
        (Verdict.CONFIRMED, found.confirmed),
        (Verdict.NEEDS_CHANGE, found.needs_change),
        (Verdict.MISSING, found.missing),
    ):
        if n:
            one, many = VERDICT_WORDS[verdict]
            parts.append(f"{n:,} {one if n == 1 else many}")
    if found.resolved:
        parts.append(f"{found.resolved:,} resolved")
    return ", ".join(parts)


def answers_for(workspace: Workspace, element_id: str, segment_id: str | None = None) -> list[Feedback]:
    """The answers on one element, oldest first; with ``segment_id``, only those given about it there."""
    found = [
        f
        for f in workspace.feedback.values()
        if f.element_id == element_id and (segment_id is None or f.segment_id == segment_id)
    ]
    return sorted(found, key=lambda f: (f.answered_at, f.customer.casefold(), f.id))


def customers(workspace: Workspace) -> list[str]:
    """Who answered, by name, in alphabetical order."""
    return sorted({f.customer for f in workspace.feedback.values()}, key=str.casefold)


def verdict_label(verdict: Verdict) -> str:
    """A verdict in the workbook's words ("Needs change")."""
    return {Verdict.CONFIRMED: "Confirmed", Verdict.NEEDS_CHANGE: "Needs change"}.get(
        verdict, "Missing something"
    )
