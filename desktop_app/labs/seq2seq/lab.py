"""Seq2Seq & Attention lab: a GRU encoder-decoder translating English to Spanish, one decoder step at a time.

    encoder:   h_j = GRU(x_j, h_{j-1})                  decoder: s_t = GRU(y_{t-1}, s_{t-1}),  s_0 = h_S
    attention: e_tj = score(s_t, h_j),  a_t = softmax(e_t),  c_t = Σ_j a_tj h_j
    output:    p(y_t) = softmax(W_o tanh(W_c [c_t; s_t]))          (plain: no attention, c = h_S only)

Controls: sentence (with examples), model (plain / dot / general / additive), the StepBar (Step / Back / Play /
Reset / To the end and their keys), play speed. Tabs: the alignment heatmap growing one row per step with the
context vector of the newest row, the top-k next tokens (click one to force it) and "What if it looked here?" (click
a source token: the next step with its attention moved there, before and after; take it) (step_tab.py); the beam-search
tree (beam_tab.py); BLEU by source length and the sentence through every model (bottleneck_tab.py). The translation
lives in the shared session (desktop_app/sessions/seq2seq.py), which the GRU Gates lab steps too.
"""
from __future__ import annotations

import time
from typing import Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget

from desktop_app.kit.frame import WARNING, Msg
from desktop_app.labs.seq2seq.beam_tab import BeamTab
from desktop_app.labs.seq2seq.bottleneck_tab import BottleneckTab
from desktop_app.labs.seq2seq.compute import formula_lines, output_html
from desktop_app.labs.seq2seq.step_tab import StepTab
from desktop_app.sessions.seq2seq import EXAMPLES
from desktop_app.sessions.seq2seq_compute import MAX_CHARS, TranslationState
from desktop_app.sessions.seq2seq_frame import TranslationFrame
from desktop_app.widgets.formula import FormulaPanel
from desktop_app.widgets.size_guard import SizeGuard

__all__ = ["EXAMPLES", "Seq2SeqLab"]  # EXAMPLES: bench/seq2seq_step.py reads them here

LAB_KEY = "seq2seq"
LESSON_TABS = ("step", "beam", "bottleneck")


