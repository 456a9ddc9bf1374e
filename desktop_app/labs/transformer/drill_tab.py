"""The Q, K, V drill-down tab: softmax(q·Kᵀ / √d_k) V for one query of one head, every number on the way.

Its four heatmaps and the score table are built the first time the tab is opened (LazyPage). The Q/K/V arrays come
with the state only while this tab is shown (the lab asks its session for them).
"""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QSizePolicy, QSpinBox, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from desktop_app.kit.words import Worded
from desktop_app.labs.transformer.compute import KINDS, DrillDown, ViewState, drill_down
from desktop_app.labs.transformer.kinds import kind_name
from desktop_app.widgets.formula import FormulaPanel
from desktop_app.widgets.heatmap import HeatmapView
from desktop_app.widgets.lazy_page import LazyPage

MAX_TABLE_COLUMNS = 64  # the score table shows at most this many keys (the heatmaps show them all)
GENERAL = "Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V"


class ScoreTable(QTableWidget):
    """The four rows of scores, exactly as tall as they are (rows follow the font: presenter mode), scrolling
    sideways through the keys."""

    def __init__(self, parent=None):
        super().__init__(4, 0, parent)
        self.setEditTriggers(QTableWidget.NoEditTriggers)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # the four rows always show whole
        self.verticalHeader().sectionResized.connect(lambda *_: self.updateGeometry())
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)

    def _height(self) -> int:
        rows = self.verticalHeader().length()
        if rows == 0:
            rows = self.rowCount() * (self.fontMetrics().height() + 8)
        return (rows + self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
                + self.horizontalScrollBar().sizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height())


