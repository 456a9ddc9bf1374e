"""What the Seq2Seq lab's "Beam search" and "Bottleneck" tabs share: one job at a time in a worker (a beam search, a
comparison of every model), started by one button that is enabled while the tab can run it and nothing is running."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QPushButton, QWidget

from desktop_app.kit.words import Worded
from desktop_app.sessions.seq2seq import Seq2SeqSession
from desktop_app.workers import run_task


class JobTab(Worded, QWidget):
    job_button: QPushButton  # the button that starts the job: the subclass makes it

    def __init__(self, session: Seq2SeqSession, parent=None):
        super().__init__(parent)
        self.session = session
        self._task = None

    def is_busy(self) -> bool:
        return self._task is not None and not self._task.finished

    def can_run(self) -> bool:
        """Whether the session holds what the job needs (a sentence stepped, models found)."""
        raise NotImplementedError

    def start_job(self, fn: Callable[..., Any], *args, on_done: Callable[[Any], None],
                  on_error: Callable[[BaseException], None]) -> None:
        """fn(*args) in a worker, in place of the job running now; then on_done(result) or on_error(exc)."""
        if self._task is not None:
            self._task.cancel()
        self._task = run_task(fn, *args, on_done=lambda result: self._finish(on_done, result),
                              on_error=lambda exc: self._finish(on_error, exc), owner=self)
        self.update_button()

    def _finish(self, slot: Callable[[Any], None], value) -> None:
        slot(value)
        self.update_button()

    def update_button(self) -> None:
        self.job_button.setEnabled(self.can_run() and not self.is_busy())
