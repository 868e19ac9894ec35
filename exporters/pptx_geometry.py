"""Rectangles on a slide, in EMU: the one shape every part of the deck's layout talks in."""

from __future__ import annotations

from dataclasses import dataclass

EMU_PER_PT = 12_700


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def w_pt(self) -> float:
        return self.w / EMU_PER_PT

    @property
    def h_pt(self) -> float:
        return self.h / EMU_PER_PT

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def below(self, height: int, gap: int = 0) -> Box:
        """What is left after taking ``height`` (and a gap) off the top."""
        taken = min(self.h, height + gap)
        return Box(self.x, self.y + taken, self.w, self.h - taken)


def overlap(a: Box, b: Box) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.bottom and b.y < a.bottom
