"""The waves view: PE[:, 2i] and PE[:, 2i+1] against position, for one sin/cos pair."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

SIN_COLOR = "#1f77b4"
COS_COLOR = "#ff7f0e"
MARKER_LIMIT = 64  # draw a dot at each position when there are few: positions are discrete
DENSE_LIMIT = 512  # above this, thin pens without antialiasing: stroking cost grows fast with both


class WavesView(QWidget):
    """Built once; `show_pair` moves data in place. Texts are set by the lab (it owns the translations)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.plot_widget = pg.PlotWidget()
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        # reference lines at the values a sine takes, not showGrid: pyqtgraph's antialiased grid was 18 of this
        # plot's 24 ms paint, paid three or four times while the lab opens (as in the GRU lab's unit plot)
        for level in (-1.0, -0.5, 0.0, 0.5, 1.0):
            self.plot.addItem(pg.InfiniteLine(pos=level, angle=0, pen=pg.mkPen(0, 0, 0, 50 if level else 90)),
                              ignoreBounds=True)
        self.plot.setYRange(-1.1, 1.1, padding=0)
        self.plot.getViewBox().setMouseEnabled(x=True, y=False)
        # Thousands of positions of a fast wave as a thick antialiased path took seconds to stroke on the GUI
        # thread (measured 3.5 s at 4096 points); draw at most ~2 points per pixel column instead.
        self.plot.setDownsampling(auto=True, mode="peak")
        self.plot.setClipToView(True)
        self.legend = self.plot.addLegend(offset=(-10, 5))
        self.sin_curve = self.plot.plot(pen=pg.mkPen(SIN_COLOR, width=2), name="sin")
        self.cos_curve = self.plot.plot(pen=pg.mkPen(COS_COLOR, width=2), name="cos")
        self.cursor = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#888", style=Qt.DashLine))
        self.cursor.setVisible(False)
        self.plot.addItem(self.cursor, ignoreBounds=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot_widget, 1)
        self.positions = np.zeros(0)
        self.sin_values = np.zeros(0)
        self.cos_values = np.zeros(0)
        self.pair = 0

    def show_pair(self, encoding: np.ndarray, pair: int, highlight_dim: int | None = None) -> None:
        n_positions = encoding.shape[0]
        self.pair = pair
        self.positions = np.arange(n_positions, dtype=np.float64)
        self.sin_values = encoding[:, 2 * pair]
        self.cos_values = encoding[:, 2 * pair + 1]
        with_markers = n_positions <= MARKER_LIMIT
        dense = n_positions > DENSE_LIMIT
        for curve, values, color, dim in (
            (self.sin_curve, self.sin_values, SIN_COLOR, 2 * pair),
            (self.cos_curve, self.cos_values, COS_COLOR, 2 * pair + 1),
        ):
            width = (2 if dense else 4) if highlight_dim == dim else (1 if dense else 2)
            curve.setData(
                self.positions, values, pen=pg.mkPen(color, width=width), antialias=not dense,
                symbol="o" if with_markers else None, symbolSize=5, symbolBrush=color, symbolPen=None,
            )
        self.plot.setXRange(0, max(1, n_positions - 1), padding=0.02)

    def set_curve_names(self, sin_name: str, cos_name: str) -> None:
        self.legend.clear()
        self.legend.addItem(self.sin_curve, sin_name)
        self.legend.addItem(self.cos_curve, cos_name)

    def set_cursor(self, position: int | None) -> None:
        if position is None:
            self.cursor.setVisible(False)
        else:
            self.cursor.setPos(position)
            self.cursor.setVisible(True)
