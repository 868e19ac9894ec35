"""No text from a file reaches the terminal raw: every command, every text field, every payload.

A hostile map is built by walking the bundled sample and appending one payload to every text a person
wrote (names, titles, descriptions, lists, lane, stage, persona, channel and segment names, segment
overrides, customers' answers, a merge conflict's values and labels), in a folder and a file whose
names carry the payload too. Every command is run on it, in its text and JSON forms and through its
error paths, and what reaches stdout and stderr is read with an oracle written independently of the
code (``unicodedata`` categories): no control, format, bidi or separator character, and no line of
output that a field's newline started.

Each command is run three ways: in this process as ``cli.main`` runs (the escaping where each field
is printed, plus the guard on the streams); with the guard switched off (so each path escapes on its
own, and the guard is only a backstop); and a few as real processes, reading the bytes written.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import journeymap_designer.cli as cli
from journeymap_designer.model.actuals import Actuals, save_actuals
from journeymap_designer.model.document import Document
from journeymap_designer.model.fileformat import save_workspace
from journeymap_designer.model.generate_actuals import AS_OF, actuals_csv, generate_accounts, milestones
from journeymap_designer.model.textsafety import visible, visible_json
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path

from ..git_history import git

ROOT = Path(__file__).resolve().parents[2]

# Each payload of the issue, NUL-free: CSI/SGR (7- and 8-bit), erase screen, OSC 0 (window title, BEL),
# OSC 8 (hyperlink, ST), OSC 52 (clipboard), CR, BS, bidi overrides and isolates, the Arabic letter
# mark, LRM/RLM, U+2028/2029, NEL, DEL, a zero-width space, a BOM, a tag character, TAB; and a newline
# followed by a word that must never start a line of output.
PAYLOAD = (
    "\x1b[31mred\x1b[0m\x1b[2J\x9b31m"
    "\x1b]0;retitled\x07"
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\"
    "\x1b]52;c;ZXZpbA==\x07"
    "\rOVER\x08\x08"
    "\u202eevil\u202c\u2066iso\u2069\u061c\u200e\u200f"
    "\u2028\u2029\u0085\x7f\u200b\ufeff\U000e0041\tTAB"
    "\nFORGED"
)
FOLDER_PAYLOAD = "\x1b]0;t\x07\u202e\u2028\x9b"  # a folder name: no newline, so git and paths stay usable
STRUCTURAL = {
    "id", "stage_id", "lane_id", "owner_id", "channel_id", "touchpoint_id", "moment_id", "flow_id",
    "source", "target", "kind", "side", "color", "verdict", "element_id", "segment_id", "format",
    "icon", "time_frame_from", "playbook_id", "where", "part", "customer_fields", "days_from",
}  # fmt: skip
KEEP = {"\n", "\u200c", "\u200d"}  # the output's own lines; the joiners that scripts and emoji need


def unsafe_in(text: str) -> list[str]:
    """Every character a terminal could act on, by Unicode category (not by the code's own list)."""
    return sorted(
        {
            f"U+{ord(c):04X}"
            for c in text
            if c not in KEEP and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs")
        }
    )


def forged_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.lstrip().startswith("FORGED")]


def _structural(key: str) -> bool:
    return key in STRUCTURAL or key.endswith(("_id", "_ids")) or key == "hidden"


def _hostile(value: Any, key: str = "") -> Any:
    """Every text a person wrote, with the payload; ``key`` is the field (an override's too)."""
    if isinstance(value, str):
        return value if _structural(key) else value + PAYLOAD
    if isinstance(value, list):
        return [_hostile(v, key) for v in value]
    if isinstance(value, dict):  # an id or an override's value/base: still the field above
        inherit = lambda k: key if "-" in k or k in ("value", "base") else k  # noqa: E731
        return {k: _hostile(v, inherit(k)) for k, v in value.items()}
    return value


