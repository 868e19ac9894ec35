"""Image export (`journeymap render` and render_map): PNG, SVG and PDF of the sample, read back and checked.

The checks look at what was drawn, not only that a file appeared: the PNG's size, aspect and stage
header colour, the SVG's text (stage, lane and card names), the PDF's single page of the map's shape,
and that a segment or the customer view really changes what is drawn.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from defusedxml import ElementTree
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMainWindow

import journeymap_designer.ui.canvas.render as render_module
from journeymap_designer.cli import main
from journeymap_designer.model.customer_view import customer_journey
from journeymap_designer.model.document import Document
from journeymap_designer.model.fileformat import load_workspace, save_workspace
from journeymap_designer.model.layout import LayoutEngine
from journeymap_designer.starter import sample_path
from journeymap_designer.ui.canvas.render import export_image_dialog, image_format, render_map
from journeymap_designer.ui.canvas.scene import MapScene

HEADER = QColor("#1f2a3c").rgb()
MARGIN = 40  # the scene rect reaches 40 units beyond the map on every side
ENTERPRISE_ONLY = "Steering committee"  # added by the Enterprise segment
HIDDEN_BY_ENTERPRISE = "Starts a 14-day free trial"  # a core card the Enterprise segment hides

pytestmark = pytest.mark.usefixtures("qapp")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def map_size() -> tuple[float, float]:
    """Width and height of the sample's scene rect, computed Qt-free from the layout."""
    geometry = LayoutEngine().full(load_workspace(sample_path()).core)
    return geometry.width + 2 * MARGIN, geometry.height + 2 * MARGIN


def svg_text(path: Path) -> str:
    """All text drawn in an SVG, one space between drawText calls (so wrapped titles read whole)."""
    root = ElementTree.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return " ".join(e.text for e in root.iter() if e.tag.endswith("}text") and e.text)


def pdf_page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def media_box(data: bytes) -> tuple[float, float]:
    found = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert found is not None
    return float(found[1]), float(found[2])


