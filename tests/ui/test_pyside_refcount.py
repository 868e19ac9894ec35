"""Regression guard for the PySide6 6.12.0 / CPython 3.11 trap (docs/ARCHITECTURE.md, traps).

That build lowers None's reference count on every void Qt call (setPos...) and aborts the process
after a few thousand calls. pyproject constrains PySide6 below 6.12 on Python < 3.12; this test fails
if a build with the bug is ever installed.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene


def test_none_refcount_is_stable_across_void_qt_calls(qapp) -> None:  # type: ignore[no-untyped-def]
    scene = QGraphicsScene()
    item = QGraphicsRectItem(0, 0, 10, 10)
    scene.addItem(item)
    before = sys.getrefcount(None)
    for i in range(10_000):
        item.setPos(i % 100, i % 50)
    after = sys.getrefcount(None)
    assert abs(after - before) < 100, f"None refcount drifted by {after - before} over 10,000 setPos calls"
    assert item.pos().x() == 99 and item.pos().y() == 49
