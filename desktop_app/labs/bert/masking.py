"""Masking 15% tab: BERT's training rule on the user's text, seeded: 15% of the tokens chosen, of those 80% become
[MASK], 10% a random token, 10% stay; what the model sees, the original under each chosen token, its top guess."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop_app.labs.bert.compute import input_notes, masking_demo
from desktop_app.labs.bert.tab import BertTab, TypedText, is_special
from desktop_app.labs.bert.views import ACTION_COLORS, TokenStrip
from desktop_app.widgets.export import ExportData

MASKING_EXAMPLE = "The quick brown fox jumps over the lazy dog while the farmer watches from the old barn."
SEED_MAX = 999_999
ACTIONS = ("mask", "random", "kept")


class MaskingTab(BertTab):
    KEY = "masking"

    def __init__(self, host, add_view, parent=None):
        super().__init__(host, add_view, parent)
        words = self.words
        self.edit = self.line_box()
        self.typed_text = TypedText(self.edit.text, self.edit.setText, "bert/masking_text", MASKING_EXAMPLE)
        self.seed_spin = words(QSpinBox(), tip=lambda: self.tr(
            "The same seed picks the same tokens: the demo is repeatable"))
        self.seed_spin.setRange(0, SEED_MAX)
        self.mask15_button = self.run_button(lambda: self.tr("Mask 15%"), lambda: self._rule() + " (Ctrl+Return)")
        self.new_seed_button = self.button(self._on_new_seed_clicked, lambda: self.tr("Next seed"),
                                           lambda: self.tr("Seed + 1, and mask again"))
        row = QHBoxLayout()
        row.addWidget(words(QLabel(), text=lambda: self.tr("Text")))
        row.addWidget(self.edit, 1)
        row.addWidget(words(QLabel(), text=lambda: self.tr("Seed")))
        for widget in (self.seed_spin, self.new_seed_button, self.mask15_button):
            row.addWidget(widget)
        legend = words(QLabel(), text=self._legend, tip=self._rule)
        legend.setTextFormat(Qt.RichText)
        self.strip = TokenStrip(max_height=170)
        self.strip.token_hovered.connect(self._on_token_hovered)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.table = QTableWidget(0, 7)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        words.call(lambda: self.table.setHorizontalHeaderLabels([
            self.tr("Position"), self.tr("Original"), self.tr("What happened"), self.tr("Model sees"),
            self.tr("Prediction"), self.tr("Probability"), self.tr("Correct")]))
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addWidget(legend)
        inner_layout.addWidget(self.strip)
        inner_layout.addWidget(self.summary)
        inner_layout.addWidget(self.table, 1)
        _title, frame = self.add_view(self.KEY, inner, self._export_data, ready=lambda: self.state is not None,
                                      title=lambda: self.tr("What the model sees, and what it predicts"))
        self.inputs.addLayout(row)
        self.views.addWidget(frame)

    def compute_call(self) -> tuple:
        return masking_demo, self.edit.text(), self.seed_spin.value()

    def show_state(self, state) -> None:
        chosen = {int(p): i for i, p in enumerate(state.positions)}
        colors = [ACTION_COLORS[state.actions[chosen[i]]] if i in chosen else None for i in range(len(state.shown))]
        below = [state.original[i] if i in chosen else "" for i in range(len(state.shown))]
        self.strip.set_tokens(state.shown, colors, below=below, clickable=False)
        self.table.setRowCount(len(state.positions))
        for r, pos in enumerate(state.positions):
            pos = int(pos)
            values = (str(pos), state.original[pos], self._action_name(state.actions[r]), state.shown[pos],
                      state.predicted[r], f"{state.predicted_probs[r] * 100:.1f}%",
                      "✓" if state.correct[r] else "✗")
            for c, text in enumerate(values):
                item = self.table.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(r, c, item)
                item.setText(text)
                if c == 2:
                    item.setBackground(QColor(ACTION_COLORS[state.actions[r]]))
                elif c == 6:
                    item.setBackground(QColor("#cdeccd" if state.correct[r] else "#f6d0d0"))
        self.table.resizeColumnsToContents()
        self._update_summary()

    def clear_views(self) -> None:
        self.strip.set_tokens(())
        self.table.setRowCount(0)
        self._update_summary()

    def notes(self, state) -> list[tuple[str, dict]]:
        return input_notes(state.original, state.text, self.cut_note(state))

    def _action_name(self, action: str) -> str:
        return {"mask": self.tr("[MASK] (80%)"), "random": self.tr("random token (10%)"),
                "kept": self.tr("kept (10%)")}[action]

    def _rule(self) -> str:
        return self.tr("BERT's rule: choose 15% of the tokens; of those, 80% become [MASK], 10% a random token, "
                       "10% stay unchanged. The model must predict the original at every chosen position.")

    def _legend(self) -> str:
        return " ".join(
            f"<span style='background-color: {ACTION_COLORS[a]};'>&nbsp;{self._action_name(a)}&nbsp;</span>"
            for a in ACTIONS) + "&nbsp;&nbsp;" + self.tr("(original under each chosen token)")

    def _update_summary(self) -> None:
        state = self.state
        if state is None:
            self.summary.setText("")
            return
        n_candidates = sum(1 for t in state.original if not is_special(t))
        counts = {a: state.actions.count(a) for a in ACTIONS}
        self.summary.setText(self.tr(
            "Seed {seed}: {m} of {n} tokens chosen (15%): {a} became [MASK], {b} a random token, {c} stayed. "
            "The model's top guess is the original at {k} of {m}.").format(
            seed=state.seed, m=len(state.positions), n=n_candidates, a=counts["mask"], b=counts["random"],
            c=counts["kept"], k=int(state.correct.sum())))

    def _on_new_seed_clicked(self) -> None:
        self.seed_spin.setValue((self.seed_spin.value() + 1) % (SEED_MAX + 1))
        self.run()

    def tooltip_tokens(self) -> tuple[str, ...]:
        return self.state.shown if self.state is not None else ()

    def tooltip_extra(self, index: int, token: str) -> str:
        hits = np.flatnonzero(self.state.positions == index)
        if not hits.size:
            return ""
        r = int(hits[0])
        return self.tr("Chosen: {action}; the original was “{orig}”, the model predicts “{pred}”.").format(
            action=self._action_name(self.state.actions[r]), orig=self.state.original[index],
            pred=self.state.predicted[r])

    # texts, settings, lessons, export ---------------------------------------------------------------------
    def retranslate(self) -> None:
        self._update_summary()
        super().retranslate()

    def formula(self) -> tuple[str, str]:
        return self.tr("15% chosen  →  80% [MASK] · 10% random · 10% kept"), self.tr(
            "The loss counts only the chosen tokens. Random and kept tokens make the model predict at every "
            "position, since it cannot know which ones were changed.")

    def load_settings(self, settings) -> None:
        super().load_settings(settings)
        self.seed_spin.setValue(settings.get_int("bert/seed", 0, 0, SEED_MAX))

    def save_settings(self, settings) -> None:
        super().save_settings(settings)
        settings.set("bert/seed", self.seed_spin.value())

    def lesson_state(self) -> dict:
        return {**super().lesson_state(), "settings": {"seed": self.seed_spin.value()}}

    def apply_lesson_state(self, state: dict) -> None:
        super().apply_lesson_state(state)
        seed = (state.get("settings") or {}).get("seed")
        if isinstance(seed, int):
            self.seed_spin.setValue(seed)

    def _export_data(self) -> ExportData:
        s = self.state
        return ExportData(name=f"bert_masking_seed{s.seed}", columns={
            "position": s.positions, "original": np.array([s.original[int(p)] for p in s.positions]),
            "action": np.array(s.actions), "model_sees": np.array([s.shown[int(p)] for p in s.positions]),
            "prediction": np.array(s.predicted), "probability": s.predicted_probs, "correct": s.correct},
            meta=self.host.export_meta("masking", input=s.text, seed=s.seed,
                                       rule="15% chosen; 80% [MASK], 10% random, 10% kept", shown_tokens=list(s.shown)))
