"""Reading an accounts export (exporters/actuals_import.py): columns found by header, milestone or
mapping; every bad row reported with its line and the good rows kept; any other file refused in one
line that says what it is."""

from __future__ import annotations

import os
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from exporters import actuals_import, actuals_sources
from exporters.actuals_import import ActualsImportError, read_actuals, read_headers
from exporters.safety import ExportError
from journeymap_designer.model.actuals import Actuals, load_actuals, save_actuals
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.funnel import milestones
from journeymap_designer.model.generate_actuals import actuals_csv, generate_accounts, write_actuals_csv
from journeymap_designer.model.workspace import Workspace
from journeymap_designer.starter import sample_path

from .test_safety import ENTITY_TRICK

HEAD = (
    "Account ID,Name,Segment,CSM,Start date,Churn date,"
    "Kickoff complete: success plan agreed,mot-first-value\n"
)


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return load_workspace(sample_path())


def _write(tmp_path: Path, text: str, name: str = "accounts.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _refused(path: Path, workspace: Workspace) -> str:
    with pytest.raises(ExportError) as caught:
        read_actuals(path, workspace)
    assert isinstance(caught.value, ActualsImportError)
    message = str(caught.value)
    assert "\n" not in message and path.name in message
    return message


@pytest.mark.parametrize("style", ["title", "id"])
def test_a_generated_export_is_read_back_exactly(tmp_path: Path, workspace: Workspace, style: str) -> None:
    steps = milestones(workspace.core)
    accounts = generate_accounts(workspace, 250, seed=7)
    path = tmp_path / "export.csv"
    write_actuals_csv(accounts, path, steps, header_style=style)  # type: ignore[arg-type]
    found = read_actuals(path, workspace)
    assert found.problems == () and found.problem_count == 0
    assert found.unmatched == () and found.missing == ()
    assert [c.milestone_id for c in found.columns if c.role == "milestone"] == [m.id for m in steps]
    by_name = {s.name: s.id for s in workspace.segments.values()}
    expected = {
        a.id: (a.name, by_name.get(a.segment, ""), a.owner, a.start, a.churned, dict(a.reached))
        for a in accounts
    }
    got = {
        a.id: (a.name, a.segment, a.owner, a.start, a.churned, dict(a.reached))
        for a in found.actuals.accounts
    }
    assert got == expected
    assert found.actuals.source == "export.csv"
    assert found.actuals.mapping["Account ID"] == "account"
    # kept beside the map and read back the same
    save_actuals(found.actuals, tmp_path / "map.journeymap")
    again = load_actuals(tmp_path / "map.journeymap")
    assert isinstance(again, Actuals)
    assert sorted(again.accounts, key=lambda a: a.id) == sorted(found.actuals.accounts, key=lambda a: a.id)


@pytest.mark.parametrize(
    ("delimiter", "bom", "newline"), [(";", False, "\r\n"), ("\t", True, "\n"), (",", True, "\r\n")]
)
def test_delimiters_bom_and_line_ends_are_sniffed(
    tmp_path: Path, workspace: Workspace, delimiter: str, bom: bool, newline: str
) -> None:
    rows = [
        ["Account", "Customer", "mot-kickoff-complete", "Churn"],
        ["A1", "Smith; Jones, and Co", "2026-01-05", ""],
        ["A2", "Two", "", "2026-02-01"],
    ]
    text = newline.join(
        delimiter.join(f'"{c}"' if delimiter in c or "," in c else c for c in r) for r in rows
    )
    path = tmp_path / "a.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    found = read_actuals(path, workspace)
    assert found.problems == ()
    one, two = found.actuals.accounts
    assert (one.id, one.name, one.reached) == (
        "A1",
        "Smith; Jones, and Co",
        {"mot-kickoff-complete": date(2026, 1, 5)},
    )
    assert two.churned == date(2026, 2, 1) and two.reached == {}
    assert set(found.missing) == {m.id for m in milestones(workspace.core)} - {"mot-kickoff-complete"}


def test_every_bad_row_is_reported_with_its_line_and_good_rows_are_kept(
    tmp_path: Path, workspace: Workspace
) -> None:
    text = HEAD + (
        "A1,Good,Enterprise,Ana,2026-01-01,,2026-01-03,2026-01-20\n"  # line 2
        'A2,"A name\nover two lines",SMB,Ben,2026-01-01,,2026-13-03,2026-01-20\n'  # 3-4: bad month
        "A3,Slashed,,Cy,03/04/2026,,,\n"  # 5: ambiguous
        ",No id,,,,,2026-01-03,\n"  # 6
        "A1,Again,,,,,,\n"  # 7: duplicate
        "A4,Lost segment,Government,Dee,2026-02-01,,2026-02-02,\n"  # 8
        "\n"  # 9: empty, skipped silently
        "A5,Number,,,,,45000,not a date\n"  # 10
        "A6,Old,,,1492-10-12,,,\n"  # 11
        "A7,Timed,,,2026-03-01T09:30:00Z,,,\n"  # 12
    )
    found = read_actuals(_write(tmp_path, text), workspace)
    problems = [(p.line, p.message) for p in found.problems]
    lines = [line for line, _ in problems]
    assert lines == [3, 5, 6, 7, 8, 10, 10, 11]
    assert found.problem_count == 8
    assert "'2026-13-03' is not a day of the calendar" in problems[0][1]
    assert "day/month or month/day" in problems[1][1]
    assert "no account id" in problems[2][1]
    assert "'A1' again (first on line 2)" in problems[3][1]
    assert "'Government'" in problems[4][1] and "Enterprise" in problems[4][1]
    assert "a number" in problems[5][1] and "not a date like" in problems[6][1]
    assert "1492-10-12" in problems[7][1]
    accounts = {a.id: a for a in found.actuals.accounts}
    assert list(accounts) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]
    assert accounts["A1"].name == "Good" and accounts["A1"].segment == "seg-enterprise"
    # a bad value is dropped, the rest of its row kept
    assert accounts["A2"].name == "A name\nover two lines" and accounts["A2"].segment == "seg-smb"
    assert accounts["A2"].reached == {"mot-first-value": date(2026, 1, 20)}
    assert accounts["A3"].start is None and accounts["A3"].owner == "Cy"
    assert accounts["A4"].segment == "" and accounts["A4"].reached == {
        "mot-kickoff-complete": date(2026, 2, 2)
    }
    assert accounts["A5"].reached == {} and accounts["A6"].start is None
    assert accounts["A7"].start == date(2026, 3, 1)


