"""TopKView: the k most likely tokens as clickable names with probability bars, built for k rows once.

The one top-k widget of every lab (Transformer next-token candidates, BERT predictions for a [MASK], GPT, the
captioner, the Seq2Seq lab's candidates and its what-if). One look: the token's name (bold: the chosen one), a bar,
the probability beside it; one way to click: `candidate_clicked(row)`. Optional: a caption line above the rows, the
tokens' ids (`candidate_ids()`, for a lab that forces a token by id) and a text shown while there are no candidates.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class ProbabilityBar(QWidget):
    """A bar filled to value / 1000, painted with the rest of the window. (QProgressBar.setValue repaints at once,
    outside the frame: ten of them cost some 6 ms a step in the GPT lab.)"""

    MAXIMUM = 1000

    def __init__(self, parent=None):
        super().__init__(parent)
        self._value = 0
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setMinimumWidth(24)

    def sizeHint(self) -> QSize:
        return QSize(80, 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(24, 12)

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:
        value = max(0, min(self.MAXIMUM, int(value)))
        if value != self._value:
            self._value = value
            self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        rect = self.rect().adjusted(0, 1, -1, -1)
        painter.setPen(self.palette().color(QPalette.Mid))
        painter.setBrush(self.palette().color(QPalette.Base))
        painter.drawRect(rect)
        filled = round((rect.width() - 1) * self._value / self.MAXIMUM)
        if filled > 0:
            painter.fillRect(rect.x() + 1, rect.y() + 1, filled, rect.height() - 1,
                             self.palette().color(QPalette.Highlight))


class TopKView(QWidget):
    """The k most likely next tokens as bars; clicking a token forces it. Built for k rows once."""

    candidate_clicked = Signal(int)  # row index (candidate_ids()[row] is its token id, when ids were given)

    def __init__(self, k: int, parent=None, *, caption: bool = False):
        """caption: a word-wrapped line above the rows (`self.caption`), e.g. "Step 5: chose ..."."""
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.empty_label = QLabel()  # set_empty_text: what will appear here, while there are no candidates
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setStyleSheet("color: #555;")
        self.empty_label.hide()
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(1)
        self.buttons: list[QPushButton] = []
        self.bars: list[ProbabilityBar] = []
        self.values: list[QLabel] = []
        for row in range(k):
            button = QPushButton()
            button.setFlat(True)
            button.setMinimumWidth(70)
            button.setStyleSheet("text-align: left; padding: 1px 4px;")
            button.setCursor(Qt.PointingHandCursor)
            button.setFocusPolicy(Qt.NoFocus)  # Space stays "step", never "press the focused candidate"
            button.clicked.connect(lambda _checked=False, r=row: self._on_clicked(r))
            bar = ProbabilityBar()
            value = QLabel()
            value.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            for column, widget in enumerate((button, bar, value)):
                policy = widget.sizePolicy()
                policy.setRetainSizeWhenHidden(True)  # fewer candidates (or none) do not re-lay out the window
                widget.setSizePolicy(policy)
                grid.addWidget(widget, row, column)
            self.buttons.append(button)
            self.bars.append(bar)
            self.values.append(value)
        grid.addWidget(self.empty_label, 0, 0, max(1, k), 3)  # over the rows, which keep their room
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.caption.setVisible(caption)  # only once it has a parent: a parentless label shown is a window
        self.tokens: tuple[str, ...] = ()
        self.probs = np.zeros(0)
        self._ids: list[int] = []
        self._empty_text = ""
        self._fit_values()

    def _fit_values(self) -> None:
        """Room for "100.0%" beside every bar, so a new number never re-lays out the rows."""
        width = QFontMetrics(self.font()).horizontalAdvance("100.0%") + 4
        for value in self.values:
            value.setMinimumWidth(width)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.FontChange:  # presenter mode scales the text
            self._fit_values()
        super().changeEvent(event)

    def set_candidates(self, tokens: Sequence[str], probs, chosen: int | None,
                       ids: Sequence[int] | None = None) -> None:
        """tokens and probs, most likely first; chosen: the row shown in bold (None: none); ids: the tokens' ids."""
        # with updates off, the rows' new texts are painted together in the window's next paint
        self.setUpdatesEnabled(False)
        try:
            self._set_candidates(tokens, probs, chosen, ids)
        finally:
            self.setUpdatesEnabled(True)

    def _set_candidates(self, tokens, probs, chosen, ids) -> None:
        self.tokens, self.probs = tuple(str(t) for t in tokens), np.asarray(probs, dtype=float)
        self._ids = [int(i) for i in ids] if ids is not None else []
        for row, (button, bar, value) in enumerate(zip(self.buttons, self.bars, self.values)):
            shown = row < len(self.tokens)
            for w in (button, bar, value):
                if w.isHidden() == shown:
                    w.setVisible(shown)
            if not shown:
                continue
            p = float(self.probs[row])
            if button.text() != self.tokens[row]:
                button.setText(self.tokens[row])
            bold = row == chosen
            if button.font().bold() != bold:  # only on a change: each setFont re-polishes the button
                font = button.font()
                font.setBold(bold)
                button.setFont(font)
            bar.setValue(int(round(p * 1000)))
            value.setText(f"{p * 100:.1f}%")
        self._show_empty()

    def candidate_ids(self) -> list[int]:
        """The token ids of the rows shown (empty when set_candidates was given none)."""
        return list(self._ids)

    def set_caption(self, text: str) -> None:
        if text != self.caption.text():
            self.caption.setText(text)
        if text and self.caption.isHidden():
            self.caption.show()

    def set_empty_text(self, text: str) -> None:
        """Shown where the rows are while there are no candidates ("" shows nothing)."""
        self._empty_text = text
        self._show_empty()

    def _show_empty(self) -> None:
        shown = not self.tokens and bool(self._empty_text)
        if shown and self.empty_label.text() != self._empty_text:
            self.empty_label.setText(self._empty_text)
        if self.empty_label.isHidden() == shown:
            self.empty_label.setVisible(shown)

    def _on_clicked(self, row: int) -> None:
        if row < len(self.tokens):
            self.candidate_clicked.emit(row)
