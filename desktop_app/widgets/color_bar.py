"""ColorBar: the colour scale beside a heatmap, with a value axis; right-click it to choose another colour map.

Why not pyqtgraph's ColorBarItem: it is a whole PlotItem (four axes, a plot-options menu, a view-box menu) and takes
about 10 ms to build, half of a heatmap view; a lab opens up to five heatmaps on the GUI thread. This one is a view
box with a 256-step gradient and one axis (about 1 ms), with the calls the app uses: setImageItem, setColorMap,
colorMap, setLevels, levels.
"""
from __future__ import annotations

import numpy as np
from desktop_app.widgets.plots import pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsGridLayout

GRADIENT = np.arange(256, dtype=np.uint8)[None, :]  # col-major ImageItem: x = 1 column, y = 256 steps (low at bottom)


class QuietLabelAxis(pg.AxisItem):
    """An AxisItem that sets its label's HTML only when the text changes. pyqtgraph re-sets it from some forty
    setters while an axis is built (setStyle, setRange, ...), each a QGraphicsTextItem.setHtml: a third of a heatmap
    view's build time, for a label that is empty or hidden on most axes."""

    def _updateLabel(self):
        html = self.labelString()
        if html != getattr(self, "_label_html", None):
            self._label_html = html
            self.label.setHtml(html)
        self._adjustSize()
        self.picture = None
        self.update()


class ColorBar(pg.GraphicsWidget):
    def __init__(self, colormap: pg.ColorMap, levels: tuple[float, float] = (0.0, 1.0), width: int = 14):
        super().__init__()
        self._image: pg.ImageItem | None = None
        self._colormap = colormap
        self._levels = (float(levels[0]), float(levels[1]))
        self._menu = None  # built on the first right-click
        layout = QGraphicsGridLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.setLayout(layout)
        self.bar_box = pg.ViewBox(enableMenu=False, enableMouse=False, border=pg.mkPen("k"), defaultPadding=0)
        self.bar_box.setMinimumWidth(width)
        self.bar_box.setMaximumWidth(width)
        self.bar = pg.ImageItem(GRADIENT, levels=(0, 255))
        self.bar_box.addItem(self.bar)
        self.bar_box.setRange(xRange=(0, 1), yRange=(0, 256), padding=0)
        self.axis = QuietLabelAxis("right")
        self.axis.setWidth(45)
        layout.addItem(self.bar_box, 0, 0)
        layout.addItem(self.axis, 0, 1)
        self._apply_colormap()
        self.axis.setRange(*self._levels)

    # what HeatmapView and the presenter use -----------------------------------------------------------------
    def setImageItem(self, image: pg.ImageItem, insert_in: pg.PlotItem | None = None) -> None:
        """Colour `image` with this bar's map and levels; with insert_in, sit right of that plot's view box."""
        self._image = image
        self._apply_colormap()
        image.setLevels(self._levels)
        if insert_in is not None:
            insert_in.layout.addItem(self, 2, 5)  # the plot's view box row, after its right-hand axis
            insert_in.layout.setColumnFixedWidth(4, 5)

    def colorMap(self) -> pg.ColorMap:
        return self._colormap

    def setColorMap(self, colormap: pg.ColorMap) -> None:
        self._colormap = colormap
        self._apply_colormap()

    def levels(self) -> tuple[float, float]:
        return self._levels

    def setLevels(self, levels: tuple[float, float]) -> None:
        self._levels = (float(levels[0]), float(levels[1]))
        self.axis.setRange(*self._levels)
        if self._image is not None:
            self._image.setLevels(self._levels)

    def _apply_colormap(self) -> None:
        lut = self._colormap.getLookupTable(nPts=256, alpha=True)
        self.bar.setLookupTable(lut)
        if self._image is not None:
            self._image.setLookupTable(lut)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        show = event.newSize().height() >= 48  # a bar one matrix row high has no room for its tick labels
        if self.axis.style["showValues"] != show:
            self.axis.setStyle(showValues=show)

    # right-click: choose a colour map ----------------------------------------------------------------------
    def mouseClickEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.RightButton:
            return
        if self._menu is None:
            from pyqtgraph.widgets.ColorMapMenu import ColorMapMenu

            self._menu = ColorMapMenu(showColorMapSubMenus=True)
            self._menu.sigColorMapTriggered.connect(self.setColorMap)
        self._menu.popup(event.screenPos().toPoint())
        event.accept()
