"""GRU Gates lab: the gates of the Seq2Seq model's encoder and decoder GRUs, unit by unit, step by step.

    r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)          reset gate
    z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)          update gate
    n_t = tanh(W_in x_t + b_in + r_t · (W_hn h_{t-1} + b_hn))  candidate state
    h_t = (1 − z_t) · n_t + z_t · h_{t-1}                    hidden state

Four heatmaps (units × time steps) for the encoder or the decoder of the translation in the shared session
(desktop_app/labs/seq2seq/session.py), so stepping here or in the Seq2Seq lab moves both. Click a cell: that unit's
four values as lines over time, and the equations with the numbers recomputed from the model's weights.
"""
from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpinBox, QSplitter, QVBoxLayout,
    QWidget,
)

from desktop_app.labs.seq2seq.compute import (
    GateEquation, decoder_equation, encoder_equation, gate_matrices, unit_order,
)
from desktop_app.labs.seq2seq.lab import EXAMPLES
from desktop_app.labs.seq2seq.session import models_dir, session_for
from desktop_app.widgets.export import ExportButton, ExportData, ExportTarget
from desktop_app.widgets.view_box import view_box
from desktop_app.widgets.heatmap import HeatmapView

LAB_KEY = "gru"
GATES = ("z", "r", "n", "h")
SORTS = ("index", "z", "h", "change")
LINE_COLOURS = {"r": "#1f77b4", "z": "#ff7f0e", "n": "#2ca02c", "h": "#d62728"}


