"""The Seq2Seq lab's "Beam search" tab: a width, a button, the hypothesis tree of the session's sentence."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop_app.labs.seq2seq.compute import run_beam
from desktop_app.labs.seq2seq.views import BeamTreeView
from desktop_app.sessions.seq2seq import Seq2SeqSession
from desktop_app.workers import run_task


class BeamTab(QWidget):
    def __init__(self, session: Seq2SeqSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.result = None
        self._task = None
        self.width_label = QLabel()
        self.width_spin = QSpinBox()
        self.width_spin.setRange(1, 10)
        self.run_button = QPushButton()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.tree_view = BeamTreeView()
        controls = QHBoxLayout()
        controls.addWidget(self.width_label)
        controls.addWidget(self.width_spin)
        controls.addWidget(self.run_button)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.result_label)
        layout.addWidget(self.tree_view, 1)
        self.run_button.clicked.connect(self.run)
        session.trace_changed.connect(self._on_session_trace_changed)
        self.retranslate()
        self._update_button()

    def is_busy(self) -> bool:
        return self._task is not None and not self._task.finished

    def run(self) -> None:
        """Beam search on the session's sentence with the chosen width, in a worker."""
        s = self.session
        if s.stepper is None or s.model is None:
            return
        if self._task is not None:
            self._task.cancel()
        self._task = run_task(run_beam, s.model, s.sentence, self.width_spin.value(),
                              on_done=self._on_beam_done, on_error=self._on_beam_failed)
        self.result_label.setText(self.tr("Running beam search…"))
        self._update_button()

    # slots -------------------------------------------------------------------------------------------------
    def _on_beam_done(self, result) -> None:
        self.result = result
        self.tree_view.set_result(result)
        self._refresh_text()
        self._update_button()

    def _on_beam_failed(self, exc: BaseException) -> None:
        self.result_label.setText(self.tr("Beam search failed: {error}").format(error=exc))
        self._update_button()

    def _on_session_trace_changed(self) -> None:
        self.result = None  # the tree was of another sentence or model
        self.tree_view.clear_tree()
        self._refresh_text()
        self._update_button()

    def _update_button(self) -> None:
        self.run_button.setEnabled(self.session.stepper is not None and not self.is_busy())

    # texts -------------------------------------------------------------------------------------------------
    def _refresh_text(self) -> None:
        r = self.result
        if r is None:
            self.result_label.setText(self.tr("Choose a width and run beam search on the current sentence."))
            return
        self.result_label.setText(self.tr(
            "Width {k}: “{translation}”, log p = {score}, per token = {norm} ({n} nodes kept). Red: the chosen "
            "hypothesis; green: hypotheses that ended with </s>.").format(
            k=r.width, translation=r.translation, score=f"{r.score:.3f}", norm=f"{r.normalized_score:.3f}",
            n=len(r.nodes)))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.width_label.setText(self.tr("Beam width"))
        self.width_spin.setToolTip(self.tr("How many hypotheses survive each step (1 = greedy)"))
        self.run_button.setText(self.tr("Run beam search"))
        if not self.is_busy():
            self._refresh_text()
