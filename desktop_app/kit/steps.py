"""One step controller for every lab that steps a decoder, and the bar of buttons that drives it.

StepController (Qt-free in its logic, a QObject for its signals) owns the session of one lab: moves asked for
(step, back, reset, end, force, or a lab's own) queue in order and go to the lab's ``apply(session, moves)`` together
(in a worker for labs whose steps cost more than a frame, directly for the cheap ones), so a held key never queues
one task per key press. The view state that comes back is handed to the lab at most once per frame, and only while
the lab is on screen (a lab behind another redraws when it is shown). Play steps at one speed unit everywhere:
steps per second.

    self.steps = StepController(self, apply_moves, threaded=True)
    self.steps.state_ready.connect(self._show_state)        # ViewState with n_steps and finished
    self.step_bar = StepBar(self.steps, settings, "gpt")    # Step / Back / Reset / To the end / Play + keys
    self.steps.open(open_session, bundle, text)              # -> (session, first state), in the worker
"""
from __future__ import annotations

import time
from typing import Any, Callable, Optional, Protocol

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.kit.words import Worded
from desktop_app.workers import run_task

FRAME_MS = 16  # at most one redraw per frame, however fast moves arrive
MIN_SPEED, MAX_SPEED, DEFAULT_SPEED = 0.25, 20.0, 2.0  # Play, in steps per second


class StepView(Protocol):
    """What the controller reads from a lab's view state."""

    n_steps: int
    finished: bool


def _no_progress(_fraction: float, _message: str = "") -> None:
    pass


def _never() -> bool:
    return False


