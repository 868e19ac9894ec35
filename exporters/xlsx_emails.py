"""The Emails sheet: every communication email template of the exported journeys' playbooks, whole.

One table for all journeys (with a "Journey" column, like the Touchpoints sheet) so a team can filter
one segment's emails or copy a template into its customer-success platform. The placeholders
(``{customer}``, ``{csm}``...) are kept as typed: they are filled in when a draft is made. Emails are
internal material (what the team sends, how it words it): only the team's workbook has this sheet.
"""

from __future__ import annotations

from .journey_facts import anchor_label
from .xlsx_sheets import Context, title_rows
from .xlsx_stream import Sheet

HEADS = ("Journey", "Playbook", "Hangs off", "Email", "Subject", "Body", "ID")


def has_emails(ctx: Context) -> bool:
    return any(p.emails for view in ctx.journeys for p in view.journey.playbooks.values())


def emails_sheet(ctx: Context, title: str) -> Sheet:
    sheet = Sheet(title, [16, 30, 34, 28, 44, 80, 24], tab_color="1F2A3C", filter=True)
    title_rows(
        sheet,
        "Emails",
        "The communication emails of each playbook. Placeholders in braces ({customer}, {csm}, "
        "{milestone}...) are filled in when a draft is made.",
    )
    sheet.header_row = sheet.add(HEADS, ("JM Header",) * len(HEADS))
    styles = ("JM Cell", "JM Wrapped", "JM Wrapped", "JM Wrapped", "JM Wrapped", "JM Wrapped", "JM Cell")
    for view in ctx.journeys:
        journey = view.journey
        playbooks = sorted(journey.playbooks.values(), key=lambda p: (p.title, p.id))
        for playbook in playbooks:
            where = anchor_label(journey, playbook)
            for email in playbook.emails:
                row = (view.label, playbook.title, where, email.name, email.subject, email.body, email.id)
                sheet.add(row, styles)
    return sheet
