"""HeatmapView: a matrix as an image, rows top to bottom, with label axes, a colour bar and exact hover values.

Built once; `set_matrix` only changes data (setImage, the axes' labels, setLevels). Large matrices are shown with a
stride (every k-th row/column) so the GUI thread paints at most `max_display` pixels per axis, while hover and
click always report the exact cell of the full matrix.

Readable at every size: the axes (widgets/token_axis.py) label every token when the labels fit, else the ones that
matter, never overlapping; `set_current_row` / `set_current_col` mark a row or column beside the map, not over its
cells; a matrix without rows or columns shows `set_empty_text` instead of a block of colour; `set_max_cell_aspect`
keeps the cells of a map with few columns square-ish.
"""
from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
from desktop_app.widgets.plots import pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetricsF, QTextOption
from PySide6.QtWidgets import QGraphicsGridLayout, QGraphicsTextItem, QSizePolicy, QToolTip

from desktop_app.kit.arrays import display_image, display_strides  # noqa: F401  (re-exported)
from engine.text import whole_words
from desktop_app.widgets.color_bar import ColorBar, QuietLabelAxis
from desktop_app.widgets.token_axis import (  # noqa: F401  (re-exported)
    LABEL_GAP, MARK_COL, MARK_ROW, MAX_LABEL_PX, SteadyAxis, TokenAxis, label_priority,
)

# Display name -> pyqtgraph colour map shipped with pyqtgraph (no matplotlib needed).
COLORMAPS = {
    "viridis": "viridis",
    "diverging": "CET-D1",
    "inferno": "inferno",
    "grey": "CET-L1",
    # presenter mode (desktop_app/lessons/presenter.py): a projector-friendly and a colour-blind-safe pair
    "high-contrast": "CET-L3",  # black → red → yellow → white: luminance rises steadily, readable when washed out
    "high-contrast-diverging": "CET-D1A",
    "cividis": "cividis",  # colour-blind safe, sequential
    "colour-blind-diverging": "CET-CBD1",  # colour-blind safe blue ↔ yellow
}
def _with_word(labels: Sequence[str] | None, index: int, label: str) -> str:
    """An axis keeps subword pieces; the hover names the whole word a piece belongs to: "##s (veranos)"."""
    if not labels or not any(str(t).startswith("##") for t in labels):
        return label
    word = whole_words(labels)[index]
    return label if word == label else f"{label} ({word})"


def default_tooltip(row_label: str, col_label: str, value: float) -> str:
    return f"{row_label} × {col_label}: {value:.6g}"


class MatrixPlot(pg.PlotItem):
    """A PlotItem without its plot-options menu and auto-range button: that menu (a form of some 60 widgets, built
    with every PlotItem) is most of a PlotItem's build time, and a lab builds up to seven heatmaps while the user
    waits. Set up here: the view box, the four axes (top and right hidden), the title, the layout PlotItem's
    methods use; what needs the options menu (data curves, log mode, averaging) is not used on a heatmap."""

    def __init__(self, axis_items: dict):
        pg.GraphicsWidget.__init__(self)  # not PlotItem.__init__: that builds the menu
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.autoBtn = None  # PlotItem.resizeEvent places this button; None means "none"
        self.buttonsHidden, self.mouseHovering = True, False
        self.ctrlMenu, self._menuEnabled = None, False
        self.items, self.dataItems, self.curves, self.legend = [], [], [], None
        self.layout = QGraphicsGridLayout()
        self.layout.setContentsMargins(1, 1, 1, 1)
        self.layout.setHorizontalSpacing(0)
        self.layout.setVerticalSpacing(0)
        self.setLayout(self.layout)
        self.vb = pg.ViewBox(parent=self, enableMenu=False)
        self.layout.addItem(self.vb, 2, 1)
        self.axes = {}
        self.setAxisItems(axis_items)
        self.titleLabel = pg.LabelItem("", size="11pt", parent=self)
        self.layout.addItem(self.titleLabel, 0, 1)
        self.setTitle(None)
        for i in range(4):  # as PlotItem: the view box row and column take the room
            self.layout.setRowPreferredHeight(i, 0)
            self.layout.setRowMinimumHeight(i, 0)
            self.layout.setRowSpacing(i, 0)
            self.layout.setRowStretchFactor(i, 1)
        for i in range(3):
            self.layout.setColumnPreferredWidth(i, 0)
            self.layout.setColumnMinimumWidth(i, 0)
            self.layout.setColumnSpacing(i, 0)
            self.layout.setColumnStretchFactor(i, 1)
        self.layout.setRowStretchFactor(2, 100)
        self.layout.setColumnStretchFactor(1, 100)

    def addItem(self, item, *args, **kwargs) -> None:
        """Into the view box (an image, a marker, a box); PlotItem's version also configures data curves from the
        options menu this plot does not have."""
        self.items.append(item)
        self.vb.addItem(item, *args, **{k: v for k, v in kwargs.items() if k == "ignoreBounds"})

    def updateButtons(self) -> None:  # no auto-range button
        pass


