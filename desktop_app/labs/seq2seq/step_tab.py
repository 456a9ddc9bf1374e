"""The Seq2Seq lab's "Step by step" tab: the alignment growing one row per decoder step (or the plain model's note),
the context vector of the newest row, the top-k candidates (click one to force it), and "What if it looked here?":
click a source token (a column of the alignment) to see the next step with its attention moved there, before and
after, and take that step. Drawn from a TranslationState; built once, updated in place."""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFrame, QGraphicsRectItem, QLabel, QScrollArea, QSplitter, QStackedWidget, QVBoxLayout, QWidget,
)

from desktop_app.kit.words import Worded
from desktop_app.labs.seq2seq.compute_whatif import export_table, what_if
from desktop_app.labs.seq2seq.whatif_view import WhatIfPanel
from desktop_app.sessions.seq2seq_compute import TranslationState
from desktop_app.widgets.export import ExportData
from desktop_app.widgets.heatmap import HeatmapView
from desktop_app.widgets.size_guard import SizeGuard
from desktop_app.widgets.topk import TopKView

TOP_K = 5
OVERRIDDEN_MARK = " ◆"  # after the row label of a step whose attention was set by hand


class StepTab(Worded, QWidget):
    candidate_clicked = Signal(int)  # token id to force
    hover_changed = Signal()  # the hovered alignment cell changed (the formula follows)
    view_used = Signal(str)  # "alignment" | "context" | "whatif": what File > Export now means
    status_message = Signal(str)
    attend_requested = Signal(object)  # "Take this step": the attention row (tuple of S weights) to step with

    def __init__(self, add_view: Callable, meta: Callable[[str], dict], parent=None,
                 stepper: Optional[Callable[[], object]] = None):
        """add_view: the lab's LabFrame.add_view (frames and export buttons); meta(view): the export's meta;
        stepper(): the session's stepper, which the what-if panel peeks at (None: no what-if)."""
        super().__init__(parent)
        self._meta = meta
        self._stepper = stepper or (lambda: None)
        self.state: Optional[TranslationState] = None
        self.hover: Optional[tuple[int, int]] = None  # (row, col) of the alignment, 0-based
        self.attend_source: Optional[int] = None  # the source token (0-based) the what-if moves attention onto
        self._attend_at = None  # (encoder, step) the choice belongs to: a move or a new sentence forgets it

        words = self.words
        # the newest row is marked beside the map (alignment_view.set_current_row) and the what-if's source token
        # under it (set_current_col), never over their weights; only a lesson's one cell gets a thin box
        self.alignment_view = HeatmapView(colormap="viridis")
        self.alignment_view.setMinimumHeight(140)
        self.alignment_view.set_max_cell_aspect(2.0)
        words.call(lambda: self.alignment_view.set_axis_titles(self.tr("generated token (step)"),
                                                               self.tr("source token")))
        words.call(lambda: self.alignment_view.set_empty_text(
            self.tr("Press Step: each row will show where the decoder looks")))
        self.alignment_view.tooltip_formatter = lambda row, col, value: self.tr(
            "a({target}, {source}) = {value}").format(target=row, source=col, value=f"{value:.4f}")
        self.alignment_view.cell_hovered.connect(self._on_alignment_hovered)
        # a source token: a cell's column, its label, or a column of the map before the first step
        self.alignment_view.column_clicked.connect(self._on_alignment_clicked)
        self.highlight = QGraphicsRectItem(0, 0, 1, 1)  # a lesson's cell (mark_cell)
        pen = self.highlight.pen()
        pen.setColor(Qt.red)
        pen.setWidthF(2)
        pen.setCosmetic(True)
        self.highlight.setPen(pen)
        self.highlight.setZValue(10)
        self.highlight.setVisible(False)
        self.alignment_view.plot.addItem(self.highlight)
        self.plain_label = QLabel()
        self.plain_label.setWordWrap(True)
        self.plain_label.setAlignment(Qt.AlignCenter)
        self.plain_label.setStyleSheet("font-size: 13pt; color: #444; padding: 20px;")
        self.alignment_stack = QStackedWidget()
        self.alignment_stack.addWidget(self.alignment_view)
        self.alignment_stack.addWidget(self.plain_label)
        self.context_view = HeatmapView(colormap="diverging")  # one row: a thin band under the alignment
        self._fit_context_band()
        self.context_view.set_axis_titles("", "")  # a thin band: the unit numbers under it, "unit j" on hover
        self.context_view.tooltip_formatter = lambda row, col, value: self.tr("unit {unit}: {value}").format(
            unit=col, value=f"{value:.4f}")
        self.context_view.cell_hovered.connect(self._on_context_hovered)
        self.topk_view = TopKView(TOP_K, caption=True)
        words.call(lambda: self.topk_view.set_empty_text(self.tr("Take a step to see the candidates.")))
        self.topk_view.candidate_clicked.connect(self._on_candidate_clicked)
        has_alignment = lambda: self.state is not None and self.state.alignment is not None  # noqa: E731
        self.alignment_title, alignment_frame = add_view(
            "alignment", self.alignment_stack, self.alignment_export_data, ready=has_alignment, guard_title=True)
        self.context_title, context_frame = add_view(
            "context", self.context_view, self.context_export_data,
            ready=lambda: self.state is not None and not self.context_view.is_empty(), guard_title=True)
        self.topk_title, topk_frame = add_view(
            "topk", SizeGuard(self.topk_view), guard_title=True, title=lambda: self.tr("Next-token candidates"),
            tip=lambda: self.tr("The most probable tokens at this step. Click one to force it (teacher forcing by "
                                "hand); decoding continues from it."))
        topk_frame.setMinimumWidth(250)
        self.whatif_panel = WhatIfPanel(TOP_K)
        self.whatif_panel.mix_changed.connect(self._on_whatif_mix_changed)
        self.whatif_panel.take_clicked.connect(self._on_whatif_take_clicked)
        whatif_scroll = QScrollArea()  # a small window scrolls the panel rather than growing the lab
        whatif_scroll.setWidget(self.whatif_panel)
        whatif_scroll.setWidgetResizable(True)
        whatif_scroll.setFrameShape(QFrame.NoFrame)
        whatif_scroll.setMinimumHeight(60)
        self.whatif_title, whatif_frame = add_view(
            "whatif", whatif_scroll, self.whatif_export_data, ready=lambda: self.whatif_panel.result is not None,
            guard_title=True, title=lambda: self.tr("What if it looked here?"),
            tip=lambda: self.tr("Click a source token (a column of the alignment) to put all of the next step's "
                                "attention on it and compare the next token before and after."))
        right = QSplitter(Qt.Vertical)
        right.addWidget(topk_frame)
        right.addWidget(whatif_frame)
        right.setChildrenCollapsible(False)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(alignment_frame, 1)
        left_layout.addWidget(context_frame)
        split = QSplitter(Qt.Horizontal)
        for widget, stretch in ((left, 3), (right, 2)):  # the maps take three fifths of the width
            split.addWidget(widget)
            split.setStretchFactor(split.count() - 1, stretch)
        split.setSizes([3000, 2000])  # from the start, whatever the panels' size hints
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._draw()

    # drawing -----------------------------------------------------------------------------------------------
    def show_state(self, state: Optional[TranslationState]) -> None:
        if state is None or self.state is None or state.encoder is not self.state.encoder:
            self.hover = None  # a new sentence: the old cell means nothing
        self.state = state
        if state is None or self._attend_at != (state.encoder, state.n_steps):
            self.attend_source = None  # the choice was for another step
        self._draw()
        self.refresh_what_if()

    def choose_source(self, col: Optional[int]) -> bool:
        """What if the next step looked at source token `col` (0-based; None: no what-if)? False if not possible."""
        st = self.state
        if col is None or st is None or st.attention == "plain" or st.finished \
                or not 0 <= col < len(st.source_tokens):
            self.attend_source = None
            self.refresh_what_if()
            return col is None
        self.attend_source, self._attend_at = int(col), (st.encoder, st.n_steps)
        self.refresh_what_if()
        return True

    def refresh_what_if(self) -> None:
        """The before/after panel for the chosen source token at the next step (or what to do to get one)."""
        st, stepper, result, hint = self.state, self._stepper(), None, ""
        if st is not None:
            hint = "plain" if st.attention == "plain" else "finished" if st.finished else "pick"
        if hint == "pick" and self.attend_source is not None and stepper is not None \
                and stepper.encoder is st.encoder and len(stepper.steps) == st.n_steps:
            result = what_if(stepper, self.attend_source, self.whatif_panel.mix, TOP_K)
        self.whatif_panel.set_result(result, hint)
        self.alignment_view.set_current_col(result.source if result is not None else None)

    def mark_cell(self, row: int, col: int) -> bool:
        """A lesson's cell (0-based): a thin red box on it, the formula with its weight. False if it is not
        there."""
        st = self.state
        if st is None or not (0 <= row < st.n_steps and 0 <= col < len(st.source_tokens)):
            self.hover = None
            return False
        self.hover = (row, col)
        self.highlight.setRect(col - 0.5, row - 0.5, 1.0, 1.0)
        self.highlight.setVisible(st.attention != "plain")
        return True

    def _draw(self) -> None:
        st = self.state
        self.highlight.setVisible(False)  # a lesson's cell belongs to the state it was marked on
        if st is None:
            self.topk_view.set_candidates([], [], None)
            self.topk_view.set_caption("")
            self.alignment_view.set_current_row(None)
            self.alignment_title.setText(self.tr("Alignment"))
            self.context_title.setText(self.tr("Context vector"))
            return
        self._draw_alignment(st)
        self._draw_context(st)
        self._draw_topk(st)

    def _draw_alignment(self, st: TranslationState) -> None:
        steps, src = st.steps, list(st.source_tokens)
        if st.attention == "plain":
            self.alignment_stack.setCurrentIndex(1)
            self.plain_label.setText(self.tr(
                "The plain model has no attention: the decoder never looks back at the source words. Its only "
                "knowledge of the sentence is the encoder's final state h_S (below), one vector of {h} numbers "
                "for the whole sentence.").format(h=st.hidden))
            self.alignment_title.setText(self.tr("No attention (plain model)"))
            return
        self.alignment_stack.setCurrentIndex(0)
        # before the first step: no rows, and the map says what they will be (not a block of colour)
        shown = st.alignment if steps else np.zeros((0, len(src)), dtype=np.float32)
        labels = [f"{i + 1}: {x.token}" + (OVERRIDDEN_MARK if x.overridden else "") for i, x in enumerate(steps)]
        # a frame of one row more than the source has tokens (a translation is about as long, with its </s>):
        # rows that keep their height while the translation grows into them
        self.alignment_view.set_matrix(shown, row_labels=labels, col_labels=src, levels=(0.0, 1.0),
                                       min_rows=len(src) + 1)
        self.alignment_view.set_current_row(len(steps) - 1 if steps else None)
        self.alignment_title.setText(self.tr("Alignment: {t} generated × {s} source tokens (row = one decoder "
                                             "step, sums to 1)").format(t=len(steps), s=len(src)))

    def _draw_context(self, st: TranslationState) -> None:
        steps = st.steps
        if st.attention == "plain":
            vector = st.encoder.final_state
            self.context_title.setText(self.tr("The only context: the encoder's final state h_S ({h} units)").format(
                h=vector.shape[0]))
        elif steps:
            vector = steps[-1].context
            self.context_title.setText(self.tr("Context vector c_{t} = Σ_j a_{t}j h_j of step {t} (“{token}”)").format(
                t=len(steps), token=steps[-1].token))
        else:
            vector = np.zeros(0, dtype=np.float32)  # no step yet: an empty band, not a vector of zeros
            self.context_title.setText(self.tr("Context vector (take a step)"))
        # GRU states lie in (-1, 1) (tanh), and so does c_t, a weighted mean of them: one fixed colour scale, so
        # colours compare across steps and models (and the colour bar is not redrawn every step)
        self.context_view.set_matrix(vector[None, :], row_labels=["c"], levels=(-1.0, 1.0))

    def _draw_topk(self, st: TranslationState) -> None:
        if not st.steps:
            self.topk_view.set_candidates([], [], None)
            self.topk_view.set_caption("")
            return
        last = st.steps[-1]
        ids = [int(i) for i in last.top_ids]
        chosen = ids.index(last.token_id) if last.token_id in ids else None
        self.topk_view.set_candidates(last.top_tokens, last.top_probs, chosen, ids=ids)
        self.topk_view.set_caption(self.tr("Step {t}: chose “{token}” (p = {p}){forced}. Click another "
                                               "candidate to force it.").format(
            t=st.n_steps, token=last.token, p=f"{last.token_prob:.3f}",
            forced=self.tr(", forced by hand") if last.forced else
            self.tr(", attention set by hand") if last.overridden else ""))

    def _fit_context_band(self) -> None:
        """The context strip: one row and its unit numbers, a thin band (the alignment above takes the height)."""
        self.context_view.set_margins(2, 2, 2, 2)
        self.context_view.setFixedHeight(QFontMetrics(self.font()).height() + 40)  # the strip a line high

    # slots -------------------------------------------------------------------------------------------------
    def _on_candidate_clicked(self, row: int) -> None:
        ids = self.topk_view.candidate_ids()
        if row < len(ids):
            self.candidate_clicked.emit(ids[row])

    def _on_alignment_hovered(self, row: int, col: int, value: float) -> None:
        self.hover = (row, col)
        self.view_used.emit("alignment")
        self.hover_changed.emit()
        st = self.state
        if st is not None and row < st.n_steps:
            self.status_message.emit(self.tr("a({target}, {source}) = {value}").format(
                target=st.steps[row].token, source=st.source_tokens[col], value=f"{value:.6f}"))

    def _on_alignment_clicked(self, col: int) -> None:
        if self.choose_source(col) and self.whatif_panel.result is not None:
            self.view_used.emit("whatif")
            r = self.whatif_panel.result
            self.status_message.emit(self.tr("What if step {t} looked at “{source}”? It would write “{token}” "
                                             "(p = {p}).").format(t=r.step + 1, source=r.source_token,
                                                                  token=r.after.token, p=f"{r.after.token_prob:.3f}"))

    def _on_whatif_mix_changed(self, _mix: float) -> None:
        self.refresh_what_if()

    def _on_whatif_take_clicked(self) -> None:
        if self.whatif_panel.result is not None:
            self.attend_requested.emit(tuple(float(w) for w in self.whatif_panel.result.weights))

    def _on_context_hovered(self, _row: int, col: int, value: float) -> None:
        self.view_used.emit("context")
        self.status_message.emit(self.tr("unit {unit}: {value}").format(unit=col, value=f"{value:.6f}"))

    # export ------------------------------------------------------------------------------------------------
    def alignment_export_data(self) -> ExportData:
        st = self.state
        return ExportData(name=f"seq2seq_alignment_{self._meta('alignment')['model']}", matrix=st.alignment,
                          row_labels=[x.token for x in st.steps], col_labels=list(st.source_tokens),
                          meta=self._meta("alignment"))

    def context_export_data(self) -> ExportData:
        values = self.context_view.values
        return ExportData(name=f"seq2seq_context_{self._meta('context')['model']}", matrix=values, row_labels=["c"],
                          col_labels=[str(j) for j in range(values.shape[1])], meta=self._meta("context"))

    def whatif_export_data(self) -> ExportData:
        r = self.whatif_panel.result
        matrix, rows, cols = export_table(r)
        meta = dict(self._meta("whatif"), next_step=r.step + 1, source_token=r.source + 1, source=r.source_token,
                    mix=r.mix, attention=[float(w) for w in r.weights])
        return ExportData(name=f"seq2seq_whatif_{meta['model']}", matrix=matrix, row_labels=rows, col_labels=cols,
                          meta=meta)

    # texts and font ----------------------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.FontChange:  # presenter mode scales the text: the band follows
            self._fit_context_band()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._draw()