def test_the_mapping_overrides_headers_and_bad_mappings_are_refused(
    tmp_path: Path, workspace: Workspace
) -> None:
    path = _write(
        tmp_path, "Client,Kickoff done,First value date,Notes,Tier\nC1,2026-01-01,2026-01-09,x,SMB\n"
    )
    with pytest.raises(ActualsImportError, match="no account id column"):
        read_actuals(path, workspace)
    assert read_headers(path) == ["Client", "Kickoff done", "First value date", "Notes", "Tier"]
    mapping = {
        "Client": "account",
        "kickoff done": "mot-kickoff-complete",
        "First value date": "First value: first dashboard live",
        "Tier": "",
    }
    found = read_actuals(path, workspace, mapping)
    (account,) = found.actuals.accounts
    assert account.id == "C1" and account.segment == ""
    assert account.reached == {"mot-kickoff-complete": date(2026, 1, 1), "mot-first-value": date(2026, 1, 9)}
    assert found.unmatched == ("Notes",)
    assert found.missing == ("mot-adopted", "mot-renewed-expanded")
    assert [c.role for c in found.columns] == ["account", "milestone", "milestone", "ignored", "ignored"]
    with pytest.raises(ActualsImportError, match="neither a success milestone"):
        read_actuals(path, workspace, {**mapping, "Notes": "mot-nowhere"})
    with pytest.raises(ActualsImportError, match="does not have"):
        read_actuals(path, workspace, {**mapping, "Renewal": "mot-adopted"})


def test_a_second_column_for_the_same_milestone_is_ignored_with_a_note(
    tmp_path: Path, workspace: Workspace
) -> None:
    path = _write(tmp_path, "ID,mot-adopted,Adopted: weekly active usage\nA,2026-01-01,2027-01-01\n")
    found = read_actuals(path, workspace)
    assert found.actuals.accounts[0].reached == {"mot-adopted": date(2026, 1, 1)}
    assert [(p.line, "second" in p.message) for p in found.problems] == [(1, True)]


def test_formula_looking_text_is_kept_as_text(tmp_path: Path, workspace: Workspace) -> None:
    path = _write(tmp_path, 'ID,Name,CSM\n=1+1,"=HYPERLINK(""http://x"",""y"")",@SUM(A1)\n')
    (account,) = read_actuals(path, workspace).actuals.accounts
    assert (account.id, account.name, account.owner) == ("=1+1", '=HYPERLINK("http://x","y")', "@SUM(A1)")


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_workbook_reads_its_accounts_sheet_with_date_cells_and_iso_text(
    tmp_path: Path, workspace: Workspace
) -> None:
    rows: list[list[object]] = [
        ["Export of 2026-06-30"],  # a title row above the header
        [],
        [
            "Account ID",
            "Account name",
            "Segment",
            "Start date",
            "Adopted: weekly active usage",
            "mot-first-value",
        ],
        ["X1", "One", "education", datetime(2025, 1, 2), "2025-03-04", date(2025, 2, 1)],
        ["X2", 1234.0, "SMB", "2025-01-02", 45000, None],
        ["X3", "=SUM(1,2)", None, None, None, "2025-02-30"],
        ["X4", "=1+2"],
    ]
    path = _book(tmp_path / "accounts.xlsx", {"Summary": [["nothing here"]], "Accounts": rows})
    book = openpyxl.load_workbook(path)
    book["Accounts"]["B7"].data_type = "s"  # typed as text, as a spreadsheet stores '=1+2
    book.save(path)
    found = read_actuals(path, workspace)
    got = {a.id: a for a in found.actuals.accounts}
    assert got["X1"].segment == "seg-education" and got["X1"].start == date(2025, 1, 2)
    assert got["X1"].reached == {"mot-adopted": date(2025, 3, 4), "mot-first-value": date(2025, 2, 1)}
    assert got["X2"].name == "1234" and got["X2"].segment == "seg-smb" and got["X2"].reached == {}
    assert got["X3"].name == ""  # a formula is never computed: without a value saved with it, empty
    assert got["X4"].name == "=1+2"  # text that looks like a formula stays text
    assert [(p.line, p.message.split(":")[0]) for p in found.problems] == [
        (5, "column 'Adopted"),
        (6, "column 'mot-first-value'"),
    ]
    assert read_headers(path)[:2] == ["Account ID", "Account name"]


