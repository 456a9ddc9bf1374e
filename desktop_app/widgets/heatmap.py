"""HeatmapView: a matrix as an image, rows top to bottom, with label axes, a colour bar and exact hover values.

Built once; `set_matrix` only changes data (setImage, setTicks, setLevels). Large matrices are shown with a
stride (every k-th row/column) so the GUI thread paints at most `max_display` pixels per axis, while hover and
click always report the exact cell of the full matrix.
"""
from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
from desktop_app.widgets.plots import pg
from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QGraphicsGridLayout, QSizePolicy, QToolTip

from desktop_app.kit.arrays import display_image, display_strides  # noqa: F401  (re-exported)
from engine.text import whole_words
from desktop_app.widgets.color_bar import ColorBar, QuietLabelAxis

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
MAX_TICK_LABELS = 40


def _tick_levels(labels: Sequence[str]) -> list[list[tuple[float, str]]]:
    """Tick levels, sparse to dense (each without the positions of the earlier ones): pyqtgraph draws the text of a
    denser level only while the labels still fit, so a short axis shows every 8th token and a tall one every token."""
    levels, shown = [], set()
    for parts in (8, MAX_TICK_LABELS):
        step = max(1, math.ceil(len(labels) / parts))
        level = [(float(k), str(labels[k])) for k in range(0, len(labels), step) if k not in shown]
        shown.update(range(0, len(labels), step))
        if level:
            levels.append(level)
    return levels


def _with_word(labels: Sequence[str] | None, index: int, label: str) -> str:
    """An axis keeps subword pieces; the hover names the whole word a piece belongs to: "##s (veranos)"."""
    if not labels or not any(str(t).startswith("##") for t in labels):
        return label
    word = whole_words(labels)[index]
    return label if word == label else f"{label} ({word})"


def default_tooltip(row_label: str, col_label: str, value: float) -> str:
    return f"{row_label} × {col_label}: {value:.6g}"


class SteadyAxis(QuietLabelAxis):
    """An axis whose room for tick labels changes in steps of 24 px, not with every label: a new token label a
    few pixels wider would otherwise re-lay out the whole plot (and repaint it) in the middle of stepping."""

    STEP = 24

    def _updateMaxTextSize(self, x):
        super()._updateMaxTextSize(math.ceil(x / self.STEP) * self.STEP if x > 0 else x)


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

        self.plot = MatrixPlot({"left": SteadyAxis("left"), "bottom": SteadyAxis("bottom"),
                                "top": QuietLabelAxis("top"), "right": QuietLabelAxis("right")})
        self.plot.hideAxis("top")  # axes passed in are shown by pyqtgraph; a heatmap labels left and bottom only
        self.plot.hideAxis("right")
        self.addItem(self.plot, row=0, col=0)
        self.plot.invertY(True)  # row 0 at the top, like a printed matrix
        for name in ("left", "bottom"):
            # ticks outside the matrix: an axis whose ticks reach into the image is repainted with every new image
            self.plot.getAxis(name).setStyle(tickLength=4)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.colorbar = ColorBar(pg.colormap.get(COLORMAPS.get(colormap, colormap)))  # right-click it to choose
        self.colorbar.setImageItem(self.image, insert_in=self.plot)
        self.colormap_name = colormap

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
        column) per step fills a steady frame instead of re-ranging (and re-laying out both axes) every step."""
        values = np.asarray(values)
        if values.ndim != 2 or values.size == 0:
            raise ValueError(f"HeatmapView needs a non-empty 2-D matrix, got shape {values.shape}")
        self._values = values
        self._row_labels = list(row_labels) if row_labels is not None else None
        self._col_labels = list(col_labels) if col_labels is not None else None
        if display is None:
            display = display_image(values, self.max_display)
        if levels is None:
            lo, hi = float(np.nanmin(display)), float(np.nanmax(display))
            levels = (lo, hi if hi > lo else lo + 1.0)
        n_rows, n_cols = values.shape
        row_step, col_step = display_strides(values.shape, self.max_display)
        self.image.setImage(display, levels=levels, autoLevels=False)
        # Cell (r, c) is centred on (c, r), so integer ticks sit under cell centres.
        rect = (-0.5, -0.5, display.shape[1] * col_step, display.shape[0] * row_step)
        if self._changed("rect", (rect, display.shape)):  # setRect scales by the image size: key on both
            self.image.setRect(QRectF(*rect))
        levels = (float(levels[0]), float(levels[1]))
        if tuple(self.colorbar.levels()) != levels:
            self.colorbar.setLevels(levels)
        for name, labels in (("left", self._row_labels), ("bottom", self._col_labels)):
            ticks = _tick_levels(labels) if labels else None
            if self._changed(name, ticks):
                self.plot.getAxis(name).setTicks(ticks)
        if title is not None:
            self.set_title(title)
        view_range = (max(n_cols, min_cols), max(n_rows, min_rows))
        if self._changed("range", view_range):
            self.plot.setRange(xRange=(-0.5, view_range[0] - 0.5), yRange=(-0.5, view_range[1] - 0.5), padding=0)

    def _changed(self, key: str, value) -> bool:
        """Remember `value` under `key`; True if it differs from what was shown (or nothing was)."""
        if key in self._shown and self._shown[key] == value:
            return False
        self._shown[key] = value
        return True

    def set_axis_titles(self, left: str, bottom: str) -> None:
        self.plot.setLabel("left", left)
        self.plot.setLabel("bottom", bottom)

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
        if 0 <= row < n_rows and 0 <= col < n_cols:
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

    def _on_scene_mouse_clicked(self, event) -> None:
        cell = self.cell_at(event.scenePos())
        if cell is not None:
            row, col = cell
            self.cell_clicked.emit(row, col, float(self._values[row, col]))

    def leaveEvent(self, event) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.hover_left.emit()
        super().leaveEvent(event)
