"""File > Export: the playbook workbook and deck, made on a worker thread behind a progress bar.

The export works on a snapshot of the document taken when it starts (the file's bytes, parsed again
on the worker), so the user can go on editing while it runs and the export never sees half an edit.
Cancel stops it between steps; nothing is written then, as after any error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from ...model.fileformat import dump_workspace, parse_workspace
from ..editing.controller import EditingController
from ..widgets.folders import documents_folder, file_stem, start_folder

Format = Literal["xlsx", "pptx"]
LABELS = {"xlsx": "Excel workbook", "pptx": "PowerPoint deck"}
FILTERS = {"xlsx": "Excel workbooks (*.xlsx)", "pptx": "PowerPoint decks (*.pptx)"}
ALL_SEGMENTS = "\x00all"


class ExportCancelled(Exception):
    """The user pressed Cancel: the export stops where it is and writes nothing."""


class ExportJob(QObject):
    """Runs one export on a worker thread and reports progress back to the window's thread."""

    progressed = Signal(float, str)
    finished = Signal(str)  # "" when done, else the one-line error (or "cancelled")

    def __init__(self, data: bytes, fmt: Format, out: Path, options: dict[str, object]) -> None:
        super().__init__()
        self.data, self.fmt, self.out, self.options = data, fmt, out, options
        self.cancelled = False

    def run(self) -> None:
        try:
            workspace = parse_workspace(self.data)
            if self.fmt == "xlsx":
                from exporters.xlsx import export_workbook

                export_workbook(workspace, self.out, progress=self._progress, **self.options)  # type: ignore[arg-type]
            else:
                from exporters.pptx import export_deck

                export_deck(workspace, self.out, progress=self._progress, **self.options)  # type: ignore[arg-type]
        except ExportCancelled:
            self.finished.emit("cancelled")
            return
        except Exception as exc:  # one clear line for the user, whatever went wrong
            self.finished.emit(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return
        self.finished.emit("")

    def _progress(self, fraction: float, message: str) -> None:
        if self.cancelled:
            raise ExportCancelled
        self.progressed.emit(fraction, message)


class ExportDialog(QDialog):
    """What to export (core, a segment or all), with which template, and where."""

    def __init__(
        self, parent: QWidget, controller: EditingController, fmt: Format, customer_view: bool = False
    ) -> None:
        super().__init__(parent)
        self.fmt = fmt
        document = controller.document
        self.setWindowTitle(f"Export {LABELS[fmt]}")
        self.setMinimumWidth(560)
        workspace = document.workspace
        form = QFormLayout(self)
        self.journey = QComboBox()
        self.journey.addItem("Core journey", None)
        for segment in workspace.segments.values():
            self.journey.addItem(f"Segment: {segment.name}", segment.id)
        if fmt == "xlsx" and workspace.segments:
            self.journey.addItem("Core and every segment", ALL_SEGMENTS)
        shown = controller.segment_id
        self.journey.setCurrentIndex(max(0, self.journey.findData(shown)) if shown else 0)
        form.addRow("Journey:", self.journey)
        self.template = QLineEdit()
        self.template.setPlaceholderText("The bundled template")
        browse = QPushButton("Choose\u2026")
        browse.clicked.connect(self._choose_template)
        form.addRow("Template:", _row(self.template, browse))
        self.customer = QCheckBox("For the customer: only what a customer may see, to validate and send back")
        self.customer.setChecked(customer_view)
        self.customer.toggled.connect(self._customer_toggled)
        form.addRow("", self.customer)
        self.out = QLineEdit()
        stem = Path(document.display_name).stem if document.path else file_stem(document.workspace.name)
        folder = start_folder(document.path)  # the map's folder, never inside the installation
        self.out.setText(str(folder / f"{stem} playbooks.{fmt}"))
        save_as = QPushButton("Choose\u2026")
        save_as.clicked.connect(self._choose_out)
        form.addRow("Save to:", _row(self.out, save_as))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._customer_toggled(customer_view)

    def _customer_toggled(self, on: bool) -> None:
        """A customer's file shows one journey, and its name says who it is for."""
        index = self.journey.findData(ALL_SEGMENTS)
        if index >= 0:
            item = self.journey.model().item(index)  # type: ignore[attr-defined]
            item.setEnabled(not on)
            if on and self.journey.currentIndex() == index:
                self.journey.setCurrentIndex(0)
        text = self.out.text()
        for old, new in ((" playbooks.", " for customers."), (" for customers.", " playbooks.")):
            if (old == " playbooks.") == on and old in text:
                self.out.setText(text.replace(old, new))
                break

    def _choose_template(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose a template", str(documents_folder()), FILTERS[self.fmt]
        )
        if chosen:
            self.template.setText(chosen)

    def _choose_out(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, f"Export {LABELS[self.fmt]}", self.out.text(), FILTERS[self.fmt]
        )
        if chosen:
            self.out.setText(chosen if chosen.lower().endswith(f".{self.fmt}") else f"{chosen}.{self.fmt}")

    def options(self) -> dict[str, object]:
        template = self.template.text().strip() or None
        chosen = self.journey.currentData()
        if self.fmt == "xlsx":
            workspace_ids = [self.journey.itemData(i) for i in range(self.journey.count())]
            segments = [i for i in workspace_ids if i != ALL_SEGMENTS] if chosen == ALL_SEGMENTS else [chosen]
            return {"segments": segments, "template": template, "customer_view": self.customer.isChecked()}
        return {"segment": chosen, "template": template, "customer_view": self.customer.isChecked()}


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return row


class Exporter(QObject):
    """Starts exports for one window and shows their progress; one export at a time.

    A QObject of the window's thread: the job's signals reach its slots queued, on this thread, so
    the progress dialog and the thread's end are only ever touched here.
    """

    def __init__(
        self,
        owner: QWidget,
        controller: EditingController,
        customer_view: Callable[[], bool],
        before_export: Callable[[], None],
    ) -> None:
        super().__init__(owner)
        self.owner = owner  # the dialogs' parent
        self.controller = controller
        self.customer_view = customer_view
        self.before_export = before_export  # e.g. commit a title being typed: it belongs in the export
        self.out = Path()
        self.worker_thread: QThread | None = None
        self.job: ExportJob | None = None
        self.progress: QProgressDialog | None = None

    def ask_and_export(self, fmt: Format) -> None:
        dialog = ExportDialog(self.owner, self.controller, fmt, self.customer_view())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start(fmt, Path(dialog.out.text()).expanduser(), dialog.options())

    def start(self, fmt: Format, out: Path, options: dict[str, object]) -> None:
        if self.worker_thread is not None:
            self.controller.message.emit("An export is already running")
            return
        self.before_export()
        job = ExportJob(dump_workspace(self.controller.workspace), fmt, out, options)
        thread = QThread(self.owner)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        progress = QProgressDialog(
            f"Exporting the {LABELS[fmt].lower()}\u2026", "Cancel", 0, 1000, self.owner
        )
        progress.setWindowTitle("Export")
        progress.setMinimumDuration(300)  # quick exports finish before it shows
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(lambda: setattr(job, "cancelled", True))
        job.progressed.connect(self._progressed)
        job.finished.connect(self._finished)
        self.out = out
        self.worker_thread, self.job, self.progress = thread, job, progress
        thread.start()

    @Slot(float, str)
    def _progressed(self, fraction: float, text: str) -> None:
        if self.progress is not None:
            self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
            self.progress.setLabelText(text)

    @Slot(str)
    def _finished(self, error: str) -> None:
        out = self.out
        assert self.worker_thread is not None
        self.worker_thread.quit()
        self.worker_thread.wait()
        self.worker_thread.deleteLater()
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
        self.worker_thread = self.job = self.progress = None
        if not error:
            self.controller.message.emit(f"Exported to {out}")
        elif error == "cancelled":
            self.controller.message.emit("Export cancelled: nothing was written")
        else:
            self.show_error(error)

    def show_error(self, message: str) -> None:
        QMessageBox.critical(self.owner, "Cannot export", f"{message}\n\nNothing was written.")

    def stop(self) -> None:
        """The window is closing: cancel a running export and wait for its thread (nothing is written)."""
        if self.job is not None and self.worker_thread is not None:
            self.job.cancelled = True
            self.worker_thread.quit()
            self.worker_thread.wait()

    @property
    def running(self) -> bool:
        return self.worker_thread is not None
