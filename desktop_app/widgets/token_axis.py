"""TokenAxis: a heatmap's axis with one label per cell (tokens, units) that never draws two labels on top of each
other: every label when they all fit (a bottom axis turns them upright when that makes them fit), else as many as fit,
the ones that matter first (a marked row or column, the current row's largest weights, first and last); a marked cell
gets its label in bold on a tint and a small triangle pointing at the map. Used by desktop_app.widgets.heatmap.
"""
from __future__ import annotations

import bisect
import math
from typing import Callable, Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPolygonF

from desktop_app.widgets.color_bar import QuietLabelAxis

MARK_ROW = "#c62828"  # set_current_row: the row being computed (the newest decoder step, a picked unit)
MARK_COL = "#b8860b"  # set_current_col: a column chosen elsewhere (a what-if's source token, a picked time step)
LABEL_GAP = 6  # px kept free between two neighbouring labels along an axis
MAX_LABEL_PX = 160  # a longer label is elided (the hover names the whole token)
ROTATED_SHARE = 0.3  # upright bottom labels may take at most this share of the plot's height


def _spread_order(n: int) -> list[int]:
    """Indices 0..n-1, the "roundest" first (0, 512, 256, 768, 128, ...): placed greedily without overlap, the labels
    that fit come out evenly spread, as every k-th would, for any k."""
    def roundness(i: int) -> int:
        return (i & -i).bit_length() if i else 64

    return sorted(range(n), key=lambda i: (-roundness(i), i))


def label_priority(n: int, weights: np.ndarray | None = None, mark: int | None = None) -> list[int]:
    """Which labels an axis of n tokens shows first when not all fit: the marked one, the three largest weights,
    the first and the last, then the rest by weight (or evenly spread without weights)."""
    order: list[int] = [] if mark is None or not 0 <= mark < n else [mark]
    if weights is not None and len(weights) == n:
        by_weight = [int(i) for i in np.argsort(-np.nan_to_num(np.asarray(weights, dtype=float)), kind="stable")]
        order += by_weight[:3] + [0, n - 1] + by_weight[3:]
    else:
        order += [0, n - 1] + _spread_order(n)
    seen: set[int] = set()
    return [i for i in order if 0 <= i < n and not (i in seen or seen.add(i))]


class SteadyAxis(QuietLabelAxis):
    """An axis whose room for tick labels changes in steps of 24 px, not with every label: a new token label a
    few pixels wider would otherwise re-lay out the whole plot (and repaint it) in the middle of stepping."""

    STEP = 24

    def _updateMaxTextSize(self, x):
        super()._updateMaxTextSize(math.ceil(x / self.STEP) * self.STEP if x > 0 else x)


