"""The lab's one model, shared by its tabs: the session (model bundle + stepper) and the StepController that opens
and steps it in the worker."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop_app.kit.steps import StepController
from desktop_app.labs.transformer.compute import apply_moves, open_session


class ModelHost(QObject):
    def __init__(self, lab: QWidget):
        """lab: the widget whose visibility gates redraws (a hidden lab catches up when shown)."""
        super().__init__(lab)
        self.steps = StepController(self, apply_moves, threaded=True, view=lab, direct_steps=2)
        self.want_qkv = False  # states carry Q, K and V (costs a full forward per move): the drill-down is shown
        self.steps.failed.connect(self._on_steps_failed)

    @property
    def bundle(self):
        """The loaded model (engine.transformer.load.TranslationBundle), or None before the first session."""
        session = self.steps.session
        return session.bundle if session is not None else None

    @property
    def folder(self) -> Optional[Path]:
        session = self.steps.session
        return session.folder if session is not None else None

    def open(self, folder, text: str, head_mask=None) -> bool:
        """Start a session on `text` with the model in `folder`; True when that model must be loaded first.
        head_mask: heads switched off (engine.whatif.HeadMask of this model; dropped for another model)."""
        folder = Path(folder)
        bundle = self.bundle if self.folder == folder else None
        self.steps.open(open_session, folder, text, bundle, self.want_qkv, head_mask if bundle is not None else None)
        return bundle is None

    def set_want_qkv(self, on: bool) -> None:
        if on != self.want_qkv:
            self.want_qkv = on
            self.steps.request(("qkv", on))  # a state without them gets them now; turning off redraws nothing

    def _on_steps_failed(self, _exc: BaseException) -> None:
        # a failure drops the queued moves, a ("qkv", on) among them: the session kept must still follow the tab
        session = self.steps.session
        if session is not None and session.want_qkv != self.want_qkv:
            self.steps.request(("qkv", self.want_qkv))
