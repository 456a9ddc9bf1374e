"""The Training lab's side of lessons and screenshots (desktop_app.kit.protocol.Lab), mixed into TrainingLab.

A lesson step's settings: task, model ("gru:additive", or "gru" + attention), hidden, lr, seed, compare, and
train_steps = N: the run is trained to exactly N optimizer steps from the seed (so every class sees the same
curves); a run with the same settings and fewer steps trains on, anything else starts again. "step" is the timeline
index (0 = untrained) shown once training is done; "input" the probe.
"""
from __future__ import annotations

from desktop_app.labs.training import compute

SCREENSHOT_STEPS = 150


class TrainingLessons:
    def lesson_state(self) -> dict:
        raw = self.controls.raw_settings()
        settings = {**raw, "lr": compute.parse_lr(raw["lr"])}
        if self.runner.has_runs():
            settings["train_steps"] = self.runner.steps()
        state = {"settings": settings}
        if self.runner.has_runs():
            state["step"] = self._timeline_index
        if self.probe_edit.text().strip():
            state["input"] = self.probe_edit.text().strip()
        return state

    def apply_lesson_state(self, state: dict) -> list[str]:
        asked = dict(state.get("settings") or {})
        steps = asked.pop("train_steps", None)
        raw = {**self.controls.raw_settings(), **asked}
        if "attention" in asked and "model" not in asked:
            raw["model"] = "gru"
        settings = self._checked_settings(raw)
        if settings is None:
            return []
        self.controls.set_values(settings)
        probe = state.get("input")
        probe_changed = isinstance(probe, str) and probe.strip() != self.runner.probe
        if isinstance(probe, str):
            self.probe_edit.setText(probe.strip())
            self._probe_task = settings.task
        step = state.get("step")
        self._lesson_step = step if isinstance(step, int) and not isinstance(step, bool) and step >= 0 else None
        if steps is not None:
            try:
                steps = compute.check_steps(steps)
            except compute.SettingsRefused as refusal:
                self.show_message(refusal.key, **refusal.fields)
                return []
            r = self.runner
            same = r.runs and r.settings == settings and not probe_changed and r.steps() <= steps
            if same:
                r.train_to(steps)
            else:
                self.start(target_steps=steps)
        elif probe_changed and self.runner.runs:
            self.runner.set_probe(self.probe_edit.text().strip())
        if self._lesson_step is not None and not self.runner.is_busy() and self.runner.has_runs():
            self.timeline.setValue(min(self._lesson_step, self.runner.count - 1))
            self._lesson_step = None
        return []

    def prepare_screenshot(self) -> None:
        """Mid-training on reverse: the anti-diagonal half formed, the curves on their way down."""
        self.apply_lesson_state({"settings": {"task": "reverse", "model": "gru:additive", "hidden": 96, "lr": 0.002,
                                              "seed": 0, "compare": False, "train_steps": SCREENSHOT_STEPS}})
