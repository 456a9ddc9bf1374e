"""The two errors a lab's compute functions raise (Qt-free): input the model cannot take, a folder it cannot load.

The lab words each in the user's language from its MESSAGES: LabInputError carries a reason key ("empty", ...),
LabModelError the engine's own text.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


class LabInputError(ValueError):
    """reason: a key of the lab's messages ("empty": no text or no tokens, ...)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class LabModelError(ValueError):
    """The model folder cannot be loaded; the text is the engine's reason."""


def load_folder(load: Callable[[Path], T], folder, load_error: type[BaseException]) -> T:
    """load(folder), with the engine's `load_error` (its ModelLoadError) raised as LabModelError, same text."""
    try:
        return load(Path(folder))
    except load_error as exc:
        raise LabModelError(str(exc)) from None
