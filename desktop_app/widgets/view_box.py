"""The frame every lab puts around a view: a bold one-line header (title left, Export button right), the view below."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.widgets.export import ExportButton
from desktop_app.widgets.size_guard import SizeGuard


def view_box(view: QWidget, *, exportable: bool = True, wrap_title: bool = True,
             guard_title: bool = False) -> tuple[QLabel, ExportButton | None, QFrame]:
    """-> (title label, Export button or None, frame holding both and the view).

    guard_title: the title changes every step; a SizeGuard keeps each new text from re-laying out the window."""
    frame = QFrame()
    frame.setFrameShape(QFrame.StyledPanel)
    title = QLabel()
    title.setStyleSheet("font-weight: bold;")
    title.setWordWrap(wrap_title)
    button = ExportButton() if exportable else None
    header = QHBoxLayout()
    header.setContentsMargins(0, 0, 0, 0)
    header.addWidget(SizeGuard(title) if guard_title else title, 1)
    if button is not None:
        header.addWidget(button)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(4, 2, 4, 4)
    layout.setSpacing(2)
    layout.addLayout(header)
    layout.addWidget(view, 1)
    return title, button, frame
