"""Seq2Seq & Attention lab: a GRU encoder-decoder translating English to Spanish, one decoder step at a time.

    encoder:   h_j = GRU(x_j, h_{j-1})                  decoder: s_t = GRU(y_{t-1}, s_{t-1}),  s_0 = h_S
    attention: e_tj = score(s_t, h_j),  a_t = softmax(e_t),  c_t = Σ_j a_tj h_j
    output:    p(y_t) = softmax(W_o tanh(W_c [c_t; s_t]))          (plain: no attention, c = h_S only)

Controls: sentence (with examples), model (plain / dot / general / additive), Step / Back / Play / Reset
(Space or Right, Left, Home), play speed. Views: the alignment heatmap growing one row per step with the context
vector of the newest row; the top-k next tokens (click one to force it); the beam-search tree; BLEU by source
length for the four models and the user's sentence through all of them. The translation itself lives in the
shared session (session.py), which the GRU Gates lab observes too.
"""
from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDoubleSpinBox, QGraphicsRectItem, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QSizePolicy, QSpinBox, QSplitter, QStackedWidget, QTableWidget, QTableWidgetItem, QTabWidget,
    QVBoxLayout, QWidget,
)

from desktop_app.labs.seq2seq.compute import (
    ATTENTIONS, MAX_CHARS, SCORE_FORMULAS, bleu_by_length, read_metrics, run_beam, translate_all,
)
from desktop_app.labs.seq2seq.session import models_dir, session_for
from desktop_app.labs.seq2seq.views import BeamTreeView, BleuChart, TopKView
from desktop_app.widgets.export import ExportData, ExportTarget
from desktop_app.widgets.view_box import view_box
from desktop_app.widgets.formula import FormulaPanel
from desktop_app.widgets.heatmap import HeatmapView
from desktop_app.widgets.size_guard import SizeGuard
from desktop_app.workers import run_task

LAB_KEY = "seq2seq"
EXAMPLES = (
    "We are eating bread.",
    "I don't know what to do.",
    "She has a red car.",
    "Where is the train station?",
    "My brother lives in a small house near the river.",
    "When I was a child, I used to spend every summer at my grandparents' house in the mountains, where we "
    "walked for hours, swam in the cold lake and read books until late at night.",
)
DEFAULT_SPEED = 2.0  # steps per second
TOP_K = 5


