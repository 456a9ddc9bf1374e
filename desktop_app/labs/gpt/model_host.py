"""The GPT model both tabs of the lab use: loaded once, in a worker, when a tab first needs it."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject, Signal

from desktop_app.labs.gpt.compute import ModelInfo, has_model, load_model
from desktop_app.workers import run_task


class GPTModelHost(QObject):
    model_loaded = Signal()  # bundle and info are set
    load_failed = Signal(object)  # the exception (LabModelError: the folder cannot be used)

    def __init__(self, folder: Path, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.folder = Path(folder)
        self.bundle = None  # engine.gpt.load.GPTBundle once loaded
        self.info: Optional[ModelInfo] = None
        self._task = None

    def available(self) -> bool:
        """The folder holds a model (loading it may still fail)."""
        return has_model(self.folder)

    def is_loading(self) -> bool:
        return self._task is not None and not self._task.finished

    def load(self) -> None:
        """Start loading unless the model is loaded or loading; model_loaded or load_failed follows."""
        if self.bundle is not None or self.is_loading():
            return
        self._task = run_task(load_model, self.folder, on_done=self._on_load_done, on_error=self._on_load_failed)

    def _on_load_done(self, result) -> None:
        self.bundle, self.info = result
        self.model_loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        self.load_failed.emit(exc)