class Seq2SeqLab(TranslationFrame):
    MESSAGES = {
        "cut": Msg(QT_TRANSLATE_NOOP("Seq2SeqLab", "The text was cut to its first {n} characters."), WARNING),
        "truncated": Msg(QT_TRANSLATE_NOOP("Seq2SeqLab", "The sentence has {n} tokens; the model reads at most "
                                                         "{limit}, so only the first {limit} are translated."),
                         WARNING),
        "unknown": Msg(QT_TRANSLATE_NOOP("Seq2SeqLab", "{n} word(s) are unknown to the model (letters it never "
                                                       "saw, such as Hangul or emoji) and are read as <unk>."),
                       WARNING),
        "notes": Msg("{notes}", WARNING),  # the notes above that hold, each translated, on one line
    }

    def __init__(self, settings, parent=None):
        # the shared sentence / model row, the StepBar and the session come from TranslationFrame
        super().__init__(settings, parent, end_tooltip=lambda: self.tr("Decode greedily until </s>"),
                         title=lambda: self.tr("Seq2Seq & Attention"),
                         intro=lambda: self.tr(
                             "A GRU encoder reads the English sentence; a GRU decoder writes Spanish one token at a "
                             "time. With attention, each step scores every source token, turns the scores into "
                             "weights (softmax) and reads a context vector from them."))
        self._forcing = False  # a candidate was clicked: say so when its step is drawn
        self._last_drawn: Optional[TranslationState] = None  # the state drawn before this one (for the status line)
        self.last_gui_update_ms = 0.0
        self.output_label = QLabel()
        self.output_label.setTextFormat(Qt.RichText)
        self.output_label.setWordWrap(True)
        self.output_label.setStyleSheet("font-size: 12pt;")

        # tabs: one widget each, connected as it is made ---------------------------------------------------
        self.step_tab = StepTab(self.add_view, self._meta, stepper=lambda: self.session.stepper)
        self.step_tab.candidate_clicked.connect(self._on_candidate_clicked)
        self.step_tab.attend_requested.connect(self.session.attend)
        self.step_tab.hover_changed.connect(self._update_formula)
        self.step_tab.view_used.connect(self._on_view_used)
        self.step_tab.status_message.connect(self.status_message)
        self.whatif_panel = self.step_tab.whatif_panel
        self.beam_tab = BeamTab(self.session)
        self.beam_tab.width_spin.setValue(settings.get_int("seq2seq/beam_width", 4, 1, 10))
        self.bottleneck_tab = BottleneckTab(self.session, self.add_view, self.controls.sentence_text, self._meta)
        self.bottleneck_tab.status_message.connect(self.status_message)
        self.alignment_view, self.context_view = self.step_tab.alignment_view, self.step_tab.context_view
        self.topk_view, self.highlight = self.step_tab.topk_view, self.step_tab.highlight
        self.alignment_stack, self.plain_label = self.step_tab.alignment_stack, self.step_tab.plain_label
        self.beam_view, self.beam_button = self.beam_tab.tree_view, self.beam_tab.run_button
        self.beam_width_spin, self.beam_result_label = self.beam_tab.width_spin, self.beam_tab.result_label
        self.bleu_chart, self.bleu_missing_label = self.bottleneck_tab.bleu_chart, self.bottleneck_tab.missing_label
        self.compare_button, self.compare_table = self.bottleneck_tab.compare_button, self.bottleneck_tab.compare_table
        self.tabs = QTabWidget()
        for tab, title in ((self.step_tab, lambda: self.tr("Step by step")),
                           (self.beam_tab, lambda: self.tr("Beam search")),
                           (self.bottleneck_tab, lambda: self.tr("Bottleneck"))):
            index = self.tabs.addTab(tab, "")
            self.words.call(lambda index=index, title=title: self.tabs.setTabText(index, title()))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.current_view_key = "alignment"
        self.formula_panel = FormulaPanel()

        step_row = QHBoxLayout()
        step_row.addWidget(self.step_bar)
        step_row.addStretch(1)
        self.body.addWidget(self.controls)
        self.body.addLayout(step_row)
        self.body.addWidget(self.controls.messages)
        self.body.addWidget(self.messages)
        self.body.addWidget(SizeGuard(self.output_label))  # texts that change every step: see SizeGuard
        self.body.addWidget(self.tabs, 1)
        self.body.addWidget(SizeGuard(self.formula_panel))

        # after the tabs': the session's news reaches them first
        self.session.trace_changed.connect(self._refresh_notes)
        self.session.loading_changed.connect(self._refresh_notes)
        self.start()

    # the Lab protocol ----------------------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return super().is_busy() or self.beam_tab.is_busy() or self.bottleneck_tab.is_busy()

    def save_settings(self) -> None:
        super().save_settings()
        self._settings.set("seq2seq/beam_width", self.beam_width_spin.value())
        if self.session.model_name:
            self._settings.set("seq2seq/model", self.session.model_name)
        self._settings.set("seq2seq/sentence", self.session.sentence[:500])

    # lessons (protocol: desktop_app/kit/protocol.py) ---------------------------------------------------------
    def lesson_state(self) -> dict:
        s, hover = self.session, self.step_tab.hover
        highlight = {"row": hover[0] + 1, "col": hover[1] + 1} if hover else {}
        settings = {"tab": LESSON_TABS[self.tabs.currentIndex()]}
        if self.step_tab.attend_source is not None:  # the what-if shown for the next step
            settings["attend"] = self.step_tab.attend_source + 1
            if self.whatif_panel.mix < 1.0:
                settings["attend_mix"] = round(self.whatif_panel.mix * 100)
        return {"input": s.sentence, "model": s.model_name, "step": len(s.steps), "highlight": highlight,
                "settings": settings}

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: tab = "step" | "beam" | "bottleneck", beam_width = 1..10 (runs beam search on the beam tab),
        compare = true (translates with every model), attend = a source token (1-based, as highlight's col): the
        what-if of the next step with all its attention there (attend_mix = 0..100: the share moved, default 100);
        highlight: row, col = a cell of the alignment (1-based)."""
        settings = state.get("settings") or {}
        if settings.get("tab") in LESSON_TABS:
            self.tabs.setCurrentIndex(LESSON_TABS.index(settings["tab"]))
        if isinstance(settings.get("beam_width"), int):
            self.beam_width_spin.setValue(settings["beam_width"])  # before the step: its beam search uses it
        return self.go_to_lesson_state(state, then=lambda: self._apply_lesson_view(state))

    def _apply_lesson_view(self, state: dict) -> None:
        """Once the lesson's step is drawn: its beam search or comparison, and its cell of the alignment."""
        settings, highlight = state.get("settings") or {}, state.get("highlight") or {}
        if settings.get("tab") == "beam" and "beam_width" in settings:
            self.beam_tab.run()
        if settings.get("compare"):
            self.bottleneck_tab.compare()
        attend = settings.get("attend")
        if isinstance(settings.get("attend_mix"), (int, float)) and not isinstance(settings["attend_mix"], bool):
            self.whatif_panel.set_mix(settings["attend_mix"] / 100)
        elif isinstance(attend, int):
            self.whatif_panel.set_mix(1.0)
        self.step_tab.choose_source(attend - 1 if isinstance(attend, int) and not isinstance(attend, bool) else None)
        row, col = highlight.get("row"), highlight.get("col")
        if isinstance(row, int) and isinstance(col, int):
            self.step_tab.mark_cell(row - 1, col - 1)
        else:
            self.step_tab.hover = None
        self._update_formula()

    def prepare_screenshot(self) -> None:
        """The lecture's sentence, translated to the end, as after pressing Space until </s>."""
        self.go_to_example_end()

    # drawing -------------------------------------------------------------------------------------------------
    def show_state(self, state: Optional[TranslationState]) -> None:
        started = time.perf_counter()
        previous, self._last_drawn = self._last_drawn, state
        self.step_tab.show_state(state)
        self._update_output()
        self._update_formula()
        if state is not None and state.steps:
            self._say_step(state.steps[-1], previous)
        self._forcing = False
        self.last_gui_update_ms = (time.perf_counter() - started) * 1000

    def _say_step(self, step, previous: Optional[TranslationState]) -> None:
        """The status line after one step forward, or after a candidate was forced."""
        if self._forcing and step.forced:
            self.status_message.emit(self.tr("Forced “{token}” at step {t}; decoding continues from it.").format(
                token=step.token, t=step.index + 1))
        elif previous is not None and previous.encoder is self.drawn_state.encoder \
                and step.index == previous.n_steps:
            self.status_message.emit(self.tr("Step {t}: “{token}” (p = {p})").format(
                t=step.index + 1, token=step.token, p=f"{step.token_prob:.3f}"))

    def _update_output(self) -> None:
        st = self.drawn_state
        if st is None:
            self.output_label.setText("")
            return
        status = self.tr("finished") if st.finished else self.tr("step {t}").format(t=st.n_steps)
        self.output_label.setText(output_html(st, status))

    def _update_formula(self) -> None:
        model = self.session.model
        lines = formula_lines(self.drawn_state, self.step_tab.hover, model.attention if model else "additive")
        notes = {
            "start": self.tr("The encoder has read {n} source tokens. Press Space for the first decoder step."),
            "row_sum": self.tr("Row {t} sums to {total}."),
            "plain": self.tr("Without attention every step reads the same fixed summary of the source."),
            "looked": self.tr("Step {t}: the decoder looked mostly at “{source}” ({weight}) and wrote “{token}”."),
        }
        note = notes[lines.note].format(**lines.fields) if lines.note else ""
        self.formula_panel.set_lines(lines.general, lines.substituted, note)

    def _refresh_notes(self, *_args) -> None:
        """The lab's own notes on the sentence (cut, too long, unknown words), when the session has no message."""
        s = self.session
        if s.stepper is None or s.message() is not None:
            self.show_message(None)
            return
        enc, notes = s.stepper.encoder, []
        if s.sentence_cut:
            notes.append(self.messages.text_of("cut", {"n": MAX_CHARS}))
        if enc.truncated:
            notes.append(self.messages.text_of("truncated", {"n": enc.original_length, "limit": len(enc.tokens)}))
        unknown = sum(1 for t in enc.tokens if t == "<unk>")
        if unknown:
            notes.append(self.messages.text_of("unknown", {"n": unknown}))
        self.show_message("notes" if notes else None, notes=" ".join(notes))

    # slots ---------------------------------------------------------------------------------------------------
    def _on_candidate_clicked(self, token_id: int) -> None:
        self._forcing = True
        self.session.force(token_id)

    def _on_view_used(self, key: str) -> None:
        self.current_view_key = key

    def _on_tab_changed(self, index: int) -> None:
        self.current_view_key = ("alignment", "alignment", "bleu")[index]
        if index == 2:
            self.bottleneck_tab.refresh_bleu()

    def _meta(self, view: str) -> dict:
        s = self.session
        return {"lab": LAB_KEY, "view": view, "model": s.model_name, "sentence": s.sentence, "steps": len(s.steps)}

    # texts ---------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._update_output()
        self._update_formula()
        self._refresh_notes()  # before the bar re-translates: "notes" holds texts already translated
        super().retranslate()
