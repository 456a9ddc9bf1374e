"""One translation shared by the Seq2Seq and GRU labs: the chosen model, the sentence, the stepper.

Both labs of a window get the same session (`session_for(settings)`) and observe it, so stepping in one moves the
other. Model loading (and the first torch import) runs in a worker; a step is one GRU cell and one softmax
(about a millisecond), so it runs on the GUI thread and both labs see the new step at once.

Signals say what happened; the labs translate their own messages from the session's state.
"""
from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject, Signal

from desktop_app.labs.seq2seq.compute import (
    MODELS_DIR, LoadedModel, ModelEntry, clean_sentence, list_models, load_model, make_stepper,
)
from desktop_app.workers import run_task

DEFAULT_SENTENCE = "We are eating bread."
ENV_MODELS = "ATTENTION_LAB_SEQ2SEQ_MODELS"  # another models folder (tests, a user's own models)


def models_dir() -> Path:
    return Path(os.environ[ENV_MODELS]) if os.environ.get(ENV_MODELS) else MODELS_DIR


class Seq2SeqSession(QObject):
    models_listed = Signal()
    loading_changed = Signal(bool)
    model_changed = Signal()  # a model is loaded (self.model), or the load failed (self.load_error)
    trace_changed = Signal()  # a new stepper: new sentence or new model (or none: self.input_error)
    stepped = Signal()  # step, back, reset or force on the current stepper

    def __init__(self, parent=None):
        super().__init__(parent)
        self.models: list[ModelEntry] = []
        self.cache: dict[str, LoadedModel] = {}
        self.model_name: str = ""
        self.model: Optional[LoadedModel] = None
        self.load_error = ""
        self.sentence = DEFAULT_SENTENCE
        self.sentence_cut = False  # more than MAX_CHARS characters were pasted
        self.stepper = None
        self.input_error = ""  # "empty" | other engine message | ""
        self._task = None
        self._target = None  # (sentence, step, then) a lesson asked for, reached once the model is loaded
        self.refresh_models()

    # ---- state -----------------------------------------------------------------------------------------------
    def refresh_models(self) -> None:
        self.models = list_models(models_dir())
        self.models_listed.emit()

    def model_names(self) -> list[str]:
        return [m.name for m in self.models]

    def is_loading(self) -> bool:
        return self._task is not None and not self._task.finished

    @property
    def steps(self):
        return self.stepper.steps if self.stepper is not None else ()

    @property
    def finished(self) -> bool:
        return self.stepper is not None and self.stepper.finished

    # ---- choices ---------------------------------------------------------------------------------------------
    def select_model(self, name: str) -> None:
        if name == self.model_name and (self.model is not None or self.is_loading()):
            return
        entry = next((m for m in self.models if m.name == name), None)
        if entry is None:
            return
        self.model_name = name
        self.load_error = ""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if name in self.cache:
            self._use_model(self.cache[name])
            return
        self._task = run_task(load_model, entry.folder, on_done=self._on_load_done, on_error=self._on_load_failed,
                              owner=self)
        self.loading_changed.emit(True)

    def set_sentence(self, text: str) -> None:
        sentence, cut = clean_sentence(text)
        if sentence == self.sentence and self.stepper is not None:
            # the same sentence again (e.g. the box now holds the cut text): start over, keep what we know
            self.sentence_cut = self.sentence_cut or cut
            self.reset()
            return
        self.sentence, self.sentence_cut = sentence, cut
        self._rebuild()

    def add_loaded(self, models: dict) -> None:
        """Models loaded elsewhere (the compare worker) join the cache."""
        for name, model in models.items():
            self.cache.setdefault(name, model)

    # ---- moves -----------------------------------------------------------------------------------------------
    def can_step(self) -> bool:
        return self.stepper is not None and not self.stepper.finished

    def step(self):
        if not self.can_step():
            return None
        s = self.stepper.step()
        self.stepped.emit()
        return s

    def back(self):
        if self.stepper is None or not self.stepper.steps:
            return None
        s = self.stepper.back()
        self.stepped.emit()
        return s

    def reset(self) -> None:
        if self.stepper is None:
            return
        self.stepper.reset()
        self.stepped.emit()

    def force(self, token_id: int, replace_last: bool = True):
        """Teacher forcing by hand: the last step emits ``token_id`` instead (or the next step, if none yet)."""
        if self.stepper is None:
            return None
        if replace_last and self.stepper.steps:
            self.stepper.back()
        if self.stepper.finished:
            return None
        s = self.stepper.force(int(token_id))
        self.stepped.emit()
        return s

    def run_to_end(self) -> None:
        if self.stepper is None:
            return
        while not self.stepper.finished:
            self.stepper.step()
        self.stepped.emit()

    def go_to(self, model: str | None, sentence: str | None, step, then=None) -> bool:
        """A lesson's state: this model, this sentence, decoded to `step` (int or "end"); `then()` runs once it
        is reached (now, or after the model loads). False when `model` is not installed (the current one stays)."""
        known = model is None or model in self.model_names()
        self._target = (sentence, step, then)
        if model and known and (model != self.model_name or self.model is None):
            self.select_model(model)
        if not self.is_loading():
            self._reach_target()
        return known

    def _reach_target(self) -> None:
        target, self._target = self._target, None
        if target is None:
            return
        sentence, step, then = target
        if sentence is not None and (sentence != self.sentence or self.stepper is None):
            self.set_sentence(sentence)
        if self.stepper is not None and step is not None:
            self.stepper.reset()
            while not self.stepper.finished and (step == "end" or len(self.stepper.steps) < int(step)):
                self.stepper.step()
            self.stepped.emit()
        if then is not None:
            then()

    # ---- internals -------------------------------------------------------------------------------------------
    def _on_load_done(self, model: Optional[LoadedModel]) -> None:
        self._task = None
        self.loading_changed.emit(False)
        if model is None:
            return
        self.cache[model.name] = model
        if model.name == self.model_name:
            self._use_model(model)
        self._reach_target()

    def _on_load_failed(self, exc: BaseException) -> None:
        self._task = None
        self.model = None
        self.stepper = None
        self.load_error = str(exc) or type(exc).__name__
        self._target = None
        self.loading_changed.emit(False)
        self.model_changed.emit()
        self.trace_changed.emit()

    def _use_model(self, model: LoadedModel) -> None:
        self.model = model
        self.model_changed.emit()
        self._rebuild()

    def _rebuild(self) -> None:
        self.stepper = None
        self.input_error = ""
        if self.model is not None:
            from engine.seq2seq.load import EmptyInputError

            try:
                self.stepper = make_stepper(self.model, self.sentence)
            except EmptyInputError:
                self.input_error = "empty"
            except Exception as exc:  # noqa: BLE001 - a strange input must give a message, never a crash
                self.input_error = str(exc) or type(exc).__name__
        self.trace_changed.emit()


_sessions: "weakref.WeakKeyDictionary[object, Seq2SeqSession]" = weakref.WeakKeyDictionary()


def session_for(settings) -> Seq2SeqSession:
    """The session shared by the labs of one window (they are built with the same settings object)."""
    session = _sessions.get(settings)
    if session is None:
        session = Seq2SeqSession()
        _sessions[settings] = session
    return session
