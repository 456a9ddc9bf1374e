"""Image Captioning lab: a Show-Attend-Tell captioner writes a caption word by word, and for each word the
picture shows where it looked (attention over the CNN's 7 x 7 or 14 x 14 feature grid).

    open a picture (pictures.PictureChooser: dialog, drag and drop, paste, or a sample) -> CNN once (loader, worker)
    -> step the decoder through the kit's StepController and StepBar (Step / Back / Reset / Play / To the end; Space
    or Right, Left, Home, End); each word's attention over the picture, smooth or as raw cells, with an opacity
    slider; a strip of thumbnails, one per word; hover a cell for its weight; click a candidate word to force it.

Reading a file and running the CNN happen in workers (torch imported there); a decoder step is a few small matmuls
(about a millisecond), so the step controller applies moves on the GUI thread (threaded=False) and the views
follow the keys at once.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QSlider

from desktop_app.kit.frame import LabFrame, Msg
from desktop_app.kit.steps import StepBar, StepController
from desktop_app.labs.caption.compute import (
    CaptionView, apply_caption_moves, caption_view, force_moves, last_named_object, step_shown,
)
from desktop_app.labs.caption.display import CaptionDisplay, Look
from desktop_app.labs.caption.loader import CaptionLoader
from desktop_app.labs.caption.pictures import PictureChooser, sample_paths, samples_dir
from desktop_app.labs.caption.views import AttentionImageView
from desktop_app.widgets.export import ExportData

LAB_KEY = "caption"
GRIDS = (7, 14)
_NOTHING = object()  # no selection waiting for the next state
_NAMED = "named"  # select the caption's last named object once it is written (screenshots)


class CaptionLab(LabFrame):
    trace_updated = Signal()  # the views show the current steps

    MESSAGES = {
        "missing": Msg(QT_TRANSLATE_NOOP("CaptionLab", "“{name}” was not found or cannot be read.")),
        "empty": Msg(QT_TRANSLATE_NOOP("CaptionLab", "“{name}” is empty (0 bytes): there is no picture in it.")),
        "not_image": Msg(QT_TRANSLATE_NOOP(
            "CaptionLab", "“{name}” is not a picture this lab can read (PNG, JPEG, WebP, BMP, GIF, TIFF).")),
        "truncated": Msg(QT_TRANSLATE_NOOP(
            "CaptionLab", "“{name}” is cut off before its end (truncated); the picture is incomplete.")),
        "corrupt": Msg(QT_TRANSLATE_NOOP("CaptionLab", "“{name}” is damaged and cannot be decoded.")),
        "too_large": Msg(QT_TRANSLATE_NOOP(
            "CaptionLab", "“{name}” is too large (more than 60 million pixels) and was refused, to protect the "
                          "computer's memory.")),
        "nothing_to_paste": Msg(QT_TRANSLATE_NOOP("CaptionLab", "The clipboard holds no picture and no picture file.")),
        "model": Msg(QT_TRANSLATE_NOOP("CaptionLab", "The captioner could not be loaded: {detail}")),
        "failed": Msg(QT_TRANSLATE_NOOP("CaptionLab", "The picture could not be captioned: {detail}")),
    }

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent, about_line=True, title=lambda: self.tr("Image Captioning"),
                         intro=lambda: self.tr(
                             "A CNN (MobileNetV2) turns the picture into a grid of feature vectors; a GRU decoder "
                             "writes the caption one word at a time and, before each word, attends over the grid "
                             "(Show, Attend and Tell). The bright part of the picture is where it looked for the "
                             "word. Drop or paste a picture, or pick a sample."))
        self.about_label.setStyleSheet("color: #333; background: #f3f0e6; padding: 4px;")
        self._prepared = None  # compute.PreparedImage read last (its stepper is the step controller's session)
        self._pending_selection = _NOTHING  # a lesson's or screenshot's word, for the state on its way
        self._wanted_steps: Union[int, str] = 0  # steps to take on the picture being read
        self._model_error = ""

        self.loader = CaptionLoader(self)
        self.loader.model_loaded.connect(self._on_model_loaded)
        self.loader.model_failed.connect(self._on_model_failed)
        self.loader.picture_ready.connect(self._on_picture_ready)
        self.loader.picture_failed.connect(self._on_picture_failed)
        self.pictures = PictureChooser(settings)
        self.pictures.watch_drops(self)
        self.pictures.picture_chosen.connect(self._on_picture_chosen)
        self.pictures.paste_refused.connect(self._on_paste_refused)
        self.steps = StepController(self, apply_caption_moves, threaded=False)
        self.steps.state_ready.connect(self._on_state_ready)
        self.steps.failed.connect(self._on_steps_failed)
        self.step_bar = StepBar(self.steps, settings, LAB_KEY,
                                end_tooltip=lambda: self.tr("Write the whole caption (End)"))

        # display controls, each set from the settings before it is connected ---------------------------------
        words = self.words
        self.grid_combo = words(QComboBox(), tip=lambda: self.tr(
            "7 × 7 cells: the CNN sees the picture at 224 px. 14 × 14 cells: at 448 px, finer places to look at."))
        for g in GRIDS:
            self.grid_combo.addItem(f"{g} × {g}", g)
        self.grid_combo.setCurrentIndex(max(0, self.grid_combo.findData(settings.get_int("caption/grid", 7, 7, 14))))
        self.grid_combo.currentIndexChanged.connect(self._on_grid_changed)
        self.opacity_slider = words(QSlider(Qt.Horizontal),
                                    tip=lambda: self.tr("How strongly the attention is drawn over the picture"))
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setMinimumWidth(80)
        self.opacity_slider.setValue(settings.get_int("caption/opacity", 70, 0, 100))
        self.opacity_slider.valueChanged.connect(self._on_look_changed)
        self.raw_check = words(QCheckBox(), text=lambda: self.tr("Raw cells"), tip=lambda: self.tr(
            "Show the grid cells as they are, instead of the smooth upsampling"))
        self.raw_check.setChecked(settings.get_str("caption/raw_cells", "0", ("0", "1")) == "1")
        self.raw_check.toggled.connect(self._on_look_changed)
        controls = QHBoxLayout()
        controls.addWidget(self.step_bar)
        controls.addStretch(1)
        # how the attention is drawn: beside the picture, over its candidates (one row of controls was 979 px wide)
        look = QGridLayout()
        look.setContentsMargins(0, 0, 0, 0)
        look.addWidget(words(QLabel(), text=lambda: self.tr("Grid")), 0, 0)
        look.addWidget(self.grid_combo, 0, 1, Qt.AlignLeft)
        look.addWidget(words(QLabel(), text=lambda: self.tr("Opacity")), 1, 0)
        look.addWidget(self.opacity_slider, 1, 1)
        look.addWidget(self.raw_check, 2, 0, 1, 2)
        look.setColumnStretch(1, 1)

        # views -----------------------------------------------------------------------------------------------
        self.image_view = AttentionImageView()
        self.image_view.setMinimumSize(320, 240)
        image_title, image_frame = self.add_view(
            "attention", self.image_view, self._attention_export_data, ready=lambda: self.current_step() is not None,
            wrap_title=False, guard_title=True)
        self.display = CaptionDisplay(self.image_view, image_title, image_frame)
        self.display.side.add_controls(look)
        self.display.candidate_clicked.connect(self._on_candidate_clicked)
        self.display.status_message.connect(self.status_message)
        self._on_look_changed()

        self.body.addWidget(self.pictures)
        self.body.addLayout(controls)
        self.body.addWidget(self.messages)
        self.body.addWidget(self.display, 1)

        self.retranslate()
        self.loader.load_model()

    # ---- lab interface (desktop_app.kit.protocol.Lab) ------------------------------------------------------
    def step_controller(self) -> StepController:
        return self.steps

    def is_busy(self) -> bool:
        """Reading a picture, moves queued, or a state not drawn yet while the lab is on screen."""
        return self.loader.is_busy() or self.steps.is_busy() or (
            self.isVisible() and self.steps.state is not self.display.state)

    def save_settings(self) -> None:
        self._settings.set("caption/grid", self.grid())
        self._settings.set("caption/opacity", self.opacity_slider.value())
        self._settings.set("caption/raw_cells", "1" if self.raw_check.isChecked() else "0")
        self.step_bar.save_settings()
        source = self.loader.source
        if source is not None and isinstance(source[0], Path):
            self._settings.set("caption/last_image", str(source[0]))

    def grid(self) -> int:
        return int(self.grid_combo.currentData())

    @property
    def stepper(self):
        """The CaptionStepper of the picture on screen (the step controller's session), or None."""
        return self.steps.session

    @property
    def prepared(self):
        """The picture on screen (compute.PreparedImage), or None before the first one is read."""
        return self._prepared

    def current_step(self):
        """The word the views show (the selected one, else the latest), or None before the first step."""
        return step_shown(self.steps.state, self.display.selected)

    def step(self) -> None:
        """One word forward (as Space does); nothing when there is no picture or the caption has ended."""
        self.steps.step()

    def back(self) -> None:
        self.steps.back()

    def open_path(self, path: Path) -> None:
        self._read_picture(Path(path), Path(path).name)

    def open_bytes(self, data: bytes, name: str) -> None:
        self._read_picture(bytes(data), name)

    # ---- texts -----------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._refresh_about()
        super().retranslate()

    def _refresh_about(self) -> None:
        bundle = self.loader.bundle
        if bundle is None:
            self.about_label.setText(self.messages.text_of("model", {"detail": self._model_error})
                                     if self._model_error else self.tr("Loading the captioner…"))
            return
        words = ", ".join(bundle.content_words)
        text = self.tr(
            "Trained only on generated scenes: photos of a cat, an astronaut, a cup, a rocket, a horse and a man, and "
            "red, green, blue or yellow balls, squares and triangles, side by side or one above the other. It knows "
            "{n} words: {words}. Any other picture still gets a caption made of these words.").format(
            n=len(bundle.content_words), words=words)
        metrics = bundle.metrics or {}
        # fresh_test: scenes that chose nothing (the checkpoint was picked on part of "final"'s test scenes)
        final = (metrics.get("fresh_test") or metrics.get("final") or {}).get("grid7")
        if final:
            text += " " + self.tr(
                "On held-out scenes: exact captions {exact}, BLEU {bleu}, attention peak on the named object "
                "{loc}.").format(exact=f"{final['exact_match'] * 100:.0f}%", bleu=f"{final['bleu']:.1f}",
                                 loc=f"{(final['localisation_teacher_forced'] or 0) * 100:.0f}%")
        self.about_label.setText(text)

    # ---- loading -----------------------------------------------------------------------------------------------
    def _read_picture(self, source, name: str, steps: Union[int, str] = 0) -> None:
        """Read `source` through the CNN in a worker and take `steps` steps; the picture shown stays meanwhile."""
        self._wanted_steps = steps
        if self.loader.prepare(source, name, self.grid(), steps):
            self.status_message.emit(self.tr("Reading “{name}” and running the CNN…").format(name=name))

    def _select_when_ready(self, selection) -> None:
        """Select word `selection` (None: the latest; _NAMED) in the state the queued work delivers."""
        self._pending_selection = selection

    def _on_model_loaded(self, _bundle) -> None:
        self.pictures.set_ready(True)
        self._refresh_about()
        last = self._settings.get_str("caption/last_image", "")
        samples = sample_paths()
        if self.loader.source is not None:  # chosen (a sample, a lesson) while the captioner loaded
            self._read_picture(*self.loader.source, steps=self._wanted_steps)
        elif last and Path(last).is_file():
            self._read_picture(Path(last), Path(last).name)
        elif samples:
            self._read_picture(samples[0], samples[0].name)

    def _on_model_failed(self, exc: BaseException) -> None:
        self._model_error = str(exc)
        self._refresh_about()
        self.show_message("model", to_status_bar=True, detail=str(exc))

    def _on_picture_chosen(self, source, name: str) -> None:
        self._read_picture(source, name)

    def _on_paste_refused(self) -> None:
        self.show_message("nothing_to_paste", to_status_bar=True)

    def _on_picture_ready(self, prepared) -> None:
        self.show_message(None)
        self._prepared = prepared
        self.steps.set_session(prepared.stepper, caption_view(prepared.stepper))
        ready = self.tr("“{name}” is ready: press Space to write the caption word by word.")
        self.status_message.emit(ready.format(name=prepared.name))

    def _on_picture_failed(self, kind: str, name: str, detail: str) -> None:
        self._pending_selection = _NOTHING
        self.show_message(kind if kind in self.MESSAGES else "failed", to_status_bar=True, name=name, detail=detail)

    def _on_steps_failed(self, exc: BaseException) -> None:
        name = self._prepared.name if self._prepared is not None else ""
        self.show_message("failed", to_status_bar=True, name=name, detail=str(exc))

    # ---- showing a state -------------------------------------------------------------------------------------
    def _on_state_ready(self, state: Optional[CaptionView]) -> None:
        previous = self.display.state if self.display.prepared is self._prepared else None
        selected = self.display.selected
        if self._pending_selection is not _NOTHING and not (self.loader.is_busy() or self.steps.is_busy()):
            # the state the lesson's or screenshot's picture and moves lead to (moves queued before it came first)
            selected, self._pending_selection = self._pending_selection, _NOTHING
            if selected == _NAMED:
                selected = last_named_object(state) if state is not None else None
        elif not _same_steps(previous, state):
            selected = None  # a step, back, reset or new picture shows the latest word again
        self.display.show_state(self._prepared, state, selected)
        self.trace_updated.emit()
        if _one_word_more(previous, state):
            step = state.steps[-1]
            self.status_message.emit(self.tr("Word {t}: “{word}” (p = {p})").format(
                t=step.index + 1, word=step.word, p=f"{step.word_prob:.3f}"))

    # ---- slots -------------------------------------------------------------------------------------------------
    def _on_candidate_clicked(self, row: int) -> None:
        """Write the clicked candidate as the shown word instead; the words after it are taken back."""
        step, state = self.current_step(), self.steps.state
        if step is None or row >= len(step.top_ids):
            return
        self.steps.set_playing(False)
        self.steps.request(*force_moves(state, step.index, int(step.top_ids[row])))

    def _on_grid_changed(self, _index: int) -> None:
        if self._prepared is not None and self.loader.source is not None:
            steps = self.steps.state.n_steps if self.steps.state is not None else 0
            self._read_picture(*self.loader.source, steps=steps)

    def _on_look_changed(self, _value=None) -> None:
        self.display.set_look(Look(self.opacity_slider.value() / 100.0, self.raw_check.isChecked()))

    # ---- export ----------------------------------------------------------------------------------------------
    def _attention_export_data(self) -> ExportData:
        step, state = self.current_step(), self.steps.state
        g = step.attention.shape[0]
        return ExportData(
            name=f"caption_attention_word{step.index + 1}_{g}x{g}", matrix=step.attention,
            row_labels=[f"row {r + 1}" for r in range(g)], col_labels=[f"col {c + 1}" for c in range(g)],
            meta={"lab": LAB_KEY, "picture": self._prepared.name, "word": step.word, "step": step.index + 1,
                  "caption": state.caption, "grid": g})

    # ---- lessons ---------------------------------------------------------------------------------------------
    def lesson_state(self) -> dict:
        """The picture (a sample's file name, or a path), the step, the display settings, the selected word."""
        state: dict = {"settings": {"grid": self.grid(), "opacity": self.opacity_slider.value(),
                                    "raw_cells": self.raw_check.isChecked()}}
        shown = self.loader.shown_source
        if shown is not None and isinstance(shown[0], Path):
            state["input"] = shown[0].name if shown[0].parent == samples_dir() else str(shown[0])
        if self.steps.state is not None:
            state["step"] = self.steps.state.n_steps
        if self.display.selected is not None:
            state["highlight"] = {"word": int(self.display.selected)}
        return state

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: grid (7 or 14), opacity (0-100), raw_cells; input: a sample's file name or a path; step: a
        count or "end"; highlight: word (its index)."""
        settings = state.get("settings") or {}
        if "opacity" in settings:
            self.opacity_slider.setValue(int(settings["opacity"]))
        if "raw_cells" in settings:
            self.raw_check.setChecked(bool(settings["raw_cells"]))
        step = state.get("step")
        steps = step if step == "end" or isinstance(step, int) else 0
        target = None
        if "input" in state:
            name = str(state["input"])
            target = samples_dir() / name if (samples_dir() / name).is_file() else Path(name)
        grid = settings.get("grid")
        regrid = grid in GRIDS and grid != self.grid()
        if regrid:
            self.grid_combo.blockSignals(True)
            self.grid_combo.setCurrentIndex(self.grid_combo.findData(grid))
            self.grid_combo.blockSignals(False)
        highlight = state.get("highlight") or {}
        selection = int(highlight["word"]) if "word" in highlight else None
        shown = self.loader.shown_source
        source = (target, target.name) if target is not None else shown
        if source is not None and (regrid or (target is not None and (shown is None or shown[0] != target))):
            self._select_when_ready(selection)
            self._read_picture(*source, steps=steps)
        elif self.stepper is not None and step is not None:
            self._select_when_ready(selection)
            self.steps.go_to(step)
        else:
            self.display.select(selection)
        if self.loader.bundle is None and self._model_error:
            return [self.messages.text_of("model", {"detail": self._model_error})]
        return []

    # ---- screenshots -----------------------------------------------------------------------------------------
    def prepare_screenshot(self) -> None:
        """English: a generated scene; Korean: a real photo; each captioned to the end, a named object selected."""
        language = getattr(getattr(self.window(), "languages", None), "language", "en")
        wanted = [p for p in sample_paths() if p.name.startswith("photo_astronaut" if language == "ko" else "scene_")]
        if not wanted or self.loader.bundle is None:
            return
        self._select_when_ready(_NAMED)
        self._read_picture(wanted[0], wanted[0].name, steps="end")


def _same_steps(a: Optional[CaptionView], b: Optional[CaptionView]) -> bool:
    """The same words (the very same step objects: a replay after Back is the same, a new picture is not)."""
    if a is None or b is None:
        return a is b
    return a.n_steps == b.n_steps and all(x is y for x, y in zip(a.steps, b.steps))


def _one_word_more(a: Optional[CaptionView], b: Optional[CaptionView]) -> bool:
    """b is a's caption with one word written after it (a step, not a new picture or a back)."""
    return (a is not None and b is not None and b.n_steps == a.n_steps + 1
            and all(x is y for x, y in zip(a.steps, b.steps)))
