"""Training lab: a small attention model learns a task live, and the class watches its alignment form.

Controls: task (copy, reverse, sort, date format, EN→ES slice), model (GRU with no / dot / general / additive
attention, or a small Transformer), hidden size, learning rate, seed, compare with and without attention; Start,
Pause, Resume, Reset, Save run….
Views, after every chunk of training: loss curves (train, held-out), held-out exact match (and alignment mass), the
probe's attention matrix (the anti-diagonal of reverse forming out of uniform weights), exact match by input length,
and a timeline over the kept snapshots to replay how it learned. Compare: both runs' alignments and curves.
Training runs in short chunks in a child process (runner.py, process.py); the GUI thread only moves arrays into
views built at start.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QLineEdit, QSlider, QSplitter, QStackedWidget, QVBoxLayout, QWidget,
)

from desktop_app.kit.frame import INFO, LabFrame, Msg
from desktop_app.labs.training import compute
from desktop_app.labs.training.controls import TrainingControls
from desktop_app.labs.training.lesson import TrainingLessons
from desktop_app.labs.training.runner import TrainingRunner
from desktop_app.labs.training.views import AlignmentPanel, CurvesView, LengthBars
from desktop_app.widgets.export import ExportData

LAB_KEY = "training"


class TrainingLab(TrainingLessons, LabFrame):
    MESSAGES = {
        "task_unknown": Msg(QT_TRANSLATE_NOOP("TrainingLab", "There is no task “{task}”; choose one of {tasks}.")),
        "model_unknown": Msg(QT_TRANSLATE_NOOP("TrainingLab",
                                               "There is no model “{model}”; choose one of {models}.")),
        "hidden_range": Msg(QT_TRANSLATE_NOOP("TrainingLab",
                                              "The hidden size must be a whole number from {lo} to {hi}; {value} was "
                                              "refused.")),
        "lr_range": Msg(QT_TRANSLATE_NOOP("TrainingLab",
                                          "The learning rate must be a number from {lo} to {hi} (e.g. 0.002); "
                                          "“{value}” was refused.")),
        "seed_range": Msg(QT_TRANSLATE_NOOP("TrainingLab", "The seed must be a whole number from 0 to {hi}; {value} "
                                                           "was refused.")),
        "steps_range": Msg(QT_TRANSLATE_NOOP("TrainingLab", "The number of training steps must be from 0 to {hi}; "
                                                            "{value} was refused.")),
        "refused": Msg(QT_TRANSLATE_NOOP("TrainingLab", "These settings cannot be trained: {error}")),
        "failed": Msg(QT_TRANSLATE_NOOP("TrainingLab", "Training stopped: {error}")),
        "probe_refused": Msg(QT_TRANSLATE_NOOP("TrainingLab", "The probe cannot be read ({error}); the previous one "
                                                              "stays.")),
        "saved": Msg(QT_TRANSLATE_NOOP("TrainingLab", "Saved to {folder} (model.safetensors, config.json, "
                                                      "metrics.json)."), INFO),
        "saved_gru": Msg(QT_TRANSLATE_NOOP("TrainingLab", "A GRU run opens in the Seq2Seq lab: its Open… button next "
                                                          "to the model list."), INFO),
        "save_failed": Msg(QT_TRANSLATE_NOOP("TrainingLab", "Could not save the run: {error}")),
    }

    def __init__(self, settings, parent=None, *, small: dict | None = None):
        super().__init__(settings, parent, title=lambda: self.tr("Training"),
                         intro=lambda: self.tr(
                             "Train a small model live and watch attention learn where to look: on reverse, the "
                             "alignment turns from uniform weights into the anti-diagonal. Compare runs the same "
                             "task without attention."))
        self.runner = TrainingRunner(self, small=small)
        # the training process goes with the lab, and with the app
        self.destroyed.connect(self.runner.trainers.close)
        QCoreApplication.instance().aboutToQuit.connect(self.runner.trainers.close)
        self._timeline_index = 0
        self._lesson_step: int | None = None  # a timeline index a lesson asked for, applied when training is done
        self._paused_by_hide = False
        self._probe_task: str | None = None  # the task the probe field's text was written for

        words = self.words
        self.controls = TrainingControls()
        self.controls.set_values(self._remembered())
        self.controls.start_clicked.connect(self.start)
        self.controls.pause_clicked.connect(self.pause)
        self.controls.resume_clicked.connect(self.resume)
        self.controls.reset_clicked.connect(self.reset)
        self.controls.save_clicked.connect(self._on_save_clicked)
        self.status_label = QLabel()
        self.empty_label = words(QLabel(), text=lambda: self.tr(
            "Press Start: the loss and exact-match curves, the alignment of the probe input and the accuracy by "
            "input length appear here and are redrawn as the model learns."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setStyleSheet("color: #555; font-size: 12pt;")

        self.alignment_panels = [AlignmentPanel(), AlignmentPanel()]
        self.alignment_views = [panel.heatmap for panel in self.alignment_panels]
        for view in self.alignment_views:
            words.call(lambda view=view: view.set_axis_titles(self.tr("output"), self.tr("input")))
            words.call(lambda view=view: view.set_empty_text(
                self.tr("The probe's alignment appears after the first moments of training.")))
        self.curves_view, self.bars_view = CurvesView(), LengthBars()
        words.call(lambda: self.curves_view.loss_plot.setLabel("bottom", self.tr("step")))
        words.call(lambda: self.curves_view.exact_plot.setLabel("bottom", self.tr("step")))
        self.curves_view.exact_plot.setLabel("left", "%")
        words.call(lambda: self.bars_view.plot.setLabel("bottom", self.tr("input length")))
        self.bars_view.plot.setLabel("left", "%")  # a short plot: the frame's title says what it counts
        ready = self.runner.has_runs
        # the alignments' titles name the runs once there are some (_update_names)
        self.alignment_title, alignment_frame = self.add_view(
            "alignment", self.alignment_panels[0], lambda: self._alignment_export_data(0), ready=ready,
            guard_title=True, title=lambda: self.tr("Alignment of the probe"))
        self.second_title, self._second_frame = self.add_view(
            "alignment_none", self.alignment_panels[1], lambda: self._alignment_export_data(1), ready=ready,
            guard_title=True, title=lambda: self.tr("Alignment of the probe without attention"))
        self.curves_title, curves_frame = self.add_view(
            "curves", self.curves_view, self._curves_export_data, ready=ready,
            title=lambda: self.tr("Loss and held-out exact match"))
        self.bars_title, bars_frame = self.add_view(
            "lengths", self.bars_view, self._bars_export_data, ready=ready,
            title=lambda: self.tr("Held-out exact match by input length"))
        self.current_view_key = "alignment"

        alignments = QSplitter(Qt.Horizontal)
        alignments.addWidget(alignment_frame)
        alignments.addWidget(self._second_frame)
        left = QSplitter(Qt.Vertical)
        left.addWidget(alignments)
        left.addWidget(bars_frame)
        left.setStretchFactor(0, 2)
        left.setStretchFactor(1, 1)
        left.setSizes([2000, 1000])  # the bars get a third of the height from the start
        views = QSplitter(Qt.Horizontal)
        views.addWidget(left)
        views.addWidget(curves_frame)
        views.setStretchFactor(0, 3)
        views.setStretchFactor(1, 2)
        views.setSizes([3000, 2000])  # from the start: the curves' legends need their two fifths
        for splitter in (alignments, left, views):
            splitter.setChildrenCollapsible(False)

        replay = lambda: self.tr("Move the timeline to replay how the model learned")  # noqa: E731
        self.timeline_label = words(QLabel(), tip=replay)
        self.timeline = words(QSlider(Qt.Horizontal), tip=replay)
        self.timeline.setRange(0, 0)
        self.timeline.valueChanged.connect(self._show_snapshot)
        self.probe_edit = words(QLineEdit(), tip=lambda: self.tr(
            "The input whose attention is drawn; press Enter to use it"))
        self.probe_edit.returnPressed.connect(self._on_probe_entered)
        bottom = QHBoxLayout()
        bottom.addWidget(self.timeline_label)
        bottom.addWidget(self.timeline, 3)
        bottom.addWidget(words(QLabel(), text=lambda: self.tr("Probe")))
        bottom.addWidget(self.probe_edit, 2)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(views, 1)
        page_layout.addLayout(bottom)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(page)

        self.body.addWidget(self.controls)
        self.body.addWidget(self.messages)
        self.body.addWidget(self.status_label)
        self.body.addWidget(self.stack, 1)

        self.runner.started.connect(self._on_runs_started)
        self.runner.snapshot_added.connect(self._on_snapshot_added)
        self.runner.state_changed.connect(self._on_runner_state_changed)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.saved.connect(self._on_runner_saved)
        self.retranslate()
        self._show_empty()
        self._on_runner_state_changed()

    # settings -------------------------------------------------------------------------------------------------
    def _remembered(self) -> compute.RunSettings:
        s = self._settings
        raw = {"task": s.get_str("training/task", "reverse", compute.TASKS),
               "model": s.get_str("training/model", "gru:additive", compute.MODELS),
               "hidden": s.get_int("training/hidden", 96, *compute.HIDDEN_RANGE),
               "lr": s.get_str("training/lr", "0.002"), "seed": s.get_int("training/seed", 0, 0, compute.SEED_MAX),
               "compare": s.get_int("training/compare", 0, 0, 1) == 1}
        try:
            return compute.check_settings(raw)
        except compute.SettingsRefused:
            return compute.RunSettings()

    def save_settings(self) -> None:
        raw = self.controls.raw_settings()
        for key in ("task", "model", "hidden", "seed"):
            self._settings.set(f"training/{key}", raw[key])
        self._settings.set("training/lr", str(raw["lr"]))
        self._settings.set("training/compare", int(raw["compare"]))

    def _checked_settings(self, raw: dict | None = None) -> compute.RunSettings | None:
        try:
            settings = compute.check_settings(raw if raw is not None else self.controls.raw_settings())
        except compute.SettingsRefused as refusal:
            self.show_message(refusal.key, to_status_bar=True, **refusal.fields)
            return None
        self.show_message(None)
        return settings

    # commands ---------------------------------------------------------------------------------------------------
    def start(self, target_steps: int | None = None, run: bool = True) -> bool:
        """Train from scratch with the controls' settings; False (and a message) when they are refused."""
        settings = self._checked_settings()
        if settings is None:
            return False
        self._timeline_index = 0
        if self._probe_task is not None and settings.task != self._probe_task:
            self.probe_edit.clear()  # a probe of another task: this task's own probe instead
        self.runner.start(settings, self.probe_edit.text().strip(), target_steps=target_steps, run=run)
        return True

    def pause(self) -> None:
        self.runner.pause()

    def resume(self) -> None:
        self.runner.resume()

    def reset(self) -> None:
        self.runner.reset()
        self.show_message(None)
        self._show_empty()

    def save_run(self, folder) -> None:
        if self.runner.has_runs():
            self.runner.save(folder)

    def is_busy(self) -> bool:
        return self.runner.is_busy()

    # slots ------------------------------------------------------------------------------------------------------
    def _on_save_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save run to a folder"))
        if folder:
            self.save_run(folder)

    def _on_probe_entered(self) -> None:
        self._probe_task = self.controls.raw_settings()["task"]
        self.runner.set_probe(self.probe_edit.text().strip())

    def _on_runs_started(self) -> None:
        for panel in self.alignment_panels:
            panel.clear()
        self.stack.setCurrentIndex(1)
        self._second_frame.setVisible(len(self.runner.runs) > 1)
        self.probe_edit.setText(self.runner.runs[0].probe_text)
        self._probe_task = self.runner.settings.task
        self._update_names()

    def _on_snapshot_added(self) -> None:
        count = self.runner.count
        follow = self.timeline.value() >= self.timeline.maximum()
        self.timeline.blockSignals(True)
        self.timeline.setRange(0, max(0, count - 1))
        if follow:
            self.timeline.setValue(count - 1)
        self.timeline.blockSignals(False)
        histories = self.runner.histories()
        self.curves_view.show_curves([compute.curves(h) for h in histories])
        self._show_snapshot(self.timeline.value())
        self._show_status()

    def _on_runner_state_changed(self) -> None:
        r = self.runner
        self.controls.show_state(r.has_runs(), r.running, r.is_busy())
        self._show_status()
        if self._lesson_step is not None and r.has_runs() and not r.is_busy():
            self.timeline.setValue(min(self._lesson_step, r.count - 1))
            self._lesson_step = None

    def _on_runner_failed(self, key: str, error: str) -> None:
        self.show_message(key, to_status_bar=True, error=error)
        if key == "refused":
            self._show_empty()

    def _on_runner_saved(self, paths) -> None:
        items = [("saved", {"folder": ", ".join(str(p) for p in paths)})]
        if any(t.config.model == "gru" for t in self.runner.runs):
            items.append(("saved_gru", {}))
        self.show_messages(items, to_status_bar=True)

    # drawing ----------------------------------------------------------------------------------------------------
    def _show_empty(self) -> None:
        self.stack.setCurrentIndex(0)
        self.curves_view.clear()
        self.bars_view.clear()
        self.timeline.setRange(0, 0)
        self._show_status()

    def _show_snapshot(self, index: int) -> None:
        histories = self.runner.histories()
        if not histories or not histories[0]:
            return
        index = max(0, min(index, len(histories[0]) - 1))
        self._timeline_index = index
        snaps = [h[index] for h in histories]
        for panel, snap in zip(self.alignment_panels, snaps):
            a = compute.alignment_view(snap)
            if a.matrix is None:
                panel.show_note(self._alignment_caption(a))
            else:
                panel.show_matrix(a.matrix, a.rows, a.cols, self._alignment_caption(a))
        self.bars_view.show_bars([compute.length_bars(s) for s in snaps])
        self.curves_view.set_marker(snaps[0].step if index < len(histories[0]) - 1 else None)
        self.timeline_label.setText(self.tr("Snapshot {i} of {n}").format(i=index, n=len(histories[0]) - 1))

    def _alignment_caption(self, a: compute.AlignmentView) -> str:
        if a.matrix is None:
            return self.tr("Step {step}: no attention, so no alignment to draw: the decoder sees only the encoder's "
                           "last state. Exact match {exact}.").format(step=a.step, exact=f"{100 * a.exact:.0f}%")
        mass = "–" if a.mass is None else f"{a.mass:.2f}"
        return self.tr("step {step}: exact {exact}, alignment mass {mass}").format(
            step=a.step, exact=f"{100 * a.exact:.0f}%", mass=mass)

    def _show_status(self) -> None:
        r = self.runner
        if not r.has_runs():
            self.status_label.setText(self.tr("Starting…") if r.is_busy() else "")
            return
        last = [h[-1] for h in r.histories()]
        state = self.tr("training") if r.running else self.tr("paused")
        parts = [self.tr("{name}: step {step}, {seconds} s, exact {exact}").format(
            name=self._run_name(k), step=s.step, seconds=f"{s.seconds:.1f}", exact=f"{100 * s.exact:.0f}%")
            for k, s in enumerate(last)]
        self.status_label.setText(f"{state} · " + " · ".join(parts))

    def _run_name(self, k: int) -> str:
        if not self.runner.runs:
            return ""
        config = self.runner.runs[k].config
        if config.model == "transformer":
            return self.tr("Transformer")
        return self.tr("GRU, {attention}").format(
            attention=self.tr("no attention") if config.attention == "none" else config.attention)

    def _update_names(self) -> None:
        names = [self._run_name(k) for k in range(len(self.runner.runs))]
        self.curves_view.set_names(self.tr("train loss"), self.tr("held-out loss"),
                                   [self.tr("exact % ({name})").format(name=n) for n in names],
                                   self.tr("alignment mass (%)"))
        if names:
            self.alignment_title.setText(self.tr("Alignment of the probe: {name}").format(name=names[0]))
            self.second_title.setText(self.tr("Alignment of the probe: {name}").format(name=names[-1]))

    # texts -------------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._update_names()
        if self.runner.has_runs():
            self._show_snapshot(self._timeline_index)
        self._show_status()
        super().retranslate()

    # lifetime -----------------------------------------------------------------------------------------------------
    def hideEvent(self, event) -> None:
        # a lab the user left stops using the CPU; it goes on when shown again
        if not event.spontaneous() and self.runner.running:
            self.runner.pause()
            self._paused_by_hide = True
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._paused_by_hide:
            self._paused_by_hide = False
            self.runner.resume()

    # export data --------------------------------------------------------------------------------------------------
    def _meta(self, view: str) -> dict:
        settings = self.runner.settings.to_dict() if self.runner.settings else {}
        return {"lab": LAB_KEY, "view": view, **settings, "snapshot": self._timeline_index}

    def _alignment_export_data(self, k: int) -> ExportData:
        histories = self.runner.histories()
        snap = histories[min(k, len(histories) - 1)][self._timeline_index]
        a = compute.alignment_view(snap)
        matrix = a.matrix if a.matrix is not None else np.zeros((len(a.rows), len(a.cols)))
        return ExportData(name=f"training_alignment_step{a.step}", matrix=matrix, row_labels=list(a.rows),
                          col_labels=list(a.cols), meta={**self._meta("alignment"), "alignment_mass": a.mass})

    def _curves_export_data(self) -> ExportData:
        columns = {}
        for k, history in enumerate(self.runner.histories()):
            c = compute.curves(history)
            tag = "" if k == 0 else "_none"
            columns.update({f"step{tag}": c.steps, f"train_loss{tag}": c.train_loss,
                            f"heldout_loss{tag}": c.heldout_loss, f"exact_percent{tag}": c.exact,
                            f"alignment_mass{tag}": c.mass})
        return ExportData(name="training_curves", columns=columns, meta=self._meta("curves"))

    def _bars_export_data(self) -> ExportData:
        lengths, values = compute.length_bars(self.runner.histories()[0][self._timeline_index])
        return ExportData(name="training_by_length", columns={"length": lengths, "exact_percent": values},
                          meta=self._meta("lengths"))
