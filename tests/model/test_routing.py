"""Routing and label placement (Qt-free): arrows keep to the gaps, labels never meet."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap_designer.model.layout import CELL_PAD, GAP, Rect
from journeymap_designer.model.routing import LABEL_H, LabelPlacer, route


def test_a_route_leaves_right_and_enters_left_through_the_gaps() -> None:
    source, target = Rect(100, 300, 176, 72), Rect(700, 120, 176, 72)
    points = route(source, target, band_y=100)
    assert points[0] == (source.right, 336) and points[-1] == (target.x, 156)
    assert points[1][0] == source.right + GAP / 2 and points[-2][0] == target.x - GAP / 2
    assert points[2][1] == points[3][1] == 100  # along the band where two lanes meet
    neighbours = route(source, Rect(source.right + 2 * CELL_PAD, 300, 176, 72), band_y=280)
    assert len(neighbours) == 2  # side by side: straight


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 30),  # flow
            st.floats(0, 3000),
            st.floats(0, 3000),
            st.sampled_from([100.0, 300.0, 500.0]),
            st.floats(20, 200),
            st.booleans(),  # remove instead
        ),
        max_size=80,
    )
)
def test_placed_labels_never_overlap(steps: list[tuple[int, float, float, float, float, bool]]) -> None:
    placer = LabelPlacer()
    for flow, x0, x1, band, width, remove in steps:
        if remove:
            placer.remove(f"f{flow}")
            continue
        placed = placer.place(f"f{flow}", x0, x1, band, width)
        assert placed.rect.h == LABEL_H and abs(placed.rect.y + LABEL_H / 2 - band) < 1e-9
    rects = [p.rect for p in placer.placed.values()]
    for index, a in enumerate(rects):
        for b in rects[index + 1 :]:
            assert not (a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom), (a, b)