class StepController(QObject):
    state_ready = Signal(object)  # the lab's new view state (coalesced; only while the lab is shown)
    failed = Signal(object)  # an exception from open or apply; the queue is dropped
    changed = Signal()  # busy, playing or what can be done changed (buttons follow)

    def __init__(self, lab: QObject, apply: Callable[..., Any], *, threaded: bool,
                 view: Optional[QWidget] = None, direct_steps: int = 0):
        """lab: the owner (a QObject; a lab widget, or a session two labs share). view: the widget whose
        visibility gates redraws (default: lab, when it is a widget; None: always redraw). direct_steps (threaded
        labs): a batch of at most this many single steps, backs or forced tokens is applied on the GUI thread,
        where a step of a few ms costs less than the hand-over to the worker and back (GPT: about 5 ms of a
        17.9 ms step); anything longer (to the end, a reset, a lab's own move) still goes to the worker."""
        super().__init__(lab)
        self._apply, self._threaded, self._direct_steps = apply, threaded, direct_steps
        self._lab = view if view is not None else (lab if isinstance(lab, QWidget) else None)
        self.session: Any = None
        self.state: Optional[StepView] = None
        self._pending: list[tuple] = []
        self._task = None  # the apply running in the worker (threaded mode)
        self._open_task = None
        self._opening = False
        self._generation = 0  # a new session makes the states of applies still running on the old one stale
        self._shown_state: Optional[StepView] = None
        self._last_redraw = 0.0
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self._redraw)
        self._flush_timer = QTimer(self)  # direct mode: moves of one event-loop turn go together
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)
        self._play_timer = QTimer(self)
        self._play_timer.timeout.connect(self._on_play_timer_timeout)
        self.speed = DEFAULT_SPEED
        if self._lab is not None:
            self._lab.installEventFilter(self)

    # the session -------------------------------------------------------------------------------------------
    def open(self, fn: Callable[..., Any], *args) -> None:
        """Start a new session: ``fn(*args, progress=, is_cancelled=) -> (session, state)``, in the worker."""
        self.set_playing(False)
        self._pending = []
        self._generation += 1
        if self._open_task is not None:
            self._open_task.cancel()
        # an apply still running goes on (on its own session): cancelling it could let the next apply start on
        # that session while it still runs, if this open fails and the old session stays
        self._opening = True
        self._open_task = run_task(fn, *args, on_done=self._on_opened, on_error=self._on_open_failed, owner=self)
        self.changed.emit()

    def set_session(self, session: Any, state: Optional[StepView]) -> None:
        """Use a session made elsewhere (a lab's own loader); None clears it."""
        self.set_playing(False)
        self._pending = []
        self._generation += 1
        self.session = session
        self._deliver(state)

    def refresh(self, *moves: tuple) -> None:
        """Recompute the state with lab-specific moves (e.g. new sampling settings) even at the end."""
        self.request(*moves)

    # moves -------------------------------------------------------------------------------------------------
    def request(self, *moves: tuple) -> None:
        if self.session is None and not self._opening:
            return  # nothing loaded (the lab shows why)
        self._pending.extend(moves)
        if self._threaded and not self._short(self._pending):
            self._start_next()
        else:
            self._flush_timer.start()
        self.changed.emit()

    def _short(self, moves: list[tuple]) -> bool:
        """Moves cheap enough for the GUI thread (see direct_steps)."""
        return len(moves) <= self._direct_steps and all(m[0] in ("step", "back", "force") for m in moves)

    def step(self) -> None:
        if self.can_step() or self._pending:
            self.request(("step",))

    def back(self) -> None:
        self.request(("back",))

    def reset(self) -> None:
        self.set_playing(False)
        self.request(("reset",))

    def to_end(self) -> None:
        self.set_playing(False)
        self.request(("end",))

    def force(self, token_id: int) -> None:
        self.set_playing(False)
        self.request(("force", int(token_id)))

    def go_to(self, step: int | str) -> None:
        """Reset, then step `step` times ("end": until the decoder finishes); lessons use it."""
        self.set_playing(False)
        moves = [("end",)] if step == "end" else [("step",)] * int(step)
        self.request(("reset",), *moves)

    # what can be done --------------------------------------------------------------------------------------
    def can_step(self) -> bool:
        return self.state is not None and not self.state.finished

    def can_back(self) -> bool:
        return self.state is not None and self.state.n_steps > 0

    def is_working(self) -> bool:
        """Moves are queued or running, or a session opens (the buttons accept more moves meanwhile)."""
        return self._opening or bool(self._pending) or self._worker_busy() or self._flush_timer.isActive()

    def is_busy(self) -> bool:
        """Working, or a state waits for its redraw (lessons and screenshots wait for both)."""
        return self.is_working() or (self.state is not self._shown_state and self._visible())

    def _worker_busy(self) -> bool:
        return self._task is not None and not self._task.finished

    # play --------------------------------------------------------------------------------------------------
    def is_playing(self) -> bool:
        return self._play_timer.isActive()

    def set_playing(self, on: bool) -> None:
        if on == self.is_playing():
            return
        if on:
            self._play_timer.start(int(1000 / self.speed))
        else:
            self._play_timer.stop()
        self.changed.emit()

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = min(MAX_SPEED, max(MIN_SPEED, float(steps_per_second)))
        if self.is_playing():
            self._play_timer.setInterval(int(1000 / self.speed))

    def _on_play_timer_timeout(self) -> None:
        if self.state is not None and self.state.finished:
            self.set_playing(False)
        elif not self.is_working():
            self.step()

    # internals ---------------------------------------------------------------------------------------------
    def _start_next(self) -> None:
        """One apply at a time, never while a session opens (the moves wait for the new session)."""
        if not self._pending or self.session is None or self._opening or self._worker_busy():
            return
        moves, self._pending = self._pending, []
        generation = self._generation
        self._task = run_task(self._apply, self.session, moves, owner=self,
                              on_done=lambda state: self._on_applied(state, generation),
                              on_error=lambda exc: self._on_apply_failed(exc, generation))

    def _flush(self) -> None:
        if not self._pending or self.session is None:
            return
        if self._threaded and (self._opening or self._worker_busy() or not self._short(self._pending)):
            self._start_next()  # never beside a worker's apply on the same session; grown too long meanwhile
            return
        moves, self._pending = self._pending, []
        try:
            state = self._apply(self.session, moves, progress=_no_progress, is_cancelled=_never)
        except Exception as exc:  # noqa: BLE001 - shown by the lab, never a crash
            self._on_failed(exc)
            return
        self._deliver(state)

    def _on_opened(self, result) -> None:
        self._opening = False
        self.session, state = result
        self._deliver(state)
        self._start_next()  # moves asked for while the session opened

    def _on_applied(self, state, generation: int) -> None:
        self._task = None
        self._start_next()  # more moves arrived meanwhile; show this state anyway
        if generation == self._generation:
            self._deliver(state)

    def _on_apply_failed(self, exc: BaseException, generation: int) -> None:
        self._task = None
        if generation != self._generation:
            self._start_next()  # the failure belongs to a session already replaced
            return
        self._on_failed(exc)

    def _on_open_failed(self, exc: BaseException) -> None:
        self._opening = False
        self._on_failed(exc)
        self._start_next()

    def _on_failed(self, exc: BaseException) -> None:
        self._pending = []
        self.set_playing(False)
        self.changed.emit()
        self.failed.emit(exc)

    def _deliver(self, state: Optional[StepView]) -> None:
        self.state = state
        self.changed.emit()
        if not self._visible() or self._redraw_timer.isActive():
            return  # shown when the lab is, or by the redraw already scheduled for this frame
        wait = FRAME_MS - (time.perf_counter() - self._last_redraw) * 1000
        if wait > 0:
            self._redraw_timer.start(int(wait) + 1)
        else:
            self._redraw()

    def _redraw(self) -> None:
        if self.state is self._shown_state or not self._visible():
            return
        self._shown_state = self.state
        self._last_redraw = time.perf_counter()
        self.state_ready.emit(self.state)

    def _visible(self) -> bool:
        return self._lab is None or self._lab.isVisible()

    def eventFilter(self, watched, event) -> bool:
        if watched is self._lab and event.type() == QEvent.Show and self.state is not self._shown_state:
            self._redraw_timer.start(0)  # a lab behind another catches up when it is shown
        return False


