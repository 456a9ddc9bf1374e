"""FormulaPanel: the formula as on the slide, and the same formula with the hovered numbers filled in."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy


class FormulaPanel(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTextFormat(Qt.RichText)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Minimum)
        self.setObjectName("formulaPanel")
        self.setStyleSheet(
            "#formulaPanel { background: #f7f7fa; border: 1px solid #d0d0d8; border-radius: 4px; padding: 6px; }"
        )
        self._lines: list[str] = []

    def set_lines(self, general: str, substituted: str = "", note: str = "") -> None:
        """`general` and `substituted` are plain text (escaped here); shown in a serif face, like a slide."""
        self._lines = [general, substituted, note]
        parts = [f"<div style='font-family: serif; font-size: 115%;'>{html.escape(general)}</div>"]
        if substituted:
            parts.append(f"<div style='font-family: serif; font-size: 115%; color: #1f4e9c;'>{html.escape(substituted)}</div>")
        if note:
            parts.append(f"<div style='color: #555;'>{html.escape(note)}</div>")
        self.setText("".join(parts))

    def plain_lines(self) -> list[str]:
        return [line for line in self._lines if line]