class GRULab(QWidget):
    status_message = Signal(str)
    trace_updated = Signal()

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self._settings = settings
        self.session = session_for(settings)
        self._views_stale = False  # the shared session stepped while another lab was in front
        self._matrices: dict[str, np.ndarray] = {}
        self._order = np.zeros(0, dtype=int)  # units shown, top to bottom
        self._time_labels: list[str] = []
        self.selected: tuple[int, int] | None = None  # (unit, t)
        self.equation: GateEquation | None = None
        self.last_gui_update_ms = 0.0

        self.title_label = QLabel()
        self.title_label.setObjectName("labTitle")
        self.title_label.setStyleSheet("#labTitle { font-size: 17pt; font-weight: bold; }")
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.sentence_label, self.model_label, self.side_label = QLabel(), QLabel(), QLabel()
        self.units_label, self.sort_label = QLabel(), QLabel()
        self.sentence_combo = QComboBox()
        self.sentence_combo.setEditable(True)
        self.sentence_combo.setInsertPolicy(QComboBox.NoInsert)
        self.sentence_combo.setCompleter(None)  # no inline completion: typing "We" must stay "We"
        self.sentence_combo.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.sentence_combo.setMinimumContentsLength(24)
        self.sentence_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        for example in EXAMPLES:
            self.sentence_combo.addItem(example)
        self.translate_button = QPushButton()
        self.model_combo = QComboBox()
        self.model_combo.setMinimumWidth(130)
        self.side_combo = QComboBox()
        self.side_combo.addItem("", "encoder")
        self.side_combo.addItem("", "decoder")
        self.step_button, self.back_button, self.reset_button = QPushButton(), QPushButton(), QPushButton()
        self.unit_from, self.unit_to = QSpinBox(), QSpinBox()
        for spin in (self.unit_from, self.unit_to):
            spin.setRange(0, 0)
            spin.setMinimumWidth(64)
        self.sort_combo = QComboBox()
        for key in SORTS:
            self.sort_combo.addItem("", key)
        self.message_label = QLabel()
        self.message_label.setObjectName("inputError")
        self.message_label.setStyleSheet("#inputError { color: #8a5a00; font-weight: bold; }")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        row1 = QHBoxLayout()
        row1.addWidget(self.sentence_label)
        row1.addWidget(self.sentence_combo, 1)
        row1.addWidget(self.translate_button)
        row1.addSpacing(8)
        row1.addWidget(self.model_label)
        row1.addWidget(self.model_combo)
        row2 = QHBoxLayout()
        row2.addWidget(self.side_label)
        row2.addWidget(self.side_combo)
        row2.addSpacing(8)
        for button in (self.back_button, self.step_button, self.reset_button):
            row2.addWidget(button)
        row2.addSpacing(8)
        row2.addWidget(self.units_label)
        row2.addWidget(self.unit_from)
        row2.addWidget(QLabel("–"))
        row2.addWidget(self.unit_to)
        row2.addWidget(self.sort_label)
        row2.addWidget(self.sort_combo)
        row2.addStretch(1)

        # four heatmaps ---------------------------------------------------------------------------------------
        self.views: dict[str, HeatmapView] = {}
        self.view_titles: dict[str, QLabel] = {}
        self.view_exports: dict[str, ExportButton] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for k, gate in enumerate(GATES):
            view = HeatmapView(colormap="viridis" if gate in ("z", "r") else "diverging")
            view.setMinimumHeight(120)
            title, button, frame = self._view_box(view)
            self.views[gate], self.view_titles[gate], self.view_exports[gate] = view, title, button
            grid.addWidget(frame, k // 2, k % 2)
            view.cell_clicked.connect(lambda row, col, value, g=gate: self._on_cell_clicked(g, row, col, value))
            view.cell_hovered.connect(lambda row, col, value, g=gate: self._on_cell_hovered(g, row, col, value))
            button.export_requested.connect(lambda fmt, g=gate: self._on_view_export_requested(g, fmt))
            marker = pg.ScatterPlotItem(size=14, symbol="s", pen=pg.mkPen("#ff00ff", width=2), brush=None)
            marker.setZValue(10)
            view.plot.addItem(marker)
            view.marker = marker
        grid_box = QWidget()
        grid_box.setLayout(grid)

        # the picked unit over time and the equations -------------------------------------------------------------
        self.unit_plot = pg.PlotWidget()
        self.unit_plot.setBackground("w")
        self.unit_plot.setMenuEnabled(False)
        self.unit_plot.hideButtons()
        self.unit_plot.showGrid(x=True, y=True, alpha=0.3)
        self.unit_plot.addLegend(offset=(-5, 2), colCount=4)
        self.unit_curves = {g: self.unit_plot.plot([], [], pen=pg.mkPen(LINE_COLOURS[g], width=2), symbol="o",
                                                   symbolSize=5, symbolBrush=LINE_COLOURS[g], name=g)
                            for g in ("r", "z", "n", "h")}
        self.unit_cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#888", style=Qt.DashLine))
        self.unit_plot.addItem(self.unit_cursor)
        self.unit_title, self.unit_export, unit_frame = self._view_box(self.unit_plot)
        self.equation_label = QLabel()
        self.equation_label.setTextFormat(Qt.RichText)
        self.equation_label.setWordWrap(True)
        self.equation_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.equation_label.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.equation_label.setObjectName("formulaPanel")
        self.equation_label.setStyleSheet("#formulaPanel { background: #f7f7fa; border: 1px solid #d0d0d8; "
                                          "border-radius: 4px; padding: 6px; }")
        self.unit_export.export_requested.connect(lambda fmt: self._on_view_export_requested("unit", fmt))
        bottom = QSplitter(Qt.Horizontal)
        bottom.addWidget(unit_frame)
        bottom.addWidget(self.equation_label)
        bottom.setChildrenCollapsible(False)
        bottom.setSizes([420, 640])
        self.equation_label.setMinimumWidth(440)
        views = QSplitter(Qt.Vertical)
        views.addWidget(grid_box)
        views.addWidget(bottom)
        views.setChildrenCollapsible(False)
        views.setSizes([470, 210])

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.message_label)
        layout.addWidget(views, 1)

        self._export_targets = {g: ExportTarget(self.views[g], lambda g=g: self._gate_export_data(g)) for g in GATES}
        self._export_targets["unit"] = ExportTarget(self.unit_plot, self._unit_export_data)
        self.current_view_key = "z"

        self._shortcuts = []
        for keys, slot in (((Qt.Key_Space, Qt.Key_Right), self._on_step_clicked),
                           ((Qt.Key_Left,), self._on_back_clicked), ((Qt.Key_Home,), self._on_reset_clicked)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.WindowShortcut)
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)

        side = settings.get_str("gru/side", "encoder", ("encoder", "decoder"))
        self.side_combo.setCurrentIndex(self.side_combo.findData(side))
        self.sort_combo.setCurrentIndex(self.sort_combo.findData(settings.get_str("gru/sort", "index", SORTS)))

        self.sentence_combo.lineEdit().returnPressed.connect(self._on_translate_clicked)
        self.sentence_combo.activated.connect(self._on_example_activated)
        self.translate_button.clicked.connect(self._on_translate_clicked)
        self.model_combo.activated.connect(self._on_model_activated)
        self.side_combo.currentIndexChanged.connect(self._on_side_changed)
        self.sort_combo.currentIndexChanged.connect(self._on_units_changed)
        self.unit_from.valueChanged.connect(self._on_units_changed)
        self.unit_to.valueChanged.connect(self._on_units_changed)
        self.step_button.clicked.connect(self._on_step_clicked)
        self.back_button.clicked.connect(self._on_back_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        s = self.session
        s.models_listed.connect(self._fill_model_combo)
        s.loading_changed.connect(self._on_session_changed)
        s.model_changed.connect(self._on_session_model_changed)
        s.trace_changed.connect(self._on_session_trace_changed)
        s.stepped.connect(self._on_session_stepped)

        self._fill_model_combo()
        self.retranslate()
        if s.models and s.model is None and not s.is_loading():
            sentence = settings.get_str("seq2seq/sentence", EXAMPLES[0]) or EXAMPLES[0]
            s.sentence = sentence
            wanted = settings.get_str("seq2seq/model", "additive")
            names = s.model_names()
            s.select_model(wanted if wanted in names else names[-1])
        self.sentence_combo.setEditText(s.sentence)
        self._on_session_trace_changed()

    def _view_box(self, view: QWidget):
        return view_box(view, wrap_title=False)

    def _fill_model_combo(self) -> None:
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for name in self.session.model_names():
            self.model_combo.addItem(name, name)
        index = self.model_combo.findData(self.session.model_name)
        if index >= 0:
            self.model_combo.setCurrentIndex(index)
        self.model_combo.blockSignals(False)

    # lab interface -------------------------------------------------------------------------------------------
    def current_export_view(self):
        if not self._matrices:
            return None
        return self._export_targets[self.current_view_key]

    def is_busy(self) -> bool:
        return self.session.is_loading()

    def save_settings(self) -> None:
        self._settings.set("gru/side", self.side())
        self._settings.set("gru/sort", self.sort_combo.currentData())

    def side(self) -> str:
        return self.side_combo.currentData()

    # lessons (protocol: desktop_app/labs/__init__.py) --------------------------------------------------------
    def lesson_state(self) -> dict:
        s = self.session
        highlight = {"unit": self.selected[0], "t": self.selected[1] + 1} if self.selected else {}
        return {"input": s.sentence, "model": s.model_name, "step": len(s.steps), "highlight": highlight,
                "settings": {"side": self.side(), "sort": self.sort_combo.currentData()}}

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: side = "encoder" | "decoder", sort = "index" | "z" | "h" | "change";
        highlight: unit (0-based, as the rows say), t = time step (1-based)."""
        settings, model = state.get("settings") or {}, state.get("model")
        if settings.get("side") in ("encoder", "decoder"):
            self.side_combo.setCurrentIndex(self.side_combo.findData(settings["side"]))
        if settings.get("sort") in SORTS:
            self.sort_combo.setCurrentIndex(self.sort_combo.findData(settings["sort"]))
        if "input" in state:
            self.sentence_combo.setEditText(state["input"])
        notes = []
        if not self.session.go_to(model, state.get("input"), state.get("step"),
                                  then=lambda: self._apply_lesson_highlight(state.get("highlight") or {})):
            notes.append(self.tr("The model “{model}” is not installed; the lesson goes on with “{current}”.").format(
                model=model, current=self.session.model_name or "—"))
        return notes

    def _apply_lesson_highlight(self, highlight: dict) -> None:
        unit, t = highlight.get("unit"), highlight.get("t")
        h = self._matrices.get("h")
        if isinstance(unit, int) and isinstance(t, int) and h is not None and 0 <= unit < h.shape[0] \
                and 1 <= t <= h.shape[1]:
            self.select(unit, t - 1)

    # texts ---------------------------------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("GRU Gates"))
        self.intro_label.setText(self.tr(
            "Inside the translation model's GRUs: the update gate z decides how much of the old state to keep, the "
            "reset gate r how much of it to use for the candidate n, and h is the new state. Rows are hidden units, "
            "columns are time steps. Click a cell to see that unit over time and the equations with its numbers."))
        self.sentence_label.setText(self.tr("Sentence"))
        self.translate_button.setText(self.tr("Translate"))
        self.model_label.setText(self.tr("Model"))
        self.side_label.setText(self.tr("GRU"))
        self.side_combo.setItemText(0, self.tr("Encoder (reads English)"))
        self.side_combo.setItemText(1, self.tr("Decoder (writes Spanish)"))
        self.step_button.setText(self.tr("Step ▶"))
        self.step_button.setToolTip(self.tr("Next decoder step, also in the Seq2Seq lab (Space or Right)"))
        self.back_button.setText(self.tr("◀ Back"))
        self.back_button.setToolTip(self.tr("Undo the last decoder step (Left)"))
        self.reset_button.setText(self.tr("|◀ Reset"))
        self.reset_button.setToolTip(self.tr("Back to the first decoder step (Home)"))
        self.units_label.setText(self.tr("Units"))
        self.unit_from.setToolTip(self.tr("First row shown (a position in the chosen order)"))
        self.unit_to.setToolTip(self.tr("Last row shown (a position in the chosen order)"))
        self.sort_label.setText(self.tr("Order"))
        for i, text in enumerate((self.tr("unit number"), self.tr("mean update gate z"), self.tr("mean |h|"),
                                  self.tr("change of h over time"))):
            self.sort_combo.setItemText(i, text)
        self.sort_combo.setToolTip(self.tr("Order of the rows: sorting brings units that behave alike together"))
        for gate in GATES:
            view = self.views[gate]
            view.set_axis_titles(self.tr("unit"), self.tr("time step (token)"))
            view.tooltip_formatter = lambda row, col, value, g=gate: self.tr("{gate}: unit {unit}, {token}: {value}").format(
                gate=g, unit=row, token=col, value=f"{value:.5f}")
        self.unit_plot.setLabel("bottom", self.tr("time step"))
        self._refresh_all()

    def _update_titles(self) -> None:
        names = {"z": self.tr("Update gate z (0 = take the new candidate, 1 = keep the old state)"),
                 "r": self.tr("Reset gate r (how much of h_{t-1} enters the candidate)"),
                 "n": self.tr("Candidate state n (−1 … 1)"),
                 "h": self.tr("Hidden state h (−1 … 1)")}
        size = ""
        if self._matrices:
            size = self.tr("{units} units × {steps} steps").format(units=len(self._order),
                                                                  steps=len(self._time_labels))
        for gate in GATES:
            self.view_titles[gate].setText(f"{names[gate]}   ·   {size}" if size else names[gate])

    # refresh -------------------------------------------------------------------------------------------------
    def _message(self) -> str:
        s = self.session
        if not s.models:
            return self.tr("No trained seq2seq model was found in {folder}. Train one with "
                           "`python -m engine.train.seq2seq` or install the app's model files.").format(
                folder=str(models_dir()))
        if s.is_loading():
            return self.tr("Loading the {name} model…").format(name=s.model_name)
        if s.load_error:
            return self.tr("Could not load the {name} model: {error}").format(name=s.model_name, error=s.load_error)
        if s.input_error == "empty":
            return self.tr("Type an English sentence to translate (the box is empty).")
        if s.input_error:
            return self.tr("This sentence cannot be translated: {error}").format(error=s.input_error)
        if s.stepper is not None and self.side() == "decoder" and not s.steps:
            return self.tr("The decoder has not taken a step yet: press Space (here or in the Seq2Seq lab).")
        if s.stepper is not None and s.stepper.encoder.truncated:
            return self.tr("Only the first {limit} tokens are read by the model.").format(
                limit=len(s.stepper.encoder.tokens))
        return ""

    def _refresh_all(self) -> None:
        self._refresh_controls()
        self._refresh_views()

    def _refresh_controls(self) -> None:
        s = self.session
        text = self._message()
        # On the decoder side the note "no step yet" comes and goes between step 0 and 1: keep its line, so the
        # window is not laid out (and every view repainted, 130 ms) again each time
        policy = self.message_label.sizePolicy()
        policy.setRetainSizeWhenHidden(s.stepper is not None and self.side() == "decoder")
        self.message_label.setSizePolicy(policy)
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        ready = s.stepper is not None
        for w in (self.sentence_combo, self.translate_button, self.model_combo):
            w.setEnabled(bool(s.models))
        self.step_button.setEnabled(ready and not s.finished)
        self.back_button.setEnabled(ready and bool(s.steps))
        self.reset_button.setEnabled(ready and bool(s.steps))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._views_stale:
            self._views_stale = False
            self._refresh_views()

    def _refresh_views(self) -> None:
        started = time.perf_counter()
        s = self.session
        st = s.stepper
        self._matrices = gate_matrices(st.encoder if st else None, st.steps if st else (), self.side()) if st else {}
        if st is not None:
            if self.side() == "encoder":
                self._time_labels = list(st.source_tokens)
            else:
                self._time_labels = [x.token for x in st.steps]
        else:
            self._time_labels = []
        if not self._matrices:
            hidden = st.config.hidden if st is not None else 1
            # the frame of the first decoder steps (unit labels, 8 columns): stepping from 0 to 1 and back does not
            # re-lay out the axes of four views (130 ms)
            labels = [str(u) for u in range(hidden)]
            for gate, view in self.views.items():
                view.set_matrix(np.zeros((hidden, 1), dtype=np.float32), row_labels=labels, col_labels=[""],
                                levels=(0.0, 1.0) if gate in ("z", "r") else (-1.0, 1.0), min_cols=8)
                view.marker.setData([], [])
            self._order = np.arange(hidden)
            self._update_titles()
            self._update_unit_view()
            self.last_gui_update_ms = (time.perf_counter() - started) * 1000
            return
        hidden = self._matrices["h"].shape[0]
        self._update_unit_spins(hidden)
        order = unit_order(self._matrices, self.sort_combo.currentData())
        lo, hi = sorted((self.unit_from.value(), self.unit_to.value()))
        self._order = order[lo:hi + 1]
        labels = [str(u) for u in self._order]
        # time in blocks of 8 columns: the frame grows every 8 decoder steps, not every step (a re-range re-lays out
        # and repaints all the axes of the four views)
        min_cols = 8 * math.ceil(len(self._time_labels) / 8)
        for gate, view in self.views.items():
            view.set_matrix(self._matrices[gate][self._order], row_labels=labels, col_labels=self._time_labels,
                            levels=(0.0, 1.0) if gate in ("z", "r") else (-1.0, 1.0), min_cols=min_cols)
        self._update_titles()
        if self.selected is not None and (self.selected[1] >= len(self._time_labels) or self.selected[0] >= hidden):
            self.selected = None
        self._update_unit_view()
        self.last_gui_update_ms = (time.perf_counter() - started) * 1000

    def _update_unit_spins(self, hidden: int) -> None:
        if self.unit_from.maximum() == hidden - 1:
            return
        for spin in (self.unit_from, self.unit_to):
            spin.blockSignals(True)
            spin.setRange(0, hidden - 1)
            spin.blockSignals(False)
        self.unit_from.blockSignals(True)
        self.unit_to.blockSignals(True)
        self.unit_from.setValue(0)
        self.unit_to.setValue(hidden - 1)
        self.unit_from.blockSignals(False)
        self.unit_to.blockSignals(False)

    def _update_unit_view(self) -> None:
        sel = self.selected
        if sel is None or not self._matrices:
            if self.unit_cursor.isVisible():  # a unit was shown: its ticks and status-bar readout no longer hold
                self.unit_plot.getAxis("bottom").setTicks(None)
                self.status_message.emit("")
            for curve in self.unit_curves.values():
                curve.setData([], [])
            for view in self.views.values():
                view.marker.setData([], [])
            self.unit_cursor.setVisible(False)
            self.unit_title.setText(self.tr("One unit over time (click a cell)"))
            self.equation = None
            self.equation_label.setText(self._general_equations_html(
                self.tr("Click a cell of a heatmap to fill in the numbers.")))
            return
        unit, t = sel
        steps = np.arange(len(self._time_labels))
        for g, curve in self.unit_curves.items():
            curve.setData(steps, self._matrices[g][unit])
        self.unit_plot.getAxis("bottom").setTicks([[(i, lab) for i, lab in enumerate(self._time_labels)]])
        self.unit_cursor.setValue(t)
        self.unit_cursor.setVisible(True)
        self.unit_plot.setXRange(-0.5, max(0.5, len(steps) - 0.5), padding=0.02)
        self.unit_plot.setYRange(-1.05, 1.45, padding=0)
        self.unit_title.setText(self.tr("Unit {unit} of the {side}: r, z, n, h over time").format(
            unit=unit, side=self.tr("encoder") if self.side() == "encoder" else self.tr("decoder")))
        rows = np.nonzero(self._order == unit)[0]
        for view in self.views.values():
            view.marker.setData([t], [int(rows[0])] if len(rows) else [])
            if not len(rows):
                view.marker.setData([], [])
        self._update_equation()

    def _general_equations_html(self, note: str) -> str:
        lines = ["r_t = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)", "z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)",
                 "n_t = tanh(W_in x_t + b_in + r_t · (W_hn h_{t−1} + b_hn))",
                 "h_t = (1 − z_t) · n_t + z_t · h_{t−1}"]
        body = "<br>".join(lines)
        return (f"<div style='font-family: serif; font-size: 115%;'>{body}</div>"
                f"<div style='color:#555;'>{_esc(note)}</div>")

    def equation_lines(self) -> list[str]:
        """The four equations with the numbers of the picked cell, as plain text (one line each)."""
        return [f"{general} = {numbers}" for general, numbers in self._equation_parts()]

    def _equation_parts(self) -> list[tuple[str, str]]:
        e = self.equation
        if e is None:
            return []
        return [
            ("r_t = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)", f"σ({e.ir:.6f} + {e.hr:.6f}) = {e.r:.6f}"),
            ("z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)", f"σ({e.iz:.6f} + {e.hz:.6f}) = {e.z:.6f}"),
            ("n_t = tanh(W_in x_t + b_in + r_t · (W_hn h_{t−1} + b_hn))",
             f"tanh({e.i_n:.6f} + {e.r:.6f} · {e.hn:.6f}) = {e.n:.6f}"),
            ("h_t = (1 − z_t) · n_t + z_t · h_{t−1}",
             f"(1 − {e.z:.6f}) · {e.n:.6f} + {e.z:.6f} · {e.h_prev:.6f} = {e.h:.6f}"),
        ]

    def _update_equation(self) -> None:
        s = self.session
        st, model = s.stepper, s.model
        if self.selected is None or st is None or model is None:
            return
        unit, t = self.selected
        if self.side() == "encoder":
            self.equation = encoder_equation(model, st.encoder, t, unit)
            where = self.tr("Encoder, step {t}, input x_{t} = “{token}”, unit {unit}").format(
                t=t + 1, token=self.equation.token, unit=unit)
        else:
            self.equation = decoder_equation(model, st.steps[t], unit)
            where = self.tr("Decoder, step {t}, input y_{prev} = “{token}”, unit {unit} (it wrote “{out}”)").format(
                t=t + 1, prev=t, token=self.equation.token, unit=unit, out=st.steps[t].token)
        traced = {g: float(self._matrices[g][unit, t]) for g in ("r", "z", "n", "h")}
        e = self.equation
        diff = max(abs(traced["r"] - e.r), abs(traced["z"] - e.z), abs(traced["n"] - e.n), abs(traced["h"] - e.h))
        note = self.tr("Recomputed from the model's weights; the largest difference from the values in the "
                       "heatmaps is {diff}.").format(diff=f"{diff:.1e}")
        rows = "".join(f"<tr><td style='font-family: serif; padding-right: 6px;'>{_esc(general)}</td>"
                       f"<td style='font-family: serif; color:#1f4e9c;'>= {_esc(numbers)}</td></tr>"
                       for general, numbers in self._equation_parts())
        self.equation_label.setText(
            f"<div style='font-weight:bold;'>{_esc(where)}</div><table>{rows}</table>"
            f"<div style='color:#555;'>{_esc(note)}</div>")

    # slots ---------------------------------------------------------------------------------------------------
    def _on_session_changed(self, *_args) -> None:
        self._refresh_all()

    def _on_session_model_changed(self) -> None:
        self._fill_model_combo()
        self._refresh_all()

    def _on_session_trace_changed(self) -> None:
        self.selected = None
        if not self.sentence_combo.hasFocus() and self.sentence_combo.currentText() != self.session.sentence:
            self.sentence_combo.setEditText(self.session.sentence)
        self._refresh_all()
        self.trace_updated.emit()

    def _on_session_stepped(self) -> None:
        if self.isHidden() and self.side() == "decoder":
            self._views_stale = True  # the Seq2Seq lab in front stepped the shared session: redraw when shown
            self._refresh_controls()
        elif self.side() == "decoder" or self.message_label.isVisible():
            self._refresh_all()
        else:
            self.step_button.setEnabled(self.session.can_step())
            self.back_button.setEnabled(bool(self.session.steps))
            self.reset_button.setEnabled(bool(self.session.steps))
        self.trace_updated.emit()

    def _on_translate_clicked(self) -> None:
        self.session.set_sentence(self.sentence_combo.currentText())

    def _on_example_activated(self, index: int) -> None:
        self.sentence_combo.setEditText(self.sentence_combo.itemText(index))
        self._on_translate_clicked()

    def _on_model_activated(self, index: int) -> None:
        if self.sentence_combo.currentText() != self.session.sentence:
            self.session.sentence = self.sentence_combo.currentText()
        self.session.select_model(self.model_combo.itemData(index))

    def _on_side_changed(self, _index: int) -> None:
        self.selected = None
        self._refresh_all()

    def _on_units_changed(self, *_args) -> None:
        self._refresh_views()

    def _on_step_clicked(self) -> None:
        if self.isVisible():
            self.session.step()

    def _on_back_clicked(self) -> None:
        if self.isVisible():
            self.session.back()

    def _on_reset_clicked(self) -> None:
        if self.isVisible():
            self.session.reset()

    def _on_cell_clicked(self, gate: str, row: int, col: int, _value: float) -> None:
        if not self._matrices or row >= len(self._order):
            return
        self.current_view_key = gate
        self.select(int(self._order[row]), col)

    def select(self, unit: int, t: int) -> None:
        """Pick unit ``unit`` (a hidden-unit index) at time step ``t``: lines over time and the equations."""
        self.selected = (int(unit), int(t))
        self._update_unit_view()
        if self.equation is not None:
            self.status_message.emit(self.tr("Unit {unit}, step {t}: r = {r}, z = {z}, n = {n}, h = {h}").format(
                unit=unit, t=t + 1, r=f"{self.equation.r:.4f}", z=f"{self.equation.z:.4f}",
                n=f"{self.equation.n:.4f}", h=f"{self.equation.h:.4f}"))

    def _on_cell_hovered(self, gate: str, row: int, col: int, value: float) -> None:
        self.current_view_key = gate
        if row < len(self._order) and col < len(self._time_labels):
            self.status_message.emit(self.tr("{gate}: unit {unit}, {token}: {value}").format(
                gate=gate, unit=int(self._order[row]), token=self._time_labels[col], value=f"{value:.5f}"))

    def _on_view_export_requested(self, key: str, fmt: str) -> None:
        self.current_view_key = key
        controller = getattr(self.window(), "export_controller", None)
        if controller is not None:
            controller.export_interactive(self.current_export_view(), fmt)

    # export data ---------------------------------------------------------------------------------------------
    def _meta(self, view: str) -> dict:
        s = self.session
        return {"lab": LAB_KEY, "view": view, "side": self.side(), "model": s.model_name, "sentence": s.sentence,
                "sort": self.sort_combo.currentData()}

    def _gate_export_data(self, gate: str) -> ExportData:
        return ExportData(name=f"gru_{self.side()}_{gate}", matrix=self._matrices[gate][self._order],
                          row_labels=[f"unit {u}" for u in self._order], col_labels=self._time_labels,
                          meta=self._meta(gate))

    def _unit_export_data(self) -> ExportData:
        unit = self.selected[0] if self.selected else int(self._order[0])
        columns = {"step": np.arange(len(self._time_labels)), "token": np.array(self._time_labels, dtype=object)}
        for g in ("r", "z", "n", "h"):
            columns[g] = self._matrices[g][unit]
        meta = self._meta("unit")
        meta["unit"] = unit
        return ExportData(name=f"gru_{self.side()}_unit{unit}", columns=columns, meta=meta)

    # screenshots ---------------------------------------------------------------------------------------------
    def prepare_screenshot(self) -> None:
        """The lecture's sentence translated to the end; the decoder's gates with one cell picked."""
        s = self.session
        if s.stepper is None or s.sentence != EXAMPLES[0]:
            self.sentence_combo.setEditText(EXAMPLES[0])
            s.set_sentence(EXAMPLES[0])
        if s.stepper is None:
            return
        s.run_to_end()
        self.side_combo.setCurrentIndex(self.side_combo.findData("decoder"))
        if self._matrices:
            h = self._matrices["h"]
            unit = int(np.argmax(np.abs(np.diff(h, axis=1)).sum(axis=1))) if h.shape[1] > 1 else 0
            self.select(unit, min(1, h.shape[1] - 1))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
