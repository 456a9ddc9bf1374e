"""Views of the Image Captioning lab, built once and updated in place.

AttentionImageView: the picture with one word's attention drawn over it; hover a cell for its weight.
WordStrip: one thumbnail per generated word, showing where the captioner looked for it; click to select.
SidePanel: beside the picture, the word's most likely candidates, the hovered cell's weight, what the picture is.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPen, QPixmap
from PySide6.QtWidgets import (
    QFrame, QGraphicsRectItem, QHBoxLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget,
)

from desktop_app.kit.words import Worded
from desktop_app.widgets.size_guard import SizeGuard
from desktop_app.widgets.topk import TopKView


def to_pixmap(rgb: np.ndarray) -> QPixmap:
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w = rgb.shape[:2]
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format_RGB888)
    return QPixmap.fromImage(image.copy())  # copy: the QImage must not outlive the numpy buffer


class AttentionImageView(pg.GraphicsLayoutWidget):
    """The picture (with attention blended in by the lab) in a fixed-aspect view; a g x g grid on demand."""

    cell_hovered = Signal(int, int)  # row, col of the grid cell under the mouse
    hover_left = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.view = self.addViewBox(lockAspect=True, enableMouse=False, invertY=True)
        self.view.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.view.addItem(self.image)
        self.grid_lines = pg.PlotCurveItem(pen=pg.mkPen((255, 255, 255, 150), width=1), connect="pairs")
        self.grid_lines.setZValue(5)
        self.view.addItem(self.grid_lines)
        self.cell_box = QGraphicsRectItem()
        pen = QPen(Qt.cyan)
        pen.setWidth(2)
        pen.setCosmetic(True)
        self.cell_box.setPen(pen)
        self.cell_box.setZValue(10)
        self.cell_box.hide()
        self.view.addItem(self.cell_box)
        self.empty_text = pg.TextItem("", color="#666666", anchor=(0.5, 0.5))  # what appears, before a picture
        self.empty_text.setPos(0.5, 0.5)
        self.empty_text.setZValue(20)
        self.view.addItem(self.empty_text)
        self.grid = 7
        self.size_hw = (1, 1)
        self._show_lines = False
        self._last_cell: Optional[tuple[int, int]] = None
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def show_empty(self, text: str) -> None:
        """No picture: `text` (what will appear) in the middle instead."""
        self.image.clear()
        self.size_hw = (1, 1)
        self.empty_text.setFont(self.font())  # presenter mode's larger text too
        self.empty_text.setText(text)
        self.empty_text.show()
        self.view.setRange(QRectF(0, 0, 1, 1), padding=0)
        self._update_lines()

    def set_picture(self, rgb: np.ndarray) -> None:
        """Show an (h, w, 3) uint8 picture; the view keeps the picture's shape."""
        self.empty_text.hide()
        h, w = rgb.shape[:2]
        changed = (h, w) != self.size_hw
        self.size_hw = (h, w)
        self.image.setImage(rgb, autoLevels=False, levels=(0, 255))
        if changed:
            self.view.setRange(QRectF(0, 0, w, h), padding=0.01)
            self._update_lines()

    def set_grid(self, grid: int, show_lines: bool) -> None:
        if (grid, show_lines) != (self.grid, self._show_lines):
            self.grid, self._show_lines = grid, show_lines
            self._update_lines()

    def _update_lines(self) -> None:
        if not self._show_lines:
            self.grid_lines.setData([], [])
            return
        h, w = self.size_hw
        xs, ys = [], []
        for k in range(1, self.grid):
            x, y = k * w / self.grid, k * h / self.grid
            xs += [x, x, 0, w]
            ys += [0, h, y, y]
        self.grid_lines.setData(np.asarray(xs, float), np.asarray(ys, float))

    def cell_at(self, x: float, y: float) -> Optional[tuple[int, int]]:
        h, w = self.size_hw
        if not (0 <= x < w and 0 <= y < h):
            return None
        return int(y * self.grid / h), int(x * self.grid / w)

    def mark_cell(self, cell: Optional[tuple[int, int]]) -> None:
        if cell is None:
            self.cell_box.hide()
            return
        h, w = self.size_hw
        row, col = cell
        self.cell_box.setRect(QRectF(col * w / self.grid, row * h / self.grid, w / self.grid, h / self.grid))
        self.cell_box.show()

    def _on_mouse_moved(self, pos: QPointF) -> None:
        point = self.view.mapSceneToView(pos)
        cell = self.cell_at(point.x(), point.y()) if self.image.image is not None else None
        if cell == self._last_cell:
            return
        self._last_cell = cell
        self.mark_cell(cell)
        if cell is None:
            self.hover_left.emit()
        else:
            self.cell_hovered.emit(*cell)

    def leaveEvent(self, event) -> None:
        self._last_cell = None
        self.mark_cell(None)
        self.hover_left.emit()
        super().leaveEvent(event)

    def export_widget(self) -> QWidget:
        return self


