"""Export of a view: PNG and SVG of what is on screen, CSV and JSON of the numbers behind it.

A view is exportable if it has `export_data() -> ExportData` and `export_widget() -> QWidget`.
The writers take a path and raise OSError on failure (tests call them directly); `ExportController` adds the
file dialog (remembering the last folder), runs CSV/JSON writing in a worker (a 4096 x 4096 matrix is big),
and turns failures into a message box.
"""
from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

import numpy as np
from PySide6.QtCore import QObject, QPoint, QRect, QSize, Signal
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QToolButton, QWidget

from desktop_app.kit.words import Worded

FORMATS = ("png", "svg", "csv", "json")


@dataclass
class ExportData:
    """The numbers behind a view. Exactly one of `matrix` (rows x cols) or `columns` (name -> 1-D array)."""

    name: str  # file-name stem suggestion, e.g. "pe_heatmap"
    matrix: np.ndarray | None = None
    columns: dict[str, np.ndarray] | None = None
    row_labels: Sequence[str] | None = None
    col_labels: Sequence[str] | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # lab, inputs, settings


class ExportableView(Protocol):
    def export_data(self) -> ExportData: ...

    def export_widget(self) -> QWidget: ...


def _noop_progress(fraction: float, message: str = "") -> None:
    pass


def _never_cancelled() -> bool:
    return False


