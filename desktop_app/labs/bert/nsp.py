"""Next sentence tab: [CLS] A [SEP] B [SEP] with the segment id under each token, and P(IsNext) from the NSP head."""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop_app.labs.bert.compute import input_notes, nsp
from desktop_app.labs.bert.tab import BertTab, is_special
from desktop_app.labs.bert.views import SEGMENT_COLORS, TokenStrip
from desktop_app.widgets.export import ExportData

NSP_EXAMPLES = (("He went to the store.", "He bought a gallon of milk."),
                ("He went to the store.", "Penguins are flightless birds."),
                ("The rain did not stop all day.", "The river rose above its banks by evening."),
                ("The rain did not stop all day.", "She plays the violin in an orchestra."))


class NspTab(BertTab):
    KEY = "nsp"

    def __init__(self, host, add_view, parent=None):
        super().__init__(host, add_view, parent)
        words = self.words
        self.a_edit, self.b_edit = self.line_box(), self.line_box()
        self.examples = QComboBox()
        self.examples.addItem("")
        words.call(lambda: self.examples.setItemText(0, self.tr("Examples…")))
        for a, b in NSP_EXAMPLES:
            self.examples.addItem(f"{a} / {b}", (a, b))
        self.examples.activated.connect(self._on_example_chosen)
        for label, edit in ((words(QLabel(), text=lambda: self.tr("Sentence A")), self.a_edit),
                            (words(QLabel(), text=lambda: self.tr("Sentence B")), self.b_edit)):
            line = QHBoxLayout()
            label.setMinimumWidth(90)
            line.addWidget(label)
            line.addWidget(edit, 1)
            self.inputs.addLayout(line)
        line = QHBoxLayout()
        line.addWidget(self.examples, 1)
        line.addWidget(self.run_button(lambda: self.tr("Check"),
                                       lambda: self.tr("Run (Enter in the box, or Ctrl+Return)")))
        self.inputs.addLayout(line)
        self.strip = TokenStrip(max_height=150)  # a long pair scrolls
        words(self.strip, tip=lambda: self.tr(
            "Segment 0: [CLS], A and the first [SEP]. Segment 1: B and the last [SEP]."))
        self.strip.token_hovered.connect(self._on_token_hovered)
        self.bar = words(QProgressBar(), tip=lambda: self.tr("P(IsNext) from the NSP head, read from [CLS]"))
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMinimumHeight(26)
        self.result = QLabel()
        self.result.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.result.setWordWrap(True)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addWidget(self.strip)
        inner_layout.addSpacing(8)
        inner_layout.addWidget(self.result)
        inner_layout.addWidget(self.bar)
        inner_layout.addStretch(1)
        _title, frame = self.add_view(self.KEY, inner, self._export_data, ready=lambda: self.state is not None,
                                      title=lambda: self.tr("Input: [CLS] A [SEP] B [SEP], segment id under each "
                                                            "token"))
        self.views.addWidget(frame)

    def compute_call(self) -> tuple:
        return nsp, self.a_edit.text(), self.b_edit.text(), self.host.active_mask()

    def show_state(self, state) -> None:
        colors = [SEGMENT_COLORS[int(s)] if not is_special(t) else None for t, s in zip(state.tokens, state.segments)]
        self.strip.set_tokens(state.tokens, colors, below=[str(int(s)) for s in state.segments], clickable=False)
        self.bar.setValue(int(round(state.is_next * 1000)))
        self._update_result()

    def clear_views(self) -> None:
        self.strip.set_tokens(())
        self.bar.setValue(0)
        self._update_result()

    def notes(self, state) -> list[tuple[str, dict]]:
        return input_notes(state.tokens, state.a + state.b, self.cut_note(state))

    def _update_result(self) -> None:
        if self.state is None:
            self.result.setText("")
            return
        verdict = self.tr("B follows A") if self.state.is_next >= 0.5 else self.tr("B does not follow A")
        self.result.setText(self.tr("P(IsNext) = {p}: the model says {verdict}.").format(
            p=f"{self.state.is_next * 100:.1f}%", verdict=verdict))

    def _on_example_chosen(self, index: int) -> None:
        pair = self.examples.itemData(index)
        if pair:
            self.a_edit.setText(pair[0])
            self.b_edit.setText(pair[1])
            self.run()

    def tooltip_extra(self, index: int, token: str) -> str:
        return self.tr("Segment {s}: [CLS], sentence A and its [SEP] are segment 0; sentence B and its [SEP] are "
                       "segment 1.").format(s=int(self.state.segments[index]))

    # texts, settings, lessons, export ---------------------------------------------------------------------
    def retranslate(self) -> None:
        self._update_result()
        super().retranslate()

    def formula(self) -> tuple[str, str]:
        return "P(IsNext) = softmax(W_s · tanh(W_p · h_[CLS]))_0", self.tr(
            "Half of BERT's training pairs were real next sentences, half random ones.")

    def load_settings(self, settings) -> None:
        self.a_edit.setText(settings.get_str("bert/nsp_a", NSP_EXAMPLES[0][0]) or NSP_EXAMPLES[0][0])
        self.b_edit.setText(settings.get_str("bert/nsp_b", NSP_EXAMPLES[0][1]) or NSP_EXAMPLES[0][1])

    def save_settings(self, settings) -> None:
        settings.set("bert/nsp_a", self.a_edit.text()[:2000])
        settings.set("bert/nsp_b", self.b_edit.text()[:2000])

    def lesson_state(self) -> dict:
        return {"settings": {"sentence_a": self.a_edit.text(), "sentence_b": self.b_edit.text()}}

    def apply_lesson_state(self, state: dict) -> None:
        settings = state.get("settings") or {}
        for key, edit in (("sentence_a", self.a_edit), ("sentence_b", self.b_edit)):
            if isinstance(settings.get(key), str):
                edit.setText(settings[key])

    def _export_data(self) -> ExportData:
        s = self.state
        return ExportData(name="bert_nsp", columns={"token": np.array(s.tokens), "segment": s.segments},
                          meta=self.host.export_meta("nsp", a=s.a, b=s.b, is_next_probability=s.is_next,
                                                     logits_isnext_notnext=s.logits))
