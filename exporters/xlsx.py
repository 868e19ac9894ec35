"""The playbook workbook (issue 5): the journey map, its tables and playbooks, as an Excel file.

Sheets, after the template's own (a cover, a logo), in this order:

- **About**: the workspace, the journeys exported, when, a linked list of the sheets, and how to
  run the customer validation.
- **Touchpoints**, **Handoffs**: one table each for all exported journeys, with a "Journey" column.
- **Customer validation**: each touchpoint and milestone in customer wording (no internal-only
  lanes, no internal notes), an answer dropdown and a comment column.
- **Commonality** (when the workspace has segments): core elements x segments.
- **Emails** (when a playbook has communication emails): every email template, whole.
- **Stuck accounts** (with actuals): the accounts past their milestone's stuck rule, every journey.
- **<journey> – Funnel** (with actuals, for a journey that has accounts), **<journey> – Map** and
  **<journey> – Playbooks** for each exported journey.

Why tables are combined and layouts are not: a customer-success organisation with 21 journeys
(the core and 20 segments) would get 105 tabs from one set of sheets per journey, and could not
compare a card across segments. One table with a filterable "Journey" column gives each team its own
journey in two clicks, and lets the ops lead sort or pivot across segments. The map and the
playbooks are layouts a team reads and prints, not tables, so each journey keeps its own pair,
named after it (Excel allows 31 characters, so long names are shortened and made unique).

The cells of our sheets are streamed into the saved file (``xlsx_stream``) because openpyxl cannot
write the 2.5 million cells of the largest workbook within issue 5's five seconds; openpyxl still
does everything else. User text is always a plain shared string: never a formula or a link.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from journeymap_designer.model.actuals import Actuals
from journeymap_designer.model.diff import commonality
from journeymap_designer.model.filestate import fingerprint_of
from journeymap_designer.model.resolve import find_segment, resolve
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import resources_dir

from .journey_facts import JourneyNumbers, journey_numbers
from .safety import ExportError, check_output, check_template, write_output
from .xlsx_book import open_template, render, sheet_title, template_titles
from .xlsx_compare import commonality_sheet, said_sheet, validation_sheet
from .xlsx_customer import plan_customer
from .xlsx_emails import emails_sheet, has_emails
from .xlsx_funnel import funnel_sheet, stuck_sheet
from .xlsx_playbooks import playbooks_sheet
from .xlsx_sheets import (
    ANSWERS,
    CORE_LABEL,
    Context,
    JourneyView,
    handoffs_sheet,
    map_sheet,
    personas_sheet,
    touchpoints_sheet,
)
from .xlsx_stream import LONG_TEXT, Sheet

Progress = Callable[[float, str], None]
TEMPLATE_NAME = "playbook-template.xlsx"


def default_template() -> Path:
    """The bundled template (from a checkout or from an installed wheel)."""
    return resources_dir() / "export" / TEMPLATE_NAME


def export_workbook(
    workspace: Workspace,
    out: str | Path,
    *,
    segments: Sequence[str | None] = (None,),
    template: str | Path | None = None,
    customer_view: bool = False,
    progress: Progress | None = None,
    actuals: Actuals | None = None,
    as_of: date | None = None,
    follow_symlinks: bool = False,
) -> None:
    """Write the playbook workbook of the given journeys (None is the core) to ``out``, atomically.

    ``customer_view`` writes the customer's workbook instead (:mod:`exporters.xlsx_customer`) for the
    first journey given: a welcome sheet, the validation sheet and their journey, nothing internal.

    ``actuals`` (the team's workbook only; ignored for a customer's) adds a Funnel sheet for each
    journey that has accounts and the Stuck accounts sheet, stuck as of ``as_of`` (None: today).

    Raises :class:`ExportError` (one line) for an unknown segment or a bad template. When
    ``progress`` raises, its exception ends the export and nothing is written.
    """
    report = _Reporter(progress)
    out = Path(out)
    check_output(out, follow_symlinks)  # a FIFO, a device, a link, a read-only file: refused before any work
    seen = fingerprint_of(out)  # the target as it was checked: re-checked just before the replace
    report(0.0, "Reading the template")
    path = Path(template) if template is not None else default_template()
    data = check_template(path, "xlsx") if template is not None or path.is_file() else None
    reserved = set() if customer_view else template_titles(open_template(data, str(path)))
    report(0.05, "Comparing the segments with the core")
    if customer_view:
        sheets, long_title = plan_customer(workspace, next(iter(segments), None), reserved=reserved)
    else:
        sheets, long_title = plan(
            workspace, segments, reserved=reserved, progress=report, actuals=actuals, as_of=as_of
        )
    report(0.3, "Writing the sheets")
    total = max(sum(len(s.rows) for s in sheets if s.streamed), 1)
    done = 0

    def tick(rows: int) -> None:
        nonlocal done
        done += rows
        report(0.3 + 0.65 * min(done / total, 1.0), "Writing the sheets")

    payload = render(data, str(path), sheets, long_title, tick, only_ours=customer_view)
    report(1.0, f"Saving {out.name}")
    write_output(out, payload, seen, checked=True, follow_symlinks=follow_symlinks)


def plan(
    workspace: Workspace,
    segments: Sequence[str | None] = (None,),
    *,
    reserved: set[str] | None = None,
    exported_at: datetime | None = None,
    progress: Progress | None = None,
    actuals: Actuals | None = None,
    as_of: date | None = None,
) -> tuple[list[Sheet], str]:
    """The sheets of the workbook, in order, and the title kept free for a "Long text" sheet.

    ``reserved`` holds the (casefolded) titles of the template's own sheets. The benchmark writes the
    same sheets' values with plain openpyxl, as its baseline.
    """
    views = _journeys(workspace, segments)
    report = progress or (lambda _fraction, _message: None)
    found = commonality(workspace) if workspace.segments else None
    report(0.15, "Laying out the tables")
    if found is not None and any(v.segment_id for v in views):
        marks: dict[str, dict[str, str]] = {v.segment_id: v.marks for v in views if v.segment_id}
        for row in found.rows:
            for segment_id, status in row.per_segment.items():
                if status != "same" and segment_id in marks:
                    marks[segment_id][row.element_id] = status
        for segment_id, added in found.additions.items():
            for d in added:
                if segment_id in marks:
                    marks[segment_id][d.element_id] = "added"
    ctx = Context(workspace, views, found, exported_at or datetime.now())
    taken = set(reserved or ())
    about_title = sheet_title("About", taken)
    titles = {
        "touchpoints": sheet_title("Touchpoints", taken),
        "handoffs": sheet_title("Handoffs", taken),
        "personas": sheet_title("Personas", taken),
        "validation": sheet_title("Customer validation", taken),
    }
    if found is not None:
        titles["commonality"] = sheet_title("Commonality", taken)
    if workspace.feedback:
        titles["said"] = sheet_title("What customers said", taken)
    if has_emails(ctx):
        titles["emails"] = sheet_title("Emails", taken)
    numbers = _numbers(workspace, views, actuals, as_of or date.today())
    if numbers:
        titles["stuck"] = sheet_title("Stuck accounts", taken)
    funnels = {key: sheet_title(n.label, taken, " – Funnel") for key, n in numbers.items()}
    per_journey = [
        (view, sheet_title(view.label, taken, " – Map"), sheet_title(view.label, taken, " – Playbooks"))
        for view in views
    ]
    long_title = sheet_title(LONG_TEXT, taken)
    sheets = [
        touchpoints_sheet(ctx, titles["touchpoints"]),
        handoffs_sheet(ctx, titles["handoffs"]),
        *([personas_sheet(ctx, titles["personas"])] if workspace.personas else []),
        *([emails_sheet(ctx, titles["emails"])] if "emails" in titles else []),
        validation_sheet(ctx, titles["validation"]),
        *([said_sheet(ctx, titles["said"])] if workspace.feedback else []),
    ]
    if found is not None:
        sheets.append(commonality_sheet(ctx, titles["commonality"]))
    if numbers:
        sheets.append(stuck_sheet(list(numbers.values()), titles["stuck"]))
    report(0.25, "Laying out the maps and playbooks")
    stage_names = {s.id: s.name for s in workspace.core.stages.values()}
    for view, map_title, playbook_title in per_journey:
        if view.segment_id in numbers:
            key = view.segment_id
            sheets.append(funnel_sheet(numbers[key], funnels[key], stage_names, titles["stuck"]))
        sheets.append(map_sheet(ctx, view, map_title))
        sheets.append(playbooks_sheet(view, playbook_title))
    return [about_sheet(ctx, about_title, sheets), *sheets], long_title


def _numbers(
    workspace: Workspace, views: list[JourneyView], actuals: Actuals | None, as_of: date
) -> dict[str | None, JourneyNumbers]:
    """The funnel and stuck list of each exported journey that has accounts (keyed by segment id)."""
    if actuals is None:
        return {}
    found = {}
    for view in views:
        segment = workspace.segments.get(view.segment_id or "")
        numbers = journey_numbers(workspace, actuals, segment, view.label, as_of)
        if numbers.funnel.accounts:
            found[view.segment_id] = numbers
    return found


def _journeys(workspace: Workspace, segments: Sequence[str | None]) -> list[JourneyView]:
    views: list[JourneyView] = []
    seen: set[str | None] = set()
    for name in segments or (None,):
        try:
            segment = find_segment(workspace, name)
        except KeyError:
            known = ", ".join(s.name for s in workspace.segments.values()) or "none"
            raise ExportError(f"no segment named {name!r} (segments: {known})") from None
        key = segment.id if segment else None
        if key in seen:
            continue
        seen.add(key)
        label = segment.name if segment else CORE_LABEL
        views.append(JourneyView(label, key, resolve(workspace, segment)))
    return views


_WHAT = {
    "Touchpoints": "Every card of the map: stage, lane, owner, channel, emotion, pain points, opportunities.",
    "Handoffs": "Where a moment passes between owners, with the information and artifacts that travel.",
    "Customer validation": "The journey in the customer's words, with an answer and a comment per step.",
    "What customers said": "Customers' answers from returned validation workbooks, open ones first.",
    "Commonality": "Which core elements each segment keeps, changes or hides, and what it adds.",
    "Emails": "Every communication email of the playbooks: name, subject and body, placeholders kept.",
    "Stuck accounts": "Accounts past their milestone's stuck rule, longest stuck first, and what to do.",
    "Funnel": "Accounts reached per success milestone, conversion and days against targets, charted.",
    "Map": "The journey laid out like the map: stages across, lanes down, moments of truth on top.",
    "Playbooks": "A playbook per moment of truth, stage and activity: roles, tasks due in days, emails.",
}


def about_sheet(ctx: Context, title: str, sheets: list[Sheet]) -> Sheet:
    """The cover: what was exported and when, a linked list of the sheets, how to validate."""
    workspace = ctx.workspace
    sheet = Sheet(title, [30, 100], gridlines=False, tab_color="1F2A3C", streamed=False)
    sheet.add([workspace.name], ("JM Title",))
    sheet.add(["Customer journey map and lifecycle playbooks"], ("JM Subtitle",))
    sheet.blank()
    sheet.add(["Journeys", ", ".join(v.label for v in ctx.journeys)], ("JM Label", "JM Wrapped"))
    sheet.add(["Exported", ctx.exported_at.strftime("%Y-%m-%d %H:%M")], ("JM Label", "JM Wrapped"))
    if workspace.description:
        sheet.add(["About the journey", workspace.description], ("JM Label", "JM Wrapped"))
    sheet.blank()
    sheet.add(["Sheets in this workbook", ""], ("JM Section", "JM Section"))
    for target in sheets:
        kind = next((k for k in _WHAT if target.title.endswith(k) or target.title.startswith(k)), "")
        row = sheet.add([target.title, _WHAT.get(kind, "")], ("JM Link", "JM Wrapped"))
        sheet.links[(row, 1)] = target.title
    sheet.blank()
    sheet.add(["Customer validation", ""], ("JM Section", "JM Section"))
    steps = (
        "Do not send this workbook to customers: it holds internal notes, owners and handoffs.",
        "Export the customer's own workbook instead (journeymap export FILE --xlsx OUT --customer-view).",
        f"For each step they choose {', '.join(ANSWERS[:-1])} or {ANSWERS[-1]} and add a comment.",
        "Bring the returned workbook back with File > Import Customer Feedback (journeymap feedback import).",
    )
    for number, step in enumerate(steps, 1):
        sheet.add([f"{number}.", step], ("JM Label", "JM Wrapped"))
    sheet.blank()
    sheet.add(["Reading the map", ""], ("JM Section", "JM Section"))
    legend = (
        ("◆  ⚠  ★", "A success milestone, a risk, a celebration (moments of truth)."),
        ("[added]  [changed]", "On a segment's map: cards the segment adds, or changes from the core."),
        ("Versus core", "In the tables: core (as in the core journey), added or changed by the segment."),
    )
    for mark, meaning in legend:
        sheet.add([mark, meaning], ("JM Label", "JM Wrapped"))
    return sheet


class _Reporter:
    """Passes progress on in increasing steps; whatever the callback raises stops the export."""

    def __init__(self, callback: Progress | None) -> None:
        self._callback = callback
        self._last = -1.0

    def __call__(self, fraction: float, message: str) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        if self._callback is not None and fraction > self._last:
            self._last = fraction
            self._callback(fraction, message)


__all__ = ["ExportError", "default_template", "export_workbook", "plan"]
