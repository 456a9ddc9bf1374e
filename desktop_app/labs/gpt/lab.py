"""GPT lab: a decoder-only model writes one token at a time, each chosen from its next-token distribution.

    P(x_t | x_<t) = softmax(h_t Eᵀ),  causal attention: position t sees positions ≤ t only

Generate tab: a prompt, Step / Back / Reset / Play (Space or →, ←, Home), the top-k candidates for the next token
with their probabilities (click one to choose it), sampling controls (greedy, or temperature + top-k + seed), the
causal attention of one head growing by a row and a column per token (upper triangle empty), and every layer x head.
BERT vs GPT tab: one sentence through both models; their masks (bidirectional vs causal) or their attention side by
side, and what each predicts for one position: BERT fills a [MASK] seeing both sides, GPT sees only the left.

Engine work (loading torch and the models, steps, the comparison) runs in workers; one task touches the stepper at a
time, and key presses that arrive meanwhile are queued and applied together.
"""
from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
    QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from desktop_app.labs.gpt.compute import (
    TOP_K, LabInputError, LabModelError, ViewState, apply_moves, bert_folder, compare, default_folder, has_hangul,
    has_model, load_bert_bundle, load_model, open_session, read_metrics,
)
from desktop_app.labs.step_queue import StepQueueMixin
from desktop_app.widgets.export import ExportButton, ExportData, ExportTarget
from desktop_app.widgets.size_guard import SizeGuard
from desktop_app.widgets.view_box import view_box
from desktop_app.widgets.formula import FormulaPanel
from desktop_app.widgets.head_grid import HeadGrid
from desktop_app.widgets.heatmap import HeatmapView
from desktop_app.widgets.lazy_page import LazyPage
from desktop_app.widgets.topk import TopKView
from desktop_app.workers import run_task

LAB_KEY = "gpt"
EXAMPLES = ("The game was released in", "The city is located on the", "In 1914, the war",
            "She was born in London and")
COMPARE_EXAMPLE = "The capital of France is Paris."
DEFAULT_PLAY_MS = 500


def _load_bert(folder, *, progress, is_cancelled):
    return load_bert_bundle(folder)


