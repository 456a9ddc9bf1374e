"""Views of the GRU Gates lab, built once and updated in place: the four gate heatmaps, one unit over time with its
equations."""
from __future__ import annotations

import html
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QSplitter, QWidget

from desktop_app.labs.gru.compute import GATES, GENERAL_EQUATIONS
from desktop_app.widgets.heatmap import HeatmapView

LINE_COLOURS = {"r": "#1f77b4", "z": "#ff7f0e", "n": "#2ca02c", "h": "#d62728"}


def _levels(gate: str) -> tuple[float, float]:
    return (0.0, 1.0) if gate in ("z", "r") else (-1.0, 1.0)  # gates in (0, 1), states in (-1, 1)


class GateGrid(QWidget):
    """z, r, n, h as units x time heatmaps in a 2 x 2 grid, each framed with its Export button; a marker on the
    picked cell, whose unit and time step are also marked beside the maps."""

    cell_clicked = Signal(str, int, int, float)  # gate, row, col, value
    cell_hovered = Signal(str, int, int, float)

    def __init__(self, add_view: Callable, export_data: Callable[[str], Callable], ready: Callable[[], bool],
                 parent=None):
        """add_view: the lab's LabFrame.add_view; export_data(gate) -> that view's export function."""
        super().__init__(parent)
        self.views: dict[str, HeatmapView] = {}
        self.titles: dict[str, QLabel] = {}
        self.markers: dict[str, pg.ScatterPlotItem] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for k, gate in enumerate(GATES):
            view = HeatmapView(colormap="viridis" if gate in ("z", "r") else "diverging")
            view.setMinimumHeight(120)
            view.set_margins(2, 7, 2, 2)  # four maps share the height: little frame around each
            view.set_max_cell_aspect(2.0)  # 5 time steps: columns as wide as their tokens, not a fifth of the map
            # titles wrap (a narrow window gets two lines), in a guard: the "× n steps" changes every step
            title, frame = add_view(gate, view, export_data(gate), ready=ready, guard_title=True)
            self.views[gate], self.titles[gate] = view, title
            grid.addWidget(frame, k // 2, k % 2)
            view.cell_clicked.connect(lambda row, col, value, g=gate: self.cell_clicked.emit(g, row, col, value))
            view.cell_hovered.connect(lambda row, col, value, g=gate: self.cell_hovered.emit(g, row, col, value))
            marker = pg.ScatterPlotItem(size=14, symbol="s", pen=pg.mkPen("#ff00ff", width=2), brush=None)
            marker.setZValue(10)
            view.plot.addItem(marker)
            view.marker = marker
            self.markers[gate] = marker

    def show_empty(self, hidden: int, text: str = "", min_cols: int = 0) -> None:
        """No time steps yet (the decoder before its first step): the unit labels, no columns, and `text` where the
        columns will be, instead of a block of one colour; in the frame of min_cols columns, as show_matrices."""
        labels = [str(u) for u in range(hidden)]
        for gate, view in self.views.items():
            view.set_empty_text(text)
            view.set_matrix(np.zeros((hidden, 0), dtype=np.float32), row_labels=labels, col_labels=[],
                            levels=_levels(gate), min_cols=min_cols)
        self.mark(None)

    def show_matrices(self, matrices: dict[str, np.ndarray], order: np.ndarray, time_labels: list[str],
                      min_cols: int = 0) -> None:
        """min_cols: the columns the maps span at least (a decoder's expected length), so a map growing one column
        per step keeps its frame instead of re-laying out its axes and padding every step."""
        labels = [str(u) for u in order]
        for gate, view in self.views.items():
            view.set_matrix(matrices[gate][order], row_labels=labels, col_labels=time_labels, levels=_levels(gate),
                            min_cols=min_cols)

    def mark(self, cell: tuple[int, int] | None) -> None:
        """Marker on (row, col) of every heatmap, and its unit and time step marked beside the maps; None clears
        them."""
        for gate, marker in self.markers.items():
            # hidden, not emptied: an empty scatter still computed its bounds and painted, ~0.5 ms a map a step
            if cell is not None:
                marker.setData([cell[1]], [cell[0]])
            if marker.isVisible() != (cell is not None):
                marker.setVisible(cell is not None)
            self.views[gate].set_current_row(cell[0] if cell is not None else None)
            self.views[gate].set_current_col(cell[1] if cell is not None else None)


class UnitPanel(QSplitter):
    """The picked unit's r, z, n, h as lines over time (framed, exportable), and its equations with numbers."""

    def __init__(self, add_view: Callable, export_data: Callable, ready: Callable[[], bool], parent=None):
        super().__init__(Qt.Horizontal, parent)
        self.plot = pg.PlotWidget()
        self.plot.setBackground("w")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        # reference lines where gates and states saturate, not showGrid: pyqtgraph's antialiased grid was 3 of
        # this plot's 4.5 ms paint, and the plot repaints with every step
        for level in (-1.0, -0.5, 0.0, 0.5, 1.0):
            self.plot.addItem(pg.InfiniteLine(pos=level, angle=0, pen=pg.mkPen(0, 0, 0, 50 if level else 90)))
        self.plot.addLegend(offset=(-5, 2), colCount=4)
        self.curves = {g: self.plot.plot([], [], pen=pg.mkPen(LINE_COLOURS[g], width=2), symbol="o", symbolSize=5,
                                         symbolBrush=LINE_COLOURS[g], name=g) for g in ("r", "z", "n", "h")}
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#888", style=Qt.DashLine))
        self.plot.addItem(self.cursor)
        self.title, unit_frame = add_view("unit", self.plot, export_data, ready=ready, wrap_title=False)
        self.equation_label = QLabel()
        self.equation_label.setTextFormat(Qt.RichText)
        self.equation_label.setWordWrap(True)
        self.equation_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.equation_label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.equation_label.setObjectName("formulaPanel")
        self.equation_label.setStyleSheet("#formulaPanel { background: #f7f7fa; border: 1px solid #d0d0d8; "
                                          "border-radius: 4px; padding: 6px; }")
        self.equation_label.setMinimumWidth(440)
        equations = QScrollArea()  # a short window scrolls the equations instead of cutting their last lines
        equations.setWidget(self.equation_label)
        equations.setWidgetResizable(True)
        equations.setFrameShape(QFrame.NoFrame)
        equations.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        equations.setMinimumSize(460, 60)  # the label's 440 and a vertical scroll bar
        self.addWidget(unit_frame)
        self.addWidget(equations)
        self.setChildrenCollapsible(False)
        self.setSizes([420, 640])

    def clear(self) -> bool:
        """No unit picked; True if one was shown (its ticks and status-bar readout no longer hold)."""
        was_shown = self.cursor.isVisible()
        if was_shown:
            self.plot.getAxis("bottom").setTicks(None)
        for curve in self.curves.values():
            curve.setData([], [])
        self.cursor.setVisible(False)
        return was_shown

    def show_unit(self, matrices: dict[str, np.ndarray], unit: int, t: int, time_labels: list[str]) -> None:
        steps = np.arange(len(time_labels))
        for g, curve in self.curves.items():
            curve.setData(steps, matrices[g][unit])
        self.plot.getAxis("bottom").setTicks([[(i, lab) for i, lab in enumerate(time_labels)]])
        self.cursor.setValue(t)
        self.cursor.setVisible(True)
        self.plot.setXRange(-0.5, max(0.5, len(steps) - 0.5), padding=0.02)
        self.plot.setYRange(-1.05, 1.45, padding=0)

    def show_general(self, note: str) -> None:
        body = "<br>".join(GENERAL_EQUATIONS)
        self.equation_label.setText(f"<div style='font-family: serif; font-size: 115%;'>{body}</div>"
                                    f"<div style='color:#555;'>{_esc(note)}</div>")

    def show_numbers(self, where: str, parts: list[tuple[str, str]], note: str) -> None:
        rows = "".join(f"<tr><td style='font-family: serif; padding-right: 6px;'>{_esc(general)}</td>"
                       f"<td style='font-family: serif; color:#1f4e9c;'>= {_esc(numbers)}</td></tr>"
                       for general, numbers in parts)
        self.equation_label.setText(f"<div style='font-weight:bold;'>{_esc(where)}</div><table>{rows}</table>"
                                    f"<div style='color:#555;'>{_esc(note)}</div>")


def _esc(text: str) -> str:
    return html.escape(text, quote=False)
