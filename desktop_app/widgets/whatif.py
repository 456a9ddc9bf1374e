"""What-if views: which heads matter (ImportanceView) and what switching heads off changed (BeforeAfterView).

ImportanceView: layers x heads, the change of the lab's log-probability when that head alone is switched off, in
diverging colours with symmetric levels (blue: the head helped, red: the model does better without it); hover shows
the exact change, a click asks to switch that head off. BeforeAfterView: two top-k lists side by side per predicted
position (reusing TopKView), the generated text before and after with the changed words marked, and the change of
the log-probability. Both take the Qt-free desktop_app.kit.comparison data every lab's compute fills.
"""
from __future__ import annotations

import html
import math

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.kit.comparison import Comparison, percent
from desktop_app.kit.words import Worded
from desktop_app.widgets.heatmap import HeatmapView
from desktop_app.widgets.topk import TopKView

CHANGED_STYLE = "color: #d62728; font-weight: bold; text-decoration: underline;"


def symmetric_levels(values: np.ndarray) -> tuple[float, float]:
    """(-m, m) with m the largest |value|: zero sits in the middle of a diverging colour map."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    m = float(np.abs(finite).max()) if finite.size else 0.0
    return (-m, m) if m > 0 else (-1.0, 1.0)


class ImportanceView(Worded, HeatmapView):
    """Head importance: (L, H) changes of log-probability, rows = layers, columns = heads."""

    head_chosen = Signal(int, int)  # a click: switch this head (0-based) off

    def __init__(self, parent=None):
        super().__init__(parent, colormap="diverging", max_display=256)
        self.tooltip_formatter = self._tooltip
        self.cell_clicked.connect(self._on_cell_clicked)
        self.kind = ""
        self.show_empty()
        self.words.call(lambda: self.set_empty_text(self.tr(
            "Press Importance: each head's effect on the prediction appears here.")))

    def show_empty(self) -> None:
        """No importance yet: the map says how to get one (its empty text) instead of showing a grid of zeros."""
        self.kind = ""
        self.set_max_cell_aspect(None)  # the text gets the whole width
        self.set_matrix(np.zeros((0, 0)))

    def set_changes(self, changes: np.ndarray, title: str = "", kind: str = "") -> None:
        changes = np.asarray(changes, dtype=float)
        self.kind = kind
        rows = [self.tr("layer {n}").format(n=i + 1) for i in range(changes.shape[0])]
        cols = [self.tr("head {n}").format(n=i + 1) for i in range(changes.shape[1])]
        self.set_max_cell_aspect(1.5)  # 2 layers x 4 heads: square-ish cells, not four wide bands
        self.set_matrix(changes, rows, cols, title=title, levels=symmetric_levels(changes))

    def sizeHint(self) -> QSize:
        """Modest: the panel's layout shares its height by stretch only above every view's size hint."""
        return QSize(240, 140)

    @property
    def n_cells(self) -> int:
        return int(self.values.size)

    def _tooltip(self, row: str, col: str, value: float) -> str:
        return self.tr("{layer}, {head}: switched off alone, the log-probability changes by {change} "
                       "(click: switch it off)").format(layer=row, head=col, change=f"{value:+.4f}")

    def _on_cell_clicked(self, row: int, col: int, _value: float) -> None:
        self.head_chosen.emit(row, col)


class BeforeAfterView(Worded, QWidget):
    """The lab's quantity with every head on (left) and with the heads off (right)."""

    def __init__(self, k: int = 5, max_rows: int = 3, parent=None):
        super().__init__(parent)
        self.k = k
        self.comparison: Comparison | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.value_label = QLabel()
        self.value_label.setWordWrap(True)
        self.value_label.setTextFormat(Qt.RichText)
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        self.before_header, self.after_header = QLabel(), QLabel()
        for col, label in enumerate((self.before_header, self.after_header)):
            label.setStyleSheet("font-weight: bold;")
            label.setWordWrap(True)
            grid.addWidget(label, 0, col)
        self.row_titles: list[QLabel] = []
        self.before: list[TopKView] = []
        self.after: list[TopKView] = []
        for row in range(max_rows):  # each position's title over its two lists: narrow enough for half a window
            title = QLabel()
            title.setStyleSheet("color: #444;")
            before, after = TopKView(k), TopKView(k)
            for view in (before, after):
                view.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
            grid.addWidget(title, 2 * row + 1, 0, 1, 2)
            grid.addWidget(before, 2 * row + 2, 0)
            grid.addWidget(after, 2 * row + 2, 1)
            self.row_titles.append(title)
            self.before.append(before)
            self.after.append(after)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.text_before, self.text_after = QLabel(), QLabel()
        for label in (self.text_before, self.text_after):
            label.setWordWrap(True)
            label.setTextFormat(Qt.RichText)
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.value_label)
        layout.addWidget(self.text_before)  # the text first: a translation or continuation reads at a glance
        layout.addWidget(self.text_after)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.show_comparison(None)

    def show_comparison(self, comparison: Comparison | None) -> None:
        self.comparison = comparison
        self.before_header.setText(self.tr("Every head on"))
        self.after_header.setText(self.tr("Heads switched off") if comparison is None or comparison.spec
                                  else self.tr("Heads switched off (none yet)"))
        pairs = comparison.topk if comparison is not None else ()
        for header in (self.before_header, self.after_header):
            header.setVisible(bool(pairs))
        for row, (title, before, after) in enumerate(zip(self.row_titles, self.before, self.after)):
            shown = row < len(pairs)
            for w in (title, before, after):
                w.setVisible(shown)
            if shown:
                pair = pairs[row]
                title.setText({"next token": self.tr("next token"), "first token": self.tr("first token")}.get(
                    pair.title, pair.title))
                before.set_candidates(pair.before_tokens[:self.k], pair.before_probs[:self.k], 0)
                after.set_candidates(pair.after_tokens[:self.k], pair.after_probs[:self.k], 0)
        self.value_label.setText(self.value_text())
        has_text = comparison is not None and bool(comparison.text_before or comparison.text_after)
        self.text_before.setVisible(has_text)
        self.text_after.setVisible(has_text)
        if has_text:
            before, after = comparison.changed_words()
            marks = comparison.marks()
            prefix = html.escape(comparison.text_prefix)
            self.text_before.setText(self.tr("Every head on: {text}").format(
                text=prefix + _words_html(before, [False] * len(before))))
            self.text_after.setText(self.tr("Heads off: {text}").format(text=prefix + _words_html(after, marks)))

    def retranslate(self) -> None:
        self.show_comparison(self.comparison)  # every text here follows the comparison shown

    def value_text(self) -> str:
        c = self.comparison
        if c is None:
            return self.tr("Switch heads off to see what changes.")
        before, after = (percent(c.value_before), percent(c.value_after)) if c.probability else \
            (f"{c.value_before:.3f}", f"{c.value_after:.3f}")
        what = html.escape(c.probability or c.description)
        change = c.change
        change_text = f"{change:+.3f}" if math.isfinite(change) else "−∞"
        return self.tr("{what}: {before} with every head on → {after} with the heads off (log-probability "
                       "change {change})").format(what=what, before=before, after=after,
                                                  change=f"<b>{change_text}</b>")


def _words_html(words: list[tuple[str, str]], marks: list[bool]) -> str:
    out = []
    for (glue, word), marked in zip(words, marks):
        text = html.escape(word)
        out.append(glue + (f'<span style="{CHANGED_STYLE}">{text}</span>' if marked else text))
    return "".join(out)


__all__ = ["BeforeAfterView", "ImportanceView", "symmetric_levels"]
