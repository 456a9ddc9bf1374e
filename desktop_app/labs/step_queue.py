"""The step queue shared by the labs that step a decoder session in a worker (Transformer, GPT).

Moves asked for while the worker is busy (step, back, reset, force, ...) wait in order and go to the worker together
when it is free, so a held key never queues one task per key press; Play steps only when the worker is idle.
"""
from __future__ import annotations


class StepQueueMixin:
    """Mixed into a lab widget (before QWidget) that has: _session, _pending (list of move tuples), _pending_open
    (bool: a new session is asked for), _task, _state, play_button, speed_spin, _play_timer, is_busy(),
    _start_next() (hands the next open or the pending moves to the worker), _show_state(state), _update_buttons()
    and _retranslate_play()."""

    def _request_move(self, move: tuple) -> None:
        if self._session is None and not self._pending_open and not self.is_busy():
            return  # nothing loaded (a message is shown)
        self._pending.append(move)
        if self._task is None or self._task.finished:
            self._start_next()

    def _on_state_ready(self, state) -> None:
        if self._pending or self._pending_open:
            self._start_next()  # more moves arrived meanwhile; show this state anyway
        self._show_state(state)
        self._update_buttons()

    def _on_play_toggled(self, on: bool) -> None:
        if on:
            self._play_timer.start(self.speed_spin.value())
        else:
            self._play_timer.stop()
        self._retranslate_play()

    def _on_play_timer_timeout(self) -> None:
        if self._state is not None and self._state.finished:
            self.play_button.setChecked(False)
        elif not self.is_busy():
            self.step()
