"""The Seq2Seq lab's "What if it looked here?" panel: the next token's top-k with the model's own attention and with
the attention moved onto one source token, side by side; a slider for how much of the row moves; "Take this step".

It only shows a desktop_app.labs.seq2seq.compute_whatif.WhatIf; the step tab computes it and takes the step.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from desktop_app.kit.words import Worded
from desktop_app.labs.seq2seq.compute_whatif import WhatIf
from desktop_app.widgets.topk import TopKView

CHANGED = "#c62828"


class WhatIfPanel(Worded, QWidget):
    take_clicked = Signal()  # commit the overridden step
    mix_changed = Signal(float)  # share of the attention moved onto the chosen source token, 0..1

    def __init__(self, k: int = 5, parent=None):
        super().__init__(parent)
        self.result: Optional[WhatIf] = None
        self.hint = ""  # "" | "pick" | "plain" | "finished": what the panel says while it shows nothing
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.before_title, self.after_title = QLabel(), QLabel()
        self.before_view, self.after_view = TopKView(k), TopKView(k)
        for view in (self.before_view, self.after_view):
            for button in view.buttons:
                # a list to read, not to force from (the candidates view does that); the names keep their colour
                button.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        self.mix_label = QLabel()
        self.mix_slider = self.words(QSlider(Qt.Horizontal), tip=lambda: self.tr(
            "How much of the model's attention row moves onto the chosen source token (100%: all of it)."))
        self.mix_slider.setRange(0, 100)
        self.mix_slider.setValue(100)
        self.mix_slider.setFocusPolicy(Qt.NoFocus)  # the arrow keys stay the step bar's
        self.mix_slider.valueChanged.connect(self._on_mix_slider_changed)
        self.take_button = self.words(QPushButton(), text=lambda: self.tr("Take this step"), tip=lambda: self.tr(
            "Write the next token with this attention (its row is marked in the alignment); Back undoes it."))
        self.take_button.setFocusPolicy(Qt.NoFocus)  # Space steps, it never presses this button
        self.take_button.clicked.connect(self.take_clicked)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.before_title, 0, 0)
        grid.addWidget(self.after_title, 0, 1)
        grid.addWidget(self.before_view, 1, 0)
        grid.addWidget(self.after_view, 1, 1)
        mix_row = QHBoxLayout()
        mix_row.addWidget(self.mix_label)
        mix_row.addWidget(self.mix_slider, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.caption)
        layout.addLayout(grid)
        layout.addWidget(self.summary)
        layout.addLayout(mix_row)
        layout.addWidget(self.take_button)
        layout.addStretch(1)
        self.retranslate()

    @property
    def mix(self) -> float:
        return self.mix_slider.value() / 100.0

    def set_mix(self, mix: float) -> None:
        self.mix_slider.setValue(int(round(min(1.0, max(0.0, mix)) * 100)))

    def set_result(self, result: Optional[WhatIf], hint: str = "") -> None:
        self.result, self.hint = result, hint
        self._draw()

    def _draw(self) -> None:
        r = self.result
        self.take_button.setEnabled(r is not None)
        self.mix_slider.setEnabled(r is not None)
        if r is None:
            self.caption.setText({
                "pick": self.tr("Click a source token (a column of the alignment): what would the next step write "
                                "if all its attention went there?"),
                "plain": self.tr("The plain model has no attention to move."),
                "finished": self.tr("The translation has ended; go back a step to try another attention."),
            }.get(self.hint, ""))
            for view in (self.before_view, self.after_view):
                view.set_candidates([], [], None)
            for label in (self.before_title, self.after_title, self.summary):
                label.setText("")
            return
        share = f"{r.mix:.0%}"
        if r.mix >= 1.0:
            self.caption.setText(self.tr("Step {t} with all of its attention on “{source}” (source token {j})").format(
                t=r.step + 1, source=r.source_token, j=r.source + 1))
            self.after_title.setText(self.tr("All on “{source}”").format(source=r.source_token))
        else:
            self.caption.setText(self.tr("Step {t} with {share} of its attention moved onto “{source}” (source "
                                         "token {j})").format(t=r.step + 1, share=share, source=r.source_token,
                                                              j=r.source + 1))
            self.after_title.setText(self.tr("{share} on “{source}”").format(share=share, source=r.source_token))
        self.before_title.setText(self.tr("Model's attention"))
        self.before_view.set_candidates(r.before.top_tokens, r.before.top_probs, 0)  # row 0: the token it writes
        self.after_view.set_candidates(r.after.top_tokens, r.after.top_probs, 0)
        p_before, p_after = f"{r.prob(r.before.token_id, False):.3f}", f"{r.prob(r.after.token_id, True):.3f}"
        if r.changed:
            text = self.tr("The next token changes: “{before}” (p = {p}) → “{after}” (p = {q}).").format(
                before=r.before.token, p=p_before, after=r.after.token, q=p_after)
            self.summary.setText(f"<span style='color:{CHANGED}; font-weight:bold;'>{_esc(text)}</span>")
        else:
            self.summary.setText(_esc(self.tr("The next token stays “{token}”: p = {p} → {q}.").format(
                token=r.before.token, p=p_before, q=f"{r.prob(r.before.token_id, True):.3f}")))

    def _on_mix_slider_changed(self, value: int) -> None:
        self._show_mix()
        self.mix_changed.emit(value / 100.0)

    def _show_mix(self) -> None:
        self.mix_label.setText(self.tr("Share moved: {share}").format(share=f"{self.mix_slider.value()}%"))

    # texts -------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._show_mix()
        self._draw()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
