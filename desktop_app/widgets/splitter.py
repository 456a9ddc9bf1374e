"""The splitter every lab puts between its views: panes that cannot be dragged shut, optional first sizes."""
from __future__ import annotations

from typing import Optional, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget


def splitter(orientation: Qt.Orientation, *panes: QWidget, sizes: Optional[Sequence[int]] = None,
             stretch: Optional[Sequence[int]] = None) -> QSplitter:
    """A QSplitter holding `panes` in order; sizes: first pixel sizes, stretch: stretch factors, one per pane."""
    split = QSplitter(orientation)
    for pane in panes:
        split.addWidget(pane)
    split.setChildrenCollapsible(False)
    for i, factor in enumerate(stretch or ()):
        split.setStretchFactor(i, factor)
    if sizes:
        split.setSizes(list(sizes))
    return split
