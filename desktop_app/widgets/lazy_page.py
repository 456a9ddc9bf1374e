"""LazyPage: the views of a hidden tab, built the first time the tab is shown (or a lab asks for them).

Opening a lab used to build every tab's views at once (BERT: seven heatmaps and the model-view grid; the Transformer:
five heatmaps), holding the GUI thread for hundreds of milliseconds before anything was on screen. A LazyPage holds
a builder instead; `ensure_built()` runs it once: from the page's first showEvent (the user opened the tab), or from
lab code drawing into the current tab while the lab itself is not on screen (tests, lessons played offscreen).
A result for a hidden tab is kept by the lab and drawn from `built_now`. The labs build only the heavy views this
way; inputs and controls stay eager, since lessons, settings and runs read them.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    built_now = Signal()  # once, right after the contents were built (the lab fills them with what it has)

    def __init__(self, build: Callable[[], QWidget], parent=None):
        """build() -> the page's contents (a widget), made the first time the page is shown or ensure_built()."""
        super().__init__(parent)
        self._build = build
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.content: QWidget | None = None

    @property
    def built(self) -> bool:
        return self.content is not None

    def ensure_built(self) -> bool:
        """Build now if not yet; -> True if this call built it."""
        if self.content is not None:
            return False
        self.content = self._build()
        self._layout.addWidget(self.content)
        self.built_now.emit()
        # the window's looks (presenter mode's fonts and colours) reach views that did not exist when applied
        window_signal = getattr(self.window(), "page_built", None)
        if window_signal is not None:
            window_signal.emit(self)
        return True

    def showEvent(self, event) -> None:
        self.ensure_built()
        super().showEvent(event)
