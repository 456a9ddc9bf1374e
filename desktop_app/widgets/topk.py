"""TopKView: the k most likely tokens as clickable names with probability bars, built for k rows once.

Shared by the Transformer lab (next-token candidates) and the BERT lab (predictions for a [MASK]).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget


class TopKView(QWidget):
    """The k most likely next tokens as bars; clicking a token forces it. Built for k rows once."""

    candidate_clicked = Signal(int)  # row index

    def __init__(self, k: int, parent=None):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setVerticalSpacing(1)
        self.buttons: list[QPushButton] = []
        self.bars: list[QProgressBar] = []
        self.values: list[QLabel] = []
        for row in range(k):
            button = QPushButton()
            button.setFlat(True)
            button.setMinimumWidth(90)
            button.setStyleSheet("text-align: left; padding: 1px 4px;")
            button.setFocusPolicy(Qt.NoFocus)  # Space stays "step", never "press the focused candidate"
            button.clicked.connect(lambda _checked=False, r=row: self.candidate_clicked.emit(r))
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setTextVisible(False)
            bar.setMaximumHeight(14)
            bar.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
            value = QLabel()
            value.setMinimumWidth(52)
            value.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            layout.addWidget(button, row, 0)
            layout.addWidget(bar, row, 1)
            layout.addWidget(value, row, 2)
            self.buttons.append(button)
            self.bars.append(bar)
            self.values.append(value)
        layout.setColumnStretch(1, 1)
        self.tokens: tuple[str, ...] = ()
        self.probs = np.zeros(0)

    def set_candidates(self, tokens, probs, chosen: int | None) -> None:
        self.tokens, self.probs = tuple(tokens), np.asarray(probs)
        for row, (button, bar, value) in enumerate(zip(self.buttons, self.bars, self.values)):
            shown = row < len(self.tokens)
            for w in (button, bar, value):
                w.setVisible(shown)
            if not shown:
                continue
            p = float(self.probs[row])
            button.setText(self.tokens[row])
            font = QFont(button.font())
            font.setBold(row == chosen)
            button.setFont(font)
            bar.setValue(int(round(p * 1000)))
            value.setText(f"{p * 100:.1f}%")
