"""What the ``journeymap`` command writes to a terminal: file-derived text escaped, in text and in JSON.

Two layers, one function (``model.textsafety.visible``):

- every command escapes each field it prints (:func:`terminal_safe`, :func:`json_text`), so a field
  stays on its line and the output keeps its layout;
- :func:`guarded_output`, around the whole of ``cli.main``, passes everything written to
  ``sys.stdout`` and ``sys.stderr`` through the same function, newlines of the output's own layout
  kept. It is the backstop for what no command formats itself: argparse's messages quoting the
  command line, an ``OSError`` naming a file whose name holds an escape, the message of an internal
  error, a print added later without thought. JSON passes through it unchanged, as
  :func:`json_text` has already escaped the same set.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, TextIO

from .model.textsafety import visible, visible_json

__all__ = ["guarded_output", "json_safe", "json_text", "quoted_lines", "terminal_safe"]


def terminal_safe(text: object, lines: bool = False) -> str:
    """Text from a file made safe to print: controls, bidi and separators shown as escapes (``\\x1b``).

    One field stays on one line (its newlines escaped too). ``lines`` keeps the newlines of text the
    program laid out itself on several lines; never use it for one field read from a file.
    """
    return visible(str(text), keep_newlines=lines)


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 controls, bidi controls and separators escaped (json.dumps leaves them raw)."""
    return visible_json(text)


def json_text(value: Any) -> str:
    """``value`` as indented JSON, readable (non-ASCII kept) and with nothing unsafe left raw."""
    return visible_json(json.dumps(value, indent=2, ensure_ascii=False))


def quoted_lines(text: str, indent: int) -> list[str]:
    """Several lines of a field (a customer's comment) as a quoted block: ``> `` before each line.

    The field's own line breaks are kept for reading, but each line is escaped and marked as quoted,
    so no line of someone else's text can pass for a line the program printed.
    """
    return [f"{'':<{indent}}> {terminal_safe(line)}" for line in text.replace("\r\n", "\n").split("\n")]


class _Guarded:
    """A text stream that writes through :func:`visible`, keeping newlines; the rest is the stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text, keep_newlines=True))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    @property
    def buffer(self) -> IO[bytes]:
        """The byte stream below, for output that escapes itself and must be UTF-8 (textconv)."""
        return self._stream.buffer

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding, errors...
        return getattr(self._stream, name)


@contextmanager
def guarded_output() -> Iterator[None]:
    """Within the block, ``sys.stdout`` and ``sys.stderr`` escape whatever is written to them."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Guarded(saved[0]), _Guarded(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
