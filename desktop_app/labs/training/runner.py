"""The training loop of the Training lab: short chunks of training, one after another.

The trainers live in a child process (process.py: in a thread of this process the GIL gave the GUI thread gaps of
up to 259 ms on a loaded machine, against up to 123 ms). Each chunk is one desktop_app.workers task that sends the
command and waits in the pipe; between two chunks the GUI redraws from the new snapshots, and Pause is simply not
starting the next chunk. Closing the app
cancels the task in flight (workers.wait_for_all): the child stops before its next step, a cancelled task never calls
back, so no further chunk starts; the child process is told to quit when the lab goes (and is a daemon besides).
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, Signal

from desktop_app.labs.training import compute
from desktop_app.labs.training.process import RunInfo, make_trainers, request
from desktop_app.workers import run_task


class RunMirror:
    """A run as the GUI sees it: its settings, its probe and the snapshots received so far."""

    def __init__(self, info: RunInfo, first):
        self.config = info.config
        self.probe_text = info.probe_text
        self.history = [first]

    @property
    def step(self) -> int:
        return self.history[-1].step


class TrainingRunner(QObject):
    started = Signal()  # the trainers exist and snapshot 0 (untrained) is in
    snapshot_added = Signal()  # a chunk ended: every run has one more snapshot
    state_changed = Signal()  # running / paused / target reached
    failed = Signal(str, str)  # (message key, error text)
    saved = Signal(object)  # list of folders

    def __init__(self, parent=None, small: Optional[dict] = None):
        super().__init__(parent)
        self.small = small  # extra LiveConfig fields (tests: tiny models)
        self.settings: Optional[compute.RunSettings] = None
        self.probe = ""
        self.runs: list = []
        self.count = 0  # snapshots delivered to the GUI (each run's history may hold one more while a chunk runs)
        self.running = False
        self.target_steps: Optional[int] = None  # a fixed step budget (lessons): train to it, then stop
        self.chunk_seconds = compute.CHUNK_SECONDS
        self._task = None
        self._pending_probe: Optional[str] = None
        self._pending_save = None
        self._generation = 0
        self.trainers = make_trainers()

    # state ---------------------------------------------------------------------------------------------------
    def has_runs(self) -> bool:
        return bool(self.runs) and self.count > 0

    def histories(self) -> list[list]:
        return [run.history[:self.count] for run in self.runs]

    def steps(self) -> int:
        return self.runs[0].history[self.count - 1].step if self.has_runs() else 0

    def is_busy(self) -> bool:
        """Starting, saving, or training towards a fixed step budget."""
        starting = self._task is not None and not self.runs
        return starting or self._pending_save is not None or (self.target_steps is not None and self.running)

    def chunk_in_flight(self) -> bool:
        return self._task is not None and not self._task.finished

    # commands ------------------------------------------------------------------------------------------------
    def start(self, settings: compute.RunSettings, probe: str = "", target_steps: Optional[int] = None,
              run: bool = True) -> None:
        """New runs from scratch (weights from the seed). run=False: build and evaluate them, train nothing."""
        self.reset()
        self.settings, self.probe, self.target_steps = settings, probe, target_steps
        self.running = run
        generation = self._generation
        self._task = run_task(request, self.trainers, "start", settings, probe, self.small,
                              on_done=lambda reply: self._on_runs_built(generation, reply),
                              on_error=lambda exc: self._on_task_failed(generation, "refused", exc), owner=self)
        self.state_changed.emit()

    def train_to(self, steps: int) -> None:
        """Train on to `steps` optimizer steps (from where the runs are), then stop."""
        self.target_steps = steps
        self.resume()

    def pause(self) -> None:
        self.running = False
        self.state_changed.emit()

    def resume(self) -> None:
        if not self.runs and self._task is None:
            return
        self.running = True
        self.state_changed.emit()
        self._next_chunk()

    def reset(self) -> None:
        self._generation += 1
        if self._task is not None:
            self._task.cancel()  # the engine stops before its next step; a cancelled task never calls back
        self._task = None
        self.runs, self.count, self.running, self.target_steps = [], 0, False, None
        self._pending_probe = self._pending_save = None
        self.state_changed.emit()

    def close(self) -> None:
        """Stop the training process (the lab is going away)."""
        self.reset()
        self.trainers.close()

    def set_probe(self, text: str) -> None:
        """Read at the start of the next chunk (never while a chunk trains: the trainer belongs to the worker)."""
        self.probe = text
        self._pending_probe = text
        if self.runs and not self.running and not self.chunk_in_flight():
            self._run_chunk(steps=0)  # paused: show the probe now, without training

    def save(self, folder) -> None:
        """Save between chunks (a chunk in flight finishes first)."""
        self._pending_save = folder
        if not self.chunk_in_flight() and self.runs:
            self._save_now()

    # the loop -----------------------------------------------------------------------------------------------
    def _next_chunk(self) -> None:
        if not self.running or not self.runs or self.chunk_in_flight() or self._pending_save is not None:
            return
        if self.target_steps is not None:
            left = self.target_steps - self.runs[0].step
            if left <= 0:
                self.running = False
                self.state_changed.emit()
                return
            self._run_chunk(steps=min(compute.LESSON_CHUNK_STEPS, left))
        else:
            self._run_chunk(seconds=self.chunk_seconds)

    def _run_chunk(self, seconds: Optional[float] = None, steps: Optional[int] = None) -> None:
        probe, self._pending_probe = self._pending_probe, None
        generation = self._generation
        self._task = run_task(request, self.trainers, "chunk", seconds, steps, probe,
                              on_done=lambda result: self._on_chunk_done(generation, result),
                              on_error=lambda exc: self._on_task_failed(generation, "failed", exc), owner=self)

    def _on_runs_built(self, generation: int, reply) -> None:
        if generation != self._generation:
            return
        self._task = None
        infos, firsts = reply
        self.runs, self.count = [RunMirror(i, s) for i, s in zip(infos, firsts)], 1
        self.started.emit()
        self.snapshot_added.emit()
        self._next_chunk()
        self.state_changed.emit()

    def _on_chunk_done(self, generation: int, reply) -> None:
        if generation != self._generation:
            return
        self._task = None
        result, probes = reply
        for run, snapshot, probe in zip(self.runs, result.snapshots, probes):
            run.history.append(snapshot)
            run.probe_text = probe
        self.count = min(len(run.history) for run in self.runs)
        if result.probe_error:
            self.failed.emit("probe_refused", result.probe_error)
        self.snapshot_added.emit()
        if self._pending_save is not None:
            self._save_now()
        else:
            self._next_chunk()

    def _save_now(self) -> None:
        folder, generation = self._pending_save, self._generation
        names = compute.run_names(self.settings)

        def done(paths):
            if generation == self._generation:
                self._task, self._pending_save = None, None
                self.saved.emit(paths)
                self._next_chunk()

        def error(exc):
            if generation == self._generation:
                self._pending_save = None
                self._on_task_failed(generation, "save_failed", exc)

        self._task = run_task(request, self.trainers, "save", folder, names, on_done=done, on_error=error,
                              owner=self)

    def _on_task_failed(self, generation: int, key: str, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._task = None
        if key != "save_failed":
            self.running = False
        self.failed.emit(key, str(exc))
        self.state_changed.emit()
        if key == "save_failed":
            self._next_chunk()
