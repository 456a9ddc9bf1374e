"""An input box with examples: an editable combo box whose list holds example inputs (a typed text is not added)."""
from __future__ import annotations

from typing import Iterable

from PySide6.QtWidgets import QComboBox


def example_box(examples: Iterable[str], min_width: int = 300) -> QComboBox:
    """Editable: the user types anything or picks an example; Enter does not append the text to the list."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.NoInsert)
    box.addItems(list(examples))
    box.setMinimumWidth(min_width)
    return box
