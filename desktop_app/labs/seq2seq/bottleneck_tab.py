"""The Seq2Seq lab's "Bottleneck" tab: test BLEU by source length for the four models (metrics.json), and the
sentence in the box through every model found, side by side."""
from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from desktop_app.labs.seq2seq.compute import bleu_by_length, read_metrics, translate_all
from desktop_app.labs.seq2seq.job_tab import JobTab
from desktop_app.labs.seq2seq.views import BleuChart
from desktop_app.sessions.seq2seq import Seq2SeqSession
from desktop_app.sessions.seq2seq_compute import ATTENTIONS, clean_sentence, models_dir
from desktop_app.widgets.export import ExportData


class BottleneckTab(JobTab):
    status_message = Signal(str)

    def __init__(self, session: Seq2SeqSession, add_view: Callable, sentence_text: Callable[[], str],
                 meta: Callable[[str], dict], parent=None):
        """add_view: the lab's LabFrame.add_view; sentence_text(): what the sentence box holds now."""
        super().__init__(session, parent)
        self._sentence_text, self._meta = sentence_text, meta
        self.rows = None  # CompareRow list of the last comparison
        self.bleu: tuple[list[str], dict] = ([], {})
        words = self.words
        self.bleu_chart = BleuChart()
        words.call(lambda: self.bleu_chart.setLabel("bottom", self.tr("source length (tokens)")))
        words.call(lambda: self.bleu_chart.setLabel("left", self.tr("BLEU")))
        self.bleu_title, bleu_frame = add_view(
            "bleu", self.bleu_chart, self.bleu_export_data, guard_title=True,
            title=lambda: self.tr("Test BLEU by source length (tokens)"),
            tip=lambda: self.tr("Without attention, quality falls as sentences grow: the whole source must fit in one "
                                "vector."))
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.compare_button = self.job_button = words(
            QPushButton(), text=lambda: self.tr("Translate with all models"),
            tip=lambda: self.tr("The current sentence through every model found, side by side"))
        self.compare_button.clicked.connect(self.compare)
        self.compare_table = QTableWidget(0, 3)
        words.call(lambda: self.compare_table.setHorizontalHeaderLabels(
            [self.tr("Model"), self.tr("Translation"), self.tr("log p")]))
        self.compare_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.compare_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.compare_table.verticalHeader().setVisible(False)
        compare_box = QWidget()
        compare_layout = QVBoxLayout(compare_box)
        compare_layout.setContentsMargins(0, 0, 0, 0)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.compare_button)
        compare_row.addStretch(1)
        compare_layout.addLayout(compare_row)
        compare_layout.addWidget(self.compare_table, 1)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(bleu_frame)
        split.addWidget(compare_box)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.missing_label)
        layout.addWidget(split, 1)
        session.models_listed.connect(self.update_button)
        self.refresh_bleu()
        self._refresh_table()
        self.update_button()

    def can_run(self) -> bool:
        return bool(self.session.models)

    def refresh_bleu(self) -> None:
        """Read the models' metrics.json again (a training run may have written one)."""
        metrics = read_metrics(models_dir())
        buckets, values = bleu_by_length(metrics)
        names = {}
        for name in ATTENTIONS:
            m = metrics.get(name)
            names[name] = f"{name} ({m.get('test_bleu', '?')})" if m else name
        self.bleu_chart.set_data(buckets, values, names)
        self.bleu = (buckets, values)
        self._refresh_missing()

    def compare(self) -> None:
        """The sentence in the box through every model, in a worker (models not loaded yet are loaded there)."""
        s = self.session
        text = self._sentence_text()
        if not text.strip():
            self.rows = []
            self._refresh_table()
            self.status_message.emit(self.tr("Type an English sentence to translate (the box is empty)."))
            return
        sentence, _cut = clean_sentence(text)
        self.start_job(translate_all, [(m.name, m.folder) for m in s.models], dict(s.cache), sentence,
                       on_done=self._on_compare_done, on_error=self._on_compare_failed)
        self.compare_table.setRowCount(0)
        self.status_message.emit(self.tr("Translating with every model…"))

    # slots -------------------------------------------------------------------------------------------------
    def _on_compare_done(self, result) -> None:
        rows, new = result
        self.session.add_loaded(new)
        self.rows = rows
        self._refresh_table()

    def _on_compare_failed(self, exc: BaseException) -> None:
        self.status_message.emit(self.tr("Could not compare the models: {error}").format(error=exc))

    # export ------------------------------------------------------------------------------------------------
    def bleu_export_data(self) -> ExportData:
        buckets, values = self.bleu
        columns = {"source_tokens": np.array(buckets, dtype=object)}
        for name, v in values.items():
            columns[name] = np.array(v if v is not None else [np.nan] * len(buckets), dtype=float)
        return ExportData(name="seq2seq_bleu_by_length", columns=columns, meta=self._meta("bleu"))

    # texts -------------------------------------------------------------------------------------------------
    def _refresh_missing(self) -> None:
        missing = [n for n in ATTENTIONS if self.bleu[1].get(n) is None]
        if missing:
            self.missing_label.setText(self.tr("Missing (no metrics.json yet): {names}").format(
                names=", ".join(missing)))
        else:
            self.missing_label.setText(self.tr("Legend: model (overall test BLEU)."))

    def _refresh_table(self) -> None:
        rows = self.rows or []
        self.compare_table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            text = row.translation if not row.error else self.tr("failed: {error}").format(error=row.error)
            for j, value in enumerate((row.name, text, "" if row.error else f"{row.log_prob:.2f}")):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.compare_table.setItem(i, j, item)
        self.compare_table.resizeColumnToContents(0)

    def retranslate(self) -> None:
        self.refresh_bleu()
        self._refresh_table()
