"""The trainers live in a child process, so training never holds the GUI's interpreter lock.

Measured on this project's loaded 2-core machine (bench/training_lab.py, both ways in one run): the GUI thread's
largest gap while training was 58 ms with the trainers in a child process and 73 ms in a worker thread; under heavier
load the thread gave 238-259 ms (the engine's batching is Python and holds the GIL, and the GUI thread waits for it)
where the process gave 115-123 ms, about the idle loop's own gaps then. In a process of its own, the GUI thread waits
for nothing: a pool thread blocks in the pipe (GIL released) until the chunk's snapshots come back.

    trainers = TrainerProcess()
    trainers.request("start", settings, probe, small, is_cancelled=...)      # -> [RunInfo], [Snapshot]
    trainers.request("chunk", seconds, steps, probe, is_cancelled=...)       # -> compute.ChunkResult
    trainers.request("save", folder, names, is_cancelled=...)                # -> [Path]
    trainers.close()

A cancelled request sends "cancel": the child's is_cancelled is "a message is waiting", checked by the engine before
every step, so it stops within a step; its late reply is recognised by its id and dropped. Qt-free.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import weakref
from dataclasses import dataclass
from typing import Callable



class Cancelled(Exception):
    """The request was cancelled (the task function turns it into workers.TaskCancelled)."""


@dataclass(frozen=True)
class RunInfo:
    """What the GUI needs of a trainer that lives in the child: its settings and its probe as text."""

    config: object  # engine.train.live.LiveConfig
    probe_text: str


def _quiet(*_args) -> None:
    pass


def _handle(holder, command: str, args: tuple, is_cancelled: Callable[[], bool]):
    """One command on holder.runs (the trainers) -> its reply (only pickled values: they cross the pipe)."""
    from desktop_app.labs.training import compute

    if command == "start":
        holder.runs = []
        runs = compute.start_runs(*args, progress=_quiet, is_cancelled=is_cancelled)
        holder.runs = runs
        return [RunInfo(t.config, t.task.text(t.probe.source)) for t in runs], [t.history[-1] for t in runs]
    runs = holder.runs
    if command == "chunk":
        result = compute.train_chunk(runs, *args, progress=_quiet, is_cancelled=is_cancelled)
        return result, [t.task.text(t.probe.source) for t in runs]
    if command == "save":
        return compute.save_runs(runs, *args, progress=_quiet, is_cancelled=is_cancelled)
    raise ValueError(f"unknown command {command!r}")


class _Holder:
    runs: list = []


def _serve(conn) -> None:
    """The child's loop: one trainer list, commands in order, one reply per command (with its id)."""
    os.environ["OMP_NUM_THREADS"] = "1"
    holder = _Holder()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "quit":
            return
        if message[0] == "cancel":
            continue
        ident, command, args = message
        try:
            # a new message (cancel, quit, the next command) stops the work before the engine's next step
            reply = _handle(holder, command, args, conn.poll)
            conn.send((ident, True, reply))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the app, the child stays up
            conn.send((ident, False, exc if _picklable(exc) else RuntimeError(str(exc))))


class LocalTrainers:
    """The same commands on trainers in this process (a frozen app, where spawning would start the app again)."""

    def __init__(self):
        self.runs: list = []

    def request(self, command: str, *args, is_cancelled: Callable[[], bool]):
        return _handle(self, command, args, is_cancelled)

    def close(self) -> None:
        self.runs = []


def _picklable(exc: BaseException) -> bool:
    import pickle

    try:
        pickle.dumps(exc)
        return True
    except Exception:  # noqa: BLE001
        return False


def _stop(process, conn) -> None:
    try:
        conn.send(("quit",))
    except (OSError, ValueError):
        pass
    process.join(2)
    if process.is_alive():
        process.terminate()
        process.join(2)


class TrainerProcess:
    """The child process (spawned on first use, kept for later runs) and the pipe to it. Thread-safe: one request at
    a time (a cancelled one gives the pipe back at once)."""

    def __init__(self):
        self._process = None
        self._conn = None
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._finalizer = None

    def _ensure(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child,), daemon=True, name="attention-lab-training")
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self._finalizer = weakref.finalize(self, _stop, process, parent)

    def request(self, command: str, *args, is_cancelled: Callable[[], bool]):
        with self._lock:
            self._ensure()
            ident = next(self._ids)
            self._conn.send((ident, command, args))
            while True:
                if is_cancelled():
                    self._conn.send(("cancel",))
                    raise Cancelled()
                if not self._conn.poll(0.05):
                    if not self._process.is_alive():
                        raise RuntimeError("the training process ended")
                    continue
                got, ok, value = self._conn.recv()
                if got != ident:
                    continue  # the late reply of a cancelled request
                if ok:
                    return value
                raise value

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
        self._process = self._conn = None

    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()


def make_trainers():
    """A TrainerProcess; in a frozen app (no multiprocessing.freeze_support in its main), LocalTrainers."""
    import sys

    return LocalTrainers() if getattr(sys, "frozen", False) else TrainerProcess()


def request(trainers, command: str, *args, progress, is_cancelled):
    """A desktop_app.workers task function: one command to the trainers."""
    from desktop_app.workers import TaskCancelled

    try:
        return trainers.request(command, *args, is_cancelled=is_cancelled)
    except Cancelled:
        raise TaskCancelled() from None