class DrillDownTab(Worded, QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.state: Optional[ViewState] = None
        self.active = False  # the tab is the one shown (the lab says so): only then it draws

        words = self.words
        self.kind_combo = QComboBox()
        for i, kind in enumerate(KINDS):
            self.kind_combo.addItem("", kind)
            words.call(lambda i=i, kind=kind: self.kind_combo.setItemText(i, kind_name(kind)))
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)  # after the first item made it current
        self.layer_spin, self.head_spin = QSpinBox(), QSpinBox()
        self.layer_spin.valueChanged.connect(self._on_head_changed)
        self.head_spin.valueChanged.connect(self._on_head_changed)
        self.query_combo = QComboBox()
        self.query_combo.setMinimumWidth(120)
        self.query_combo.currentIndexChanged.connect(self._on_query_changed)
        controls = QHBoxLayout()
        for label, control in ((lambda: self.tr("Attention"), self.kind_combo),
                               (lambda: self.tr("Layer"), self.layer_spin),
                               (lambda: self.tr("Head"), self.head_spin),
                               (lambda: self.tr("Query"), self.query_combo)):
            controls.addWidget(words(QLabel(), text=label))
            controls.addWidget(control)
        controls.addStretch(1)
        self.page = LazyPage(self._build_views)  # four heatmaps: built when the tab is first opened
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.page, 1)

    def _build_views(self) -> QWidget:
        self.q_view = HeatmapView(colormap="diverging")
        self.k_view = HeatmapView(colormap="diverging")
        self.v_view = HeatmapView(colormap="diverging")
        self.out_view = HeatmapView(colormap="diverging")
        for view in (self.q_view, self.out_view):  # one row each: a strip
            view.setMinimumHeight(86)
            view.setMaximumHeight(120)
        for view in (self.k_view, self.v_view):
            view.setMinimumHeight(100)
        for view in (self.q_view, self.k_view, self.v_view, self.out_view):
            view.set_matrix(np.zeros((0, 0)))  # empty until the first drill-down: no axes' numbers
        self.score_table = ScoreTable()
        self.formula = FormulaPanel()
        content = QWidget()
        grid = QGridLayout()
        grid.addWidget(self.q_view, 0, 0)
        grid.addWidget(self.out_view, 0, 1)
        grid.addWidget(self.k_view, 1, 0)
        grid.addWidget(self.v_view, 1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 2)
        bottom = QHBoxLayout()  # the numbers of the softmax row beside the formula they fill in
        bottom.addWidget(self.score_table, 1)
        bottom.addWidget(self.formula, 1)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid, 1)
        layout.addLayout(bottom)
        return content

    # what the lab calls ------------------------------------------------------------------------------------
    def show_state(self, state: ViewState) -> None:
        if self.state is None or (self.state.n_layers, self.state.n_heads) != (state.n_layers, state.n_heads):
            self.layer_spin.setRange(1, state.n_layers)
            self.head_spin.setRange(1, state.n_heads)
        self.state = state
        self._update_queries()
        self._update()

    def set_active(self, active: bool) -> None:
        self.active = active
        self._update()

    def selection(self) -> tuple[str, int, int, int]:
        """(kind, layer, head, query), 0-based."""
        return (self.kind_combo.currentData(), self.layer_spin.value() - 1, self.head_spin.value() - 1,
                max(0, self.query_combo.currentIndex()))

    def set_drill(self, kind: str, layer: int, head: int, query: int) -> None:
        """Show one query of one head (0-based)."""
        self.kind_combo.setCurrentIndex(KINDS.index(kind))
        self.layer_spin.setValue(layer + 1)
        self.head_spin.setValue(head + 1)
        self._update_queries()
        self.query_combo.setCurrentIndex(min(query, self.query_combo.count() - 1))

    def current_drill(self) -> Optional[DrillDown]:
        if self.state is None:
            return None
        return drill_down(self.state, *self.selection())

    # slots -------------------------------------------------------------------------------------------------
    def _on_kind_changed(self, _index: int) -> None:
        self._update_queries()
        self._update()

    def _on_head_changed(self, _value: int) -> None:
        self._update()

    def _on_query_changed(self, _index: int) -> None:
        self._update()

    # drawing -----------------------------------------------------------------------------------------------
    def _update_queries(self) -> None:
        state = self.state
        labels = state.labels(self.kind_combo.currentData())[0] if state is not None else ()
        current = self.query_combo.currentIndex()
        items = [f"{i}: {tok}" for i, tok in enumerate(labels)]
        if [self.query_combo.itemText(i) for i in range(self.query_combo.count())] == items:
            return
        self.query_combo.blockSignals(True)
        self.query_combo.clear()
        self.query_combo.addItems(items)
        if items:
            self.query_combo.setCurrentIndex(min(max(current, 0), len(items) - 1))
        self.query_combo.blockSignals(False)

    def _update(self) -> None:
        if not self.active:
            return
        self.page.ensure_built()  # also when the lab is not on screen (a lesson, a test)
        state = self.state
        d = self.current_drill()
        if d is None:
            self.score_table.setColumnCount(0)
            note = self.tr("Computing Q, K and V…") if state is not None and state.qkv is None else self.tr(
                "Nothing to show yet: step the decoder first for the decoder's attention.")
            self.formula.set_lines(GENERAL, "", note)
            for view in (self.q_view, self.k_view, self.v_view, self.out_view):  # blank, not old numbers
                view.set_matrix(np.zeros((0, 0)), title="" if view is self.q_view else None)
                view.set_empty_text(note if view is self.k_view else "")
            return
        rows, cols = state.labels(d.kind)
        qtok = rows[d.query]
        dims = [str(i) for i in range(d.q.shape[0])]
        self.q_view.set_matrix(d.q[None, :], [qtok], dims, title=self.tr("q (query “{token}”)").format(token=qtok))
        self.k_view.set_matrix(d.k, list(cols), dims, title=self.tr("K: one key per row"))
        self.v_view.set_matrix(d.v, list(cols), dims, title=self.tr("V: one value per row"))
        self.out_view.set_matrix(d.output[None, :], [qtok], dims, title=self.tr("output = Σ_j w_j v_j"))
        self._fill_table(d, cols)
        best = int(np.argmax(d.weights))
        finite = d.masked[np.isfinite(d.masked)]
        denominator = float(np.exp(finite - finite.max()).sum()) if finite.size else 1.0
        substituted = (f"w_{best} = exp({d.scaled[best]:.3f} − max) / Σ_j exp(… − max) = "
                       f"exp({d.scaled[best] - finite.max():.3f}) / {denominator:.3f} = {d.weights[best]:.4f};   "
                       f"q·k_{best} = {d.raw[best]:.3f},  / √{d.d_k} = {d.scaled[best]:.3f}")
        note = self.tr("{kind}, layer {layer}, head {head}, query {query} “{token}”: the softmax row equals that "
                       "row of the heatmap; masked keys get weight 0.").format(
            kind=kind_name(d.kind), layer=d.layer + 1, head=d.head + 1, query=d.query, token=qtok)
        self.formula.set_lines(GENERAL, substituted, note)

    def _fill_table(self, d: DrillDown, cols) -> None:
        n = min(len(cols), MAX_TABLE_COLUMNS)
        table = self.score_table
        table.setColumnCount(n)
        table.setHorizontalHeaderLabels([f"{j}: {cols[j]}" for j in range(n)])
        table.setVerticalHeaderLabels(["q·k", f"q·k / √{d.d_k}", self.tr("mask"), "softmax"])
        for j in range(n):
            values = (f"{d.raw[j]:.3f}", f"{d.scaled[j]:.3f}",
                      f"{d.masked[j]:.3f}" if np.isfinite(d.masked[j]) else self.tr("−∞ (masked)"),
                      f"{d.weights[j]:.4f}")
            for r, text in enumerate(values):
                item = table.item(r, j)
                if item is None:
                    item = QTableWidgetItem()
                    table.setItem(r, j, item)
                item.setText(text)
        table.resizeColumnsToContents()
        table.updateGeometry()  # its height follows the rows (the font may have changed)

    # texts -------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._update()