def hostile_workspace() -> Workspace:
    """The sample with the payload in every text, customers' answers and a merge conflict."""
    data = Document.open(sample_path()).workspace.model_dump(mode="json")
    card = data["core"]["touchpoints"][0]["id"]
    segment = data["segments"][0]["id"]
    data["feedback"] = [
        {"id": "fb-1", "element_id": card, "verdict": "needs_change", "comment": "line one\nline two",
         "step": "s", "customer": "Ana", "source": "returned.xlsx", "answered_at": "2026-01-02",
         "resolved": True, "resolution": "done"},
        {"id": "fb-2", "verdict": "missing", "comment": "c", "step": "A step", "customer": "Bo",
         "segment_id": segment},
    ]  # fmt: skip
    data["merge_conflicts"] = [
        {"kind": "touchpoint", "element_id": card, "where": "core", "field": "title", "base": "b",
         "ours": "o", "theirs": "t", "ours_label": "main", "theirs_label": "feature"}
    ]  # fmt: skip
    hostile = _hostile(data)
    return Workspace.model_validate(hostile)


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    folder = tmp_path_factory.mktemp("hostile") / f"maps{FOLDER_PAYLOAD}"
    folder.mkdir()
    workspace = hostile_workspace()
    the_map = folder / f"map{FOLDER_PAYLOAD}.journeymap"
    save_workspace(workspace, the_map)
    # Accounts whose names, segments and owners carry the payload; one column nobody can match.
    accounts = generate_accounts(workspace, 40, seed=3)
    accounts = [replace(a, name=a.name + PAYLOAD, owner=a.owner + PAYLOAD) for a in accounts]
    text = actuals_csv(accounts, milestones(workspace.core), "id").splitlines()
    csv_text = "\n".join([text[0] + ',"Odd' + PAYLOAD.replace('"', "") + '"', *(t + "," for t in text[1:])])
    accounts_file = folder / f"accounts{FOLDER_PAYLOAD}.csv"
    accounts_file.write_text(csv_text + "\n", encoding="utf-8")
    save_actuals(Actuals(tuple(accounts), source="crm" + PAYLOAD), the_map)
    # A three-way merge with a conflict on a hostile title.
    base = folder / "base.journeymap"
    shutil.copy(the_map, base)
    sides = {}
    for side in ("ours", "theirs"):
        ws = hostile_workspace()
        tp = next(iter(ws.core.touchpoints.values()))
        ws.core.touchpoints[tp.id] = tp.model_copy(update={"title": f"{side}{PAYLOAD}"})
        sides[side] = folder / f"{side}.journeymap"
        save_workspace(ws, sides[side])
    # Git history: the map committed twice, the second time with a hostile commit message.
    repo = folder / "repo"
    repo.mkdir()
    versioned = repo / "v.journeymap"
    shutil.copy(sample_path(), versioned)
    git(repo, "init", "-q")
    git(repo, "add", "v.journeymap")
    git(repo, "commit", "-q", "-m", "first" + PAYLOAD.replace("\n", " "))
    shutil.copy(the_map, versioned)
    git(repo, "commit", "-q", "-am", "second" + PAYLOAD.replace("\n", " "), date=1)
    # Files the loader refuses, quoting what they hold.
    bad_key = folder / "badkey.journeymap"
    bad_key.write_text(the_map.read_text(encoding="utf-8").replace('"name"', '"na\\u001b]0;x\\u0007me"', 1))
    bad_value = folder / "badvalue.journeymap"
    bad_value.write_text(
        the_map.read_text(encoding="utf-8").replace(
            '"schema_version": ', '"schema_version": "\\u202e9\\u001b[2J", "x": ', 1
        )
    )
    yield {"map": the_map, "folder": folder, "accounts": accounts_file, "base": base, **sides,
           "versioned": versioned, "bad_key": bad_key, "bad_value": bad_value}  # fmt: skip


