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
        assert placed is None or placed.rect.h == LABEL_H
        if placed is None:
            continue
        assert placed.rect.h == LABEL_H and abs(placed.rect.y + LABEL_H / 2 - band) < 1e-9
    rects = [p.rect for p in placer.placed.values()]
    for index, a in enumerate(rects):
        for b in rects[index + 1 :]:
            assert not (a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom), (a, b)


def _overlapping(placer: LabelPlacer) -> list[tuple[Rect, Rect]]:
    rects = sorted((p.rect for p in placer.placed.values()), key=lambda r: (r.y, r.x))
    return [
        (a, b)
        for index, a in enumerate(rects)
        for b in rects[index + 1 :]
        if a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom
    ]


def _brute_force_place(placer: LabelPlacer, x0: float, x1: float, band: float, width: float) -> Rect | None:
    """The first free rect in the documented order: centred, then a step right, a step left..."""
    from journeymap_designer.model.routing import BADGE_W, SLIDE_STEP

    left, right, top = min(x0, x1), max(x0, x1), band - LABEL_H / 2
    others = list(placer.placed.values())
    for badge, w in ((False, width), (True, BADGE_W)):
        if not badge and right - left < w:
            continue
        reach = max(0.0, (right - left - w) / 2) + (40 * SLIDE_STEP if badge else 0.0)
        k = 0
        while k * SLIDE_STEP <= reach + 1e-9:
            for sign in (1, -1) if k else (1,):
                rect = Rect((left + right) / 2 - w / 2 + sign * k * SLIDE_STEP, top, w, LABEL_H)
                if not any(
                    o.rect.y == top and o.rect.x < rect.right and rect.x < o.rect.right for o in others
                ):
                    return rect
            k += 1
    return None  # crowded beyond the slide range: no label


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 2000), st.floats(0, 2000), st.sampled_from([100.0, 300.0]), st.floats(20, 200)
        ),
        max_size=60,
    )
)
def test_the_jumping_search_finds_what_trying_every_step_finds(
    steps: list[tuple[float, float, float, float]],
) -> None:
    placer = LabelPlacer()
    for number, (x0, x1, band, width) in enumerate(steps):
        expected = _brute_force_place(placer, x0, x1, band, width)
        placed = placer.place(f"f{number}", x0, x1, band, width)
        assert (placed.rect if placed is not None else None) == expected


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 3000), st.floats(0, 3000), st.floats(20, 200)), min_size=1, max_size=40),
    st.dictionaries(st.integers(0, 39), st.sampled_from([-300.0, -24.0, 12.0, 186.0, 400.0]), max_size=40),
)
def test_shifted_labels_never_overlap_and_clashes_are_given_back(
    labels: list[tuple[float, float, float]], moves: dict[int, float]
) -> None:
    placer = LabelPlacer()
    for number, (x0, x1, width) in enumerate(labels):
        placer.place(f"f{number}", x0, x1, 300.0, width)
    before = {f: p.rect for f, p in placer.placed.items()}
    shifts = {f"f{n}": dx for n, dx in moves.items() if f"f{n}" in before}
    clashed = placer.shift(shifts)
    assert not _overlapping(placer)
    assert clashed <= shifts.keys() and clashed.isdisjoint(placer.placed)
    for flow_id, rect in before.items():
        if flow_id in clashed:
            continue
        assert placer.placed[flow_id].rect.x == rect.x + shifts.get(flow_id, 0.0)
    band = placer.bands[300.0 - LABEL_H / 2]
    assert band == sorted((p.rect.x, p.rect.right, f) for f, p in placer.placed.items())
