"""The workbook a customer validates and sends back: a welcome sheet, their journey, the validation sheet.

Like the customer's deck it is built from :func:`customer_workspace` alone (the allow-list in
``model.customer_view``), so nothing internal can reach it. Each answered row carries the element's
stable id in a hidden column, so answers come back to the right element after the customer sorts,
filters or deletes rows (``journeymap feedback import``).
"""

from __future__ import annotations

from datetime import datetime

from journeymap_designer.model.customer_view import customer_workspace
from journeymap_designer.model.resolve import find_segment, resolve
from journeymap_designer.model.workspace import Workspace

from .safety import ExportError
from .xlsx_book import sheet_title
from .xlsx_compare import validation_sheet
from .xlsx_sheets import ANSWERS, Context, JourneyView, map_sheet
from .xlsx_stream import LONG_TEXT, Sheet

JOURNEY_LABEL = "Your journey"


def plan_customer(
    workspace: Workspace,
    segment: str | None = None,
    *,
    reserved: set[str] | None = None,
    exported_at: datetime | None = None,
) -> tuple[list[Sheet], str]:
    """The customer's sheets, in order, and the title kept free for a "Long text" sheet."""
    try:
        chosen = find_segment(workspace, segment)
    except KeyError:
        known = ", ".join(s.name for s in workspace.segments.values()) or "none"
        raise ExportError(f"no segment named {segment!r} (segments: {known})") from None
    shown = customer_workspace(workspace, resolve(workspace, chosen))
    ctx = Context(shown, [JourneyView(JOURNEY_LABEL, None, shown.core)], None, exported_at or datetime.now())
    taken = set(reserved or ())
    welcome_title = sheet_title("Welcome", taken)
    journey_id = chosen.id if chosen is not None else None
    validation = validation_sheet(ctx, sheet_title("Customer validation", taken), journey_id)
    journey = map_sheet(ctx, ctx.journeys[0], sheet_title(JOURNEY_LABEL, taken))
    sheets = [validation, journey]
    return [welcome_sheet(ctx, welcome_title, sheets), *sheets], sheet_title(LONG_TEXT, taken)


def welcome_sheet(ctx: Context, title: str, sheets: list[Sheet]) -> Sheet:
    """What this workbook is, and how to answer and send it back."""
    sheet = Sheet(title, [30, 100], gridlines=False, tab_color="1F2A3C", streamed=False)
    sheet.add([ctx.workspace.name], ("JM Title",))
    sheet.add(["Your journey with us: is this your experience?"], ("JM Subtitle",))
    sheet.blank()
    if ctx.workspace.description:
        sheet.add(["About the journey", ctx.workspace.description], ("JM Label", "JM Wrapped"))
    sheet.add(["Sent", ctx.exported_at.strftime("%Y-%m-%d")], ("JM Label", "JM Wrapped"))
    sheet.blank()
    sheet.add(["How to answer", ""], ("JM Section", "JM Section"))
    steps = (
        f"Open the sheet “{sheets[0].title}”: one line per step of your journey, stage by stage.",
        f"In “Your answer” choose {', '.join(ANSWERS[:-1])} or {ANSWERS[-1]}.",
        "In “Your comment” say what is different or missing. Add a line at the bottom for a missing step.",
        "Sort or filter the lines as you like; please do not change the step names.",
        "Save the workbook and send it back to us.",
    )
    for number, step in enumerate(steps, 1):
        sheet.add([f"{number}.", step], ("JM Label", "JM Wrapped"))
    sheet.blank()
    sheet.add(["In this workbook", ""], ("JM Section", "JM Section"))
    what = {
        sheets[0].title: "Your answers, one line per step.",
        sheets[1].title: "The whole journey: stages across, who is involved down.",
    }
    for target in sheets:
        row = sheet.add([target.title, what.get(target.title, "")], ("JM Link", "JM Wrapped"))
        sheet.links[(row, 1)] = target.title
    return sheet
