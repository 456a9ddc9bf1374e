"""Attention tab: the model view (layers x heads, click one) and one head large, as a heatmap or as lines, or the
rollout over all layers; up to 512 tokens, one sentence or a pair."""
from __future__ import annotations

import time

import numpy as np

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from desktop_app.labs.bert.compute import attention_view, input_notes
from desktop_app.labs.bert.tab import BertTab, TypedText
from desktop_app.labs.bert.views import AttentionLines
from desktop_app.widgets.export import ExportData
from desktop_app.widgets.head_grid import HeadGrid
from desktop_app.widgets.heatmap import HeatmapView

ATTENTION_EXAMPLES = ("The animal didn't cross the street because it was too tired.",
                      "The cat sat on the mat.", "The capital of France is [MASK].")


class AttentionTab(BertTab):
    KEY = "attention"

    def __init__(self, host, add_view, parent=None):
        super().__init__(host, add_view, parent)
        self.layer, self.head = 0, 0  # the head shown large (0-based; clamped to the model when shown)
        self.last_gui_update_ms = 0.0
        words = self.words
        self.combo = words(self.example_box(ATTENTION_EXAMPLES, min_width=260),
                           tip=lambda: self.tr("Up to 512 tokens; longer text is cut"))
        self.typed_text = TypedText(self.combo.currentText, self.combo.setEditText, "bert/attention_text",
                                    ATTENTION_EXAMPLES[0])
        self.b_edit = words(self.line_box(), placeholder=lambda: self.tr("Sentence B (optional)"),
                            tip=lambda: self.tr("With a sentence B the input is [CLS] A [SEP] B [SEP]"))
        self.b_edit.setMaximumWidth(260)
        row = QHBoxLayout()
        row.addWidget(words(QLabel(), text=lambda: self.tr("Sentence")))
        row.addWidget(self.combo, 2)
        row.addWidget(self.b_edit, 1)
        row.addWidget(self.run_button(lambda: self.tr("Show"),
                                      lambda: self.tr("Run (Enter in the box, or Ctrl+Return)")))
        self.rollout_check = words(QCheckBox(), text=lambda: self.tr("Rollout"), tip=lambda: self.tr(
            "Attention rollout: the product over layers of (0.5·mean over heads + 0.5·I), rows renormalised; how "
            "much each position draws on each input token through the whole stack"))
        self.lines_check = words(QCheckBox(), text=lambda: self.tr("Lines"), tip=lambda: self.tr(
            "Draw the head as lines from each query (left) to the keys (right); up to {n} tokens").format(
            n=AttentionLines.MAX_TOKENS))
        self.timing_label = QLabel()
        self.timing_label.setStyleSheet("color: #555;")
        options = QHBoxLayout()
        options.addWidget(self.rollout_check)
        options.addWidget(self.lines_check)
        options.addStretch(1)
        options.addWidget(self.timing_label)
        self.rollout_check.toggled.connect(self._on_large_option_toggled)
        self.lines_check.toggled.connect(self._on_large_option_toggled)
        self.inputs.addLayout(row)
        self.inputs.addLayout(options)
        self.views.addWidget(self.lazy_views(self._build_views))
        host.model_changed.connect(self._on_model_changed)

    def _build_views(self) -> QWidget:
        words = self.words
        self.grid = words(HeadGrid(), tip=lambda: self.tr("Rows: layers, columns: heads. Click one to see it large."))
        self.grid.setMinimumSize(260, 150)
        # 'head 7' where it fits; the grid shows bare numbers where it does not (12 heads in a narrow grid)
        words.call(lambda: self.grid.set_header_formats(self.tr("layer {n}"), self.tr("head {n}")))
        self.grid.head_clicked.connect(self.select_head)
        grid_title = words(QLabel(), text=lambda: self.tr("Model view: rows are layers, columns are heads (click one)"))
        grid_title.setStyleSheet("font-weight: bold;")
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.setSpacing(2)
        grid_layout.addWidget(grid_title)
        grid_layout.addWidget(self.grid, 1)
        self.large_view = HeatmapView(colormap="viridis", max_display=1024)
        self.large_view.setMinimumSize(260, 190)
        self.large_view.set_matrix(np.zeros((0, 0)))  # empty until the first result: its text, no axes' numbers
        self.large_view.tooltip_formatter = self.weight_tooltip
        words.call(lambda: self.large_view.set_empty_text(self.tr(
            "Press Show: the chosen head's attention appears here.")))
        words.call(lambda: self.large_view.set_axis_titles(self.tr("query token"), self.tr("key token")))
        self.large_view.cell_hovered.connect(self._on_large_hovered)
        self.lines_view = AttentionLines()
        self.large_stack = QStackedWidget()
        self.large_stack.addWidget(self.large_view)
        self.large_stack.addWidget(self.lines_view)
        self.large_title, frame = self.add_view(self.KEY, self.large_stack, self._export_data,
                                                ready=lambda: self.state is not None)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(grid_box)
        split.addWidget(frame)
        split.setChildrenCollapsible(False)
        split.setSizes([560, 480])
        if self.host.info is not None:  # a model loaded before the views were built
            self.grid.set_shape(self.host.info.n_layers, self.host.info.n_heads)
        self._update_large_title()
        return split

    def compute_call(self) -> tuple:
        return attention_view, self.combo.currentText(), self.b_edit.text(), self.host.active_mask()

    def show_state(self, state) -> None:
        started = time.perf_counter()
        self.layer = min(self.layer, state.n_layers - 1)
        self.head = min(self.head, state.n_heads - 1)
        if self.views_ready():
            self.grid.set_matrices(state.attentions)
            mask = self.host.active_mask()  # heads the What if tab switched off: crossed out here too
            self.grid.set_off(mask["self"] if mask is not None else np.ones(state.attentions.shape[:2]))
            self.grid.select(self.layer, self.head)
            self._show_large()
        self.last_gui_update_ms = (time.perf_counter() - started) * 1000
        self._update_timing()

    def clear_views(self) -> None:
        self._update_timing()

    def notes(self, state) -> list[tuple[str, dict]]:
        return input_notes(state.tokens, state.text + state.text_b, self.cut_note(state))

    def _on_model_changed(self) -> None:
        info = self.host.info
        if self.views_built:  # else the views take the shape when they are built
            self.grid.set_shape(info.n_layers, info.n_heads)  # once per model, so the first paint is not slow

    # the head shown large ---------------------------------------------------------------------------------
    def select_head(self, layer: int, head: int) -> None:
        """Show head `head` of layer `layer` (0-based) large, not the rollout."""
        self.layer, self.head = layer, head
        if self.views_built:
            self.grid.select(layer, head)
        if self.rollout_check.isChecked():
            self.rollout_check.setChecked(False)  # a head was asked for: show it, not the rollout
        self._show_large()
        self.status_message.emit(self.tr("Layer {layer}, head {head}").format(layer=layer + 1, head=head + 1))

    def large_matrix(self):
        """(T, T): the rollout or the selected head; None before a result."""
        if self.state is None:
            return None
        if self.rollout_check.isChecked():
            return self.state.rollout
        return self.state.attentions[self.layer, self.head]

    def _show_large(self) -> None:
        if not self.views_ready():
            return
        matrix = self.large_matrix()
        if matrix is None:
            self._update_large_title()
            return
        tokens = list(self.state.tokens)
        fits = len(tokens) <= AttentionLines.MAX_TOKENS
        self.lines_check.setEnabled(fits)
        if self.lines_check.isChecked() and fits:
            self.lines_view.set_weights(matrix, tokens)
            self.large_stack.setCurrentWidget(self.lines_view)
        else:
            hi = float(matrix.max())
            self.large_view.set_matrix(matrix, tokens, tokens, levels=(0.0, hi if hi > 0 else 1.0))
            self.large_stack.setCurrentWidget(self.large_view)
        self._update_large_title()

    def _update_large_title(self) -> None:
        """The title of the head shown large (or the rollout's); the views are built."""
        if self.rollout_check.isChecked():
            title = self.tr("Attention rollout over {n} layers").format(n=self.state.n_layers if self.state else 0)
        else:
            title = self.tr("Layer {layer}, head {head}").format(layer=self.layer + 1, head=self.head + 1)
        self.large_title.setText(title)
        if self.state is not None:
            self.large_view.set_title(title)

    def _update_timing(self) -> None:
        if self.state is None:
            self.timing_label.setText("")
            return
        self.timing_label.setText(self.tr("{n} tokens: computed in {c} ms, drawn in {d} ms").format(
            n=len(self.state.tokens), c=f"{self.state.compute_ms:.0f}", d=f"{self.last_gui_update_ms:.0f}"))

    def _on_large_option_toggled(self, _on: bool) -> None:
        self._show_large()

    def _on_large_hovered(self, row: int, col: int, value: float) -> None:
        self.status_message.emit(self.weight_tooltip(self.large_view.row_label(row), self.large_view.col_label(col),
                                                     value))

    # texts, settings, lessons, export ---------------------------------------------------------------------
    def retranslate(self) -> None:
        self._update_timing()
        if self.views_built:
            self._update_large_title()
        super().retranslate()

    def formula(self) -> tuple[str, str]:
        return "Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V", self.tr(
            "Every token attends to every token, both directions (no causal mask). Rollout multiplies "
            "(0.5·mean over heads + 0.5·I) over the layers.")

    def load_settings(self, settings) -> None:
        super().load_settings(settings)
        self.b_edit.setText(settings.get_str("bert/attention_b", ""))

    def save_settings(self, settings) -> None:
        super().save_settings(settings)
        settings.set("bert/attention_b", self.b_edit.text()[:2000])

    def lesson_state(self) -> dict:
        settings = {"rollout": self.rollout_check.isChecked()}
        if self.b_edit.text():
            settings = {"sentence_b": self.b_edit.text(), **settings}
        return {**super().lesson_state(), "settings": settings,
                "highlight": {"layer": self.layer + 1, "head": self.head + 1}}

    def apply_lesson_state(self, state: dict) -> None:
        """settings: sentence_b, rollout; highlight: layer, head (1-based)."""
        super().apply_lesson_state(state)
        settings, highlight = state.get("settings") or {}, state.get("highlight") or {}
        if isinstance(settings.get("sentence_b"), str):
            self.b_edit.setText(settings["sentence_b"])
        layer, head = highlight.get("layer"), highlight.get("head")
        if isinstance(layer, int) and isinstance(head, int) and layer >= 1 and head >= 1:
            self.layer, self.head = layer - 1, head - 1  # clamped to the model when the attention is shown
        if isinstance(settings.get("rollout"), bool):
            self.rollout_check.setChecked(settings["rollout"])

    def _export_data(self) -> ExportData:
        s = self.state
        rollout = self.rollout_check.isChecked()
        name = "bert_attention_rollout" if rollout else f"bert_attention_L{self.layer + 1}_H{self.head + 1}"
        return ExportData(name=name, matrix=self.large_matrix(), row_labels=list(s.tokens), col_labels=list(s.tokens),
                          meta=self.host.export_meta(
                              "rollout" if rollout else "attention", input=s.text, input_b=s.text_b,
                              layer=None if rollout else self.layer + 1, head=None if rollout else self.head + 1,
                              formula="rollout = prod_l (0.5 mean_h A_l + 0.5 I)" if rollout
                              else "softmax(QK^T/sqrt(d_k))"))
