"""Boxes that keep the GPT lab within a small screen without cutting anything.

ScrollingText: the generated text, at most `lines` lines tall; a longer text scrolls and shows its end (the newest
tokens). ScrollingList: a list (the top-k candidates) that shows every row when there is room and scrolls when the
window is small, down to `rows` rows. Modest: holds a view (a map) that asks for a modest height only, so a list
below it gets its rows too on a small screen (a layout short of room takes the same from each). WholeCombo: a
combo box never narrower than its longest item (QComboBox keeps the smallest width it measured before its items
had their translated texts, so a squeezed row cut "Greedy").
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QComboBox, QFrame, QScrollArea, QSizePolicy, QVBoxLayout, QWidget


class _Box(QScrollArea):
    def __init__(self, child: QWidget, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidgetResizable(True)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)  # never taller than its contents
        self.setWidget(child)
        self.viewport().setAutoFillBackground(False)
        child.setAutoFillBackground(False)
        self.viewport().installEventFilter(self)
        self._hints = None

    def _child_height(self, width: int) -> int:
        child = self.widget()
        if child.hasHeightForWidth():
            return child.heightForWidth(max(1, width))
        return child.sizeHint().height()

    def _width(self) -> int:
        return max(self.viewport().width(), self.widget().minimumSizeHint().width())

    def eventFilter(self, watched, event) -> bool:
        if watched is self.viewport() and event.type() == QEvent.LayoutRequest:
            self._refit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._refit()

    def _refit(self) -> None:
        hints = (self.sizeHint(), self.minimumSizeHint())
        if hints != self._hints:
            self._hints = hints
            self.updateGeometry()


class ScrollingText(_Box):
    """A word-wrapped label, at most `lines` of its lines tall, scrolled to its last line."""

    def __init__(self, label, lines: int = 3, parent=None):
        super().__init__(label, parent)
        self.lines = lines
        self.verticalScrollBar().rangeChanged.connect(self._on_range_changed)

    def _line(self) -> int:
        return self.widget().fontMetrics().lineSpacing()

    # Widths that do not follow the text: a new token would otherwise change them every step, and each change
    # re-lays out (and repaints) the whole lab. The row gives the box its width anyway.
    def sizeHint(self) -> QSize:
        height = min(self._child_height(self._width()), self.lines * self._line() + 4)
        return QSize(20 * self._line(), height)

    def minimumSizeHint(self) -> QSize:
        height = min(self._child_height(self._width()), self._line() + 4)
        return QSize(4 * self._line(), height)

    def _on_range_changed(self, _low: int, high: int) -> None:
        self.verticalScrollBar().setValue(high)  # the newest tokens are at the end


class ScrollingList(_Box):
    """A list widget (rows of equal height), all of it when there is room, else scrolling, `rows` rows at least."""

    def __init__(self, child: QWidget, total_rows: int, rows: int, *, share: bool = False, parent=None):
        """share: a layout short of room takes from it as from its neighbours; else it keeps its full height first
        (Qt gives widgets no taller than their size hint their hint before it shrinks the others)."""
        super().__init__(child, parent)
        self.total_rows, self.rows = total_rows, rows
        self._widest = 0  # only grows: a shorter token than the longest seen re-lays out nothing
        if share:
            self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)

    def _scrollbar(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def _ratchet(self, width: int) -> int:
        self._widest = max(self._widest, width)
        return self._widest

    def sizeHint(self) -> QSize:
        hint = self.widget().sizeHint().expandedTo(self.widget().minimumSizeHint())
        return QSize(self._ratchet(hint.width()) + self._scrollbar(), hint.height())

    def minimumSizeHint(self) -> QSize:
        child = self.widget().minimumSizeHint()
        height = child.height() * self.rows // max(1, self.total_rows)
        return QSize(self._ratchet(child.width()) + self._scrollbar(), height)


class Modest(QWidget):
    """`child` asking for no more than its minimum size or `height` (it still grows into whatever room its layout's
    stretch gives)."""

    def __init__(self, child: QWidget, height: int = 0, parent=None):
        super().__init__(parent)
        self.height_wanted = height
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(child)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint().expandedTo(QSize(0, self.height_wanted))

    def hasHeightForWidth(self) -> bool:
        return False  # else a layout asks its height for a width, computed from the child's (large) size hint


class WholeCombo(QComboBox):
    """A combo box as wide as its longest item, in every language and font (its minimum is its size hint)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.AdjustToContents)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


__all__ = ["Modest", "ScrollingList", "ScrollingText", "WholeCombo"]
