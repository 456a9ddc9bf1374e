"""What the main window, lessons, presenter mode, export and the self-test need from a lab: one typed Protocol.

Every lab is a LabFrame (desktop_app/kit/frame.py), which gives each method a sensible default, so callers call
the methods instead of probing with hasattr.
"""
from __future__ import annotations

from typing import Optional, Protocol, runtime_checkable

from desktop_app.widgets.export import ExportableView


@runtime_checkable
class Lab(Protocol):
    # status_message = Signal(str): hover readouts and messages for the status bar
    # export_requested = Signal(object, str): (ExportableView or None, format) from a view's Export button

    def retranslate(self) -> None:
        """Re-apply every text (also called on QEvent.LanguageChange)."""

    def current_export_view(self) -> Optional[ExportableView]:
        """What File > Export acts on; None while there is nothing to export."""

    def save_settings(self) -> None:
        """Remember the controls (called when the window closes)."""

    def is_busy(self) -> bool:
        """A computation is running or queued (lessons and screenshots wait for it)."""

    def lesson_state(self) -> dict:
        """What the lab shows now, as a lesson step: {"input", "model", "step", "settings", "highlight"} (any
        may be missing; values are str, int, float, bool or lists of them). {} for a lab lessons cannot drive."""

    def apply_lesson_state(self, state: dict) -> list[str]:
        """Drive the lab to `state` (missing keys leave that part as it is); returns notes for the user, already
        translated. Asynchronous work is fine: the player waits until is_busy() is False."""

    def prepare_screenshot(self) -> None:
        """Put the lab in the state its README screenshot shows (a hovered cell, say)."""

    def set_presenting(self, on: bool) -> None:
        """Presenter mode on or off: the lab may fold what is for reading alone (its blurb) out of the way."""

    def step_controller(self):
        """The lab's StepController, or None for a lab that does not step."""
