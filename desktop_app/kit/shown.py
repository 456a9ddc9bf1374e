"""Redraw a lab only while it is on screen, and once when it is shown again: for a StepController that several
labs share (its own gating knows one view), each lab gates its redraws with one of these.

    self._redraw = RedrawWhenShown(self, self._show_state)
    session.state_changed.connect(self._redraw.offer)       # drawn now if shown, else when the lab is shown
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class RedrawWhenShown(QObject):
    _NOTHING = object()  # nothing drawn yet

    def __init__(self, view: QWidget, draw: Callable[[Any], None]):
        super().__init__(view)
        self._view, self._draw = view, draw
        self._state: Any = None
        self._drawn: Any = self._NOTHING
        self._waiting = False
        view.installEventFilter(self)

    def offer(self, state: Any) -> None:
        """The newest state: drawn now while the view is visible, else kept for its next show."""
        self._state = state
        self._waiting = state is not self._drawn
        if self._view.isVisible():
            self.flush()

    def draw_now(self, state: Any) -> None:
        """Draw `state` now, shown or not (a control of the lab changed what it shows)."""
        self._state, self._waiting = state, True
        self.flush()

    def flush(self) -> None:
        """Draw the kept state if it has not been drawn yet."""
        if self._waiting:
            self._waiting = False
            self._drawn = self._state
            self._draw(self._state)

    def is_waiting(self) -> bool:
        """A state arrived that the view has not drawn (it is hidden)."""
        return self._waiting

    def eventFilter(self, watched, event) -> bool:
        if watched is self._view and event.type() == QEvent.Show:
            self.flush()  # synchronously: the lab is drawn before it first paints
        return False
