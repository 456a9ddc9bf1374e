"""Padding tab: a batch of sentences of different lengths, filled with [PAD] up to the longest; under each its
attention mask; one sentence's attention, in which the padded keys get weight exactly 0."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QScrollArea, QSpinBox, \
    QVBoxLayout, QWidget

from desktop_app.labs.bert.compute import MAX_BATCH, MAX_PAD_TOKENS, input_notes, padding_view
from desktop_app.labs.bert.tab import BertTab, TypedText
from desktop_app.labs.bert.views import BatchTable
from desktop_app.widgets.export import ExportData
from desktop_app.widgets.heatmap import HeatmapView

PADDING_EXAMPLE = "The cat sat.\nThe dog ran across the big green park.\nHello!"


class PaddingTab(BertTab):
    KEY = "padding"

    def __init__(self, host, add_view, parent=None):
        super().__init__(host, add_view, parent)
        words = self.words
        self.edit = words(QPlainTextEdit(), tip=lambda: self.tr("Up to {n} sentences of different lengths").format(
            n=MAX_BATCH))
        self.edit.setMinimumHeight(48)
        self.edit.setMaximumHeight(72)
        self.typed_text = TypedText(self.edit.toPlainText, self.edit.setPlainText, "bert/padding_text", PADDING_EXAMPLE,
                                    saved_chars=4000)
        self.sentence_combo = QComboBox()
        self.sentence_combo.setMinimumWidth(220)
        self.layer_spin, self.head_spin = QSpinBox(), QSpinBox()
        for spin in (self.layer_spin, self.head_spin):
            spin.setRange(1, 1)
            spin.valueChanged.connect(self._on_choice_changed)
        self.sentence_combo.currentIndexChanged.connect(self._on_choice_changed)
        top = QHBoxLayout()
        top.addWidget(words(QLabel(), text=lambda: self.tr("Sentences\n(one per line)")))
        top.addWidget(self.edit, 1)
        top.addWidget(self.run_button(lambda: self.tr("Run batch"),
                                      lambda: self.tr("Run (Enter in the box, or Ctrl+Return)")), 0, Qt.AlignTop)
        self._choices = QHBoxLayout()
        for label, choice in ((words(QLabel(), text=lambda: self.tr("Sentence")), self.sentence_combo),
                              (words(QLabel(), text=lambda: self.tr("Layer")), self.layer_spin),
                              (words(QLabel(), text=lambda: self.tr("Head")), self.head_spin)):
            self._choices.addWidget(label)
            self._choices.addWidget(choice)
        self._choices.addStretch(1)
        self.batch_table = BatchTable()
        self.batch_table.sentence_clicked.connect(self.sentence_combo.setCurrentIndex)
        self.proof = QLabel()
        self.proof.setWordWrap(True)
        self.proof.setStyleSheet("font-weight: bold; color: #1b6e20;")
        self.mask_title = words(QLabel(), text=lambda: self.tr(
            "The batch, and under each sentence its attention mask: 1 = real token, 0 = [PAD]. Click a sentence to "
            "show its attention."))
        self.mask_title.setStyleSheet("color: #444;")
        self.mask_title.setWordWrap(True)
        self.inputs.addLayout(top)
        self.views.addWidget(self.lazy_views(self._build_views))

    def _build_views(self) -> QWidget:
        self.batch_scroll = batch_scroll = QScrollArea()
        batch_scroll.setWidget(self.batch_table)
        batch_scroll.setWidgetResizable(True)
        batch_scroll.setFrameShape(QFrame.NoFrame)
        batch_scroll.setMinimumHeight(72)  # a sentence and its mask at least; see _fit_batch
        batch_scroll.setMaximumHeight(200)
        self.attention_view = HeatmapView(colormap="viridis", max_display=512)
        self.attention_view.setMinimumHeight(92)
        self.attention_view.set_matrix(np.zeros((0, 0)))  # empty until the first batch: its text, no numbers
        self.attention_view.tooltip_formatter = self.weight_tooltip
        self.words.call(lambda: self.attention_view.set_empty_text(self.tr(
            "Press Run batch: one sentence's attention appears here.")))
        self.words.call(lambda: self.attention_view.set_axis_titles(self.tr("query token"), self.tr("key token")))
        self.attention_view.cell_hovered.connect(self._on_cell_hovered)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addWidget(self.mask_title)
        inner_layout.addWidget(batch_scroll, 1)
        inner_layout.addLayout(self._choices)
        inner_layout.addWidget(self.attention_view, 3)
        inner_layout.addWidget(self.proof)
        _title, frame = self.add_view(self.KEY, inner, self._export_data, ready=lambda: self.state is not None,
                                      title=lambda: self.tr("Padding: shorter sentences are filled with [PAD] up to "
                                                            "the longest"))
        return frame

    def compute_call(self) -> tuple:
        return padding_view, self.edit.toPlainText().splitlines()

    def show_state(self, state) -> None:
        self.views_ready()  # builds the views if the tab is shown (which shows the state, then again here)
        n_layers, batch, n_heads = state.attentions.shape[:3]
        self.layer_spin.setRange(1, n_layers)
        self.head_spin.setRange(1, n_heads)
        current = self.sentence_combo.currentIndex()
        first = self.sentence_combo.count() == 0
        self.sentence_combo.blockSignals(True)
        self.sentence_combo.clear()
        self.sentence_combo.addItems([f"{b + 1}: {s[:40]}" for b, s in enumerate(state.sentences)])
        shortest = int(np.argmin(state.attention_mask.sum(1)))  # the most padding: the clearest picture
        self.sentence_combo.setCurrentIndex(shortest if first or not 0 <= current < batch else current)
        self.sentence_combo.blockSignals(False)
        self._update_texts()

    def clear_views(self) -> None:
        self._update_texts()

    def notes(self, state) -> list[tuple[str, dict]]:
        cut = ("pad_cut", {"n": MAX_PAD_TOKENS}) if state.truncated or state.text_cut else None
        notes = input_notes([t for row in state.tokens for t in row], " ".join(state.sentences), cut)
        if state.dropped:
            notes.append(("dropped", {"n": MAX_BATCH}))
        return notes

    def tooltip_tokens(self) -> tuple[str, ...]:
        return ()  # the batch table has no token tooltips

    def chosen(self) -> tuple[int, int, int]:
        """(sentence, layer, head), 0-based, of the attention shown."""
        return max(0, self.sentence_combo.currentIndex()), self.layer_spin.value() - 1, self.head_spin.value() - 1

    def _show_attention(self) -> None:
        state = self.state
        if state is None:
            return
        b, layer, head = self.chosen()
        self.batch_table.set_batch(state.tokens, state.attention_mask, b, self.tr("mask"))
        if not self.views_built:
            return
        self._fit_batch()
        matrix = state.attentions[layer, b, head]
        tokens = list(state.tokens[b])
        hi = float(matrix.max())
        self.attention_view.set_max_cell_aspect(2.0)  # a dozen tokens: cells not stretched across the window
        # no title: the sentence, layer and head are chosen right above the map, which needs the height
        self.attention_view.set_matrix(matrix, tokens, tokens, levels=(0.0, hi if hi > 0 else 1.0))

    def _fit_batch(self) -> None:
        """At least one sentence and its mask show whole, and the next one's tokens (the page is short on a
        projector); the chosen sentence is scrolled into view."""
        scroll, table = self.batch_scroll, self.batch_table
        hint = table.sizeHint()
        row = hint.height() / max(1, 2 * table.n_rows)  # a sentence is two rows: its tokens, its mask
        bar = scroll.horizontalScrollBar().sizeHint().height() if hint.width() > scroll.viewport().width() else 0
        height = max(72, int(min(hint.height(), 3 * row + 6)) + bar + 2)
        if scroll.minimumHeight() != height:
            scroll.setMinimumHeight(height)
        b = self.chosen()[0]
        scroll.ensureVisible(0, int((2 * b + 1) * row), 0, int(row) + 4)

    def _update_texts(self) -> None:
        state = self.state
        if state is None:
            self.proof.setText("")
            return
        n_pad = int((state.attention_mask == 0).sum())
        self.proof.setText(self.tr(
            "{n} [PAD] positions in the batch. The largest weight any query gives a [PAD] key, over every layer, "
            "head and sentence: {value}. The padded columns are exactly 0.").format(
            n=n_pad, value=f"{state.padded_key_max():.3g}"))
        self._show_attention()

    def _on_choice_changed(self, _value: int) -> None:
        self._show_attention()

    def _on_cell_hovered(self, row: int, col: int, value: float) -> None:
        self.status_message.emit(self.weight_tooltip(self.attention_view.row_label(row),
                                                     self.attention_view.col_label(col), value))

    # texts, export ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        super().retranslate()
        self._update_texts()

    def formula(self) -> tuple[str, str]:
        return "score(q, k_[PAD]) = −∞  →  exp(−∞) = 0", self.tr(
            "The attention mask sets the scores of [PAD] keys to the most negative number before the softmax, "
            "so they get weight exactly 0 and the real tokens' results do not depend on the padding.")

    def _export_data(self) -> ExportData:
        s = self.state
        b, layer, head = self.chosen()
        return ExportData(name=f"bert_padding_s{b + 1}_L{layer + 1}_H{head + 1}", matrix=s.attentions[layer, b, head],
                          row_labels=list(s.tokens[b]), col_labels=list(s.tokens[b]), meta=self.host.export_meta(
                              "padding", sentences=list(s.sentences), sentence=b + 1, layer=layer + 1, head=head + 1,
                              attention_mask=s.attention_mask, padded_key_max=s.padded_key_max()))