class TokenAxis(SteadyAxis):
    """An axis with one label per cell (tokens, units). Every label is drawn when they all fit; a bottom axis turns
    them upright when that makes them fit. Otherwise as many as fit without overlapping, in `priority` order (the
    marked cell, the current row's largest weights, first and last, ...), with a short tick under every cell. The
    marked cell (`set_mark`) has its label in bold on a tint and a triangle pointing at the map.

    Without labels (`set_labels(None)`) it is pyqtgraph's numeric axis. Its room for text is taken from all labels
    (not the ones drawn), so the plot is not laid out again when another subset is drawn."""

    def __init__(self, orientation: str, **kwargs):
        super().__init__(orientation, **kwargs)
        self.labels: list[str] | None = None
        self.priority: list[int] | None = None
        self.mark: int | None = None
        self.mark_color = QColor(MARK_ROW if orientation in ("left", "right") else MARK_COL)
        self.rotated = False  # what the last paint did: upright bottom labels
        self.shown: list[int] = []  # the indices whose labels the last paint drew
        self._widths: tuple | None = None  # (labels, font key, elided labels, widths) of the last measure
        self._token_specs = False  # generateDrawSpecs made this axis's own text specs (drawPicture draws them)
        self._spread: list[int] | None = None  # label_priority(n) of the labels, kept between paints
        if orientation in ("top", "bottom"):
            self.setStyle(hideOverlappingLabels=24)  # the first and last label may reach a little past the map

    def setRange(self, mn: float, mx: float) -> None:
        """Only a new range is drawn again: the view box's width changing (a map growing a column) does not make
        the left axis, whose range and size stay, lay out its labels again."""
        if [mn, mx] != list(getattr(self, "range", ())):
            super().setRange(mn, mx)

    def set_labels(self, labels: Sequence[str] | None) -> None:
        labels = None if labels is None else [str(t) for t in labels]
        if labels == self.labels:
            return
        self.labels = labels
        self.setTicks(None)
        self._redraw()

    def set_priority(self, priority: Sequence[int] | None) -> None:
        priority = None if priority is None else [int(i) for i in priority]
        if priority != self.priority:
            self.priority = priority
            self._redraw()

    def set_mark(self, index: int | None, color: str | None = None) -> None:
        if color is not None:
            self.mark_color = QColor(color)
        if index != self.mark:
            self.mark = None if index is None else int(index)
            self._redraw()

    def _redraw(self) -> None:
        self.picture = None
        self.update()

    def _measure(self, font: QFont) -> tuple[list[str], list[float], list[float], float]:
        """(labels elided to MAX_LABEL_PX, their widths, their widths in bold, line height) for this font."""
        key = (tuple(self.labels), font.key())
        if self._widths is None or self._widths[0] != key:
            metrics = QFontMetricsF(font)
            bold_font = QFont(font)
            bold_font.setBold(True)
            bold = QFontMetricsF(bold_font)
            texts = [metrics.elidedText(t, Qt.TextElideMode.ElideRight, MAX_LABEL_PX) for t in self.labels]
            self._widths = (key, texts, [metrics.horizontalAdvance(t) for t in texts],
                            [bold.horizontalAdvance(t) for t in texts], metrics.height())
        return self._widths[1:]

    def generateDrawSpecs(self, p):
        if self.labels is None:
            self._token_specs, self.rotated, self.shown = False, False, []
            return super().generateDrawSpecs(p)
        self._token_specs = True
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        bounds = self.mapRectFromParent(self.geometry())
        vertical = self.orientation in ("left", "right")
        lo, hi = self.range
        if hi == lo or bounds.width() <= 0 or bounds.height() <= 0:
            return None
        if vertical:  # pyqtgraph's mapping from a value to a pixel along the axis
            scale = -bounds.height() / (hi - lo)
            offset = lo * scale - bounds.height()
            span = (bounds.topRight() + QPointF(-1, -1), bounds.bottomRight() + QPointF(-1, 1))
            tick_stop = bounds.right()
        else:
            scale = bounds.width() / (hi - lo)
            offset = lo * scale
            span = (bounds.topLeft() + QPointF(-1, 1), bounds.topRight() + QPointF(1, 1))
            tick_stop = bounds.top()
        cell = abs(scale)
        first, last = max(0, math.ceil(min(lo, hi) - 1e-6)), min(len(self.labels) - 1, math.floor(max(lo, hi) + 1e-6))
        visible = range(first, last + 1)
        texts, widths, bold_widths, line = self._measure(p.font())
        along = line * 0.72  # a horizontal label's ink height: the line without its leading and descent room

        # which labels, drawn how -------------------------------------------------------------------------------
        self.rotated = False
        if vertical:
            extent = lambda i: along  # noqa: E731
            fits = cell >= along + 1
        else:
            fits = all((widths[i] + widths[i + 1]) / 2 + LABEL_GAP <= cell for i in range(first, last))
            if not fits and cell >= along + 1 and visible:
                room = (self.linkedView().height() + self.height()) * ROTATED_SHARE
                self.rotated = fits = max(bold_widths) <= room
            extent = lambda i: along if self.rotated else (bold_widths if i == self.mark else widths)[i]  # noqa: E731
        if fits:
            shown = list(visible)
        else:
            shown = self._greedy(visible, extent, lambda i: i * scale - offset)
        self.shown = sorted(shown)

        # ticks, texts, room ---------------------------------------------------------------------------------------
        pen = self.tickPen()
        length = self.style["tickLength"]
        sign = -1 if vertical else 1
        ticks = []
        for i in visible:
            x = i * scale - offset
            size = length if (fits or i in shown) else (length / 2 if cell >= 4 else 0)
            if size:
                a, b = (QPointF(tick_stop, x), QPointF(tick_stop + sign * size, x)) if vertical else \
                    (QPointF(x, tick_stop), QPointF(x, tick_stop + sign * size))
                ticks.append((pen, a, b))
        gap = max(0, length) + self.style["tickTextOffset"][0 if vertical else 1]
        specs = []
        for i in self.shown:
            x = i * scale - offset
            width = bold_widths[i] if i == self.mark else widths[i]
            if vertical:
                rect = QRectF(tick_stop - gap - width, x - line / 2, width, line)
            elif self.rotated:
                rect = QRectF(x - line / 2, tick_stop + gap, line, width)
            else:  # centred under its column, moved in at the ends to stay near the map
                left = min(max(x - width / 2, bounds.left() - 20), bounds.right() + 20 - width)
                rect = QRectF(left, tick_stop + gap, width, line)
            specs.append((rect, i, texts[i]))
        room = max(bold_widths, default=0.0)
        if vertical:
            self._updateMaxTextSize(math.ceil(room))
        else:
            self._updateMaxTextSize(math.ceil(room if self.rotated else along))
        return (self.pen(), *span), ticks, specs

    def _greedy(self, visible: range, extent: Callable[[int], float], position: Callable[[int], float]) -> list[int]:
        """Labels in priority order, each kept if it overlaps none kept before."""
        order = self.priority
        if order is None:  # evenly spread: the same order for every paint of these labels
            if self._spread is None or len(self._spread) != len(self.labels):
                self._spread = label_priority(len(self.labels))
            order = self._spread
        if self.mark is not None and self.mark in visible:
            order = [self.mark] + order
        starts: list[float] = []  # sorted intervals kept so far
        ends: list[float] = []
        kept = []
        for i in order:
            if i not in visible:
                continue
            centre, half = position(i), extent(i) / 2 + LABEL_GAP / 2
            a, b = min(centre - half, centre + half), max(centre - half, centre + half)
            k = bisect.bisect_left(starts, a)
            if (k > 0 and ends[k - 1] > a) or (k < len(starts) and starts[k] < b):
                continue
            starts.insert(k, a)
            ends.insert(k, b)
            kept.append(i)
        return kept

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs):
        if not self._token_specs:
            return super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
        super().drawPicture(p, axisSpec, tickSpecs, [])  # the axis line and the ticks
        font = p.font()
        bold = QFont(font)
        bold.setBold(True)
        vertical = self.orientation in ("left", "right")
        for rect, index, text in textSpecs:
            marked = index == self.mark
            if marked:
                tint = QColor(self.mark_color)
                tint.setAlpha(40)
                p.fillRect(rect.adjusted(-2, 0, 2, 0) if not self.rotated else rect.adjusted(0, -2, 0, 2), tint)
                p.setFont(bold)
                p.setPen(self.mark_color)
            else:
                p.setFont(font)
                p.setPen(self.textPen())
            if self.rotated:
                p.save()
                p.translate(rect.center().x(), rect.top())
                p.rotate(-90)
                p.drawText(QRectF(-rect.height(), -rect.width() / 2, rect.height(), rect.width()),
                           int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
                p.restore()
            else:
                align = Qt.AlignmentFlag.AlignRight if vertical else Qt.AlignmentFlag.AlignHCenter
                p.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)
        if self.mark is not None and self.mark in self.shown:
            self._draw_triangle(p, next(r for r, i, _t in textSpecs if i == self.mark))

    def _draw_triangle(self, p, rect: QRectF) -> None:
        """A small filled triangle between the marked label and the map, pointing at the map."""
        bounds = self.mapRectFromParent(self.geometry())
        size = 7.0
        if self.orientation == "left":
            y, x = rect.center().y(), bounds.right() - 1
            points = [QPointF(x, y), QPointF(x - size, y - size * 0.6), QPointF(x - size, y + size * 0.6)]
        else:
            x, y = rect.center().x(), bounds.top() + 1
            points = [QPointF(x, y), QPointF(x - size * 0.6, y + size), QPointF(x + size * 0.6, y + size)]
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.mark_color)
        p.drawPolygon(QPolygonF(points))
