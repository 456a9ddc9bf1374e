"""Views of the BERT lab, built once and updated in place. Texts are set by the lab (it owns translations)."""
from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.widgets.topk import TopKView

ACTION_COLORS = {"mask": "#ffc266", "random": "#f08c8c", "kept": "#8cc8f0"}
SPECIAL_COLOR = "#e4e4ea"
PAD_COLOR = "#cfcfcf"
SEGMENT_COLORS = ("#dcebfa", "#fbe3c8")  # segment A, segment B
STRIP_PER_ROW = 12  # tokens per row when a line (segment ids) is shown under them


class TokenStrip(QTextBrowser):
    """Tokens as coloured chips in running text. `token_clicked(index)` when clickable, `token_hovered(index)`
    always (the lab explains [CLS], [SEP], segments in a tooltip). Optionally a line under each token (segment
    ids, originals), then shown as a table of STRIP_PER_ROW tokens per row. One text view, so 512 tokens cost one
    setHtml, not 512 widgets; as tall as its text up to `max_height`, then it scrolls."""

    token_clicked = Signal(int)
    token_hovered = Signal(int)

    def __init__(self, max_height: int = 130, parent=None):
        super().__init__(parent)
        self.max_height = max_height
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.NoFrame)
        self.setStyleSheet("QTextBrowser { background: transparent; font-size: 12pt; }")
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.tokens: tuple[str, ...] = ()
        self.colors: tuple[str | None, ...] = ()
        self.below: tuple[str, ...] | None = None
        self.clickable = True
        self.anchorClicked.connect(lambda url: self._on_link_activated(url.toString()))
        self.highlighted.connect(lambda url: self._on_link_hovered(url.toString()))
        self._fit()

    def set_tokens(self, tokens, colors=None, below=None, clickable: bool = True) -> None:
        self.tokens = tuple(tokens)
        self.colors = tuple(colors) if colors is not None else (None,) * len(self.tokens)
        self.below = tuple(str(b) for b in below) if below is not None else None
        self.clickable = clickable
        chips = []
        for i, tok in enumerate(self.tokens):
            color = self.colors[i] or (SPECIAL_COLOR if tok.startswith("[") and tok.endswith("]") else "#ffffff")
            # every chip is a link, so hovering reports it; clicks count only when clickable
            chips.append((color, f"<a href='{i}' style='color: #111; text-decoration: none;'>{html.escape(tok)}</a>"))
        if self.below is None:
            body = " ".join(f"<span style='background-color: {c};'>&nbsp;{inner}&nbsp;</span>" for c, inner in chips)
        else:
            rows = []
            for start in range(0, len(chips), STRIP_PER_ROW):
                part = chips[start:start + STRIP_PER_ROW]
                rows.append("<tr>" + "".join(f"<td align='center' bgcolor='{c}'>&nbsp;{inner}&nbsp;</td>"
                                             for c, inner in part) + "</tr>")
                rows.append("<tr>" + "".join(
                    f"<td align='center' style='color: #555; font-size: 10pt;'>{html.escape(b)}</td>"
                    for b in self.below[start:start + STRIP_PER_ROW]) + "</tr>")
            body = "<table cellspacing='2' cellpadding='1'>" + "".join(rows) + "</table>"
        self.setHtml(body)
        self._fit()

    def _fit(self) -> None:
        """As tall as the laid-out text, up to max_height."""
        doc = self.document()
        doc.setTextWidth(max(self.viewport().width(), 200))
        height = int(doc.size().height()) + 2 * self.frameWidth() + 4
        self.setFixedHeight(max(28, min(self.max_height, height)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def click_token(self, index: int) -> None:
        """What a click on token `index` does (tests and keyboard use)."""
        self._on_link_activated(str(index))

    def _index(self, link: str) -> int | None:
        try:
            index = int(link)
        except ValueError:
            return None
        return index if 0 <= index < len(self.tokens) else None

    def _on_link_activated(self, link: str) -> None:
        index = self._index(link)
        if index is not None and self.clickable:
            self.token_clicked.emit(index)

    def _on_link_hovered(self, link: str) -> None:
        index = self._index(link)
        if index is not None:
            self.token_hovered.emit(index)


class MaskPredictions(QWidget):
    """One box per [MASK]: a title and its top-k bars. Boxes are made as more masks appear and hidden when fewer;
    never rebuilt. `candidate_clicked(mask_index, row)`."""

    candidate_clicked = Signal(int, int)

    def __init__(self, k: int, columns: int = 2, parent=None):
        super().__init__(parent)
        self.k = k
        self.columns = columns
        self.layout_ = QGridLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.titles: list[QLabel] = []
        self.views: list[TopKView] = []
        self.frames: list[QFrame] = []
        self.count = 0

    def _ensure(self, n: int) -> None:
        while len(self.views) < n:
            index = len(self.views)
            frame = QFrame()
            frame.setFrameShape(QFrame.StyledPanel)
            frame.setMaximumWidth(440)  # one mask alone should not stretch its bars across the window
            frame.setMinimumWidth(220)  # three side by side in a 1024-pixel window with the lab list
            title = QLabel()
            title.setStyleSheet("font-weight: bold;")
            view = TopKView(self.k)
            view.candidate_clicked.connect(lambda row, m=index: self.candidate_clicked.emit(m, row))
            box = QVBoxLayout(frame)
            box.setContentsMargins(4, 2, 4, 2)
            box.setSpacing(1)
            box.addWidget(title)
            box.addWidget(view)
            self.layout_.addWidget(frame, index // self.columns, index % self.columns, Qt.AlignLeft | Qt.AlignTop)
            self.titles.append(title)
            self.views.append(view)
            self.frames.append(frame)

    def set_predictions(self, titles, tokens, probs) -> None:
        n = len(tokens)
        self._ensure(n)
        self.count = n
        for i, (frame, title, view) in enumerate(zip(self.frames, self.titles, self.views)):
            frame.setVisible(i < n)
            if i < n:
                title.setText(titles[i])
                view.set_candidates(tokens[i], probs[i], chosen=0)

    def set_titles(self, titles) -> None:
        for title, text in zip(self.titles, titles):
            title.setText(text)


class EmbeddingsView(QWidget):
    """token + segment + position = sum, then LayerNorm: five (T, D) heatmaps side by side, one token per row.
    `cell_hovered(part, row, col)` for the formula readout (part: 0..4 as in PARTS)."""

    PARTS = ("token", "segment", "position", "sum", "normed")
    cell_hovered = Signal(int, int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        from desktop_app.widgets.heatmap import HeatmapView

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(2)
        self.views: list = []
        self.titles: list[QLabel] = []
        self.operators: list[QLabel] = []
        for i, part in enumerate(self.PARTS):
            title = QLabel()
            title.setAlignment(Qt.AlignCenter)
            title.setStyleSheet("font-weight: bold;")
            title.setWordWrap(True)
            view = HeatmapView(colormap="diverging", max_display=512)
            view.setMinimumWidth(120)
            view.cell_hovered.connect(lambda row, col, _v, p=i: self.cell_hovered.emit(p, row, col))
            grid.addWidget(title, 0, 2 * i)
            grid.addWidget(view, 1, 2 * i)
            grid.setColumnStretch(2 * i, 1)
            self.views.append(view)
            self.titles.append(title)
            if i < len(self.PARTS) - 1:
                op = QLabel(("+", "+", "=", "→")[i])
                op.setAlignment(Qt.AlignCenter)
                op.setStyleSheet("font-size: 18pt; font-weight: bold; color: #444;")
                grid.addWidget(op, 1, 2 * i + 1)
                self.operators.append(op)
        # before the first sentence: one line in place of five empty maps
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #555;")
        grid.addWidget(self.empty_label, 1, 0, 1, 2 * len(self.PARTS) - 1)
        grid.setRowStretch(1, 1)  # the maps (or the line) take the height, the titles stay one line
        self._empty = None
        self._show_empty(True)

    def _show_empty(self, empty: bool) -> None:
        if self._empty == empty:
            return
        self._empty = empty
        self.empty_label.setVisible(empty)
        for widget in self.views + self.operators:
            widget.setVisible(not empty)

    def set_parts(self, tokens, matrices) -> None:
        """matrices: five (T, D) arrays in PARTS order. The three parts and their sum share one symmetric colour
        scale, so a cell of the sum visibly is the three cells above it added up; LayerNorm has its own."""
        self._show_empty(False)
        shared = max(float(np.abs(m).max()) for m in matrices[:4]) or 1.0
        normed = float(np.abs(matrices[4]).max()) or 1.0
        for i, (view, m) in enumerate(zip(self.views, matrices)):
            hi = normed if i == 4 else shared
            # dimensions: numbers, as many as fit without overlapping
            view.set_matrix(m, list(tokens) if i == 0 else [""] * len(tokens), self._dims(m.shape[1]),
                            levels=(-hi, hi))

    def _dims(self, n: int) -> list[str]:
        if len(getattr(self, "_dim_labels", ())) != n:
            self._dim_labels = [str(d) for d in range(n)]
        return self._dim_labels

    def set_titles(self, titles) -> None:
        for label, text in zip(self.titles, titles):
            label.setText(text)

    def set_empty_text(self, text: str) -> None:
        """Shown in place of the maps before the first sentence."""
        self.empty_label.setText(text)


class AttentionLines(pg.PlotWidget):
    """The head view as lines: tokens on the left (queries) and right (keys), a line for every weight above a
    threshold, darker and thicker for larger weights. Lines are drawn in a few opacity buckets, one curve each
    (connect="pairs"), so hundreds of lines cost a handful of items. Built once; `set_weights` changes data."""

    BUCKETS = (0.05, 0.15, 0.3, 0.5, 0.75)  # lower bounds of the weight buckets
    MAX_TOKENS = 96  # beyond this the lines are unreadable; the lab shows the heatmap instead

    def __init__(self, parent=None):
        super().__init__(parent)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideAxis("left")
        item.hideAxis("bottom")
        item.hideButtons()
        self.setMouseEnabled(False, False)
        item.invertY(True)
        self.curves = []
        for i, lo in enumerate(self.BUCKETS):
            alpha = int(60 + 195 * i / (len(self.BUCKETS) - 1))
            pen = pg.mkPen(QColor(31, 119, 180, alpha), width=1 + 1.5 * i)
            curve = pg.PlotCurveItem(pen=pen, connect="pairs")
            self.addItem(curve)
            self.curves.append(curve)
        self.left_texts: list[pg.TextItem] = []
        self.right_texts: list[pg.TextItem] = []
        self.weights = np.zeros((0, 0))

    def _texts(self, texts: list, n: int, anchor) -> None:
        while len(texts) < n:
            t = pg.TextItem(anchor=anchor, color="#111")
            self.addItem(t)
            texts.append(t)
        for i, t in enumerate(texts):
            t.setVisible(i < n)

    def set_weights(self, weights: np.ndarray, tokens) -> None:
        """weights (T, T), row = query (left), column = key (right)."""
        self.weights = np.asarray(weights)
        n = len(tokens)
        self._texts(self.left_texts, n, (1, 0.5))
        self._texts(self.right_texts, n, (0, 0.5))
        for i, tok in enumerate(tokens):
            self.left_texts[i].setText(tok)
            self.left_texts[i].setPos(0.0, i)
            self.right_texts[i].setText(tok)
            self.right_texts[i].setPos(1.0, i)
        rows, cols = np.nonzero(self.weights >= self.BUCKETS[0])
        values = self.weights[rows, cols]
        edges = list(self.BUCKETS[1:]) + [np.inf]
        for curve, lo, hi in zip(self.curves, self.BUCKETS, edges):
            pick = (values >= lo) & (values < hi)
            r, c = rows[pick], cols[pick]
            x = np.empty(2 * r.size)
            y = np.empty(2 * r.size)
            x[0::2], x[1::2] = 0.02, 0.98
            y[0::2], y[1::2] = r, c
            curve.setData(x, y)
        self.setXRange(-0.45, 1.45, padding=0)
        self.setYRange(-0.5, max(n, 1) - 0.5, padding=0.02)


class BatchTable(QLabel):
    """The padded batch as a table: one row of token chips per sentence ([PAD] grey) and its attention-mask row
    (1 real, 0 padding) under it. Clicking a token picks its sentence: `sentence_clicked(b)`. One QLabel."""

    sentence_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTextFormat(Qt.RichText)
        self.setTextInteractionFlags(Qt.LinksAccessibleByMouse)
        self.setOpenExternalLinks(False)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.linkActivated.connect(self._on_link_activated)
        self.n_rows = 0

    def set_batch(self, tokens, mask, selected: int, mask_label: str) -> None:
        self.n_rows = len(tokens)
        rows = []
        for b, (row, bits) in enumerate(zip(tokens, mask)):
            weight = "bold" if b == selected else "normal"
            head = (f"<td style='font-weight: {weight}; padding-right: 6px;'>"
                    f"<a href='{b}' style='color: #111; text-decoration: none;'>{b + 1}</a></td>")
            chips = "".join(
                f"<td align='center' bgcolor='{PAD_COLOR if tok == '[PAD]' else SEGMENT_COLORS[0]}'>"
                f"<a href='{b}' style='color: #111; text-decoration: none; font-weight: {weight};'>"
                f"{html.escape(tok)}</a></td>" for tok in row)
            bits_row = "".join(f"<td align='center' style='color: {'#b00020' if not m else '#555'}; "
                               f"font-size: 9pt;'>{int(m)}</td>" for m in bits)
            rows.append(f"<tr>{head}{chips}</tr>")
            rows.append(f"<tr><td style='color: #555; font-size: 9pt;'>{html.escape(mask_label)}</td>{bits_row}</tr>")
        self.setText("<table cellspacing='2' cellpadding='2'>" + "".join(rows) + "</table>")

    def click_sentence(self, b: int) -> None:
        self.linkActivated.emit(str(b))

    def _on_link_activated(self, link: str) -> None:
        try:
            b = int(link)
        except ValueError:
            return
        if 0 <= b < self.n_rows:
            self.sentence_clicked.emit(b)
