"""CaptionDisplay: everything the Image Captioning lab draws for one state, built once and updated in place.

The caption so far (the shown word underlined), the picture with that word's attention over it (framed by the lab,
which owns its Export button), the side panel (candidates, hovered cell, the picture's facts) and the strip of
thumbnails. The lab says what to show (picture, state, selected word, opacity, raw cells); hovering is the display's.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QSplitter, QVBoxLayout, QWidget

from desktop_app.kit.words import Worded
from desktop_app.labs.caption.compute import THUMB, CaptionView, caption_html, overlay, step_shown, thumbnail
from desktop_app.labs.caption.views import AttentionImageView, SidePanel, VerticalScroll, WordStrip
from desktop_app.widgets.size_guard import SizeGuard

TOP_K = 5
STRIP_SLOTS = 16


@dataclass(frozen=True)
class Look:
    """How the attention is drawn: opacity 0..1 and raw cells (blocks) or smooth."""

    opacity: float = 0.7
    raw: bool = False


class CaptionDisplay(Worded, QWidget):
    candidate_clicked = Signal(int)  # a row of the candidates was clicked
    status_message = Signal(str)  # the hovered cell's weight, for the status bar

    def __init__(self, image_view: AttentionImageView, image_title: QLabel, image_frame: QFrame, parent=None):
        super().__init__(parent)
        self.image_view, self.image_title = image_view, image_title
        self.prepared = None  # compute.PreparedImage the state belongs to
        self.state: Optional[CaptionView] = None
        self.selected: Optional[int] = None
        self.look = Look()
        self.hover: Optional[tuple[int, int]] = None
        self._thumbs: dict[int, object] = {}  # strip slot -> the CaptionStep it shows (a replayed step is the same)

        self.caption_label = QLabel()
        self.caption_label.setTextFormat(Qt.RichText)
        self.caption_label.setWordWrap(True)
        self.caption_label.setStyleSheet("font-size: 15pt;")
        self.side = SidePanel(TOP_K)
        self.words.call(lambda: self.side.topk_view.set_empty_text(self.tr(
            "Press Step: the most likely words for the next word appear here.")))
        split = QSplitter(Qt.Horizontal)
        split.addWidget(image_frame)
        split.addWidget(VerticalScroll(self.side))  # its wrapped texts never squeeze the candidates
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setSizes([660, 330])  # the picture is about square: the side panel takes a third of the width
        split.setChildrenCollapsible(False)
        strip_title = self.words(QLabel(), text=lambda: self.tr("Where it looked for each word (click a word)"))
        strip_title.setStyleSheet("font-weight: bold;")
        self.strip = WordStrip(STRIP_SLOTS, THUMB)
        self.words(self.strip.empty_label, text=lambda: self.tr(
            "Press Step: each word gets a thumbnail of where the captioner looked for it."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(SizeGuard(self.caption_label))
        layout.addWidget(split, 1)
        layout.addWidget(strip_title)
        layout.addWidget(self.strip)

        self.strip.word_selected.connect(self.select)
        self.side.candidate_clicked.connect(self.candidate_clicked)
        self.image_view.cell_hovered.connect(self._on_cell_hovered)
        self.image_view.hover_left.connect(self._on_hover_left)
        self.show_state(None, None, None)  # no picture yet

    def current_step(self):
        return step_shown(self.state, self.selected)

    # drawing -----------------------------------------------------------------------------------------------
    def show_state(self, prepared, state: Optional[CaptionView], selected: Optional[int]) -> None:
        if prepared is not self.prepared:
            self._thumbs.clear()
            self.hover = None
        self.prepared, self.state, self.selected = prepared, state, selected
        step = self.current_step()
        self._draw_strip(step)
        self._draw_image(step)
        if state is None or not state.steps:
            self.caption_label.setText("<span style='color:#666'>{}</span>".format(html.escape(self.tr(
                "Press Step: the caption appears here, word by word."))))
        else:
            self.caption_label.setText(caption_html(state, step.index if step is not None else None))
        self.side.show_step(step)
        self.side.show_cell(step, self.hover)
        self.side.show_picture(prepared)

    def select(self, index: Optional[int]) -> None:
        """Show word `index` of the state shown (None: the latest)."""
        self.show_state(self.prepared, self.state, index)

    def set_look(self, look: Look) -> None:
        self.look = look
        self._draw_image(self.current_step())

    def _draw_image(self, step) -> None:
        prepared = self.prepared
        if prepared is None:
            self.image_title.setText(self.tr("No picture yet"))
            self.image_view.show_empty(self.tr("Open, paste or drop a picture, or click a sample."))
            return
        g = prepared.features.grid
        self.image_view.set_grid(g, self.look.raw)
        if step is None:
            self.image_view.set_picture(prepared.display)
            self.image_title.setText(self.tr("{name}: the CNN's {g} × {g} grid; step to see where the captioner "
                                             "looks").format(name=prepared.name, g=g))
            return
        self.image_view.set_picture(overlay(prepared.display, step.attention, self.look.opacity,
                                            smooth=not self.look.raw))
        self.image_title.setText(self.tr("Attention for word {t}, “{word}” ({g} × {g} grid)").format(
            t=step.index + 1, word=step.word, g=g))

    def _draw_strip(self, current) -> None:
        """One thumbnail per word; only the words not drawn yet are drawn (Back then Step redraws nothing)."""
        steps = self.state.steps if self.state is not None else ()
        for s in steps[:STRIP_SLOTS]:
            if self._thumbs.get(s.index) is not s:
                self._thumbs[s.index] = s
                self.strip.set_word(s.index, s.word, thumbnail(self.prepared.thumb_base, s.attention),
                                    self.tr("p = {p}").format(p=f"{s.word_prob:.3f}"))
        self.strip.show_count(len(steps))
        self.strip.select(current.index if current is not None else None)

    # hover -------------------------------------------------------------------------------------------------
    def _on_cell_hovered(self, row: int, col: int) -> None:
        self.hover = (row, col)
        step = self.current_step()
        self.side.show_cell(step, self.hover)
        if step is not None and row < step.attention.shape[0] and col < step.attention.shape[1]:
            self.status_message.emit(self.tr("cell ({row}, {col}): {weight}").format(
                row=row + 1, col=col + 1, weight=f"{float(step.attention[row, col]):.4f}"))

    def _on_hover_left(self) -> None:
        self.hover = None
        self.side.show_cell(self.current_step(), None)

    # texts -------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The drawn texts follow the state, so they are drawn again."""
        self._thumbs.clear()  # their tooltips are in the old language
        self.show_state(self.prepared, self.state, self.selected)
