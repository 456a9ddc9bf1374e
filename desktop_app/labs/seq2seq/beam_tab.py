"""The Seq2Seq lab's "Beam search" tab: a width, a button, the hypothesis tree of the session's sentence."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout

from desktop_app.labs.seq2seq.compute import run_beam
from desktop_app.labs.seq2seq.job_tab import JobTab
from desktop_app.labs.seq2seq.views import BeamTreeView
from desktop_app.sessions.seq2seq import Seq2SeqSession


class BeamTab(JobTab):
    def __init__(self, session: Seq2SeqSession, parent=None):
        super().__init__(session, parent)
        self.result = None
        words = self.words
        self.width_spin = words(QSpinBox(), tip=lambda: self.tr("How many hypotheses survive each step (1 = greedy)"))
        self.width_spin.setRange(1, 10)
        self.run_button = self.job_button = words(QPushButton(), text=lambda: self.tr("Run beam search"))
        self.run_button.clicked.connect(self.run)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.tree_view = BeamTreeView()
        controls = QHBoxLayout()
        controls.addWidget(words(QLabel(), text=lambda: self.tr("Beam width")))
        controls.addWidget(self.width_spin)
        controls.addWidget(self.run_button)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.result_label)
        layout.addWidget(self.tree_view, 1)
        session.trace_changed.connect(self._on_session_trace_changed)
        self._refresh_text()
        self.update_button()

    def can_run(self) -> bool:
        return self.session.stepper is not None

    def run(self) -> None:
        """Beam search on the session's sentence with the chosen width, in a worker."""
        s = self.session
        if s.stepper is None or s.model is None:
            return
        self.start_job(run_beam, s.model, s.sentence, self.width_spin.value(), on_done=self._on_beam_done,
                       on_error=self._on_beam_failed)
        self.result_label.setText(self.tr("Running beam search…"))

    # slots -------------------------------------------------------------------------------------------------
    def _on_beam_done(self, result) -> None:
        self.result = result
        self.tree_view.set_result(result)
        self._refresh_text()

    def _on_beam_failed(self, exc: BaseException) -> None:
        self.result_label.setText(self.tr("Beam search failed: {error}").format(error=exc))

    def _on_session_trace_changed(self) -> None:
        self.result = None  # the tree was of another sentence or model
        self.tree_view.clear_tree()
        self._refresh_text()
        self.update_button()

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

    def retranslate(self) -> None:
        if not self.is_busy():
            self._refresh_text()