def test_a_workbook_without_an_accounts_sheet_reads_its_first(tmp_path: Path, workspace: Workspace) -> None:
    path = _book(
        tmp_path / "w.xlsx", {"Data": [["id", "mot-adopted"], ["Z", "2026-01-01"]], "Other": [["id"], ["Q"]]}
    )
    assert [a.id for a in read_actuals(path, workspace).actuals.accounts] == ["Z"]


def test_caps_on_columns_and_rows_are_counted(
    tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    wide = ",".join(["ID", "mot-adopted", *(f"c{i}" for i in range(700))])
    path = _write(tmp_path, wide + "\n" + "\n".join(f"A{i},2026-01-01" for i in range(12)) + "\n")
    monkeypatch.setattr(actuals_import, "MAX_ROWS", 5)
    found = read_actuals(path, workspace)
    assert len(found.actuals.accounts) == 5
    messages = [(p.line, p.message) for p in found.problems]
    assert messages[0][0] == 1 and "more than 500 columns" in messages[0][1]
    assert messages[-1] == (7, "7 more rows not read: at most 5 accounts")
    assert len(found.unmatched) == 498  # the columns read (500) less ID and the milestone


def test_problems_are_listed_up_to_a_cap_and_all_counted(
    tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actuals_import, "MAX_PROBLEMS", 3)
    path = _write(tmp_path, "ID,Start\n" + "".join(f"A{i},nope\n" for i in range(10)))
    found = read_actuals(path, workspace)
    assert len(found.problems) == 3 and found.problem_count == 10 and len(found.actuals.accounts) == 10


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"%PDF-1.7\n..."), "it is a PDF"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n...."), "a PNG image"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "Office 97-2003"),
        (lambda p: p.write_bytes(Path(sample_path()).read_bytes()), ".journeymap map?"),
        (lambda p: p.write_bytes(b"<html><body><table></table></body></html>"), "an HTML or XML file"),
        (lambda p: p.write_bytes("ID,Name\nA,Zoë\n".encode("utf-16")), "UTF-16 text"),
        (lambda p: p.write_bytes("ID,Name\nA,Zoë\n".encode("latin-1")), "not UTF-8 text (byte 12 is 0xeb)"),
        (lambda p: p.write_bytes(b"ID,Name\nA,B\x00C\n"), "a NUL byte at byte 11"),
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_bytes(b" \r\n\n"), "is empty"),
        (
            lambda p: p.write_bytes(b"ID,Name\n" + b'A,"' + b"x" * 200_000 + b'"\n'),
            "line 2: not readable as CSV",
        ),
        (lambda p: _zip(p, {"ppt/presentation.xml": b"<p/>"}), "a PowerPoint deck"),
        (lambda p: _zip(p, {"a.txt": b"hello"}), "a zip file of other things"),
        (
            lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": ENTITY_TRICK}),
            "declares a DOCTYPE or entities",
        ),
        (
            lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<nope"}),
            "a damaged Excel workbook",
        ),
        (lambda p: p.write_bytes(b"Name,Notes\nA,B\n"), "no account id column"),
    ],
)
def test_files_that_are_not_accounts_are_refused_in_one_line(
    tmp_path: Path,
    workspace: Workspace,
    make,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "accounts.csv"
    make(path)
    assert message in _refused(path, workspace)


def test_folders_pipes_missing_and_huge_files_are_refused(
    tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert "is a folder" in _refused(folder, workspace)
    assert "no such file" in _refused(tmp_path / "absent.csv", workspace)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert "not a regular file" in _refused(fifo, workspace)  # and never blocks on it
    big = _write(tmp_path, "ID\n" + "A\n" * 2000, "big.csv")
    monkeypatch.setattr(actuals_sources, "MAX_FILE", 1000)
    assert "refused" in _refused(big, workspace)


def test_the_generated_csv_text_is_what_the_file_holds(tmp_path: Path, workspace: Workspace) -> None:
    accounts = generate_accounts(workspace, 5, seed=3)
    steps = milestones(workspace.core)
    path = tmp_path / "x.csv"
    write_actuals_csv(accounts, path, steps, "id")
    assert path.read_text(encoding="utf-8") == actuals_csv(accounts, steps, "id")
    assert path.read_text(encoding="utf-8").splitlines()[0].endswith(",".join(m.id for m in steps))
