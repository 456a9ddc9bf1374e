"""SliderSpinBox: a slider and a spin box kept in sync, with validation that refuses bad typed values.

The slider can only produce valid values (it moves in `step`s). The spin box accepts any integer typed, so that
a wrong value gets a clear message from the lab (`validator` returns the message) instead of being silently
clamped; the last valid value stays in force.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSlider, QSpinBox, QWidget

TYPED_MIN, TYPED_MAX = -999_999, 999_999


class SliderSpinBox(QWidget):
    value_changed = Signal(int)  # a valid value, from either control
    value_refused = Signal(str)  # the validator's message for a typed value
    value_accepted = Signal()  # a valid value after a refused one: time to clear the message

    def __init__(self, minimum: int, maximum: int, step: int = 1, value: int | None = None, parent=None):
        super().__init__(parent)
        self.minimum, self.maximum, self.step = minimum, maximum, step
        self.validator: Callable[[int], str | None] = self._default_validator
        self._value = minimum if value is None else value
        self._refused = False

        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(0, (maximum - minimum) // step)
        self.slider.setPageStep(max(1, self.slider.maximum() // 16))
        self.spin = QSpinBox()
        self.spin.setRange(TYPED_MIN, TYPED_MAX)
        self.spin.setSingleStep(step)
        self.spin.setKeyboardTracking(False)  # validate the finished number, not "6" on the way to "64"
        self.spin.setMinimumWidth(80)
        self.spin.setAlignment(Qt.AlignRight)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self._show(self._value)
        self.slider.valueChanged.connect(self._on_slider_changed)
        self.spin.valueChanged.connect(self._on_spin_changed)

    def _default_validator(self, value: int) -> str | None:
        if not self.minimum <= value <= self.maximum or (value - self.minimum) % self.step:
            return f"{value}"
        return None

    def value(self) -> int:
        return self._value

    def is_refused(self) -> bool:
        return self._refused

    def set_value(self, value: int) -> None:
        """Programmatic change; goes through the same validation as typing."""
        self.spin.setValue(value)
        if value == self._value and not self._refused:
            self._show(value)

    def setToolTip(self, text: str) -> None:  # noqa: N802 - Qt naming
        super().setToolTip(text)
        self.slider.setToolTip(text)
        self.spin.setToolTip(text)

    def _show(self, value: int) -> None:
        for widget in (self.slider, self.spin):
            widget.blockSignals(True)
        self.spin.setValue(value)
        self.slider.setValue((min(max(value, self.minimum), self.maximum) - self.minimum) // self.step)
        for widget in (self.slider, self.spin):
            widget.blockSignals(False)

    def _set_refused(self, refused: bool) -> None:
        self._refused = refused
        self.spin.setStyleSheet("QSpinBox { background: #ffe4e4; }" if refused else "")

    def _commit(self, value: int) -> None:
        was_refused = self._refused
        self._set_refused(False)
        self._show(value)
        if was_refused:
            self.value_accepted.emit()
        if value != self._value:
            self._value = value
            self.value_changed.emit(value)

    def _on_slider_changed(self, index: int) -> None:
        self._commit(self.minimum + index * self.step)

    def _on_spin_changed(self, value: int) -> None:
        message = self.validator(value)
        if message is None:
            self._commit(value)
        else:
            self._set_refused(True)
            self.value_refused.emit(message)
