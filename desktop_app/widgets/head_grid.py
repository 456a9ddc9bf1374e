"""HeadGrid: the model view, layers x heads small heatmaps of one attention kind; click a cell to pick it.

Built once per model shape; `set_matrices` only changes image data. Shared by the Transformer and BERT labs.
Switch mode (what-if): a click on a cell asks to switch that head off or on (`head_switched`), a click on a layer's
label the whole layer (`layer_switched`); `set_off` draws the heads that are off crossed out and greyed.
"""
from __future__ import annotations

import numpy as np
from desktop_app.widgets.plots import pg
from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontMetrics

from desktop_app.widgets.heatmap import COLORMAPS, display_image

SELECTED_PEN = pg.mkPen("#d62728", width=3)
PLAIN_PEN = pg.mkPen("#bbbbbb", width=1)
GRID_MAX_DISPLAY = 256  # pixels per axis in a small cell; the large view shows the exact matrix
SMALL_CELL_PIXELS = 96 * 96  # up to this size a cell is handed over as RGBA (see HeadGrid._colours)
OFF_PEN = pg.mkPen("#d62728", width=2)
OFF_OPACITY = 0.25


def zero_heads(matrices: np.ndarray) -> np.ndarray:
    """(L, H) bool: the heads whose attention is exactly zero everywhere, i.e. switched off (What if); none while
    the matrices are empty (a decoder before its first step)."""
    matrices = np.asarray(matrices)
    if matrices.ndim != 4 or matrices.shape[2] == 0 or matrices.shape[3] == 0:
        return np.zeros(matrices.shape[:2], dtype=bool)
    return ~matrices.reshape(matrices.shape[0], matrices.shape[1], -1).any(axis=2)


