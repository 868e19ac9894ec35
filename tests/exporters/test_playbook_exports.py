"""Playbooks a team can run, in the team's exports (schema 4), read back: a playbook on an activity with
tasks due in days and an email template reaches the workbook and the deck; the Map sheet carries the
stages' entry criteria, KPIs and duration in days; emails never reach a customer."""

from __future__ import annotations

import zipfile
from html import unescape
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pptx import Presentation

from exporters.pptx import export_deck
from exporters.xlsx import export_workbook
from exporters.xlsx_emails import HEADS
from journeymap_designer.model.elements import EmailTemplate, Playbook, Task
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path

from .pptx_helpers import deck_text, slide_text, slides_titled, squash


@pytest.fixture(scope="module")
def sample() -> Workspace:
    return load_workspace(sample_path())


@pytest.fixture(scope="module")
def book(sample: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("pb") / "book.xlsx"
    export_workbook(sample, out, segments=[None, "SMB"])
    return openpyxl.load_workbook(out)


@pytest.fixture(scope="module")
def deck(sample: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("pb") / "deck.pptx"
    export_deck(sample, out)
    return Presentation(str(out))


def test_the_map_sheet_has_entry_criteria_kpis_and_duration_in_days(sample: Workspace, book: Any) -> None:
    rows = {r[0]: r[1:] for r in book["Core journey – Map"].iter_rows(values_only=True) if r[0]}
    stages = sample.core.ordered_stages()
    for index, stage in enumerate(stages):
        for criterion in stage.entry_criteria:
            assert criterion in rows["Entry criteria"][index]
        for kpi in stage.kpis:
            assert kpi in rows["KPIs"][index]
        assert rows["Duration (days)"][index] == stage.duration_days
    assert any(s.duration_days is None for s in stages) and any(s.duration_days for s in stages)


def test_the_emails_sheet_holds_every_playbooks_emails_whole(sample: Workspace, book: Any) -> None:
    rows = list(book["Emails"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Journey")
    assert rows[header] == HEADS
    got = {(r[0], r[6]): r for r in rows[header + 1 :] if r[0]}
    expected = 0
    for playbook in sample.core.playbooks.values():
        for email in playbook.emails:
            row = got["Core journey", email.id]
            assert row[1:6] == (playbook.title, row[2], email.name, email.subject, email.body)
            expected += 1
    rescue = sample.core.playbooks["pb-data-rescue"]
    card = sample.core.touchpoints[rescue.touchpoint_id or ""]
    assert got["Core journey", rescue.emails[0].id][2] == f"Activity: {card.title}"
    assert "{customer}" in "".join(str(r[5]) for r in got.values())  # placeholders kept as typed
    assert expected >= 3 and len([k for k in got if k[0] == "Core journey"]) == expected
    assert any(k[0] == "SMB" for k in got)


def test_an_activity_playbook_on_the_playbooks_sheet(sample: Workspace, book: Any) -> None:
    rescue = sample.core.playbooks["pb-data-rescue"]
    card = sample.core.touchpoints[rescue.touchpoint_id or ""]
    rows = [r for r in book["Core journey – Playbooks"].iter_rows(values_only=True)]
    band = next(i for i, r in enumerate(rows) if r[1] == f"Activity: {card.title}")
    assert rows[band][2] == "Activity playbook"
    section = rows[
        band + 1 : next(i for i in range(band + 1, len(rows)) if rows[i][0] is None and rows[i][1] is None)
    ]
    assert ("Playbook", rescue.title) in {r[:2] for r in section}
    tasks = {r[1]: r for r in section if r[0] in (None, "") and r[1]}
    for task in rescue.tasks:
        assert tasks[task.title][3:6] == (task.owner, task.due, task.due_days)
    listed = [r[1] for r in section if r[0] == "Communication emails"]
    assert listed == [f"{rescue.emails[0].name}: {rescue.emails[0].subject}"]


def test_the_deck_shows_an_activity_playbook_its_tasks_due_and_its_emails(
    sample: Workspace, deck: Any
) -> None:
    rescue = sample.core.playbooks["pb-data-rescue"]
    card = sample.core.touchpoints[rescue.touchpoint_id or ""]
    first = slides_titled(deck, f"Playbook: {rescue.title}")[0]
    assert f"Activity: {card.title}" in slide_text(first) and "Stage: Onboarding" in slide_text(first)
    tasks = slides_titled(deck, f"Playbook: {rescue.title} — task list")
    text = deck_text(tasks)
    assert "Owner role" in text and "days from the start of the activity" in text
    for task in rescue.tasks:
        assert task.title in text and task.owner in text and task.due in text
    emails = deck_text(slides_titled(deck, f"Playbook: {rescue.title} — emails"))
    for email in rescue.emails:
        assert email.name in emails and email.subject in emails
        assert all(squash(line) in emails for line in email.body.splitlines() if line.strip())


def test_a_task_with_only_days_reads_as_a_due_day(sample: Workspace, tmp_path: Path) -> None:
    playbook = Playbook(
        id="pb-days",
        title="Days only",
        stage_id="stage-adoption",
        tasks=(
            Task(id="t1", title="Before it", owner="AE", due_days=-14),
            Task(id="t2", title="After it", owner="CSM", due_days=3),
        ),
        emails=(EmailTemplate(id="e1", name="Nudge", subject="Hello {customer}", body="Line one\nLine two"),),
    )
    core = sample.core
    workspace = sample.model_copy(
        update={"core": core.model_copy(update={"playbooks": {**core.playbooks, "pb-days": playbook}})}
    )
    out = tmp_path / "days.pptx"
    export_deck(workspace, out)
    prs = Presentation(str(out))
    text = deck_text(slides_titled(prs, "Playbook: Days only — task list"))
    assert "T-14 days" in text and "Day 3" in text and "from the start of the stage" in text
    emails = deck_text(slides_titled(prs, "Playbook: Days only — emails"))
    assert "Line one" in emails and "Line two" in emails
    book = tmp_path / "days.xlsx"
    export_workbook(workspace, book)
    rows = list(openpyxl.load_workbook(book)["Core journey – Playbooks"].iter_rows(values_only=True))
    band = next(i for i, r in enumerate(rows) if r[1] == "Stage: Adoption")
    assert rows[band][2] == "Stage playbook"
    assert ("Before it", None, "AE", "T-14 days", -14) in [r[1:6] for r in rows[band:]]


@pytest.mark.parametrize("kind", ["pptx", "xlsx"])
def test_emails_never_reach_a_customer(sample: Workspace, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"customer.{kind}"
    if kind == "pptx":
        export_deck(sample, out, customer_view=True)
    else:
        export_workbook(sample, out, customer_view=True)
    with zipfile.ZipFile(out) as archive:
        text = unescape("\n".join(archive.read(p).decode("utf-8", "replace") for p in archive.namelist()))
    emails = [e for p in sample.core.playbooks.values() for e in p.emails]
    assert emails
    for email in emails:
        assert email.subject not in text and email.name not in text
        assert not any(line in text for line in email.body.splitlines() if len(line) > 20)
