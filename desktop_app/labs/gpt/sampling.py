"""How the GPT lab chooses the next token: greedy, or sampled with a temperature, a top-k cut and a seed."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from desktop_app.kit.words import Worded
from desktop_app.labs.gpt.boxes import WholeCombo


class SamplingControls(Worded, QWidget):
    changed = Signal()  # the user (or a lesson) changed how the next token is chosen

    def __init__(self, parent=None):
        super().__init__(parent)
        words = self.words
        self.mode_combo = words(WholeCombo(), tip=lambda: self.tr(  # whole: "Greedy" was cut when the row was squeezed
            "Greedy takes the most probable token; Sample draws one at random, in proportion to its probability"))
        self.mode_combo.addItems(["", ""])  # greedy, sample
        words.call(lambda: self.mode_combo.setItemText(0, self.tr("Greedy")))
        words.call(lambda: self.mode_combo.setItemText(1, self.tr("Sample")))
        self.mode_combo.currentIndexChanged.connect(self._on_control_changed)  # after the first item is current
        self.temperature_label = words(QLabel(), text=lambda: self.tr("Temperature"))
        self.temperature_spin = words(QDoubleSpinBox(), tip=lambda: self.tr(
            "Divides the scores before the softmax: below 1 sharper (safer), above 1 flatter (more surprising)"))
        self.temperature_spin.setRange(0.1, 3.0)
        self.temperature_spin.setSingleStep(0.1)
        self.temperature_spin.setDecimals(2)
        self.topk_label = words(QLabel(), text=lambda: self.tr("Top-k"))
        self.topk_spin = words(QSpinBox(), tip=lambda: self.tr("Draw only among the k most probable tokens (0 = all)"))
        self.topk_spin.setRange(0, 1000)
        self.seed_label = words(QLabel(), text=lambda: self.tr("Seed"))
        self.seed_spin = words(QSpinBox(), tip=lambda: self.tr("The same seed draws the same tokens again"))
        self.seed_spin.setRange(0, 999_999)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (words(QLabel(), text=lambda: self.tr("Choice")), self.mode_combo, self.temperature_label,
                  self.temperature_spin, self.topk_label, self.topk_spin, self.seed_label, self.seed_spin):
            layout.addWidget(w)
        for spin in (self.temperature_spin, self.topk_spin, self.seed_spin):
            spin.valueChanged.connect(self._on_control_changed)  # after their ranges are set
        self._update_enabled()

    def sampling(self) -> tuple[float, int, int]:
        """(temperature, top_k, seed); temperature 0 = greedy."""
        if self.mode_combo.currentIndex() == 0:
            return (0.0, 0, self.seed_spin.value())
        return (float(self.temperature_spin.value()), int(self.topk_spin.value()), int(self.seed_spin.value()))

    def set_sampling(self, temperature=None, top_k=None, seed=None) -> None:
        """Set the given parts (None leaves one as it is); temperature 0 = greedy."""
        if temperature is not None:
            self.mode_combo.setCurrentIndex(0 if temperature <= 0 else 1)
            if temperature > 0:
                self.temperature_spin.setValue(float(temperature))
        if top_k is not None:
            self.topk_spin.setValue(int(top_k))
        if seed is not None:
            self.seed_spin.setValue(int(seed))

    # settings ----------------------------------------------------------------------------------------------
    def load_settings(self, settings) -> None:
        self.mode_combo.setCurrentIndex(settings.get_int("gpt/sample", 0, 0, 1))
        self.temperature_spin.setValue(settings.get_int("gpt/temperature_pct", 80, 10, 300) / 100)
        self.topk_spin.setValue(settings.get_int("gpt/top_k", 40, 0, 1000))
        self.seed_spin.setValue(settings.get_int("gpt/seed", 0, 0, 999_999))

    def save_settings(self, settings) -> None:
        settings.set("gpt/sample", self.mode_combo.currentIndex())
        settings.set("gpt/temperature_pct", int(round(self.temperature_spin.value() * 100)))
        settings.set("gpt/top_k", self.topk_spin.value())
        settings.set("gpt/seed", self.seed_spin.value())

    # slots -------------------------------------------------------------------------------------------------
    def _on_control_changed(self, *_args) -> None:
        self._update_enabled()
        self.changed.emit()

    def _update_enabled(self) -> None:
        sample = self.mode_combo.currentIndex() == 1
        for w in (self.temperature_spin, self.topk_spin, self.seed_spin, self.temperature_label, self.topk_label,
                  self.seed_label):
            w.setEnabled(sample)