class HeatmapView(pg.GraphicsLayoutWidget):
    """A matrix heatmap. Signals carry indices into the full matrix and the exact value there."""

    cell_hovered = Signal(int, int, float)
    cell_clicked = Signal(int, int, float)
    column_clicked = Signal(int)  # a click on a column (a cell, its label, or the column of a map without rows)
    hover_left = Signal()

    def __init__(self, parent=None, colormap: str = "viridis", max_display: int = 1024):
        super().__init__(parent)
        self.max_display = max_display
        self._values = np.zeros((1, 1))
        self._row_labels: list[str] | None = None
        self._col_labels: list[str] | None = None
        self._hovered: tuple[int, int] | None = None
        # What the axes, colour bar, image rectangle and title show now: set_matrix touches them only when they
        # change, because every setTicks / setRange makes pyqtgraph lay out all the tick texts again.
        self._shown: dict[str, object] = {}
        self.tooltip_formatter: Callable[[str, str, float], str] = default_tooltip

        self._empty = True  # no matrix yet, or one without rows or columns: the empty text shows instead
        self._current_row: int | None = None
        self._max_cell_aspect: float | None = None
        self._extent = (1, 1)  # columns and rows the view spans (min_cols, min_rows applied)
        self._column_cap: tuple[tuple, float] = ((), 0.0)  # (frame, the widest column it was given): _apply_range

        self.plot = MatrixPlot({"left": TokenAxis("left"), "bottom": TokenAxis("bottom"),
                                "top": QuietLabelAxis("top"), "right": QuietLabelAxis("right")})
        self.plot.hideAxis("top")  # axes passed in are shown by pyqtgraph; a heatmap labels left and bottom only
        self.plot.hideAxis("right")
        self.addItem(self.plot, row=0, col=0)
        self._margins = self.ci.layout.getContentsMargins()  # set_max_cell_aspect widens the left and right ones
        self.plot.invertY(True)  # row 0 at the top, like a printed matrix
        for name in ("left", "bottom"):
            # ticks outside the matrix: an axis whose ticks reach into the image is repainted with every new image
            self.plot.getAxis(name).setStyle(tickLength=4)
            self.plot.getAxis(name).enableAutoSIPrefix(False)  # token axes: an empty one titled "(x0.001)" otherwise
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.colorbar = ColorBar(pg.colormap.get(COLORMAPS.get(colormap, colormap)))  # right-click it to choose
        self.colorbar.setImageItem(self.image, insert_in=self.plot)
        self.colormap_name = colormap
        # what the map will show, while it has no rows (set_empty_text): in the view box's pixels, centred
        self.empty_item = QGraphicsTextItem(self.plot.vb)
        self.empty_item.setDefaultTextColor(QColor("#555555"))
        self.empty_item.document().setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignCenter))
        self.empty_item.setZValue(20)
        self.empty_item.setVisible(False)
        self.plot.vb.sigResized.connect(self._on_view_box_resized)

        self.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)

    # data -------------------------------------------------------------------------------------------------
    def set_matrix(
        self,
        values: np.ndarray,
        row_labels: Sequence[str] | None = None,
        col_labels: Sequence[str] | None = None,
        title: str | None = None,
        levels: tuple[float, float] | None = None,
        display: np.ndarray | None = None,
        min_rows: int = 0,
        min_cols: int = 0,
    ) -> None:
        """Show `values` (rows x cols). `display` is an optional precomputed `display_image(values)`.

        min_rows, min_cols: the view spans at least this many rows / columns, so a matrix growing one row (or
        column) per step fills a steady frame instead of re-ranging (and re-laying out both axes) every step.
        A matrix without rows or columns shows the empty text (set_empty_text) instead of a block of colour; its
        labels, if any, stay on their axis."""
        values = np.asarray(values)
        if values.ndim != 2:
            raise ValueError(f"HeatmapView needs a 2-D matrix, got shape {values.shape}")
        self._values = values
        self._row_labels = list(row_labels) if row_labels is not None else None
        self._col_labels = list(col_labels) if col_labels is not None else None
        n_rows, n_cols = values.shape
        self._empty = values.size == 0
        if not self._empty:
            if display is None:
                display = display_image(values, self.max_display)
            if levels is None:
                lo, hi = float(np.nanmin(display)), float(np.nanmax(display))
                levels = (lo, hi if hi > lo else lo + 1.0)
            row_step, col_step = display_strides(values.shape, self.max_display)
            self.image.setImage(display, levels=levels, autoLevels=False)
            # Cell (r, c) is centred on (c, r), so integer ticks sit under cell centres.
            rect = (-0.5, -0.5, display.shape[1] * col_step, display.shape[0] * row_step)
            if self._changed("rect", (rect, display.shape)):  # setRect scales by the image size: key on both
                self.image.setRect(QRectF(*rect))
        if self.image.isVisible() == self._empty:
            self.image.setVisible(not self._empty)
        if levels is not None:
            levels = (float(levels[0]), float(levels[1]))
            if tuple(self.colorbar.levels()) != levels:
                self.colorbar.setLevels(levels)
        for name, labels, n in (("left", self._row_labels, n_rows), ("bottom", self._col_labels, n_cols)):
            # no rows (or columns): no numbers on that axis either
            self.plot.getAxis(name).set_labels([] if n == 0 else labels or None)
        if title is not None:
            self.set_title(title)
        self._extent = (max(n_cols, min_cols, 1), max(n_rows, min_rows, 1))
        self._apply_range()
        self._apply_current_row()
        self._place_empty_text()

    # what the map marks and says ----------------------------------------------------------------------------
    def set_current_row(self, row: int | None) -> None:
        """Mark row `row` beside the map (its label in bold on a tint, a triangle pointing at it), never over its
        cells; when not every column label fits, the columns carrying this row's largest weights are labelled
        first. None: no row marked."""
        self._current_row = None if row is None else int(row)
        self._apply_current_row()

    def set_current_col(self, col: int | None, color: str | None = None) -> None:
        """Mark column `col` under the map the same way (another colour: MARK_COL unless `color`)."""
        self.plot.getAxis("bottom").set_mark(col, color)

    @property
    def current_row(self) -> int | None:
        return self._current_row

    def _apply_current_row(self) -> None:
        row, n_rows = self._current_row, self._values.shape[0]
        inside = row is not None and 0 <= row < n_rows and not self._empty
        self.plot.getAxis("left").set_mark(row if inside else None)
        weights = self._values[row] if inside else None
        self.plot.getAxis("bottom").set_priority(
            label_priority(self._values.shape[1], weights, self.plot.getAxis("bottom").mark) if inside else None)

    def set_empty_text(self, text: str) -> None:
        """What the map says while it has no rows or columns (e.g. "Press Step: each row will show where the
        decoder looks"); "" shows nothing there."""
        if text != self.empty_item.toPlainText():
            self.empty_item.setPlainText(text)
        self._place_empty_text()

    def is_empty(self) -> bool:
        return self._empty

    def _place_empty_text(self) -> None:
        shown = self._empty and bool(self.empty_item.toPlainText())
        if shown:
            box = self.plot.vb.rect()
            self.empty_item.setTextWidth(max(40.0, box.width() - 16))
            height = self.empty_item.boundingRect().height()
            self.empty_item.setPos(box.left() + 8, box.top() + max(0.0, (box.height() - height) / 2))
        if self.empty_item.isVisible() != shown:
            self.empty_item.setVisible(shown)

    def set_max_cell_aspect(self, ratio: float | None) -> None:
        """Columns at most `ratio` times as wide as rows are tall (or as wide as their labels need, at least three
        lines of text): a map of few columns keeps square-ish cells, with its axes and colour bar centred in the
        view, instead of stretching each column over a fifth of the width. None: the map fills the width."""
        self._max_cell_aspect = ratio
        self._apply_range()

    def _apply_range(self) -> None:
        n_cols, n_rows = self._extent
        pad = 0.0
        box = self.plot.vb.rect()
        if self._max_cell_aspect is not None and box.width() > 0 and box.height() > 0:
            font = QFont(self.font())
            font.setBold(True)  # room for a marked (bold) label too
            metrics = QFontMetricsF(font)
            widest = max((metrics.horizontalAdvance(str(t)) for t in self._col_labels or ()), default=0.0)
            cap = max(self._max_cell_aspect * box.height() / n_rows, min(widest, MAX_LABEL_PX) + LABEL_GAP,
                      3 * metrics.height())
            # In a steady frame (the same extent and room: a map growing or shrinking a column inside its min_cols,
            # or emptied) the columns never narrow again, so stepping back and forth does not re-pad and re-lay out
            # the plot with every longest label that comes and goes.
            width = box.width() + 2 * self._padding()
            frame = (n_cols, n_rows, round(width), round(box.height()))
            if self._column_cap[0] == frame:
                cap = max(cap, self._column_cap[1])
            self._column_cap = (frame, cap)
            # the map (with its axes and colour bar) narrower than the view, in its middle
            pad = max(0.0, (width - n_cols * cap) / 2)
        if self._changed("pad", round(pad)):
            left, top, right, bottom = self._margins
            self.ci.layout.setContentsMargins(left + round(pad), top, right + round(pad), bottom)
            self.ci.layout.activate()  # now, not after a paint of the old layout (one paint per step, not two)
        if self._changed("range", (n_cols, n_rows)):
            self.plot.setRange(xRange=(-0.5, n_cols - 0.5), yRange=(-0.5, n_rows - 0.5), padding=0)
        # the new range's transform now: pyqtgraph defers it to the paint, whose items then ask for a second paint
        self.plot.vb.updateMatrix()

    def set_margins(self, left: int, top: int, right: int, bottom: int) -> None:
        """The blank frame around the plot (pyqtgraph's default: 9 px each side); a thin band or a grid of small
        maps takes less."""
        self._margins = (left, top, right, bottom)
        pad = round(self._padding())
        self.ci.layout.setContentsMargins(left + pad, top, right + pad, bottom)

    def _padding(self) -> float:
        """The padding on either side set_max_cell_aspect added now."""
        return float(self._shown.get("pad", 0))

    def resizeEvent(self, event) -> None:
        # Shrunk by more than the side padding can give back, the layout cannot fit and the view box is not resized
        # (so the padding would never be recomputed): start from no padding and recompute it for the new width.
        if getattr(self, "_max_cell_aspect", None) is not None and event.oldSize().width() > event.size().width() \
                and self._padding() > 0:
            self._shown["pad"] = 0
            left, top, right, bottom = self._margins
            self.ci.layout.setContentsMargins(left, top, right, bottom)
        super().resizeEvent(event)

    def _on_view_box_resized(self, *_args) -> None:
        if self._max_cell_aspect is not None:
            self._apply_range()
        self._place_empty_text()

    def _changed(self, key: str, value) -> bool:
        """Remember `value` under `key`; True if it differs from what was shown (or nothing was)."""
        if key in self._shown and self._shown[key] == value:
            return False
        self._shown[key] = value
        return True

    def set_axis_titles(self, left: str, bottom: str) -> None:
        """An empty title takes no room (pyqtgraph keeps a line for an empty label)."""
        for name, text in (("left", left), ("bottom", bottom)):
            self.plot.setLabel(name, text)
            if not text:
                self.plot.getAxis(name).showLabel(False)

    def set_title(self, title: str) -> None:
        if self._changed("title", title):
            self.plot.setTitle(title)

    def set_colormap(self, name: str) -> None:
        self.colormap_name = name
        self.colorbar.setColorMap(pg.colormap.get(COLORMAPS.get(name, name)))

    @property
    def values(self) -> np.ndarray:
        return self._values

    def row_label(self, row: int) -> str:
        return self._row_labels[row] if self._row_labels else str(row)

    def col_label(self, col: int) -> str:
        return self._col_labels[col] if self._col_labels else str(col)

    # mouse ------------------------------------------------------------------------------------------------
    def cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        view_box = self.plot.getViewBox()
        if not view_box.sceneBoundingRect().contains(scene_pos):
            return None
        point = view_box.mapSceneToView(scene_pos)
        row, col = math.floor(point.y() + 0.5), math.floor(point.x() + 0.5)
        n_rows, n_cols = self._values.shape
        if not self._empty and 0 <= row < n_rows and 0 <= col < n_cols:
            return row, col
        return None

    def _on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        cell = self.cell_at(scene_pos)
        if cell is None:
            if self._hovered is not None:
                self._hovered = None
                QToolTip.hideText()
                self.hover_left.emit()
            return
        self._hovered = cell
        row, col = cell
        value = float(self._values[row, col])
        text = self.tooltip_formatter(_with_word(self._row_labels, row, self.row_label(row)),
                                      _with_word(self._col_labels, col, self.col_label(col)), value)
        QToolTip.showText(QCursor.pos(), text, self)
        self.cell_hovered.emit(row, col, value)

    def column_at(self, scene_pos: QPointF) -> int | None:
        """The column under `scene_pos` in the map or on its bottom axis, rows or no rows."""
        view_box, axis = self.plot.getViewBox(), self.plot.getAxis("bottom")
        area = view_box.sceneBoundingRect().united(axis.sceneBoundingRect())
        if not area.contains(scene_pos) or scene_pos.x() > view_box.sceneBoundingRect().right():
            return None
        col = math.floor(view_box.mapSceneToView(scene_pos).x() + 0.5)
        return col if 0 <= col < self._values.shape[1] else None

    def _on_scene_mouse_clicked(self, event) -> None:
        cell = self.cell_at(event.scenePos())
        if cell is not None:
            row, col = cell
            self.cell_clicked.emit(row, col, float(self._values[row, col]))
        col = self.column_at(event.scenePos())
        if col is not None:
            self.column_clicked.emit(col)

    def leaveEvent(self, event) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.hover_left.emit()
        super().leaveEvent(event)
