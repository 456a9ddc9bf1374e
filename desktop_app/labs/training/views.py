"""The Training lab's plots: loss curves, exact-match curves (one or two runs) and accuracy by input length.

Built once; each new snapshot only moves data in (setData / setOpts). Texts are set by the lab (it owns the
translations)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.widgets.heatmap import HeatmapView
from desktop_app.widgets.plots import pg

TRAIN_COLOR, HELDOUT_COLOR = "#1f77b4", "#ff7f0e"
RUN_COLORS = ("#2ca02c", "#d62728")  # the chosen run, the run without attention
MASS_COLOR = "#9467bd"


def _plot(widget: pg.PlotWidget):
    plot = widget.getPlotItem()
    plot.setMenuEnabled(False)
    plot.showGrid(x=True, y=True, alpha=0.25)
    plot.getViewBox().setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    return plot


def _marker(plot) -> pg.InfiniteLine:
    line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#555", width=1, style=Qt.DashLine))
    line.setVisible(False)
    plot.addItem(line, ignoreBounds=True)
    return line


class CurvesView(QWidget):
    """Loss (train, held-out) above, held-out exact match (%) of each run and alignment mass below; a dashed line
    marks the snapshot the timeline shows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.loss_widget, self.exact_widget = pg.PlotWidget(), pg.PlotWidget()
        self.loss_plot, self.exact_plot = _plot(self.loss_widget), _plot(self.exact_widget)
        self.loss_legend = self.loss_plot.addLegend(offset=(-10, 5))
        self.exact_legend = self.exact_plot.addLegend(offset=(10, 5))
        self.train_curve = self.loss_plot.plot(pen=pg.mkPen(TRAIN_COLOR, width=2))
        self.heldout_curve = self.loss_plot.plot(pen=pg.mkPen(HELDOUT_COLOR, width=2))
        self.exact_curves = [self.exact_plot.plot(pen=pg.mkPen(c, width=2), symbol="o", symbolSize=4,
                                                  symbolBrush=c, symbolPen=None) for c in RUN_COLORS]
        self.mass_curve = self.exact_plot.plot(pen=pg.mkPen(MASS_COLOR, width=2, style=Qt.DotLine))
        self.exact_plot.setYRange(0, 100, padding=0.02)
        self.markers = [_marker(self.loss_plot), _marker(self.exact_plot)]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_widget, 1)
        layout.addWidget(self.exact_widget, 1)
        self.names = {"train": "train", "heldout": "held-out", "runs": ["", ""], "mass": "alignment"}
        self.data: dict = {}

    def set_names(self, train: str, heldout: str, runs: list[str], mass: str) -> None:
        self.names = {"train": train, "heldout": heldout, "runs": list(runs), "mass": mass}
        self._legends()

    def _legends(self) -> None:
        self.loss_legend.clear()
        self.loss_legend.addItem(self.train_curve, self.names["train"])
        self.loss_legend.addItem(self.heldout_curve, self.names["heldout"])
        self.exact_legend.clear()
        n_runs = len(self.data.get("runs", [])) or 1
        for curve, name in list(zip(self.exact_curves, self.names["runs"]))[:n_runs]:
            self.exact_legend.addItem(curve, name)
        if self.data.get("mass_shown"):
            self.exact_legend.addItem(self.mass_curve, self.names["mass"])

    def show_curves(self, runs: list) -> None:
        """runs: compute.Curves per run (the first gives the losses and the alignment mass)."""
        first = runs[0]
        self.train_curve.setData(*_finite(first.steps, first.train_loss))
        self.heldout_curve.setData(first.steps, first.heldout_loss)
        for k, curve in enumerate(self.exact_curves):
            if k < len(runs):
                curve.setData(runs[k].steps, runs[k].exact)
                curve.setVisible(True)
            else:
                curve.setData([], [])
                curve.setVisible(False)
        mass_shown = bool(np.isfinite(first.mass).any())
        self.mass_curve.setData(*_finite(first.steps, 100 * first.mass) if mass_shown else ([], []))
        changed = self.data.get("mass_shown") != mass_shown or len(self.data.get("runs", [])) != len(runs)
        self.data = {"runs": runs, "mass_shown": mass_shown}
        if changed:
            self._legends()

    def clear(self) -> None:
        for curve in (self.train_curve, self.heldout_curve, self.mass_curve, *self.exact_curves):
            curve.setData([], [])
        self.set_marker(None)
        self.data = {}

    def set_marker(self, step) -> None:
        for line in self.markers:
            line.setVisible(step is not None)
            if step is not None:
                line.setPos(float(step))


def _finite(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = np.isfinite(y)
    return x[keep], y[keep]


class LengthBars(QWidget):
    """Held-out exact match (%) per source length, as bars (two runs: side by side)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.widget = pg.PlotWidget()
        self.plot = _plot(self.widget)
        self.plot.setYRange(0, 100, padding=0.02)
        # three fixed ticks: a short plot never crowds its percentages on top of one another
        self.plot.getAxis("left").setTicks([[(v, f"{v}") for v in (0, 50, 100)]])
        self.bars = [pg.BarGraphItem(x=[], height=[], width=0.4, brush=c) for c in RUN_COLORS]
        for bar in self.bars:
            self.plot.addItem(bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.widget)
        self.data: list = []

    def show_bars(self, runs: list) -> None:
        """runs: (lengths, exact %) per run."""
        self.data = runs
        width = 0.8 / max(1, len(runs))
        for k, bar in enumerate(self.bars):
            if k < len(runs):
                lengths, values = runs[k]
                offset = (k - (len(runs) - 1) / 2) * width
                bar.setOpts(x=lengths + offset, height=values, width=width)
                bar.setVisible(True)
            else:
                bar.setOpts(x=[], height=[])
                bar.setVisible(False)
        if runs and len(runs[0][0]):
            self.plot.setXRange(runs[0][0].min() - 0.6, runs[0][0].max() + 0.6, padding=0)

    def clear(self) -> None:
        self.show_bars([])


class AlignmentPanel(QWidget):
    """The probe's attention matrix; a model without attention gets a sentence instead of a block of one colour."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.heatmap = HeatmapView(colormap="viridis")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignCenter)
        self.note.setStyleSheet("color: #555; font-size: 11pt;")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heatmap, 1)
        layout.addWidget(self.note, 1)

    def show_matrix(self, matrix, rows, cols, title: str) -> None:
        self.note.hide()
        self.heatmap.show()
        self.heatmap.set_matrix(matrix, rows, cols, levels=(0.0, 1.0))
        self.heatmap.set_title(title)

    def clear(self) -> None:
        """A new run: no matrix until its first snapshot (the heatmap's empty text says so)."""
        self.note.hide()
        self.heatmap.show()
        self.heatmap.set_matrix(np.zeros((0, 0)))

    def show_note(self, text: str) -> None:
        self.heatmap.hide()
        self.note.setText(text)
        self.note.show()
