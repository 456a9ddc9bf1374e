"""Masked words tab: type [MASK] (or click a token to mask its word), read the top-k for each mask, click one to put
it in the sentence and predict the remaining masks again."""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.labs.bert.compute import (
    MASK, TOP_K, fill_mask_in_text, input_notes, mask_token_in_text, normalize_masks, predict, whole_word,
)
from desktop_app.labs.bert.tab import BertTab, TypedText, is_special
from desktop_app.labs.bert.views import ACTION_COLORS, MaskPredictions, TokenStrip
from desktop_app.widgets.export import ExportData

MASKED_EXAMPLES = ("The capital of France is [MASK].", "She poured a cup of [MASK] and sat down to read.",
                   "The [MASK] barked at the cat, and the children ran to the [MASK].",
                   "He went to the [MASK] to buy some bread.")
SCREENSHOT_EXAMPLE = "The [MASK] barked at the cat, the children ran to the [MASK], and she drank a cup of [MASK]."
MAX_SHOWN_MASKS = 12  # prediction boxes; more masks still get predicted, the note says how many are shown


class MaskedTab(BertTab):
    KEY = "masked"

    def __init__(self, host, add_view, parent=None):
        super().__init__(host, add_view, parent)
        words = self.words
        self.combo = words(self.example_box(MASKED_EXAMPLES, min_width=320), tip=lambda: self.tr(
            "Write [MASK] where a word should be predicted (several are allowed)"))
        self.typed_text = TypedText(self.combo.currentText, self.combo.setEditText, "bert/masked_text",
                                    MASKED_EXAMPLES[0])
        self.predict_button = self.run_button(lambda: self.tr("Predict"),
                                              lambda: self.tr("Run (Enter in the box, or Ctrl+Return)"))
        self.add_mask_button = self.button(self.insert_mask, lambda: self.tr("Insert [MASK]"),
                                           lambda: self.tr("Insert [MASK] at the cursor (Ctrl+M)"))
        row = QHBoxLayout()
        row.addWidget(words(QLabel(), text=lambda: self.tr("Sentence")))
        row.addWidget(self.combo, 1)
        row.addWidget(self.add_mask_button)
        row.addWidget(self.predict_button)
        strip_label = words(QLabel(), text=lambda: self.tr("Tokens (click a word to mask it):"))
        strip_label.setStyleSheet("color: #555;")
        self.strip = words(TokenStrip(), tip=lambda: self.tr(
            "[CLS] starts every input, [SEP] ends it; [MASK] marks a hidden word"))
        self.strip.token_clicked.connect(self.mask_token)
        self.strip.token_hovered.connect(self._on_token_hovered)
        self.predictions = MaskPredictions(TOP_K, columns=3)
        self.predictions.candidate_clicked.connect(self.choose_prediction)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.predictions)
        holder_layout.addStretch(1)
        scroll.setWidget(holder)
        self.predictions_title, frame = self.add_view(
            self.KEY, scroll, self._export_data, ready=lambda: self.state is not None, title=lambda: self.tr(
                "Top {k} predictions for each [MASK] (click one to put it in)").format(k=TOP_K))
        self.inputs.addLayout(row)
        self.views.addWidget(strip_label)
        self.views.addWidget(self.strip)
        self.views.addWidget(frame, 1)

    def compute_call(self) -> tuple:
        return predict, self.combo.currentText(), self.host.active_mask()

    def show_state(self, state) -> None:
        masks = set(int(p) for p in state.mask_positions)
        colors = [ACTION_COLORS["mask"] if i in masks else None for i in range(len(state.tokens))]
        self.strip.set_tokens(state.tokens, colors, clickable=True)
        shown = min(len(state.mask_positions), MAX_SHOWN_MASKS)
        self.predictions.set_predictions(self._mask_titles(state)[:shown], state.top_tokens[:shown],
                                         state.top_probs[:shown])
        typed = self.combo.currentText()
        if typed != state.text and normalize_masks(typed).strip() == state.text:
            self.combo.setEditText(state.text)  # '[mask]' shown as the model reads it: '[MASK]'

    def clear_views(self) -> None:
        self.strip.set_tokens(())
        self.predictions.set_predictions([], [], [])

    def notes(self, state) -> list[tuple[str, dict]]:
        notes = input_notes(state.tokens, state.text, self.cut_note(state))
        if len(state.mask_positions) > MAX_SHOWN_MASKS:
            notes.append(("masks_hidden", {"shown": MAX_SHOWN_MASKS, "n": len(state.mask_positions)}))
        return notes

    def _mask_titles(self, state) -> list[str]:
        return [self.tr("[MASK] {n} (token {pos})").format(n=m + 1, pos=int(p))
                for m, p in enumerate(state.mask_positions)]

    # what a user does -------------------------------------------------------------------------------------
    def mask_token(self, index: int) -> None:
        """Replace the word of token `index` by [MASK] in the sentence and predict again."""
        state = self.state
        if state is None or not 0 <= index < len(state.tokens):
            return
        tok = state.tokens[index]
        if is_special(tok) and tok != "[UNK]":
            self.status_message.emit(self.tr("{token} is a special token: click a word to mask it.").format(token=tok))
            return
        start, end = whole_word(state.tokens, index)
        span = (state.offsets[start][0], state.offsets[end][1])
        if span[1] <= span[0]:
            return
        self.combo.setEditText(mask_token_in_text(state.text, span))
        self.run()

    def choose_prediction(self, mask_index: int, row: int) -> None:
        """Put candidate `row` of mask `mask_index` into the sentence and predict the remaining masks again."""
        state = self.state
        if state is None or mask_index >= len(state.mask_positions) or row >= len(state.top_tokens[mask_index]):
            return
        token = state.top_tokens[mask_index][row]
        span = state.offsets[int(state.mask_positions[mask_index])]
        self.combo.setEditText(fill_mask_in_text(state.text, span, token))
        self.status_message.emit(self.tr("Put “{token}” in place of [MASK] {n}.").format(token=token,
                                                                                         n=mask_index + 1))
        self.run()

    def insert_mask(self) -> None:
        """[MASK] at the cursor, a space before it unless there is one (the button and Ctrl+M)."""
        edit = self.combo.lineEdit()
        at = edit.cursorPosition()
        edit.insert(("" if at == 0 or edit.text()[at - 1:].startswith(" ") else " ") + MASK)
        edit.setFocus()

    def show_example(self, text: str) -> None:
        """Predict `text` unless it is already what is shown (the README screenshot)."""
        if self.state is None or self.state.text != text:
            self.combo.setEditText(text)
            self.run()

    def tooltip_extra(self, index: int, token: str) -> str:
        return "" if is_special(token) else self.tr("Click to mask it.")

    # texts, export ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        if self.state is not None:
            self.predictions.set_titles(self._mask_titles(self.state)[:MAX_SHOWN_MASKS])
        super().retranslate()

    def formula(self) -> tuple[str, str]:
        return "P(w | context) = softmax(W · h_[MASK] + b)_w", self.tr(
            "The last layer's vector at each [MASK] goes through the MLM head; the bars are the softmax over the "
            "whole vocabulary.")

    def _export_data(self) -> ExportData:
        s = self.state
        m, k = s.top_probs.shape
        return ExportData(name="bert_masked_predictions", columns={
            "mask": np.repeat(np.arange(1, m + 1), k), "position": np.repeat(s.mask_positions, k),
            "rank": np.tile(np.arange(1, k + 1), m), "token": np.array([t for row in s.top_tokens for t in row]),
            "probability": s.top_probs.reshape(-1)}, meta=self.host.export_meta("masked", input=s.text,
                                                                               tokens=list(s.tokens)))
