"""The lab kit on its own: the step controller (direct and threaded), the step bar's keys, the message bar."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.kit.frame import INFO, LabFrame, Msg
from desktop_app.kit.protocol import Lab
from desktop_app.kit.steps import StepBar, StepController
from engine.stepping import apply_moves


@dataclass(frozen=True)
class CountState:
    n_steps: int
    finished: bool


class CountStepper:
    """An engine-protocol stepper that counts to `end` (the kit never needs a model to be tested)."""

    def __init__(self, end: int = 5):
        self.end, self._steps = end, []

    @property
    def steps(self):
        return tuple(self._steps)

    @property
    def finished(self):
        return len(self._steps) >= self.end

    def step(self):
        self._steps.append(len(self._steps))
        return self._steps[-1]

    def force(self, token_id):
        self._steps.append(token_id)
        return token_id

    def back(self):
        return self._steps.pop() if self._steps else None

    def reset(self):
        self._steps.clear()

    def run_to_end(self, limit=None):
        from engine.stepping import run_to_end
        return run_to_end(self, limit)


APPLY_CALLS = []


def apply_counting(stepper, moves, *, progress, is_cancelled):
    APPLY_CALLS.append(list(moves))
    apply_moves(stepper, moves)
    return CountState(len(stepper.steps), stepper.finished)


def open_counting(end, *, progress, is_cancelled):
    stepper = CountStepper(end)
    return stepper, CountState(0, False)


@pytest.fixture
def host(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.mark.parametrize("threaded", [False, True])
def test_controller_moves_in_order_and_coalesces(qtbot, host, threaded):
    controller = StepController(host, apply_counting, threaded=threaded)
    shown = []
    controller.state_ready.connect(shown.append)
    controller.open(open_counting, 5)
    qtbot.waitUntil(lambda: controller.session is not None and not controller.is_busy())
    APPLY_CALLS.clear()
    for _ in range(3):
        controller.step()
    controller.back()
    qtbot.waitUntil(lambda: not controller.is_busy() and controller.state.n_steps == 2)
    assert sum(len(c) for c in APPLY_CALLS) == 4 and len(APPLY_CALLS) <= 2  # held keys go together
    controller.to_end()
    qtbot.waitUntil(lambda: not controller.is_busy() and controller.state.finished)
    assert not controller.can_step() and controller.can_back()
    controller.step()  # past the end: nothing queued, nothing raised
    assert not controller.is_busy()
    controller.go_to(2)
    qtbot.waitUntil(lambda: not controller.is_busy() and controller.state.n_steps == 2)
    qtbot.waitUntil(lambda: shown and shown[-1] is controller.state)


def test_short_moves_of_a_threaded_lab_run_on_the_gui_thread_and_long_ones_in_the_worker(qtbot, host):
    import threading

    threads = []

    def apply_noting_thread(stepper, moves, *, progress, is_cancelled):
        threads.append((threading.current_thread() is threading.main_thread(), [m[0] for m in moves]))
        return apply_counting(stepper, moves, progress=progress, is_cancelled=is_cancelled)

    controller = StepController(host, apply_noting_thread, threaded=True, direct_steps=2)
    controller.open(open_counting, 6)
    qtbot.waitUntil(lambda: controller.session is not None and not controller.is_busy())
    controller.step()
    qtbot.waitUntil(lambda: not controller.is_busy() and controller.state.n_steps == 1)
    controller.to_end()
    qtbot.waitUntil(lambda: not controller.is_busy() and controller.state.finished)
    controller.back()
    qtbot.waitUntil(lambda: not controller.is_busy() and controller.state.n_steps == 5)
    assert threads == [(True, ["step"]), (False, ["end"]), (True, ["back"])]


def test_hidden_lab_redraws_when_shown(qtbot, host):
    controller = StepController(host, apply_counting, threaded=False)
    shown = []
    controller.state_ready.connect(shown.append)
    controller.set_session(CountStepper(5), CountState(0, False))
    qtbot.waitUntil(lambda: len(shown) == 1)
    host.hide()
    controller.step()
    controller.step()
    qtbot.waitUntil(lambda: not controller.is_busy())
    qtbot.wait(40)
    assert len(shown) == 1  # nothing drawn behind another lab
    host.show()
    qtbot.waitUntil(lambda: len(shown) == 2 and shown[-1].n_steps == 2)


def test_play_steps_to_the_end_and_stops(qtbot, host):
    controller = StepController(host, apply_counting, threaded=False)
    controller.set_session(CountStepper(3), CountState(0, False))
    controller.set_speed(20)
    controller.set_playing(True)
    qtbot.waitUntil(lambda: controller.state.finished and not controller.is_playing(), timeout=3000)


def test_a_failing_apply_reaches_failed_and_drops_the_queue(qtbot, host):
    def broken(session, moves, *, progress, is_cancelled):
        raise ValueError("no")

    controller = StepController(host, broken, threaded=True)
    controller.set_session(CountStepper(3), CountState(0, False))
    with qtbot.waitSignal(controller.failed, timeout=3000) as blocker:
        controller.step()
    assert isinstance(blocker.args[0], ValueError)
    qtbot.waitUntil(lambda: not controller.is_busy())


def test_step_bar_keys_and_enabling(qtbot, host):
    controller = StepController(host, apply_counting, threaded=False)
    bar = StepBar(controller, parent=host)
    bar.show()
    assert not bar.step_button.isEnabled()  # nothing loaded yet
    controller.set_session(CountStepper(4), CountState(0, False))
    qtbot.waitUntil(lambda: bar.step_button.isEnabled())
    assert not bar.back_button.isEnabled()
    for key in (Qt.Key_Space, Qt.Key_Right, Qt.Key_PageDown):
        qtbot.keyClick(host, key)
        qtbot.waitUntil(lambda: not controller.is_busy())
    assert controller.state.n_steps == 3 and bar.back_button.isEnabled()
    qtbot.keyClick(host, Qt.Key_Left)
    qtbot.waitUntil(lambda: controller.state.n_steps == 2)
    qtbot.keyClick(host, Qt.Key_End)
    qtbot.waitUntil(lambda: controller.state.finished)
    assert not bar.step_button.isEnabled()
    qtbot.keyClick(host, Qt.Key_Home)
    qtbot.waitUntil(lambda: controller.state.n_steps == 0)


class DemoLab(LabFrame):
    MESSAGES = {"empty": Msg(QT_TRANSLATE_NOOP("DemoLab", "Type a sentence first ({n} characters).")),
                "loading": Msg(QT_TRANSLATE_NOOP("DemoLab", "Loading…"), INFO)}

    def retranslate(self) -> None:
        self.title_label.setText("Demo")
        super().retranslate()


def test_lab_frame_messages_exports_and_protocol(qtbot):
    from desktop_app.widgets.export import ExportData

    lab = DemoLab(None)
    qtbot.addWidget(lab)
    lab.retranslate()
    assert isinstance(lab, Lab) and lab.step_controller() is None and lab.lesson_state() == {}
    lab.show()
    lab.show_message("empty", n=0)
    assert lab.messages.text() == "Type a sentence first (0 characters)." and lab.messages.isVisible()
    assert lab.messages.is_error()
    with pytest.raises(KeyError):
        lab.show_message("nope")
    lab.show_message(None)
    assert not lab.messages.isVisible()
    ready = {"yes": False}
    view = QLabel("view")
    title, frame = lab.add_view("v", view, lambda: ExportData(name="v", matrix=None), ready=lambda: ready["yes"])
    assert lab.current_export_view() is None  # nothing to export yet
    ready["yes"] = True
    assert lab.current_export_view().export_widget() is view
    with qtbot.waitSignal(lab.export_requested) as blocker:
        lab._on_view_export_requested("v", "png")
    assert blocker.args[1] == "png" and blocker.args[0].export_widget() is view


def test_message_bar_shows_several_messages_at_once(qtbot):
    lab = DemoLab(None)
    qtbot.addWidget(lab)
    lab.show()
    lab.show_messages([("loading", {}), ("empty", {"n": 3})])
    assert lab.messages.text() == "Loading… Type a sentence first (3 characters)."
    assert lab.messages.key == "loading" and lab.messages.is_error()  # the loudest level styles the bar
    lab.show_messages([])
    assert not lab.messages.isVisible() and lab.messages.key is None
    with pytest.raises(KeyError):
        lab.show_messages([("nope", {})])


def test_clicker_and_ctrl_arrows_step_while_a_text_field_has_focus(qtbot, host):
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    field = QLineEdit("We are eating bread.")
    controller = StepController(host, apply_counting, threaded=False)
    bar = StepBar(controller)
    layout = QVBoxLayout(host)
    layout.addWidget(field)
    layout.addWidget(bar)
    controller.set_session(CountStepper(6), CountState(0, False))
    host.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key_Space)  # a text field keeps Space for typing
    qtbot.wait(20)
    assert field.text() == "We are eating bread. " and controller.state.n_steps == 0
    qtbot.keyClick(field, Qt.Key_PageDown)
    qtbot.waitUntil(lambda: controller.state.n_steps == 1)
    qtbot.keyClick(field, Qt.Key_Right, Qt.ControlModifier)
    qtbot.waitUntil(lambda: controller.state.n_steps == 2)
    qtbot.keyClick(field, Qt.Key_Left, Qt.ControlModifier)
    qtbot.waitUntil(lambda: controller.state.n_steps == 1)
    bar.take_focus()
    qtbot.waitUntil(bar.hasFocus)
    qtbot.keyClick(bar, Qt.Key_Space)
    qtbot.waitUntil(lambda: controller.state.n_steps == 2)
