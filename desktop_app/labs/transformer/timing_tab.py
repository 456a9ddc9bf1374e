"""The parallel-vs-sequential tab: the Transformer encoder over N tokens in one pass against a GRU stepping N times,
timed on this computer, one N at a time in the worker."""
from __future__ import annotations

from typing import Callable, Optional, Sequence

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop_app.kit.words import Worded
from desktop_app.labs.transformer.compute import BENCH_SIZES, LAB_KEY, time_encoders
from desktop_app.labs.transformer.views import BenchPlot
from desktop_app.widgets.export import ExportData
from desktop_app.workers import run_task


class TimingTab(Worded, QWidget):
    point_added = Signal(int)  # a timing for N tokens is on the plot

    def __init__(self, host, add_view: Callable, parent=None):
        """host: the lab's ModelHost (its loaded model is timed); add_view: the lab's LabFrame.add_view."""
        super().__init__(parent)
        self.host = host
        self._task = None
        self._queue: list[int] = []
        self._model = ""  # the model the points were timed with

        words = self.words
        text = words(QLabel(), text=lambda: self.tr(
            "The Transformer encoder computes all N positions at once: one matrix product per layer. A GRU must "
            "wait for h_{t-1} before it can compute h_t, so it takes N steps one after another. Run times both "
            "on this computer for N = 8 … 512."))
        text.setWordWrap(True)
        self.run_button = words(QPushButton(), text=lambda: self.tr("Run"))
        self.run_button.clicked.connect(self._on_run_clicked)
        self.cancel_button = words(QPushButton(), text=lambda: self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, len(BENCH_SIZES))
        self.plot = BenchPlot()
        words.call(lambda: self.plot.plot_item.setLabel("bottom", self.tr("N tokens")))
        words.call(lambda: self.plot.plot_item.setLabel("left", self.tr("ms")))
        words.call(lambda: self.plot.set_curve_names(self.tr("Transformer encoder (one pass)"),
                                                     self.tr("GRU (N steps)")))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setStyleSheet("font-weight: bold;")
        _title, frame = add_view("bench", self.plot, self._export_data, ready=lambda: bool(self.plot.points),
                                 title=lambda: self.tr("Time to encode N tokens (ms, log scale)"))
        row = QHBoxLayout()
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(row)
        layout.addWidget(frame, 1)
        layout.addWidget(self.result)

        host.steps.changed.connect(self._update_buttons)  # a model arrives with the first session
        self._update_buttons()
        self.retranslate()

    def run(self, sizes: Optional[Sequence[int]] = None) -> None:
        """Time the encoders for each N in `sizes` (default BENCH_SIZES), one after another."""
        if self.host.bundle is None or self._task is not None:
            return
        self._queue = list(sizes or BENCH_SIZES)
        self._model = self.host.folder.name
        self.progress.setRange(0, len(self._queue))
        self.progress.setValue(0)
        self.plot.clear_points()
        self._update_empty_text()
        self.result.setText("")
        self.cancel_button.setEnabled(True)
        self._next()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._task = None
        self._queue = []
        self.cancel_button.setEnabled(False)
        self._update_buttons()
        self._update_empty_text()

    def running(self) -> bool:
        return self._task is not None

    # slots -------------------------------------------------------------------------------------------------
    def _on_run_clicked(self) -> None:
        self.run()

    def _on_point_timed(self, result) -> None:
        if result is None:
            return
        self.plot.add_point(*result)
        self.progress.setValue(len(self.plot.points))
        self.point_added.emit(result[0])
        self._next()

    def _on_timing_failed(self, exc: BaseException) -> None:
        self._task = None
        self._queue = []
        self.cancel_button.setEnabled(False)
        self.result.setText(self.tr("The timing failed: {error}").format(error=exc))
        self._update_buttons()
        self._update_empty_text()

    # internals ---------------------------------------------------------------------------------------------
    def _next(self) -> None:
        if not self._queue:
            self._task = None
            self.cancel_button.setEnabled(False)
            self._update_result()
            self._update_buttons()
            self._update_empty_text()
            return
        n = self._queue.pop(0)
        self._task = run_task(time_encoders, self.host.bundle, n, on_done=self._on_point_timed,
                              on_error=self._on_timing_failed, owner=self)
        self._update_buttons()

    def _update_empty_text(self) -> None:
        self.plot.set_empty_text(self.tr("Timing the encoders…") if self._queue or self._task is not None else
                                 self.tr("Press Run: the time of each encoder for N = 8 … 512 appears here."))

    def _update_buttons(self) -> None:
        self.run_button.setEnabled(self.host.bundle is not None and self._task is None)

    def _update_result(self) -> None:
        if not self.plot.points:
            return
        n, t_ms, g_ms = self.plot.points[-1]
        self.result.setText(self.tr(
            "At N = {n}: the Transformer encoder took {t} ms for all {n} positions at once; the GRU took {g} ms "
            "for {n} steps, one after another ({ratio}× the time).").format(
            n=n, t=f"{t_ms:.1f}", g=f"{g_ms:.1f}", ratio=f"{g_ms / max(t_ms, 1e-6):.1f}"))

    def _export_data(self) -> ExportData:
        points = self.plot.points
        meta = {"lab": LAB_KEY, "view": "parallel_vs_sequential", "model": self._model}
        return ExportData(name="transformer_vs_gru_timing", columns={
            "N": np.array([p[0] for p in points]), "transformer_ms": np.array([p[1] for p in points]),
            "gru_ms": np.array([p[2] for p in points])}, meta=meta)

    # texts -------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._update_result()
        self._update_empty_text()
