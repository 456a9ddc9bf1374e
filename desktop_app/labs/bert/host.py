"""The BERT lab's one model: loaded in a worker once, held here, shared by every tab.

The tabs read `bundle` and `info` and listen to `model_changed`; the lab shows `problem` (a key of its MESSAGES with
its fields) and opens other folders through `load_folder`. A folder the user opened is remembered in the settings
("bert/model_folder") and loaded next time, unless $ATTENTION_LAB_BERT_MODEL names another.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject, Signal

from desktop_app.kit.errors import LabModelError
from desktop_app.labs.bert.compute import ENV_MODEL, ModelInfo, default_folder, load_model
from desktop_app.workers import run_task


class BertModelHost(QObject):
    model_changed = Signal()  # a new bundle is loaded (the tabs drop what they computed with the old one)
    status_changed = Signal()  # loading started or ended, or a folder failed: `problem` says how

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self._settings = settings
        self.bundle = None  # engine.bert.BertBundle, read-only and shared by every tab's worker
        self.info: Optional[ModelInfo] = None
        self.folder: Optional[Path] = None  # of the loaded model
        self.problem: Optional[tuple[str, dict]] = None  # ("loading" | "missing" | "broken" | "failed", fields)
        self._task = None
        self.head_mask = None  # engine.whatif.HeadMask: heads the what-if tab switched off (None: every head on)

    def active_mask(self):
        """The head mask the tabs compute with: None while every head is on (the plain, fastest path)."""
        return None if self.head_mask is None or self.head_mask.all_on else self.head_mask

    def export_meta(self, view: str, **extra) -> dict:
        """The meta of an exported view: which lab, view and model, and what the view shows (`extra`)."""
        return {"lab": "bert", "view": view, "model": self.info.name if self.info else "",
                "model_folder": self.info.folder if self.info else "", **extra}

    def is_loading(self) -> bool:
        return self._task is not None and not self._task.finished

    def start_folder(self) -> Path:
        """A folder the user opened before (if it is still there), else $ATTENTION_LAB_BERT_MODEL or the shipped one."""
        opened = self._settings.get_str("bert/model_folder", "")
        if opened and not os.environ.get(ENV_MODEL) and Path(opened).is_dir():
            return Path(opened)
        return default_folder()

    def load_start_folder(self) -> None:
        self.load_folder(self.start_folder())

    def load_folder(self, folder, remember: bool = False) -> None:
        """Load `folder` in a worker (a load still running is cancelled); remember: the next start opens it too."""
        folder = Path(folder)
        if self._task is not None and not self._task.finished:
            self._task.cancel()
        if not folder.is_dir():
            self._task = None
            self._set_problem("missing", folder=str(folder))
            return
        self._set_problem("loading", folder=str(folder))
        self._task = run_task(load_model, str(folder), on_done=lambda result: self._on_load_done(result, remember),
                              on_error=lambda exc: self._on_load_failed(exc, folder), owner=self)

    def _set_problem(self, key: Optional[str], **fields) -> None:
        self.problem = (key, fields) if key else None
        self.status_changed.emit()

    def _on_load_done(self, result, remember: bool) -> None:
        self._task = None
        self.bundle, self.info = result
        self.folder = Path(self.info.folder)
        self.head_mask = None  # a new model starts with every head on
        if remember:
            self._settings.set("bert/model_folder", self.info.folder)
        self.problem = None
        self.status_changed.emit()
        self.model_changed.emit()

    def _on_load_failed(self, exc: BaseException, folder: Path) -> None:
        self._task = None
        if isinstance(exc, LabModelError):
            self._set_problem("broken", folder=str(folder), error=str(exc))
        else:
            self._set_problem("failed", error=f"{type(exc).__name__}: {exc}")
