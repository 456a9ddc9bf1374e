"""The model view tab: every head of one kind of attention as a layers x heads grid, the next-token candidates, and
one head large with token axes (or, for the encoder, the attention rollout through the whole stack)."""
from __future__ import annotations

import math
from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QFrame, QHBoxLayout, QLabel, QScrollArea, QSplitter, QTabBar, QVBoxLayout, QWidget,
)

from desktop_app.kit.words import Worded
from desktop_app.labs.transformer.compute import KINDS, TOP_K, ViewState, export_meta
from desktop_app.labs.transformer.kinds import kind_name
from desktop_app.widgets.export import ExportData
from desktop_app.widgets.formula import FormulaPanel
from desktop_app.widgets.head_grid import HeadGrid, zero_heads
from desktop_app.widgets.heatmap import HeatmapView
from desktop_app.widgets.size_guard import SizeGuard
from desktop_app.widgets.topk import TopKView


class AttentionMapsTab(Worded, QWidget):
    status_message = Signal(str)  # hover readouts and what a click did
    candidate_chosen = Signal(int)  # a token id the user put in place of the last step's token
    query_clicked = Signal(str, int, int, int)  # (kind, layer, head, row) of the large view: that query's drill-down

    def __init__(self, add_view: Callable, parent=None):
        """add_view: the lab's LabFrame.add_view (frames the large view with its Export button)."""
        super().__init__(parent)
        self.state: Optional[ViewState] = None
        self.kind = "encoder"
        self.layer, self.head = 0, 0  # 0-based; a lesson may set them before its model's state arrives

        words = self.words
        self.kind_bar = QTabBar()
        for _kind in KINDS:
            self.kind_bar.addTab("")
        words.call(self._name_kinds)
        self.kind_bar.setFocusPolicy(Qt.NoFocus)
        self.kind_bar.setUsesScrollButtons(False)  # every kind's name whole, not scrolled out of sight
        self.kind_bar.currentChanged.connect(self._on_kind_bar_changed)  # after the first addTab made one current
        self.rollout_check = words(QCheckBox(), text=lambda: self.tr("Rollout"), tip=lambda: self.tr(
            "Attention rollout: the product over encoder layers of (0.5·mean over heads + 0.5·I), rows "
            "renormalised; how much each position draws on each input token through the whole stack"))
        self.rollout_check.toggled.connect(self._on_rollout_toggled)
        self.grid = words(HeadGrid(), tip=lambda: self.tr("Rows: layers, columns: heads. Click one to see it large."))
        self.grid.setMinimumSize(240, 130)
        words.call(lambda: self.grid.set_header_formats(self.tr("layer {n}"), self.tr("head {n}")))
        self.grid.head_clicked.connect(self._on_grid_head_clicked)
        self.topk_title = words(QLabel(), text=lambda: self.tr(
            "Next-token candidates at this step (click one to force it)"))
        self.topk_title.setStyleSheet("font-weight: bold;")
        self.topk_title.setWordWrap(True)
        self.topk_view = TopKView(TOP_K)  # before the first step it says what will appear there
        words.call(lambda: self.topk_view.set_empty_text(self.tr(
            "Press Step: the decoder's most likely next tokens appear here.")))
        self.topk_view.candidate_clicked.connect(self._on_topk_candidate_clicked)
        self.topk_scroll = QScrollArea()  # the ten candidates scroll when the window is short
        self.topk_scroll.setWidgetResizable(True)
        self.topk_scroll.setFrameShape(QFrame.NoFrame)
        self.topk_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.topk_scroll.setWidget(SizeGuard(self.topk_view))
        self.topk_scroll.setMinimumHeight(60)
        self.large_view = HeatmapView(colormap="viridis", max_display=1024)
        self.large_view.setMinimumSize(380, 220)  # axes, title and colour bar whole, presenter fonts too
        self.large_view.set_max_cell_aspect(1.5)  # five source tokens: square-ish cells, not five wide bands
        self.large_view.set_matrix(np.zeros((0, 0)))  # empty until the first state: its text, no axes' numbers
        words.call(lambda: self.large_view.set_empty_text(self.tr("Press Step (Space) to generate the first token")))
        self.large_view.tooltip_formatter = lambda row, col, value: self.tr("{row} → {col}: weight {value}").format(
            row=row, col=col, value=f"{value:.4f}")
        self.large_view.cell_hovered.connect(self._on_large_hovered)
        self.large_view.cell_clicked.connect(self._on_large_clicked)
        self.large_title, large_frame = add_view("large", self.large_view, self._export_data,
                                                 ready=lambda: self.state is not None, guard_title=True)
        self.formula_panel = FormulaPanel()  # the lab sets its lines

        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_bar)
        kind_row.addStretch(1)
        kind_row.addWidget(self.rollout_check)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(kind_row)
        left_layout.addWidget(self.grid, 3)
        left_layout.addWidget(SizeGuard(self.topk_title))
        left_layout.addWidget(self.topk_scroll, 2)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(large_frame)
        split.setChildrenCollapsible(False)
        split.setSizes([480, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split, 1)
        layout.addWidget(SizeGuard(self.formula_panel))
        self.retranslate()

    # what the lab calls ------------------------------------------------------------------------------------
    def show_state(self, state: ViewState) -> None:
        self.layer = min(self.layer, state.n_layers - 1)  # a new model, or a lesson's head: one this model has
        self.head = min(self.head, state.n_heads - 1)
        self.state = state
        self._show_grid()
        self._show_large()
        chosen = None
        if state.chosen_id >= 0:
            matches = np.flatnonzero(state.topk_ids == state.chosen_id)
            chosen = int(matches[0]) if matches.size else None
        self.topk_view.set_candidates(state.topk_tokens, state.topk_probs, chosen)

    def set_kind(self, kind: str) -> None:
        self.kind_bar.setCurrentIndex(KINDS.index(kind))

    def select_head(self, layer: int, head: int) -> None:
        """Show one head large (0-based), as a click on the grid does."""
        self._on_grid_head_clicked(layer, head)

    def rollout_shown(self) -> bool:
        return self.kind == "encoder" and self.rollout_check.isChecked()

    # slots -------------------------------------------------------------------------------------------------
    def _on_kind_bar_changed(self, index: int) -> None:
        self.kind = KINDS[index]
        self._show_grid()
        self._show_large()

    def _on_rollout_toggled(self, _on: bool) -> None:
        self._show_large()

    def _on_grid_head_clicked(self, layer: int, head: int) -> None:
        self.layer, self.head = layer, head
        self.grid.select(layer, head)
        if self.rollout_check.isChecked() and self.kind == "encoder":
            self.rollout_check.setChecked(False)  # a head was asked for: show it, not the rollout
        self._show_large()
        self.status_message.emit(self.tr("{kind}, layer {layer}, head {head}").format(
            kind=kind_name(self.kind), layer=layer + 1, head=head + 1))

    def _on_topk_candidate_clicked(self, row: int) -> None:
        state = self.state
        if state is None or row >= len(state.topk_ids):
            return
        self.candidate_chosen.emit(int(state.topk_ids[row]))
        self.status_message.emit(self.tr("Forced “{token}” at step {step}; decoding continues from it.").format(
            token=state.topk_tokens[row], step=state.n_steps))

    def _on_large_hovered(self, row: int, col: int, value: float) -> None:
        self.status_message.emit(self.tr("{row} → {col}: weight {value}").format(
            row=self.large_view.row_label(row), col=self.large_view.col_label(col), value=f"{value:.4f}"))

    def _on_large_clicked(self, row: int, _col: int, _value: float) -> None:
        """A row of the large view is a query: the lab opens it in the drill-down."""
        if self.rollout_shown() or self.state is None:
            return
        self.query_clicked.emit(self.kind, self.layer, self.head, row)

    # drawing -----------------------------------------------------------------------------------------------
    def _show_grid(self) -> None:
        if self.state is None:
            return
        matrices = {"encoder": self.state.encoder, "decoder": self.state.decoder, "cross": self.state.cross}[self.kind]
        self.grid.set_matrices(matrices)
        self.grid.set_off(zero_heads(matrices))  # heads the What if tab switched off: crossed out
        self.grid.select(self.layer, self.head)

    def _large_matrix(self):
        """(matrix, row labels, col labels) of the large view, or None when the kind has no rows yet."""
        state = self.state
        if state is None:
            return None
        rows, cols = state.labels(self.kind)
        if self.rollout_shown():
            return state.rollout, rows, cols
        matrix = state.matrix(self.kind, self.layer, self.head)
        if matrix.size == 0:
            return None
        return matrix, rows, cols

    def _show_large(self) -> None:
        self.rollout_check.setEnabled(self.kind == "encoder")
        shown = self._large_matrix()
        if shown is None:
            if self.state is not None:  # no rows yet: the map says what will appear (its source tokens stay)
                cols = self.state.labels(self.kind)[1]
                self.large_view.set_matrix(np.zeros((0, len(cols))), [], list(cols), levels=(0.0, 1.0))
                self.large_view.set_current_row(None)
            self._update_large_title()
            return
        matrix, rows, cols = shown
        hi = float(matrix.max()) if matrix.size else 1.0
        # decoder rows in blocks of 8: the frame grows every 8 steps, not every step (a re-range re-lays out both
        # axes); the decoder's self-attention grows a column per step too
        grows = self.kind != "encoder" and not self.rollout_shown()
        self.large_view.set_matrix(matrix, list(rows), list(cols), levels=(0.0, hi if hi > 0 else 1.0),
                                   min_rows=8 * math.ceil(len(rows) / 8) if grows else 0,
                                   min_cols=8 * math.ceil(len(cols) / 8) if self.kind == "decoder" else 0)
        # the newest row is this step's: marked beside the map (the encoder's rows are all computed at once)
        self.large_view.set_current_row(len(rows) - 1 if grows else None)
        self._update_large_title()

    def _update_large_title(self) -> None:
        if self.rollout_shown():
            title = self.tr("Attention rollout over {n} encoder layers").format(
                n=self.state.n_layers if self.state else 0)
        else:
            title = self.tr("{kind}, layer {layer}, head {head}").format(
                kind=kind_name(self.kind), layer=self.layer + 1, head=self.head + 1)
        self.large_title.setText(title)
        self.large_view.set_title(title)
        axes = {
            "encoder": (self.tr("query: source token"), self.tr("key: source token")),
            "decoder": (self.tr("query: decoder input"), self.tr("key: decoder input")),
            "cross": (self.tr("generated token"), self.tr("source token")),
        }[self.kind]
        self.large_view.set_axis_titles(*axes)

    # export ------------------------------------------------------------------------------------------------
    def _export_data(self) -> ExportData:
        meta = export_meta(self.state)
        rollout = self.rollout_shown()
        meta.update(view="rollout" if rollout else self.kind, layer=None if rollout else self.layer + 1,
                    head=None if rollout else self.head + 1,
                    formula="rollout = prod_l (0.5 mean_h A_l + 0.5 I)" if rollout else "softmax(QK^T/sqrt(d_k))")
        name = (f"transformer_rollout_step{meta['step']}" if rollout else
                f"transformer_{self.kind}_L{self.layer + 1}_H{self.head + 1}_step{meta['step']}")
        view = self.large_view
        return ExportData(name=name, matrix=view.values,
                          row_labels=[view.row_label(r) for r in range(view.values.shape[0])],
                          col_labels=[view.col_label(c) for c in range(view.values.shape[1])], meta=meta)

    # texts -------------------------------------------------------------------------------------------------
    def _name_kinds(self) -> None:
        for i, text in enumerate((self.tr("Encoder self"), self.tr("Decoder masked self"), self.tr("Cross"))):
            self.kind_bar.setTabText(i, text)
        self.kind_bar.setTabToolTip(0, self.tr("Encoder self-attention: each source token attends to all source "
                                               "tokens"))
        self.kind_bar.setTabToolTip(1, self.tr("Decoder masked self-attention: each decoder input attends to itself "
                                               "and the tokens before it only: the mask hides the future, so the "
                                               "matrix is lower triangular"))
        self.kind_bar.setTabToolTip(2, self.tr("Cross-attention: each generated token looks at the source tokens; "
                                               "one row per step"))

    def retranslate(self) -> None:
        self._update_large_title()
