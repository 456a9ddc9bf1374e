"""Views of the Seq2Seq lab, built once and updated in place: the beam tree, BLEU by source length (the top-k bars are
the shared desktop_app.widgets.topk.TopKView)."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

CHOSEN = QColor("#c62828")
MODEL_COLOURS = {"plain": "#7f7f7f", "dot": "#1f77b4", "general": "#2ca02c", "additive": "#d62728"}


class BeamTreeView(QGraphicsView):
    """Beam search as a tree: columns = decoding steps, nodes = tokens with their cumulative log-probability,
    edges to the parent hypothesis; the chosen path in red."""

    NODE_W, NODE_H, GAP_X, GAP_Y = 92.0, 34.0, 34.0, 8.0

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.Antialiasing)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setBackgroundBrush(QBrush(QColor("white")))
        self.node_items: dict[int, object] = {}
        self.edge_count = 0
        self.result = None

    def clear_tree(self) -> None:
        self.scene().clear()
        self.node_items.clear()
        self.edge_count = 0
        self.result = None

    def set_result(self, result, root_label: str = "<s>") -> None:
        self.clear_tree()
        self.result = result
        scene = self.scene()
        chosen = set(result.best_path)
        by_step: dict[int, list[int]] = {}
        for i, node in enumerate(result.nodes):
            by_step.setdefault(node.step, []).append(i)
        pos: dict[int, tuple[float, float]] = {}
        for step, members in by_step.items():
            members.sort(key=lambda i: -result.nodes[i].score)
            for row, i in enumerate(members):
                x = (step + 1) * (self.NODE_W + self.GAP_X)
                y = row * (self.NODE_H + self.GAP_Y)
                pos[i] = (x, y)
        root = (0.0, 0.0)
        font = QFont()
        font.setPointSize(9)
        grey, red = QPen(QColor("#9a9a9a"), 1.2), QPen(CHOSEN, 2.6)
        for i, node in enumerate(result.nodes):  # edges first, under the nodes
            x, y = pos[i]
            px, py = root if node.parent < 0 else pos[node.parent]
            on_path = i in chosen
            scene.addLine(px + self.NODE_W, py + self.NODE_H / 2, x, y + self.NODE_H / 2, red if on_path else grey)
            self.edge_count += 1
        self._add_node(scene, root, root_label, "", True, False, font)
        for i, node in enumerate(result.nodes):
            self.node_items[i] = self._add_node(scene, pos[i], node.token, f"{node.score:.2f}", i in chosen,
                                                node.finished, font)
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self.fit()

    def _add_node(self, scene, xy, token: str, score: str, on_path: bool, finished: bool, font):
        x, y = xy
        pen = QPen(CHOSEN if on_path else QColor("#607080"), 2.2 if on_path else 1.0)
        brush = QBrush(QColor("#ffe9e6") if on_path else (QColor("#eef3e8") if finished else QColor("#f4f6fa")))
        rect = scene.addRect(QRectF(x, y, self.NODE_W, self.NODE_H), pen, brush)
        text = scene.addText(token if not score else f"{token}\n{score}", font)
        text.setDefaultTextColor(QColor("#202020"))
        br = text.boundingRect()
        text.setPos(x + (self.NODE_W - br.width()) / 2, y + (self.NODE_H - br.height()) / 2)
        return rect

    def fit(self) -> None:
        if self.scene().items():
            rect = self.scene().sceneRect()
            self.fitInView(rect, Qt.KeepAspectRatio)
            if self.transform().m11() < 0.45:  # too small to read: keep a readable zoom and let the user scroll
                self.resetTransform()
                self.scale(0.45, 0.45)
                self.centerOn(rect.left(), rect.top())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()


class BleuChart(pg.PlotWidget):
    """Grouped bars: test BLEU per source-length bucket, one colour per model; missing models are listed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.setMenuEnabled(False)
        self.hideButtons()
        self.legend = self.addLegend(offset=(-10, 10))
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.showGrid(y=True, alpha=0.3)

    def set_data(self, buckets: list[str], values: dict[str, list[float] | None], names: dict[str, str]) -> None:
        for item in self.bars.values():
            self.removeItem(item)
        self.bars.clear()
        self.legend.clear()
        present = [m for m, v in values.items() if v is not None]
        n = max(1, len(values))
        width = 0.8 / n
        for k, model in enumerate(values):
            v = values[model]
            if v is None:
                continue
            heights = np.nan_to_num(np.asarray(v, dtype=float), nan=0.0)
            x = np.arange(len(buckets)) - 0.4 + width * (k + 0.5)
            item = pg.BarGraphItem(x=x, height=heights, width=width * 0.95, brush=MODEL_COLOURS.get(model, "#888"),
                                   pen=pg.mkPen("#333", width=0.5))
            self.addItem(item)
            self.legend.addItem(item, names.get(model, model))
            self.bars[model] = item
        self.getAxis("bottom").setTicks([[(i, b) for i, b in enumerate(buckets)]])
        top = max([0.0] + [float(np.nanmax(values[m])) for m in present if values[m] and
                           not all(math.isnan(x) for x in values[m])])
        self.setXRange(-0.6, max(0.6, len(buckets) - 0.4), padding=0)
        self.setYRange(0, max(5.0, top * 1.25), padding=0)