def commands(p: dict[str, Path]) -> list[list[str]]:
    """Every command, in its forms, on the hostile files (a fresh copy for those that write)."""
    m, f = str(p["map"]), p["folder"]
    ws = hostile_workspace()
    seg = next(iter(ws.segments))
    other = list(ws.segments)[1]
    persona, channel = next(iter(ws.personas)), next(iter(ws.channels))
    day = ["--as-of", AS_OF.isoformat()]
    return [
        ["validate", m], ["validate", m, "--format", "json"], ["validate", m, "--segment", seg],
        ["validate", m, "--segment", "nope" + PAYLOAD],
        ["info", m],
        ["diff", m, "--segment", seg], ["diff", m, "--segment", seg, "--format", "json"],
        ["diff", m, "--segment", seg, "--against", other], ["diff", m, "--against", str(p["ours"])],
        ["diff", m, "--against", str(p["ours"]), "--format", "json"],
        ["diff", str(p["versioned"]), "--against", "HEAD~1"],
        ["diff", str(p["versioned"]), "--against", "HEAD~1", "--format", "json"],
        ["diff", m, "--against", "no-such-rev" + PAYLOAD],
        ["export", m, "--xlsx", str(f / "out.xlsx"), *day],
        ["export", m, "--pptx", str(f / "out.pptx"), *day],
        ["export", m, "--xlsx", str(f / "c.xlsx"), "--customer-view", "--segment", seg],
        ["export", m, "--tasks", str(f / "tasks.csv"), "--emails", str(f / "mails")],
        ["export", m, "--xlsx", str(f / "x.xlsx"), "--segment", "nope" + PAYLOAD],
        ["export", m, "--pptx", str(f / "y.pptx"), "--template", str(p["accounts"])],
        ["fmt", m, "--check"], ["fmt", "COPY"],
        ["persona", "list", m], ["channel", "list", m],
        ["persona", "add", "COPY", "New" + PAYLOAD, "--role", "r" + PAYLOAD],
        ["persona", "edit", "COPY", persona, "--description", "d" + PAYLOAD],
        ["channel", "add", "COPY", "Chan" + PAYLOAD],
        ["channel", "edit", "COPY", channel, "--name", "C" + PAYLOAD],
        ["persona", "assign", "COPY", persona, "--segment", seg],
        ["persona", "edit", "COPY", "nope" + PAYLOAD, "--role", "x"],
        ["properties", m], ["properties", "COPY", "--name", "N" + PAYLOAD],
        ["feedback", "list", m], ["feedback", "list", m, "--format", "json"],
        ["feedback", "resolve", "COPY", "fb-2", "--resolution", "r" + PAYLOAD],
        ["funnel", m, *day], ["funnel", m, *day, "--format", "json"], ["funnel", m, *day, "--stuck"],
        ["funnel", m, *day, "--actuals", str(p["accounts"])],
        ["funnel", m, *day, "--actuals", str(p["accounts"]), "--format", "json"],
        ["actuals", "import", "COPY", str(p["accounts"])],
        ["merge", str(p["base"]), str(p["ours"]), str(p["theirs"]), "-o", str(f / "merged.journeymap")],
        ["textconv", m], ["textconv", str(p["bad_key"])],
        ["render", m, str(f / "out.png"), "--segment", seg], ["render", m, str(f / "out.gif")],
        ["validate", str(p["bad_key"])], ["validate", str(p["bad_value"])],
        ["info", str(f / ("gone" + PAYLOAD))],
        ["validate", m, "--format", "x" + PAYLOAD],
    ]  # fmt: skip


def _argv(argv: list[str], p: dict[str, Path], number: int) -> list[str]:
    if "COPY" not in argv:
        return argv
    copy = p["folder"] / f"copy{number}{FOLDER_PAYLOAD}.journeymap"
    shutil.copy(p["map"], copy)
    return [str(copy) if a == "COPY" else a for a in argv]


def _check(argv: list[str], code: int, out: str, err: str) -> None:
    shown = " ".join(visible(a) for a in argv)
    assert code in (0, 1, 2), f"{shown}: exit {code}: {visible(err)}"
    assert not unsafe_in(out), f"{shown}: raw on stdout: {unsafe_in(out)}"
    assert not unsafe_in(err), f"{shown}: raw on stderr: {unsafe_in(err)}"
    assert not forged_lines(out + "\n" + err), f"{shown}: a field's newline started a line"
    assert "Traceback" not in err and "internal error" not in err, f"{shown}: {visible(err)}"
    if "--format" in argv and argv[argv.index("--format") + 1] == "json" and code != 2:
        json.loads(out)  # still JSON, and the same values: checked in test_json_keeps_the_values