class Seq2SeqLab(QWidget):
    status_message = Signal(str)
    trace_updated = Signal()  # the views now show the session's current steps

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self._settings = settings
        self.session = session_for(settings)
        self._views_stale = False  # the shared session stepped while another lab was in front
        self._beam_task = None
        self._compare_task = None
        self._beam_result = None
        self._compare_rows = None
        self._hover: tuple[int, int] | None = None
        self.last_gui_update_ms = 0.0

        # controls ------------------------------------------------------------------------------------------
        self.title_label = QLabel()
        self.title_label.setObjectName("labTitle")
        self.title_label.setStyleSheet("#labTitle { font-size: 17pt; font-weight: bold; }")
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.sentence_label, self.model_label, self.speed_label = QLabel(), QLabel(), QLabel()
        self.sentence_combo = QComboBox()
        self.sentence_combo.setEditable(True)
        self.sentence_combo.setInsertPolicy(QComboBox.NoInsert)
        self.sentence_combo.setCompleter(None)  # no inline completion: typing "We" must stay "We"
        self.sentence_combo.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.sentence_combo.setMinimumContentsLength(30)
        self.sentence_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        for example in EXAMPLES:
            self.sentence_combo.addItem(example)
        self.sentence_combo.lineEdit().setMaxLength(MAX_CHARS * 4)
        self.translate_button = QPushButton()
        self.model_combo = QComboBox()
        self.model_combo.setMinimumWidth(150)
        self.step_button, self.back_button = QPushButton(), QPushButton()
        self.play_button, self.reset_button, self.end_button = QPushButton(), QPushButton(), QPushButton()
        self.play_button.setCheckable(True)
        self.speed_spin = QDoubleSpinBox()
        self.speed_spin.setRange(0.25, 20.0)
        self.speed_spin.setSingleStep(0.5)
        self.speed_spin.setDecimals(2)
        self.message_label = QLabel()
        self.message_label.setObjectName("inputError")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.output_label = QLabel()
        self.output_label.setTextFormat(Qt.RichText)
        self.output_label.setWordWrap(True)
        self.output_label.setStyleSheet("font-size: 12pt;")

        row1 = QHBoxLayout()
        row1.addWidget(self.sentence_label)
        row1.addWidget(self.sentence_combo, 1)
        row1.addWidget(self.translate_button)
        row1.addSpacing(12)
        row1.addWidget(self.model_label)
        row1.addWidget(self.model_combo)
        row2 = QHBoxLayout()
        for button in (self.step_button, self.back_button, self.play_button, self.reset_button, self.end_button):
            row2.addWidget(button)
        row2.addSpacing(12)
        row2.addWidget(self.speed_label)
        row2.addWidget(self.speed_spin)
        row2.addStretch(1)

        # alignment tab ---------------------------------------------------------------------------------------
        self.alignment_view = HeatmapView(colormap="viridis")
        self.alignment_view.setMinimumHeight(160)
        self.highlight = QGraphicsRectItem(0, 0, 1, 1)
        pen = self.highlight.pen()
        pen.setColor(Qt.red)
        pen.setWidthF(3)
        pen.setCosmetic(True)
        self.highlight.setPen(pen)
        self.highlight.setZValue(10)
        self.alignment_view.plot.addItem(self.highlight)
        self.plain_label = QLabel()
        self.plain_label.setWordWrap(True)
        self.plain_label.setAlignment(Qt.AlignCenter)
        self.plain_label.setStyleSheet("font-size: 13pt; color: #444; padding: 20px;")
        self.alignment_stack = QStackedWidget()
        self.alignment_stack.addWidget(self.alignment_view)
        self.alignment_stack.addWidget(self.plain_label)
        self.context_view = HeatmapView(colormap="diverging")
        self.context_view.setFixedHeight(118)
        self.topk_view = TopKView(TOP_K)
        self.alignment_title, self.alignment_export, alignment_frame = self._view_box(self.alignment_stack)
        self.context_title, self.context_export, context_frame = self._view_box(self.context_view)
        self.topk_title, _unused, topk_frame = self._view_box(SizeGuard(self.topk_view), exportable=False)
        topk_frame.setMinimumWidth(250)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(alignment_frame, 1)
        left_layout.addWidget(context_frame)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(topk_frame)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)

        # beam tab ----------------------------------------------------------------------------------------------
        self.beam_width_label = QLabel()
        self.beam_width_spin = QSpinBox()
        self.beam_width_spin.setRange(1, 10)
        self.beam_button = QPushButton()
        self.beam_result_label = QLabel()
        self.beam_result_label.setWordWrap(True)
        self.beam_view = BeamTreeView()
        beam_tab = QWidget()
        beam_controls = QHBoxLayout()
        beam_controls.addWidget(self.beam_width_label)
        beam_controls.addWidget(self.beam_width_spin)
        beam_controls.addWidget(self.beam_button)
        beam_controls.addStretch(1)
        beam_layout = QVBoxLayout(beam_tab)
        beam_layout.addLayout(beam_controls)
        beam_layout.addWidget(self.beam_result_label)
        beam_layout.addWidget(self.beam_view, 1)

        # bottleneck tab ----------------------------------------------------------------------------------------
        self.bleu_chart = BleuChart()
        self.bleu_title, self.bleu_export, bleu_frame = self._view_box(self.bleu_chart)
        self.bleu_missing_label = QLabel()
        self.bleu_missing_label.setWordWrap(True)
        self.compare_button = QPushButton()
        self.compare_table = QTableWidget(0, 3)
        self.compare_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.compare_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.compare_table.verticalHeader().setVisible(False)
        bottleneck_tab = QWidget()
        compare_box = QWidget()
        compare_layout = QVBoxLayout(compare_box)
        compare_layout.setContentsMargins(0, 0, 0, 0)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.compare_button)
        compare_row.addStretch(1)
        compare_layout.addLayout(compare_row)
        compare_layout.addWidget(self.compare_table, 1)
        bottleneck_split = QSplitter(Qt.Horizontal)
        bottleneck_split.addWidget(bleu_frame)
        bottleneck_split.addWidget(compare_box)
        bottleneck_split.setChildrenCollapsible(False)
        bottleneck_layout = QVBoxLayout(bottleneck_tab)
        bottleneck_layout.addWidget(self.bleu_missing_label)
        bottleneck_layout.addWidget(bottleneck_split, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(split, "")
        self.tabs.addTab(beam_tab, "")
        self.tabs.addTab(bottleneck_tab, "")
        self.formula_panel = FormulaPanel()

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.message_label)
        layout.addWidget(SizeGuard(self.output_label))  # texts that change every step: see SizeGuard
        layout.addWidget(self.tabs, 1)
        layout.addWidget(SizeGuard(self.formula_panel))

        self._export_targets = {
            "alignment": ExportTarget(self.alignment_view, self._alignment_export_data),
            "context": ExportTarget(self.context_view, self._context_export_data),
            "bleu": ExportTarget(self.bleu_chart, self._bleu_export_data),
        }
        self.current_view_key = "alignment"

        # keys: active while the lab is shown; a text box keeps its own Space / Left / Home ---------------------
        self._shortcuts = []
        for keys, slot in (((Qt.Key_Space, Qt.Key_Right), self._on_step_triggered),
                           ((Qt.Key_Left,), self._on_back_triggered), ((Qt.Key_Home,), self._on_reset_triggered)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.WindowShortcut)
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)

        self._play_timer = QTimer(self)
        self._play_timer.timeout.connect(self._on_play_timer_timeout)

        # settings ----------------------------------------------------------------------------------------------
        speed = settings.get_str("seq2seq/speed", str(DEFAULT_SPEED))
        try:
            self.speed_spin.setValue(float(speed))
        except ValueError:
            self.speed_spin.setValue(DEFAULT_SPEED)
        self.beam_width_spin.setValue(settings.get_int("seq2seq/beam_width", 4, 1, 10))

        # wiring ------------------------------------------------------------------------------------------------
        self.sentence_combo.lineEdit().returnPressed.connect(self._on_translate_clicked)
        self.sentence_combo.activated.connect(self._on_example_activated)
        self.translate_button.clicked.connect(self._on_translate_clicked)
        self.model_combo.activated.connect(self._on_model_activated)
        self.step_button.clicked.connect(self._on_step_triggered)
        self.back_button.clicked.connect(self._on_back_triggered)
        self.reset_button.clicked.connect(self._on_reset_triggered)
        self.end_button.clicked.connect(self._on_end_clicked)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.speed_spin.valueChanged.connect(self._on_speed_changed)
        self.topk_view.candidate_clicked.connect(self._on_candidate_clicked)
        self.alignment_view.cell_hovered.connect(self._on_alignment_hovered)
        self.context_view.cell_hovered.connect(self._on_context_hovered)
        self.beam_button.clicked.connect(self._on_beam_clicked)
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        for key, button in (("alignment", self.alignment_export), ("context", self.context_export),
                            ("bleu", self.bleu_export)):
            button.export_requested.connect(lambda fmt, k=key: self._on_view_export_requested(k, fmt))
        s = self.session
        s.models_listed.connect(self._on_session_models_listed)
        s.loading_changed.connect(self._on_session_loading_changed)
        s.model_changed.connect(self._on_session_model_changed)
        s.trace_changed.connect(self._on_session_trace_changed)
        s.stepped.connect(self._on_session_stepped)

        self._fill_model_combo()
        self.retranslate()
        self._refresh_bleu()
        # first use: the lecture's sentence with the remembered (or best available) model
        if not s.models:
            self._refresh_all()
        else:
            if s.model is None and not s.is_loading():
                sentence = settings.get_str("seq2seq/sentence", EXAMPLES[0]) or EXAMPLES[0]
                self.sentence_combo.setEditText(sentence)
                s.sentence = sentence
                wanted = settings.get_str("seq2seq/model", "additive")
                names = s.model_names()
                s.select_model(wanted if wanted in names else names[-1])
            else:
                self.sentence_combo.setEditText(s.sentence)
            self._refresh_all()

    # building helpers ----------------------------------------------------------------------------------------
    def _view_box(self, view: QWidget, exportable: bool = True):
        return view_box(view, exportable=exportable, guard_title=True)

    def _fill_model_combo(self) -> None:
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for name in self.session.model_names():
            self.model_combo.addItem(name, name)
        self.model_combo.blockSignals(False)
        self._sync_model_combo()

    def _sync_model_combo(self) -> None:
        index = self.model_combo.findData(self.session.model_name)
        if index >= 0 and index != self.model_combo.currentIndex():
            self.model_combo.blockSignals(True)
            self.model_combo.setCurrentIndex(index)
            self.model_combo.blockSignals(False)

    # lab interface -------------------------------------------------------------------------------------------
    def current_export_view(self):
        if self.session.stepper is None and self.current_view_key != "bleu":
            return None
        if self.current_view_key == "alignment" and self._alignment_matrix() is None:
            return None
        return self._export_targets[self.current_view_key]

    def is_busy(self) -> bool:
        return (self.session.is_loading() or (self._beam_task is not None and not self._beam_task.finished)
                or (self._compare_task is not None and not self._compare_task.finished))

    def save_settings(self) -> None:
        self._settings.set("seq2seq/speed", str(self.speed_spin.value()))
        self._settings.set("seq2seq/beam_width", self.beam_width_spin.value())
        if self.session.model_name:
            self._settings.set("seq2seq/model", self.session.model_name)
        self._settings.set("seq2seq/sentence", self.session.sentence[:500])

    # lessons (protocol: desktop_app/labs/__init__.py) --------------------------------------------------------
    LESSON_TABS = ("step", "beam", "bottleneck")

    def lesson_state(self) -> dict:
        s = self.session
        highlight = {"row": self._hover[0] + 1, "col": self._hover[1] + 1} if self._hover else {}
        return {"input": s.sentence, "model": s.model_name, "step": len(s.steps), "highlight": highlight,
                "settings": {"tab": self.LESSON_TABS[self.tabs.currentIndex()]}}

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: tab = "step" | "beam" | "bottleneck", beam_width = 1..10 (runs beam search on the beam tab),
        compare = true (translates with every model); highlight: row, col = a cell of the alignment (1-based)."""
        self._stop_play()
        notes = []
        settings, model = state.get("settings") or {}, state.get("model")
        if "input" in state:
            self.sentence_combo.setEditText(state["input"])
        if not self.session.go_to(model, state.get("input"), state.get("step"),
                                  then=lambda: self._apply_lesson_view(state)):
            notes.append(self.tr("The model “{model}” is not installed; the lesson goes on with “{current}”.").format(
                model=model, current=self.session.model_name or "—"))
        if settings.get("tab") in self.LESSON_TABS:
            self.tabs.setCurrentIndex(self.LESSON_TABS.index(settings["tab"]))
        if isinstance(settings.get("beam_width"), int):
            self.beam_width_spin.setValue(settings["beam_width"])
        return notes

    def _apply_lesson_view(self, state: dict) -> None:
        settings, highlight = state.get("settings") or {}, state.get("highlight") or {}
        st = self.session.stepper
        if settings.get("tab") == "beam" and "beam_width" in settings:
            self._on_beam_clicked()
        if settings.get("compare"):
            self._on_compare_clicked()
        row, col = highlight.get("row"), highlight.get("col")
        if st is not None and isinstance(row, int) and isinstance(col, int) and 1 <= row <= len(st.steps) \
                and 1 <= col <= len(st.source_tokens):
            self._hover = (row - 1, col - 1)
            self.highlight.setRect(col - 1.5, row - 1.5, 1.0, 1.0)  # the red box on that one cell
            self.highlight.setVisible(st.config.attention != "plain")
        else:
            self._hover = None
        self._update_formula()

    # texts ---------------------------------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def score_tooltip(self, name: str) -> str:
        return {
            "plain": self.tr("No attention: the decoder starts from the encoder's last state h_S and never looks "
                             "back at the source. Everything must pass through one fixed vector (the bottleneck)."),
            "dot": self.tr("Dot-product score (Luong): e = s · h. No parameters; the decoder state and the encoder "
                           "state must live in the same space."),
            "general": self.tr("General (bilinear) score (Luong): e = sᵀ W h, with a learned matrix W."),
            "additive": self.tr("Additive score (Bahdanau): e = vᵀ tanh(W_1 s + W_2 h), a small one-layer network "
                                "scoring each pair."),
        }.get(name, name)

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Seq2Seq & Attention"))
        self.intro_label.setText(self.tr(
            "A GRU encoder reads the English sentence; a GRU decoder writes Spanish one token at a time. With "
            "attention, each step scores every source token, turns the scores into weights (softmax) and reads a "
            "context vector from them. Press Space to take a step, Left to go back, Home to start again."))
        self.sentence_label.setText(self.tr("Sentence"))
        self.sentence_combo.setToolTip(self.tr("Type an English sentence or choose an example, then press Enter."))
        self.translate_button.setText(self.tr("Translate"))
        self.translate_button.setToolTip(self.tr("Encode this sentence and start decoding from the first step."))
        self.model_label.setText(self.tr("Model"))
        self.model_combo.setToolTip(self.tr("The attention score of the model (hover over an entry for its formula)."))
        for i in range(self.model_combo.count()):
            self.model_combo.setItemData(i, self.score_tooltip(self.model_combo.itemData(i)), Qt.ToolTipRole)
        self.step_button.setText(self.tr("Step ▶"))
        self.step_button.setToolTip(self.tr("Emit the next token (Space or Right)"))
        self.back_button.setText(self.tr("◀ Back"))
        self.back_button.setToolTip(self.tr("Undo the last step (Left)"))
        self.play_button.setText(self.tr("Pause") if self.play_button.isChecked() else self.tr("Play"))
        self.play_button.setToolTip(self.tr("Step automatically at the chosen speed"))
        self.reset_button.setText(self.tr("|◀ Reset"))
        self.reset_button.setToolTip(self.tr("Back to the first step (Home)"))
        self.end_button.setText(self.tr("To the end ▶|"))
        self.end_button.setToolTip(self.tr("Decode greedily until </s>"))
        self.speed_label.setText(self.tr("Speed"))
        self.speed_spin.setSuffix(self.tr(" steps/s"))
        self.speed_spin.setToolTip(self.tr("How many steps Play takes per second"))
        self.tabs.setTabText(0, self.tr("Step by step"))
        self.tabs.setTabText(1, self.tr("Beam search"))
        self.tabs.setTabText(2, self.tr("Bottleneck"))
        self.topk_title.setText(self.tr("Next-token candidates"))
        self.topk_title.setToolTip(self.tr("The most probable tokens at this step. Click one to force it (teacher "
                                           "forcing by hand); decoding continues from it."))
        self.alignment_view.set_axis_titles(self.tr("generated token (step)"), self.tr("source token"))
        self.alignment_view.tooltip_formatter = lambda row, col, value: self.tr(
            "a({target}, {source}) = {value}").format(target=row, source=col, value=f"{value:.4f}")
        self.context_view.set_axis_titles("", self.tr("hidden unit"))
        self.context_view.tooltip_formatter = lambda row, col, value: self.tr("unit {unit}: {value}").format(
            unit=col, value=f"{value:.4f}")
        self.beam_width_label.setText(self.tr("Beam width"))
        self.beam_width_spin.setToolTip(self.tr("How many hypotheses survive each step (1 = greedy)"))
        self.beam_button.setText(self.tr("Run beam search"))
        self.compare_button.setText(self.tr("Translate with all models"))
        self.compare_button.setToolTip(self.tr("The current sentence through every model found, side by side"))
        self.compare_table.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Translation"),
                                                      self.tr("log p")])
        self.bleu_title.setText(self.tr("Test BLEU by source length (tokens)"))
        self.bleu_title.setToolTip(self.tr("Without attention, quality falls as sentences grow: the whole source "
                                           "must fit in one vector."))
        self.bleu_chart.setLabel("bottom", self.tr("source length (tokens)"))
        self.bleu_chart.setLabel("left", self.tr("BLEU"))
        self._refresh_all()
        self._refresh_bleu()
        self._refresh_beam_texts()
        self._refresh_compare()

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
        if s.model is None:
            return ""
        if s.input_error == "empty":
            return self.tr("Type an English sentence to translate (the box is empty).")
        if s.input_error:
            return self.tr("This sentence cannot be translated: {error}").format(error=s.input_error)
        notes = []
        if s.stepper is not None:
            enc = s.stepper.encoder
            if s.sentence_cut:
                notes.append(self.tr("The text was cut to its first {n} characters.").format(n=MAX_CHARS))
            if enc.truncated:
                notes.append(self.tr("The sentence has {n} tokens; the model reads at most {limit}, so only the "
                                     "first {limit} are translated.").format(n=enc.original_length,
                                                                            limit=len(enc.tokens)))
            unknown = sum(1 for t in enc.tokens if t == "<unk>")
            if unknown:
                notes.append(self.tr("{n} word(s) are unknown to the model (letters it never saw, such as Hangul "
                                     "or emoji) and are read as <unk>.").format(n=unknown))
        return " ".join(notes)

    def _refresh_message(self) -> None:
        text = self._message()
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        error = not self.session.models or bool(self.session.load_error) or bool(self.session.input_error)
        self.message_label.setStyleSheet("#inputError { color: %s; font-weight: bold; }"
                                         % ("#b00020" if error else "#8a5a00"))

    def _refresh_controls(self) -> None:
        s = self.session
        has_models = bool(s.models)
        ready = s.stepper is not None
        for w in (self.sentence_combo, self.translate_button, self.model_combo):
            w.setEnabled(has_models)
        self.step_button.setEnabled(ready and not s.finished)
        self.play_button.setEnabled(ready and not s.finished)
        self.end_button.setEnabled(ready and not s.finished)
        self.back_button.setEnabled(ready and bool(s.steps))
        self.reset_button.setEnabled(ready and bool(s.steps))
        self.beam_button.setEnabled(ready and not (self._beam_task is not None and not self._beam_task.finished))
        self.compare_button.setEnabled(has_models and not (self._compare_task is not None
                                                           and not self._compare_task.finished))
        if not ready or s.finished:
            self._stop_play()

    def _alignment_matrix(self) -> np.ndarray | None:
        st = self.session.stepper
        if st is None or st.config.attention == "plain":
            return None
        return st.attention_matrix()

    def _refresh_all(self) -> None:
        self._refresh_message()
        self._refresh_controls()
        self._refresh_views()

    def _refresh_views(self) -> None:
        started = time.perf_counter()
        s = self.session
        st = s.stepper
        if st is None:
            self.output_label.setText("")
            self.topk_view.set_candidates([], [], [], None)
            self.topk_view.caption.setText("")
            self.formula_panel.set_lines(SCORE_FORMULAS.get(s.model.attention if s.model else "additive", ""),
                                         "", "")
            self.alignment_title.setText(self.tr("Alignment"))
            self.context_title.setText(self.tr("Context vector"))
            return
        attention = st.config.attention
        steps = st.steps
        src = list(st.source_tokens)
        tgt = [x.token for x in steps]
        # the alignment heatmap (or the plain model's note) -----------------------------------------------------
        if attention == "plain":
            self.alignment_stack.setCurrentIndex(1)
            self.plain_label.setText(self.tr(
                "The plain model has no attention: the decoder never looks back at the source words. Its only "
                "knowledge of the sentence is the encoder's final state h_S (below), one vector of {h} numbers "
                "for the whole sentence.").format(h=st.config.hidden))
            self.alignment_title.setText(self.tr("No attention (plain model)"))
        else:
            self.alignment_stack.setCurrentIndex(0)
            matrix = st.attention_matrix()
            shown = matrix if len(steps) else np.zeros((1, len(src)), dtype=np.float32)
            # rows in blocks of 8: the frame grows every 8 steps, not every step (each re-range re-lays both axes)
            self.alignment_view.set_matrix(shown, row_labels=[f"{i + 1}: {t}" for i, t in enumerate(tgt)] or [""],
                                           col_labels=src, levels=(0.0, 1.0), min_rows=8 * math.ceil(len(steps) / 8))
            if steps:
                self.highlight.setRect(-0.5, len(steps) - 1.5, len(src), 1.0)
                self.highlight.setVisible(True)
            else:
                self.highlight.setVisible(False)
            self.alignment_title.setText(self.tr("Alignment: {t} generated × {s} source tokens (row = one decoder "
                                                 "step, sums to 1)").format(t=len(steps), s=len(src)))
        # context vector --------------------------------------------------------------------------------------
        if attention == "plain":
            vector = st.encoder.final_state
            self.context_title.setText(self.tr("The only context: the encoder's final state h_S ({h} units)").format(
                h=vector.shape[0]))
        elif steps:
            vector = steps[-1].context
            self.context_title.setText(self.tr("Context vector c_{t} = Σ_j a_{t}j h_j of step {t} (“{token}”)").format(
                t=len(steps), token=steps[-1].token))
        else:
            vector = np.zeros(st.config.hidden, dtype=np.float32)
            self.context_title.setText(self.tr("Context vector (take a step)"))
        # GRU states lie in (-1, 1) (tanh), and so does c_t, a weighted mean of them: one fixed colour scale, so
        # colours compare across steps and models (and the colour bar is not redrawn every step)
        self.context_view.set_matrix(vector[None, :], row_labels=["c"], levels=(-1.0, 1.0))
        # top-k --------------------------------------------------------------------------------------------
        if steps:
            last = steps[-1]
            self.topk_view.set_candidates(last.top_ids, last.top_tokens, last.top_probs, last.token_id)
            self.topk_view.caption.setText(self.tr("Step {t}: chose “{token}” (p = {p}){forced}. Click another "
                                                   "candidate to force it.").format(
                t=len(steps), token=last.token, p=f"{last.token_prob:.3f}",
                forced=self.tr(", forced by hand") if last.forced else ""))
        else:
            self.topk_view.set_candidates([], [], [], None)
            self.topk_view.caption.setText(self.tr("Take a step to see the candidates."))
        # the sentence so far ----------------------------------------------------------------------------------
        out = []
        for k, x in enumerate(steps):
            token = x.token.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            style = "color:#c62828; font-weight:bold;" if k == len(steps) - 1 else ""
            if x.forced:
                style += "text-decoration: underline;"
            out.append(f"<span style='{style}'>{token}</span>")
        src_text = " ".join(t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for t in src)
        status = self.tr("finished") if st.finished else self.tr("step {t}").format(t=len(steps))
        self.output_label.setText(f"<span style='color:#555'>{src_text}</span> &nbsp;→&nbsp; "
                                  + (" ".join(out) if out else "…") + f" &nbsp;<i style='color:#777'>({status})</i>")
        self._update_formula()
        self.last_gui_update_ms = (time.perf_counter() - started) * 1000

    def _update_formula(self) -> None:
        st = self.session.stepper
        if st is None:
            return
        attention = st.config.attention
        steps = st.steps
        general = {
            "plain": "s_t = GRU(y_{t-1}, s_{t-1}),  s_0 = h_S,   p(y_t) = softmax(W_o tanh(W_c s_t))",
            "dot": "e_tj = s_t · h_j,   a_t = softmax(e_t),   c_t = Σ_j a_tj h_j",
            "general": "e_tj = s_tᵀ W h_j,   a_t = softmax(e_t),   c_t = Σ_j a_tj h_j",
            "additive": "e_tj = vᵀ tanh(W_1 s_t + W_2 h_j),   a_t = softmax(e_t),   c_t = Σ_j a_tj h_j",
        }[attention]
        if not steps:
            self.formula_panel.set_lines(general, "", self.tr(
                "The encoder has read {n} source tokens. Press Space for the first decoder step.").format(
                n=len(st.source_tokens)))
            return
        last = steps[-1]
        t = len(steps)
        if self._hover is not None and attention != "plain" and self._hover[0] < t:
            row, col = self._hover
            w = float(steps[row].attention[col])
            substituted = f"a_{row + 1},{col + 1} = a({steps[row].token}, {st.source_tokens[col]}) = {w:.4f}"
            note = self.tr("Row {t} sums to {total}.").format(t=row + 1, total=f"{steps[row].attention.sum():.4f}")
            self.formula_panel.set_lines(general, substituted, note)
            return
        if attention == "plain":
            substituted = f"y_{t} = {last.token}   p = {last.token_prob:.4f}"
            note = self.tr("Without attention every step reads the same fixed summary of the source.")
        else:
            a = last.attention
            top = np.argsort(-a)[:3]
            parts = ", ".join(f"{st.source_tokens[j]} {a[j]:.2f}" for j in top)
            substituted = f"a_{t} = softmax(e_{t}) → {parts}   ⇒   y_{t} = {last.token} (p = {last.token_prob:.3f})"
            j = int(top[0])
            note = self.tr("Step {t}: the decoder looked mostly at “{source}” ({weight}) and wrote “{token}”.").format(
                t=t, source=st.source_tokens[j], weight=f"{a[j]:.0%}", token=last.token)
        self.formula_panel.set_lines(general, substituted, note)

    def _refresh_bleu(self) -> None:
        metrics = read_metrics(models_dir())
        buckets, values = bleu_by_length(metrics)
        names = {}
        for name in ATTENTIONS:
            m = metrics.get(name)
            names[name] = f"{name} ({m.get('test_bleu', '?')})" if m else name
        self.bleu_chart.set_data(buckets, values, names)
        missing = [n for n in ATTENTIONS if values.get(n) is None]
        self._bleu = (buckets, values)
        if missing:
            self.bleu_missing_label.setText(self.tr("Missing (no metrics.json yet): {names}").format(
                names=", ".join(missing)))
        else:
            self.bleu_missing_label.setText(self.tr("Legend: model (overall test BLEU)."))

    def _refresh_beam_texts(self) -> None:
        r = self._beam_result
        if r is None:
            self.beam_result_label.setText(self.tr("Choose a width and run beam search on the current sentence."))
            return
        self.beam_result_label.setText(self.tr(
            "Width {k}: “{translation}”, log p = {score}, per token = {norm} ({n} nodes kept). Red: the chosen "
            "hypothesis; green: hypotheses that ended with </s>.").format(
            k=r.width, translation=r.translation, score=f"{r.score:.3f}", norm=f"{r.normalized_score:.3f}",
            n=len(r.nodes)))

    def _refresh_compare(self) -> None:
        rows = self._compare_rows or []
        self.compare_table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            text = row.translation if not row.error else self.tr("failed: {error}").format(error=row.error)
            for j, value in enumerate((row.name, text, "" if row.error else f"{row.log_prob:.2f}")):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.compare_table.setItem(i, j, item)
        self.compare_table.resizeColumnToContents(0)

    # session slots -------------------------------------------------------------------------------------------
    def _on_session_models_listed(self) -> None:
        self._fill_model_combo()

    def _on_session_loading_changed(self, _loading: bool) -> None:
        self._refresh_message()
        self._refresh_controls()

    def _on_session_model_changed(self) -> None:
        self._sync_model_combo()
        self._refresh_message()

    def _on_session_trace_changed(self) -> None:
        self._hover = None
        self._beam_result = None
        self.beam_view.clear_tree()
        self._refresh_beam_texts()
        if self.sentence_combo.currentText() != self.session.sentence and not self.sentence_combo.hasFocus():
            self.sentence_combo.setEditText(self.session.sentence)
        self._refresh_all()
        self.trace_updated.emit()

    def _on_session_stepped(self) -> None:
        self._refresh_controls()
        if self.isHidden():
            self._views_stale = True  # the GRU lab in front stepped the shared session: redraw when shown
        else:
            self._refresh_views()
        self.trace_updated.emit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._views_stale:
            self._views_stale = False
            self._refresh_views()

    # user slots ----------------------------------------------------------------------------------------------
    def _on_translate_clicked(self) -> None:
        self._stop_play()
        self.session.set_sentence(self.sentence_combo.currentText())

    def _on_example_activated(self, index: int) -> None:
        self.sentence_combo.setEditText(self.sentence_combo.itemText(index))
        self._on_translate_clicked()

    def _on_model_activated(self, index: int) -> None:
        self._stop_play()
        name = self.model_combo.itemData(index)
        if self.sentence_combo.currentText() != self.session.sentence:
            self.session.sentence = self.sentence_combo.currentText()
        self.session.select_model(name)

    def _on_step_triggered(self) -> None:
        if not self.isVisible():
            return
        step = self.session.step()
        if step is not None:
            self.status_message.emit(self.tr("Step {t}: “{token}” (p = {p})").format(
                t=step.index + 1, token=step.token, p=f"{step.token_prob:.3f}"))

    def _on_back_triggered(self) -> None:
        if self.isVisible():
            self._stop_play()
            self.session.back()

    def _on_reset_triggered(self) -> None:
        if self.isVisible():
            self._stop_play()
            self.session.reset()

    def _on_end_clicked(self) -> None:
        self._stop_play()
        self.session.run_to_end()

    def _on_candidate_clicked(self, token_id: int) -> None:
        self._stop_play()
        step = self.session.force(token_id)
        if step is not None:
            self.status_message.emit(self.tr("Forced “{token}” at step {t}; decoding continues from it.").format(
                token=step.token, t=step.index + 1))

    def _on_play_toggled(self, on: bool) -> None:
        if on:
            self._play_timer.start(int(1000 / self.speed_spin.value()))
        else:
            self._play_timer.stop()
        self.play_button.setText(self.tr("Pause") if on else self.tr("Play"))

    def _stop_play(self) -> None:
        if self.play_button.isChecked():
            self.play_button.setChecked(False)

    def _on_play_timer_timeout(self) -> None:
        if not self.session.can_step():
            self._stop_play()
            return
        self.session.step()

    def _on_speed_changed(self, value: float) -> None:
        if self._play_timer.isActive():
            self._play_timer.setInterval(int(1000 / value))

    def _on_alignment_hovered(self, row: int, col: int, value: float) -> None:
        self._hover = (row, col)
        self.current_view_key = "alignment"
        self._update_formula()
        st = self.session.stepper
        if st is not None and row < len(st.steps):
            self.status_message.emit(self.tr("a({target}, {source}) = {value}").format(
                target=st.steps[row].token, source=st.source_tokens[col], value=f"{value:.6f}"))

    def _on_context_hovered(self, _row: int, col: int, value: float) -> None:
        self.current_view_key = "context"
        self.status_message.emit(self.tr("unit {unit}: {value}").format(unit=col, value=f"{value:.6f}"))

    def _on_tab_changed(self, index: int) -> None:
        self.current_view_key = ("alignment", "alignment", "bleu")[index]
        if index == 2:
            self._refresh_bleu()

    def _on_beam_clicked(self) -> None:
        s = self.session
        if s.stepper is None or s.model is None:
            return
        if self._beam_task is not None:
            self._beam_task.cancel()
        self._beam_task = run_task(run_beam, s.model, s.sentence, self.beam_width_spin.value(),
                                   on_done=self._on_beam_done, on_error=self._on_beam_failed)
        self.beam_result_label.setText(self.tr("Running beam search…"))
        self._refresh_controls()

    def _on_beam_done(self, result) -> None:
        self._beam_result = result
        self.beam_view.set_result(result)
        self._refresh_beam_texts()
        self._refresh_controls()

    def _on_beam_failed(self, exc: BaseException) -> None:
        self.beam_result_label.setText(self.tr("Beam search failed: {error}").format(error=exc))
        self._refresh_controls()

    def _on_compare_clicked(self) -> None:
        s = self.session
        text = self.sentence_combo.currentText()
        if not text.strip():
            self._compare_rows = []
            self._refresh_compare()
            self.status_message.emit(self.tr("Type an English sentence to translate (the box is empty)."))
            return
        from desktop_app.labs.seq2seq.compute import clean_sentence

        sentence, _cut = clean_sentence(text)
        if self._compare_task is not None:
            self._compare_task.cancel()
        self._compare_task = run_task(translate_all, [(m.name, m.folder) for m in s.models], dict(s.cache), sentence,
                                      on_done=self._on_compare_done, on_error=self._on_compare_failed)
        self.compare_table.setRowCount(0)
        self.status_message.emit(self.tr("Translating with every model…"))
        self._refresh_controls()

    def _on_compare_done(self, result) -> None:
        rows, new = result
        self.session.add_loaded(new)
        self._compare_rows = rows
        self._refresh_compare()
        self._refresh_controls()

    def _on_compare_failed(self, exc: BaseException) -> None:
        self.status_message.emit(self.tr("Could not compare the models: {error}").format(error=exc))
        self._refresh_controls()

    def _on_view_export_requested(self, key: str, fmt: str) -> None:
        self.current_view_key = key
        controller = getattr(self.window(), "export_controller", None)
        if controller is not None:
            controller.export_interactive(self.current_export_view(), fmt)

    # export data ---------------------------------------------------------------------------------------------
    def _meta(self, view: str) -> dict:
        s = self.session
        return {"lab": LAB_KEY, "view": view, "model": s.model_name, "sentence": s.sentence,
                "steps": len(s.steps)}

    def _alignment_export_data(self) -> ExportData:
        st = self.session.stepper
        matrix = self._alignment_matrix()
        return ExportData(name=f"seq2seq_alignment_{self.session.model_name}", matrix=matrix,
                          row_labels=[x.token for x in st.steps], col_labels=list(st.source_tokens),
                          meta=self._meta("alignment"))

    def _context_export_data(self) -> ExportData:
        values = self.context_view.values
        return ExportData(name=f"seq2seq_context_{self.session.model_name}", matrix=values, row_labels=["c"],
                          col_labels=[str(j) for j in range(values.shape[1])], meta=self._meta("context"))

    def _bleu_export_data(self) -> ExportData:
        buckets, values = self._bleu
        columns = {"source_tokens": np.array(buckets, dtype=object)}
        for name, v in values.items():
            columns[name] = np.array(v if v is not None else [np.nan] * len(buckets), dtype=float)
        return ExportData(name="seq2seq_bleu_by_length", columns=columns, meta=self._meta("bleu"))

    # screenshots ---------------------------------------------------------------------------------------------
    def prepare_screenshot(self) -> None:
        """The lecture's sentence, translated to the end, as after pressing Space until </s>."""
        s = self.session
        if s.stepper is None or s.sentence != EXAMPLES[0]:
            self.sentence_combo.setEditText(EXAMPLES[0])
            s.set_sentence(EXAMPLES[0])
        if s.stepper is not None:
            s.run_to_end()
