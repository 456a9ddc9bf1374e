"""desktop_app.workers: results, errors and progress arrive on the GUI thread; cancelled tasks stay silent."""
import threading
import time

import pytest
from PySide6.QtCore import QObject, QThread, Signal

from desktop_app.workers import TaskCancelled, run_task, running_count


class Receiver(QObject):
    done = Signal(object)
    failed = Signal(object)


def square(x, *, progress, is_cancelled):
    progress(0.5, "half")
    return x * x, threading.get_ident()


def explode(*, progress, is_cancelled):
    raise ZeroDivisionError("boom")


def test_result_is_delivered_on_the_gui_thread(qtbot):
    receiver = Receiver()
    progress_calls = []
    gui_thread = QThread.currentThread()
    threads = []
    with qtbot.waitSignal(receiver.done, timeout=5000) as blocker:
        run_task(
            square, 7,
            on_done=lambda result: (threads.append(QThread.currentThread()), receiver.done.emit(result)),
            on_progress=lambda fraction, message: progress_calls.append((fraction, message)),
        )
    value, worker_ident = blocker.args[0]
    assert value == 49
    assert worker_ident != threading.get_ident()  # the work ran elsewhere
    assert threads == [gui_thread]  # the callback did not
    qtbot.waitUntil(lambda: progress_calls == [(0.5, "half")], timeout=2000)


def test_an_exception_reaches_on_error_and_not_the_app(qtbot):
    receiver = Receiver()
    with qtbot.waitSignal(receiver.failed, timeout=5000) as blocker:
        run_task(explode, on_done=receiver.done.emit, on_error=receiver.failed.emit)
    error = blocker.args[0]
    assert isinstance(error, ZeroDivisionError)
    assert "boom" in str(error)
    assert "ZeroDivisionError" in error.traceback_text


def test_an_error_without_handler_is_only_logged(qtbot, caplog):
    handle = run_task(explode)
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert "background task failed" in caplog.text


def test_cancel_delivers_nothing(qtbot):
    started = threading.Event()
    calls = []

    def slow(*, progress, is_cancelled):
        started.set()
        while not is_cancelled():
            time.sleep(0.005)
        raise TaskCancelled()

    handle = run_task(slow, on_done=calls.append, on_error=calls.append)
    assert started.wait(5)
    handle.cancel()
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    qtbot.wait(20)
    assert calls == []


def test_cancelled_result_is_dropped(qtbot):
    gate = threading.Event()
    calls = []

    def waits(*, progress, is_cancelled):
        gate.wait(5)
        return "late"

    handle = run_task(waits, on_done=calls.append)
    handle.cancel()
    gate.set()
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert calls == []


def test_handles_are_released(qtbot):
    handles = [run_task(square, n) for n in range(20)]
    qtbot.waitUntil(lambda: all(h.finished for h in handles), timeout=5000)
    assert running_count() == 0


@pytest.mark.parametrize("bad", [KeyboardInterrupt, MemoryError])
def test_even_base_exceptions_are_caught(qtbot, bad):
    errors = []

    def raises(*, progress, is_cancelled):
        raise bad()

    handle = run_task(raises, on_error=errors.append)
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert len(errors) == 1 and isinstance(errors[0], bad)


def test_no_callback_after_the_owner_is_deleted(qtbot):
    import shiboken6

    gate = threading.Event()
    calls = []

    class Owner(QObject):
        def on_done(self, result):
            calls.append(result)

    owner = Owner()
    handle = run_task(lambda *, progress, is_cancelled: gate.wait(5), on_done=owner.on_done)
    shiboken6.delete(owner)
    gate.set()
    qtbot.waitUntil(lambda: handle.finished, timeout=5000)
    assert calls == []