class _AtomicText:
    """Write to a temp file next to the target and rename at the end: no half-written file on error/cancel."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def __enter__(self):
        fd, self._tmp = tempfile.mkstemp(prefix=".export-", dir=self.path.parent)
        self.file = os.fdopen(fd, "w", encoding="utf-8", newline="")
        return self.file

    def __exit__(self, exc_type, exc, tb):
        self.file.close()
        if exc_type is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self._tmp, 0o666 & ~umask)  # mkstemp makes 0600; an export is an ordinary file
            os.replace(self._tmp, self.path)
        else:
            os.unlink(self._tmp)
        return False


def write_png(widget: QWidget, path: str | os.PathLike) -> None:
    pixmap = widget.grab()
    if pixmap.isNull() or not pixmap.save(str(path), "PNG"):
        raise OSError(f"could not write PNG to {path}")


def write_svg(widget: QWidget, path: str | os.PathLike, title: str = "") -> None:
    """Vector SVG via QSvgGenerator: plots become paths and text, images are embedded."""
    size = widget.size() if not widget.size().isEmpty() else QSize(800, 600)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"could not write SVG to {path}")
    try:
        QWidget.render(widget, painter, QPoint(0, 0))  # the widget, not QGraphicsView.render (scene only)
    finally:
        painter.end()
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        raise OSError(f"could not write SVG to {path}")


def _matrix_rows(data: ExportData):
    matrix = np.asarray(data.matrix)
    n_rows, n_cols = matrix.shape
    col_labels = list(data.col_labels) if data.col_labels is not None else [str(c) for c in range(n_cols)]
    row_labels = list(data.row_labels) if data.row_labels is not None else [str(r) for r in range(n_rows)]
    return matrix, row_labels, col_labels


def write_csv(data: ExportData, path: str | os.PathLike, progress=_noop_progress, is_cancelled=_never_cancelled) -> Path:
    """Matrix: a header row ("", col labels...) then one row per matrix row (row label, values...).
    Columns: a header of column names, then one row per index."""
    with _AtomicText(path) as f:
        writer = csv.writer(f)
        if data.matrix is not None:
            matrix, row_labels, col_labels = _matrix_rows(data)
            writer.writerow([""] + col_labels)
            for r, (label, values) in enumerate(zip(row_labels, matrix)):
                writer.writerow([label] + [repr(float(v)) for v in values])
                if r % 256 == 0:
                    progress(r / len(row_labels), "")
                    if is_cancelled():
                        raise InterruptedError("export cancelled")
        else:
            names = list(data.columns)
            arrays = [np.asarray(data.columns[n]) for n in names]
            writer.writerow(names)
            for row in zip(*arrays):
                writer.writerow([repr(v.item()) if hasattr(v, "item") else repr(v) for v in row])
    return Path(path)


def _json_safe(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, np.generic):
        return _json_safe(value.item())
    if isinstance(value, np.ndarray):
        return [_json_safe(v) for v in value.tolist()]
    return value


def write_json(data: ExportData, path: str | os.PathLike, progress=_noop_progress, is_cancelled=_never_cancelled) -> Path:
    """{"name", "meta", then "row_labels", "col_labels", "matrix" or "columns"}; matrix rows streamed."""
    with _AtomicText(path) as f:
        head = {"name": data.name, "meta": {k: _json_safe(v) for k, v in data.meta.items()}}
        f.write(json.dumps(head, ensure_ascii=False)[:-1])  # leave the object open
        if data.matrix is not None:
            matrix, row_labels, col_labels = _matrix_rows(data)
            f.write(', "shape": ' + json.dumps(list(matrix.shape)))
            f.write(', "row_labels": ' + json.dumps(row_labels, ensure_ascii=False))
            f.write(', "col_labels": ' + json.dumps(col_labels, ensure_ascii=False))
            f.write(', "matrix": [')
            for r, values in enumerate(matrix):
                if r:
                    f.write(",\n")
                f.write(json.dumps([_json_safe(float(v)) for v in values]))
                if r % 256 == 0:
                    progress(r / len(matrix), "")
                    if is_cancelled():
                        raise InterruptedError("export cancelled")
            f.write("]}")
        else:
            columns = {name: _json_safe(np.asarray(values)) for name, values in data.columns.items()}
            f.write(', "columns": ' + json.dumps(columns, ensure_ascii=False) + "}")
    return Path(path)


def export_view(view: ExportableView, fmt: str, path: str | os.PathLike) -> Path:
    """Synchronous export of `view` in `fmt` to `path`. Raises OSError/ValueError on failure."""
    fmt = fmt.lower()
    if fmt == "png":
        write_png(view.export_widget(), path)
    elif fmt == "svg":
        write_svg(view.export_widget(), path, title=view.export_data().name)
    elif fmt == "csv":
        write_csv(view.export_data(), path)
    elif fmt == "json":
        write_json(view.export_data(), path)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return Path(path)


class ExportController(QObject):
    """The interactive side: file dialog, last folder, background writing, error box."""

    message = Signal(str)  # for the status bar

    def __init__(self, settings, parent_widget: QWidget):
        super().__init__(parent_widget)
        self._settings = settings
        self._parent = parent_widget
        self._handles = []

    def last_folder(self) -> str:
        folder = self._settings.get_str("export/last_folder", "")
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def ask_path(self, view: ExportableView, fmt: str) -> str | None:
        filters = {
            "png": self.tr("PNG image (*.png)"),
            "svg": self.tr("SVG vector image (*.svg)"),
            "csv": self.tr("CSV table (*.csv)"),
            "json": self.tr("JSON with metadata (*.json)"),
        }
        suggested = str(Path(self.last_folder()) / f"{view.export_data().name}.{fmt}")
        path, _ = QFileDialog.getSaveFileName(self._parent, self.tr("Export"), suggested, filters[fmt])
        if not path:
            return None
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        self._settings.set("export/last_folder", str(Path(path).parent))
        return path

    def export_interactive(self, view: ExportableView | None, fmt: str) -> None:
        if view is None:
            self.message.emit(self.tr("Nothing to export in this view."))
            return
        path = self.ask_path(view, fmt)
        if path:
            self.export_to(view, fmt, path)

    def export_to(self, view: ExportableView, fmt: str, path: str) -> None:
        """Export without a dialog; CSV/JSON are written in a worker so a huge matrix never freezes the window."""
        from desktop_app.workers import run_task

        if fmt in ("png", "svg"):
            try:
                export_view(view, fmt, path)
            except (OSError, ValueError) as exc:
                self._on_export_failed(path, exc)
            else:
                self._on_export_done(path)
            return
        data = view.export_data()
        writer = write_csv if fmt == "csv" else write_json
        self.message.emit(self.tr("Exporting to {path}…").format(path=path))
        handle = run_task(
            writer, data, path,
            on_done=lambda _result: self._on_export_done(path),
            on_error=lambda exc: self._on_export_failed(path, exc),
            owner=self,
        )
        self._handles.append(handle)
        self._handles = [h for h in self._handles if not h.finished]

    def _on_export_done(self, path: str) -> None:
        self.message.emit(self.tr("Exported {path}").format(path=path))

    def _on_export_failed(self, path: str, exc: BaseException) -> None:
        text = self.tr("Could not write {path}:\n{error}").format(path=path, error=exc)
        self.message.emit(text.replace("\n", " "))
        box = QMessageBox(QMessageBox.Warning, self.tr("Export failed"), text, QMessageBox.Ok, self._parent)
        box.open()  # non-blocking: the window stays alive in front of a class


@dataclass
class ExportTarget:
    """Makes any widget exportable: the widget to draw and a function giving the numbers behind it."""

    widget: QWidget
    data: Callable[[], ExportData]

    def export_data(self) -> ExportData:
        return self.data()

    def export_widget(self) -> QWidget:
        return self.widget


class ExportButton(Worded, QToolButton):
    """A small "Export" button with a PNG/SVG/CSV/JSON menu, placed on each view."""

    export_requested = Signal(str)  # the format

    def __init__(self, parent=None):
        super().__init__(parent)
        self.words(self, text=lambda: self.tr("Export"),
                   tip=lambda: self.tr("Save this view as an image (PNG, SVG) or its numbers (CSV, JSON)"))
        self.setPopupMode(QToolButton.InstantPopup)
        self.setAutoRaise(True)
        menu = QMenu(self)
        self._actions = {}
        for fmt in FORMATS:
            action = menu.addAction(fmt.upper())
            action.triggered.connect(lambda _checked=False, f=fmt: self.export_requested.emit(f))
            self._actions[fmt] = action
        self.setMenu(menu)
