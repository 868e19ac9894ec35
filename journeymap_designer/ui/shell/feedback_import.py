"""File > Import Customer Feedback…: a returned validation workbook's answers, into the map.

The workbook is read on the model's side (``exporters.validation_import``: a file from outside, read
like an untrusted template), the user says who answered (prefilled with the name given for the same
file before, else the workbook's own hint, else the file's name), and the answers go in as one undo
step through the controller. The status bar says what was added and what was skipped; rows that could
not be read are listed by number. A file that is not this map's validation workbook changes nothing
and says so in one message; the same file imported again adds nothing and says that too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from exporters.validation_import import ReadResult, ValidationImportError, read_validation_workbook

from ..editing.controller import EditingController

FILE_FILTER = "Excel workbooks (*.xlsx);;All files (*)"
NAMES_KEY = "feedback/customers"  # the name given for each returned file, by file name
PROBLEMS_SHOWN = 15  # rows listed in the message box; the rest are counted


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class FeedbackImport:
    """Runs one import at a time for a window; ``run`` is what the File menu calls."""

    def __init__(
        self,
        parent: QWidget,
        controller: EditingController,
        settings: QSettings,
        start_folder: Callable[[], str],
        say: Callable[[str], None],
        show_answers: Callable[[], None],
    ) -> None:
        self.parent = parent
        self.controller = controller
        self.settings = settings
        self.start_folder = start_folder
        self.say = say
        self.show_answers = show_answers

    def run(self, path: str | Path | None = None) -> int | None:
        """Ask for a file (unless given), read it, ask who answered, import; the number of answers added
        (None when nothing was imported: cancelled, or not a validation workbook of this map)."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self.parent, "Import customer feedback", self.start_folder(), FILE_FILTER
            )
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            found = read_validation_workbook(path, self.controller.workspace)
        except ValidationImportError as exc:
            QMessageBox.warning(
                self.parent,
                "Not a validation workbook of this map",
                f"{exc}\n\nNothing was imported.",
            )
            return None
        finally:
            QApplication.restoreOverrideCursor()
        if found.answers:
            customer = self._ask_customer(path, found)
            if customer is None:
                return None
            added = self.controller.import_feedback(found.answers, customer, found.source, found.answered_at)
            if added is None:
                return None
        else:  # nothing answered (yet): no name to ask for, nothing to import
            customer, added = "", 0
        self.say(self._report(found, customer, added))
        if added:
            self.show_answers()
        if found.problems:
            self._show_problems(found)
        return added

    def _ask_customer(self, path: Path, found: ReadResult) -> str | None:
        """Who answered: the name given for this file before, the workbook's hint, or the file's name."""
        key = f"{NAMES_KEY}/{path.name}"
        remembered = self.settings.value(key, "")
        remembered = remembered if isinstance(remembered, str) else ""
        prefill = remembered or found.customer or path.stem
        count = _plural(len(found.answers), "answer")
        name, ok = QInputDialog.getText(
            self.parent,
            "Who answered?",
            f"{count} in {found.source}.\nWhose answers are these (a customer or a company)?",
            QLineEdit.EchoMode.Normal,
            prefill,
        )
        if not ok:
            return None
        name = " ".join(name.split())
        self.settings.setValue(key, name)
        return name

    @staticmethod
    def _report(found: ReadResult, customer: str, added: int) -> str:
        """One status line: what was added, and what was skipped."""
        who = f" from {customer}" if customer else ""
        if added:
            text = f"Imported {_plural(added, 'answer')}{who} ({found.source})"
        elif found.answers:
            text = f"Nothing new in {found.source}: its answers{who} were already imported"
        else:
            text = f"No answers in {found.source}"
        already = len(found.answers) - added
        skipped = []
        if added and already:
            skipped.append(f"{already:,} already imported")
        if found.blank:
            skipped.append(f"{_plural(found.blank, 'row')} without an answer")
        problems = len(found.problems) + found.more_problems
        if problems:
            skipped.append(f"{_plural(problems, 'row')} that could not be read")
        return text + (f"; skipped {', '.join(skipped)}" if skipped else "")

    def _show_problems(self, found: ReadResult) -> None:
        lines = [f"Row {p.row}: {p.message}" for p in found.problems[:PROBLEMS_SHOWN]]
        more = len(found.problems) - PROBLEMS_SHOWN + found.more_problems
        if more > 0:
            lines.append(f"\u2026 and {_plural(more, 'more row')}")
        QMessageBox.warning(
            self.parent,
            "Some rows were left out",
            f"These rows of {found.source} could not be read; the other answers were imported:\n\n"
            + "\n".join(lines),
        )