def _run_all(p: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    seen = []
    for number, argv in enumerate(commands(p)):
        argv = _argv(argv, p, number)
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse's usage errors leave main this way, as on the command line
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        _check(argv, code, out, err)
        seen.append((out, err))
    return seen


def test_every_command_escapes_every_payload(
    place: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    seen = _run_all(place, capsys)
    # The test sees the payload: each command printed some of it, escaped.
    for (out, err), argv in zip(seen, commands(place), strict=True):
        assert "\\x1b" in out + err or "\\u202e" in out + err or "\\u001b" in out + err, argv


def test_every_path_escapes_on_its_own_without_the_guard(
    place: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "guarded_output", contextlib.nullcontext)
    _run_all(place, capsys)


def test_json_keeps_the_values(place: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Escaped JSON parses to the very texts the map holds."""
    assert cli.main(["feedback", "list", str(place["map"]), "--format", "json"]) == 0
    answers = json.loads(capsys.readouterr().out)["answers"]
    assert {a["customer"] for a in answers} == {"Ana" + PAYLOAD, "Bo" + PAYLOAD}
    cli.main(["diff", str(place["map"]), "--against", str(place["ours"]), "--format", "json"])
    differences = json.loads(capsys.readouterr().out)["differences"]
    assert any(d["title"].endswith(PAYLOAD) for d in differences)


def test_a_customers_comment_keeps_its_lines_quoted(
    place: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["feedback", "list", str(place["map"])]) == 0
    out = capsys.readouterr().out
    assert "> line one\n" in out and "> line two\\x1b[31mred" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "MAP"], ["info", "MAP"], ["diff", "MAP", "--against", "OURS", "--format", "json"],
        ["feedback", "list", "MAP"], ["textconv", "MAP"], ["validate", "BAD"],
        ["merge", "BASE", "OURS", "THEIRS", "-o", "OUT"],
    ],
)  # fmt: skip
def test_a_real_process_writes_no_raw_byte(place: dict[str, Path], argv: list[str]) -> None:
    names = {"MAP": place["map"], "OURS": place["ours"], "THEIRS": place["theirs"], "BASE": place["base"],
             "BAD": place["bad_value"], "OUT": place["folder"] / "merged2.journeymap"}  # fmt: skip
    real = [str(names.get(a, a)) for a in argv]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "journeymap_designer.cli", *real], capture_output=True, env=env, timeout=300
    )
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")  # strict: valid UTF-8
    _check(real, done.returncode, out, err)
    assert b"\x1b" not in done.stdout + done.stderr and b"\xe2\x80\xae" not in done.stdout + done.stderr


# The escaping function itself, against Unicode's own categories.
def every_unsafe() -> list[str]:
    return [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp", "Cs")]


def test_visible_escapes_every_control_format_and_separator_character() -> None:
    for char in every_unsafe():
        if char in ("\u200c", "\u200d"):
            assert visible(char) == char
            continue
        shown = visible(char)
        assert shown != char and shown.startswith("\\") and not unsafe_in(shown), f"U+{ord(char):04X}"
        assert visible(shown) == shown  # escaping twice changes nothing
    assert visible("a\nb", keep_newlines=True) == "a\nb" and visible("a\nb") == "a\\nb"
    assert visible("plain “text” → ünïcode 🙂") == "plain “text” → ünïcode 🙂"


def test_visible_json_escapes_the_same_set_and_parses_to_the_same_text() -> None:
    text = "".join(c for c in every_unsafe() if unicodedata.category(c) != "Cs") + "end"
    dumped = visible_json(json.dumps({"k": text, "list": [text]}, indent=2, ensure_ascii=False))
    assert not unsafe_in(dumped) and json.loads(dumped) == {"k": text, "list": [text]}
    assert visible_json(json.dumps("\ud800", ensure_ascii=False)) == '"\\ud800"'