class GPTLab(StepQueueMixin, QWidget):
    status_message = Signal(str)
    state_shown = Signal()

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self._settings = settings
        self._folder = default_folder()
        self._bundle = None
        self._info = None
        self._session = None
        self._state: ViewState | None = None
        self._task = None
        self._pending: list[tuple] = []
        self._pending_open = False
        self._loading = False
        self._message_key: tuple | None = None
        self._layer, self._head = -1, -1  # -1: the mean over heads of the last layer
        self._bert = None  # a BERT bundle, or the reason string there is none; None until loaded
        self._bert_task = None
        self._compare_task = None
        self._compare = None
        self._compare_pending = False
        self._compare_position: int | None = None
        self._compare_message: tuple | None = None

        # controls --------------------------------------------------------------------------------------
        self.title_label = QLabel()
        self.title_label.setObjectName("labTitle")
        self.title_label.setStyleSheet("#labTitle { font-size: 17pt; font-weight: bold; }")
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.about_label = QLabel()
        self.about_label.setWordWrap(True)
        self.about_label.setStyleSheet("color: #555;")
        self.message_label = QLabel()
        self.message_label.setObjectName("inputError")
        self.message_label.setStyleSheet("#inputError { color: #b00020; font-weight: bold; }")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.prompt_label = QLabel()
        self.prompt_combo = QComboBox()
        self.prompt_combo.setEditable(True)
        self.prompt_combo.setInsertPolicy(QComboBox.NoInsert)
        self.prompt_combo.addItems(EXAMPLES)
        self.prompt_combo.setMinimumWidth(300)
        self.start_button = QPushButton()
        self.step_button, self.back_button = QPushButton(), QPushButton()
        self.play_button, self.reset_button = QPushButton(), QPushButton()
        self.play_button.setCheckable(True)
        self.speed_label = QLabel()
        self.speed_spin = QSpinBox()
        self.speed_spin.setRange(100, 3000)
        self.speed_spin.setSingleStep(100)
        self.speed_spin.setSuffix(" ms")
        self.mode_label = QLabel()
        self.mode_combo = QComboBox()
        self.mode_combo.addItems(["", ""])  # greedy, sample
        self.temperature_label = QLabel()
        self.temperature_spin = QDoubleSpinBox()
        self.temperature_spin.setRange(0.1, 3.0)
        self.temperature_spin.setSingleStep(0.1)
        self.temperature_spin.setDecimals(2)
        self.topk_label = QLabel()
        self.topk_spin = QSpinBox()
        self.topk_spin.setRange(0, 1000)
        self.seed_label = QLabel()
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 999_999)
        self.output_label = QLabel()
        self.output_label.setWordWrap(True)
        self.output_label.setTextFormat(Qt.RichText)
        self.output_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.output_label.setStyleSheet("font-size: 13pt;")

        input_row = QHBoxLayout()
        input_row.addWidget(self.prompt_label)
        input_row.addWidget(self.prompt_combo, 1)
        input_row.addWidget(self.start_button)
        step_row = QHBoxLayout()
        for w in (self.step_button, self.back_button, self.play_button, self.reset_button, self.speed_label,
                  self.speed_spin, self.mode_label, self.mode_combo, self.temperature_label, self.temperature_spin,
                  self.topk_label, self.topk_spin, self.seed_label, self.seed_spin):
            step_row.addWidget(w)
        step_row.addStretch(1)

        # generate tab ----------------------------------------------------------------------------------
        self.grid = HeadGrid()
        self.grid.setMinimumSize(240, 130)
        self.grid_title = QLabel()
        self.grid_title.setStyleSheet("font-weight: bold;")
        self.grid_title.setWordWrap(True)
        self.head_combo = QComboBox()
        self.head_combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.topk_title = QLabel()
        self.topk_title.setStyleSheet("font-weight: bold;")
        self.topk_title.setWordWrap(True)
        self.topk_view = TopKView(TOP_K)
        self.large_view = HeatmapView(colormap="viridis", max_display=1024)
        self.large_view.setMinimumSize(320, 220)
        self.large_title, self.large_export, large_frame = view_box(self.large_view, guard_title=True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(SizeGuard(self.topk_title))  # texts that change every step: see SizeGuard
        left_layout.addWidget(SizeGuard(self.topk_view), 2)
        left_layout.addWidget(self.grid_title)
        left_layout.addWidget(self.grid, 3)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        head_row = QHBoxLayout()
        self.head_label = QLabel()
        head_row.addWidget(self.head_label)
        head_row.addWidget(self.head_combo)
        head_row.addStretch(1)
        right_layout.addLayout(head_row)
        right_layout.addWidget(large_frame, 1)
        generate_split = QSplitter(Qt.Horizontal)
        generate_split.addWidget(left)
        generate_split.addWidget(right)
        generate_split.setChildrenCollapsible(False)
        generate_split.setSizes([430, 610])
        generate = QWidget()
        generate_layout = QVBoxLayout(generate)
        generate_layout.setContentsMargins(2, 2, 2, 2)
        generate_layout.addLayout(step_row)
        generate_layout.addWidget(SizeGuard(self.output_label))
        generate_layout.addWidget(generate_split, 1)

        # BERT vs GPT tab -------------------------------------------------------------------------------
        versus = QWidget()
        self.compare_text_label = QLabel()
        self.compare_edit = QLineEdit()
        self.compare_button = QPushButton()
        self.position_label = QLabel()
        self.position_combo = QComboBox()
        self.position_combo.setMinimumWidth(120)
        self.compare_view_label = QLabel()
        self.compare_view_combo = QComboBox()
        self.compare_view_combo.addItems(["", ""])  # masks, attention
        self.compare_intro = QLabel()
        self.compare_intro.setWordWrap(True)
        self.compare_message = QLabel()
        self.compare_message.setWordWrap(True)
        self.compare_message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.compare_message.hide()
        compare_row = QHBoxLayout()
        for w in (self.compare_text_label, self.compare_edit, self.compare_button, self.position_label,
                  self.position_combo, self.compare_view_label, self.compare_view_combo):
            compare_row.addWidget(w)
        compare_row.setStretch(1, 1)
        # the two heatmaps and their top-k lists: built when the tab is first opened
        self.pair_page = LazyPage(self._build_compare_views)
        self.pair_page.built_now.connect(self._on_pair_page_built)
        versus_layout = QVBoxLayout(versus)
        versus_layout.setContentsMargins(2, 2, 2, 2)
        versus_layout.addWidget(self.compare_intro)
        versus_layout.addLayout(compare_row)
        versus_layout.addWidget(self.compare_message)
        versus_layout.addWidget(self.pair_page, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(generate, "")
        self.tabs.addTab(versus, "")
        self.tabs.setFocusPolicy(Qt.NoFocus)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.about_label)
        layout.addLayout(input_row)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)
        self.formula_panel = FormulaPanel()
        layout.addWidget(SizeGuard(self.formula_panel))

        self._export_targets = {"large": ExportTarget(self.large_view, self._large_export_data)}

        # settings --------------------------------------------------------------------------------------
        self.speed_spin.setValue(settings.get_int("gpt/play_ms", DEFAULT_PLAY_MS, 100, 3000))
        self.mode_combo.setCurrentIndex(settings.get_int("gpt/sample", 0, 0, 1))
        self.temperature_spin.setValue(settings.get_int("gpt/temperature_pct", 80, 10, 300) / 100)
        self.topk_spin.setValue(settings.get_int("gpt/top_k", 40, 0, 1000))
        self.seed_spin.setValue(settings.get_int("gpt/seed", 0, 0, 999_999))
        self.prompt_combo.setEditText(settings.get_str("gpt/prompt", EXAMPLES[0]) or EXAMPLES[0])
        self.compare_edit.setText(settings.get_str("gpt/compare", COMPARE_EXAMPLE) or COMPARE_EXAMPLE)

        # wiring ----------------------------------------------------------------------------------------
        self._play_timer = QTimer(self)
        self._play_timer.timeout.connect(self._on_play_timer_timeout)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.prompt_combo.lineEdit().returnPressed.connect(self._on_start_clicked)
        self.prompt_combo.activated.connect(lambda _i: self._on_start_clicked())
        self.step_button.clicked.connect(self.step)
        self.back_button.clicked.connect(self.back)
        self.reset_button.clicked.connect(self.reset)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.speed_spin.valueChanged.connect(lambda v: self._play_timer.setInterval(v))
        for w in (self.step_button, self.back_button, self.reset_button, self.play_button, self.start_button):
            w.setFocusPolicy(Qt.NoFocus)  # Space always steps, whatever button was clicked last
        self.mode_combo.currentIndexChanged.connect(self._on_sampling_changed)
        for spin in (self.temperature_spin, self.topk_spin, self.seed_spin):
            spin.valueChanged.connect(self._on_sampling_changed)
        self.head_combo.currentIndexChanged.connect(self._on_head_combo_changed)
        self.grid.head_clicked.connect(self._on_head_clicked)
        self.topk_view.candidate_clicked.connect(self._on_candidate_clicked)
        self.large_view.cell_hovered.connect(self._on_large_hovered)
        self.large_export.export_requested.connect(lambda fmt: self._on_view_export_requested("large", fmt))
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.compare_edit.returnPressed.connect(self._on_compare_clicked)
        self.position_combo.activated.connect(self._on_position_changed)
        self.compare_view_combo.currentIndexChanged.connect(lambda _i: self._show_compare())
        self.tabs.currentChanged.connect(self._on_tab_changed)

        self.shortcuts = {}
        for name, keys, slot in (("step", ("Space", "Right"), self.step), ("back", ("Left",), self.back),
                                 ("reset", ("Home",), self.reset)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.WindowShortcut)  # only while this lab is shown
                shortcut.activated.connect(slot)
                self.shortcuts[key] = shortcut

        self._update_sampling_controls()
        self.retranslate()
        self._update_buttons()
        if not has_model(self._folder):
            self._show_message("no_model", folder=str(self._folder))
        else:
            QTimer.singleShot(0, self._request_open)

    # building helpers ------------------------------------------------------------------------------------
    def _view_box(self, view: QWidget) -> tuple[QLabel, ExportButton, QFrame]:
        return view_box(view)

    def _build_compare_views(self) -> QWidget:
        self.bert_view = HeatmapView(colormap="viridis")
        self.gpt_view = HeatmapView(colormap="viridis")
        for view in (self.bert_view, self.gpt_view):
            view.setMinimumSize(240, 160)
            view.cell_clicked.connect(lambda row, _c, _v: self.set_compare_position(row))
        self.bert_title, self.bert_export, bert_frame = self._view_box(self.bert_view)
        self.gpt_title, self.gpt_export, gpt_frame = self._view_box(self.gpt_view)
        self.bert_export.export_requested.connect(lambda fmt: self._on_view_export_requested("bert", fmt))
        self.gpt_export.export_requested.connect(lambda fmt: self._on_view_export_requested("gpt", fmt))
        self._export_targets["bert"] = ExportTarget(self.bert_view, lambda: self._compare_export_data("bert"))
        self._export_targets["gpt"] = ExportTarget(self.gpt_view, lambda: self._compare_export_data("gpt"))
        self.bert_topk_title, self.gpt_topk_title = QLabel(), QLabel()
        for label in (self.bert_topk_title, self.gpt_topk_title):
            label.setWordWrap(True)
            label.setStyleSheet("font-weight: bold;")
        self.bert_topk, self.gpt_topk = TopKView(TOP_K), TopKView(TOP_K)
        content = QWidget()
        pair = QGridLayout(content)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.addWidget(bert_frame, 0, 0)
        pair.addWidget(gpt_frame, 0, 1)
        pair.addWidget(self.bert_topk_title, 1, 0)
        pair.addWidget(self.gpt_topk_title, 1, 1)
        pair.addWidget(self.bert_topk, 2, 0)
        pair.addWidget(self.gpt_topk, 2, 1)
        pair.setRowStretch(0, 3)
        pair.setRowStretch(2, 2)
        return content

    def _on_pair_page_built(self) -> None:
        self._retranslate_compare_views()
        self._show_compare()

    # lab interface ---------------------------------------------------------------------------------------
    def current_export_view(self):
        if self.tabs.currentIndex() == 1:
            return self.export_target("gpt") if self._compare is not None else None
        return self._export_targets["large"] if self._state is not None else None

    def export_target(self, key: str) -> ExportTarget:
        if key in ("bert", "gpt"):
            self.pair_page.ensure_built()
        return self._export_targets[key]

    def is_busy(self) -> bool:
        running = any(t is not None and not t.finished for t in (self._task, self._bert_task, self._compare_task))
        return running or bool(self._pending) or self._pending_open or self._compare_pending

    def save_settings(self) -> None:
        self._settings.set("gpt/play_ms", self.speed_spin.value())
        self._settings.set("gpt/sample", self.mode_combo.currentIndex())
        self._settings.set("gpt/temperature_pct", int(round(self.temperature_spin.value() * 100)))
        self._settings.set("gpt/top_k", self.topk_spin.value())
        self._settings.set("gpt/seed", self.seed_spin.value())
        self._settings.set("gpt/prompt", self.prompt_combo.currentText()[:500])
        self._settings.set("gpt/compare", self.compare_edit.text()[:500])

    @property
    def state(self) -> ViewState | None:
        return self._state

    @property
    def compare_state(self):
        return self._compare

    def sampling(self) -> tuple[float, int, int]:
        """(temperature, top_k, seed); temperature 0 = greedy."""
        if self.mode_combo.currentIndex() == 0:
            return (0.0, 0, self.seed_spin.value())
        return (float(self.temperature_spin.value()), int(self.topk_spin.value()), int(self.seed_spin.value()))

    # lessons (protocol: desktop_app/labs/__init__.py) ---------------------------------------------------
    LESSON_TABS = ("generate", "versus")

    def lesson_state(self) -> dict:
        t, k, seed = self.sampling()
        return {"input": self.prompt_combo.currentText(), "step": self._state.n_steps if self._state else 0,
                "settings": {"tab": self.LESSON_TABS[self.tabs.currentIndex()], "temperature": t, "top_k": k,
                             "seed": seed, "compare": self.compare_edit.text()},
                "highlight": {"layer": self._layer + 1, "head": self._head + 1}}

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: tab = "generate" | "versus", temperature (0 = greedy), top_k, seed, compare (a sentence);
        highlight: layer, head (1-based; 0 = the mean over heads of the last layer)."""
        self.play_button.setChecked(False)
        settings, highlight = state.get("settings") or {}, state.get("highlight") or {}
        if isinstance(settings.get("temperature"), (int, float)):
            t = float(settings["temperature"])
            self.mode_combo.setCurrentIndex(0 if t <= 0 else 1)
            if t > 0:
                self.temperature_spin.setValue(t)
        if isinstance(settings.get("top_k"), int):
            self.topk_spin.setValue(settings["top_k"])
        if isinstance(settings.get("seed"), int):
            self.seed_spin.setValue(settings["seed"])
        if "input" in state:
            self.generate(str(state["input"]))
        if "step" in state:
            target = state["step"]
            n = 127 if target == "end" else int(target)
            self._pending.extend([("reset",)] + [("step",)] * n)
            if self._task is None or self._task.finished:
                self._start_next()
        if settings.get("tab") in self.LESSON_TABS:
            self.tabs.setCurrentIndex(self.LESSON_TABS.index(settings["tab"]))
        if isinstance(settings.get("compare"), str):
            self.run_compare(settings["compare"])
        layer, head = highlight.get("layer"), highlight.get("head")
        if isinstance(layer, int) and isinstance(head, int):
            self._layer, self._head = (layer - 1, head - 1) if layer >= 1 and head >= 1 else (-1, -1)
            if self._state is not None:
                self.select_head(self._layer, self._head)
        return []

    # moves -----------------------------------------------------------------------------------------------
    def step(self) -> None:
        if self.tabs.currentIndex() == 0:
            self._request_move(("step",))

    def back(self) -> None:
        if self.tabs.currentIndex() == 0:
            self._request_move(("back",))

    def reset(self) -> None:
        self.play_button.setChecked(False)
        if self.tabs.currentIndex() == 0:
            self._request_move(("reset",))

    def force(self, model_id: int) -> None:
        self.play_button.setChecked(False)
        self._request_move(("force", int(model_id)))

    def generate(self, text: str | None = None) -> None:
        """Start over with `text` (or the prompt box's text)."""
        if text is not None:
            self.prompt_combo.setEditText(text)
        self._request_open()

    def _request_open(self) -> None:
        if not has_model(self._folder):
            self._show_message("no_model", folder=str(self._folder))
            return
        self._pending = []
        self._pending_open = True
        self.play_button.setChecked(False)
        if self._task is None or self._task.finished:
            self._start_next()

    def _start_next(self) -> None:
        if self._bundle is None and (self._pending_open or self._pending):
            if self._task is None or self._task.finished:
                self._loading = True
                self._show_progress()
                self._task = run_task(load_model, self._folder, on_done=self._on_model_loaded,
                                      on_error=self._on_task_failed)
            self._update_buttons()
            return
        if self._pending_open:
            self._pending_open = False
            self._task = run_task(open_session, self._bundle, self.prompt_combo.currentText(), self.sampling(),
                                  on_done=self._on_session_opened, on_error=self._on_task_failed)
        elif self._pending and self._session is not None:
            moves, self._pending = self._pending, []
            self._task = run_task(apply_moves, self._session, moves, on_done=self._on_state_ready,
                                  on_error=self._on_task_failed)
        else:
            self._pending = []
        self._update_buttons()

    def _on_model_loaded(self, result) -> None:
        self._loading = False
        self._bundle, self._info = result
        self._update_about()
        self._start_next()
        if self.tabs.currentIndex() == 1:
            self.run_compare()

    def _on_session_opened(self, result) -> None:
        session, state = result
        self._session = session
        self._show_message(None)
        self._on_state_ready(state)

    def _on_task_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._pending_open = False
        self._pending = []
        if isinstance(exc, LabInputError):
            self._show_message("empty")
        elif isinstance(exc, LabModelError):
            self._show_message("model", folder=str(self._folder), error=str(exc))
        else:
            self._show_message("failed", error=f"{type(exc).__name__}: {exc}")
        self._update_buttons()

    def _on_start_clicked(self) -> None:
        self._request_open()

    def _on_sampling_changed(self, *_args) -> None:
        self._update_sampling_controls()
        if self._session is not None:
            self._request_move(("sampling", self.sampling()))

    def _update_sampling_controls(self) -> None:
        sample = self.mode_combo.currentIndex() == 1
        for w in (self.temperature_spin, self.topk_spin, self.seed_spin, self.temperature_label, self.topk_label,
                  self.seed_label):
            w.setEnabled(sample)

    def _on_candidate_clicked(self, row: int) -> None:
        if self._state is None or row >= len(self._state.topk_ids) or self._state.finished:
            return
        token = self._state.topk_tokens[row]
        self.force(int(self._state.topk_ids[row]))
        self.status_message.emit(self.tr("Chose “{token}” as token {n}; generation continues from it.").format(
            token=token, n=self._state.n_steps + 1))

    # generate views --------------------------------------------------------------------------------------
    def _show_state(self, state: ViewState) -> None:
        first = self._state is None or (self._state.n_layers, self._state.n_heads) != (state.n_layers,
                                                                                       state.n_heads)
        self._state = state
        self._show_progress()
        if first:
            self._fill_head_combo()
            if self._layer >= state.n_layers or self._head >= state.n_heads:
                self._layer, self._head = -1, -1
        chosen = None
        self.topk_view.set_candidates(state.topk_tokens, state.topk_probs, chosen)
        self.grid.set_matrices(state.attention)
        self.grid.select(*(self._selected_cell()))
        self._show_large()
        self._update_output_texts()
        self._update_input_notes()
        self.state_shown.emit()

    def _selected_cell(self) -> tuple[int, int]:
        if self._state is None:
            return (0, 0)
        return (self._state.n_layers - 1, -1) if self._head < 0 else (self._layer, self._head)

    def _large_matrix(self) -> np.ndarray:
        s = self._state
        if self._head < 0:
            return s.attention[-1].mean(0)  # (T, T) the last layer, mean over heads
        return s.attention[self._layer, self._head]

    def _show_large(self) -> None:
        if self._state is None:
            return
        tokens = list(self._state.tokens)
        self.large_view.set_matrix(self._large_matrix(), tokens, tokens, levels=(0.0, 1.0), min_rows=8)
        self._update_large_title()

    def _update_large_title(self) -> None:
        if self._state is None:
            self.large_title.setText(self.tr("Causal self-attention"))
            return
        if self._head < 0:
            where = self.tr("layer {layer}, mean over heads").format(layer=self._state.n_layers)
        else:
            where = self.tr("layer {layer}, head {head}").format(layer=self._layer + 1, head=self._head + 1)
        self.large_title.setText(self.tr(
            "Causal self-attention, {where}: row = the token that attends, column = the token it looks at; "
            "the last row made the prediction on the left. Nothing above the diagonal: no token sees the future."
        ).format(where=where))

    def _fill_head_combo(self) -> None:
        s = self._state
        self.head_combo.blockSignals(True)
        self.head_combo.clear()
        self.head_combo.addItem(self.tr("Last layer, mean over heads"), (-1, -1))
        for layer in range(s.n_layers):
            for head in range(s.n_heads):
                self.head_combo.addItem(self.tr("layer {layer}, head {head}").format(layer=layer + 1, head=head + 1),
                                        (layer, head))
        index = self.head_combo.findData((self._layer, self._head))
        self.head_combo.setCurrentIndex(max(0, index))
        self.head_combo.blockSignals(False)

    def select_head(self, layer: int, head: int) -> None:
        """Show one head large (layer, head 0-based); head -1 = the mean over heads of the last layer."""
        self._layer, self._head = (layer, head) if head >= 0 else (-1, -1)
        if self._state is not None:
            self.grid.select(*self._selected_cell())
            index = self.head_combo.findData((self._layer, self._head))
            self.head_combo.blockSignals(True)
            self.head_combo.setCurrentIndex(max(0, index))
            self.head_combo.blockSignals(False)
            self._show_large()

    def _on_head_clicked(self, layer: int, head: int) -> None:
        self.select_head(layer, head)

    def _on_head_combo_changed(self, index: int) -> None:
        data = self.head_combo.itemData(index)
        if data is not None:
            self.select_head(*data)

    def _on_large_hovered(self, row: int, col: int, value: float) -> None:
        if self._state is None:
            return
        tokens = self._state.tokens
        if col > row:
            text = self.tr("“{row}” cannot see “{col}”: it comes later (masked, weight 0)").format(
                row=tokens[row], col=tokens[col])
        else:
            text = self.tr(
                "“{row}” (position {i}) attends to “{col}” (position {j}) with weight {value}").format(
                row=tokens[row], col=tokens[col], i=row, j=col, value=f"{value:.4f}")
        self.status_message.emit(text)

    def _update_output_texts(self) -> None:
        s = self._state
        if s is None:
            self.output_label.setText("")
            self.topk_title.setText(self.tr("Next-token candidates (click one to choose it)"))
            return
        words = []
        for i, tok in enumerate(s.tokens[1:], start=1):
            t = html.escape(tok)
            words.append(f"<b style='color:#1f5fbf'>{t}</b>" if i >= s.n_prompt else t)
        self.output_label.setText(" ".join(words) or "—")
        t, k, seed = s.sampling
        if t == 0:
            how = self.tr("greedy: the most probable is chosen")
        else:
            how = self.tr("sampled at temperature {t}, top-k {k} (0 = all), seed {seed}").format(t=f"{t:.2f}", k=k,
                                                                                                 seed=seed)
        self.topk_title.setText(self.tr("Next-token candidates after {n} tokens ({how}); click one to choose it"
                                        ).format(n=len(s.tokens), how=how))

    def _update_input_notes(self) -> None:
        s = self._state
        if s is None or self._message_key and self._message_key[0] in ("empty", "model", "failed", "no_model"):
            return
        notes = []
        if s.finished:
            notes.append(self.tr("The context fills the model's window of {n} tokens: go back or reset.").format(
                n=len(s.tokens)))
        if s.truncated or s.text_cut:
            notes.append(self.tr("The prompt is longer than the model's window: only its last tokens are read."))
        if has_hangul(self.prompt_combo.currentText()):
            notes.append(self.tr("This model knows English only: Korean letters become [UNK] or single pieces."))
        elif s.unknown:
            notes.append(self.tr("{n} prompt token(s) are outside the model's vocabulary and read as [UNK].").format(
                n=s.unknown))
        self._show_message("notes", text=" ".join(notes)) if notes else self._show_message(None)

    # messages and buttons --------------------------------------------------------------------------------
    def _message_text(self, key: str, kwargs: dict) -> str:
        if key == "empty":
            return self.tr("Type a prompt first: the model continues the text you give it.")
        if key == "no_model":
            return self.tr("No GPT model found in {folder}. Train one with: python -m engine.train.gpt"
                           ).format(**kwargs)
        if key == "model":
            return self.tr("The GPT model in {folder} cannot be used: {error}").format(**kwargs)
        if key == "failed":
            return self.tr("The computation failed: {error}").format(**kwargs)
        return kwargs.get("text", "")

    def _show_message(self, key: str | None, **kwargs) -> None:
        self._message_key = (key, kwargs) if key else None
        if key is None:
            self.message_label.hide()
            self.message_label.setText("")
            return
        self.message_label.setText(self._message_text(key, kwargs))
        self.message_label.show()

    def message_text(self) -> str:
        return self.message_label.text() if self.message_label.isVisible() else ""

    def _show_progress(self) -> None:
        if self._loading:
            self.output_label.setText(self.tr("Loading the model…"))

    def _update_buttons(self) -> None:
        ready = self._session is not None
        at_start = self._state is None or self._state.n_steps == 0
        finished = self._state is not None and self._state.finished
        self.step_button.setEnabled(ready and not finished)
        self.play_button.setEnabled(ready and not finished)
        self.back_button.setEnabled(ready and not at_start)
        self.reset_button.setEnabled(ready and not at_start)

    def _update_about(self) -> None:
        info = self._info
        if info is None:
            self.about_label.setText(self.tr("Model folder: {folder}").format(folder=self._folder))
            return
        metrics = read_metrics(self._folder)
        text = self.tr("{layers} layers × {heads} heads, width {d}, window {block} tokens; BERT's WordPiece "
                       "tokens, {vocab} of {all} predicted. Trained on WikiText-2 (Wikipedia articles) only, so it "
                       "writes encyclopedia-like text.").format(layers=info.n_layers, heads=info.n_heads,
                                                                d=info.d_model, block=info.block_size,
                                                                vocab=info.vocab, all=info.tokenizer_vocab)
        if "valid" in metrics:
            text += " " + self.tr("Perplexity on held-out text: {valid} (validation), {test} (test).").format(
                valid=f"{metrics['valid']:.1f}", test=f"{metrics.get('test', float('nan')):.1f}")
        self.about_label.setText(text)

    # BERT vs GPT -----------------------------------------------------------------------------------------
    def _on_tab_changed(self, index: int) -> None:
        if index == 1 and self._compare is None:
            self.run_compare()

    def _on_compare_clicked(self) -> None:
        self._compare_position = None
        self.run_compare()

    def run_compare(self, text: str | None = None, position: int | None = None) -> None:
        """Both models on the sentence (or the box's); position None keeps the chosen one, else the default."""
        if text is not None and text != self.compare_edit.text():
            self.compare_edit.setText(text)
            self._compare_position = None
        if position is not None:
            self._compare_position = position
        if not has_model(self._folder):
            self._show_compare_message("no_model")
            return
        self._compare_pending = True
        self._start_compare()

    def set_compare_position(self, position: int) -> None:
        if self._compare is not None and 0 <= position < len(self._compare.tokens):
            self.run_compare(position=position)

    def _on_position_changed(self, index: int) -> None:
        self.set_compare_position(index)

    def _start_compare(self) -> None:
        if not self._compare_pending or self._bundle is None:
            if self._bundle is None and not self._loading and (self._task is None or self._task.finished):
                self._request_open()
            return
        if self._bert is None:
            if self._bert_task is None or self._bert_task.finished:
                self._bert_task = run_task(_load_bert, bert_folder(), on_done=self._on_bert_loaded,
                                           on_error=self._on_bert_failed)
            return
        if self._compare_task is not None and not self._compare_task.finished:
            return
        self._compare_pending = False
        self._compare_task = run_task(compare, self._bundle, self._bert, self.compare_edit.text(),
                                      self._compare_position, on_done=self._on_compare_ready,
                                      on_error=self._on_compare_failed)

    def _on_bert_loaded(self, result) -> None:
        bundle, reason = result
        self._bert = bundle if bundle is not None else reason
        self._start_compare()

    def _on_bert_failed(self, exc: BaseException) -> None:
        self._bert = f"{type(exc).__name__}: {exc}"
        self._start_compare()

    def _on_compare_ready(self, state) -> None:
        self._compare = state
        self._compare_position = state.position
        self.position_combo.blockSignals(True)
        self.position_combo.clear()
        self.position_combo.addItems([f"{i + 1}: {t}" for i, t in enumerate(state.tokens)])
        self.position_combo.setCurrentIndex(state.position)
        self.position_combo.blockSignals(False)
        self._show_compare()
        if self._compare_pending:
            self._start_compare()

    def _on_compare_failed(self, exc: BaseException) -> None:
        if isinstance(exc, LabInputError):
            self._show_compare_message(exc.reason)
        else:
            self._show_compare_message("failed", error=f"{type(exc).__name__}: {exc}")
        if self._compare_pending:
            self._start_compare()

    def _show_compare_message(self, key: str | None, **kwargs) -> None:
        self._compare_message = (key, kwargs) if key else None
        if key is None:
            self.compare_message.hide()
            return
        texts = {
            "empty": self.tr("Type a sentence to compare."),
            "short": self.tr("Type at least two words: each model predicts one token from the others."),
            "no_model": self.tr("No GPT model found in {folder}.").format(folder=self._folder),
            "absent": self.tr("The BERT model is not installed yet ({folder}): BERT's side stays empty. "
                              "GPT's side works on its own.").format(folder=bert_folder()),
            "no_mlm": self.tr("The BERT model in {folder} has no masked-word head, so it cannot fill a [MASK]."
                              ).format(folder=bert_folder()),
        }
        if key == "failed":
            text = self.tr("The computation failed: {error}").format(error=kwargs.get("error", ""))
        elif key in texts:
            text = texts[key]
        else:  # the engine's reason why the BERT folder cannot be loaded
            text = self.tr("BERT cannot be used: {error}").format(error=kwargs.get("error", key))
        self.compare_message.setText(text)
        self.compare_message.show()

    def _show_compare(self) -> None:
        c = self._compare
        if c is None:
            return
        if not self.pair_page.built:
            if self.tabs.currentIndex() != 1:
                return  # shown when the tab is first opened (built_now)
            self.pair_page.ensure_built()  # -> built_now -> here again, built
            return
        masks = self.compare_view_combo.currentIndex() == 0
        tokens = list(c.tokens)
        bert = c.bert_mask if masks else c.bert_attention
        if c.bert_missing:
            bert = np.zeros_like(c.bert_mask)
        bert_rows = list(tokens)
        bert_rows[c.position] = "[MASK]"
        gpt = c.gpt_mask if masks else c.gpt_attention
        levels = (0.0, 1.0) if masks else (0.0, max(1e-6, float(max(bert.max(), gpt.max()))))
        self.bert_view.set_matrix(bert, bert_rows, bert_rows, levels=levels)
        self.gpt_view.set_matrix(gpt, tokens, tokens, levels=levels)
        self.bert_topk.set_candidates(c.bert_tokens, c.bert_probs, None)
        self.gpt_topk.set_candidates(c.gpt_tokens, c.gpt_probs, None)
        if c.bert_missing:
            self._show_compare_message(c.bert_missing, error=c.bert_missing)
        else:
            self._show_compare_message(None)
        self._update_compare_titles()

    def _update_compare_titles(self) -> None:
        if not self.pair_page.built:
            return
        masks = self.compare_view_combo.currentIndex() == 0
        what = self.tr("mask: 1 = may attend") if masks else self.tr("attention, last layer, mean over heads")
        self.bert_title.setText(self.tr("BERT, bidirectional ({what}): every token sees every token").format(
            what=what))
        self.gpt_title.setText(self.tr("GPT, causal ({what}): each token sees itself and the tokens before it"
                                       ).format(what=what))
        c = self._compare
        word = c.tokens[c.position] if c is not None else "…"
        left = " ".join(c.tokens[:c.position]) if c is not None else "…"
        self.bert_topk_title.setText(self.tr("BERT fills [MASK] at “{word}” from both sides").format(word=word))
        self.gpt_topk_title.setText(self.tr("GPT predicts “{word}” from the left only: “{left}”").format(
            word=word, left=left[-80:] or "[CLS]"))

    def _retranslate_compare_views(self) -> None:
        for view in (self.bert_view, self.gpt_view):
            view.tooltip_formatter = lambda row, col, value: self.tr("{row} → {col}: {value}").format(
                row=row, col=col, value=f"{value:.4f}")
        self._update_compare_titles()

    def _compare_export_data(self, which: str) -> ExportData:
        c = self._compare
        view = self.bert_view if which == "bert" else self.gpt_view
        masks = self.compare_view_combo.currentIndex() == 0
        meta = {"lab": LAB_KEY, "view": f"{which}_{'mask' if masks else 'attention'}", "sentence":
                self.compare_edit.text(), "position": c.position if c else None,
                "prediction": list(c.bert_tokens if which == "bert" else c.gpt_tokens) if c else []}
        return ExportData(name=f"gpt_vs_bert_{which}", matrix=view.values,
                          row_labels=[view.row_label(r) for r in range(view.values.shape[0])],
                          col_labels=[view.col_label(k) for k in range(view.values.shape[1])], meta=meta)

    # export ----------------------------------------------------------------------------------------------
    def _on_view_export_requested(self, key: str, fmt: str) -> None:
        controller = getattr(self.window(), "export_controller", None)
        if controller is not None:
            ready = self._state is not None if key == "large" else self._compare is not None
            controller.export_interactive(self._export_targets[key] if ready else None, fmt)

    def _large_export_data(self) -> ExportData:
        s = self._state
        meta = {"lab": LAB_KEY, "model": s.model, "tokens": list(s.tokens), "prompt_tokens": s.n_prompt,
                "text": s.text, "layer": None if self._head < 0 else self._layer + 1,
                "head": None if self._head < 0 else self._head + 1, "sampling": list(s.sampling),
                "next_token_candidates": [[t, float(p)] for t, p in zip(s.topk_tokens, s.topk_probs)],
                "formula": "softmax(QK^T/sqrt(d_k) + causal mask)"}
        name = ("gpt_attention_mean_step" if self._head < 0 else
                f"gpt_attention_L{self._layer + 1}_H{self._head + 1}_step") + str(s.n_steps)
        return ExportData(name=name, matrix=self.large_view.values, row_labels=list(s.tokens),
                          col_labels=list(s.tokens), meta=meta)

    # texts -----------------------------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _retranslate_play(self) -> None:
        self.play_button.setText(self.tr("Pause") if self.play_button.isChecked() else self.tr("Play"))

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("GPT"))
        self.intro_label.setText(self.tr(
            "A decoder-only Transformer writes text one token at a time: it reads the tokens so far and gives a "
            "probability to every possible next token. Space or → adds a token, ← takes it back, Home starts over; "
            "click a candidate to choose it yourself."))
        self.prompt_label.setText(self.tr("Prompt"))
        self.prompt_combo.setToolTip(self.tr("Type the beginning of a text or pick an example; Enter starts over"))
        self.start_button.setText(self.tr("Start"))
        self.start_button.setToolTip(self.tr("Read the prompt and predict the next token (Enter in the box)"))
        self.step_button.setText(self.tr("Step"))
        self.step_button.setToolTip(self.tr("Add the next token (Space or →)"))
        self.back_button.setText(self.tr("Back"))
        self.back_button.setToolTip(self.tr("Take the last token back (←)"))
        self.reset_button.setText(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Back to the prompt (Home)"))
        self._retranslate_play()
        self.play_button.setToolTip(self.tr("Step automatically at the chosen speed"))
        self.speed_label.setText(self.tr("Speed"))
        self.speed_spin.setToolTip(self.tr("Time between two steps while playing"))
        self.mode_label.setText(self.tr("Choice"))
        self.mode_combo.setItemText(0, self.tr("Greedy"))
        self.mode_combo.setItemText(1, self.tr("Sample"))
        self.mode_combo.setToolTip(self.tr("Greedy takes the most probable token; Sample draws one at random, "
                                           "in proportion to its probability"))
        self.temperature_label.setText(self.tr("Temperature"))
        self.temperature_spin.setToolTip(self.tr("Divides the scores before the softmax: below 1 sharper (safer), "
                                                 "above 1 flatter (more surprising)"))
        self.topk_label.setText(self.tr("Top-k"))
        self.topk_spin.setToolTip(self.tr("Draw only among the k most probable tokens (0 = all)"))
        self.seed_label.setText(self.tr("Seed"))
        self.seed_spin.setToolTip(self.tr("The same seed draws the same tokens again"))
        self.head_label.setText(self.tr("Show"))
        self.head_combo.setToolTip(self.tr("The attention map shown large; or click a cell of the grid"))
        if self._state is not None:
            self._fill_head_combo()
        self.grid.set_header_formats(self.tr("layer {n}"), self.tr("head {n}"))
        self.grid_title.setText(self.tr("Every layer × head (click one to see it large)"))
        self.grid.setToolTip(self.tr("Rows: layers, columns: heads. Each is lower triangular: causal attention."))
        self.large_view.tooltip_formatter = lambda row, col, value: self.tr("{row} → {col}: weight {value}").format(
            row=row, col=col, value=f"{value:.4f}")
        if self.pair_page.built:
            self._retranslate_compare_views()
        self.tabs.setTabText(0, self.tr("Generate"))
        self.tabs.setTabText(1, self.tr("BERT vs GPT"))
        self.compare_intro.setText(self.tr(
            "The same sentence in both models. BERT (an encoder) lets every token attend to every other one, so it "
            "can fill a [MASK] from both sides. GPT (a decoder) masks the future, so it predicts each token from "
            "the tokens on its left only. Both use the same WordPiece tokens. Pick the position both predict."))
        self.compare_text_label.setText(self.tr("Sentence"))
        self.compare_button.setText(self.tr("Compare"))
        self.position_label.setText(self.tr("Position"))
        self.position_combo.setToolTip(self.tr("The token both models predict (or click a row of a map)"))
        self.compare_view_label.setText(self.tr("Show"))
        self.compare_view_combo.setItemText(0, self.tr("Masks"))
        self.compare_view_combo.setItemText(1, self.tr("Attention"))
        formula = "Attention = softmax(Q Kᵀ / √d_k + M) V,  M_ij = 0 if j ≤ i, −∞ if j > i"
        self.formula_panel.set_lines(formula, "",
                                     self.tr("The causal mask M sets the scores of later tokens to −∞ before the "
                                             "softmax, so their weights are exactly 0: the prediction at position i "
                                             "depends on tokens 1…i only."))
        if self._message_key:
            key, kwargs = self._message_key
            self._show_message(key, **kwargs)
        if self._state is not None:
            self._update_input_notes()
        if self._compare_message:
            key, kwargs = self._compare_message
            self._show_compare_message(key, **kwargs)
        self._update_about()
        self._update_large_title()
        self._update_output_texts()
        self._update_compare_titles()

    # screenshots -----------------------------------------------------------------------------------------
    def prepare_screenshot(self) -> None:
        """The first example, greedy, eight tokens on: the causal map has grown below the diagonal."""
        if self._session is None:
            return
        self.mode_combo.setCurrentIndex(0)
        if self._state is not None and self.prompt_combo.currentText() != EXAMPLES[0]:
            self.generate(EXAMPLES[0])
        self._pending.extend([("reset",)] + [("step",)] * 8)
        if self._task is None or self._task.finished:
            self._start_next()
