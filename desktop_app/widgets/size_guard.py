"""SizeGuard: holds one widget whose contents change often (a label updated every step, the top-k candidates) and
stops the relayout of the whole window that each change would otherwise cause.

Why: QLabel.setText, QPushButton.setText and setFont always call updateGeometry(). In a layout that invalidates the
parent layout, and QLayout.activate() always calls updateGeometry() on its widget in turn, so one new label text
re-lays out every layout up to the main window (word-wrapped rich-text labels measured again) and repaints whatever
moved. Measured in the Seq2Seq lab: about half of the C++ time of a step.

How: the guard has no layout of its own, so the child's updateGeometry() ends here (a LayoutRequest event to the
guard). The guard then compares what its parent layout reads from it (minimum size hint, size hint or the height
for the current width, size policy, min/max size) with what it read last time, and only when one differs calls
updateGeometry() itself. The parent layout therefore sees exactly the same sizes as without the guard, and the
window looks and resizes the same; it is merely not asked again when nothing it uses has changed.

    layout.addWidget(SizeGuard(self.output_label))      # instead of layout.addWidget(self.output_label)
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QSizePolicy, QWidget


class SizeGuard(QWidget):
    def __init__(self, child: QWidget, parent=None):
        super().__init__(parent)
        self.child = child
        child.setParent(self)
        child.move(0, 0)
        self.setSizePolicy(child.sizePolicy())
        self._key = None
        child.installEventFilter(self)
        self._key = self._measure()

    # what the parent layout reads, taken from the child ---------------------------------------------------------
    def sizeHint(self) -> QSize:
        return self.child.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.child.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        return self.child.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        return self.child.heightForWidth(width)

    def _measure(self):
        c = self.child
        policy = c.sizePolicy()
        hint, msh = c.sizeHint(), c.minimumSizeHint()
        if c.hasHeightForWidth() and policy.horizontalPolicy().value & QSizePolicy.PolicyFlag.ShrinkFlag.value:
            # A word-wrapped text: its layout places it by heightForWidth at the width it has. The width of its
            # size hint (the text's length up to ~80 characters) places nothing once the window is shown (a
            # splitter keeps its sizes; a shrinkable widget's smallest width is its minimum size hint), so it is
            # not compared: else every new label text would count as a change. Its minimum width (the longest
            # word) is compared only when it grows: a smaller one merely allows a narrower window, and the
            # parent reads the current one whenever it lays out again for any other reason.
            size = (hint.height(), c.heightForWidth(self.width()))
            min_width = max(msh.width(), self._key[1]) if self._key is not None else msh.width()
        else:
            size = (hint.width(), hint.height())
            min_width = msh.width()
        return (size, min_width, msh.height(), c.minimumSize(), c.maximumSize(), policy, c.hasHeightForWidth(),
                c.isHidden())

    # events -------------------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        self.child.resize(self.size())
        self._key = self._measure()
        super().resizeEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.LayoutRequest:  # the child's updateGeometry() stops here
            key = self._measure()
            if key != self._key:
                self._key = key
                if self.sizePolicy() != self.child.sizePolicy():
                    self.setSizePolicy(self.child.sizePolicy())
                self.updateGeometry()
            return True
        return super().event(event)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.child:
            kind = event.type()
            if kind == QEvent.ShowToParent and self.isHidden():  # the guard follows the child's visibility
                self.show()
            elif kind == QEvent.HideToParent and not self.isHidden():
                self.hide()
        return False