class HeadGrid(pg.GraphicsLayoutWidget):
    """Layers x heads small heatmaps of one attention kind. Click a cell: `head_clicked(layer, head)`."""

    head_clicked = Signal(int, int)
    head_switched = Signal(int, int)  # switch mode: this head should go off (or on again)
    layer_switched = Signal(int)  # switch mode: every head of this layer should go off (or on again)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.shape = (0, 0)
        self.boxes: list[list[pg.ViewBox]] = []
        self.images: list[list[pg.ImageItem]] = []
        self.row_labels: list[pg.LabelItem] = []
        self.col_labels: list[pg.LabelItem] = []
        self._cell_shape: tuple[int, int] | None = None  # rows, columns a cell spans (its frame)
        self._image_shape: tuple[int, int] | None = None  # rows, columns of the maps shown
        self._selected = (0, 0)
        self._row_format = "layer {n}"
        self._col_format = "head {n}"
        self.colormap_name = "viridis"
        self._matrices: np.ndarray | None = None
        self._lut_name = "viridis"  # the map painted now: colormap_name, or presenter mode's
        self._set_lut("viridis")
        self.switch_mode = False
        self._off = np.zeros((0, 0), dtype=bool)
        self._crosses: list[list[pg.PlotCurveItem]] = []
        self._unbuilt = False  # set_shape while hidden: the cells are made when the grid is first shown
        self.ci.layout.setSpacing(3)
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)

    def _set_lut(self, name: str) -> None:
        self._lut = pg.colormap.get(COLORMAPS.get(name, name)).getLookupTable(nPts=256)  # (256, 3) uint8
        self._lut_rgba = np.concatenate([self._lut, np.full((256, 1), 255, np.uint8)], axis=1)  # (256, 4)

    def set_colormap(self, name: str) -> None:
        """Recolour the cells (presenter mode gives the grid the same map as the large view beside it)."""
        if name == self._lut_name:
            return
        self._lut_name = name
        self._set_lut(name)
        for row in self.images:
            for image in row:
                image.setLookupTable(self._lut)
        if self._matrices is not None:
            self.set_matrices(self._matrices)

    def set_shape(self, n_layers: int, n_heads: int) -> None:
        """Build the cells (only when the model's shape changes). A grid not on screen (a What if tab not opened
        yet) builds them when first shown: BERT's 72 cells were 290 ms of the GUI thread as its model loaded; what
        is set meanwhile (heads off, the picked head, maps) is kept and drawn then."""
        if (n_layers, n_heads) == self.shape:
            return
        self.clear()
        self.shape = (n_layers, n_heads)
        self.boxes, self.images, self.row_labels, self.col_labels, self._crosses = [], [], [], [], []
        self._cell_shape = self._image_shape = None
        self._unbuilt = not self.isVisible()
        if not self._unbuilt:
            self._build()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._unbuilt:
            self._build()
            if self._matrices is not None and self._matrices.shape[:2] == self.shape:
                self.set_matrices(self._matrices)

    def _build(self) -> None:
        self._unbuilt = False
        n_layers, n_heads = self.shape
        for h in range(n_heads):
            label = self.addLabel("", row=0, col=h + 1, size="9pt")
            self.col_labels.append(label)
        for layer in range(n_layers):
            label = self.addLabel("", row=layer + 1, col=0, angle=-90, size="9pt")
            self.row_labels.append(label)
            boxes, images, crosses = [], [], []
            for h in range(n_heads):
                box = self.addViewBox(row=layer + 1, col=h + 1, invertY=True, enableMouse=False, enableMenu=False)
                box.setBorder(PLAIN_PEN)
                image = pg.ImageItem(axisOrder="row-major")  # given colour indices: see _colours
                image.setLookupTable(self._lut)
                box.addItem(image)
                cross = pg.PlotCurveItem(pen=OFF_PEN, connect="pairs")  # an X over a head that is off
                cross.setZValue(10)
                cross.hide()
                box.addItem(cross)
                boxes.append(box)
                images.append(image)
                crosses.append(cross)
            self.boxes.append(boxes)
            self.images.append(images)
            self._crosses.append(crosses)
        self.set_header_formats(self._row_format, self._col_format)
        self.select(*self._selected)
        off = self._off if self._off.shape == self.shape else np.zeros(self.shape, dtype=bool)
        self._off = np.zeros((0, 0), dtype=bool)
        self.set_off(off)

    def set_switch_mode(self, on: bool) -> None:
        """In switch mode a click switches a head (or, on a layer's label, a layer) instead of picking it."""
        self.switch_mode = bool(on)

    def set_off(self, off) -> None:
        """off: (L, H) bool (or a 0/1 head mask: 0 = off). Off heads are drawn crossed out and greyed."""
        off = np.asarray(off)
        off = (off == 0) if off.dtype != bool else off
        if off.shape != self.shape:
            off = np.zeros(self.shape, dtype=bool)
        self._off = off.copy()
        rows, cols = self._image_shape or (1, 1)
        for layer, row in enumerate(self._crosses):
            for h, cross in enumerate(row):
                is_off = bool(off[layer, h])
                self.images[layer][h].setOpacity(OFF_OPACITY if is_off else 1.0)
                if is_off:
                    cross.setData(np.array([0, cols, 0, cols], float), np.array([0, rows, rows, 0], float))
                cross.setVisible(is_off)

    @property
    def off(self) -> np.ndarray:
        """(L, H) bool: the heads drawn as off."""
        return self._off.copy()

    def set_header_formats(self, row_format: str, col_format: str) -> None:
        self._row_format, self._col_format = row_format, col_format
        for i, label in enumerate(self.row_labels):
            label.setText(row_format.format(n=i + 1), size="9pt")
        self._set_col_headers()

    def _set_col_headers(self) -> None:
        """'head 7' where it fits above a cell, the bare number where it does not (12 heads in a narrow grid)."""
        if not getattr(self, "col_labels", None):  # pyqtgraph resizes the view while it is being built
            return
        font = QFont(self.font())
        font.setPointSizeF(9)
        widest = QFontMetrics(font).horizontalAdvance(self._col_format.format(n=len(self.col_labels)))
        room = (self.width() - 30) / len(self.col_labels)  # the row labels' column takes about 30 px
        fmt = self._col_format if widest + 6 <= room else "{n}"
        for i, label in enumerate(self.col_labels):
            text = fmt.format(n=i + 1)
            if label.text != text:
                label.setText(text, size="9pt")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._set_col_headers()

    def set_matrices(self, matrices: np.ndarray, frame: tuple[int, int] = (0, 0)) -> None:
        """matrices (L, H, R, C); an empty R or C shows blank cells. frame: the rows and columns each cell spans at
        least, so maps growing a row a step keep their frame (and skip re-ranging 16 view boxes) for a while."""
        self._matrices = matrices
        n_layers, n_heads = matrices.shape[:2]
        self.set_shape(n_layers, n_heads)
        if self._unbuilt:
            return  # drawn when the grid is shown and built
        empty = matrices.shape[2] == 0 or matrices.shape[3] == 0
        image_shape = (1, 1) if empty else matrices.shape[2:]
        cell_shape = (max(image_shape[0], frame[0]), max(image_shape[1], frame[1]))
        for layer in range(n_layers):
            for h in range(n_heads):
                image = self.images[layer][h]
                if image.isVisible() == empty:  # no rows yet (a decoder before its first step): a blank cell,
                    image.setVisible(not empty)  # not a block of the colour map's lowest colour
                if empty:
                    continue
                colours = self._colours(matrices[layer, h])
                image.setImage(colours, levels=None if colours.ndim == 3 else (0, 255), autoLevels=False)
        if image_shape != self._image_shape:
            self._image_shape = image_shape
            for row in self.images:
                for image in row:
                    image.setRect(0, 0, image_shape[1], image_shape[0])
            if self._off.any():
                self.set_off(self._off)  # the crosses span the new maps
        if cell_shape != self._cell_shape:
            self._cell_shape = cell_shape
            for row in self.boxes:
                for box in row:
                    box.setRange(xRange=(0, cell_shape[1]), yRange=(0, cell_shape[0]), padding=0.02)

    def _colours(self, matrix: np.ndarray) -> np.ndarray:
        """The cell scaled to its own maximum, as what paints fastest. Handed floats, pyqtgraph rescales every cell
        at every paint. uint8 indices (levels 0..255) become an 8-bit image, but pyqtgraph builds its Qt colour
        table in Python each time (~0.3 ms a cell): for small cells (GPT, Transformer) RGBA bytes coloured here cost
        less; for large ones (BERT at 512 tokens: 72 cells of 256 x 256) the 8-bit image does."""
        m = display_image(matrix, GRID_MAX_DISPLAY)
        hi = float(m.max())
        index = np.clip(m * (255.0 / hi if hi > 0 else 255.0), 0, 255).astype(np.uint8)
        return self._lut_rgba[index] if index.size <= SMALL_CELL_PIXELS else index

    def select(self, layer: int, head: int) -> None:
        self._selected = (layer, head)
        for i, row in enumerate(self.boxes):
            for j, box in enumerate(row):
                box.setBorder(SELECTED_PEN if (i, j) == (layer, head) else PLAIN_PEN)

    def cell_at(self, scene_pos) -> tuple[int, int] | None:
        for i, row in enumerate(self.boxes):
            for j, box in enumerate(row):
                if box.sceneBoundingRect().contains(scene_pos):
                    return i, j
        return None

    def layer_at(self, scene_pos) -> int | None:
        for i, label in enumerate(self.row_labels):
            if label.sceneBoundingRect().contains(scene_pos):
                return i
        return None

    def _on_scene_clicked(self, event) -> None:
        cell = self.cell_at(event.scenePos())
        if cell is not None:
            if self.switch_mode:
                self.head_switched.emit(*cell)
            else:
                self.head_clicked.emit(*cell)
            return
        layer = self.layer_at(event.scenePos()) if self.switch_mode else None
        if layer is not None:
            self.layer_switched.emit(layer)
