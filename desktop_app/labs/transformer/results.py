"""The results table, in the style of the Transformer paper's Table 2: every EN->ES model we ship, on the same test
set, with its BLEU, parameter count and training cost, read from the metrics.json written next to its weights.

`results_rows` is plain Python (read by the table and by tests); `ResultsTable` only shows the rows; `ResultsTab` is
the lab's tab: a line about the test set over the table.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from desktop_app.kit.words import Worded

SEQ2SEQ_ORDER = ("plain", "dot", "general", "additive")


@dataclass(frozen=True)
class ResultRow:
    key: str  # "seq2seq/plain", "transformer/en-es"
    family: str  # "seq2seq" | "transformer"
    variant: str  # the attention kind for seq2seq, the data for the Transformer
    bleu: float | None  # lowercase corpus BLEU on the shared test set
    bleu_long: float | None  # BLEU on sources of 16+ tokens (the bottleneck shows there)
    parameters: int | None
    minutes: float | None
    epochs: float | None
    hardware: str
    test_pairs: int | None
    shipped: bool


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def results_rows(models_dir: Path) -> list[ResultRow]:
    """One row per EN->ES model: the four Seq2Seq models, then the Transformer; missing ones marked unshipped."""
    rows = []
    for variant in SEQ2SEQ_ORDER:
        m = _read(models_dir / "seq2seq" / variant / "metrics.json")
        shipped = m is not None and (models_dir / "seq2seq" / variant / "model.safetensors").is_file()
        m = m or {}
        by_len = m.get("test_bleu_by_source_tokens") if isinstance(m.get("test_bleu_by_source_tokens"), dict) else {}
        long = by_len.get("16+") if isinstance(by_len.get("16+"), dict) else {}
        split = m.get("split") if isinstance(m.get("split"), dict) else {}
        rows.append(ResultRow(f"seq2seq/{variant}", "seq2seq", variant, _number(m.get("test_bleu")),
                              _number(long.get("bleu_lowercase")), m.get("parameters"), _number(m.get("minutes")),
                              _number(m.get("epochs")), str(m.get("hardware", "")), split.get("test"), shipped))
    folder = models_dir / "transformer" / "en-es"
    m = _read(folder / "metrics.json")
    shipped = m is not None and (folder / "model.safetensors").is_file()
    m = m or {}
    test = m.get("test") if isinstance(m.get("test"), dict) else {}
    by_len = test.get("bleu_by_source_length") if isinstance(test.get("bleu_by_source_length"), dict) else {}
    long = by_len.get("16+") if isinstance(by_len.get("16+"), dict) else {}
    rows.append(ResultRow("transformer/en-es", "transformer", "en-es", _number(test.get("bleu")),
                          _number(long.get("bleu")), m.get("parameters"), _number(m.get("minutes")),
                          _number(m.get("epochs")), str(m.get("hardware", "")), m.get("test_pairs"), shipped))
    return rows


class ResultsTable(Worded, QTableWidget):
    """Model | BLEU | BLEU, 16+ source tokens | parameters | training; rows from results_rows."""

    def __init__(self, parent=None):
        super().__init__(0, 5, parent)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.words.call(lambda: self.setHorizontalHeaderLabels([
            self.tr("Model"), self.tr("BLEU"), self.tr("BLEU, 16+ source tokens"), self.tr("Parameters"),
            self.tr("Training cost")]))
        self.rows: list[ResultRow] = []

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.rows = list(rows)
        self.setRowCount(len(self.rows))
        self.retranslate()

    def _model_name(self, row: ResultRow) -> str:
        if row.family == "transformer":
            return self.tr("Transformer (d 256, 3 + 3 layers)") if row.shipped else self.tr("Transformer")
        names = {"plain": self.tr("GRU Seq2Seq, no attention (bottleneck)"),
                 "dot": self.tr("GRU Seq2Seq + dot attention"),
                 "general": self.tr("GRU Seq2Seq + general attention"),
                 "additive": self.tr("GRU Seq2Seq + additive attention")}
        return names.get(row.variant, row.variant)

    def retranslate(self) -> None:
        """Fills the cells from the rows (their model names and costs follow the language)."""
        best = max((r.bleu for r in self.rows if r.bleu is not None), default=None)
        for i, row in enumerate(self.rows):
            if not row.shipped:
                cells = [self._model_name(row), "—", "—", "—", self.tr("not shipped")]
            else:
                cost = (self.tr("{m:.0f} min, {e:.2f} epochs").format(m=row.minutes, e=row.epochs)
                        if row.minutes is not None and row.epochs is not None else "—")
                if row.hardware:
                    cost += f" ({row.hardware})"
                cells = [self._model_name(row), "—" if row.bleu is None else f"{row.bleu:.1f}",
                         "—" if row.bleu_long is None else f"{row.bleu_long:.1f}",
                         "—" if not isinstance(row.parameters, int) else f"{row.parameters / 1e6:.1f} M", cost]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j in (1, 2, 3):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if j == 1 and row.bleu is not None and row.bleu == best:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(i, j, item)


class ResultsTab(Worded, QWidget):
    """The table of every EN->ES model we ship, under a line saying what it measures."""

    def __init__(self, models_dir: Path, parent=None):
        super().__init__(parent)
        self.table = ResultsTable()
        self.table.set_rows(results_rows(models_dir))  # a few small JSON files
        test_pairs = next((r.test_pairs for r in self.table.rows if r.test_pairs), "—")
        text = self.words(QLabel(), text=lambda: self.tr(
            "Every English→Spanish model we ship, on the same {n} held-out Tatoeba test pairs, in the style of the "
            "Transformer paper's results table: BLEU (sacrebleu, lowercase, greedy decoding), BLEU on the long "
            "sentences only, where one fixed context vector runs out of room, the size of each model and what its "
            "training cost on our CPU. Each row is read from the metrics.json written next to the model's weights."
        ).format(n=test_pairs))
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