class WordStrip(QScrollArea):
    """A row of thumbnails, one per word (a fixed pool of buttons, shown as words arrive)."""

    word_selected = Signal(int)

    def __init__(self, slots: int, thumb: int, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        inner = QWidget()
        layout = QHBoxLayout(inner)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(4)
        self.buttons: list[QToolButton] = []
        for i in range(slots):
            button = QToolButton()
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.NoFocus)  # Space keeps stepping
            button.setToolButtonStyle(Qt.ToolButtonTextUnderIcon)
            button.setIconSize(QSize(thumb, thumb))
            button.clicked.connect(lambda _c=False, k=i: self.word_selected.emit(k))
            button.hide()
            layout.addWidget(button)
            self.buttons.append(button)
        self.empty_label = QLabel()  # before the first word: what will appear here
        self.empty_label.setStyleSheet("color: #666;")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label, 1)
        layout.addStretch(1)
        self.setWidget(inner)
        self.setFixedHeight(thumb + 48)
        self.words: list[str] = []

    def set_word(self, index: int, word: str, rgb: np.ndarray, tooltip: str = "") -> None:
        if index >= len(self.buttons):
            return
        button = self.buttons[index]
        button.setIcon(QIcon(to_pixmap(rgb)))
        button.setText(word)
        button.setToolTip(tooltip)
        button.show()

    def show_count(self, count: int) -> None:
        for i, button in enumerate(self.buttons):
            button.setVisible(i < count)
        self.empty_label.setVisible(count == 0)

    def select(self, index: Optional[int]) -> None:
        for i, button in enumerate(self.buttons):
            button.setChecked(i == index)
        if index is not None and 0 <= index < len(self.buttons):
            self.ensureWidgetVisible(self.buttons[index])


class VerticalScroll(QScrollArea):
    """`child` at the width it needs, scrolling up and down when it is taller than the room (presenter mode on a
    small screen): its texts wrap to more lines than its minimum height counts."""

    def __init__(self, child: QWidget, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidgetResizable(True)
        self.setWidget(child)

    def minimumSizeHint(self) -> QSize:
        child = self.widget().minimumSizeHint()
        return QSize(child.width() + self.verticalScrollBar().sizeHint().width(), min(child.height(), 120))

    def sizeHint(self) -> QSize:
        hint = self.widget().sizeHint()
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())


class SidePanel(Worded, QWidget):
    """The shown word's top-k candidates (click one to write it instead), the hovered cell, the picture's facts."""

    candidate_clicked = Signal(int)  # row in the top-k list

    def __init__(self, top_k: int, parent=None):
        super().__init__(parent)
        topk_title = self.words(QLabel(), text=lambda: self.tr("Most likely words at this step"), tip=lambda: self.tr(
            "Click a word to write it here instead; the caption goes on from it."))
        topk_title.setStyleSheet("font-weight: bold;")
        self.cell_label, self.info_label = QLabel(), QLabel()
        self.cell_label.setWordWrap(True)
        self.info_label.setWordWrap(True)
        self.info_label.setStyleSheet("color: #555;")
        self.topk_view = TopKView(top_k)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        self._layout = layout
        layout.addWidget(topk_title)
        layout.addWidget(SizeGuard(self.topk_view))  # these change every step: no relayout of the window
        layout.addWidget(SizeGuard(self.cell_label))
        layout.addWidget(SizeGuard(self.info_label))
        layout.addStretch(1)
        self.topk_view.candidate_clicked.connect(self.candidate_clicked)

    def add_controls(self, controls) -> None:
        """The lab's controls of how the picture is drawn, on top of the panel."""
        self._layout.insertLayout(0, controls)
        self._layout.insertSpacing(1, 6)

    def show_step(self, step) -> None:
        """step: an engine CaptionStep or None; its emitted word is the bold one (a forced word may be lower)."""
        if step is None:
            self.topk_view.set_candidates((), (), None)
            return
        chosen = [i for i, t in enumerate(step.top_ids) if int(t) == step.token_id]
        self.topk_view.set_candidates(step.top_words, step.top_probs, chosen[0] if chosen else None)

    def show_cell(self, step, cell: Optional[tuple[int, int]]) -> None:
        if step is None or cell is None:
            self.cell_label.setText(self.tr("Hover over the picture to read a cell's attention weight."))
            return
        row, col = cell
        g = step.attention.shape[0]
        if not (row < g and col < g):
            return
        weight = float(step.attention[row, col])
        uniform = 1.0 / (g * g)
        self.cell_label.setText(self.tr(
            "Cell (row {row}, column {col}) for “{word}”: weight {weight} — "
            "{ratio}× an even share (1/{n})").format(
            row=row + 1, col=col + 1, word=step.word, weight=f"{weight:.4f}", ratio=f"{weight / uniform:.1f}",
            n=g * g))

    def show_picture(self, prepared) -> None:
        """prepared: compute.PreparedImage or None."""
        if prepared is None:
            self.info_label.setText("")
            return
        w, h = prepared.source_size
        text = self.tr("Picture: {fmt}, {w} × {h} pixels, mode {mode}.").format(
            fmt=prepared.source_format, w=w, h=h, mode=prepared.source_mode)
        if prepared.rotated:
            text += " " + self.tr("Turned upright by its EXIF orientation.")
        text += " " + self.tr("The CNN saw it stretched to {side} × {side} pixels.").format(
            side=prepared.features.side)
        self.info_label.setText(text)
