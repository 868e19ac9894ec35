"""What every export shares to stay safe: templates checked before use, user text kept plain text,
and output written atomically (a crash or an error never leaves a half-written file at the target).

Templates come from users (a corporate .pptx, a team's .xlsx), so they are untrusted zip files: this
module refuses anything that is not a zip of the expected kind, a zip bomb, or XML with a DOCTYPE or
entity declaration, before openpyxl or python-pptx ever parses it.
"""

from __future__ import annotations

import errno
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Literal, NoReturn
from xml.parsers import expat

from journeymap_designer.model.atomicfile import TargetRefusedError, check_target, write_atomic
from journeymap_designer.model.fileformat import FILE_SUFFIX
from journeymap_designer.model.filestate import FileChangedError, Fingerprint, still_as_seen
from journeymap_designer.model.inputfile import InputRefusedError, read_input

TemplateKind = Literal["xlsx", "pptx"]
MAX_MEMBERS = 5_000
MAX_UNPACKED = 300 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 200  # unpacked / packed size of one member; ordinary Office XML stays well under 100
CELL_LIMIT = 32_767  # characters an Excel cell holds
_REQUIRED_PART = {"xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_LABEL = {"xlsx": "an Excel workbook (.xlsx)", "pptx": "a PowerPoint deck (.pptx)"}
MAX_TEMPLATE_BYTES = 200 * 1024 * 1024  # a template's file, checked before it is read
_METHODS = {
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "LZMA",
    9: "Deflate64",
    93: "Zstandard",
    95: "XZ",
    98: "PPMd",
    99: "AES encryption",
}
_ENCODING_ERRORS = {
    expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING],
    expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING],
}
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
# XML 1.0 forbids these control characters; Office refuses a file that holds them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class ExportError(Exception):
    """An export cannot be made; the message is one line that says what is wrong and where."""


def check_template(path: str | Path, kind: TemplateKind) -> bytes:
    """The template's bytes, once they are known to be a plain, sane zip of the right kind.

    Only a regular file is read (a FIFO, ``/dev/zero`` or a socket is refused before any read) and
    its size is checked before it is opened (`inputfile.read_input`)."""
    path = Path(path)
    where = f"template {path}"
    try:
        data = read_input(path, MAX_TEMPLATE_BYTES)
    except InputRefusedError as exc:
        if exc.errno == errno.EISDIR:
            raise ExportError(f"{where}: is a folder, not {_LABEL[kind]}") from None
        raise ExportError(f"{where}: refused, it {exc.strerror}") from None
    except FileNotFoundError:
        raise ExportError(f"{where}: no such file") from None
    except OSError as exc:
        raise ExportError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    check_zip(data, kind, where)
    return data


def check_zip(data: bytes, kind: TemplateKind, where: str) -> None:
    """Refuse bytes that are not a plain, sane Office zip of ``kind``: ExportError names ``where``.

    Every member is checked before anything reads it: its compression (stored or deflated, as Office
    writes them: Deflate64 or bzip2 would fail or hang deep inside a library), no encryption, its
    declared size (a zip bomb). Shared by templates and by returned workbooks (``validation_import``)
    and accounts workbooks (``actuals_sources``): all come from outside.
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
                _check_member(member, where)
                total += member.file_size
                ratio = member.file_size / max(member.compress_size, 1)
                if total > MAX_UNPACKED or (member.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                    raise ExportError(f"{where}: refused, {member.filename} unpacks too large (a zip bomb?)")
            for member in members:
                if _may_be_xml(archive, member):
                    _check_xml(archive, member, where)
    except zipfile.BadZipFile as exc:
        raise ExportError(f"{where}: damaged zip ({exc})") from None
    except (OSError, EOFError, zlib.error) as exc:  # a member whose data does not match its header
        raise ExportError(f"{where}: damaged zip ({exc})") from None


def _check_member(member: zipfile.ZipInfo, where: str) -> None:
    """Refuse a member Office would not write: encrypted, or compressed other than stored or deflated."""
    if member.flag_bits & 0x1:
        raise ExportError(f"{where}: refused, {member.filename} is encrypted (password-protected)")
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        method = _METHODS.get(member.compress_type, f"method {member.compress_type}")
        raise ExportError(
            f"{where}: refused, {member.filename} is compressed with {method} (Office uses deflate only)"
        )


def _may_be_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether a part may be parsed as XML: by its name in any case, or by its first bytes (a library
    parses a part by its declared content type, whatever it is called)."""
    if member.filename.lower().endswith((".xml", ".rels", ".vml")):
        return True
    if member.is_dir() or member.file_size == 0:
        return False
    with archive.open(member) as stream:
        head = stream.read(4)
    return head.lstrip(b" \t\r\n").startswith((b"<", b"\xef\xbb\xbf")) or head[:2] in _UTF16_STARTS