def test_cli_renders_the_sample_to_png_svg_and_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    width, height = map_size()
    sample = str(sample_path())

    code, out, err = run(capsys, "render", sample, str(tmp_path / "map.png"))
    assert code == 0 and err == "" and "map.png" in out
    image = QImage(str(tmp_path / "map.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (round(width), round(height))  # scale 1: a pixel per unit
    # Not blank: many colours, white cards among them.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}
    assert len(colours) > 12 and QColor("#ffffff").rgb() in colours
    # The dark stage header band runs across the top of the map, just inside the margin.
    row = MARGIN + 3
    header = [image.pixel(x, row) for x in range(MARGIN, image.width() - MARGIN)]
    assert header.count(HEADER) > 0.95 * len(header)
    assert image.pixel(MARGIN // 2, row) != HEADER  # the margin around the map is canvas
    assert image.pixel(image.width() // 2, image.height() - MARGIN - 3) != HEADER

    code, out, err = run(capsys, "render", sample, str(tmp_path / "map.SVG"))  # suffix in any case
    assert code == 0 and err == ""
    text = svg_text(tmp_path / "map.SVG")
    for name in ("Awareness", "Onboarding", "Advocacy", "Customer actions", "Marketing", "Kickoff call"):
        assert name in text
    assert HIDDEN_BY_ENTERPRISE in text and ENTERPRISE_ONLY not in text
    view_box = ElementTree.parse(tmp_path / "map.SVG").getroot().get("viewBox")
    assert view_box is not None
    _, _, box_w, box_h = map(float, view_box.split())
    assert box_w / box_h == pytest.approx(width / height, rel=0.005)

    code, out, err = run(capsys, "render", sample, str(tmp_path / "map.pdf"))
    assert code == 0 and err == ""
    data = (tmp_path / "map.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pdf_page_count(data) == 1
    page_w, page_h = media_box(data)
    assert page_w / page_h == pytest.approx(width / height, rel=0.005)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.SVG", "map.pdf", "map.png"]  # no temp files


def test_segment_render_differs_from_core(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = Document.open(sample_path())
    core = render_map(document, tmp_path / "core.svg")
    enterprise = render_map(document, tmp_path / "enterprise.svg", segment="Enterprise")
    assert core == tmp_path / "core.svg" and enterprise.is_file()
    core_text, enterprise_text = svg_text(core), svg_text(enterprise)
    assert ENTERPRISE_ONLY in enterprise_text and ENTERPRISE_ONLY not in core_text
    assert HIDDEN_BY_ENTERPRISE in core_text and HIDDEN_BY_ENTERPRISE not in enterprise_text
    assert "Awareness" in enterprise_text  # the segment shares the core's stages
    # The CLI takes the segment by id as well as by name, for every format.
    for suffix in ("svg", "png", "pdf"):
        code, out, _ = run(
            capsys, "render", str(sample_path()), "--segment", "seg-enterprise", str(tmp_path / f"e.{suffix}")
        )
        assert code == 0 and "'seg-enterprise'" in out
    assert ENTERPRISE_ONLY in svg_text(tmp_path / "e.svg")
    render_map(document, tmp_path / "core.png")
    assert QImage(str(tmp_path / "core.png")) != QImage(str(tmp_path / "e.png"))
    assert not document.is_modified  # rendering never edits the document
    assert document.history._listeners == []  # and its scenes stopped following it


def test_customer_view_leaves_out_internal_only_lanes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = load_workspace(sample_path())
    lane = workspace.core.lanes["lane-support"]
    workspace.core.lanes[lane.id] = lane.model_copy(
        update={"name": "Internal support desk", "internal_only": True}
    )
    card = next(
        t for t in workspace.core.touchpoints.values() if t.title.startswith("Connector troubleshooting")
    )
    assert card.lane_id == lane.id
    path = tmp_path / "internal.journeymap"
    save_workspace(workspace, path)

    assert run(capsys, "render", str(path), str(tmp_path / "all.svg"))[0] == 0
    code, out, _ = run(capsys, "render", str(path), "--customer-view", str(tmp_path / "customer.svg"))
    assert code == 0 and "customer view" in out
    shown, customer = svg_text(tmp_path / "all.svg"), svg_text(tmp_path / "customer.svg")
    assert "Internal support desk" in shown and "Connector troubleshooting" in shown
    assert "Internal support desk" not in customer and "Connector troubleshooting" not in customer
    assert "Customer actions" in customer and "Kickoff call" in customer

    # The customer view is also a smaller picture: the hidden lane's row is gone.
    all_png, customer_png = tmp_path / "all.png", tmp_path / "customer.png"
    render_map(Document.open(path), all_png)
    render_map(Document.open(path), customer_png, customer_view=True)
    full, trimmed = QImage(str(all_png)), QImage(str(customer_png))
    expected = LayoutEngine().full(customer_journey(workspace.core)).height + 2 * MARGIN
    assert trimmed.height() == round(expected) < full.height()


def test_scale_sets_the_size_and_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    width, height = map_size()
    document = Document.open(sample_path())
    half = QImage(str(render_map(document, tmp_path / "half.png", scale=0.5)))
    assert (half.width(), half.height()) == (round(width * 0.5), round(height * 0.5))
    monkeypatch.setattr(render_module, "MAX_PNG_SIDE", 600)
    capped = QImage(str(render_map(document, tmp_path / "capped.png", scale=4)))
    assert capped.width() == 600 and capped.height() == pytest.approx(600 * height / width, abs=1)
    # SVG and PDF: the scale sets the physical size, the drawing stays in map units.
    small = render_map(document, tmp_path / "small.pdf", scale=0.5).read_bytes()
    big = render_map(document, tmp_path / "big.pdf", scale=1.0).read_bytes()
    assert media_box(small)[0] == pytest.approx(media_box(big)[0] / 2, abs=1)


def test_bad_output_is_exit_2_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(sample_path())
    for out in ("map.jpg", "map", "map.svg.txt"):
        code, stdout, err = run(capsys, "render", sample, str(tmp_path / out))
        assert code == 2 and stdout == "" and err.count("\n") == 1
        assert "use .png, .svg or .pdf" in err
    code, _, err = run(capsys, "render", sample, "--segment", "Nope", str(tmp_path / "x.png"))
    assert code == 2 and err.count("\n") == 1 and "no segment named 'Nope'" in err and "Enterprise" in err
    code, _, err = run(capsys, "render", sample, str(tmp_path / "missing" / "x.png"))
    assert code == 2 and err.count("\n") == 1 and "no such folder" in err
    (tmp_path / "folder.png").mkdir()
    code, _, err = run(capsys, "render", sample, str(tmp_path / "folder.png"))
    assert code == 2 and err == f"journeymap: error: {tmp_path / 'folder.png'}: is a folder\n"
    (tmp_path / "folder.png").rmdir()
    bad = tmp_path / "bad.journeymap"
    bad.write_bytes(b"{oops")
    code, _, err = run(capsys, "render", str(bad), str(tmp_path / "x.png"))
    assert code == 2 and err.count("\n") == 1 and err.startswith(f"journeymap: error: {bad}: ")
    for scale in ("0", "-1", "abc", "nan"):
        with pytest.raises(SystemExit) as exited:
            main(["render", sample, "--scale", scale, str(tmp_path / "x.png")])
        assert exited.value.code == 2 and capsys.readouterr().err.count("\n") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["bad.journeymap"]

    document = Document.open(sample_path())
    with pytest.raises(ValueError, match=r"use \.png, \.svg or \.pdf"):
        render_map(document, tmp_path / "x.gif")
    with pytest.raises(ValueError, match="scale"):
        render_map(document, tmp_path / "x.png", scale=0)
    with pytest.raises(KeyError):
        render_map(document, tmp_path / "x.png", segment="Nope")
    assert image_format("A.PnG") == "PNG"
    assert [p.name for p in tmp_path.iterdir()] == ["bad.journeymap"]


def test_an_existing_image_is_replaced_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "map.svg"
    out.write_text("old")
    assert run(capsys, "render", str(sample_path()), str(out))[0] == 0
    assert "Awareness" in svg_text(out)


def test_without_qt_the_render_command_says_so_in_one_line(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"
        "from journeymap_designer.cli import main\n"
        f"sys.exit(main(['render', {str(sample_path())!r}, {str(tmp_path / 'x.png')!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "needs Qt (PySide6)" in done.stderr
    assert not (tmp_path / "x.png").exists()


def test_export_dialog_writes_what_the_window_shows(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    document = Document.open(sample_path())
    window = QMainWindow()
    qtbot.addWidget(window)
    scene = MapScene(document)
    scene.show_segment("seg-enterprise")
    asked: list[str] = []

    def choose(parent, suggested):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(tmp_path / "shown"), "SVG drawing (*.svg)"

    written = export_image_dialog(window, scene, choose, say=window.statusBar().showMessage)
    assert written == tmp_path / "shown.svg"  # the suffix of the chosen filter was added
    assert asked == [str(sample_path().parent / "b2b-saas.png")]
    assert ENTERPRISE_ONLY in svg_text(written)
    assert "shown.svg" in window.statusBar().currentMessage()
    assert export_image_dialog(window, scene, lambda parent, suggested: ("", "")) is None
    scene.detach()
