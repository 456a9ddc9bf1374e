"""TranslationFrame: the LabFrame both translation labs (Seq2Seq & Attention, GRU Gates) are built on.

It holds what the two share: the window's session and its one StepController, a StepBar on it, the sentence / model
row with the session's messages, redraws gated by the lab's own visibility (a lab behind the other catches up when
shown), and the lesson and screenshot moves. A lab subclass builds its views, places the controls, then calls
``start()``; it draws in ``show_state(state)``.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QCoreApplication

from desktop_app.kit.frame import LabFrame
from desktop_app.kit.shown import RedrawWhenShown
from desktop_app.kit.steps import StepBar
from desktop_app.sessions.seq2seq import EXAMPLES, session_for
from desktop_app.sessions.seq2seq_compute import TranslationState
from desktop_app.sessions.seq2seq_controls import TranslationControls


class TranslationFrame(LabFrame):
    def __init__(self, settings, parent=None, *, min_chars: int = 30, spacing: int = 12,
                 end_tooltip: Optional[Callable[[], str]] = None, title: Optional[Callable[[], str]] = None,
                 intro: Optional[Callable[[], str]] = None):
        super().__init__(settings, parent, title=title, intro=intro)
        self.session = session_for(settings)
        self.controller = self.session.controller
        self.controls = TranslationControls(self.session, min_chars=min_chars, spacing=spacing)
        self.sentence_combo, self.model_combo = self.controls.sentence_combo, self.controls.model_combo
        self.translate_button = self.controls.translate_button
        # one controller, one speed: both labs' bars read and write the same setting
        self.step_bar = bar = StepBar(self.controller, settings, "seq2seq", end_tooltip=end_tooltip)
        self.step_button, self.back_button, self.play_button = bar.step_button, bar.back_button, bar.play_button
        self.reset_button, self.end_button, self.speed_spin = bar.reset_button, bar.end_button, bar.speed_spin
        self.drawn_state: Optional[TranslationState] = None  # what the views show
        self._redraw = RedrawWhenShown(self, self._on_state_shown)  # the other lab may step while this one is behind
        self.session.state_changed.connect(self._redraw.offer)
        # Enter in the sentence box translates; then Space and the arrows step again instead of editing the text
        self.sentence_combo.lineEdit().returnPressed.connect(self.step_bar.take_focus)

    def start(self) -> None:
        """At the end of the subclass's __init__: texts, the first model and sentence, the views drawn when shown."""
        self.retranslate()
        self.session.open_default(self._settings)  # the remembered (or best available) model, on first use
        self.controls.set_sentence_text(self.session.sentence)
        self._redraw.offer(self.session.state)  # the other lab may have stepped already

    def show_state(self, state: Optional[TranslationState]) -> None:
        """Draw `state` (None: no translation); called only while the lab is shown."""
        raise NotImplementedError

    def redraw_now(self) -> None:
        """After a control of this lab changed: draw the session's newest state now, shown or not."""
        self._redraw.draw_now(self.session.state)

    def _on_state_shown(self, state: Optional[TranslationState]) -> None:
        self.drawn_state = state
        self.show_state(state)

    # the Lab protocol ----------------------------------------------------------------------------------------
    def step_controller(self):
        return self.controller

    def is_busy(self) -> bool:
        undrawn = self.isVisible() and self.drawn_state is not self.session.state
        return self.session.is_busy() or undrawn

    def save_settings(self) -> None:
        self.step_bar.save_settings()

    @property
    def message_label(self):
        """The message bar showing now: the session's (no model, loading, bad input) or this lab's own."""
        return self.controls.messages if self.controls.messages.key else self.messages

    def showEvent(self, event) -> None:
        self.speed_spin.setValue(self.controller.speed)  # one controller: the other lab's bar may have changed it
        super().showEvent(event)

    def go_to_lesson_state(self, state: dict, then: Callable[[], None]) -> list[str]:
        """A lesson's model, input and step; `then()` once that step is drawn. Returns the notes for the user."""
        self.controller.set_playing(False)
        if "input" in state:
            self.controls.set_sentence_text(state["input"])
        model = state.get("model")
        if self.session.go_to(model, state.get("input"), state.get("step"), then=then):
            return []
        return [QCoreApplication.translate(
            "TranslationFrame", "The model “{model}” is not installed; the lesson goes on with “{current}”.").format(
            model=model, current=self.session.model_name or "—")]

    def go_to_example_end(self, then: Optional[Callable[[], None]] = None) -> None:
        """The lecture's sentence translated to the end (the README screenshots)."""
        self.controls.set_sentence_text(EXAMPLES[0])
        self.session.go_to(None, EXAMPLES[0], "end", then=then)
