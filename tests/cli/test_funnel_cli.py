"""`journeymap funnel`, `journeymap actuals import` and `journeymap export --tasks/--emails/--actuals`:
the numbers the plain computation gives, bad rows on stderr with their lines, one line and exit 2 for
what cannot be used, file text made safe for the terminal, plan files read back."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from journeymap_designer.cli import main
from journeymap_designer.model.actuals import load_actuals
from journeymap_designer.model.commands import UpdateElement
from journeymap_designer.model.fileformat import load_workspace, save_workspace
from journeymap_designer.model.funnel_report import days_text, percent_text
from journeymap_designer.model.generate_actuals import AS_OF
from journeymap_designer.starter import sample_path

from ..model.funnel_oracle import COUNT, MILESTONES, expected_steps, expected_stuck, sample_csv


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, list[Any]]:
    map_file = tmp_path / "map.journeymap"
    shutil.copy(sample_path(), map_file)
    _, accounts = sample_csv(tmp_path / "accounts.csv")
    return map_file, tmp_path / "accounts.csv", accounts


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_funnel_json_and_text_show_the_plain_computations_numbers(
    files: tuple[Path, Path, list[Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    map_file, accounts_file, accounts = files
    base = ["funnel", str(map_file), "--actuals", str(accounts_file), "--as-of", AS_OF.isoformat()]
    code, out, err = _run(capsys, *base, "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    core = data["funnels"][0]
    assert core["journey"] == "Core journey" and core["accounts"] == COUNT
    want = expected_steps(accounts)
    assert [s["milestone_id"] for s in core["steps"]] == list(MILESTONES)
    for step, expected in zip(core["steps"], want, strict=True):
        assert (step["reached"], step["previous"], step["churned"]) == (
            expected.reached,
            expected.previous,
            expected.churned,
        )
        assert step["conversion"] == pytest.approx(expected.conversion, abs=1e-4)
        assert step["median_days"] == pytest.approx(expected.median, abs=1e-4)
        assert step["p90_days"] == pytest.approx(expected.p90, abs=1e-4)
    assert {s["account_id"] for s in data["stuck"]} == expected_stuck(accounts)
    assert [f["journey"] for f in data["funnels"]] == ["Core journey", "Enterprise", "SMB", "Education"]

    code, out, err = _run(capsys, *base)
    assert (code, err) == (0, "")
    table = out.split("\n\n")[1].splitlines()  # the core's table
    before = core["churned_before_first"]
    assert table[0] == f"Core journey: {COUNT} accounts, {before} churned before the first milestone"
    for line, expected in zip(table[2:6], want, strict=True):
        cells = line.split()
        assert str(expected.reached) in cells and percent_text(expected.conversion).split()[0] in cells
        assert days_text(expected.median).split()[0] in cells
    assert (
        f"{len(data['stuck'])} accounts are stuck past their milestone's rule: list them with --stuck" in out
    )


def test_stuck_lists_exactly_the_accounts_past_their_rule(
    files: tuple[Path, Path, list[Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    map_file, accounts_file, accounts = files
    for as_of in (AS_OF, date(2025, 12, 1)):
        code, out, _ = _run(
            capsys,
            "funnel",
            str(map_file),
            "--actuals",
            str(accounts_file),
            "--as-of",
            as_of.isoformat(),
            "--stuck",
        )
        lines = out.splitlines()
        expected = expected_stuck(accounts, as_of)
        assert code == 0 and lines[0] == f"{len(expected)} accounts stuck as of {as_of.isoformat()}"
        assert {line.split()[0] for line in lines[2:]} == expected
        assert len(lines) == 2 + len(expected)
    kickoff = next(line for line in lines[2:] if "Kickoff complete" in line)
    assert "Call the sponsor" in kickoff and "(playbook: Kickoff and success plan)" in kickoff


def test_one_segment_only(files: tuple[Path, Path, list[Any]], capsys: pytest.CaptureFixture[str]) -> None:
    map_file, accounts_file, accounts = files
    args = ["funnel", str(map_file), "--actuals", str(accounts_file), "--segment", "SMB", "--format", "json"]
    code, out, _ = _run(capsys, *args, "--as-of", AS_OF.isoformat())
    data = json.loads(out)
    smb = [a for a in accounts if a.segment == "SMB"]
    assert code == 0 and [f["journey"] for f in data["funnels"]] == ["SMB"]
    assert [s["reached"] for s in data["funnels"][0]["steps"]] == [s.reached for s in expected_steps(smb)]
    assert {s["account_id"] for s in data["stuck"]} == expected_stuck(smb)
    code, _, err = _run(capsys, "funnel", str(map_file), "--actuals", str(accounts_file), "--segment", "Gov")
    assert code == 2 and "no segment named 'Gov' (segments: Enterprise, SMB, Education)" in err


def test_actuals_import_keeps_them_beside_the_map(
    files: tuple[Path, Path, list[Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    map_file, accounts_file, _ = files
    code, _, err = _run(capsys, "funnel", str(map_file))
    assert code == 2 and err.count("\n") == 1
    assert "no actuals beside it (map.actuals.json): give --actuals" in err
    before = map_file.read_bytes()
    code, out, err = _run(capsys, "actuals", "import", str(map_file), str(accounts_file))
    assert code == 0 and err == ""
    assert (
        "Adopted: weekly active usage" in out
        and "-> milestone \u201cAdopted: weekly active usage\u201d" in out
    )
    assert f"{COUNT} accounts from accounts.csv" in out
    assert map_file.read_bytes() == before  # the map itself is untouched
    kept = load_actuals(map_file)
    assert kept is not None and len(kept.accounts) == COUNT
    code, out, _ = _run(capsys, "funnel", str(map_file), "--as-of", AS_OF.isoformat(), "--format", "json")
    direct = _run(
        capsys,
        "funnel",
        str(map_file),
        "--actuals",
        str(accounts_file),
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
    )
    strip = lambda d: {k: v for k, v in json.loads(d).items() if k != "imported_at"}  # noqa: E731
    assert code == 0 and strip(out) == strip(direct[1])


def test_bad_rows_go_to_stderr_with_their_lines_and_good_rows_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    map_file = tmp_path / "map.journeymap"
    shutil.copy(sample_path(), map_file)
    rows = ["Account,Customer,CSM,Kickoff done,mot-adopted"]
    rows += ["A1,\x1b[31mRed\x1b[0m Corp,\u202eevil,2026-01-01,2026-01-02"]
    rows += [f"B{i},Bad,,2026-01-01,31/01/2026" for i in range(25)]
    rows += [",No id,,,"]
    path = tmp_path / "accounts.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    args = ["funnel", str(map_file), "--actuals", str(path), "--as-of", "2026-06-30"]
    code, _, err = _run(capsys, *args)
    assert code == 0 and "accounts.csv: columns not used: \u201cKickoff done\u201d" in err
    code, out, err = _run(capsys, *args, "--map", "Kickoff done=mot-kickoff-complete", "--stuck")
    assert code == 0 and "columns not used" not in err
    assert "accounts.csv: no column for milestones: mot-first-value, mot-renewed-expanded" in err
    lines = [line for line in err.splitlines() if "line" in line or "more" in line]
    assert lines[0].startswith("accounts.csv: line 3: column 'mot-adopted': '31/01/2026' could be day/month")
    assert len(lines) == 21 and lines[-1] == "accounts.csv: 6 more problems not shown"
    assert "\x1b" not in out and "\u202e" not in out
    assert "A1 \\x1b[31mRed\\x1b[0m Corp" in out and "\\u202eevil" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4", "accounts.csv: not a CSV or Excel file of accounts (it is a PDF)"),
        (b"Account,Notes\nA,x\n", "no column is a success milestone of this map"),
        (b"Account,mot-adopted\n,2026-01-01\n", "accounts.csv: no usable account rows (1 problems)"),
        (b"Who,mot-adopted\nA,2026-01-01\n", "no account id column"),
    ],
)
def test_unusable_files_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    map_file = tmp_path / "map.journeymap"
    shutil.copy(sample_path(), map_file)
    (tmp_path / "accounts.csv").write_bytes(content)
    code, out, err = _run(capsys, "funnel", str(map_file), "--actuals", str(tmp_path / "accounts.csv"))
    assert code == 2 and out == "" and message in err.splitlines()[-1]


def test_bad_arguments(files: tuple[Path, Path, list[Any]], capsys: pytest.CaptureFixture[str]) -> None:
    map_file, accounts_file, _ = files
    with pytest.raises(SystemExit) as caught:
        main(["funnel", str(map_file), "--as-of", "30/06/2026"])
    assert caught.value.code == 2 and "is not a date like" in capsys.readouterr().err
    code, _, err = _run(capsys, "funnel", str(map_file), "--actuals", str(accounts_file), "--map", "nothing")
    assert code == 2 and "--map 'nothing': give HEADER=MILESTONE" in err
    code, _, err = _run(capsys, "funnel", str(map_file), "--map", "A=mot-adopted")
    assert code == 2 and "--map applies to the file --actuals names" in err
    code, _, err = _run(capsys, "export", str(map_file))
    assert code == 2 and "give --xlsx OUT, --pptx OUT, --tasks OUT.csv or --emails DIR" in err


def test_export_tasks_writes_one_row_per_task_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = load_workspace(sample_path())
    playbook = workspace.core.playbooks["pb-data-rescue"]
    task = playbook.tasks[0].model_copy(update={"title": '=HYPERLINK("http://evil","x")', "owner": "@CSM"})
    UpdateElement("playbook", playbook.id, {"tasks": (task, *playbook.tasks[1:])}).apply(workspace)
    map_file = tmp_path / "map.journeymap"
    save_workspace(workspace, map_file)
    out_file = tmp_path / "tasks.csv"
    code, out, _ = _run(capsys, "export", str(map_file), "--tasks", str(out_file))
    total = sum(len(p.tasks) for p in workspace.core.playbooks.values())
    assert code == 0 and out == f"wrote {out_file}: {total} tasks\n"
    raw = out_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == total
    rescue = [r for r in rows if r["Playbook"] == "Data connection rescue"]
    assert [(r["Activity"], r["Due (days)"], r["Due from"], r["Stage"]) for r in rescue] == [
        ("Connects the first data source", "0", "activity", "Onboarding"),
        ("Connects the first data source", "2", "activity", "Onboarding"),
        ("Connects the first data source", "5", "activity", "Onboarding"),
    ]
    assert rescue[0]["Task"] == '\'=HYPERLINK("http://evil","x")' and rescue[0]["Owner role"] == "'@CSM"
    renewal = [r for r in rows if r["Milestone"] == "Renewed and expanded"]
    assert renewal[0]["Due (days)"] == "-120" and renewal[0]["Due text"] == "T-120 days"  # a number, unquoted
    orders = [int(r["Stage order"]) for r in rows]
    assert orders == sorted(orders)


def test_export_emails_writes_drafts_with_placeholders_filled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "drafts"
    code, out, _ = _run(capsys, "export", str(sample_path()), "--emails", str(folder), "--csm", "Ana Souza")
    assert code == 0 and out == f"wrote 3 email drafts in {folder}\n"
    names = sorted(p.name for p in folder.iterdir())
    assert "pb-data-rescue--email-rescue-checklist.eml" in names and len(names) == 3
    message = email.message_from_bytes(
        (folder / "pb-data-rescue--email-rescue-checklist.eml").read_bytes(), policy=email.policy.default
    )
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "Connecting {customer}'s data: a 10-minute checklist"  # {customer} waits
    body = message.get_content()  # type: ignore[attr-defined]
    assert "Connects the first data source" in body and "Ana Souza" in body and "{csm}" not in body
    code, _, _ = _run(capsys, "export", str(sample_path()), "--emails", str(folder), "--customer", "Zoë Ltd")
    message = email.message_from_bytes(
        (folder / "pb-data-rescue--email-rescue-checklist.eml").read_bytes(), policy=email.policy.default
    )
    assert message["Subject"] == "Connecting Zoë Ltd's data: a 10-minute checklist"
    (tmp_path / "file").write_text("x")
    code, _, err = _run(capsys, "export", str(sample_path()), "--emails", str(tmp_path / "file"))
    assert code == 2 and "is a file; give a folder" in err


def test_export_passes_actuals_and_as_of_to_the_workbook_and_deck(
    files: tuple[Path, Path, list[Any]], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import exporters.pptx
    import exporters.xlsx

    map_file, accounts_file, _ = files
    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(exporters.xlsx, "export_workbook", lambda *a, **k: seen.append(k))
    monkeypatch.setattr(exporters.pptx, "export_deck", lambda *a, **k: seen.append(k))
    out = str(map_file.with_suffix(".xlsx"))
    assert main(["export", str(map_file), "--xlsx", out]) == 0
    assert "actuals" not in seen[-1]  # no actuals beside the map: the exporters are called as before
    assert (
        main(
            ["export", str(map_file), "--xlsx", out, "--actuals", str(accounts_file), "--as-of", "2026-06-30"]
        )
        == 0
    )
    assert len(seen[-1]["actuals"].accounts) == COUNT and seen[-1]["as_of"] == date(2026, 6, 30)
    assert main(["actuals", "import", str(map_file), str(accounts_file)]) == 0
    assert main(["export", str(map_file), "--pptx", str(map_file.with_suffix(".pptx"))]) == 0
    assert len(seen[-1]["actuals"].accounts) == COUNT and seen[-1]["as_of"] is None  # None: today