def _check_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, where: str) -> None:
    """Refuse DOCTYPE and ENTITY declarations, and XML in an encoding the check cannot decode.

    Office never writes a DOCTYPE; entity tricks (billion laughs, external entities) need one. The part
    is parsed by expat, which decodes it as XML says (a byte-order mark, the encoding declaration), so
    a DOCTYPE in UTF-16 or behind a BOM is seen as one; a byte search would miss it.
    """

    def refuse(*_: object) -> None:
        raise _Declared

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 16):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Declared:
        raise ExportError(
            f"{where}: refused, {member.filename} declares a DOCTYPE or entities (XML entity tricks)"
        ) from None
    except (LookupError, UnicodeError):  # an encoding Python's codecs do not know or cannot decode
        raise ExportError(
            f"{where}: refused, {member.filename} is in an encoding Office does not write"
        ) from None
    except expat.ExpatError as exc:
        # Not well-formed: the libraries parse strictly and stop there too, reporting a damaged file
        # in their own words, so no declaration behind the error is ever read. An encoding expat
        # cannot decode is refused: another parser might decode it and meet a DOCTYPE.
        if exc.code in _ENCODING_ERRORS:
            raise ExportError(
                f"{where}: refused, {member.filename} is in an encoding Office does not write"
            ) from None


class _Declared(Exception):
    """Raised inside the XML parser's handlers: the part declares a DOCTYPE or entities."""


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


class SymlinkTargetError(ExportError):
    """The export's target is a symbolic link, which an export does not follow unless told to."""


def check_output(target: str | Path, follow_symlinks: bool = False) -> None:
    """Refuse, before any work, a target no export may write: a journey map, a folder, a FIFO or a
    device, a read-only file, a link (unless ``follow_symlinks``), a folder that does not exist.

    `write_output` checks again at the end, just before the replace."""
    target = Path(target)
    if target.suffix.lower() == FILE_SUFFIX:
        raise ExportError(f"{target}: is a journey map file; give the export its own name")
    try:
        check_target(target, follow_symlinks)
    except TargetRefusedError as exc:
        _refuse(target, exc)
    if not target.parent.is_dir():
        raise ExportError(f"{target}: the folder {target.parent} does not exist")


def _refuse(target: Path, exc: TargetRefusedError) -> NoReturn:
    if target.is_symlink() and "symbolic link" in (exc.strerror or ""):
        raise SymlinkTargetError(f"{target}: {exc.strerror}") from None
    raise ExportError(f"{target}: {exc.strerror}") from None


def write_output(
    target: str | Path,
    data: bytes,
    seen: Fingerprint | None = None,
    checked: bool = False,
    follow_symlinks: bool = False,
) -> None:
    """Write the finished file in one atomic step; an error before this point leaves the target alone.

    With ``checked``, the target must still be as ``seen`` when the export started (None: absent),
    re-checked just before the replace: an export never replaces a file someone wrote meanwhile.
    A journey map is never an export's target, nor is anything but a regular file (`check_output`);
    a link only with ``follow_symlinks``. Every error names ``target``.
    """
    target = Path(target)
    check_output(target, follow_symlinks)
    try:
        write_atomic(target, data, still_as_seen(target, seen) if checked else None, follow_symlinks)
    except FileChangedError as exc:
        raise ExportError(str(exc)) from None
    except TargetRefusedError as exc:
        _refuse(target, exc)
    except OSError as exc:
        raise ExportError(f"{target}: cannot be written ({exc.strerror or exc})") from None
