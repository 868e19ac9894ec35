"""Untrusted templates are refused with one clear line; user text stays text; output is all or nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from exporters.safety import ExportError, check_template, plain_text, split_for_cells, write_output

ENTITY_TRICK = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'


def _zip(path: Path, parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _minimal(kind: str) -> dict[str, bytes]:
    main = "xl/workbook.xml" if kind == "xlsx" else "ppt/presentation.xml"
    return {"[Content_Types].xml": b"<Types/>", main: b"<?xml version='1.0'?><root/>"}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.write_bytes(b"not a zip at all"),
            "not a PowerPoint deck (.pptx) (it is not a zip file)",
        ),
        (lambda p: _zip(p, _minimal("xlsx")), "no ppt/presentation.xml inside"),
        (
            lambda p: _zip(p, {**_minimal("pptx"), "ppt/slides/slide1.xml": b"\0" * (60 * 1024 * 1024)}),
            "unpacks too large (a zip bomb?)",
        ),
        (
            lambda p: _zip(
                p,
                {
                    **_minimal("pptx"),
                    "ppt/slides/slide1.xml": ENTITY_TRICK,
                },
            ),
            "declares a DOCTYPE or entities",
        ),
        (lambda p: _zip(p, {**{f"f{i}.bin": b"" for i in range(5001)}, **_minimal("pptx")}), "5,003 parts"),
    ],
)
def test_bad_templates_are_refused_with_one_clear_line(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "template.pptx"
    make(path)
    with pytest.raises(ExportError) as caught:
        check_template(path, "pptx")
    text = str(caught.value)
    assert message in text and str(path) in text and "\n" not in text


def test_missing_template_and_a_good_one(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no such file"):
        check_template(tmp_path / "nope.xlsx", "xlsx")
    good = _zip(tmp_path / "ok.xlsx", _minimal("xlsx"))
    assert check_template(good, "xlsx") == good.read_bytes()


def test_user_text_stays_visible_and_fits_cells() -> None:
    assert plain_text('=HYPERLINK("http://x","y")') == '=HYPERLINK("http://x","y")'  # kept, as text
    assert plain_text("bell\x07 and tab\t") == "bell\\x07 and tab\t"
    pieces = split_for_cells("word " * 20_000)
    assert len(pieces) == 4 and all(len(p) <= 32_767 for p in pieces)
    assert "".join(pieces) == "word " * 20_000  # nothing lost


def test_output_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    write_output(target, b"new")
    assert target.read_bytes() == b"new"
    with pytest.raises(ExportError, match="does not exist"):
        write_output(tmp_path / "missing" / "out.xlsx", b"x")
    with pytest.raises(ExportError, match="is a folder"):
        write_output(tmp_path, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]  # no temp file left behind
