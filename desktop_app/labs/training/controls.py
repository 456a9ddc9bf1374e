"""The Training lab's controls, in small groups: what to learn (task, model), how (hidden size, learning rate, seed,
compare), and the run (Start, Pause, Resume, Reset, Save run…). Raw values only: the lab checks them
(compute.check_settings) and shows a declared message for a refused one."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
    QWidget,
)

from desktop_app.kit.words import Worded
from desktop_app.labs.training.compute import MODELS, SEED_MAX, TASKS, RunSettings


class TrainingControls(Worded, QWidget):
    start_clicked = Signal()
    pause_clicked = Signal()
    resume_clicked = Signal()
    reset_clicked = Signal()
    save_clicked = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        words = self.words
        self.task_combo = words(QComboBox(), tip=lambda: self.tr(
            "copy: a b c → a b c; reverse: a b c → c b a; sort: c a b → a b c; date format: 5 March 2021 → "
            "2021-03-05; EN→ES: a slice of the Tatoeba sentence pairs."))
        self.model_combo = QComboBox()
        for key in TASKS:
            self.task_combo.addItem(key, key)
        for key in MODELS:
            self.model_combo.addItem(key, key)
        words.call(self._name_items)
        for combo in (self.task_combo, self.model_combo):  # the whole name, in either language and font size
            combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.hidden_spin = QSpinBox()
        self.hidden_spin.setRange(0, 4096)  # the lab refuses out-of-range sizes with a message, not a silent clamp
        self.lr_edit = words(QLineEdit(), tip=lambda: self.tr("Adam's learning rate, e.g. 0.002"))
        self.lr_edit.setMaximumWidth(90)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, SEED_MAX)
        self.compare_check = words(QCheckBox(), text=lambda: self.tr("Compare with and without attention"),
                                   tip=lambda: self.tr("Two runs side by side, same task and seed: the chosen model "
                                                       "and a GRU without attention."))
        self.start_button = self._button(self.start_clicked, text=lambda: self.tr("Start"),
                                         tip=lambda: self.tr("Train from scratch with these settings"))
        self.pause_button = self._button(self.pause_clicked, text=lambda: self.tr("Pause"))
        self.resume_button = self._button(self.resume_clicked, text=lambda: self.tr("Resume"))
        self.reset_button = self._button(self.reset_clicked, text=lambda: self.tr("Reset"))
        self.save_button = self._button(self.save_clicked, text=lambda: self.tr("Save run…"))

        what_group = words(QGroupBox(), title=lambda: self.tr("What to learn"))
        what = QFormLayout(what_group)
        what.addRow(words(QLabel(), text=lambda: self.tr("Task")), self.task_combo)
        what.addRow(words(QLabel(), text=lambda: self.tr("Model")), self.model_combo)
        how_group = words(QGroupBox(), title=lambda: self.tr("Model settings"))
        how = QFormLayout(how_group)
        how.addRow(words(QLabel(), text=lambda: self.tr("Hidden size")), self.hidden_spin)
        how.addRow(words(QLabel(), text=lambda: self.tr("Learning rate")), self.lr_edit)
        how.addRow(words(QLabel(), text=lambda: self.tr("Seed")), self.seed_spin)
        run_group = words(QGroupBox(), title=lambda: self.tr("Run"))
        run = QGridLayout(run_group)  # two rows of buttons: the three groups fit a 1024-pixel screen
        for k, button in enumerate((self.start_button, self.pause_button, self.resume_button, self.reset_button,
                                    self.save_button)):
            run.addWidget(button, k // 3, k % 3)
        run_column = QWidget()
        column = QFormLayout(run_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.addRow(run_group)
        column.addRow(self.compare_check)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(what_group)
        layout.addWidget(how_group)
        layout.addWidget(run_column, 1)
        self.set_values(RunSettings())

    def _button(self, clicked: Signal, **texts) -> QPushButton:
        """One of the run's buttons, with its words (desktop_app.kit.words); a click emits `clicked`."""
        button = self.words(QPushButton(), **texts)
        button.clicked.connect(clicked)
        return button

    def _name_items(self) -> None:
        names = {"copy": self.tr("copy"), "reverse": self.tr("reverse"), "sort": self.tr("sort"),
                 "date": self.tr("date format"), "en-es": self.tr("EN→ES slice")}
        for i, key in enumerate(TASKS):
            self.task_combo.setItemText(i, names[key])
        models = {"gru:none": self.tr("GRU, no attention"), "gru:dot": self.tr("GRU, dot attention"),
                  "gru:general": self.tr("GRU, general attention"), "gru:additive": self.tr("GRU, additive attention"),
                  "transformer": self.tr("small Transformer")}
        for i, key in enumerate(MODELS):
            self.model_combo.setItemText(i, models[key])

    # values ----------------------------------------------------------------------------------------------
    def raw_settings(self) -> dict:
        return {"task": self.task_combo.currentData(), "model": self.model_combo.currentData(),
                "hidden": self.hidden_spin.value(), "lr": self.lr_edit.text(), "seed": self.seed_spin.value(),
                "compare": self.compare_check.isChecked()}

    def set_values(self, settings: RunSettings) -> None:
        self.task_combo.setCurrentIndex(max(0, self.task_combo.findData(settings.task)))
        self.model_combo.setCurrentIndex(max(0, self.model_combo.findData(settings.model)))
        self.hidden_spin.setValue(settings.hidden)
        self.lr_edit.setText(f"{settings.lr:g}")
        self.seed_spin.setValue(settings.seed)
        self.compare_check.setChecked(settings.compare)

    def show_state(self, has_runs: bool, running: bool, busy: bool) -> None:
        self.pause_button.setEnabled(running)
        self.resume_button.setEnabled(has_runs and not running)
        self.reset_button.setEnabled(has_runs or busy)
        self.save_button.setEnabled(has_runs)
