"""BERT lab: masked words, the 15% masking rule, next sentence, embeddings, attention and padding.

    P(word at [MASK]) = softmax(W h_[MASK] + b)          x_0 = LayerNorm(E_token + E_segment + E_position)

Six tabs, each with its own input and a Run action (the button, Enter in its box, or Ctrl+Return):
masked prediction (type [MASK], or click a token to mask it; click a prediction to put it in), the masking demo
(15% chosen, 80% [MASK] / 10% random / 10% kept, seeded), NSP ([CLS] A [SEP] B [SEP] with segment ids, P(IsNext)),
embeddings (token + segment + position = input), attention (layers x heads grid, one head large as a heatmap or
lines, rollout; up to 512 tokens) and padding (a batch with [PAD], the attention mask, padded keys get weight 0).

The model is assets/models/bert (or $ATTENTION_LAB_BERT_MODEL, or a folder the user opened); it loads in a worker
and every computation runs in a worker (desktop_app.workers.run_task) through the Qt-free functions in compute.py.
A tab computes when it is first shown; a new request for a tab cancels the one still running for it.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QProgressBar,
    QPushButton, QScrollArea, QSpinBox, QSplitter, QStackedWidget, QTableWidget, QTableWidgetItem,
    QTabWidget, QToolTip, QVBoxLayout, QWidget,
)

from desktop_app.labs.bert.compute import (
    MASK, MAX_BATCH, MAX_PAD_TOKENS, TOP_K, LabInputError, LabModelError, attention_view, default_folder,
    fill_mask_in_text, has_hangul, load_model, mask_token_in_text, masking_demo, normalize_masks, nsp, padding_view,
    predict, shipped_folder,
)
from desktop_app.labs.bert.views import (
    ACTION_COLORS, SEGMENT_COLORS, AttentionLines, BatchTable, EmbeddingsView, MaskPredictions, TokenStrip,
)
from desktop_app.widgets.export import ExportButton, ExportData, ExportTarget
from desktop_app.widgets.formula import FormulaPanel
from desktop_app.widgets.head_grid import HeadGrid
from desktop_app.widgets.heatmap import HeatmapView
from desktop_app.widgets.lazy_page import LazyPage
from desktop_app.widgets.view_box import view_box
from desktop_app.workers import run_task

LAB_KEY = "bert"
TABS = ("masked", "masking", "nsp", "embeddings", "attention", "padding")
MASKED_EXAMPLES = ("The capital of France is [MASK].", "She poured a cup of [MASK] and sat down to read.",
                   "The [MASK] barked at the cat, and the children ran to the [MASK].",
                   "He went to the [MASK] to buy some bread.")
SCREENSHOT_EXAMPLE = "The [MASK] barked at the cat, the children ran to the [MASK], and she drank a cup of [MASK]."
MASKING_EXAMPLE = "The quick brown fox jumps over the lazy dog while the farmer watches from the old barn."
NSP_EXAMPLES = (("He went to the store.", "He bought a gallon of milk."),
                ("He went to the store.", "Penguins are flightless birds."),
                ("The rain did not stop all day.", "The river rose above its banks by evening."),
                ("The rain did not stop all day.", "She plays the violin in an orchestra."))
ATTENTION_EXAMPLES = ("The animal didn't cross the street because it was too tired.",
                      "The cat sat on the mat.", "The capital of France is [MASK].")
EMBEDDINGS_EXAMPLE = "The cat sat on the mat."
PADDING_EXAMPLE = "The cat sat.\nThe dog ran across the big green park.\nHello!"
MAX_SHOWN_MASKS = 12  # prediction boxes; more masks still get predicted, the note says how many are shown
SEED_MAX = 999_999


class BertLab(QWidget):
    status_message = Signal(str)
    model_loaded = Signal(str)
    state_shown = Signal(str)  # the tab key whose views now show a new state

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self._settings = settings
        self._bundle = None
        self._info = None
        self._load_task = None
        self._folder: Path | None = None
        self._tasks: dict[str, object] = {}
        self._states: dict[str, object] = {}
        self._messages: dict[str, tuple | None] = {}  # tab -> (key, kwargs) of its error or notes
        self._model_message: tuple | None = None
        self._pending: set[str] = set()
        self._layer, self._head = 0, 0
        self.last_gui_update_ms = 0.0

        # header ----------------------------------------------------------------------------------------
        self.title_label = QLabel()
        self.title_label.setObjectName("labTitle")
        self.title_label.setStyleSheet("#labTitle { font-size: 17pt; font-weight: bold; }")
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.model_label = QLabel()
        self.model_label.setStyleSheet("color: #444;")
        self.model_label.setWordWrap(True)
        self.open_button = QPushButton()
        self.open_button.setFocusPolicy(Qt.NoFocus)
        self.message_label = QLabel()
        self.message_label.setObjectName("inputError")
        self.message_label.setStyleSheet("#inputError { color: #b00020; font-weight: bold; }")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.about_label = QLabel()
        self.about_label.setStyleSheet("color: #444;")
        self.about_label.setWordWrap(True)
        model_text = QVBoxLayout()
        model_text.setSpacing(0)
        model_text.addWidget(self.model_label)
        model_text.addWidget(self.about_label)
        model_row = QHBoxLayout()
        model_row.addLayout(model_text, 1)
        model_row.addWidget(self.open_button)

        self.tabs = QTabWidget()
        self.tabs.setFocusPolicy(Qt.NoFocus)
        self._export_buttons: dict[str, ExportButton] = {}
        self._export_targets: dict[str, ExportTarget] = {}
        self._lazy_pages: dict[str, LazyPage] = {}  # tab -> its views, built when the tab is first opened
        self._build_masked_tab()
        self._build_masking_tab()
        self._build_nsp_tab()
        self._build_embeddings_tab()
        self._build_attention_tab()
        self._build_padding_tab()
        self.formula_panel = FormulaPanel()

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addLayout(model_row)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.formula_panel)

        self._export_targets.update({
            "masked": ExportTarget(self.predictions_frame, self._masked_export_data),
            "masking": ExportTarget(self.masking_frame, self._masking_export_data),
            "nsp": ExportTarget(self.nsp_frame, self._nsp_export_data),
        })

        # settings --------------------------------------------------------------------------------------
        get = settings.get_str
        self.masked_combo.setEditText(get("bert/masked_text", MASKED_EXAMPLES[0]) or MASKED_EXAMPLES[0])
        self.masking_edit.setText(get("bert/masking_text", MASKING_EXAMPLE) or MASKING_EXAMPLE)
        self.seed_spin.setValue(settings.get_int("bert/seed", 0, 0, SEED_MAX))
        self.nsp_a_edit.setText(get("bert/nsp_a", NSP_EXAMPLES[0][0]) or NSP_EXAMPLES[0][0])
        self.nsp_b_edit.setText(get("bert/nsp_b", NSP_EXAMPLES[0][1]) or NSP_EXAMPLES[0][1])
        self.embeddings_edit.setText(get("bert/embeddings_text", EMBEDDINGS_EXAMPLE) or EMBEDDINGS_EXAMPLE)
        self.attention_combo.setEditText(get("bert/attention_text", ATTENTION_EXAMPLES[0]) or ATTENTION_EXAMPLES[0])
        self.attention_b_edit.setText(get("bert/attention_b", ""))
        self.padding_edit.setPlainText(get("bert/padding_text", PADDING_EXAMPLE) or PADDING_EXAMPLE)
        self.tabs.setCurrentIndex(TABS.index(get("bert/tab", "masked", TABS)))

        # wiring ----------------------------------------------------------------------------------------
        self.open_button.clicked.connect(lambda: self.open_model_folder())
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.shortcuts = {}
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.WindowShortcut)  # only while this lab is shown
            shortcut.activated.connect(self.run_current)
            self.shortcuts[keys] = shortcut
        shortcut = QShortcut(QKeySequence("Ctrl+M"), self)
        shortcut.setContext(Qt.WindowShortcut)
        shortcut.activated.connect(self._on_add_mask_clicked)
        self.shortcuts["Ctrl+M"] = shortcut
        shortcut = QShortcut(QKeySequence("Ctrl+O"), self)
        shortcut.setContext(Qt.WindowShortcut)
        shortcut.activated.connect(lambda: self.open_model_folder())
        self.shortcuts["Ctrl+O"] = shortcut

        self.retranslate()
        QTimer.singleShot(0, self._load_start_folder)  # a bound slot: never called if the lab is already gone

    # building -------------------------------------------------------------------------------------------
    def _view_box(self, key: str, view: QWidget) -> tuple[QLabel, QFrame]:
        title, button, frame = view_box(view)
        self._export_buttons[key] = button
        button.export_requested.connect(lambda fmt: self._on_view_export_requested(key, fmt))
        return title, frame

    def _lazy_page(self, kind: str, build) -> LazyPage:
        page = LazyPage(build)
        page.built_now.connect(lambda: self._on_page_built(kind))
        self._lazy_pages[kind] = page
        return page

    def _views_ready(self, kind: str) -> bool:
        """Whether `kind`'s views exist. The current tab's are built on demand (also when the lab is not on
        screen); a hidden tab's wait until it is opened, which shows the result kept in self._states."""
        page = self._lazy_pages.get(kind)
        if page is None or page.built:
            return True
        if kind == self.current_tab():
            page.ensure_built()  # -> _on_page_built shows what there is to show
        return False

    def _on_page_built(self, kind: str) -> None:
        self._retranslate_views(kind)
        state = self._states.get(kind)
        if state is not None:
            getattr(self, f"_show_{kind}")(state)

    def _run_button(self, kind: str) -> QPushButton:
        button = QPushButton()
        button.setFocusPolicy(Qt.NoFocus)
        button.clicked.connect(lambda: self.run(kind))
        return button

    def _build_masked_tab(self) -> None:
        page = QWidget()
        self.masked_label = QLabel()
        self.masked_combo = QComboBox()
        self.masked_combo.setEditable(True)
        self.masked_combo.setInsertPolicy(QComboBox.NoInsert)
        self.masked_combo.addItems(MASKED_EXAMPLES)
        self.masked_combo.setMinimumWidth(320)
        self.masked_combo.lineEdit().returnPressed.connect(lambda: self.run("masked"))
        self.masked_combo.activated.connect(lambda _i: self.run("masked"))
        self.predict_button = self._run_button("masked")
        self.add_mask_button = QPushButton()
        self.add_mask_button.setFocusPolicy(Qt.NoFocus)
        self.add_mask_button.clicked.connect(self._on_add_mask_clicked)
        row = QHBoxLayout()
        row.addWidget(self.masked_label)
        row.addWidget(self.masked_combo, 1)
        row.addWidget(self.add_mask_button)
        row.addWidget(self.predict_button)
        self.masked_strip_label = QLabel()
        self.masked_strip_label.setStyleSheet("color: #555;")
        self.masked_strip = TokenStrip()
        self.masked_strip.token_clicked.connect(self._on_masked_token_clicked)
        self.masked_strip.token_hovered.connect(lambda i: self._on_token_hovered("masked", i))
        self.mask_predictions = MaskPredictions(TOP_K, columns=3)
        self.mask_predictions.candidate_clicked.connect(self._on_candidate_clicked)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.mask_predictions)
        holder_layout.addStretch(1)
        scroll.setWidget(holder)
        self.predictions_title, self.predictions_frame = self._view_box("masked", scroll)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.masked_strip_label)
        layout.addWidget(self.masked_strip)
        layout.addWidget(self.predictions_frame, 1)
        self.tabs.addTab(page, "")

    def _build_masking_tab(self) -> None:
        page = QWidget()
        self.masking_label = QLabel()
        self.masking_edit = QLineEdit()
        self.masking_edit.returnPressed.connect(lambda: self.run("masking"))
        self.seed_label = QLabel()
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, SEED_MAX)
        self.mask15_button = self._run_button("masking")
        self.new_seed_button = QPushButton()
        self.new_seed_button.setFocusPolicy(Qt.NoFocus)
        self.new_seed_button.clicked.connect(self._on_new_seed_clicked)
        row = QHBoxLayout()
        row.addWidget(self.masking_label)
        row.addWidget(self.masking_edit, 1)
        row.addWidget(self.seed_label)
        row.addWidget(self.seed_spin)
        row.addWidget(self.new_seed_button)
        row.addWidget(self.mask15_button)
        self.legend_label = QLabel()
        self.legend_label.setTextFormat(Qt.RichText)
        self.masking_strip = TokenStrip(max_height=170)
        self.masking_strip.token_hovered.connect(lambda i: self._on_token_hovered("masking", i))
        self.masking_summary = QLabel()
        self.masking_summary.setWordWrap(True)
        self.masking_summary.setStyleSheet("font-weight: bold;")
        self.masking_table = QTableWidget(0, 7)
        self.masking_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.masking_table.verticalHeader().setVisible(False)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addWidget(self.legend_label)
        inner_layout.addWidget(self.masking_strip)
        inner_layout.addWidget(self.masking_summary)
        inner_layout.addWidget(self.masking_table, 1)
        self.masking_title, self.masking_frame = self._view_box("masking", inner)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.masking_frame, 1)
        self.tabs.addTab(page, "")

    def _build_nsp_tab(self) -> None:
        page = QWidget()
        self.nsp_a_label, self.nsp_b_label = QLabel(), QLabel()
        self.nsp_a_edit, self.nsp_b_edit = QLineEdit(), QLineEdit()
        for edit in (self.nsp_a_edit, self.nsp_b_edit):
            edit.returnPressed.connect(lambda: self.run("nsp"))
        self.nsp_examples = QComboBox()
        self.nsp_examples.addItem("")
        for a, b in NSP_EXAMPLES:
            self.nsp_examples.addItem(f"{a} / {b}", (a, b))
        self.nsp_examples.activated.connect(self._on_nsp_example_chosen)
        self.nsp_button = self._run_button("nsp")
        grid = QVBoxLayout()
        for label, edit in ((self.nsp_a_label, self.nsp_a_edit), (self.nsp_b_label, self.nsp_b_edit)):
            line = QHBoxLayout()
            label.setMinimumWidth(90)
            line.addWidget(label)
            line.addWidget(edit, 1)
            grid.addLayout(line)
        line = QHBoxLayout()
        line.addWidget(self.nsp_examples, 1)
        line.addWidget(self.nsp_button)
        grid.addLayout(line)
        self.nsp_strip = TokenStrip(max_height=260)
        self.nsp_strip.token_hovered.connect(lambda i: self._on_token_hovered("nsp", i))
        self.nsp_bar = QProgressBar()
        self.nsp_bar.setRange(0, 1000)
        self.nsp_bar.setTextVisible(False)
        self.nsp_bar.setMinimumHeight(26)
        self.nsp_result = QLabel()
        self.nsp_result.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.nsp_result.setWordWrap(True)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addWidget(self.nsp_strip)
        inner_layout.addSpacing(8)
        inner_layout.addWidget(self.nsp_result)
        inner_layout.addWidget(self.nsp_bar)
        inner_layout.addStretch(1)
        self.nsp_title, self.nsp_frame = self._view_box("nsp", inner)
        layout = QVBoxLayout(page)
        layout.addLayout(grid)
        layout.addWidget(self.nsp_frame, 1)
        self.tabs.addTab(page, "")

    def _build_embeddings_tab(self) -> None:
        page = QWidget()
        self.embeddings_label = QLabel()
        self.embeddings_edit = QLineEdit()
        self.embeddings_edit.returnPressed.connect(lambda: self.run("embeddings"))
        self.embeddings_button = self._run_button("embeddings")
        row = QHBoxLayout()
        row.addWidget(self.embeddings_label)
        row.addWidget(self.embeddings_edit, 1)
        row.addWidget(self.embeddings_button)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self._lazy_page("embeddings", self._build_embeddings_views), 1)
        self.tabs.addTab(page, "")

    def _build_embeddings_views(self) -> QWidget:
        self.embeddings_view = EmbeddingsView()
        self.embeddings_view.cell_hovered.connect(self._on_embedding_hovered)
        self.embeddings_title, frame = self._view_box("embeddings", self.embeddings_view)
        self._export_targets["embeddings"] = ExportTarget(self.embeddings_view, self._embeddings_export_data)
        return frame

    def _build_attention_tab(self) -> None:
        page = QWidget()
        self.attention_label = QLabel()
        self.attention_combo = QComboBox()
        self.attention_combo.setEditable(True)
        self.attention_combo.setInsertPolicy(QComboBox.NoInsert)
        self.attention_combo.addItems(ATTENTION_EXAMPLES)
        self.attention_combo.setMinimumWidth(260)
        self.attention_combo.lineEdit().returnPressed.connect(lambda: self.run("attention"))
        self.attention_combo.activated.connect(lambda _i: self.run("attention"))
        self.attention_b_edit = QLineEdit()
        self.attention_b_edit.setMaximumWidth(260)
        self.attention_b_edit.returnPressed.connect(lambda: self.run("attention"))
        self.attention_button = self._run_button("attention")
        row = QHBoxLayout()
        row.addWidget(self.attention_label)
        row.addWidget(self.attention_combo, 2)
        row.addWidget(self.attention_b_edit, 1)
        row.addWidget(self.attention_button)
        self.rollout_check = QCheckBox()
        self.lines_check = QCheckBox()
        self.timing_label = QLabel()
        self.timing_label.setStyleSheet("color: #555;")
        options = QHBoxLayout()
        options.addWidget(self.rollout_check)
        options.addWidget(self.lines_check)
        options.addStretch(1)
        options.addWidget(self.timing_label)
        self.rollout_check.toggled.connect(lambda _on: self._show_large())
        self.lines_check.toggled.connect(lambda _on: self._show_large())
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addLayout(options)
        layout.addWidget(self._lazy_page("attention", self._build_attention_views), 1)
        self.tabs.addTab(page, "")

    def _build_attention_views(self) -> QWidget:
        self.grid = HeadGrid()
        self.grid.setMinimumSize(280, 200)
        self.grid.head_clicked.connect(self._on_head_clicked)
        self.grid_title = QLabel()
        self.grid_title.setStyleSheet("font-weight: bold;")
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.setSpacing(2)
        grid_layout.addWidget(self.grid_title)
        grid_layout.addWidget(self.grid, 1)
        self.large_view = HeatmapView(colormap="viridis", max_display=1024)
        self.large_view.setMinimumSize(300, 260)
        self.large_view.cell_hovered.connect(self._on_large_hovered)
        self.lines_view = AttentionLines()
        self.large_stack = QStackedWidget()
        self.large_stack.addWidget(self.large_view)
        self.large_stack.addWidget(self.lines_view)
        self.large_title, self.attention_frame = self._view_box("attention", self.large_stack)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(grid_box)
        split.addWidget(self.attention_frame)
        split.setChildrenCollapsible(False)
        split.setSizes([560, 480])
        if self._info is not None:  # a model loaded before the page was built
            self.grid.set_shape(self._info.n_layers, self._info.n_heads)
        self._export_targets["attention"] = ExportTarget(self.attention_frame, self._attention_export_data)
        return split

    def _build_padding_tab(self) -> None:
        page = QWidget()
        self.padding_label = QLabel()
        self.padding_edit = QPlainTextEdit()
        self.padding_edit.setMaximumHeight(72)
        self.padding_button = self._run_button("padding")
        self.pad_sentence_label, self.pad_layer_label, self.pad_head_label = QLabel(), QLabel(), QLabel()
        self.pad_sentence_combo = QComboBox()
        self.pad_layer_spin, self.pad_head_spin = QSpinBox(), QSpinBox()
        for spin in (self.pad_layer_spin, self.pad_head_spin):
            spin.setRange(1, 1)
            spin.valueChanged.connect(lambda _v: self._show_padding_attention())
        self.pad_sentence_combo.currentIndexChanged.connect(lambda _i: self._show_padding_attention())
        top = QHBoxLayout()
        top.addWidget(self.padding_label)
        top.addWidget(self.padding_edit, 1)
        top.addWidget(self.padding_button, 0, Qt.AlignTop)
        controls = QHBoxLayout()
        for w in (self.pad_sentence_label, self.pad_sentence_combo, self.pad_layer_label, self.pad_layer_spin,
                  self.pad_head_label, self.pad_head_spin):
            controls.addWidget(w)
        controls.addStretch(1)
        self.pad_sentence_combo.setMinimumWidth(220)
        self.batch_table = BatchTable()
        self.batch_table.sentence_clicked.connect(self.pad_sentence_combo.setCurrentIndex)
        self.pad_proof = QLabel()
        self.pad_proof.setWordWrap(True)
        self.pad_proof.setStyleSheet("font-weight: bold; color: #1b6e20;")
        self.pad_mask_title = QLabel()
        self.pad_mask_title.setStyleSheet("color: #444;")
        self._pad_controls = controls
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self._lazy_page("padding", self._build_padding_views), 1)
        self.tabs.addTab(page, "")

    def _build_padding_views(self) -> QWidget:
        batch_scroll = QScrollArea()
        batch_scroll.setWidget(self.batch_table)
        batch_scroll.setWidgetResizable(True)
        batch_scroll.setFrameShape(QFrame.NoFrame)
        batch_scroll.setMinimumHeight(135)
        batch_scroll.setMaximumHeight(200)
        self.pad_attention_view = HeatmapView(colormap="viridis", max_display=512)
        self.pad_attention_view.cell_hovered.connect(self._on_pad_hovered)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addWidget(self.pad_mask_title)
        inner_layout.addWidget(batch_scroll, 1)
        inner_layout.addLayout(self._pad_controls)
        inner_layout.addWidget(self.pad_attention_view, 3)
        inner_layout.addWidget(self.pad_proof)
        self.padding_title, self.padding_frame = self._view_box("padding", inner)
        self._export_targets["padding"] = ExportTarget(self.padding_frame, self._padding_export_data)
        return self.padding_frame

    # lab interface --------------------------------------------------------------------------------------
    def current_tab(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def set_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(key))

    # lessons (protocol: desktop_app/labs/__init__.py) ---------------------------------------------------
    def _tab_input(self, tab: str) -> str | None:
        return {"masked": self.masked_combo.currentText, "masking": self.masking_edit.text,
                "embeddings": self.embeddings_edit.text, "attention": self.attention_combo.currentText,
                "padding": self.padding_edit.toPlainText}.get(tab, lambda: None)()

    def _set_tab_input(self, tab: str, text: str) -> None:
        {"masked": self.masked_combo.setEditText, "masking": self.masking_edit.setText,
         "embeddings": self.embeddings_edit.setText, "attention": self.attention_combo.setEditText,
         "padding": self.padding_edit.setPlainText}.get(tab, lambda _t: None)(text)

    def lesson_state(self) -> dict:
        tab = self.current_tab()
        settings: dict = {"tab": tab}
        state: dict = {"settings": settings}
        text = self._tab_input(tab)
        if text is not None:
            state["input"] = text
        if tab == "masking":
            settings["seed"] = self.seed_spin.value()
        elif tab == "nsp":
            settings["sentence_a"], settings["sentence_b"] = self.nsp_a_edit.text(), self.nsp_b_edit.text()
        elif tab == "attention":
            if self.attention_b_edit.text():
                settings["sentence_b"] = self.attention_b_edit.text()
            settings["rollout"] = self.rollout_check.isChecked()
            state["highlight"] = {"layer": self._layer + 1, "head": self._head + 1}
        return state

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: tab = one of TABS; seed (masking); sentence_a, sentence_b (nsp; sentence_b also on attention);
        rollout (attention). input goes to the tab's text box. highlight: layer, head (1-based, attention)."""
        settings, highlight = state.get("settings") or {}, state.get("highlight") or {}
        tab = settings.get("tab") if settings.get("tab") in TABS else self.current_tab()
        if isinstance(state.get("input"), str):
            self._set_tab_input(tab, state["input"])
        if isinstance(settings.get("seed"), int):
            self.seed_spin.setValue(settings["seed"])
        if tab == "nsp":
            for key, edit in (("sentence_a", self.nsp_a_edit), ("sentence_b", self.nsp_b_edit)):
                if isinstance(settings.get(key), str):
                    edit.setText(settings[key])
        elif tab == "attention" and isinstance(settings.get("sentence_b"), str):
            self.attention_b_edit.setText(settings["sentence_b"])
        layer, head = highlight.get("layer"), highlight.get("head")
        if isinstance(layer, int) and isinstance(head, int) and layer >= 1 and head >= 1:
            self._layer, self._head = layer - 1, head - 1  # clamped to the model when the attention is shown
        if isinstance(settings.get("rollout"), bool):
            self.rollout_check.setChecked(settings["rollout"])
        self.run(tab)  # before the tab changes, so that showing the tab does not start a second run
        self.set_tab(tab)
        return []

    def current_export_view(self):
        key = self.current_tab()
        return self.export_target(key) if self._states.get(key) is not None else None

    def export_target(self, key: str) -> ExportTarget:
        if key in self._lazy_pages:
            self._lazy_pages[key].ensure_built()
        return self._export_targets[key]

    def is_busy(self) -> bool:
        loading = self._load_task is not None and not self._load_task.finished
        return loading or any(not t.finished for t in self._tasks.values())

    def state(self, key: str):
        return self._states.get(key)

    @property
    def bundle(self):
        return self._bundle

    @property
    def model_info(self):
        return self._info

    def save_settings(self) -> None:
        s = self._settings
        s.set("bert/tab", self.current_tab())
        s.set("bert/masked_text", self.masked_combo.currentText()[:2000])
        s.set("bert/masking_text", self.masking_edit.text()[:2000])
        s.set("bert/seed", self.seed_spin.value())
        s.set("bert/nsp_a", self.nsp_a_edit.text()[:2000])
        s.set("bert/nsp_b", self.nsp_b_edit.text()[:2000])
        s.set("bert/embeddings_text", self.embeddings_edit.text()[:2000])
        s.set("bert/attention_text", self.attention_combo.currentText()[:2000])
        s.set("bert/attention_b", self.attention_b_edit.text()[:2000])
        s.set("bert/padding_text", self.padding_edit.toPlainText()[:4000])

    # the model ------------------------------------------------------------------------------------------
    def _start_folder(self) -> Path:
        """A folder the user opened before (if it is still there), else $ATTENTION_LAB_BERT_MODEL or the shipped one."""
        import os

        from desktop_app.labs.bert.compute import ENV_MODEL

        opened = self._settings.get_str("bert/model_folder", "")
        if opened and not os.environ.get(ENV_MODEL) and Path(opened).is_dir():
            return Path(opened)
        return default_folder()

    def _load_start_folder(self) -> None:
        self.load_folder(self._start_folder())

    def open_model_folder(self, folder: str | Path | None = None) -> None:
        """Ask for a BERT folder (config.json, vocab.txt or tokenizer.json, model.safetensors) and load it."""
        if folder is None:
            start = str(self._folder.parent if self._folder else Path.home())
            folder = QFileDialog.getExistingDirectory(self, self.tr("Open a BERT model folder"), start)
            if not folder:
                return
        self.load_folder(Path(folder), remember=True)

    def load_folder(self, folder: Path, remember: bool = False) -> None:
        folder = Path(folder)
        if self._load_task is not None and not self._load_task.finished:
            self._load_task.cancel()
        if not folder.is_dir():
            self._load_task = None
            self._show_model_message("missing", folder=str(folder))
            self._update_model_label()
            return
        self._show_model_message("loading", folder=str(folder))
        self._load_task = run_task(load_model, str(folder), on_done=lambda r: self._on_model_loaded(r, remember),
                                   on_error=lambda exc: self._on_model_failed(exc, folder), owner=self)

    def _on_model_loaded(self, result, remember: bool) -> None:
        bundle, info = result
        self._load_task = None
        for task in self._tasks.values():
            task.cancel()
        self._tasks.clear()
        self._states.clear()
        self._messages.clear()
        self._bundle, self._info, self._folder = bundle, info, Path(info.folder)
        if remember:
            self._settings.set("bert/model_folder", info.folder)
        self._show_model_message(None)
        self._update_model_label()
        self.status_message.emit(self.model_label.text())
        if self._lazy_pages["attention"].built:  # else the page sets the shape when it is built
            self.grid.set_shape(info.n_layers, info.n_heads)  # once per model, so the first paint is not slow
            self._update_grid_headers()
        self._clear_views()
        self.model_loaded.emit(info.name)
        pending, self._pending = self._pending, set()
        for kind in pending | {self.current_tab()}:
            self.run(kind)

    def _on_model_failed(self, exc: BaseException, folder: Path) -> None:
        self._load_task = None
        if isinstance(exc, LabModelError):
            self._show_model_message("broken", folder=str(folder), error=str(exc))
        else:
            self._show_model_message("failed", error=f"{type(exc).__name__}: {exc}")
        self._update_model_label()

    def _update_model_label(self) -> None:
        info = self._info
        if info is None:
            self.model_label.setText(self.tr("Model: none loaded"))
            self.model_label.setToolTip("")
            self.about_label.hide()
            return
        about = []
        if info.data:
            about.append(self.tr("Trained on {data}.").format(data=info.data))
        if info.mlm_top1 is not None and info.mlm_top5 is not None:
            about.append(self.tr("On held-out text the masked word is its first guess {top1} of the time, among its "
                                 "top 5 {top5}.").format(top1=f"{info.mlm_top1:.0%}", top5=f"{info.mlm_top5:.0%}"))
        if info.nsp_accuracy is not None:
            about.append(self.tr("Next-sentence accuracy {acc}.").format(acc=f"{info.nsp_accuracy:.0%}"))
        self.about_label.setText(" ".join(about))
        self.about_label.setVisible(bool(about))
        heads = []
        heads.append(self.tr("masked-word head") if info.has_mlm else self.tr("no masked-word head"))
        heads.append(self.tr("next-sentence head") if info.has_nsp else self.tr("no next-sentence head"))
        shipped = Path(info.folder).resolve() == shipped_folder().resolve()
        folder = Path(info.folder)
        plain = f"{folder.parent.name}/{folder.name}" if info.name.lower() in ("model", "models", "weights") \
            else info.name  # a generic folder name says little: add its parent
        name = self.tr("{name} (shipped)").format(name=plain) if shipped else plain
        self.model_label.setText(self.tr(
            "Model: {name}: {layers} layers × {heads} heads, {hidden} dimensions, {vocab} tokens in the vocabulary, "
            "at most {max} tokens; {parts}.").format(
            name=name, layers=info.n_layers, heads=info.n_heads, hidden=info.hidden, vocab=info.vocab,
            max=info.max_tokens, parts=", ".join(heads)))
        self.model_label.setToolTip(info.folder)

    # running a tab --------------------------------------------------------------------------------------
    def run_current(self) -> None:
        self.run(self.current_tab())

    def run(self, kind: str) -> None:
        """Compute `kind` from its tab's input (cancelling a run of the same kind still going)."""
        if self._bundle is None:
            if self._load_task is not None and not self._load_task.finished:
                self._pending.add(kind)
            return
        old = self._tasks.pop(kind, None)
        if old is not None:
            old.cancel()
        b = self._bundle
        args = {
            "masked": (predict, b, self.masked_combo.currentText()),
            "masking": (masking_demo, b, self.masking_edit.text(), self.seed_spin.value()),
            "nsp": (nsp, b, self.nsp_a_edit.text(), self.nsp_b_edit.text()),
            "embeddings": (attention_view, b, self.embeddings_edit.text(), None),
            "attention": (attention_view, b, self.attention_combo.currentText(), self.attention_b_edit.text()),
            "padding": (padding_view, b, self.padding_edit.toPlainText().splitlines()),
        }[kind]
        self._tasks[kind] = run_task(*args, on_done=lambda state, k=kind: self._on_state_ready(k, state),
                                     on_error=lambda exc, k=kind: self._on_task_failed(k, exc), owner=self)

    def _on_state_ready(self, kind: str, state) -> None:
        if state is None:  # cancelled inside the worker
            return
        started = time.perf_counter()
        self._states[kind] = state
        getattr(self, f"_show_{kind}")(state)
        if kind == "attention":
            self.last_gui_update_ms = (time.perf_counter() - started) * 1000
            self._update_timing()
        self._set_notes(kind, state)
        self.state_shown.emit(kind)

    def _on_task_failed(self, kind: str, exc: BaseException) -> None:
        if isinstance(exc, LabInputError):
            kwargs = {}
            if exc.reason == "no_mask" and exc.detail == "truncated" and self._info is not None:
                kwargs["n"] = self._info.max_tokens
            self._set_message(kind, ("input", {"reason": exc.reason, **kwargs,
                                               "model": self._info.name if self._info else ""}))
        else:
            self._set_message(kind, ("failed", {"error": f"{type(exc).__name__}: {exc}"}))

    def _on_tab_changed(self, index: int) -> None:
        kind = TABS[index]
        self._show_messages()
        self._update_formula()
        if self._bundle is not None and kind not in self._states and kind not in self._tasks:
            self.run(kind)

    # masked prediction ----------------------------------------------------------------------------------
    def _show_masked(self, state) -> None:
        masks = set(int(p) for p in state.mask_positions)
        colors = [ACTION_COLORS["mask"] if i in masks else None for i in range(len(state.tokens))]
        self.masked_strip.set_tokens(state.tokens, colors, clickable=True)
        shown = min(len(state.mask_positions), MAX_SHOWN_MASKS)
        self.mask_predictions.set_predictions(self._mask_titles(state)[:shown], state.top_tokens[:shown],
                                              state.top_probs[:shown])
        typed = self.masked_combo.currentText()
        if typed != state.text and normalize_masks(typed).strip() == state.text:
            self.masked_combo.setEditText(state.text)  # '[mask]' shown as the model reads it: '[MASK]'


    def _mask_titles(self, state) -> list[str]:
        return [self.tr("[MASK] {n} (token {pos})").format(n=m + 1, pos=int(p))
                for m, p in enumerate(state.mask_positions)]

    def _whole_word(self, tokens, index: int) -> tuple[int, int]:
        """The first and last token of the word token `index` belongs to (WordPiece '##' pieces join the one before)."""
        start = index
        while start > 0 and tokens[start].startswith("##"):
            start -= 1
        end = index
        while end + 1 < len(tokens) and tokens[end + 1].startswith("##"):
            end += 1
        return start, end

    def mask_token(self, index: int) -> None:
        """Replace the word of token `index` by [MASK] in the sentence and predict again."""
        state = self._states.get("masked")
        if state is None or not 0 <= index < len(state.tokens):
            return
        tok = state.tokens[index]
        if tok.startswith("[") and tok.endswith("]") and tok != "[UNK]":
            self.status_message.emit(self.tr("{token} is a special token: click a word to mask it.").format(token=tok))
            return
        start, end = self._whole_word(state.tokens, index)
        span = (state.offsets[start][0], state.offsets[end][1])
        if span[1] <= span[0]:
            return
        self.masked_combo.setEditText(mask_token_in_text(state.text, span))
        self.run("masked")

    def _on_masked_token_clicked(self, index: int) -> None:
        self.mask_token(index)

    def choose_prediction(self, mask_index: int, row: int) -> None:
        """Put candidate `row` of mask `mask_index` into the sentence and predict the remaining masks again."""
        state = self._states.get("masked")
        if state is None or mask_index >= len(state.mask_positions) or row >= len(state.top_tokens[mask_index]):
            return
        token = state.top_tokens[mask_index][row]
        span = state.offsets[int(state.mask_positions[mask_index])]
        self.masked_combo.setEditText(fill_mask_in_text(state.text, span, token))
        self.status_message.emit(self.tr("Put “{token}” in place of [MASK] {n}.").format(token=token, n=mask_index + 1))
        self.run("masked")

    def _on_candidate_clicked(self, mask_index: int, row: int) -> None:
        self.choose_prediction(mask_index, row)

    def _on_add_mask_clicked(self) -> None:
        if self.current_tab() != "masked":
            return
        edit = self.masked_combo.lineEdit()
        edit.insert(("" if edit.cursorPosition() == 0 or edit.text()[edit.cursorPosition() - 1:].startswith(" ")
                     else " ") + MASK)
        edit.setFocus()

    # masking demo ---------------------------------------------------------------------------------------
    def _action_name(self, action: str) -> str:
        return {"mask": self.tr("[MASK] (80%)"), "random": self.tr("random token (10%)"),
                "kept": self.tr("kept (10%)")}[action]

    def _show_masking(self, state) -> None:
        chosen = {int(p): i for i, p in enumerate(state.positions)}
        colors = [ACTION_COLORS[state.actions[chosen[i]]] if i in chosen else None for i in range(len(state.shown))]
        below = [state.original[i] if i in chosen else "" for i in range(len(state.shown))]
        self.masking_strip.set_tokens(state.shown, colors, below=below, clickable=False)
        table = self.masking_table
        table.setRowCount(len(state.positions))
        for r, pos in enumerate(state.positions):
            pos = int(pos)
            values = (str(pos), state.original[pos], self._action_name(state.actions[r]), state.shown[pos],
                      state.predicted[r], f"{state.predicted_probs[r] * 100:.1f}%",
                      "✓" if state.correct[r] else "✗")
            for c, text in enumerate(values):
                item = table.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    table.setItem(r, c, item)
                item.setText(text)
                if c == 2:
                    item.setBackground(QColor(ACTION_COLORS[state.actions[r]]))
                elif c == 6:
                    item.setBackground(QColor("#cdeccd" if state.correct[r] else "#f6d0d0"))
        table.resizeColumnsToContents()
        self._update_masking_texts()

    def _update_masking_texts(self) -> None:
        self.masking_table.setHorizontalHeaderLabels([
            self.tr("Position"), self.tr("Original"), self.tr("What happened"), self.tr("Model sees"),
            self.tr("Prediction"), self.tr("Probability"), self.tr("Correct")])
        state = self._states.get("masking")
        if state is None:
            self.masking_summary.setText("")
            return
        n_candidates = sum(1 for t in state.original if not (t.startswith("[") and t.endswith("]")))
        counts = {a: state.actions.count(a) for a in ("mask", "random", "kept")}
        self.masking_summary.setText(self.tr(
            "Seed {seed}: {m} of {n} tokens chosen (15%): {a} became [MASK], {b} a random token, {c} stayed. "
            "The model's top guess is the original at {k} of {m}.").format(
            seed=state.seed, m=len(state.positions), n=n_candidates, a=counts["mask"], b=counts["random"],
            c=counts["kept"], k=int(state.correct.sum())))

    def _on_new_seed_clicked(self) -> None:
        self.seed_spin.setValue((self.seed_spin.value() + 1) % (SEED_MAX + 1))
        self.run("masking")

    # next sentence --------------------------------------------------------------------------------------
    def _on_nsp_example_chosen(self, index: int) -> None:
        pair = self.nsp_examples.itemData(index)
        if pair:
            self.nsp_a_edit.setText(pair[0])
            self.nsp_b_edit.setText(pair[1])
            self.run("nsp")

    def _show_nsp(self, state) -> None:
        colors = [SEGMENT_COLORS[int(s)] if not (t.startswith("[") and t.endswith("]")) else None
                  for t, s in zip(state.tokens, state.segments)]
        self.nsp_strip.set_tokens(state.tokens, colors, below=[str(int(s)) for s in state.segments],
                                  clickable=False)
        self.nsp_bar.setValue(int(round(state.is_next * 1000)))
        self._update_nsp_texts()

    def _update_nsp_texts(self) -> None:
        state = self._states.get("nsp")
        if state is None:
            self.nsp_result.setText("")
            return
        verdict = self.tr("B follows A") if state.is_next >= 0.5 else self.tr("B does not follow A")
        self.nsp_result.setText(self.tr("P(IsNext) = {p}: the model says {verdict}.").format(
            p=f"{state.is_next * 100:.1f}%", verdict=verdict))

    # embeddings -----------------------------------------------------------------------------------------
    def _show_embeddings(self, state) -> None:
        if not self._views_ready("embeddings"):
            return
        self.embeddings_view.set_parts(state.tokens, (state.token_emb, state.segment_emb, state.position_emb,
                                                      state.embedding_sum, state.embedding_normed))

    def _on_embedding_hovered(self, part: int, row: int, col: int) -> None:
        state = self._states.get("embeddings")
        if state is None or row >= len(state.tokens):
            return
        t, s, p = (float(m[row, col]) for m in (state.token_emb, state.segment_emb, state.position_emb))
        total, normed = float(state.embedding_sum[row, col]), float(state.embedding_normed[row, col])
        tok, seg = state.tokens[row], int(state.segments[row])
        self.formula_panel.set_lines(
            "x_0 = LayerNorm(E_token[w] + E_segment[s] + E_position[i])",
            f"{t:+.4f} + {s:+.4f} + {p:+.4f} = {total:+.4f}   →   LayerNorm: {normed:+.4f}",
            self.tr("Token {i} “{token}” (segment {seg}), dimension {d}: the three lookups add up to the input "
                    "embedding; LayerNorm then rescales each token's vector.").format(
                i=row, token=tok, seg=seg, d=col))

    # attention ------------------------------------------------------------------------------------------
    def _show_attention(self, state) -> None:
        self._layer = min(self._layer, state.n_layers - 1)
        self._head = min(self._head, state.n_heads - 1)
        if not self._views_ready("attention"):
            return
        self.grid.set_matrices(state.attentions)
        self._update_grid_headers()
        self.grid.select(self._layer, self._head)
        self._show_large()

    def _update_grid_headers(self) -> None:
        """'head 7' for a few heads; bare numbers for many (12 'head n' labels would not fit the width)."""
        many = self.grid.shape[1] > 8
        self.grid.set_header_formats(self.tr("layer {n}"), "{n}" if many else self.tr("head {n}"))

    def select_head(self, layer: int, head: int) -> None:
        self._on_head_clicked(layer, head)

    def _on_head_clicked(self, layer: int, head: int) -> None:
        self._layer, self._head = layer, head
        if self._lazy_pages["attention"].built:
            self.grid.select(layer, head)
        if self.rollout_check.isChecked():
            self.rollout_check.setChecked(False)  # a head was asked for: show it, not the rollout
        self._show_large()
        self.status_message.emit(self.tr("Layer {layer}, head {head}").format(layer=layer + 1, head=head + 1))

    def _large_matrix(self):
        state = self._states.get("attention")
        if state is None:
            return None
        if self.rollout_check.isChecked():
            return state.rollout
        return state.attentions[self._layer, self._head]

    def _show_large(self) -> None:
        if not self._views_ready("attention"):
            return
        state = self._states.get("attention")
        matrix = self._large_matrix()
        if matrix is None:
            self._update_large_title()
            return
        tokens = list(state.tokens)
        lines = self.lines_check.isChecked() and len(tokens) <= AttentionLines.MAX_TOKENS
        self.lines_check.setEnabled(len(tokens) <= AttentionLines.MAX_TOKENS)
        if lines:
            self.lines_view.set_weights(matrix, tokens)
            self.large_stack.setCurrentWidget(self.lines_view)
        else:
            hi = float(matrix.max())
            self.large_view.set_matrix(matrix, tokens, tokens, levels=(0.0, hi if hi > 0 else 1.0))
            self.large_stack.setCurrentWidget(self.large_view)
        self._update_large_title()

    def _update_large_title(self) -> None:
        state = self._states.get("attention")
        if self.rollout_check.isChecked():
            title = self.tr("Attention rollout over {n} layers").format(n=state.n_layers if state else 0)
        else:
            title = self.tr("Layer {layer}, head {head}").format(layer=self._layer + 1, head=self._head + 1)
        if not self._lazy_pages["attention"].built:
            return
        self.large_title.setText(title)
        if state is not None:
            self.large_view.set_title(title)
        self.large_view.set_axis_titles(self.tr("query token"), self.tr("key token"))

    def _update_timing(self) -> None:
        state = self._states.get("attention")
        if state is None:
            self.timing_label.setText("")
            return
        self.timing_label.setText(self.tr("{n} tokens: computed in {c} ms, drawn in {d} ms").format(
            n=len(state.tokens), c=f"{state.compute_ms:.0f}", d=f"{self.last_gui_update_ms:.0f}"))

    def _on_large_hovered(self, row: int, col: int, value: float) -> None:
        self.status_message.emit(self.tr("{row} → {col}: weight {value}").format(
            row=self.large_view.row_label(row), col=self.large_view.col_label(col), value=f"{value:.4f}"))

    # padding --------------------------------------------------------------------------------------------
    def _show_padding(self, state) -> None:
        self._views_ready("padding")  # builds the page if its tab is current (which shows the state, then again here)
        n_layers, batch, n_heads = state.attentions.shape[:3]
        self.pad_layer_spin.setRange(1, n_layers)
        self.pad_head_spin.setRange(1, n_heads)
        current = self.pad_sentence_combo.currentIndex()
        first = self.pad_sentence_combo.count() == 0
        self.pad_sentence_combo.blockSignals(True)
        self.pad_sentence_combo.clear()
        self.pad_sentence_combo.addItems([f"{b + 1}: {s[:40]}" for b, s in enumerate(state.sentences)])
        shortest = int(np.argmin(state.attention_mask.sum(1)))  # the most padding: the clearest picture
        self.pad_sentence_combo.setCurrentIndex(shortest if first or not 0 <= current < batch else current)
        self.pad_sentence_combo.blockSignals(False)
        self._update_padding_texts()

    def _show_padding_attention(self) -> None:
        state = self._states.get("padding")
        if state is None:
            return
        b = max(0, self.pad_sentence_combo.currentIndex())
        self.batch_table.set_batch(state.tokens, state.attention_mask, b, self.tr("mask"))
        layer, head = self.pad_layer_spin.value() - 1, self.pad_head_spin.value() - 1
        if not self._lazy_pages["padding"].built:
            return
        matrix = state.attentions[layer, b, head]
        tokens = list(state.tokens[b])
        hi = float(matrix.max())
        self.pad_attention_view.set_matrix(matrix, tokens, tokens, levels=(0.0, hi if hi > 0 else 1.0),
                                           title=self.tr("Sentence {b}, layer {layer}, head {head}").format(
                                               b=b + 1, layer=layer + 1, head=head + 1))

    def _update_padding_texts(self) -> None:
        if self._lazy_pages["padding"].built:
            self.pad_attention_view.set_axis_titles(self.tr("query token"), self.tr("key token"))
        state = self._states.get("padding")
        if state is None:
            self.pad_proof.setText("")
            return
        n_pad = int((state.attention_mask == 0).sum())
        self.pad_proof.setText(self.tr(
            "{n} [PAD] positions in the batch. The largest weight any query gives a [PAD] key, over every layer, "
            "head and sentence: {value}. The padded columns are exactly 0.").format(
            n=n_pad, value=f"{state.padded_key_max():.3g}"))
        self._show_padding_attention()

    def _on_pad_hovered(self, row: int, col: int, value: float) -> None:
        self.status_message.emit(self.tr("{row} → {col}: weight {value}").format(
            row=self.pad_attention_view.row_label(row), col=self.pad_attention_view.col_label(col),
            value=f"{value:.4f}"))

    # token tooltips -------------------------------------------------------------------------------------
    def token_tooltip(self, tab: str, index: int) -> str:
        state = self._states.get(tab)
        if state is None:
            return ""
        tokens = state.shown if tab == "masking" else state.tokens
        if not 0 <= index < len(tokens):
            return ""
        tok = tokens[index]
        explain = {
            "[CLS]": self.tr("[CLS]: the classification token, always first. Its last-layer vector, through the "
                             "pooler, is what the next-sentence head reads."),
            "[SEP]": self.tr("[SEP]: the separator that ends each sentence (segment)."),
            "[MASK]": self.tr("[MASK]: a hidden token; the masked-word head predicts what was here."),
            "[PAD]": self.tr("[PAD]: filler so every sentence in a batch has the same length; the attention mask "
                             "gives it weight 0."),
            "[UNK]": self.tr("[UNK]: a character or word that is not in the vocabulary (emoji, rare scripts)."),
        }.get(tok)
        if explain is None:
            explain = (self.tr("“{token}”: a WordPiece that continues the word before it.").format(token=tok)
                       if tok.startswith("##") else self.tr("“{token}”: token {i}.").format(token=tok, i=index))
        if tab == "nsp":
            seg = int(state.segments[index])
            explain += " " + self.tr("Segment {s}: [CLS], sentence A and its [SEP] are segment 0; sentence B and "
                                     "its [SEP] are segment 1.").format(s=seg)
        elif tab == "masking":
            hits = np.flatnonzero(state.positions == index)
            if hits.size:
                r = int(hits[0])
                explain += " " + self.tr("Chosen: {action}; the original was “{orig}”, the model predicts "
                                         "“{pred}”.").format(action=self._action_name(state.actions[r]),
                                                             orig=state.original[index], pred=state.predicted[r])
        elif tab == "masked" and not (tok.startswith("[") and tok.endswith("]")):
            explain += " " + self.tr("Click to mask it.")
        return explain

    def _on_token_hovered(self, tab: str, index: int) -> None:
        text = self.token_tooltip(tab, index)
        if text:
            QToolTip.showText(QCursor.pos(), text, self)
            self.status_message.emit(text)

    # messages (kept as keys so they follow the language) ------------------------------------------------
    def _show_model_message(self, key: str | None, **kwargs) -> None:
        self._model_message = (key, kwargs) if key else None
        self._show_messages()

    def _set_message(self, kind: str, message: tuple | None) -> None:
        self._messages[kind] = message
        if kind == self.current_tab():
            self._show_messages()

    def _set_notes(self, kind: str, state) -> None:
        notes = []
        tokens = {"padding": lambda: [t for row in state.tokens for t in row],
                  "masking": lambda: state.original}.get(kind, lambda: state.tokens)()
        text = {"masked": lambda: state.text, "masking": lambda: state.text, "nsp": lambda: state.a + state.b,
                "padding": lambda: " ".join(state.sentences)}.get(kind, lambda: state.text + state.text_b)()
        if getattr(state, "truncated", False) or getattr(state, "text_cut", False):
            if kind == "padding":
                notes.append(("pad_cut", {"n": MAX_PAD_TOKENS}))
            else:
                notes.append(("truncated", {"n": self._info.max_tokens if self._info else 512}))
        unknown = sum(1 for t in tokens if t == "[UNK]")
        if unknown:
            notes.append(("unknown", {"unk": unknown, "n": len(tokens)}))
        if has_hangul(text):
            notes.append(("hangul", {}))
        if kind == "masked" and len(state.mask_positions) > MAX_SHOWN_MASKS:
            notes.append(("masks_hidden", {"shown": MAX_SHOWN_MASKS, "n": len(state.mask_positions)}))
        if kind == "padding" and state.dropped:
            notes.append(("dropped", {"n": MAX_BATCH}))
        self._set_message(kind, ("notes", {"notes": notes}) if notes else None)

    def _input_text(self, reason: str, kwargs: dict) -> str:
        if reason == "empty":
            return self.tr("Type a sentence first: the box is empty.")
        if reason == "empty_pair":
            return self.tr("Type both sentences, A and B: one of them is empty.")
        if reason == "no_mask":
            if "n" in kwargs:
                return self.tr("The text is longer than the model's {n} tokens and its [MASK] lies beyond them: put "
                               "[MASK] earlier or shorten the text.").format(n=kwargs["n"])
            return self.tr("The sentence has no [MASK]. Write [MASK] where a word should be predicted, or click a "
                           "word below to mask it.")
        if reason == "no_head_mlm":
            return self.tr("Model {model} has no masked-word head (it is a bare encoder): masked prediction and the "
                           "masking demo need a model trained with MLM. Attention, embeddings and padding still "
                           "work.").format(model=kwargs.get("model", ""))
        if reason == "no_head_nsp":
            return self.tr("Model {model} has no next-sentence head: NSP needs a model trained with it. The other "
                           "tabs still work.").format(model=kwargs.get("model", ""))
        if reason == "no_tokens":
            return self.tr("There is no ordinary token to mask: the text has only special or unknown tokens.")
        return reason

    def _note_text(self, note: str, values: dict) -> str:
        if note == "truncated":
            return self.tr("The input is longer than the model's {n} tokens: only the first {n} are used.").format(
                **values)
        if note == "pad_cut":
            return self.tr("Long sentences are cut to {n} tokens in this view.").format(**values)
        if note == "unknown":
            return self.tr("{unk} of the {n} tokens are unknown to this model and shown as [UNK]: they are not in "
                           "its vocabulary.").format(**values)
        if note == "hangul":
            return self.tr("This model learned English: Korean text is split into single letters (jamo) or [UNK], "
                           "so its predictions there mean little.")
        if note == "masks_hidden":
            return self.tr("Showing the predictions for the first {shown} of {n} masks.").format(**values)
        if note == "dropped":
            return self.tr("Only the first {n} sentences are used.").format(**values)
        return ""

    def _message_text(self, message: tuple) -> str:
        key, kwargs = message
        if key == "missing":
            return self.tr("No BERT model at {folder}. The shipped model is not installed (yet). Use “Open model "
                           "folder…” to load a BERT folder: config.json, vocab.txt or tokenizer.json, and "
                           "model.safetensors.").format(**kwargs)
        if key == "broken":
            return self.tr("The BERT model in {folder} cannot be loaded: {error}. Use “Open model folder…” to "
                           "choose another.").format(**kwargs)
        if key == "loading":
            return self.tr("Loading the model from {folder}…").format(**kwargs)
        if key == "failed":
            return self.tr("Something went wrong: {error}").format(**kwargs)
        if key == "input":
            return self._input_text(kwargs["reason"], kwargs)
        if key == "notes":
            return " ".join(self._note_text(n, v) for n, v in kwargs["notes"])
        return ""

    def _show_messages(self) -> None:
        parts = []
        if self._model_message:
            parts.append(self._message_text(self._model_message))
        tab_message = self._messages.get(self.current_tab())
        if tab_message:
            parts.append(self._message_text(tab_message))
        text = " ".join(p for p in parts if p)
        loading = bool(self._model_message) and self._model_message[0] == "loading"
        self.message_label.setStyleSheet("#inputError { color: %s; font-weight: bold; }"
                                         % ("#555" if loading else "#b00020"))
        shown_before = self.message_label.text()
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        if text or shown_before:
            self.status_message.emit(text)  # an empty one clears the status bar's copy of the old message

    def message_text(self) -> str:
        return self.message_label.text() if self.message_label.isVisible() else ""

    # export ---------------------------------------------------------------------------------------------
    def _on_view_export_requested(self, key: str, fmt: str) -> None:
        controller = getattr(self.window(), "export_controller", None)
        if controller is not None:
            controller.export_interactive(self.export_target(key) if self._states.get(key) is not None else None,
                                          fmt)

    def _meta(self, view: str, **extra) -> dict:
        return {"lab": LAB_KEY, "view": view, "model": self._info.name if self._info else "",
                "model_folder": self._info.folder if self._info else "", **extra}

    def _masked_export_data(self) -> ExportData:
        s = self._states["masked"]
        m, k = s.top_probs.shape
        return ExportData(name="bert_masked_predictions", columns={
            "mask": np.repeat(np.arange(1, m + 1), k), "position": np.repeat(s.mask_positions, k),
            "rank": np.tile(np.arange(1, k + 1), m), "token": np.array([t for row in s.top_tokens for t in row]),
            "probability": s.top_probs.reshape(-1)}, meta=self._meta("masked", input=s.text, tokens=list(s.tokens)))

    def _masking_export_data(self) -> ExportData:
        s = self._states["masking"]
        return ExportData(name=f"bert_masking_seed{s.seed}", columns={
            "position": s.positions, "original": np.array([s.original[int(p)] for p in s.positions]),
            "action": np.array(s.actions), "model_sees": np.array([s.shown[int(p)] for p in s.positions]),
            "prediction": np.array(s.predicted), "probability": s.predicted_probs, "correct": s.correct},
            meta=self._meta("masking", input=s.text, seed=s.seed, rule="15% chosen; 80% [MASK], 10% random, 10% kept",
                            shown_tokens=list(s.shown)))

    def _nsp_export_data(self) -> ExportData:
        s = self._states["nsp"]
        return ExportData(name="bert_nsp", columns={"token": np.array(s.tokens), "segment": s.segments},
                          meta=self._meta("nsp", a=s.a, b=s.b, is_next_probability=s.is_next,
                                          logits_isnext_notnext=s.logits))

    def _embeddings_export_data(self) -> ExportData:
        s = self._states["embeddings"]
        return ExportData(name="bert_input_embedding", matrix=s.embedding_sum, row_labels=list(s.tokens),
                          col_labels=[str(d) for d in range(s.embedding_sum.shape[1])],
                          meta=self._meta("embeddings", input=s.text, segments=s.segments,
                                          formula="token + segment + position (before LayerNorm)"))

    def _attention_export_data(self) -> ExportData:
        s = self._states["attention"]
        rollout = self.rollout_check.isChecked()
        name = "bert_attention_rollout" if rollout else f"bert_attention_L{self._layer + 1}_H{self._head + 1}"
        return ExportData(name=name, matrix=self._large_matrix(), row_labels=list(s.tokens),
                          col_labels=list(s.tokens), meta=self._meta(
                              "rollout" if rollout else "attention", input=s.text, input_b=s.text_b,
                              layer=None if rollout else self._layer + 1, head=None if rollout else self._head + 1,
                              formula="rollout = prod_l (0.5 mean_h A_l + 0.5 I)" if rollout
                              else "softmax(QK^T/sqrt(d_k))"))

    def _padding_export_data(self) -> ExportData:
        s = self._states["padding"]
        b = max(0, self.pad_sentence_combo.currentIndex())
        layer, head = self.pad_layer_spin.value() - 1, self.pad_head_spin.value() - 1
        return ExportData(name=f"bert_padding_s{b + 1}_L{layer + 1}_H{head + 1}", matrix=s.attentions[layer, b, head],
                          row_labels=list(s.tokens[b]), col_labels=list(s.tokens[b]), meta=self._meta(
                              "padding", sentences=list(s.sentences), sentence=b + 1, layer=layer + 1, head=head + 1,
                              attention_mask=s.attention_mask, padded_key_max=s.padded_key_max()))

    # texts ----------------------------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _clear_views(self) -> None:
        self.masked_strip.set_tokens(())
        self.mask_predictions.set_predictions([], [], [])
        self.masking_strip.set_tokens(())
        self.masking_table.setRowCount(0)
        self.nsp_strip.set_tokens(())
        self.nsp_bar.setValue(0)
        self._update_masking_texts()
        self._update_nsp_texts()
        self._update_padding_texts()
        self._update_timing()

    def _update_formula(self) -> None:
        kind = self.current_tab()
        general, note = {
            "masked": ("P(w | context) = softmax(W · h_[MASK] + b)_w", self.tr(
                "The last layer's vector at each [MASK] goes through the MLM head; the bars are the softmax over the "
                "whole vocabulary.")),
            "masking": (self.tr("15% chosen  →  80% [MASK] · 10% random · 10% kept"), self.tr(
                "The loss counts only the chosen tokens. Random and kept tokens make the model predict at every "
                "position, since it cannot know which ones were changed.")),
            "nsp": ("P(IsNext) = softmax(W_s · tanh(W_p · h_[CLS]))_0", self.tr(
                "Half of BERT's training pairs were real next sentences, half random ones.")),
            "embeddings": ("x_0 = LayerNorm(E_token[w] + E_segment[s] + E_position[i])", self.tr(
                "Hover a cell to see the three numbers that add up to it.")),
            "attention": ("Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V", self.tr(
                "Every token attends to every token, both directions (no causal mask). Rollout multiplies "
                "(0.5·mean over heads + 0.5·I) over the layers.")),
            "padding": ("score(q, k_[PAD]) = −∞  →  exp(−∞) = 0", self.tr(
                "The attention mask sets the scores of [PAD] keys to the most negative number before the softmax, "
                "so they get weight exactly 0 and the real tokens' results do not depend on the padding.")),
        }[kind]
        self.formula_panel.set_lines(general, "", note)

    def _weight_tooltip(self, row: str, col: str, value: float) -> str:
        return self.tr("{row} → {col}: weight {value}").format(row=row, col=col, value=f"{value:.4f}")

    def _retranslate_views(self, kind: str) -> None:
        """The texts of a lazily built page (retranslate() calls this for the pages built so far)."""
        if kind == "embeddings":
            self.embeddings_title.setText(self.tr("Input embedding = token + segment + position, one row per token, "
                                                  "one column per dimension"))
            self.embeddings_view.set_titles((self.tr("token"), self.tr("segment"), self.tr("position"),
                                             self.tr("sum (input)"), self.tr("after LayerNorm")))
            self.embeddings_view.setToolTip(self.tr("The first three share one colour scale with their sum"))
        elif kind == "attention":
            self._update_grid_headers()
            self.grid_title.setText(self.tr("Model view: rows are layers, columns are heads (click one)"))
            self.grid.setToolTip(self.tr("Rows: layers, columns: heads. Click one to see it large."))
            self.large_view.tooltip_formatter = self._weight_tooltip
            self._update_large_title()
        elif kind == "padding":
            self.pad_attention_view.tooltip_formatter = self._weight_tooltip
            self.padding_title.setText(self.tr("Padding: shorter sentences are filled with [PAD] up to the longest"))
            self.pad_attention_view.set_axis_titles(self.tr("query token"), self.tr("key token"))

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("BERT"))
        self.intro_label.setText(self.tr(
            "BERT reads the whole sentence at once, in both directions. It was trained to fill in hidden words "
            "(masked LM) and to tell whether sentence B follows sentence A (NSP). Ctrl+Return runs the current tab."))
        self.open_button.setText(self.tr("Open model folder…"))
        self.open_button.setToolTip(self.tr(
            "Load any local BERT folder (config.json, vocab.txt or tokenizer.json, model.safetensors), e.g. a "
            "bert-base checkpoint (Ctrl+O)"))
        for i, text in enumerate((self.tr("Masked words"), self.tr("Masking 15%"), self.tr("Next sentence"),
                                  self.tr("Embeddings"), self.tr("Attention"), self.tr("Padding"))):
            self.tabs.setTabText(i, text)
        self.tabs.setTabToolTip(0, self.tr("Predict the words hidden by [MASK]"))
        self.tabs.setTabToolTip(1, self.tr("BERT's training rule: 15% of tokens chosen, 80/10/10"))
        self.tabs.setTabToolTip(2, self.tr("Does sentence B follow sentence A?"))
        self.tabs.setTabToolTip(3, self.tr("Token + segment + position embeddings"))
        self.tabs.setTabToolTip(4, self.tr("Every layer and head, up to 512 tokens"))
        self.tabs.setTabToolTip(5, self.tr("A batch of sentences of different lengths"))
        run_tip = self.tr("Run (Enter in the box, or Ctrl+Return)")
        # masked
        self.masked_label.setText(self.tr("Sentence"))
        self.masked_combo.setToolTip(self.tr("Write [MASK] where a word should be predicted (several are allowed)"))
        self.predict_button.setText(self.tr("Predict"))
        self.predict_button.setToolTip(run_tip)
        self.add_mask_button.setText(self.tr("Insert [MASK]"))
        self.add_mask_button.setToolTip(self.tr("Insert [MASK] at the cursor (Ctrl+M)"))
        self.masked_strip_label.setText(self.tr("Tokens (click a word to mask it):"))
        self.masked_strip.setToolTip(self.tr("[CLS] starts every input, [SEP] ends it; [MASK] marks a hidden word"))
        self.predictions_title.setText(self.tr("Top {k} predictions for each [MASK] (click one to put it in)").format(
            k=TOP_K))
        state = self._states.get("masked")
        if state is not None:
            self.mask_predictions.set_titles(self._mask_titles(state)[:MAX_SHOWN_MASKS])
        # masking
        self.masking_label.setText(self.tr("Text"))
        self.seed_label.setText(self.tr("Seed"))
        self.seed_spin.setToolTip(self.tr("The same seed picks the same tokens: the demo is repeatable"))
        self.mask15_button.setText(self.tr("Mask 15%"))
        rule = self.tr("BERT's rule: choose 15% of the tokens; of those, 80% become [MASK], 10% a random token, "
                       "10% stay unchanged. The model must predict the original at every chosen position.")
        self.mask15_button.setToolTip(rule + " (Ctrl+Return)")
        self.new_seed_button.setText(self.tr("Next seed"))
        self.new_seed_button.setToolTip(self.tr("Seed + 1, and mask again"))
        self.legend_label.setText(" ".join(
            f"<span style='background-color: {ACTION_COLORS[a]};'>&nbsp;{self._action_name(a)}&nbsp;</span>"
            for a in ("mask", "random", "kept")) + "&nbsp;&nbsp;" + self.tr("(original under each chosen token)"))
        self.legend_label.setToolTip(rule)
        self.masking_title.setText(self.tr("What the model sees, and what it predicts"))
        self._update_masking_texts()
        # nsp
        self.nsp_a_label.setText(self.tr("Sentence A"))
        self.nsp_b_label.setText(self.tr("Sentence B"))
        self.nsp_examples.setItemText(0, self.tr("Examples…"))
        self.nsp_button.setText(self.tr("Check"))
        self.nsp_button.setToolTip(run_tip)
        self.nsp_title.setText(self.tr("Input: [CLS] A [SEP] B [SEP], segment id under each token"))
        self.nsp_strip.setToolTip(self.tr("Segment 0: [CLS], A and the first [SEP]. Segment 1: B and the last [SEP]."))
        self.nsp_bar.setToolTip(self.tr("P(IsNext) from the NSP head, read from [CLS]"))
        self._update_nsp_texts()
        # embeddings
        self.embeddings_label.setText(self.tr("Sentence"))
        self.embeddings_button.setText(self.tr("Show"))
        self.embeddings_button.setToolTip(run_tip)
        # attention
        self.attention_label.setText(self.tr("Sentence"))
        self.attention_combo.setToolTip(self.tr("Up to 512 tokens; longer text is cut"))
        self.attention_b_edit.setPlaceholderText(self.tr("Sentence B (optional)"))
        self.attention_b_edit.setToolTip(self.tr("With a sentence B the input is [CLS] A [SEP] B [SEP]"))
        self.attention_button.setText(self.tr("Show"))
        self.attention_button.setToolTip(run_tip)
        self.rollout_check.setText(self.tr("Rollout"))
        self.rollout_check.setToolTip(self.tr(
            "Attention rollout: the product over layers of (0.5·mean over heads + 0.5·I), rows renormalised; how "
            "much each position draws on each input token through the whole stack"))
        self.lines_check.setText(self.tr("Lines"))
        self.lines_check.setToolTip(self.tr("Draw the head as lines from each query (left) to the keys (right); up "
                                            "to {n} tokens").format(n=AttentionLines.MAX_TOKENS))
        self._update_timing()
        # padding
        self.padding_label.setText(self.tr("Sentences\n(one per line)"))
        self.padding_edit.setToolTip(self.tr("Up to {n} sentences of different lengths").format(n=MAX_BATCH))
        self.padding_button.setText(self.tr("Run batch"))
        self.padding_button.setToolTip(run_tip)
        self.pad_sentence_label.setText(self.tr("Sentence"))
        self.pad_layer_label.setText(self.tr("Layer"))
        self.pad_head_label.setText(self.tr("Head"))
        self.pad_mask_title.setText(self.tr("The batch, and under each sentence its attention mask: 1 = real token, "
                                            "0 = [PAD]. Click a sentence to show its attention."))
        for kind, page in self._lazy_pages.items():
            if page.built:
                self._retranslate_views(kind)
        self._update_padding_texts()
        self._update_model_label()
        self._update_formula()
        self._show_messages()
        if self.isVisible() and self._info is not None and not self.message_text():
            self.status_message.emit(self.model_label.text())  # the status bar's copy follows the language too

    # screenshots ----------------------------------------------------------------------------------------
    def prepare_screenshot(self) -> None:
        """Three masks on the masked-words tab: three boxes of predictions to look at."""
        if self._bundle is None:
            return
        self.set_tab("masked")
        state = self._states.get("masked")
        if state is None or state.text != SCREENSHOT_EXAMPLE:
            self.masked_combo.setEditText(SCREENSHOT_EXAMPLE)
            self.run("masked")
