"""The .journeymap format: canonical bytes, atomic saves, and one clear error for every bad file."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from journeymap_designer.model import fileformat
from journeymap_designer.model.commands import UpdateElement
from journeymap_designer.model.elements import PLAYBOOK_FIELDS
from journeymap_designer.model.fileformat import (
    DocumentError,
    dump_workspace,
    json_schema,
    load_workspace,
    migrate,
    parse_workspace,
    save_workspace,
)
from journeymap_designer.model.history import History
from journeymap_designer.model.workspace import Workspace


def test_same_document_gives_byte_identical_file(small_workspace: Workspace, tmp_path: Path) -> None:
    first, second = tmp_path / "a.journeymap", tmp_path / "b.journeymap"
    save_workspace(small_workspace, first)
    save_workspace(load_workspace(first), second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().endswith(b"\n")


def test_ids_survive_save_load_and_copy(small_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "w.journeymap"
    save_workspace(small_workspace, path)
    loaded = load_workspace(path)
    copied = loaded.model_copy(deep=True)
    assert loaded.all_ids() == small_workspace.all_ids() == copied.all_ids()
    assert loaded.model_dump() == small_workspace.model_dump()


def test_a_small_edit_gives_a_small_text_diff(small_workspace: Workspace) -> None:
    before = dump_workspace(small_workspace).decode().splitlines()
    touchpoint = next(iter(small_workspace.core.touchpoints.values()))
    History(small_workspace).push(UpdateElement("touchpoint", touchpoint.id, {"title": "Renamed card"}))
    after = dump_workspace(small_workspace).decode().splitlines()
    changed = [line for line in difflib.unified_diff(before, after, n=0) if line[:1] in "+-"]
    assert len(changed) == 4  # the ---/+++ header and one line out, one line in
    assert any("Renamed card" in line for line in changed)


def test_file_is_utf8_json_with_schema_version(small_workspace: Workspace, tmp_path: Path) -> None:
    small_workspace.name = "Café ☕ journey"
    path = tmp_path / "w.journeymap"
    save_workspace(small_workspace, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "journeymap" and data["schema_version"] == 4
    assert "Café ☕ journey".encode() in path.read_bytes()


def test_save_is_atomic_when_the_replace_fails(
    small_workspace: Workspace, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "w.journeymap"
    path.write_bytes(b"old content")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(DocumentError, match="No space left on device"):
        save_workspace(small_workspace, path)
    assert path.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.journeymap"]


def test_save_keeps_file_permissions_and_cleans_stray_temp_files(
    small_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "w.journeymap"
    save_workspace(small_workspace, path)
    path.chmod(0o640)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stray = tmp_path / f".w.journeymap.{dead.pid}.abc123.tmp"
    stray.write_bytes(b"half a save from a crash")
    live = tmp_path / f".w.journeymap.{os.getppid()}.abc123.tmp"  # a running process is still writing it
    live.write_bytes(b"another save in progress")
    unrelated = tmp_path / ".other.journeymap.1.abc.tmp"
    unrelated.write_bytes(b"not ours")
    save_workspace(small_workspace, path)
    assert not stray.exists() and live.exists() and unrelated.exists()
    assert path.stat().st_mode & 0o777 == 0o640


def test_saving_through_a_symlink_keeps_the_link(small_workspace: Workspace, tmp_path: Path) -> None:
    real = tmp_path / "real.journeymap"
    real.write_bytes(b"old")
    link = tmp_path / "link.journeymap"
    link.symlink_to(real)
    save_workspace(small_workspace, link)
    assert link.is_symlink() and load_workspace(real).model_dump() == small_workspace.model_dump()


def test_save_to_missing_folder_is_a_clear_error(small_workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot be saved"):
        save_workspace(small_workspace, tmp_path / "nope" / "w.journeymap")


def _minimal(**extra: object) -> bytes:
    return json.dumps({"format": "journeymap", "schema_version": 1, **extra}).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (b"{not json", "not valid JSON: .* at line 1, column 2"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2]", "top level is a JSON list"),
        (b'{"hello": 1}', 'not a journey map: "format"'),
        (b'{"format": "journeymap"}', "no valid schema_version"),
        (_minimal(schema_version=7), "newer version .*schema_version 7.*not changed"),
        (
            _minimal(
                core={
                    "touchpoints": [{"id": "t", "title": "x", "stage_id": "s", "lane_id": "l", "emotion": 9}]
                }
            ),
            r"bad value at core\.touchpoints\.t\.emotion: .*less than or equal to 2 \(got 9\)",
        ),
        (
            _minimal(core={"stages": [{"id": "s", "name": "A", "colour": "red"}]}),
            r"unknown field at core\.stages\.s\.colour",
        ),
        (_minimal(core={"stages": [{"name": "A"}]}), r"missing field at core\.stages\.#0\.id"),
        (_minimal(core={"stages": [{"id": "s", "name": "A"}, {"id": "s", "name": "B"}]}), "duplicate id 's'"),
        (
            _minimal(core={"stages": [{"id": "x", "name": "A"}], "lanes": [{"id": "x", "name": "B"}]}),
            "ids must be unique in a workspace; used more than once: x",
        ),
        (
            b'{"format": "journeymap", "schema_version": 1, "core": {"moments": [{"id": "m", "title": "t", '
            b'"stage_id": "s", "success_criteria": {"kpis": [{"name": "k", "minimum": NaN}]}}]}}',
            "NaN is not a valid number",
        ),
        (
            _minimal(
                segments=[
                    {
                        "id": "g",
                        "name": "E",
                        "changed": {"touchpoints": {"t": {"emotion": {"value": 5, "base": 0}}}},
                    }
                ]
            ),
            r"segments\.g\.changed: touchpoints\.t\.emotion: .*less than or equal to 2",
        ),
        (
            _minimal(
                segments=[
                    {
                        "id": "g",
                        "name": "E",
                        "changed": {"touchpoints": {"t": {"colour": {"value": 5, "base": 0}}}},
                    }
                ]
            ),
            "touchpoints have no field 'colour'",
        ),
        (
            b'{"format": "journeymap", "schema_version": 1, "name": "a", "name": "b"}',
            "key 'name' appears twice",
        ),
        (
            b'{"format": "journeymap", "schema_version": 1, "core": {"moments": [{"id": "m", "title": "t", '
            b'"stage_id": "s", "success_criteria": {"kpis": [{"name": "k", "minimum": 1e400}]}}]}}',
            "finite number",
        ),
        (
            _minimal(core={"stages": [{"id": "s\nFAKE: second line", "name": "A", "c\u001b[31m": 1}]}),
            "bad value|unknown field",
        ),
        (
            _minimal(segments=[{"id": "g", "name": "E", "changed": {"touchpoints": {"": {}}}}]),
            "String should match pattern",
        ),
        (_minimal(segments=[1, 2]), "segments"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON|nested too deeply"),
    ],
)
def test_bad_files_give_one_clear_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.journeymap"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        load_workspace(path)
    text = str(caught.value)
    assert text.startswith(str(path) + ": ")
    assert "\n" not in text and "Traceback" not in text
    assert re.search(message, text), text
    assert path.read_bytes() == content  # loading never touches the file


def test_too_large_and_unreadable_files(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.journeymap"
    path.write_bytes(_minimal())
    monkeypatch.setattr(fileformat, "MAX_FILE_BYTES", 10)
    with pytest.raises(DocumentError, match="too large"):
        load_workspace(path)
    with pytest.raises(DocumentError, match="too large"):
        parse_workspace(b" " * 11 + b"{}", "x")
    monkeypatch.undo()
    with pytest.raises(DocumentError, match="no such file"):
        load_workspace(tmp_path / "missing.journeymap")
    with pytest.raises(DocumentError, match="is a folder"):
        load_workspace(tmp_path)
    with pytest.raises(DocumentError, match="not a regular file"):
        load_workspace("/dev/zero")
    fifo = tmp_path / "pipe.journeymap"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match="not a regular file"):
        load_workspace(fifo)


def test_migration_hook_runs_each_step_in_order(monkeypatch) -> None:
    monkeypatch.setattr(fileformat, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(
        fileformat,
        "MIGRATIONS",
        {
            1: lambda d: {**d, "steps": [*d.get("steps", []), 1]},
            2: lambda d: {**d, "steps": [*d["steps"], 2]},
        },
    )
    migrated = migrate({"format": "journeymap", "schema_version": 1})
    assert migrated["schema_version"] == 3 and migrated["steps"] == [1, 2]
    monkeypatch.setattr(fileformat, "MIGRATIONS", {})
    with pytest.raises(DocumentError, match="no migration from schema_version 1 to 2"):
        migrate({"format": "journeymap", "schema_version": 1})


def test_json_schema_describes_the_file() -> None:
    schema = json_schema()
    assert schema["properties"]["schema_version"]["const"] == 4
    core = schema["$defs"]["Journey"]["properties"]
    assert core["touchpoints"]["type"] == "array"
    assert set(schema["$defs"]["Playbook"]["properties"]) >= set(PLAYBOOK_FIELDS)
    assert schema["$defs"]["SegmentChanges"]["properties"]["touchpoints"]["type"] == "object"


SCHEMA_4_KEYS = {"target_conversion", "time_frame_days", "time_frame_from", "stuck_rule", "duration_days"}
SCHEMA_4_KEYS |= {"due_days", "emails", "touchpoint_id"}


def schema_3_view(value: Any, parent: str = "") -> Any:
    """A document as schema 3 held it: without the keys schema 4 added (a moment's and a flow's
    ``touchpoint_id`` were there before; a playbook's is new)."""
    if isinstance(value, list):
        return [schema_3_view(v, parent) for v in value]
    if not isinstance(value, dict):
        return value
    new = SCHEMA_4_KEYS if parent == "playbooks" else SCHEMA_4_KEYS - {"touchpoint_id"}
    return {k: schema_3_view(v, k) for k, v in value.items() if k not in new}


def test_a_schema_1_map_opens_as_the_current_schema_with_nothing_lost(tmp_path) -> None:
    """The real migrations: a schema 1 file (the sample as it was) opens, and saves as the current
    schema with empty customer answers, opt-ins and merge conflicts, every element kept."""
    from journeymap_designer.model.document import Document
    from journeymap_designer.starter import sample_path

    current = json.loads(sample_path().read_text(encoding="utf-8"))
    old = {k: v for k, v in current.items() if k not in ("customer_fields", "feedback", "merge_conflicts")}
    old = schema_3_view(old)
    old["schema_version"] = 1
    path = tmp_path / "old.journeymap"
    path.write_text(json.dumps(old), encoding="utf-8")
    document = Document.open(path)
    assert document.workspace.schema_version == 4
    assert document.workspace.feedback == {} and document.workspace.customer_fields == ()
    assert document.workspace.merge_conflicts == ()
    document.save(tmp_path / "new.journeymap")
    saved = json.loads((tmp_path / "new.journeymap").read_text(encoding="utf-8"))
    assert schema_3_view(saved) == schema_3_view(current)


def test_a_schema_3_map_gets_days_from_its_texts_and_nothing_else(tmp_path) -> None:
    """Migration 3 -> 4: days are read from plain texts (a stage's duration, a task's due, also in a
    segment's override of a task list, value and base alike); no target, rule or email appears."""
    from journeymap_designer.model.days import due_days, duration_days
    from journeymap_designer.starter import sample_path

    old = schema_3_view(json.loads(sample_path().read_bytes()))
    old["schema_version"] = 3
    path = tmp_path / "old.journeymap"
    path.write_text(json.dumps(old), encoding="utf-8")
    workspace = load_workspace(path)
    stages = workspace.core.stages.values()
    assert {s.id: s.duration_days for s in stages} == {
        s.id: duration_days(s.typical_duration) for s in stages
    }
    assert workspace.core.stages["stage-acquisition"].duration_days == 42  # "2-6 weeks"
    tasks = [t for p in workspace.core.playbooks.values() for t in p.tasks]
    assert all(t.due_days == due_days(t.due) for t in tasks)
    assert {(t.due, t.due_days) for t in tasks} >= {("Day 45", 45), ("T-120 days", -120)}
    assert all(m.target_conversion is None and m.stuck_rule is None for m in workspace.core.moments.values())
    assert all(not p.emails and p.touchpoint_id is None for p in workspace.core.playbooks.values())
    changed = [per for seg in workspace.segments.values() for per in seg.changed.playbooks.values()]
    overrides = [per["tasks"] for per in changed if "tasks" in per]
    assert overrides and all(t.due_days == due_days(t.due) for o in overrides for t in (*o.value, *o.base))
    core_tasks = {p.id: p.tasks for p in workspace.core.playbooks.values()}
    for seg in workspace.segments.values():
        for playbook_id, per in seg.changed.playbooks.items():
            if "tasks" in per:  # an override made against the core still matches the core
                assert tuple(per["tasks"].base) == core_tasks[playbook_id]


def test_customer_fields_accept_only_the_opt_ins() -> None:
    from journeymap_designer.model.workspace import Workspace

    shown = ("touchpoint.pain_points",)
    assert Workspace(customer_fields=shown).customer_fields == shown
    with pytest.raises(ValueError, match="cannot be shown to customers"):
        Workspace(customer_fields=("touchpoint.notes",))


def test_a_schema_2_map_opens_without_merge_conflicts(tmp_path) -> None:
    """Migration 2 -> 3 (and on): a schema 2 file (the sample as it was) loads with no merge conflicts."""
    from journeymap_designer.starter import sample_path

    old = schema_3_view(
        {k: v for k, v in json.loads(sample_path().read_bytes()).items() if k != "merge_conflicts"}
    )
    old["schema_version"] = 2
    migrated = migrate(json.loads(json.dumps(old)))
    assert migrated["schema_version"] == 4 and "merge_conflicts" not in migrated
    path = tmp_path / "old.journeymap"
    path.write_text(json.dumps(old), encoding="utf-8")
    workspace = load_workspace(path)
    assert workspace.merge_conflicts == ()


def test_merge_conflicts_are_kept_sorted_and_one_per_place() -> None:
    from journeymap_designer.model.elements import MergeConflict
    from journeymap_designer.model.workspace import Workspace

    late = MergeConflict(kind="touchpoint", element_id="tp-b", where="core", field="title")
    early = MergeConflict(kind="touchpoint", element_id="tp-a", where="core", field="title", ours="x")
    assert Workspace(merge_conflicts=(late, early)).merge_conflicts == (early, late)
    with pytest.raises(ValueError, match="two merge conflicts for the same place"):
        Workspace(merge_conflicts=(late, late.model_copy(update={"ours": "y"})))
    with pytest.raises(ValueError):
        MergeConflict(kind="touchpoint", element_id="tp-a", where="elsewhere")  # type: ignore[arg-type]
