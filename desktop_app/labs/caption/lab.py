"""Image Captioning lab: a Show-Attend-Tell captioner writes a caption word by word, and for each word the
picture shows where it looked (attention over the CNN's 7 x 7 or 14 x 14 feature grid).

    open a picture (dialog, drag and drop, paste, or a sample) -> CNN once (worker) -> step the decoder
    Step / Back / Reset / Play / End (Space or Right, Left, Home); each word's attention over the picture,
    smooth or as raw cells, with an opacity slider; a strip of thumbnails, one per word; hover a cell for its weight.

Decoding a file and running the CNN happen in workers (torch imported there); a decoder step is a few small matmuls
(about a millisecond) and runs on the GUI thread, so the views follow the keys at once.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QSlider, QSplitter, QToolButton,
    QVBoxLayout, QWidget,
)

from desktop_app.labs.caption.compute import (
    THUMB, load_bundle, model_folder, overlay, prepare_image, shrink, thumbnail,
)
from desktop_app.labs.caption.views import AttentionImageView, WordStrip, to_pixmap
from desktop_app.widgets.export import ExportButton, ExportData, ExportTarget
from desktop_app.widgets.size_guard import SizeGuard
from desktop_app.widgets.topk import TopKView
from desktop_app.workers import run_task

LAB_KEY = "caption"
TOP_K = 5
GRIDS = (7, 14)
STRIP_SLOTS = 16
PLAY_INTERVAL_MS = 700
THUMB_SAMPLE = QSize(48, 48)
IMAGE_FILTER = "*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff"


def samples_dir() -> Path:
    from engine.caption.load import SAMPLES_DIR  # a plain path constant; engine.caption.load imports no torch

    return SAMPLES_DIR


class CaptionLab(QWidget):
    status_message = Signal(str)
    trace_updated = Signal()  # the views show the current steps

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self._settings = settings
        self._bundle = None
        self._bundle_error = ""
        self._load_task = None
        self._image_task = None
        self._prepared = None  # compute.PreparedImage
        self._source = None  # (path or bytes, name) of the picture shown, to redo it at another grid
        self._selected: Optional[int] = None  # word shown; None = the latest
        self._error_text = ""
        self._error_args: Optional[tuple] = None
        self._restore_steps = 0
        self._run_to_end_after_load = False
        self._shown_source = None  # the source of the picture on screen (a failed new one leaves it)
        self._pending_selection: Optional[int] = None  # a word to select once the picture being read is ready
        self._hover: Optional[tuple[int, int]] = None
        self.setAcceptDrops(True)

        # header ----------------------------------------------------------------------------------------------
        self.title_label = QLabel()
        self.title_label.setObjectName("labTitle")
        self.title_label.setStyleSheet("#labTitle { font-size: 17pt; font-weight: bold; }")
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.about_label = QLabel()
        self.about_label.setWordWrap(True)
        self.about_label.setStyleSheet("color: #333; background: #f3f0e6; padding: 4px;")

        # picture choice --------------------------------------------------------------------------------------
        self.open_button, self.paste_button = QPushButton(), QPushButton()
        self.samples_label = QLabel()
        self.sample_buttons: list[QToolButton] = []
        row1 = QHBoxLayout()
        row1.addWidget(self.open_button)
        row1.addWidget(self.paste_button)
        row1.addSpacing(12)
        row1.addWidget(self.samples_label)
        for path in self._sample_paths():
            button = QToolButton()
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.NoFocus)
            button.setIconSize(THUMB_SAMPLE)
            try:
                from PIL import Image

                with Image.open(path) as im:
                    im = im.convert("RGB")
                    im.thumbnail((48, 48))
                    button.setIcon(QIcon(to_pixmap(np.asarray(im))))
            except Exception:  # a damaged sample must not stop the lab
                button.setText(path.stem)
            button.setToolTip(path.name)
            button.clicked.connect(lambda _c=False, p=path: self._on_sample_clicked(p))
            row1.addWidget(button)
            self.sample_buttons.append(button)
        row1.addStretch(1)

        # stepping and display controls -----------------------------------------------------------------------
        self.step_button, self.back_button, self.reset_button = QPushButton(), QPushButton(), QPushButton()
        self.play_button, self.end_button = QPushButton(), QPushButton()
        self.play_button.setCheckable(True)
        self.grid_label, self.opacity_label = QLabel(), QLabel()
        self.grid_combo = QComboBox()
        for g in GRIDS:
            self.grid_combo.addItem(f"{g} × {g}", g)
        self.opacity_slider = QSlider(Qt.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setFixedWidth(120)
        self.raw_check = QCheckBox()
        row2 = QHBoxLayout()
        for button in (self.step_button, self.back_button, self.play_button, self.reset_button, self.end_button):
            button.setFocusPolicy(Qt.NoFocus)
            row2.addWidget(button)
        row2.addSpacing(12)
        row2.addWidget(self.grid_label)
        row2.addWidget(self.grid_combo)
        row2.addSpacing(12)
        row2.addWidget(self.opacity_label)
        row2.addWidget(self.opacity_slider)
        row2.addWidget(self.raw_check)
        row2.addStretch(1)

        self.message_label = QLabel()
        self.message_label.setObjectName("inputError")
        self.message_label.setStyleSheet("#inputError { color: #b00020; font-weight: bold; }")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.caption_label = QLabel()
        self.caption_label.setTextFormat(Qt.RichText)
        self.caption_label.setWordWrap(True)
        self.caption_label.setStyleSheet("font-size: 15pt;")

        # views -----------------------------------------------------------------------------------------------
        self.image_view = AttentionImageView()
        self.image_view.setMinimumSize(320, 240)
        self.image_title = QLabel()
        self.image_title.setStyleSheet("font-weight: bold;")
        self.image_export = ExportButton()
        image_frame = QFrame()
        image_frame.setFrameShape(QFrame.StyledPanel)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(SizeGuard(self.image_title), 1)
        header.addWidget(self.image_export)
        box = QVBoxLayout(image_frame)
        box.setContentsMargins(4, 2, 4, 4)
        box.addLayout(header)
        box.addWidget(self.image_view, 1)

        self.topk_title, self.cell_label, self.info_label = QLabel(), QLabel(), QLabel()
        self.topk_title.setStyleSheet("font-weight: bold;")
        self.cell_label.setWordWrap(True)
        self.info_label.setWordWrap(True)
        self.info_label.setStyleSheet("color: #555;")
        self.topk_view = TopKView(TOP_K)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 0, 0)
        side_layout.addWidget(self.topk_title)
        side_layout.addWidget(SizeGuard(self.topk_view))
        side_layout.addWidget(SizeGuard(self.cell_label))
        side_layout.addWidget(SizeGuard(self.info_label))
        side_layout.addStretch(1)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(image_frame)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)

        self.strip_title = QLabel()
        self.strip_title.setStyleSheet("font-weight: bold;")
        self.strip = WordStrip(STRIP_SLOTS, THUMB)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.about_label)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.message_label)
        layout.addWidget(SizeGuard(self.caption_label))
        layout.addWidget(split, 1)
        layout.addWidget(self.strip_title)
        layout.addWidget(self.strip)

        self._export_target = ExportTarget(self.image_view, self._attention_export_data)

        # keys (active while the lab is shown) -------------------------------------------------------------
        self._shortcuts = []
        for keys, slot in (((Qt.Key_Space, Qt.Key_Right), self._on_step_triggered),
                           ((Qt.Key_Left,), self._on_back_triggered), ((Qt.Key_Home,), self._on_reset_triggered),
                           ((Qt.Key_End,), self._on_end_triggered),
                           ((QKeySequence.Paste,), self._on_paste_triggered),
                           ((QKeySequence.Open,), self._on_open_clicked)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.WindowShortcut)  # while the lab is shown, wherever the focus is
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)
        self._play_timer = QTimer(self)
        self._play_timer.setInterval(PLAY_INTERVAL_MS)
        self._play_timer.timeout.connect(self._on_play_timer_timeout)

        # settings ----------------------------------------------------------------------------------------------
        grid = settings.get_int("caption/grid", 7, 7, 14)
        self.grid_combo.setCurrentIndex(max(0, self.grid_combo.findData(grid)))
        self.opacity_slider.setValue(settings.get_int("caption/opacity", 70, 0, 100))
        self.raw_check.setChecked(settings.get_str("caption/raw_cells", "0", ("0", "1")) == "1")

        # wiring -------------------------------------------------------------------------------------------------
        self.open_button.clicked.connect(self._on_open_clicked)
        self.paste_button.clicked.connect(self._on_paste_triggered)
        self.step_button.clicked.connect(self._on_step_triggered)
        self.back_button.clicked.connect(self._on_back_triggered)
        self.reset_button.clicked.connect(self._on_reset_triggered)
        self.end_button.clicked.connect(self._on_end_triggered)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.grid_combo.currentIndexChanged.connect(self._on_grid_changed)
        self.opacity_slider.valueChanged.connect(self._on_opacity_changed)
        self.raw_check.toggled.connect(self._on_raw_cells_changed)
        self.strip.word_selected.connect(self._on_word_selected)
        self.image_view.cell_hovered.connect(self._on_cell_hovered)
        self.image_view.hover_left.connect(self._on_hover_left)
        self.image_export.export_requested.connect(self._on_view_export_requested)

        self.retranslate()
        self._refresh_all()
        self._start_loading_model()

    # ---- lab interface ------------------------------------------------------------------------------------------
    def current_export_view(self):
        return self._export_target if self._current_step() is not None else None

    def is_busy(self) -> bool:
        return any(t is not None and not t.finished for t in (self._load_task, self._image_task))

    def save_settings(self) -> None:
        self._settings.set("caption/grid", self.grid())
        self._settings.set("caption/opacity", self.opacity_slider.value())
        self._settings.set("caption/raw_cells", "1" if self.raw_check.isChecked() else "0")
        if self._source is not None and isinstance(self._source[0], Path):
            self._settings.set("caption/last_image", str(self._source[0]))

    def grid(self) -> int:
        return int(self.grid_combo.currentData())

    @property
    def stepper(self):
        return self._prepared.stepper if self._prepared is not None else None

    @staticmethod
    def _sample_paths() -> list[Path]:
        folder = samples_dir()
        if not folder.is_dir():
            return []
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".png"))
        return sorted(files, key=lambda p: (p.name.startswith("photo_"), p.name))  # generated scenes first

    # ---- texts ----------------------------------------------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Image Captioning"))
        self.intro_label.setText(self.tr(
            "A CNN (MobileNetV2) turns the picture into a grid of feature vectors; a GRU decoder writes the caption "
            "one word at a time and, before each word, attends over the grid (Show, Attend and Tell). The bright "
            "part of the picture is where it looked for the word. Drop or paste a picture, or pick a sample."))
        self.open_button.setText(self.tr("Open picture…"))
        self.open_button.setToolTip(self.tr("PNG, JPEG, WebP, BMP, GIF or TIFF (Ctrl+O). You can also drag a file "
                                            "onto the lab or paste a picture (Ctrl+V)."))
        self.paste_button.setText(self.tr("Paste"))
        self.samples_label.setText(self.tr("Samples:"))
        self.step_button.setText(self.tr("Step"))
        self.step_button.setToolTip(self.tr("Write the next word (Space or →)"))
        self.back_button.setText(self.tr("Back"))
        self.back_button.setToolTip(self.tr("Take the last word back (←)"))
        self.play_button.setText(self.tr("Pause") if self.play_button.isChecked() else self.tr("Play"))
        self.reset_button.setText(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Back to the first word (Home)"))
        self.end_button.setText(self.tr("To the end"))
        self.end_button.setToolTip(self.tr("Write the whole caption (End)"))
        self.grid_label.setText(self.tr("Grid"))
        self.grid_combo.setToolTip(self.tr("7 × 7 cells: the CNN sees the picture at 224 px. 14 × 14 cells: at "
                                           "448 px, finer places to look at."))
        self.opacity_label.setText(self.tr("Opacity"))
        self.opacity_slider.setToolTip(self.tr("How strongly the attention is drawn over the picture"))
        self.raw_check.setText(self.tr("Raw cells"))
        self.raw_check.setToolTip(self.tr("Show the grid cells as they are, instead of the smooth upsampling"))
        self.topk_title.setText(self.tr("Most likely words at this step"))
        self.strip_title.setText(self.tr("Where it looked for each word (click a word)"))
        self._refresh_about()
        self._refresh_all()
        if self._error_args is not None:
            self._show_error(*self._error_args)

    def _refresh_about(self) -> None:
        bundle = self._bundle
        if bundle is None:
            self.about_label.setText(self._bundle_error or self.tr("Loading the captioner…"))
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

    def _show_error(self, kind: str, name: str = "", detail: str = "") -> None:
        """A message in the user's language; kind is an ImageInputError kind or one of ours."""
        self._error_args = (kind, name, detail)
        messages = {
            "missing": self.tr("“{name}” was not found or cannot be read."),
            "empty": self.tr("“{name}” is empty (0 bytes): there is no picture in it."),
            "not_image": self.tr("“{name}” is not a picture this lab can read (PNG, JPEG, WebP, BMP, GIF, TIFF)."),
            "truncated": self.tr("“{name}” is cut off before its end (truncated); the picture is incomplete."),
            "corrupt": self.tr("“{name}” is damaged and cannot be decoded."),
            "too_large": self.tr("“{name}” is too large (more than 60 million pixels) and was refused, to protect "
                                 "the computer's memory."),
            "nothing_to_paste": self.tr("The clipboard holds no picture and no picture file."),
            "model": self.tr("The captioner could not be loaded: {detail}"),
            "failed": self.tr("The picture could not be captioned: {detail}"),
        }
        text = messages.get(kind, messages["failed"]).format(name=name, detail=detail)
        self._error_text = text
        self.message_label.setText(text)
        self.message_label.show()
        self.status_message.emit(text)

    def _clear_error(self) -> None:
        self._error_args = None
        self._error_text = ""
        self.message_label.hide()

    # ---- loading --------------------------------------------------------------------------------------------------
    def _start_loading_model(self) -> None:
        folder = model_folder()
        self._load_task = run_task(load_bundle, folder, on_done=self._on_model_loaded,
                                   on_error=self._on_model_failed)

    def _on_model_loaded(self, bundle) -> None:
        self._bundle = bundle
        self._bundle_error = ""
        self._refresh_about()
        last = self._settings.get_str("caption/last_image", "")
        samples = self._sample_paths()
        if self._source is not None:
            self._prepare(*self._source)
        elif last and Path(last).is_file():
            self._prepare(Path(last), Path(last).name)
        elif samples:
            self._prepare(samples[0], samples[0].name)

    def _on_model_failed(self, exc: BaseException) -> None:
        self._bundle_error = self.tr("The captioner could not be loaded: {detail}").format(detail=exc)
        self._refresh_about()
        self._show_error("model", detail=str(exc))

    def _prepare(self, source, name: str, keep_steps: int = 0) -> None:
        """Decode + CNN in a worker; the picture shown stays until the new one is ready."""
        self._source = (source, name)
        if self._bundle is None:
            return
        if self._image_task is not None:
            self._image_task.cancel()
        self._restore_steps = keep_steps
        self.status_message.emit(self.tr("Reading “{name}” and running the CNN…").format(name=name))
        self._image_task = run_task(prepare_image, self._bundle, source, self.grid(), name,
                                    on_done=self._on_image_ready, on_error=self._on_image_failed)

    def _on_image_ready(self, prepared) -> None:
        if prepared is None:
            return
        self._stop_play()
        self._clear_error()
        self._prepared = prepared
        self._shown_source = self._source
        self._selected, self._pending_selection = self._pending_selection, None
        self._hover = None
        for _ in range(self._restore_steps):
            if prepared.stepper.finished:
                break
            prepared.stepper.step()
        if self._run_to_end_after_load:  # screenshots: the whole caption, the last named object selected
            self._run_to_end_after_load = False
            prepared.stepper.run_to_end()
            from engine.caption.scenes import PHOTO_WORDS, SHAPES

            nouns = [s.index for s in prepared.stepper.steps if s.word in PHOTO_WORDS + SHAPES]
            self._selected = nouns[-1] if nouns else None
        self._rebuild_strip()
        self._refresh_all()
        self.status_message.emit(self.tr("“{name}” is ready: press Space to write the caption word by word.").format(
            name=prepared.name))

    def _on_image_failed(self, exc: BaseException) -> None:
        kind = getattr(exc, "kind", None)
        name = self._source[1] if self._source else ""
        self._source = self._shown_source  # the picture shown stays; a grid switch redoes that one
        if kind is not None:
            self._show_error(kind, name)
        else:
            self._show_error("failed", name, str(exc))

    # ---- views ----------------------------------------------------------------------------------------------------
    def _current_step(self):
        stepper = self.stepper
        if stepper is None or not stepper.steps:
            return None
        steps = stepper.steps
        index = len(steps) - 1 if self._selected is None else min(self._selected, len(steps) - 1)
        return steps[index]

    def _refresh_all(self) -> None:
        self._refresh_image()
        self._refresh_caption()
        self._refresh_side()
        self._refresh_controls()
        self.trace_updated.emit()

    def _refresh_controls(self) -> None:
        stepper = self.stepper
        has = stepper is not None
        self.step_button.setEnabled(has and not stepper.finished)
        self.end_button.setEnabled(has and not stepper.finished)
        self.play_button.setEnabled(has and not stepper.finished)
        self.back_button.setEnabled(has and bool(stepper.steps))
        self.reset_button.setEnabled(has and bool(stepper.steps))
        self.paste_button.setEnabled(self._bundle is not None)
        self.open_button.setEnabled(self._bundle is not None)

    def _refresh_image(self) -> None:
        prepared = self._prepared
        if prepared is None:
            self.image_title.setText(self.tr("No picture yet"))
            return
        step = self._current_step()
        g = prepared.features.grid
        raw = self.raw_check.isChecked()
        self.image_view.set_grid(g, raw)
        if step is None:
            self.image_view.set_picture(prepared.display)
            self.image_title.setText(self.tr("{name}: the CNN's {g} × {g} grid; step to see where the captioner "
                                             "looks").format(name=prepared.name, g=g))
            return
        opacity = self.opacity_slider.value() / 100.0
        self.image_view.set_picture(overlay(prepared.display, step.attention, opacity, smooth=not raw))
        self.image_title.setText(self.tr("Attention for word {t}, “{word}” ({g} × {g} grid)").format(
            t=step.index + 1, word=step.word, g=g))
        self.strip.select(step.index)

    def _refresh_caption(self) -> None:
        stepper = self.stepper
        if stepper is None:
            self.caption_label.setText("")
            return
        current = self._current_step()
        parts = []
        for s in stepper.steps:
            word = "&lt;/s&gt;" if s.word == "</s>" else s.word
            if current is not None and s.index == current.index:
                parts.append(f"<b><u>{word}</u></b>")
            else:
                parts.append(word)
        if not stepper.finished:
            parts.append("<span style='color:#999'>…</span>")
        self.caption_label.setText(" ".join(parts))

    def _refresh_side(self) -> None:
        step = self._current_step()
        if step is None:
            self.topk_view.set_candidates((), (), None)
        else:
            self.topk_view.set_candidates(step.top_words, step.top_probs, 0)
        self._refresh_cell()
        prepared = self._prepared
        if prepared is None:
            self.info_label.setText("")
            return
        w, h = prepared.source_size
        text = self.tr("Picture: {fmt}, {w} × {h} pixels, mode {mode}.").format(
            fmt=prepared.source_format, w=w, h=h, mode=prepared.source_mode)
        if prepared.rotated:
            text += " " + self.tr("Turned upright by its EXIF orientation.")
        text += " " + self.tr("The CNN saw it stretched to {side} × {side} pixels.").format(side=prepared.features.side)
        self.info_label.setText(text)

    def _refresh_cell(self) -> None:
        step = self._current_step()
        if step is None or self._hover is None:
            self.cell_label.setText(self.tr("Hover over the picture to read a cell's attention weight."))
            return
        row, col = self._hover
        g = step.attention.shape[0]
        if not (row < g and col < g):
            return
        weight = float(step.attention[row, col])
        uniform = 1.0 / (g * g)
        self.cell_label.setText(self.tr(
            "Cell (row {row}, column {col}) for “{word}”: weight {weight} — {ratio}× an even share (1/{n})").format(
            row=row + 1, col=col + 1, word=step.word, weight=f"{weight:.4f}", ratio=f"{weight / uniform:.1f}",
            n=g * g))

    def _rebuild_strip(self) -> None:
        """Thumbnails for every step the stepper has (after a new picture or a restored position)."""
        stepper = self.stepper
        if stepper is None:
            self.strip.show_count(0)
            return
        for s in stepper.steps:
            self._set_thumb(s)
        self.strip.show_count(len(stepper.steps))

    def _set_thumb(self, step) -> None:
        self.strip.set_word(step.index, step.word, thumbnail(self._prepared.thumb_base, step.attention),
                            self.tr("p = {p}").format(p=f"{step.word_prob:.3f}"))

    # ---- stepping -------------------------------------------------------------------------------------------------
    def step(self) -> None:
        """One word forward (as Space does); nothing when there is no picture or the caption has ended."""
        self._on_step_triggered()

    def back(self) -> None:
        self._on_back_triggered()

    def _on_step_triggered(self) -> None:
        stepper = self.stepper
        if stepper is None or stepper.finished or not self.isVisible():
            return
        step = stepper.step()
        self._selected = None
        self._set_thumb(step)
        self.strip.show_count(len(stepper.steps))
        self._refresh_all()
        self.status_message.emit(self.tr("Word {t}: “{word}” (p = {p})").format(
            t=step.index + 1, word=step.word, p=f"{step.word_prob:.3f}"))

    def _on_back_triggered(self) -> None:
        if self.stepper is None or not self.isVisible():
            return
        self._stop_play()
        self.stepper.back()
        self._selected = None
        self.strip.show_count(len(self.stepper.steps))
        self._refresh_all()

    def _on_reset_triggered(self) -> None:
        if self.stepper is None or not self.isVisible():
            return
        self._stop_play()
        self.stepper.reset()
        self._selected = None
        self.strip.show_count(0)
        self._refresh_all()

    def _on_end_triggered(self) -> None:
        if self.stepper is None or not self.isVisible():
            return
        self._stop_play()
        while not self.stepper.finished:
            self._set_thumb(self.stepper.step())
        self._selected = None
        self.strip.show_count(len(self.stepper.steps))
        self._refresh_all()

    def _on_play_toggled(self, on: bool) -> None:
        if on:
            self._play_timer.start()
        else:
            self._play_timer.stop()
        self.play_button.setText(self.tr("Pause") if on else self.tr("Play"))

    def _stop_play(self) -> None:
        if self.play_button.isChecked():
            self.play_button.setChecked(False)

    def _on_play_timer_timeout(self) -> None:
        if self.stepper is None or self.stepper.finished:
            self._stop_play()
            return
        self._on_step_triggered()

    def _on_word_selected(self, index: int) -> None:
        self._selected = index
        self._refresh_all()

    # ---- display controls -----------------------------------------------------------------------------------------
    def _on_grid_changed(self, _index: int) -> None:
        if self._prepared is not None and self._source is not None:
            steps = len(self._prepared.stepper.steps)
            self._prepare(*self._source, keep_steps=steps)

    def _on_opacity_changed(self, _value: int) -> None:
        self._refresh_image()

    def _on_raw_cells_changed(self, _on: bool) -> None:
        self._refresh_image()

    def _on_cell_hovered(self, row: int, col: int) -> None:
        self._hover = (row, col)
        self._refresh_cell()
        step = self._current_step()
        if step is not None and row < step.attention.shape[0] and col < step.attention.shape[1]:
            self.status_message.emit(self.tr("cell ({row}, {col}): {weight}").format(
                row=row + 1, col=col + 1, weight=f"{float(step.attention[row, col]):.4f}"))

    def _on_hover_left(self) -> None:
        self._hover = None
        self._refresh_cell()

    # ---- picture sources --------------------------------------------------------------------------------------
    def _on_sample_clicked(self, path: Path) -> None:
        self._prepare(path, path.name)

    def _on_open_clicked(self) -> None:
        if self._bundle is None:
            return
        start = self._settings.get_str("caption/open_folder", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a picture"), start,
                                              self.tr("Pictures ({patterns});;All files (*)").format(
                                                  patterns=IMAGE_FILTER))
        if path:
            self._settings.set("caption/open_folder", str(Path(path).parent))
            self.open_path(Path(path))

    def open_path(self, path: Path) -> None:
        self._prepare(Path(path), Path(path).name)

    def open_bytes(self, data: bytes, name: str) -> None:
        self._prepare(bytes(data), name)

    def _on_paste_triggered(self) -> None:
        if self._bundle is None or not self.isVisible():
            return
        self.paste_mime(QGuiApplication.clipboard().mimeData())

    def paste_mime(self, mime) -> bool:
        """A picture, a picture file's URL or a path in text, from the clipboard or a drop."""
        if mime is None:
            self._show_error("nothing_to_paste")
            return False
        for url in mime.urls() if mime.hasUrls() else []:
            if url.isLocalFile():
                self.open_path(Path(url.toLocalFile()))
                return True
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.open_bytes(_png_bytes(image), self.tr("pasted picture"))
                return True
        if mime.hasText():
            text = mime.text().strip()
            if text and "\n" not in text and len(text) < 4096 and Path(text).is_file():
                self.open_path(Path(text))
                return True
        self._show_error("nothing_to_paste")
        return False

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        if self._bundle is None:
            return
        if self.paste_mime(event.mimeData()):
            event.acceptProposedAction()

    # ---- export ---------------------------------------------------------------------------------------------------
    def _on_view_export_requested(self, fmt: str) -> None:
        controller = getattr(self.window(), "export_controller", None)
        if controller is not None:
            controller.export_interactive(self.current_export_view(), fmt)

    def _attention_export_data(self) -> ExportData:
        step = self._current_step()
        g = step.attention.shape[0]
        return ExportData(
            name=f"caption_attention_word{step.index + 1}_{g}x{g}", matrix=step.attention,
            row_labels=[f"row {r + 1}" for r in range(g)], col_labels=[f"col {c + 1}" for c in range(g)],
            meta={"lab": LAB_KEY, "picture": self._prepared.name, "word": step.word, "step": step.index + 1,
                  "caption": self.stepper.caption, "grid": g})

    # ---- lessons --------------------------------------------------------------------------------------------------
    def lesson_state(self) -> dict:
        """The picture (a sample's file name, or a path), the step, the display settings, the selected word."""
        state: dict = {"settings": {"grid": self.grid(), "opacity": self.opacity_slider.value(),
                                    "raw_cells": self.raw_check.isChecked()}}
        if self._shown_source is not None and isinstance(self._shown_source[0], Path):
            path = self._shown_source[0]
            state["input"] = path.name if path.parent == samples_dir() else str(path)
        if self.stepper is not None:
            state["step"] = len(self.stepper.steps)
        if self._selected is not None:
            state["highlight"] = {"word": int(self._selected)}
        return state

    def apply_lesson_state(self, state: dict) -> list[str]:
        notes: list[str] = []
        settings = state.get("settings") or {}
        if "opacity" in settings:
            self.opacity_slider.setValue(int(settings["opacity"]))
        if "raw_cells" in settings:
            self.raw_check.setChecked(bool(settings["raw_cells"]))
        step = state.get("step")
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
        if target is not None and (self._shown_source is None or self._shown_source[0] != target) or regrid:
            source = (target, target.name) if target is not None else self._shown_source
            if source is not None:
                self._run_to_end_after_load = step == "end"
                self._prepare(*source, keep_steps=step if isinstance(step, int) else 0)
        elif self.stepper is not None and step is not None:
            self.stepper.reset()
            while not self.stepper.finished and (step == "end" or len(self.stepper.steps) < int(step)):
                self.stepper.step()
            self._rebuild_strip()
        highlight = state.get("highlight") or {}
        self._selected = int(highlight["word"]) if "word" in highlight else None
        if self.is_busy():
            self._pending_selection = self._selected
        self._refresh_all()
        if self._bundle is None and self._bundle_error:
            notes.append(self._bundle_error)
        return notes

    # ---- screenshots ----------------------------------------------------------------------------------------------
    def prepare_screenshot(self) -> None:
        """English: a generated scene; Korean: a real photo; each captioned to the end, a named object selected."""
        language = getattr(getattr(self.window(), "languages", None), "language", "en")
        samples = self._sample_paths()
        wanted = [p for p in samples if p.name.startswith("photo_astronaut" if language == "ko" else "scene_")]
        if not wanted or self._bundle is None:
            return
        self._run_to_end_after_load = True
        self._prepare(wanted[0], wanted[0].name)


def _png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())
