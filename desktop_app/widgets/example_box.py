"""An input box with examples: an editable combo box whose list holds example inputs (a typed text is not added)."""
from __future__ import annotations

from typing import Callable, Iterable, Optional

from PySide6.QtWidgets import QComboBox


def example_box(examples: Iterable[str], min_width: int = 300, *, text: str = "",
                on_enter: Optional[Callable[[], None]] = None,
                on_pick: Optional[Callable[[int], None]] = None) -> QComboBox:
    """Editable: the user types anything or picks an example; Enter does not append the text to the list.

    text: what the box shows first (a saved input; "" shows the first example). on_enter(): Enter in the box;
    on_pick(index): an example chosen from the list (connected after `text` is set, so it does not fire for it)."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.NoInsert)
    box.addItems(list(examples))
    box.setMinimumWidth(min_width)
    if text:
        box.setEditText(text)
    if on_enter is not None:
        box.lineEdit().returnPressed.connect(on_enter)
    if on_pick is not None:
        box.activated.connect(on_pick)
    return box
