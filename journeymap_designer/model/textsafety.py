"""The one escaping function for text read from a file and shown to a person in a terminal.

A map is shared: its titles, names, comments and conflict labels are someone else's text. Printed raw,
an ANSI or OSC sequence recolours the terminal, retitles the window, writes the clipboard or plants a
hyperlink; a carriage return or backspace overprints what came before; a bidi override or a line
separator makes a line read other than it is. :func:`visible` shows every such character as a
visible escape (``\\x1b``, ``\\u202e``, ``\\U000e0041``) instead.

It lives in the model, Qt-free and importing nothing, so that the model's own messages
(``DocumentError``, the ``info`` summary) and every command of the CLI (``journeymap_designer.terminal``)
escape the same set in the same way.
"""

from __future__ import annotations

import re

# What is escaped: C0 and C1 controls (U+0085 among them), DEL, lone surrogates (a JSON file may
# hold them; no terminal can print them), and every format character (Unicode category Cf) and
# line or paragraph separator (Zl, Zp) as of Unicode 14: the soft hyphen, the Arabic letter mark,
# zero-width spaces and joiners, the bidi embeddings, overrides and isolates, invisible operators,
# the byte-order mark, interlinear annotations and the tag characters that can hide text.
# Kept: U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER, which Persian, Indic scripts
# and emoji sequences need and which cannot reorder or hide anything.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_FORMAT}]")
_UNSAFE_BUT_NEWLINE = re.compile(f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_FORMAT}]")
_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def escape_char(char: str) -> str:
    """One unsafe character as its visible escape, as Python writes it in a string literal."""
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control, bidi, separator and other format character shown as an escape.

    One field stays one line: a newline is escaped too, so a title cannot forge a line of output.
    ``keep_newlines`` is for text the program itself laid out on several lines, never for a field.
    """
    pattern = _UNSAFE_BUT_NEWLINE if keep_newlines else UNSAFE
    return pattern.sub(lambda m: escape_char(m.group()), text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a JSON string spells a character beyond the BMP as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def visible_json(text: str) -> str:
    """JSON text (from ``json.dumps``) with the same set escaped as ``\\uXXXX``.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 controls but leaves DEL, C1 controls, bidi
    controls and U+2028 raw. Outside strings its output holds only ASCII punctuation, digits,
    letters, spaces and the newlines of its indentation, so every other such character is inside a
    string, where its ``\\u`` escape parses to the very same value.
    """
    return UNSAFE.sub(lambda m: m.group() if m.group() in "\n\r\t" else _json_escape(m.group()), text)
