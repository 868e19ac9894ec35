"""The plan a team runs, as files other tools take in: the tasks CSV and the emails as ``.eml`` drafts.

``write_tasks_csv``: one row per task (``model/taskplan.py``), UTF-8 with a BOM (so Excel reads the
accents; platforms' importers skip it) and CRLF line ends (RFC 4180). A CSV has no cell types, so a
text cell that starts like a formula (``=``, ``+``, ``-``, ``@``, a tab or a CR, or their full-width
forms) gets a leading apostrophe, the OWASP guard against CSV injection: the spreadsheet shows the
text and never runs it. Control characters are shown as escapes (``safety.plain_text``); the day
offsets are numbers and stay numbers (``-30``). Written atomically (``safety.write_output``).

``write_email_drafts``: one ``.eml`` per email template (``model/emails.py``), named by the playbook's
and template's ids, with ``X-Unsent: 1`` so Outlook and Thunderbird open it as a draft to send, a
UTF-8 body and an encoded subject. Each file is written atomically; the folder is made when missing
(its parent must exist).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from journeymap_designer.model.emails import EmailDraft
from journeymap_designer.model.taskplan import TASK_COLUMNS, PlanRow

from .safety import ExportError, SymlinkTargetError, plain_text, write_output

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_text(value: object) -> str | int:
    """A cell for the CSV: numbers as they are, text as plain text that no spreadsheet runs."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = plain_text("" if value is None else value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def tasks_csv(rows: Sequence[PlanRow]) -> bytes:
    """The plan's bytes: the header, then one row per task."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TASK_COLUMNS)
    for row in rows:
        writer.writerow([csv_text(cell) for cell in row.cells()])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def write_tasks_csv(rows: Sequence[PlanRow], target: str | Path, follow_symlinks: bool = False) -> None:
    """Write the plan to ``target`` atomically (ExportError: one line); a link only when following."""
    if Path(target).suffix.lower() in (".xlsx", ".pptx"):
        raise ExportError(f"{target}: the tasks plan is a CSV file: give it a .csv name")
    write_output(target, tasks_csv(rows), follow_symlinks=follow_symlinks)


def _header(text: str) -> str:
    """A header value on one line: line breaks in a subject would start new headers."""
    return " ".join(plain_text(text.replace("\r", " ").replace("\n", " ")).split())


def draft_bytes(draft: EmailDraft) -> bytes:
    """The ``.eml`` of one draft."""
    message = EmailMessage(policy=SMTP)
    message["Subject"] = _header(draft.subject or draft.name)
    message["X-Unsent"] = "1"
    message["X-Journeymap-Playbook"] = draft.playbook_id
    message["X-Journeymap-Template"] = draft.template_id
    message.set_content(draft.body, charset="utf-8", cte="quoted-printable")
    return message.as_bytes()


def write_email_drafts(
    drafts: Sequence[EmailDraft], folder: str | Path, follow_symlinks: bool = False
) -> list[Path]:
    """One ``.eml`` per draft in ``folder`` (made when missing); the paths written. A folder that is a
    link, or a draft's name taken by a link, is refused unless ``follow_symlinks``."""
    folder = Path(folder)
    if folder.is_symlink() and not follow_symlinks:
        raise SymlinkTargetError(f"{folder}: is a symbolic link; refused, it would redirect the write")
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: is a file; give a folder for the email drafts")
    if not folder.parent.is_dir():
        raise ExportError(f"{folder}: the folder {folder.parent} does not exist")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{folder}: cannot be made ({exc.strerror or exc})") from None
    written = []
    for draft in drafts:
        path = folder / f"{draft.file_stem}.eml"
        write_output(path, draft_bytes(draft), follow_symlinks=follow_symlinks)
        written.append(path)
    return written
