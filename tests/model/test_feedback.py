"""Customers' answers brought back into the map (model/feedback.py): one undo step per import,
idempotent re-import, several customers side by side, resolving and undoing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap_designer.model.document import Document
from journeymap_designer.model.edits import CommandError
from journeymap_designer.model.elements import Verdict
from journeymap_designer.model.feedback import (
    Answer,
    answers_for,
    counts,
    customers,
    feedback_id,
    import_answers,
    resolve_feedback,
    summary,
)
from journeymap_designer.model.fileformat import dump_workspace, load_workspace, parse_workspace
from journeymap_designer.model.intents import perform
from journeymap_designer.model.summary import summarize
from journeymap_designer.starter import sample_path

CARD = "tp-acq-demo-request"
WHEN = "2025-03-01T10:00:00+00:00"


@pytest.fixture
def document() -> Document:
    return Document.open(sample_path())


def answers() -> list[Answer]:
    return [
        Answer(CARD, Verdict.CONFIRMED, "", "Requests a demo", 6),
        Answer(CARD, Verdict.NEEDS_CHANGE, "We call first", "Requests a demo", 7),
        Answer(None, Verdict.MISSING, "A security review", "Security review", 40),
    ]


def test_an_import_is_one_undo_step_and_undo_restores_the_file(document: Document) -> None:
    before = dump_workspace(document.workspace)
    intent = import_answers(document.workspace, answers(), "Acme", "acme.xlsx", WHEN)
    perform(document.history, intent)
    assert len(document.workspace.feedback) == 3
    assert len(document.history) == 1
    assert document.history.undo_name.startswith("Import 3 customer answers from Acme")
    added = document.workspace.feedback[intent.result or ""]
    assert (added.customer, added.source, added.answered_at) == ("Acme", "acme.xlsx", WHEN)
    document.history.undo()
    assert dump_workspace(document.workspace) == before
    document.history.redo()
    assert len(document.workspace.feedback) == 3


def test_importing_the_same_answers_again_adds_nothing(document: Document) -> None:
    perform(document.history, import_answers(document.workspace, answers(), "Acme", "a.xlsx", WHEN))
    saved = dump_workspace(document.workspace)
    again = import_answers(document.workspace, answers(), " acme ", "a (2).xlsx", "later")
    assert again.note == "0 answers added, 3 already imported"
    assert again.result is None
    perform(document.history, again)
    assert dump_workspace(document.workspace) == saved
    assert len(document.history) == 1  # no empty undo step


def test_answers_from_several_customers_are_kept_side_by_side(document: Document) -> None:
    ws = document.workspace
    perform(document.history, import_answers(ws, answers(), "Acme", "a.xlsx", WHEN))
    perform(document.history, import_answers(ws, answers(), "Globex", "g.xlsx", WHEN))
    assert len(ws.feedback) == 6
    assert customers(ws) == ["Acme", "Globex"]
    on_card = answers_for(ws, CARD)
    assert [f.customer for f in on_card].count("Globex") == 2
    assert counts(ws).by_customer == {"Acme": 3, "Globex": 3}
    assert summary(ws) == "2 confirmed, 2 need a change, 2 missing"


def test_a_repeated_row_in_one_file_is_kept_once(document: Document) -> None:
    twice = [*answers(), Answer(CARD, Verdict.CONFIRMED, " ", "Requests a demo", 9)]
    intent = import_answers(document.workspace, twice, "Acme", "a.xlsx", WHEN)
    assert intent.note == "3 answers added, 1 repeated in the file"


def test_the_same_card_answered_in_the_core_and_in_a_segment_is_two_answers(document: Document) -> None:
    both = [
        Answer(CARD, Verdict.CONFIRMED, "", "Requests a demo", 6),
        Answer(CARD, Verdict.CONFIRMED, "", "Requests a demo", 30, segment_id="seg-smb"),
    ]
    perform(document.history, import_answers(document.workspace, both, "Acme", "a.xlsx", WHEN))
    assert len(answers_for(document.workspace, CARD)) == 2
    assert len(answers_for(document.workspace, CARD, "seg-smb")) == 1


def test_resolving_an_answer_is_undoable_and_counted(document: Document) -> None:
    ws = document.workspace
    perform(document.history, import_answers(ws, answers(), "Acme", "a.xlsx", WHEN))
    fid = feedback_id("Acme", CARD, "", Verdict.NEEDS_CHANGE, "We call first", None)
    perform(document.history, resolve_feedback(ws, fid, resolution="Moved the call first"))
    assert ws.feedback[fid].resolved and ws.feedback[fid].resolution == "Moved the call first"
    assert summary(ws) == "1 confirmed, 1 needs a change, 1 missing, 1 resolved"
    assert document.history.undo_name == "Resolve answer on \u201cRequests a demo\u201d"
    document.history.undo()
    assert not ws.feedback[fid].resolved
    perform(document.history, resolve_feedback(ws, fid))
    perform(document.history, resolve_feedback(ws, fid, resolved=False))
    assert not ws.feedback[fid].resolved
    with pytest.raises(CommandError, match="no customer answer"):
        resolve_feedback(ws, "fb-nope")


def test_answers_survive_save_and_load_and_show_in_the_summary(document: Document, tmp_path) -> None:
    assert "Customer answers" not in summarize(document.workspace, with_findings=False)
    perform(document.history, import_answers(document.workspace, answers(), "Acme", "a.xlsx", WHEN))
    document.save(tmp_path / "m.journeymap")
    loaded = load_workspace(tmp_path / "m.journeymap")
    assert loaded.feedback == document.workspace.feedback
    text = summarize(loaded, with_findings=False)
    assert "Customer answers: 1 confirmed, 1 needs a change, 1 missing (from Acme)" in text


def test_overlong_text_is_clipped_to_what_the_model_holds(document: Document) -> None:
    long = [Answer(None, Verdict.MISSING, "x" * 200_000, "y" * 200_000, 5)]
    intent = import_answers(document.workspace, long, "c" * 5_000, "s" * 5_000, WHEN)
    perform(document.history, intent)
    added = document.workspace.feedback[intent.result or ""]
    assert len(added.comment) == 100_000 and len(added.customer) == 2_000


_verdicts = st.sampled_from(list(Verdict))
_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_answer = st.builds(
    Answer,
    element_id=st.one_of(st.none(), st.sampled_from([CARD, "tp-acq-webinar", "mot-x", "gone-id"])),
    verdict=_verdicts,
    comment=_text,
    step=_text,
    row=st.integers(1, 5_000),
    segment_id=st.one_of(st.none(), st.just("seg-smb")),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(_answer, max_size=25), customer=st.sampled_from(["Acme", "Globex", ""]))
def test_any_answers_reimport_adds_nothing_and_undo_restores_the_bytes(
    batch: list[Answer], customer: str
) -> None:
    document = Document.open(sample_path())
    before = dump_workspace(document.workspace)
    perform(document.history, import_answers(document.workspace, batch, customer, "f.xlsx", WHEN))
    after = dump_workspace(document.workspace)
    steps = len(document.history)
    assert steps == (1 if document.workspace.feedback else 0)
    perform(document.history, import_answers(document.workspace, batch, customer, "f.xlsx", WHEN))
    assert dump_workspace(document.workspace) == after
    assert len(document.history) == steps
    assert parse_workspace(after).feedback == document.workspace.feedback
    document.history.undo()
    assert dump_workspace(document.workspace) == before


def test_an_import_whose_id_is_taken_is_refused_whole(document: Document) -> None:
    ws = document.workspace
    before = dump_workspace(ws)
    intent = import_answers(ws, answers(), "Acme", "a.xlsx", WHEN)
    taken = intent.result or ""
    ws.core.touchpoints[taken] = ws.core.touchpoints[CARD].model_copy(update={"id": taken})  # a clash
    with pytest.raises(CommandError, match="already used"):
        perform(document.history, intent)
    del ws.core.touchpoints[taken]
    assert dump_workspace(ws) == before and len(document.history) == 0
