"""The one way to run engine work off the GUI thread.

The heavy function is a plain function, Qt-free, in the Orange3 style:

    def fn(*args, progress: Callable[[float, str], None], is_cancelled: Callable[[], bool]) -> result

`run_task(fn, *args, on_done=..., on_error=..., on_progress=...)` runs it on a QThreadPool and delivers the
result, the exception, or progress on the GUI thread through queued signals. An exception in `fn` never
escapes: it reaches `on_error` (or is logged if there is none). A cancelled task delivers nothing; `fn` may
poll `is_cancelled()` and return early or raise `TaskCancelled`.
"""
from __future__ import annotations

import logging
import threading
import traceback
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class TaskCancelled(Exception):
    """Raised by a task function that noticed `is_cancelled()`; treated as a quiet end, not an error."""


class _Box:
    """Carries a result through a queued signal. PySide6 mis-counts references when a bare None crosses
    threads in a Signal(object) (on Python 3.11 that crashes with "deallocating None"), so never send it bare."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class _TaskSignals(QObject):
    # Created on the GUI thread, so emissions from the pool thread are queued to the GUI thread.
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(float, str)


class _Runnable(QRunnable):
    def __init__(self, handle: "TaskHandle"):
        super().__init__()
        self._handle = handle
        # Python owns this object (the handle keeps it), so Qt must not delete it behind our back.
        self.setAutoDelete(False)

    def run(self) -> None:
        handle = self._handle
        try:
            result = handle._fn(*handle._args, progress=handle._report_progress, is_cancelled=handle.is_cancelled)
        except TaskCancelled:
            _emit(handle._signals.failed, _Box(TaskCancelled()))
        except BaseException as exc:  # noqa: BLE001 - everything must reach the GUI thread, nothing may kill it
            exc.traceback_text = traceback.format_exc()
            _emit(handle._signals.failed, _Box(exc))
        else:
            _emit(handle._signals.done, _Box(result))


def _emit(signal, *args) -> None:
    try:
        signal.emit(*args)
    except RuntimeError:  # the application is shutting down and deleted the signal object: nobody listens
        pass


# Handles of running tasks; keeps the runnable and its signal object alive until the result is delivered.
_running: set["TaskHandle"] = set()


class TaskHandle:
    """A running task. `cancel()` asks it to stop and guarantees no callback fires afterwards."""

    def __init__(self, fn: Callable[..., Any], args: tuple, on_done, on_error, on_progress, owner=None):
        self._fn = fn
        self._owner = owner
        self._args = args
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._cancel_event = threading.Event()
        self.finished = False
        self._signals = _TaskSignals()
        self._signals.done.connect(self._on_signals_done)
        self._signals.failed.connect(self._on_signals_failed)
        self._signals.progress.connect(self._on_signals_progress)
        self._runnable = _Runnable(self)

    # called from the worker thread -------------------------------------------------------------------------
    def is_cancelled(self) -> bool:
        return self._cancel_event.is_set()

    def _report_progress(self, fraction: float, message: str = "") -> None:
        if not self._cancel_event.is_set():
            _emit(self._signals.progress, float(fraction), str(message))

    # called on the GUI thread ------------------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel_event.set()

    def _finish(self) -> None:
        self.finished = True
        _running.discard(self)

    def _owner_gone(self) -> bool:
        # A lab closed while its task ran: its widgets are deleted, so its callbacks must not run.
        return self._owner is not None and not shiboken6.isValid(self._owner)

    def _on_signals_done(self, box: _Box) -> None:
        result = box.value
        self._finish()
        if self.is_cancelled() or self._on_done is None or self._owner_gone():
            return
        self._on_done(result)

    def _on_signals_failed(self, box: _Box) -> None:
        exc = box.value
        self._finish()
        if self.is_cancelled() or isinstance(exc, TaskCancelled) or self._owner_gone():
            return
        if self._on_error is None:
            log.error("background task failed: %s\n%s", exc, getattr(exc, "traceback_text", ""))
            return
        self._on_error(exc)

    def _on_signals_progress(self, fraction: float, message: str) -> None:
        if self._on_progress is not None and not self.is_cancelled() and not self._owner_gone():
            self._on_progress(fraction, message)


def thread_pool() -> QThreadPool:
    return QThreadPool.globalInstance()


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[float, str], None] | None = None,
    owner: QObject | None = None,
) -> TaskHandle:
    """Run `fn(*args, progress=..., is_cancelled=...)` on the thread pool; callbacks run on the GUI thread.

    `owner`: a QObject whose deletion silences the callbacks; by default the QObject that `on_done` is a
    method of, so a lab closed mid-computation is never called back."""
    if owner is None:
        candidate = getattr(on_done, "__self__", None)
        owner = candidate if isinstance(candidate, QObject) else None
    handle = TaskHandle(fn, args, on_done, on_error, on_progress, owner)
    _running.add(handle)
    thread_pool().start(handle._runnable)
    return handle


def running_count() -> int:
    return len(_running)


def wait_for_all(timeout_ms: int = 5000) -> bool:
    """Block until the pool is idle (used at exit, so no thread outlives the QApplication)."""
    for handle in list(_running):
        handle.cancel()
    return thread_pool().waitForDone(timeout_ms)
