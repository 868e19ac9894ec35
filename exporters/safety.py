"""What every export shares to stay safe: templates checked before use, user text kept plain text,
and output written atomically (a crash or an error never leaves a half-written file at the target).

Templates come from users (a corporate .pptx, a team's .xlsx), so they are untrusted zip files: this
module refuses anything that is not a zip of the expected kind, a zip bomb, or XML with a DOCTYPE or
entity declaration, before openpyxl or python-pptx ever parses it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Literal

from journeymap_designer.model.atomicfile import write_atomic
from journeymap_designer.model.fileformat import FILE_SUFFIX
from journeymap_designer.model.filestate import FileChangedError, Fingerprint, still_as_seen

TemplateKind = Literal["xlsx", "pptx"]
MAX_MEMBERS = 5_000
MAX_UNPACKED = 300 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 200  # unpacked / packed size of one member; ordinary Office XML stays well under 100
CELL_LIMIT = 32_767  # characters an Excel cell holds
_REQUIRED_PART = {"xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_LABEL = {"xlsx": "an Excel workbook (.xlsx)", "pptx": "a PowerPoint deck (.pptx)"}
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# XML 1.0 forbids these control characters; Office refuses a file that holds them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class ExportError(Exception):
    """An export cannot be made; the message is one line that says what is wrong and where."""


def check_template(path: str | Path, kind: TemplateKind) -> bytes:
    """The template's bytes, once they are known to be a plain, sane zip of the right kind."""
    path = Path(path)
    where = f"template {path}"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExportError(f"{where}: no such file") from None
    except IsADirectoryError:
        raise ExportError(f"{where}: is a folder, not {_LABEL[kind]}") from None
    except OSError as exc:
        raise ExportError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    check_zip(data, kind, where)
    return data


def check_zip(data: bytes, kind: TemplateKind, where: str) -> None:
    """Refuse bytes that are not a plain, sane Office zip of ``kind``: ExportError names ``where``.

    Shared by templates and by returned workbooks (``validation_import``): both come from outside.
    """
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExportError(f"{where}: not {_LABEL[kind]} (it is not a zip file)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ExportError(f"{where}: refused, it holds {len(members):,} parts (a zip bomb?)")
            names = {m.filename for m in members}
            if _REQUIRED_PART[kind] not in names:
                raise ExportError(f"{where}: not {_LABEL[kind]} (no {_REQUIRED_PART[kind]} inside)")
            total = 0
            for member in members:
                total += member.file_size
                ratio = member.file_size / max(member.compress_size, 1)
                if total > MAX_UNPACKED or (member.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                    raise ExportError(f"{where}: refused, {member.filename} unpacks too large (a zip bomb?)")
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    _check_xml(archive, member, where)
    except zipfile.BadZipFile as exc:
        raise ExportError(f"{where}: damaged zip ({exc})") from None


def _check_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, where: str) -> None:
    """Refuse DOCTYPE and ENTITY declarations: Office never writes them; entity tricks need them."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 16):
            if _DECLARATION.search(tail + chunk):
                raise ExportError(
                    f"{where}: refused, {member.filename} declares a DOCTYPE or entities (XML entity tricks)"
                )
            tail = chunk[-16:]


def plain_text(value: object) -> str:
    """User text as a cell or a text frame shows it: never a formula, a link or an invalid character.

    Control characters are shown as visible escapes (``\\x07``) instead of being dropped, so nothing a
    user typed disappears silently.
    """
    text = "" if value is None else str(value)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def split_for_cells(text: str, limit: int = CELL_LIMIT) -> list[str]:
    """Text cut into pieces a cell can hold (one piece when it fits), at line or word ends when possible."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        cut = cut + 1 if cut > limit // 2 else limit
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


def write_output(
    target: str | Path, data: bytes, seen: Fingerprint | None = None, checked: bool = False
) -> None:
    """Write the finished file in one atomic step; an error before this point leaves the target alone.

    With ``checked``, the target must still be as ``seen`` when the export started (None: absent),
    re-checked just before the replace: an export never replaces a file someone wrote meanwhile.
    A journey map is never an export's target.
    """
    target = Path(target)
    if target.suffix.lower() == FILE_SUFFIX:
        raise ExportError(f"{target}: is a journey map file; give the export its own name")
    if target.is_dir():
        raise ExportError(f"{target}: is a folder; give a file name")
    if not target.parent.is_dir():
        raise ExportError(f"{target}: the folder {target.parent} does not exist")
    try:
        write_atomic(target, data, still_as_seen(target, seen) if checked else None)
    except FileChangedError as exc:
        raise ExportError(str(exc)) from None
    except OSError as exc:
        raise ExportError(f"{target}: cannot be written ({exc.strerror or exc})") from None
