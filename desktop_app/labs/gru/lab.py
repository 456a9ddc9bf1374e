"""GRU Gates lab: the gates of the Seq2Seq model's encoder and decoder GRUs, unit by unit, step by step.

    r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)          reset gate
    z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)          update gate
    n_t = tanh(W_in x_t + b_in + r_t · (W_hn h_{t-1} + b_hn))  candidate state
    h_t = (1 − z_t) · n_t + z_t · h_{t-1}                    hidden state

Four heatmaps (units × time steps) for the encoder or the decoder of the translation in the shared session
(desktop_app/sessions/seq2seq.py), so stepping here or in the Seq2Seq lab moves both. Click a cell: that unit's
four values as lines over time, and the equations with the numbers recomputed from the model's weights
(engine.gru.unit_terms).
"""
from __future__ import annotations

import time
from typing import Optional

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QSplitter

from desktop_app.kit.frame import WARNING, Msg
from desktop_app.labs.gru.compute import (
    GATES, SORTS, UnitEquation, equation_parts, gate_matrices, most_changing_unit, time_labels, unit_equation,
    unit_order,
)
from desktop_app.labs.gru.views import GateGrid, UnitPanel
from desktop_app.sessions.seq2seq_compute import TranslationState
from desktop_app.sessions.seq2seq_frame import TranslationFrame
from desktop_app.widgets.export import ExportData

LAB_KEY = "gru"


