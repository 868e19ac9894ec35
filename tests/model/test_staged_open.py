"""Opening a map in small steps (model/staged_open.py) gives exactly what `Document.open` gives: the
same workspace byte for byte, the same fingerprint, and for a broken file the same one-line error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap_designer.model import staged_open
from journeymap_designer.model.document import Document
from journeymap_designer.model.fileformat import DocumentError, dump_workspace, save_workspace
from journeymap_designer.model.generate import generate_workspace
from journeymap_designer.model.staged_open import load_all, open_steps
from journeymap_designer.starter import sample_path, template_names, template_path


def _same(path: Path) -> None:
    plain = Document.open(path)
    staged = load_all(path)
    assert dump_workspace(staged.workspace) == dump_workspace(plain.workspace)
    assert staged.disk == plain.disk
    assert staged.base == plain.base
    assert staged.path == plain.path


def test_generated_map_with_segments_is_the_same(tmp_path: Path) -> None:
    path = tmp_path / "big.journeymap"
    save_workspace(generate_workspace(600, 3), path)
    _same(path)


@pytest.mark.parametrize("name", ["sample", *template_names()])
def test_bundled_maps_are_the_same(name: str) -> None:
    _same(sample_path() if name == "sample" else template_path(name))


def test_work_comes_in_many_short_steps(tmp_path: Path) -> None:
    path = tmp_path / "big.journeymap"
    save_workspace(generate_workspace(600, 2), path)
    steps = open_steps(path)
    fractions = []
    while True:
        try:
            fractions.append(next(steps)[0])
        except StopIteration:
            break
    assert len(fractions) > 20  # one element at a time, not one long call
    assert all(0.0 <= f <= 1.0 for f in fractions)


def _valid(tmp_path: Path) -> dict:  # type: ignore[type-arg]
    path = tmp_path / "valid.journeymap"
    save_workspace(generate_workspace(80, 2), path)
    return json.loads(path.read_bytes())  # type: ignore[no-any-return]


def _broken(tmp_path: Path) -> dict[str, bytes]:
    data = _valid(tmp_path)
    text = json.dumps(data, indent=2)
    bad_element = json.loads(text)
    bad_element["core"]["touchpoints"][5]["emotion"] = "very"
    unknown_field = json.loads(text)
    unknown_field["core"]["touchpoints"][7]["colour"] = "red"
    duplicate_id = json.loads(text)
    duplicate_id["core"]["touchpoints"].append(duplicate_id["core"]["touchpoints"][0])
    segment_bad = json.loads(text)
    segment_bad["segments"][0]["added"] = {"touchpoints": [{"id": 3}]}
    not_element = json.loads(text)
    not_element["core"]["flows"][0] = "a flow"
    dangling = json.loads(text)
    dangling["core"]["flows"][0]["target"] = "nowhere"
    newer = json.loads(text)
    newer["schema_version"] = 99
    return {
        "empty": b"",
        "blank": b"  \n\t ",
        "not json": b"{ this is not json",
        "truncated": text.encode()[: len(text) // 2],
        "extra data": text.encode() + b"\n{}",
        "NaN": text.replace('"order": 0', '"order": NaN', 1).encode(),
        "duplicate key": text.replace('"name":', '"name": "x", "name":', 1).encode(),
        "duplicate key deep": text.replace('"title":', '"title": "x", "title":', 1).encode(),
        "bad string": text.replace('"Awareness"', '"Aware\\x"', 1).encode(),
        "control in string": text.replace('"Awareness"', '"Aware\x01"', 1).encode(),
        "latin-1": text.replace('"Awareness"', '"Awaren\u00e9ss"', 1).encode("latin-1"),
        "top is a list": b"[1, 2]",
        "other format": json.dumps({**data, "format": "other"}).encode(),
        "newer schema": json.dumps(newer).encode(),
        "invalid element": json.dumps(bad_element).encode(),
        "unknown field": json.dumps(unknown_field).encode(),
        "duplicate id": json.dumps(duplicate_id).encode(),
        "invalid segment addition": json.dumps(segment_bad).encode(),
        "element not an object": json.dumps(not_element).encode(),
        "dangling flow": json.dumps(dangling).encode(),
        "deep nesting": b'{"format": "journeymap", "schema_version": 4, "name": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}",
        "bom": b"\xef\xbb\xbf" + text.encode(),
    }


def test_broken_files_give_the_usual_message(tmp_path: Path) -> None:
    for name, raw in _broken(tmp_path).items():
        path = tmp_path / "broken.journeymap"
        path.write_bytes(raw)
        try:
            expected: object = dump_workspace(Document.open(path).workspace)
        except DocumentError as exc:
            expected = str(exc)
        try:
            got: object = dump_workspace(load_all(path).workspace)
        except DocumentError as exc:
            got = str(exc)
        assert got == expected, name
        assert "\n" not in str(got) or isinstance(got, bytes), name


def test_a_missing_file_and_a_folder_are_one_line(tmp_path: Path) -> None:
    for path in (tmp_path / "gone.journeymap", tmp_path):
        with pytest.raises(DocumentError) as raised:
            load_all(path)
        with pytest.raises(DocumentError) as plain:
            Document.open(path)
        assert str(raised.value) == str(plain.value)


@pytest.fixture
def small_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A window of a few hundred characters, decoded 61 bytes at a time: it slides on every value,
    and pieces end inside UTF-8 sequences and inside the byte-order mark."""
    monkeypatch.setattr(staged_open, "_CHUNK", 61)
    monkeypatch.setattr(staged_open, "_AHEAD", 3000)


def test_a_sliding_window_reads_valid_maps_itself_and_the_same(
    tmp_path: Path, small_window: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _valid(tmp_path)
    data["core"]["stages"][0]["name"] = "Étape \u00e9\u4e2d\U0001f600 " * 3  # multi-byte, split by chunks
    indented = json.dumps(data, indent=2).encode()
    texts = {"plain": json.dumps(data).encode(), "indented": indented, "bom": b"\xef\xbb\xbf" + indented}
    path = tmp_path / "window.journeymap"

    def no_fallback(raw: bytes, source: str) -> None:
        raise AssertionError("the staged path gave up on a valid map")

    monkeypatch.setattr(staged_open, "parse_workspace", no_fallback)  # Document.open keeps its own
    for name, raw in texts.items():
        path.write_bytes(raw)
        assert dump_workspace(load_all(path).workspace) == dump_workspace(Document.open(path).workspace), name


def test_a_value_longer_than_the_window_is_read_the_plain_way(tmp_path: Path, small_window: None) -> None:
    data = _valid(tmp_path)
    data["core"]["touchpoints"][3]["description"] = "long " * 2000  # 10,000 characters > the window
    path = tmp_path / "long.journeymap"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    _same(path)


def test_broken_files_give_the_usual_message_through_a_small_window(
    tmp_path: Path, small_window: None
) -> None:
    test_broken_files_give_the_usual_message(tmp_path)