class StepBar(Worded, QWidget):
    """Step / Back / Reset / To the end / Play and a speed in steps per second, with the keys every lab shares.

    Keys (while the bar is on screen): Space or Right step, Left back, Home reset, End to the end; Page Down /
    Page Up (presentation clickers) and Ctrl+Right / Ctrl+Left step and go back too, also while a text field has
    the focus (a text field keeps Space, the arrows, Home and End for its own editing)."""

    KEYS = {"step": ("Space", "Right", "PgDown", "Ctrl+Right"), "back": ("Left", "PgUp", "Ctrl+Left"),
            "reset": ("Home",), "end": ("End",)}
    EVERYWHERE = ("PgDown", "PgUp", "Ctrl+Right", "Ctrl+Left")

    def __init__(self, controller: StepController, settings=None, settings_prefix: str = "", *,
                 end_tooltip: Optional[Callable[[], str]] = None, parent=None):
        """end_tooltip: returns the lab's own translated tooltip for To the end (e.g. "Decode until </s>")."""
        super().__init__(parent)
        self.controller = controller
        self._settings, self._prefix = settings, settings_prefix
        self.step_button = self._button(controller.step, text=lambda: self.tr("Step ▶"), tip=lambda: self.tr(
            "Emit the next token (Space, Right, Page Down or Ctrl+Right)"))
        self.back_button = self._button(controller.back, text=lambda: self.tr("◀ Back"), tip=lambda: self.tr(
            "Undo the last step (Left, Page Up or Ctrl+Left)"))
        self.play_button = self._button(None, tip=lambda: self.tr("Step automatically at the chosen speed"))
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.reset_button = self._button(controller.reset, text=lambda: self.tr("|◀ Reset"),
                                         tip=lambda: self.tr("Back to the first step (Home)"))
        self.end_button = self._button(controller.to_end, text=lambda: self.tr("To the end ▶|"),
                                       tip=end_tooltip or (lambda: self.tr("Decode until the end (End)")))
        self.speed_spin = self.words(QDoubleSpinBox(), suffix=lambda: self.tr(" steps/s"),
                                     tip=lambda: self.tr("How many steps Play takes per second"))
        self.speed_spin.setRange(MIN_SPEED, MAX_SPEED)
        self.speed_spin.setSingleStep(0.5)
        self.speed_spin.setDecimals(2)
        if settings is not None and settings_prefix:
            speed = settings.get_str(f"{settings_prefix}/speed", str(DEFAULT_SPEED))
            try:
                self.speed_spin.setValue(float(speed))
            except ValueError:
                self.speed_spin.setValue(DEFAULT_SPEED)
        else:
            self.speed_spin.setValue(DEFAULT_SPEED)
        controller.set_speed(self.speed_spin.value())
        self.speed_spin.valueChanged.connect(controller.set_speed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.step_button, self.back_button, self.play_button, self.reset_button, self.end_button,
                  self.words(QLabel(), text=lambda: self.tr("Speed")), self.speed_spin):
            layout.addWidget(w)

        controller.changed.connect(self._on_controller_changed)

        self.shortcuts: dict[str, QShortcut] = {}
        slots = {"step": controller.step, "back": controller.back, "reset": controller.reset,
                 "end": controller.to_end}
        for action, keys in self.KEYS.items():
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.WindowShortcut)  # only while this bar (so its lab) is shown
                shortcut.activated.connect(slots[action])
                self.shortcuts[key] = shortcut
        self._everywhere = {QKeySequence(key) for key in self.EVERYWHERE}
        # Only the widget with the focus is filtered (a filter on the application ran Python for every event of
        # every widget, once per step bar: some 6,000 calls while one lab opened).
        app = QApplication.instance()
        app.focusChanged.connect(self._on_focus_changed)
        self._on_focus_changed(None, app.focusWidget())
        self.setFocusPolicy(Qt.StrongFocus)  # take_focus(): after Enter in a text field, keys step again
        self.retranslate()
        self._on_controller_changed()

    def _button(self, clicked: Optional[Callable[[], None]], **texts) -> QPushButton:
        """One of the bar's buttons, with its words (desktop_app.kit.words) and its slot."""
        button = self.words(QPushButton(), **texts)
        button.setFocusPolicy(Qt.NoFocus)  # Space always steps, whatever button was clicked last
        if clicked is not None:
            button.clicked.connect(clicked)
        return button

    def take_focus(self) -> None:
        """Hand the keyboard to the bar (a lab calls it after Enter in its text field starts a new input)."""
        self.setFocus(Qt.OtherFocusReason)

    def eventFilter(self, watched, event) -> bool:
        # A text field accepts Ctrl+arrows (word moves) before any shortcut sees them; refusing it that override
        # lets the step shortcuts fire whatever has the focus. Only while this bar's lab is on screen.
        if event.type() == QEvent.ShortcutOverride and self.isVisible() \
                and QKeySequence(event.keyCombination()) in self._everywhere \
                and isinstance(watched, QWidget) and watched.window() is self.window():
            return True
        return False

    def _on_focus_changed(self, old, new) -> None:
        if old is not None and shiboken6.isValid(old):  # it may be on its way out
            old.removeEventFilter(self)
        if new is not None:
            new.installEventFilter(self)

    def save_settings(self) -> None:
        if self._settings is not None and self._prefix:
            self._settings.set(f"{self._prefix}/speed", str(self.speed_spin.value()))

    def set_end_visible(self, visible: bool) -> None:
        self.end_button.setVisible(visible)

    # slots -------------------------------------------------------------------------------------------------
    def _on_play_toggled(self, on: bool) -> None:
        self.controller.set_playing(on)
        self._retranslate_play()

    def _on_controller_changed(self) -> None:
        c = self.controller
        loaded = c.session is not None
        self.step_button.setEnabled(loaded and (c.can_step() or c.is_working()))
        self.end_button.setEnabled(loaded and (c.can_step() or c.is_working()))
        self.back_button.setEnabled(loaded and (c.can_back() or c.is_working()))
        self.reset_button.setEnabled(loaded)
        self.play_button.setEnabled(loaded and (c.can_step() or c.is_playing()))
        if self.play_button.isChecked() != c.is_playing():
            self.play_button.blockSignals(True)
            self.play_button.setChecked(c.is_playing())
            self.play_button.blockSignals(False)
            self._retranslate_play()

    # texts -------------------------------------------------------------------------------------------------
    def _retranslate_play(self) -> None:
        self.play_button.setText(self.tr("Pause") if self.play_button.isChecked() else self.tr("Play"))

    def retranslate(self) -> None:
        """The play button's text follows its state; the other texts are bound where their widgets are made."""
        self._retranslate_play()