class GRULab(TranslationFrame):
    MESSAGES = {
        "no_step": Msg(QT_TRANSLATE_NOOP("GRULab", "The decoder has not taken a step yet: press Space (here or in "
                                                   "the Seq2Seq lab)."), WARNING),
        "truncated": Msg(QT_TRANSLATE_NOOP("GRULab", "Only the first {limit} tokens are read by the model."),
                         WARNING),
    }

    def __init__(self, settings, parent=None):
        # the shared sentence / model row, the StepBar and the session come from TranslationFrame
        super().__init__(settings, parent, min_chars=24, spacing=8, title=lambda: self.tr("GRU Gates"),
                         intro=lambda: self.tr(
                             "Inside the translation model's GRUs: the update gate z decides how much of the old "
                             "state to keep, the reset gate r how much of it to use for the candidate n, and h is "
                             "the new state. Rows are hidden units, columns are time steps. Click a cell to see that "
                             "unit over time and the equations with its numbers."))
        self._drawn_encoder = None  # the encoder trace the heatmaps show
        self._drawn_key = None  # and (side, decoder steps, sort, range)
        self.matrices: dict[str, np.ndarray] = {}
        self.order = np.zeros(0, dtype=int)  # units shown, top to bottom
        self.time_labels: list[str] = []
        self.selected: tuple[int, int] | None = None  # (unit, t)
        self.equation: UnitEquation | None = None
        self.last_gui_update_ms = 0.0

        # controls: each made, worded, set from the settings, then connected (nothing fires while restoring) ---
        words = self.words
        self.side_combo = QComboBox()
        self.side_combo.addItem("", "encoder")
        self.side_combo.addItem("", "decoder")
        words.call(lambda: self.side_combo.setItemText(0, self.tr("Encoder (reads English)")))
        words.call(lambda: self.side_combo.setItemText(1, self.tr("Decoder (writes Spanish)")))
        side = settings.get_str("gru/side", "encoder", ("encoder", "decoder"))
        self.side_combo.setCurrentIndex(self.side_combo.findData(side))
        self.side_combo.currentIndexChanged.connect(self._on_side_changed)
        self.unit_from = words(QSpinBox(), tip=lambda: self.tr("First row shown (a position in the chosen order)"))
        self.unit_to = words(QSpinBox(), tip=lambda: self.tr("Last row shown (a position in the chosen order)"))
        for spin in (self.unit_from, self.unit_to):
            spin.setRange(0, 0)
            spin.setMinimumWidth(64)
            spin.valueChanged.connect(self.redraw_now)
        self.sort_combo = words(QComboBox(), tip=lambda: self.tr(
            "Order of the rows: sorting brings units that behave alike together"))
        for key in SORTS:
            self.sort_combo.addItem("", key)
        words.call(self._name_sorts)
        self.sort_combo.setCurrentIndex(self.sort_combo.findData(settings.get_str("gru/sort", "index", SORTS)))
        self.sort_combo.currentIndexChanged.connect(self.redraw_now)
        # three rows, each fitting a 1024-pixel screen: the sentence, the steps, what the maps show (side, rows)
        step_row, view_row = QHBoxLayout(), QHBoxLayout()
        step_row.addWidget(self.step_bar)
        step_row.addStretch(1)
        for w in (words(QLabel(), text=lambda: self.tr("GRU")), self.side_combo):
            view_row.addWidget(w)
        view_row.addSpacing(12)
        for w in (words(QLabel(), text=lambda: self.tr("Units")), self.unit_from, QLabel("–"), self.unit_to):
            view_row.addWidget(w)
        view_row.addSpacing(12)
        for w in (words(QLabel(), text=lambda: self.tr("Order")), self.sort_combo):
            view_row.addWidget(w)
        view_row.addStretch(1)

        # views -----------------------------------------------------------------------------------------------
        has_matrices = lambda: bool(self.matrices)  # noqa: E731
        self.grid = GateGrid(self.add_view, lambda g: lambda: self._gate_export_data(g), has_matrices)
        self.grid.cell_clicked.connect(self._on_cell_clicked)
        self.grid.cell_hovered.connect(self._on_cell_hovered)
        self.views, self.view_titles = self.grid.views, self.grid.titles
        for gate, view in self.views.items():
            words.call(lambda view=view: view.set_axis_titles(self.tr("unit"), ""))  # the tokens name the columns
            view.tooltip_formatter = lambda row, col, value, g=gate: self.tr(
                "{gate}: unit {unit}, {token}: {value}").format(gate=g, unit=row, token=col, value=f"{value:.5f}")
        self.unit_panel = UnitPanel(self.add_view, self._unit_export_data, has_matrices)
        self.unit_plot, self.unit_curves = self.unit_panel.plot, self.unit_panel.curves
        words.call(lambda: self.unit_plot.setLabel("bottom", self.tr("time step")))
        self.current_view_key = "z"
        views = QSplitter(Qt.Vertical)
        views.addWidget(self.grid)
        views.addWidget(self.unit_panel)
        views.setChildrenCollapsible(False)
        views.setSizes([470, 210])
        self.body.addWidget(self.controls)
        self.body.addLayout(step_row)
        self.body.addLayout(view_row)
        self.body.addWidget(self.controls.messages)
        self.body.addWidget(self.messages)
        self.body.addWidget(views, 1)

        self.session.trace_changed.connect(self._on_session_trace_changed)
        self.session.loading_changed.connect(self._refresh_message)
        self.start()

    # the Lab protocol ----------------------------------------------------------------------------------------
    def save_settings(self) -> None:
        super().save_settings()
        self._settings.set("gru/side", self.side())
        self._settings.set("gru/sort", self.sort_combo.currentData())

    def side(self) -> str:
        return self.side_combo.currentData()

    # lessons (protocol: desktop_app/kit/protocol.py) ---------------------------------------------------------
    def lesson_state(self) -> dict:
        s = self.session
        highlight = {"unit": self.selected[0], "t": self.selected[1] + 1} if self.selected else {}
        return {"input": s.sentence, "model": s.model_name, "step": len(s.steps), "highlight": highlight,
                "settings": {"side": self.side(), "sort": self.sort_combo.currentData()}}

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: side = "encoder" | "decoder", sort = "index" | "z" | "h" | "change";
        highlight: unit (0-based, as the rows say), t = time step (1-based)."""
        settings = state.get("settings") or {}
        if settings.get("side") in ("encoder", "decoder"):
            self.side_combo.setCurrentIndex(self.side_combo.findData(settings["side"]))
        if settings.get("sort") in SORTS:
            self.sort_combo.setCurrentIndex(self.sort_combo.findData(settings["sort"]))
        return self.go_to_lesson_state(state, then=lambda: self._apply_lesson_highlight(state.get("highlight") or {}))

    def _apply_lesson_highlight(self, highlight: dict) -> None:
        unit, t = highlight.get("unit"), highlight.get("t")
        h = self.matrices.get("h")
        if isinstance(unit, int) and isinstance(t, int) and h is not None and 0 <= unit < h.shape[0] \
                and 1 <= t <= h.shape[1]:
            self.select(unit, t - 1)

    def prepare_screenshot(self) -> None:
        """The lecture's sentence translated to the end; the decoder's gates with one cell picked."""
        self.side_combo.setCurrentIndex(self.side_combo.findData("decoder"))
        self.go_to_example_end(then=self._select_screenshot_cell)

    def _select_screenshot_cell(self) -> None:
        if self.matrices:
            self.select(most_changing_unit(self.matrices), min(1, self.matrices["h"].shape[1] - 1))

    # drawing -------------------------------------------------------------------------------------------------
    def show_state(self, state: Optional[TranslationState]) -> None:
        self._refresh_message()
        self._draw()

    def _draw(self) -> None:
        started = time.perf_counter()
        st, side = self.drawn_state, self.side()
        encoder = st.encoder if st is not None else None
        key = (side, st.n_steps if st is not None and side == "decoder" else 0, self.sort_combo.currentData(),
               self.unit_from.value(), self.unit_to.value())
        if encoder is self._drawn_encoder and key == self._drawn_key and st is not None:
            return  # the encoder's gates do not change with decoder steps
        self._drawn_encoder, self._drawn_key = encoder, key
        self.matrices = gate_matrices(st, side)
        self.time_labels = time_labels(st, side)
        # the decoder's columns in the frame of a translation about as long as its source (as Seq2Seq's rows)
        expected = len(st.source_tokens) + 1 if st is not None and side == "decoder" else 0
        if not self.matrices:
            hidden = st.hidden if st is not None else 1
            waiting = st is not None and side == "decoder"  # the decoder before its first step
            self.grid.show_empty(hidden, self.tr("Press Step: each column will show the gates of one decoder "
                                                 "step") if waiting else "", min_cols=expected)
            self.order = np.arange(hidden)
        else:
            hidden = self.matrices["h"].shape[0]
            self._update_unit_spins(hidden)
            lo, hi = sorted((self.unit_from.value(), self.unit_to.value()))
            self.order = unit_order(self.matrices, self.sort_combo.currentData())[lo:hi + 1]
            self.grid.show_matrices(self.matrices, self.order, self.time_labels, min_cols=expected)
            if self.selected is not None and (self.selected[1] >= len(self.time_labels) or self.selected[0] >= hidden):
                self.selected = None
        self._update_titles()
        self._update_unit_view()
        self.last_gui_update_ms = (time.perf_counter() - started) * 1000

    def _update_unit_spins(self, hidden: int) -> None:
        if self.unit_from.maximum() == hidden - 1:
            return
        for spin in (self.unit_from, self.unit_to):
            spin.blockSignals(True)
            spin.setRange(0, hidden - 1)
        self.unit_from.setValue(0)
        self.unit_to.setValue(hidden - 1)
        for spin in (self.unit_from, self.unit_to):
            spin.blockSignals(False)

    def _update_unit_view(self) -> None:
        if self.selected is None or not self.matrices:
            if self.unit_panel.clear():
                self.status_message.emit("")
            self.grid.mark(None)
            self.unit_panel.title.setText(self.tr("One unit over time (click a cell)"))
            self.equation = None
            self.unit_panel.show_general(self.tr("Click a cell of a heatmap to fill in the numbers."))
            return
        unit, t = self.selected
        self.unit_panel.show_unit(self.matrices, unit, t, self.time_labels)
        self.unit_panel.title.setText(self.tr("Unit {unit} of the {side}: r, z, n, h over time").format(
            unit=unit, side=self.tr("encoder") if self.side() == "encoder" else self.tr("decoder")))
        rows = np.nonzero(self.order == unit)[0]
        self.grid.mark((int(rows[0]), t) if len(rows) else None)
        self._update_equation()

    def _update_equation(self) -> None:
        s, st = self.session, self.drawn_state
        if self.selected is None or st is None or s.model is None:
            return
        unit, t = self.selected
        self.equation = e = unit_equation(s.model, st, self.side(), unit, t)
        if e.side == "encoder":
            where = self.tr("Encoder, step {t}, input x_{t} = “{token}”, unit {unit}").format(
                t=t + 1, token=e.token, unit=unit)
        else:
            where = self.tr("Decoder, step {t}, input y_{prev} = “{token}”, unit {unit} (it wrote “{out}”)").format(
                t=t + 1, prev=t, token=e.token, unit=unit, out=st.steps[t].token)
        note = self.tr("Recomputed from the model's weights; the largest difference from the values in the "
                       "heatmaps is {diff}.").format(diff=f"{e.largest_difference(self.matrices):.1e}")
        self.unit_panel.show_numbers(where, equation_parts(e), note)

    def equation_lines(self) -> list[str]:
        """The four equations with the numbers of the picked cell, as plain text (one line each)."""
        if self.equation is None:
            return []
        return [f"{general} = {numbers}" for general, numbers in equation_parts(self.equation)]

    def select(self, unit: int, t: int) -> None:
        """Pick unit ``unit`` (a hidden-unit index) at time step ``t``: lines over time and the equations."""
        self.selected = (int(unit), int(t))
        self._update_unit_view()
        if self.equation is not None:
            e = self.equation.terms
            self.status_message.emit(self.tr("Unit {unit}, step {t}: r = {r}, z = {z}, n = {n}, h = {h}").format(
                unit=unit, t=t + 1, r=f"{e.r:.4f}", z=f"{e.z:.4f}", n=f"{e.n:.4f}", h=f"{e.h:.4f}"))

    def _refresh_message(self, *_args) -> None:
        s, side = self.session, self.side()
        # On the decoder side the note "no step yet" comes and goes between step 0 and 1: keep its line, so the
        # window is not laid out (and every view repainted, 130 ms) again each time
        policy = self.messages.sizePolicy()
        policy.setRetainSizeWhenHidden(s.stepper is not None and side == "decoder")
        self.messages.setSizePolicy(policy)
        if s.stepper is None or s.message() is not None:
            self.show_message(None)
        elif side == "decoder" and not s.steps:
            self.show_message("no_step")
        elif s.stepper.encoder.truncated:
            self.show_message("truncated", limit=len(s.stepper.encoder.tokens))
        else:
            self.show_message(None)

    # slots ---------------------------------------------------------------------------------------------------
    def _on_session_trace_changed(self) -> None:
        self.selected = None
        self._refresh_message()

    def _on_side_changed(self, _index: int) -> None:
        self.selected = None
        self.redraw_now()

    def _on_cell_clicked(self, gate: str, row: int, col: int, _value: float) -> None:
        if not self.matrices or row >= len(self.order):
            return
        self.current_view_key = gate
        self.select(int(self.order[row]), col)

    def _on_cell_hovered(self, gate: str, row: int, col: int, value: float) -> None:
        self.current_view_key = gate
        if row < len(self.order) and col < len(self.time_labels):
            self.status_message.emit(self.tr("{gate}: unit {unit}, {token}: {value}").format(
                gate=gate, unit=int(self.order[row]), token=self.time_labels[col], value=f"{value:.5f}"))

    # export data ---------------------------------------------------------------------------------------------
    def _meta(self, view: str) -> dict:
        s = self.session
        return {"lab": LAB_KEY, "view": view, "side": self.side(), "model": s.model_name, "sentence": s.sentence,
                "sort": self.sort_combo.currentData()}

    def _gate_export_data(self, gate: str) -> ExportData:
        return ExportData(name=f"gru_{self.side()}_{gate}", matrix=self.matrices[gate][self.order],
                          row_labels=[f"unit {u}" for u in self.order], col_labels=self.time_labels,
                          meta=self._meta(gate))

    def _unit_export_data(self) -> ExportData:
        unit = self.selected[0] if self.selected else int(self.order[0])
        columns = {"step": np.arange(len(self.time_labels)), "token": np.array(self.time_labels, dtype=object)}
        for g in ("r", "z", "n", "h"):
            columns[g] = self.matrices[g][unit]
        meta = self._meta("unit")
        meta["unit"] = unit
        return ExportData(name=f"gru_{self.side()}_unit{unit}", columns=columns, meta=meta)

    # texts ---------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._update_titles()
        self._update_unit_view()
        super().retranslate()

    def _name_sorts(self) -> None:
        for i, text in enumerate((self.tr("unit number"), self.tr("mean update gate z"), self.tr("mean |h|"),
                                  self.tr("change of h over time"))):
            self.sort_combo.setItemText(i, text)

    def _update_titles(self) -> None:
        names = {"z": self.tr("Update gate z (0 = take the new candidate, 1 = keep the old state)"),
                 "r": self.tr("Reset gate r (how much of h_{t-1} enters the candidate)"),
                 "n": self.tr("Candidate state n (−1 … 1)"),
                 "h": self.tr("Hidden state h (−1 … 1)")}
        size = ""
        if self.drawn_state is not None:  # "× 0 steps" too, before the decoder's first step: the title keeps its height
            size = self.tr("{units} units × {steps} steps").format(units=len(self.order), steps=len(self.time_labels))
        for gate in GATES:
            self.view_titles[gate].setText(f"{names[gate]}   ·   {size}" if size else names[gate])
