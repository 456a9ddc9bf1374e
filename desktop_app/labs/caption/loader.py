"""The Image Captioning lab's loading, off the GUI thread: the captioner once, then each chosen picture through the
CNN (compute.prepare_image). The picture on screen stays until a new one is ready; a picture that fails leaves it."""
from __future__ import annotations

from typing import Optional, Union

from PySide6.QtCore import QObject, Signal

from desktop_app.labs.caption.compute import load_bundle, model_folder, prepare_image
from desktop_app.workers import run_task


class CaptionLoader(QObject):
    model_loaded = Signal(object)  # engine.caption.load.CaptionBundle
    model_failed = Signal(object)  # the exception (CaptionLoadError says what is missing)
    picture_ready = Signal(object)  # compute.PreparedImage, its stepper already at the steps asked for
    picture_failed = Signal(str, str, str)  # (ImageInputError kind or "failed", picture name, detail)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bundle = None
        self.source: Optional[tuple] = None  # (Path or bytes, name): the picture being read, else the one shown
        self.shown_source: Optional[tuple] = None  # the picture on screen
        self._model_task = None
        self._picture_task = None

    def load_model(self) -> None:
        self._model_task = run_task(load_bundle, model_folder(), on_done=self._on_model_done,
                                    on_error=self.model_failed.emit, owner=self)

    def is_busy(self) -> bool:
        return any(t is not None and not t.finished for t in (self._model_task, self._picture_task))

    def prepare(self, source, name: str, grid: int, steps: Union[int, str] = 0) -> bool:
        """Read `source` and run the CNN at `grid` in a worker, then take `steps` steps. Before the captioner is
        loaded it only remembers the picture (returns False); the load then reads it."""
        self.source = (source, name)
        if self.bundle is None:
            return False
        if self._picture_task is not None:
            self._picture_task.cancel()  # only the latest picture matters
        self._picture_task = run_task(prepare_image, self.bundle, source, grid, name, steps,
                                      on_done=self._on_picture_done, on_error=self._on_picture_error, owner=self)
        return True

    def _on_model_done(self, bundle) -> None:
        self.bundle = bundle
        self.model_loaded.emit(bundle)

    def _on_picture_done(self, prepared) -> None:
        if prepared is None:
            return  # cancelled
        self.shown_source = self.source
        self.picture_ready.emit(prepared)

    def _on_picture_error(self, exc: BaseException) -> None:
        name = self.source[1] if self.source else ""
        self.source = self.shown_source  # a grid switch redoes the picture still shown
        kind = getattr(exc, "kind", None)
        self.picture_failed.emit(kind or "failed", name, "" if kind else str(exc))
