"""Transformer lab: translate step by step and look at every attention map.

    Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V

Controls: a sentence (with the lecture's examples), the model (folders found on disk), Step / Back / Play / Reset
(Space or Right, Left, Home). Views, all following the step: the model view (layers x heads for encoder
self-attention, decoder masked self-attention and cross-attention; click one to see it large, with token axes and
hover values; encoder rollout as an option), the next-token candidates (click one to force it), the Q/K/V drill-down
for one query, and a timing of the parallel encoder against a sequential GRU.

Engine work (loading torch and the model, steps, the Q/K/V forward, timings) runs in workers; one task touches the
stepper at a time, and key presses that arrive meanwhile are queued and applied together.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSpinBox,
    QSplitter, QTabBar, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from desktop_app.labs.transformer.compute import (
    BENCH_SIZES, KINDS, TOP_K, LabInputError, LabModelError, ViewState, apply_moves, drill_down, list_models,
    models_root, open_session, read_about, time_encoders,
)
from desktop_app.labs.transformer.results import ResultsTable, results_rows
from desktop_app.paths import assets_dir
from desktop_app.labs.transformer.views import BenchPlot, HeadGrid, TopKView
from desktop_app.labs.step_queue import StepQueueMixin
from desktop_app.widgets.export import ExportButton, ExportData, ExportTarget
from desktop_app.widgets.size_guard import SizeGuard
from desktop_app.widgets.view_box import view_box
from desktop_app.widgets.formula import FormulaPanel
from desktop_app.widgets.heatmap import HeatmapView
from desktop_app.widgets.lazy_page import LazyPage
from desktop_app.workers import run_task

LAB_KEY = "transformer"
EXAMPLES = ("나는 학교에 간다", "어제 그녀는 도서관에서 책을 읽었다", "내일 우리는 공원에 갈 것이다",
            "엄마는 시장에서 사과를 샀다")
DEFAULT_PLAY_MS = 600
MAX_TABLE_COLUMNS = 64  # the drill-down table shows at most this many keys (the heatmaps show them all)


class TransformerLab(StepQueueMixin, QWidget):
    status_message = Signal(str)
    state_shown = Signal()  # the views show a new ViewState
    model_loaded = Signal(str)
    bench_point = Signal(int)

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self._settings = settings
        self._models = list_models()
        self._bundle = None
        self._session = None
        self._state: ViewState | None = None
        self._task = None
        self._pending: list[tuple] = []
        self._pending_open = False
        self._bench_task = None
        self._bench_queue: list[int] = []
        self._message_key: tuple | None = None  # (kind, kwargs) of the message shown, re-worded on LanguageChange
        self._kind = "encoder"
        self._layer, self._head = 0, 0
        self.last_gui_update_ms = 0.0

        # controls --------------------------------------------------------------------------------------
        self.title_label = QLabel()
        self.title_label.setObjectName("labTitle")
        self.title_label.setStyleSheet("#labTitle { font-size: 17pt; font-weight: bold; }")
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.about_label = QLabel()
        self.about_label.setWordWrap(True)
        self.about_label.setStyleSheet("color: #555;")

        self.sentence_label = QLabel()
        self.sentence_combo = QComboBox()
        self.sentence_combo.setEditable(True)
        self.sentence_combo.setInsertPolicy(QComboBox.NoInsert)
        self.sentence_combo.addItems(EXAMPLES)
        self.sentence_combo.setMinimumWidth(300)
        self.model_label = QLabel()
        self.model_combo = QComboBox()
        for folder in self._models:
            self.model_combo.addItem(folder.name, str(folder))
        self.translate_button = QPushButton()
        self.step_button, self.back_button = QPushButton(), QPushButton()
        self.play_button, self.reset_button = QPushButton(), QPushButton()
        self.play_button.setCheckable(True)
        self.speed_label = QLabel()
        self.speed_spin = QSpinBox()
        self.speed_spin.setRange(100, 3000)
        self.speed_spin.setSingleStep(100)
        self.speed_spin.setSuffix(" ms")
        self.progress_label = QLabel()
        self.output_label = QLabel()
        self.output_label.setWordWrap(True)
        self.output_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.output_label.setStyleSheet("font-size: 13pt;")
        self.message_label = QLabel()
        self.message_label.setObjectName("inputError")
        self.message_label.setStyleSheet("#inputError { color: #b00020; font-weight: bold; }")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        input_row = QHBoxLayout()
        input_row.addWidget(self.sentence_label)
        input_row.addWidget(self.sentence_combo, 1)
        input_row.addWidget(self.translate_button)
        input_row.addWidget(self.model_label)
        input_row.addWidget(self.model_combo)
        step_row = QHBoxLayout()
        for w in (self.step_button, self.back_button, self.play_button, self.reset_button, self.speed_label,
                  self.speed_spin):
            step_row.addWidget(w)
        step_row.addWidget(SizeGuard(self.progress_label))  # texts that change every step: see SizeGuard
        step_row.addWidget(SizeGuard(self.output_label), 1)

        # model view ------------------------------------------------------------------------------------
        self.kind_bar = QTabBar()
        for _kind in KINDS:
            self.kind_bar.addTab("")
        self.kind_bar.setFocusPolicy(Qt.NoFocus)
        self.rollout_check = QCheckBox()
        self.grid = HeadGrid()
        self.grid.setMinimumSize(280, 200)
        self.topk_title = QLabel()
        self.topk_title.setStyleSheet("font-weight: bold;")
        self.topk_view = TopKView(TOP_K)
        self.large_view = HeatmapView(colormap="viridis", max_display=1024)
        self.large_view.setMinimumSize(360, 300)
        self.large_title, self.large_export, large_frame = view_box(self.large_view, guard_title=True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_bar)
        kind_row.addStretch(1)
        kind_row.addWidget(self.rollout_check)
        left_layout.addLayout(kind_row)
        left_layout.addWidget(self.grid, 3)
        left_layout.addWidget(SizeGuard(self.topk_title))
        left_layout.addWidget(SizeGuard(self.topk_view), 2)
        model_split = QSplitter(Qt.Horizontal)
        model_split.addWidget(left)
        model_split.addWidget(large_frame)
        model_split.setChildrenCollapsible(False)
        model_split.setSizes([480, 560])

        # drill-down ------------------------------------------------------------------------------------
        drill = QWidget()
        self.drill_kind_combo = QComboBox()
        for _kind in KINDS:
            self.drill_kind_combo.addItem("", _kind)
        self.drill_layer_spin, self.drill_head_spin = QSpinBox(), QSpinBox()
        self.drill_query_combo = QComboBox()
        self.drill_query_combo.setMinimumWidth(120)
        self.drill_kind_label, self.drill_layer_label = QLabel(), QLabel()
        self.drill_head_label, self.drill_query_label = QLabel(), QLabel()
        drill_controls = QHBoxLayout()
        for w in (self.drill_kind_label, self.drill_kind_combo, self.drill_layer_label, self.drill_layer_spin,
                  self.drill_head_label, self.drill_head_spin, self.drill_query_label, self.drill_query_combo):
            drill_controls.addWidget(w)
        drill_controls.addStretch(1)
        self.drill_page = LazyPage(self._build_drill_views)  # four heatmaps: built when the tab is first opened
        drill_layout = QVBoxLayout(drill)
        drill_layout.addLayout(drill_controls)
        drill_layout.addWidget(self.drill_page, 1)

        # parallel vs sequential ------------------------------------------------------------------------
        bench = QWidget()
        self.bench_run_button, self.bench_cancel_button = QPushButton(), QPushButton()
        self.bench_cancel_button.setEnabled(False)
        self.bench_progress = QProgressBar()
        self.bench_progress.setRange(0, len(BENCH_SIZES))
        self.bench_plot = BenchPlot()
        self.bench_text = QLabel()
        self.bench_text.setWordWrap(True)
        self.bench_result = QLabel()
        self.bench_result.setWordWrap(True)
        self.bench_result.setStyleSheet("font-weight: bold;")
        self.bench_title, self.bench_export, bench_frame = self._view_box(self.bench_plot)
        bench_row = QHBoxLayout()
        bench_row.addWidget(self.bench_run_button)
        bench_row.addWidget(self.bench_cancel_button)
        bench_row.addWidget(self.bench_progress, 1)
        bench_layout = QVBoxLayout(bench)
        bench_layout.addWidget(self.bench_text)
        bench_layout.addLayout(bench_row)
        bench_layout.addWidget(bench_frame, 1)
        bench_layout.addWidget(self.bench_result)

        results = QWidget()
        self.results_text = QLabel()
        self.results_text.setWordWrap(True)
        self.results_table = ResultsTable()
        self.results_table.set_rows(results_rows(assets_dir() / "models"))  # a few small JSON files
        results_layout = QVBoxLayout(results)
        results_layout.addWidget(self.results_text)
        results_layout.addWidget(self.results_table, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(model_split, "")
        self.tabs.addTab(drill, "")
        self.tabs.addTab(bench, "")
        self.tabs.addTab(results, "")
        self.tabs.setFocusPolicy(Qt.NoFocus)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.about_label)
        layout.addLayout(input_row)
        layout.addLayout(step_row)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)
        self.formula_panel = FormulaPanel()
        layout.addWidget(SizeGuard(self.formula_panel))

        self._export_targets = {
            "large": ExportTarget(self.large_view, self._large_export_data),
            "bench": ExportTarget(self.bench_plot, self._bench_export_data),
        }

        # settings --------------------------------------------------------------------------------------
        self.speed_spin.setValue(settings.get_int("transformer/play_ms", DEFAULT_PLAY_MS, 100, 3000))
        model = settings.get_str("transformer/model", self._models[0].name if self._models else "")
        index = self.model_combo.findText(model)
        if index >= 0:
            self.model_combo.setCurrentIndex(index)
        text = settings.get_str("transformer/sentence", EXAMPLES[0])
        self.sentence_combo.setEditText(text or EXAMPLES[0])

        # wiring ----------------------------------------------------------------------------------------
        self._play_timer = QTimer(self)
        self._play_timer.timeout.connect(self._on_play_timer_timeout)
        self.translate_button.clicked.connect(self._on_translate_clicked)
        self.sentence_combo.lineEdit().returnPressed.connect(self._on_translate_clicked)
        self.sentence_combo.activated.connect(lambda _i: self._on_translate_clicked())
        self.model_combo.currentIndexChanged.connect(self._on_model_changed)
        self.step_button.clicked.connect(self.step)
        self.back_button.clicked.connect(self.back)
        self.reset_button.clicked.connect(self.reset)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.speed_spin.valueChanged.connect(lambda v: self._play_timer.setInterval(v))
        for w in (self.step_button, self.back_button, self.reset_button, self.play_button, self.translate_button):
            w.setFocusPolicy(Qt.NoFocus)  # Space always steps, whatever button was clicked last
        self.kind_bar.currentChanged.connect(self._on_kind_changed)
        self.rollout_check.toggled.connect(lambda _on: self._show_large())
        self.grid.head_clicked.connect(self._on_head_clicked)
        self.topk_view.candidate_clicked.connect(self._on_candidate_clicked)
        self.large_view.cell_hovered.connect(self._on_large_hovered)
        self.large_view.cell_clicked.connect(self._on_large_clicked)
        self.large_export.export_requested.connect(lambda fmt: self._on_view_export_requested("large", fmt))
        self.bench_export.export_requested.connect(lambda fmt: self._on_view_export_requested("bench", fmt))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.drill_kind_combo.currentIndexChanged.connect(self._on_drill_kind_changed)
        for w in (self.drill_layer_spin, self.drill_head_spin):
            w.valueChanged.connect(lambda _v: self._update_drill())
        self.drill_query_combo.currentIndexChanged.connect(lambda _i: self._update_drill())
        self.bench_run_button.clicked.connect(self.run_bench)
        self.bench_cancel_button.clicked.connect(self.cancel_bench)

        self.shortcuts = {}
        for name, keys, slot in (("step", ("Space", "Right"), self.step), ("back", ("Left",), self.back),
                                 ("reset", ("Home",), self.reset)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.WindowShortcut)  # only while this lab is shown: hidden widgets' keys sleep
                shortcut.activated.connect(slot)
                self.shortcuts[key] = shortcut

        self.retranslate()
        self._update_about()
        self._update_buttons()
        if not self._models:
            self._show_message("no_models", folder=str(models_root()))
        else:
            QTimer.singleShot(0, self._request_open)

    # building helpers ------------------------------------------------------------------------------------
    def _build_drill_views(self) -> QWidget:
        self.q_view = HeatmapView(colormap="diverging")
        self.k_view = HeatmapView(colormap="diverging")
        self.v_view = HeatmapView(colormap="diverging")
        self.out_view = HeatmapView(colormap="diverging")
        for view in (self.q_view, self.out_view):
            view.setMinimumHeight(90)
            view.setMaximumHeight(130)
        self.score_table = QTableWidget(4, 0)
        self.score_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.score_table.setMinimumHeight(150)
        self.drill_formula = FormulaPanel()
        content = QWidget()
        drill_grid = QGridLayout()
        drill_grid.addWidget(self.q_view, 0, 0)
        drill_grid.addWidget(self.out_view, 0, 1)
        drill_grid.addWidget(self.k_view, 1, 0)
        drill_grid.addWidget(self.v_view, 1, 1)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(drill_grid, 3)
        layout.addWidget(self.score_table, 2)
        layout.addWidget(self.drill_formula)
        return content

    def _view_box(self, view: QWidget) -> tuple[QLabel, ExportButton, QFrame]:
        return view_box(view)

    # lab interface ---------------------------------------------------------------------------------------
    def current_export_view(self):
        if self.tabs.currentIndex() == 2 and self.bench_plot.points:
            return self._export_targets["bench"]
        return self._export_targets["large"] if self._state is not None else None

    def export_target(self, key: str) -> ExportTarget:
        return self._export_targets[key]

    def is_busy(self) -> bool:
        return (self._task is not None and not self._task.finished) or bool(self._pending) or self._pending_open

    def save_settings(self) -> None:
        self._settings.set("transformer/play_ms", self.speed_spin.value())
        self._settings.set("transformer/model", self.model_combo.currentText())
        self._settings.set("transformer/sentence", self.sentence_combo.currentText()[:500])

    @property
    def state(self) -> ViewState | None:
        return self._state

    # lessons (protocol: desktop_app/labs/__init__.py) ---------------------------------------------------
    LESSON_TABS = ("maps", "drill", "bench", "results")

    def lesson_state(self) -> dict:
        state = self._state
        return {"input": self.sentence_combo.currentText(), "model": self.model_combo.currentText(),
                "step": state.n_steps if state is not None else 0,
                "settings": {"tab": self.LESSON_TABS[self.tabs.currentIndex()], "rollout": self._rollout_shown()},
                "highlight": {"kind": self._kind, "layer": self._layer + 1, "head": self._head + 1}}

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: tab = "maps" | "drill" | "bench" | "results", rollout = true | false;
        highlight: kind = "encoder" | "decoder" | "cross", layer, head (1-based)."""
        notes = []
        self.play_button.setChecked(False)
        settings, highlight, model = state.get("settings") or {}, state.get("highlight") or {}, state.get("model")
        if model and model != self.model_combo.currentText():
            index = self.model_combo.findText(model)
            if index >= 0:
                self.model_combo.setCurrentIndex(index)  # opens the model (a worker)
            else:
                notes.append(self.tr("The model “{model}” is not installed; the lesson goes on with “{current}”."
                                     ).format(model=model, current=self.model_combo.currentText() or "—"))
        if "input" in state and (state["input"] != self.sentence_combo.currentText() or self._state is None
                                 or self._state.text != state["input"]):
            self.translate(state["input"])
        if "step" in state:
            target = state["step"]
            moves = [("reset",)] + ([("end",)] if target == "end" else [("step",)] * int(target))
            if self._session is not None or self._pending_open or self.is_busy():
                self._pending.extend(moves)  # queued behind the open, if one runs
                if self._task is None or self._task.finished:
                    self._start_next()
        if settings.get("tab") in self.LESSON_TABS:
            self.tabs.setCurrentIndex(self.LESSON_TABS.index(settings["tab"]))
        if highlight.get("kind") in KINDS:
            self.set_kind(highlight["kind"])
        layer, head = highlight.get("layer"), highlight.get("head")
        if isinstance(layer, int) and isinstance(head, int) and layer >= 1 and head >= 1:
            self._layer, self._head = layer - 1, head - 1  # clamped to the model when its state arrives
            if self._state is not None and not self.is_busy():  # busy: the shown state may be the old model's
                self._layer = min(self._layer, self._state.n_layers - 1)
                self._head = min(self._head, self._state.n_heads - 1)
                self.select_head(self._layer, self._head)
        if "rollout" in settings:
            self.rollout_check.setChecked(bool(settings["rollout"]))
        return notes

    # moves -----------------------------------------------------------------------------------------------
    def step(self) -> None:
        self._request_move(("step",))

    def back(self) -> None:
        self._request_move(("back",))

    def reset(self) -> None:
        self.play_button.setChecked(False)
        self._request_move(("reset",))

    def step_to_end(self) -> None:
        self._request_move(("end",))

    def force(self, token_id: int) -> None:
        self.play_button.setChecked(False)
        self._request_move(("force", int(token_id)))

    def translate(self, text: str | None = None) -> None:
        """Start over with `text` (or the sentence box's text)."""
        if text is not None:
            self.sentence_combo.setEditText(text)
        self._request_open()

    def _request_open(self) -> None:
        self._pending = []
        self._pending_open = True
        self.play_button.setChecked(False)
        if self._task is None or self._task.finished:
            self._start_next()

    def _want_qkv(self) -> bool:
        return self.tabs.currentIndex() == 1

    def _start_next(self) -> None:
        if self._pending_open:
            self._pending_open = False
            folder = self.model_combo.currentData()
            if not folder:
                return
            loading = self._bundle is None or getattr(self._bundle, "_lab_folder", None) is None or \
                str(self._bundle._lab_folder) != folder
            if loading:
                self._show_progress("loading")
            self._task = run_task(open_session, folder, self.sentence_combo.currentText(), self._bundle,
                                  self._want_qkv(), on_done=self._on_session_opened, on_error=self._on_task_failed)
            self._update_buttons()
            return
        if self._pending and self._session is not None:
            moves, self._pending = self._pending, []
            self._task = run_task(apply_moves, self._session, moves, self._want_qkv(),
                                  on_done=self._on_state_ready, on_error=self._on_task_failed)
        else:
            self._pending = []
        self._update_buttons()

    def _on_session_opened(self, result) -> None:
        if result is None:
            self._start_next()
            return
        session, state = result
        first = self._bundle is not session.bundle
        self._bundle, self._session = session.bundle, session
        if first:
            self.model_loaded.emit(session.folder.name)
        self._show_message(None)
        self._on_state_ready(state)

    def _on_task_failed(self, exc: BaseException) -> None:
        self._show_progress(None)
        if isinstance(exc, LabInputError):
            self._show_message("empty")
        elif isinstance(exc, LabModelError):
            self._show_message("model", model=self.model_combo.currentText(), error=str(exc))
        else:
            self._show_message("failed", error=f"{type(exc).__name__}: {exc}")
        self._start_next()
        self._update_buttons()

    def _on_translate_clicked(self) -> None:
        self._request_open()

    def _on_model_changed(self, _index: int) -> None:
        self._update_about()
        self._request_open()

    def _on_candidate_clicked(self, row: int) -> None:
        if self._state is None or row >= len(self._state.topk_ids):
            return
        token = self._state.topk_tokens[row]
        self.force(int(self._state.topk_ids[row]))
        self.status_message.emit(self.tr("Forced “{token}” at step {step}; decoding continues from it.").format(
            token=token, step=self._state.n_steps))

    # showing a state -------------------------------------------------------------------------------------
    def _show_state(self, state: ViewState) -> None:
        import time

        started = time.perf_counter()
        first = self._state is None or self._state.n_layers != state.n_layers or self._state.n_heads != state.n_heads
        self._state = state
        self._show_progress(None)
        if first:
            self._layer = min(self._layer, state.n_layers - 1)
            self._head = min(self._head, state.n_heads - 1)
            self.drill_layer_spin.setRange(1, state.n_layers)
            self.drill_head_spin.setRange(1, state.n_heads)
        self._show_grid()
        self._show_large()
        chosen = None
        if state.chosen_id >= 0:
            matches = np.flatnonzero(state.topk_ids == state.chosen_id)
            chosen = int(matches[0]) if matches.size else None
        self.topk_view.set_candidates(state.topk_tokens, state.topk_probs, chosen)
        self._update_output_texts()
        self._update_drill_queries()
        self._update_drill()
        self._update_input_notes()
        self.last_gui_update_ms = (time.perf_counter() - started) * 1000
        self.state_shown.emit()

    def _kind_matrices(self, state: ViewState) -> np.ndarray:
        return {"encoder": state.encoder, "decoder": state.decoder, "cross": state.cross}[self._kind]

    def _show_grid(self) -> None:
        if self._state is None:
            return
        self.grid.set_matrices(self._kind_matrices(self._state))
        self.grid.select(self._layer, self._head)

    def _rollout_shown(self) -> bool:
        return self._kind == "encoder" and self.rollout_check.isChecked()

    def _large_matrix(self):
        """(matrix, row labels, col labels) of the large view, or None when the kind has no rows yet."""
        state = self._state
        if state is None:
            return None
        rows, cols = state.labels(self._kind)
        if self._rollout_shown():
            return state.rollout, rows, cols
        matrix = state.matrix(self._kind, self._layer, self._head)
        if matrix.size == 0:
            return None
        return matrix, rows, cols

    def _show_large(self) -> None:
        self.rollout_check.setEnabled(self._kind == "encoder")
        shown = self._large_matrix()
        if shown is None:
            if self._state is not None:
                self.large_view.set_matrix(np.zeros((1, 1)), [""], [""], title=self.tr(
                    "Press Step (Space) to generate the first token"), levels=(0.0, 1.0))
            self._update_large_title()
            return
        matrix, rows, cols = shown
        hi = float(matrix.max()) if matrix.size else 1.0
        # decoder rows in blocks of 8: the frame grows every 8 steps, not every step (a re-range re-lays out both
        # axes); the decoder's self-attention grows a column per step too
        grows = self._kind != "encoder" and not self._rollout_shown()
        self.large_view.set_matrix(matrix, list(rows), list(cols), levels=(0.0, hi if hi > 0 else 1.0),
                                   min_rows=8 * math.ceil(len(rows) / 8) if grows else 0,
                                   min_cols=8 * math.ceil(len(cols) / 8) if self._kind == "decoder" else 0)
        self._update_large_title()

    def _kind_name(self, kind: str) -> str:
        return {
            "encoder": self.tr("Encoder self-attention"),
            "decoder": self.tr("Decoder masked self-attention"),
            "cross": self.tr("Cross-attention"),
        }[kind]

    def _update_large_title(self) -> None:
        if self._rollout_shown():
            title = self.tr("Attention rollout over {n} encoder layers").format(
                n=self._state.n_layers if self._state else 0)
        else:
            title = self.tr("{kind}, layer {layer}, head {head}").format(
                kind=self._kind_name(self._kind), layer=self._layer + 1, head=self._head + 1)
        self.large_title.setText(title)
        if self._large_matrix() is not None:
            self.large_view.set_title(title)
        axes = {
            "encoder": (self.tr("query: source token"), self.tr("key: source token")),
            "decoder": (self.tr("query: decoder input"), self.tr("key: decoder input")),
            "cross": (self.tr("generated token"), self.tr("source token")),
        }[self._kind]
        self.large_view.set_axis_titles(*axes)

    def _update_output_texts(self) -> None:
        state = self._state
        if state is None:
            self.output_label.setText("")
            self.progress_label.setText("")
            return
        if state.finished:
            self.progress_label.setText(self.tr("Step {t}, done").format(t=state.n_steps))
        else:
            self.progress_label.setText(self.tr("Step {t}").format(t=state.n_steps))
        tokens = " ".join(state.output_tokens) if state.output_tokens else "…"
        self.output_label.setText(self.tr("Source: {source}   →   {output}").format(
            source=" ".join(state.source_tokens[:40]) + (" …" if len(state.source_tokens) > 40 else ""),
            output=tokens))
        self.output_label.setToolTip(self.tr("Translation so far: {text}").format(text=state.translation))

    def _update_input_notes(self) -> None:
        """Truncation and <unk> notes (not errors: the translation still runs)."""
        state = self._state
        if state is None or (self._message_key and self._message_key[0] in ("empty", "model", "failed")):
            return
        notes = []
        if state.truncated or state.text_cut:
            notes.append(("truncated", {"n": len(state.source_tokens)}))
        if state.unknown:
            notes.append(("unknown", {"unk": state.unknown, "n": len(state.source_tokens)}))
        if notes:
            self._show_message("notes", notes=notes)
        else:
            self._show_message(None)

    # messages (kept as keys so they follow the language) -------------------------------------------------
    def _message_text(self, key: str, kwargs: dict) -> str:
        if key == "empty":
            return self.tr("Type a sentence to translate: the box is empty.")
        if key == "model":
            return self.tr("Could not load the model {model}: {error}").format(**kwargs)
        if key == "failed":
            return self.tr("The translation failed: {error}").format(**kwargs)
        if key == "no_models":
            return self.tr("No Transformer model was found in {folder}.").format(**kwargs)
        if key == "notes":
            parts = []
            for note, values in kwargs["notes"]:
                if note == "truncated":
                    parts.append(self.tr("The input was too long: only its first {n} tokens are used.").format(
                        **values))
                else:
                    parts.append(self.tr("{unk} of the {n} source tokens are unknown to this model and shown as "
                                         "<unk>: it only knows the words of its training sentences.").format(**values))
            return " ".join(parts)
        return ""

    def _show_message(self, key: str | None, **kwargs) -> None:
        self._message_key = (key, kwargs) if key else None
        text = self._message_text(key, kwargs) if key else ""
        previous = self.message_label.text()
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        if text or previous:  # a message that no longer holds leaves the status bar too
            self.status_message.emit(text)

    def message_text(self) -> str:
        return self.message_label.text() if self.message_label.isVisible() else ""

    def _show_progress(self, what: str | None) -> None:
        if getattr(self, "_progress_key", None) == "loading" and what != "loading" and not self.message_text():
            self.status_message.emit("")  # "Loading the model…" no longer holds (it stayed in the status bar)
        self._progress_key = what
        if what == "loading":
            self.progress_label.setText(self.tr("Loading the model…"))
            self.status_message.emit(self.tr("Loading the model…"))
        elif self._state is None:
            self.progress_label.setText("")

    def _update_buttons(self) -> None:
        loaded = self._session is not None
        state = self._state
        self.step_button.setEnabled(loaded and not (state is not None and state.finished))
        self.back_button.setEnabled(loaded and state is not None and state.n_steps > 0)
        self.reset_button.setEnabled(loaded and state is not None and state.n_steps > 0)
        self.play_button.setEnabled(loaded)
        self.bench_run_button.setEnabled(self._bundle is not None and self._bench_task is None)

    def _update_about(self) -> None:
        folder = self.model_combo.currentData()
        about = read_about(folder) if folder else {}
        # the shipped models' sources in the user's language; a user's own folder shows its own words
        known = {"ko-en": self.tr("sentences generated by a small Korean/English grammar written in this project "
                                  "(engine/train/ko_en_grammar.py: subjects, objects, places, verbs, tenses), not "
                                  "real-world text"),
                 "en-es": self.tr("the Tatoeba English–Spanish sentence pairs (CC-BY 2.0 FR)")}
        source = known.get(about.get("languages")) or about.get("source")
        if source:
            self.about_label.setText(self.tr(
                "Model {model} was trained only on {source}. Words it never saw become <unk>, and sentences unlike "
                "its training data may translate oddly.").format(model=self.model_combo.currentText(), source=source))
        else:
            self.about_label.setText(self.tr("Model {model}: no description of its training data.").format(
                model=self.model_combo.currentText()))

    # model view interaction ------------------------------------------------------------------------------
    def set_kind(self, kind: str) -> None:
        self.kind_bar.setCurrentIndex(KINDS.index(kind))

    def select_head(self, layer: int, head: int) -> None:
        self._on_head_clicked(layer, head)

    def _on_kind_changed(self, index: int) -> None:
        self._kind = KINDS[index]
        self._show_grid()
        self._show_large()

    def _on_head_clicked(self, layer: int, head: int) -> None:
        self._layer, self._head = layer, head
        self.grid.select(layer, head)
        if self.rollout_check.isChecked() and self._kind == "encoder":
            self.rollout_check.setChecked(False)  # a head was asked for: show it, not the rollout
        self._show_large()
        self.status_message.emit(self.tr("{kind}, layer {layer}, head {head}").format(
            kind=self._kind_name(self._kind), layer=layer + 1, head=head + 1))

    def _on_large_hovered(self, row: int, col: int, value: float) -> None:
        self.status_message.emit(self.tr("{row} → {col}: weight {value}").format(
            row=self.large_view.row_label(row), col=self.large_view.col_label(col), value=f"{value:.4f}"))

    def _on_large_clicked(self, row: int, _col: int, _value: float) -> None:
        """A row of the large view is a query: open it in the drill-down."""
        if self._rollout_shown() or self._state is None:
            return
        self.drill_kind_combo.setCurrentIndex(KINDS.index(self._kind))
        self.drill_layer_spin.setValue(self._layer + 1)
        self.drill_head_spin.setValue(self._head + 1)
        self._update_drill_queries()
        self.drill_query_combo.setCurrentIndex(min(row, self.drill_query_combo.count() - 1))

    def _on_tab_changed(self, index: int) -> None:
        if index == 1 and self._state is not None and self._state.qkv is None and self._session is not None:
            self._request_move(("refresh",))  # the Q/K/V forward only runs when this tab is shown
        self._update_drill()

    # drill-down ------------------------------------------------------------------------------------------
    def drill_selection(self) -> tuple[str, int, int, int]:
        return (self.drill_kind_combo.currentData(), self.drill_layer_spin.value() - 1,
                self.drill_head_spin.value() - 1, max(0, self.drill_query_combo.currentIndex()))

    def set_drill(self, kind: str, layer: int, head: int, query: int) -> None:
        self.drill_kind_combo.setCurrentIndex(KINDS.index(kind))
        self.drill_layer_spin.setValue(layer + 1)
        self.drill_head_spin.setValue(head + 1)
        self._update_drill_queries()
        self.drill_query_combo.setCurrentIndex(query)

    def _on_drill_kind_changed(self, _index: int) -> None:
        self._update_drill_queries()
        self._update_drill()

    def _update_drill_queries(self) -> None:
        state = self._state
        kind = self.drill_kind_combo.currentData()
        labels = state.labels(kind)[0] if state is not None else ()
        current = self.drill_query_combo.currentIndex()
        items = [f"{i}: {tok}" for i, tok in enumerate(labels)]
        if [self.drill_query_combo.itemText(i) for i in range(self.drill_query_combo.count())] == items:
            return
        self.drill_query_combo.blockSignals(True)
        self.drill_query_combo.clear()
        self.drill_query_combo.addItems(items)
        if items:
            self.drill_query_combo.setCurrentIndex(min(max(current, 0), len(items) - 1))
        self.drill_query_combo.blockSignals(False)

    def current_drill(self):
        if self._state is None:
            return None
        return drill_down(self._state, *self.drill_selection())

    def _update_drill(self) -> None:
        if self.tabs.currentIndex() != 1:
            return
        self.drill_page.ensure_built()  # also when the lab is not on screen (a lesson, a test)
        state = self._state
        d = self.current_drill()
        general = "Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V"
        if d is None:
            self.score_table.setColumnCount(0)
            note = self.tr("Computing Q, K and V…") if state is not None and state.qkv is None else self.tr(
                "Nothing to show yet: step the decoder first for the decoder's attention.")
            self.drill_formula.set_lines(general, "", note)
            return
        rows, cols = state.labels(d.kind)
        qtok = rows[d.query]
        dims = [str(i) for i in range(d.q.shape[0])]
        self.q_view.set_matrix(d.q[None, :], [qtok], dims, title=self.tr("q (query “{token}”)").format(token=qtok))
        self.k_view.set_matrix(d.k, list(cols), dims, title=self.tr("K: one key per row"))
        self.v_view.set_matrix(d.v, list(cols), dims, title=self.tr("V: one value per row"))
        self.out_view.set_matrix(d.output[None, :], [qtok], dims, title=self.tr("output = Σ_j w_j v_j"))
        n = min(len(cols), MAX_TABLE_COLUMNS)
        self.score_table.setColumnCount(n)
        self.score_table.setHorizontalHeaderLabels([f"{j}: {cols[j]}" for j in range(n)])
        self.score_table.setVerticalHeaderLabels([
            "q·k", f"q·k / √{d.d_k}", self.tr("mask"), "softmax"])
        for j in range(n):
            values = (f"{d.raw[j]:.3f}", f"{d.scaled[j]:.3f}",
                      f"{d.masked[j]:.3f}" if np.isfinite(d.masked[j]) else self.tr("−∞ (masked)"),
                      f"{d.weights[j]:.4f}")
            for r, text in enumerate(values):
                item = self.score_table.item(r, j)
                if item is None:
                    item = QTableWidgetItem()
                    self.score_table.setItem(r, j, item)
                item.setText(text)
        self.score_table.resizeColumnsToContents()
        best = int(np.argmax(d.weights))
        finite = d.masked[np.isfinite(d.masked)]
        denominator = float(np.exp(finite - finite.max()).sum()) if finite.size else 1.0
        substituted = (f"w_{best} = exp({d.scaled[best]:.3f} − max) / Σ_j exp(… − max) = "
                       f"exp({d.scaled[best] - finite.max():.3f}) / {denominator:.3f} = {d.weights[best]:.4f};   "
                       f"q·k_{best} = {d.raw[best]:.3f},  / √{d.d_k} = {d.scaled[best]:.3f}")
        note = self.tr("{kind}, layer {layer}, head {head}, query {query} “{token}”: the softmax row equals that "
                       "row of the heatmap; masked keys get weight 0.").format(
            kind=self._kind_name(d.kind), layer=d.layer + 1, head=d.head + 1, query=d.query, token=qtok)
        self.drill_formula.set_lines(general, substituted, note)

    # parallel vs sequential ------------------------------------------------------------------------------
    def run_bench(self, sizes=None) -> None:
        if self._bundle is None or self._bench_task is not None:
            return
        self._bench_queue = list(sizes or BENCH_SIZES)
        self.bench_progress.setRange(0, len(self._bench_queue))
        self.bench_progress.setValue(0)
        self.bench_plot.clear_points()
        self.bench_result.setText("")
        self.bench_cancel_button.setEnabled(True)
        self._next_bench()

    def cancel_bench(self) -> None:
        if self._bench_task is not None:
            self._bench_task.cancel()
        self._bench_task = None
        self._bench_queue = []
        self.bench_cancel_button.setEnabled(False)
        self._update_buttons()

    def bench_running(self) -> bool:
        return self._bench_task is not None

    def _next_bench(self) -> None:
        if not self._bench_queue:
            self._bench_task = None
            self.bench_cancel_button.setEnabled(False)
            self._update_bench_result()
            self._update_buttons()
            return
        n = self._bench_queue.pop(0)
        self._bench_task = run_task(time_encoders, self._bundle, n, on_done=self._on_bench_point,
                                    on_error=self._on_bench_failed)
        self._update_buttons()

    def _on_bench_point(self, result) -> None:
        if result is None:
            return
        self.bench_plot.add_point(*result)
        self.bench_progress.setValue(len(self.bench_plot.points))
        self.bench_point.emit(result[0])
        self._next_bench()

    def _on_bench_failed(self, exc: BaseException) -> None:
        self._bench_task = None
        self._bench_queue = []
        self.bench_cancel_button.setEnabled(False)
        self.bench_result.setText(self.tr("The timing failed: {error}").format(error=exc))
        self._update_buttons()

    def _update_bench_result(self) -> None:
        if not self.bench_plot.points:
            return
        n, t_ms, g_ms = self.bench_plot.points[-1]
        self.bench_result.setText(self.tr(
            "At N = {n}: the Transformer encoder took {t} ms for all {n} positions at once; the GRU took {g} ms "
            "for {n} steps, one after another ({ratio}× the time).").format(
            n=n, t=f"{t_ms:.1f}", g=f"{g_ms:.1f}", ratio=f"{g_ms / max(t_ms, 1e-6):.1f}"))

    # export ----------------------------------------------------------------------------------------------
    def _on_view_export_requested(self, key: str, fmt: str) -> None:
        controller = getattr(self.window(), "export_controller", None)
        if controller is not None:
            target = self._export_targets[key]
            ready = self._state is not None if key == "large" else bool(self.bench_plot.points)
            controller.export_interactive(target if ready else None, fmt)

    def _meta(self) -> dict:
        state = self._state
        return {
            "lab": LAB_KEY, "model": state.model, "input": state.text, "source_tokens": list(state.source_tokens),
            "step": state.n_steps, "output_tokens": list(state.output_tokens), "translation": state.translation,
        }

    def _large_export_data(self) -> ExportData:
        meta = self._meta()
        rollout = self._rollout_shown()
        meta.update(view="rollout" if rollout else self._kind, layer=None if rollout else self._layer + 1,
                    head=None if rollout else self._head + 1,
                    formula="rollout = prod_l (0.5 mean_h A_l + 0.5 I)" if rollout else "softmax(QK^T/sqrt(d_k))")
        name = (f"transformer_rollout_step{meta['step']}" if rollout else
                f"transformer_{self._kind}_L{self._layer + 1}_H{self._head + 1}_step{meta['step']}")
        return ExportData(name=name, matrix=self.large_view.values, row_labels=[
            self.large_view.row_label(r) for r in range(self.large_view.values.shape[0])],
            col_labels=[self.large_view.col_label(c) for c in range(self.large_view.values.shape[1])], meta=meta)

    def _bench_export_data(self) -> ExportData:
        points = self.bench_plot.points
        meta = {"lab": LAB_KEY, "view": "parallel_vs_sequential",
                "model": self._bundle._lab_folder.name if self._bundle is not None else ""}
        return ExportData(name="transformer_vs_gru_timing", columns={
            "N": np.array([p[0] for p in points]), "transformer_ms": np.array([p[1] for p in points]),
            "gru_ms": np.array([p[2] for p in points])}, meta=meta)

    # texts -----------------------------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _retranslate_play(self) -> None:
        self.play_button.setText(self.tr("Pause") if self.play_button.isChecked() else self.tr("Play"))

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Transformer"))
        self.intro_label.setText(self.tr(
            "Translate one token at a time and watch every attention map: the encoder's self-attention, the "
            "decoder's masked self-attention and its cross-attention to the source. Space or → steps, ← goes back, "
            "Home starts over; click a head to see it large, a candidate to force it."))
        self.sentence_label.setText(self.tr("Sentence"))
        self.model_label.setText(self.tr("Model"))
        self.translate_button.setText(self.tr("Translate"))
        self.translate_button.setToolTip(self.tr("Encode the sentence and start decoding (Enter in the box)"))
        self.sentence_combo.setToolTip(self.tr("Type a sentence or pick an example; Enter starts over"))
        self.model_combo.setToolTip(self.tr("Transformer models found in {folder}").format(folder=models_root()))
        self.step_button.setText(self.tr("Step"))
        self.step_button.setToolTip(self.tr("Generate the next token (Space or →)"))
        self.back_button.setText(self.tr("Back"))
        self.back_button.setToolTip(self.tr("Undo the last token (←)"))
        self.reset_button.setText(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Back to the start of decoding (Home)"))
        self._retranslate_play()
        self.play_button.setToolTip(self.tr("Step automatically at the chosen speed"))
        self.speed_label.setText(self.tr("Speed"))
        self.speed_spin.setToolTip(self.tr("Time between two steps while playing"))
        short = (self.tr("Encoder self"), self.tr("Decoder masked self"), self.tr("Cross"))
        for i, kind in enumerate(KINDS):
            self.kind_bar.setTabText(i, short[i])
            self.drill_kind_combo.setItemText(i, self._kind_name(kind))
        self.kind_bar.setTabToolTip(0, self.tr("Encoder self-attention: each source token attends to all source tokens"))
        self.kind_bar.setTabToolTip(1, self.tr("Decoder masked self-attention: each decoder input attends to itself and the tokens before it only: "
                                               "the mask hides the future, so the matrix is lower triangular"))
        self.kind_bar.setTabToolTip(2, self.tr("Cross-attention: each generated token looks at the source tokens; one row per step"))
        self.rollout_check.setText(self.tr("Rollout"))
        self.rollout_check.setToolTip(self.tr(
            "Attention rollout: the product over encoder layers of (0.5·mean over heads + 0.5·I), rows "
            "renormalised; how much each position draws on each input token through the whole stack"))
        self.grid.set_header_formats(self.tr("layer {n}"), self.tr("head {n}"))
        self.grid.setToolTip(self.tr("Rows: layers, columns: heads. Click one to see it large."))
        self.topk_title.setText(self.tr("Next-token candidates at this step (click one to force it)"))
        self.large_view.tooltip_formatter = lambda row, col, value: self.tr("{row} → {col}: weight {value}").format(
            row=row, col=col, value=f"{value:.4f}")
        self.tabs.setTabText(0, self.tr("Attention maps"))
        self.tabs.setTabText(1, self.tr("Q, K, V drill-down"))
        self.tabs.setTabText(2, self.tr("Parallel vs sequential"))
        self.tabs.setTabText(3, self.tr("Results"))
        self.results_text.setText(self.tr(
            "Every English→Spanish model we ship, on the same {n} held-out Tatoeba test pairs, in the style of the "
            "Transformer paper's results table: BLEU (sacrebleu, lowercase, greedy decoding), BLEU on the long "
            "sentences only, where one fixed context vector runs out of room, the size of each model and what its "
            "training cost on our CPU. Each row is read from the metrics.json written next to the model's weights."
        ).format(n=next((r.test_pairs for r in self.results_table.rows if r.test_pairs), "—")))
        self.results_table.retranslate()
        self.drill_kind_label.setText(self.tr("Attention"))
        self.drill_layer_label.setText(self.tr("Layer"))
        self.drill_head_label.setText(self.tr("Head"))
        self.drill_query_label.setText(self.tr("Query"))
        self.bench_run_button.setText(self.tr("Run"))
        self.bench_cancel_button.setText(self.tr("Cancel"))
        self.bench_title.setText(self.tr("Time to encode N tokens (ms, log scale)"))
        self.bench_plot.plot_item.setLabel("bottom", self.tr("N tokens"))
        self.bench_plot.plot_item.setLabel("left", self.tr("ms"))
        self.bench_plot.set_curve_names(self.tr("Transformer encoder (one pass)"), self.tr("GRU (N steps)"))
        self.bench_text.setText(self.tr(
            "The Transformer encoder computes all N positions at once: one matrix product per layer. A GRU must "
            "wait for h_{t-1} before it can compute h_t, so it takes N steps one after another. Run times both "
            "on this computer for N = 8 … 512."))
        self.formula_panel.set_lines("Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V", "", self.tr(
            "Masked self-attention sets the scores of future tokens to −∞ before the softmax, so their weights are "
            "exactly 0. Cross-attention: Q from the decoder, K and V from the encoder output."))
        if self._message_key:
            key, kwargs = self._message_key
            self._show_message(key, **kwargs)
        self._update_about()
        self._update_large_title()
        self._update_output_texts()
        self._update_bench_result()
        self._update_drill()
        if getattr(self, "_progress_key", None) == "loading" and self._state is None:
            self._show_progress("loading")

    # screenshots -----------------------------------------------------------------------------------------
    def prepare_screenshot(self) -> None:
        """The lecture's example decoded to the end, cross-attention shown: the SOV -> SVO reordering."""
        if self._session is None:
            return
        if self._state is not None and self._state.text != EXAMPLES[0]:
            self.translate(EXAMPLES[0])
        self.step_to_end()
        self.set_kind("cross")
        self.select_head(self._state.n_layers - 1 if self._state else 1, 0)
