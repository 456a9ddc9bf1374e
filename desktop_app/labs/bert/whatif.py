"""What-if tab: switch BERT's heads off and see the prediction before and after; rank the heads by importance.

A sentence with [MASK] (masked words: the top-k at each mask before and after) or, with sentence B filled in, a
pair (P(IsNext) before and after). The head mask lives in the shared model host, so the other tabs (masked words,
next sentence, attention, embeddings) compute with the same heads off while any is off."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel

from desktop_app.labs.bert.compute_whatif import compare, importance
from desktop_app.labs.bert.tab import BertTab, TypedText
from desktop_app.widgets.whatif_panel import WhatIfPanel

WHATIF_EXAMPLES = ("The capital of France is [MASK].", "She poured a cup of [MASK] and sat down to read.",
                   "He went to the [MASK] to buy some bread.")


class WhatIfTab(BertTab):
    KEY = "whatif"
    mask_changed = Signal()  # the heads switched off changed (host.head_mask)

    def __init__(self, host, add_view, parent=None):
        super().__init__(host, add_view, parent)
        words = self.words
        self.combo = words(self.example_box(WHATIF_EXAMPLES, min_width=320),
                           tip=lambda: self.tr("Write [MASK] where a word should be predicted"))
        self.typed_text = TypedText(self.combo.currentText, self.combo.setEditText)  # the lesson's input; not kept
        self.b_edit = words(self.line_box(), tip=lambda: self.tr(
            "Fill in a second sentence to see P(IsNext) before and after instead"))
        row = QHBoxLayout()
        row.addWidget(words(QLabel(), text=lambda: self.tr("Sentence")))
        row.addWidget(self.combo, 2)
        row.addWidget(words(QLabel(), text=lambda: self.tr("Sentence B (optional)")))
        row.addWidget(self.b_edit, 1)
        row.addWidget(self.run_button(lambda: self.tr("Predict")))
        self.panel = WhatIfPanel(add_view, "bert_whatif", host.export_meta)
        self.panel.compare_call = self._compare_call
        self.panel.importance_call = self._importance_call
        self.panel.comparison_shown.connect(self._on_panel_comparison_shown)
        self.panel.failed.connect(self._on_compute_failed)
        self.panel.mask_changed.connect(self._on_panel_mask_changed)
        self._ran = False
        self.inputs.addLayout(row)
        self.views.addWidget(self.panel)

    # running: the panel runs the compare and importance tasks ---------------------------------------------------
    def _inputs(self) -> tuple[str, str | None]:
        b = self.b_edit.text()
        return self.combo.currentText(), (b if b.strip() else None)

    def _compare_call(self, mask):
        if self.host.bundle is None:
            return None
        return (compare, self.host.bundle, *self._inputs(), mask)

    def _importance_call(self):
        if self.host.bundle is None:
            return None
        return (importance, self.host.bundle, *self._inputs())

    def run(self) -> None:
        if self.host.bundle is None:
            self.pending = self.host.is_loading()
            return
        self._ran = True
        self.panel.refresh()

    def run_importance(self) -> None:
        self.panel.run_importance()

    def has_run(self) -> bool:
        return self._ran

    def is_busy(self) -> bool:
        return self.panel.is_busy()

    def reset(self) -> None:
        """A new model: its heads, all on (or the heads a lesson asked for while it loaded)."""
        self._ran, self.state, self.pending = False, None, False
        self.show_messages([])
        info = self.host.info
        self.host.head_mask = None
        self.panel.set_grid({"self": (info.n_layers, info.n_heads)} if info is not None else None)

    def _on_panel_comparison_shown(self) -> None:
        self.state = self.panel.comparison
        self.show_messages([])
        self.state_shown.emit()

    def _on_panel_mask_changed(self, mask) -> None:
        self.host.head_mask = mask
        self.mask_changed.emit()

    def show_state(self, state) -> None:
        self.panel._on_compare_done(state)

    # texts, lessons ---------------------------------------------------------------------------------------------
    def formula(self) -> tuple[str, str]:
        return "head_h = m_h · softmax(Q_h K_hᵀ / √d) V_h,  m_h ∈ {0, 1}", self.tr(
            "A head switched off adds zeros before W_o; its importance is how much the log-probability changes "
            "when it alone is off (negative: the head helped).")

    def lesson_state(self) -> dict:
        b = self._inputs()[1]
        return {**super().lesson_state(), "settings": {"sentence_b": b or "",
                                                       "importance": self.panel.importance is not None}}

    def apply_lesson_state(self, state: dict) -> None:
        super().apply_lesson_state(state)
        settings = state.get("settings") or {}
        if isinstance(settings.get("sentence_b"), str):
            self.b_edit.setText(settings["sentence_b"])
        if settings.get("importance") is True:
            self.run_importance()


__all__ = ["WhatIfTab"]
