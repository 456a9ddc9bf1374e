"""The Transformer lab's own plot, built once and updated in place; texts are set by its tab. The model view's grid
and candidate bars are shared widgets (desktop_app/widgets/head_grid.py, topk.py)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_app.widgets.plots import pg


class BenchPlot(pg.PlotWidget):
    """ms against N for the two encoders, log-log, filled in point by point."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plot_item = self.getPlotItem()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.showGrid(x=True, y=True, alpha=0.25)
        self.plot_item.setLogMode(x=True, y=True)
        self.legend = self.plot_item.addLegend(offset=(10, 5))
        self.transformer_curve = self.plot_item.plot(pen=pg.mkPen("#1f77b4", width=2), symbol="o", symbolSize=7,
                                                     symbolBrush="#1f77b4", name="Transformer")
        self.gru_curve = self.plot_item.plot(pen=pg.mkPen("#ff7f0e", width=2), symbol="s", symbolSize=7,
                                             symbolBrush="#ff7f0e", name="GRU")
        self.points: list[tuple[int, float, float]] = []
        # what the plot will show, over its empty axes (empty axes alone read as "no time at all")
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setStyleSheet("color: #555; background: rgba(255, 255, 255, 220); padding: 8px;")
        self.empty_label.setAttribute(Qt.WA_TransparentForMouseEvents)

    def set_empty_text(self, text: str) -> None:
        """Shown while the plot has no point."""
        self.empty_label.setText(text)
        self._place_empty_label()

    def clear_points(self) -> None:
        self.points = []
        self.transformer_curve.setData([], [])
        self.gru_curve.setData([], [])
        self._place_empty_label()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if "empty_label" in self.__dict__:  # pyqtgraph resizes the view while it is being built
            self._place_empty_label()

    def _place_empty_label(self) -> None:
        label = self.empty_label
        label.setVisible(not self.points and bool(label.text()))
        width = max(120, min(420, self.width() - 40))
        height = label.heightForWidth(width)
        label.setGeometry((self.width() - width) // 2, max(0, (self.height() - height) // 2), width, height)

    def add_point(self, n: int, transformer_ms: float, gru_ms: float) -> None:
        self.points.append((n, transformer_ms, gru_ms))
        ns = np.array([p[0] for p in self.points], float)
        self.transformer_curve.setData(ns, np.array([max(p[1], 1e-3) for p in self.points]))
        self.gru_curve.setData(ns, np.array([max(p[2], 1e-3) for p in self.points]))
        self.empty_label.hide()

    def set_curve_names(self, transformer: str, gru: str) -> None:
        self.legend.clear()
        self.legend.addItem(self.transformer_curve, transformer)
        self.legend.addItem(self.gru_curve, gru)
