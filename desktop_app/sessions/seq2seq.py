"""One translation shared by the Seq2Seq and GRU labs: the chosen model, the sentence, the stepper.

Both labs of a window get the same session (`session_for(settings)`), so stepping in one moves the other. The session
owns the one StepController both labs' StepBars drive (threaded=False: a step is one GRU cell and one softmax, about a
millisecond). Its redraws are not gated by a view; each lab gates its own (desktop_app.kit.shown.RedrawWhenShown), so
the lab behind catches up when it is shown. Model loading (and the first torch import) runs in a worker.

Signals say what happened; the labs translate their own messages from the session's state (`message()`).
"""
from __future__ import annotations

import weakref
from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal

from desktop_app.kit.steps import StepController
from desktop_app.sessions.seq2seq_compute import (
    DEFAULT_SENTENCE, EXAMPLES, LoadedModel, ModelEntry, TranslationState, apply_translation_moves, clean_sentence,
    list_models, load_model, make_stepper, models_dir, translation_state,
)
from desktop_app.workers import run_task

__all__ = ["EXAMPLES", "Seq2SeqSession", "models_dir", "session_for"]


class Seq2SeqSession(QObject):
    models_listed = Signal()
    loading_changed = Signal(bool)
    model_changed = Signal()  # a model is loaded (self.model), or the load failed (self.load_error)
    trace_changed = Signal()  # a new stepper: new sentence or new model (or none: self.input_error)
    state_changed = Signal(object)  # TranslationState (None: no stepper) after a move; at most once per frame

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
        self._then: Optional[Callable[[], None]] = None  # run once the lesson's step is drawn
        self.controller = controller = StepController(self, apply_translation_moves, threaded=False)
        controller.state_ready.connect(self._on_controller_state_ready)
        controller.failed.connect(self._on_controller_failed)
        # the plain moves are the controller's own (tests and the soak call them on the session)
        self.can_step, self.step, self.back = controller.can_step, controller.step, controller.back
        self.reset, self.run_to_end = controller.reset, controller.to_end
        self.refresh_models()

    # ---- state -----------------------------------------------------------------------------------------------
    def refresh_models(self) -> None:
        self.models = list_models(models_dir())
        self.models_listed.emit()

    def open_folder(self, folder) -> bool:
        """A model folder of the user's (a run the Training lab saved, say) joins the list and is selected; False
        when it lacks config.json or model.safetensors (a folder that has both but does not load says why)."""
        from pathlib import Path

        folder = Path(folder)
        if not ((folder / "config.json").is_file() and (folder / "model.safetensors").is_file()):
            return False
        entry = next((m for m in self.models if m.folder == folder), None)
        if entry is None:
            taken = set(self.model_names())
            name = folder.name if folder.name not in taken else f"{folder.name} ({folder.parent.name})"
            entry = ModelEntry(name, folder)
            self.models.append(entry)
            self.models_listed.emit()
        self.select_model(entry.name)
        return True

    def model_names(self) -> list[str]:
        return [m.name for m in self.models]

    def is_loading(self) -> bool:
        return self._task is not None and not self._task.finished

    def is_busy(self) -> bool:
        """Loading, moves queued, or a lesson's target not reached and drawn yet."""
        return (self.is_loading() or self.controller.is_busy() or self._target is not None
                or self._then is not None)

    @property
    def state(self) -> Optional[TranslationState]:
        return self.controller.state

    @property
    def steps(self):
        return self.stepper.steps if self.stepper is not None else ()

    @property
    def finished(self) -> bool:
        return self.stepper is not None and self.stepper.finished

    def message(self) -> Optional[tuple[str, dict]]:
        """Why there is nothing to step, as (key, fields) of TranslationControls.MESSAGES; None when all is well."""
        if not self.models:
            return "no_models", {"folder": str(models_dir())}
        if self.is_loading():
            return "loading", {"name": self.model_name}
        if self.load_error:
            return "load_failed", {"name": self.model_name, "error": self.load_error}
        if self.model is None:
            return None
        if self.input_error == "empty":
            return "empty", {}
        if self.input_error:
            return "untranslatable", {"error": self.input_error}
        return None

    # ---- choices ---------------------------------------------------------------------------------------------
    def open_default(self, settings) -> None:
        """First use in a window: the remembered sentence and model (or the best available); a no-op once a model
        is loaded or loading."""
        if not self.models or self.model is not None or self.is_loading():
            return
        self.sentence = settings.get_str("seq2seq/sentence", EXAMPLES[0]) or EXAMPLES[0]
        wanted = settings.get_str("seq2seq/model", "additive")
        names = self.model_names()
        self.select_model(wanted if wanted in names else names[-1])

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

    # ---- moves: all through the one controller (the labs' StepBars call it directly) -------------------------
    def force(self, token_id: int) -> None:
        """Teacher forcing by hand: the last step emits ``token_id`` instead (or the next step, if none yet)."""
        self.controller.set_playing(False)
        self.controller.request(("replace", int(token_id)))

    def attend(self, weights) -> None:
        """Take the next step with this attention row (a what-if committed); marked as overridden."""
        self.controller.set_playing(False)
        self.controller.request(("attend", tuple(float(w) for w in weights)))

    def go_to(self, model: str | None, sentence: str | None, step, then=None) -> bool:
        """A lesson's state: this model, this sentence, decoded to `step` (int or "end"); `then()` runs once it
        is reached and drawn (now, or after the model loads). False when `model` is not installed (the current
        one stays)."""
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
            self._then = then or (lambda: None)  # is_busy() until the target state has been drawn
            self.controller.go_to(step)
        elif then is not None:
            then()

    # ---- internals -------------------------------------------------------------------------------------------
    def _on_controller_state_ready(self, state) -> None:
        self.state_changed.emit(state)  # the labs draw first; a lesson's then() may mark a cell on top
        if self._then is not None and not self.controller.is_busy():
            then, self._then = self._then, None
            then()

    def _on_controller_failed(self, exc: BaseException) -> None:
        self.input_error = str(exc) or type(exc).__name__
        then, self._then = self._then, None
        self.trace_changed.emit()
        if then is not None:
            then()

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
        self.load_error = str(exc) or type(exc).__name__
        self._target = None
        self._set_stepper(None)
        self.loading_changed.emit(False)
        self.model_changed.emit()

    def _use_model(self, model: LoadedModel) -> None:
        self.model = model
        self.model_changed.emit()
        self._rebuild()

    def _rebuild(self) -> None:
        stepper = None
        self.input_error = ""
        if self.model is not None:
            from engine.seq2seq.load import EmptyInputError

            try:
                stepper = make_stepper(self.model, self.sentence)
            except EmptyInputError:
                self.input_error = "empty"
            except Exception as exc:  # noqa: BLE001 - a strange input must give a message, never a crash
                self.input_error = str(exc) or type(exc).__name__
        self._set_stepper(stepper)

    def _set_stepper(self, stepper) -> None:
        self.stepper = stepper
        self.trace_changed.emit()  # labs reset what belongs to the old sentence; the views follow the new state
        self.controller.set_session(stepper, translation_state(stepper) if stepper is not None else None)


_sessions: "weakref.WeakKeyDictionary[object, Seq2SeqSession]" = weakref.WeakKeyDictionary()


def session_for(settings) -> Seq2SeqSession:
    """The session shared by the labs of one window (they are built with the same settings object)."""
    session = _sessions.get(settings)
    if session is None:
        session = Seq2SeqSession()
        _sessions[settings] = session
    return session
