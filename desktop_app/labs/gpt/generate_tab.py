"""The GPT lab's Generate tab: Step / Back / Reset / To the end / Play over one GPT stepper, the next-token
candidates (click one to choose it), how the next token is chosen, every layer x head, and one causal map large.

One StepController (threaded: a step is a model forward) owns the session; the model comes from the lab's
GPTModelHost, so a prompt typed before the model is loaded waits for it here.
"""
from __future__ import annotations

import html
import math
from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.kit.steps import StepBar, StepController
from desktop_app.kit.words import Worded
from desktop_app.labs.gpt.compute import LAB_KEY, TOP_K, ViewState, apply_moves, open_session
from desktop_app.labs.gpt.boxes import ScrollingList, ScrollingText, WholeCombo
from desktop_app.labs.gpt.model_host import GPTModelHost
from desktop_app.labs.gpt.sampling import SamplingControls
from desktop_app.widgets.export import ExportData
from desktop_app.widgets.head_grid import HeadGrid, zero_heads
from desktop_app.widgets.heatmap import HeatmapView
from desktop_app.widgets.size_guard import SizeGuard
from desktop_app.widgets.splitter import splitter
from desktop_app.widgets.topk import TopKView
from engine.text import reading_words


class GenerateTab(Worded, QWidget):
    state_shown = Signal(object)  # the ViewState now on screen
    session_opened = Signal()  # the first state of a new prompt is on screen (the lab clears its old errors)
    status_message = Signal(str)

    def __init__(self, host: GPTModelHost, settings, add_view: Callable, parent=None):
        """add_view: the lab's LabFrame.add_view (frames a view with its Export button)."""
        super().__init__(parent)
        self.host = host
        self.prompt = ""  # the text of the session asked for last
        self._layer, self._head = -1, -1  # -1: the mean over heads of the last layer
        self._shown: Optional[ViewState] = None
        self._shown_session = None
        self._open_wanted = False  # a prompt waits for the model to load
        self.head_mask = None  # engine.whatif.HeadMask of the heads the What-if tab switched off
        self._go_to_wanted = None  # and a lesson's step with it

        words = self.words
        self.steps = StepController(self, apply_moves, threaded=True, direct_steps=2)  # a step: ~7 ms
        self.steps.state_ready.connect(self._on_steps_state_ready)
        _migrate_play_ms(settings)
        self.step_bar = StepBar(self.steps, settings, LAB_KEY, end_tooltip=self._end_tooltip)
        self.sampling_controls = SamplingControls()
        self.sampling_controls.load_settings(settings)
        self.sampling_controls.changed.connect(self._on_sampling_changed)  # after the saved choice is restored
        self.output_label = QLabel()
        self.output_label.setWordWrap(True)
        self.output_label.setTextFormat(Qt.RichText)
        self.output_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.output_label.setStyleSheet("font-size: 13pt;")

        self.grid = words(HeadGrid(), tip=lambda: self.tr(
            "Rows: layers, columns: heads. Each is lower triangular: causal attention."))
        self.grid.setMinimumSize(180, 110)
        words.call(lambda: self.grid.set_header_formats(self.tr("layer {n}"), self.tr("head {n}")))
        self.grid.head_clicked.connect(self._on_grid_head_clicked)
        grid_title = words(QLabel(), text=lambda: self.tr("Every layer × head (click one to see it large)"))
        grid_title.setStyleSheet("font-weight: bold;")
        grid_title.setWordWrap(True)
        self.head_combo = words(WholeCombo(), tip=lambda: self.tr(
            "The attention map shown large; or click a cell of the grid"))
        self.head_combo.currentIndexChanged.connect(self._on_head_combo_changed)
        self.topk_title = QLabel()
        self.topk_title.setStyleSheet("font-weight: bold;")
        self.topk_title.setWordWrap(True)
        self.topk_view = TopKView(TOP_K)
        self.topk_view.set_candidates((), (), None)  # no empty bars until the prompt is read
        words.call(lambda: self.topk_view.set_empty_text(self.tr("The model's most likely next tokens appear here.")))
        self.topk_view.candidate_clicked.connect(self._on_candidate_clicked)
        self.large_view = HeatmapView(colormap="viridis", max_display=1024)
        self.large_view.setMinimumSize(240, 170)
        self.large_view.set_max_cell_aspect(2.0)  # a short prompt's few columns stay square-ish
        self.large_view.set_matrix(np.zeros((0, 0)))  # until the prompt is read: its empty text, no axes' numbers
        words.call(lambda: self.large_view.set_empty_text(self.tr(
            "Once the model reads the prompt, each row shows where that token looks.")))
        self.large_view.tooltip_formatter = lambda row, col, value: self.tr("{row} → {col}: weight {value}").format(
            row=row, col=col, value=f"{value:.4f}")
        self.large_view.cell_hovered.connect(self._on_large_view_hovered)
        self.large_title, large_frame = add_view("large", self.large_view, self._large_export_data,
                                                 ready=lambda: self._shown is not None, guard_title=True)

        # two rows of controls (one row was 1012 px wide): the moves, then how the next token is chosen and which
        # map is shown large; three columns below: the candidates, every layer x head, the map chosen
        step_row = QHBoxLayout()
        step_row.addWidget(self.step_bar)
        step_row.addStretch(1)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.sampling_controls)
        choice_row.addStretch(1)
        choice_row.addWidget(words(QLabel(), text=lambda: self.tr("Show")))
        choice_row.addWidget(self.head_combo)
        candidates = QWidget()
        candidates_layout = QVBoxLayout(candidates)
        candidates_layout.setContentsMargins(0, 0, 6, 0)  # its title never runs into the grid's beside it
        candidates_layout.addWidget(SizeGuard(self.topk_title))  # texts that change every step: see SizeGuard
        candidates_layout.addWidget(ScrollingList(self.topk_view, TOP_K, 7))  # scrolls only on the smallest screens
        candidates_layout.addStretch(1)
        heads = QWidget()
        heads_layout = QVBoxLayout(heads)
        heads_layout.setContentsMargins(6, 0, 0, 0)
        heads_layout.addWidget(grid_title)
        heads_layout.addWidget(self.grid, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(step_row)
        layout.addLayout(choice_row)
        layout.addWidget(ScrollingText(self.output_label, lines=3))
        layout.addWidget(splitter(Qt.Horizontal, candidates, heads, large_frame, sizes=(300, 260, 500),
                                  stretch=(2, 2, 4)), 1)

        host.model_loaded.connect(self._on_host_model_loaded)
        host.load_failed.connect(self._on_host_load_failed)
        self.retranslate()

    # state -------------------------------------------------------------------------------------------------
    @property
    def state(self) -> Optional[ViewState]:
        """The session's latest state (on screen once the tab is shown and the frame is drawn)."""
        return self.steps.state

    @property
    def shown_state(self) -> Optional[ViewState]:
        return self._shown

    def is_busy(self) -> bool:
        return self._open_wanted or self.steps.is_busy()  # the controller's covers a state waiting to be drawn

    def highlight(self) -> tuple[int, int]:
        """(layer, head) shown large, 0-based; (-1, -1) = the mean over heads of the last layer."""
        return self._layer, self._head

    # moves -------------------------------------------------------------------------------------------------
    def start(self, text: str) -> None:
        """Start over with `text`: the model reads it and predicts the next token (once it is loaded)."""
        self.prompt = text
        self._go_to_wanted = None
        self.steps.set_playing(False)
        if self.host.bundle is None:
            self._open_wanted = True
            self.host.load()
            if self.host.is_loading():
                self.output_label.setText(self.tr("Loading the model…"))
            return
        self._open_wanted = False
        self.steps.open(open_session, self.host.bundle, text, self.sampling_controls.sampling(), self.head_mask)

    def go_to(self, step) -> None:
        """Reset, then `step` steps ("end": until the window fills); after the prompt waiting for the model."""
        if self._open_wanted:
            self._go_to_wanted = step
        else:
            self.steps.go_to(step)

    def _on_host_model_loaded(self) -> None:
        if self._open_wanted:
            go_to, self._go_to_wanted = self._go_to_wanted, None
            self.start(self.prompt)
            if go_to is not None:
                self.steps.go_to(go_to)

    def _on_host_load_failed(self, _exc: BaseException) -> None:
        self._open_wanted, self._go_to_wanted = False, None
        self.output_label.setText("")

    def set_head_mask(self, mask) -> None:
        """Heads switched off (the What-if tab) for the next tokens; None or all on = every head on."""
        self.head_mask = None if mask is None or mask.all_on else mask
        self.steps.refresh(("head_mask", self.head_mask))  # ignored before a session: start() passes the mask

    def _on_sampling_changed(self) -> None:
        self.steps.refresh(("sampling", self.sampling_controls.sampling()))

    def _on_candidate_clicked(self, row: int) -> None:
        s = self._shown
        if s is None or row >= len(s.topk_ids) or s.finished:
            return
        self.steps.force(int(s.topk_ids[row]))
        self.status_message.emit(self.tr("Chose “{token}” as token {n}; generation continues from it.").format(
            token=s.topk_tokens[row], n=s.n_steps + 1))

    # views -------------------------------------------------------------------------------------------------
    def _on_steps_state_ready(self, state: Optional[ViewState]) -> None:
        if state is None:
            return
        first = self._shown is None or self._shown.head_grid != state.head_grid
        self._shown = state
        if first:
            n_layers, n_heads = state.head_grid
            if self._layer >= n_layers or self._head >= n_heads:
                self._layer, self._head = -1, -1
            self._fill_head_combo()
        self.topk_view.set_candidates(state.topk_tokens, state.topk_probs, None)
        n = state.attention.shape[-1]  # a frame eight tokens at a time: the 16 cells re-range every eighth step
        self.grid.set_matrices(state.attention, frame=(8 * math.ceil(n / 8),) * 2)
        self.grid.set_off(zero_heads(state.attention))  # heads the What if tab switched off: crossed out
        self.grid.select(*self._selected_cell())
        self._show_large()
        self._update_output_texts()
        if self.steps.session is not self._shown_session:
            self._shown_session = self.steps.session
            self.session_opened.emit()
        self.state_shown.emit(state)

    def _selected_cell(self) -> tuple[int, int]:
        if self._shown is None:
            return (0, 0)
        return (self._shown.head_grid[0] - 1, -1) if self._head < 0 else (self._layer, self._head)

    def _large_matrix(self) -> np.ndarray:
        s = self._shown
        if self._head < 0:
            return s.attention[-1].mean(0)  # (T, T) the last layer, mean over heads
        return s.attention[self._layer, self._head]

    def _show_large(self) -> None:
        if self._shown is None:
            return
        tokens = list(self._shown.tokens)
        self.large_view.set_matrix(self._large_matrix(), tokens, tokens, levels=(0.0, 1.0), min_rows=8)
        self.large_view.set_current_row(len(tokens) - 1)  # the row that made the prediction, marked beside the map
        self._update_large_title()

    def select_head(self, layer: int, head: int) -> None:
        """Show one head large (layer, head 0-based); head -1 = the mean over heads of the last layer."""
        self._layer, self._head = (layer, head) if head >= 0 else (-1, -1)
        if self._shown is not None:
            self.grid.select(*self._selected_cell())
            index = self.head_combo.findData((self._layer, self._head))
            self.head_combo.blockSignals(True)
            self.head_combo.setCurrentIndex(max(0, index))
            self.head_combo.blockSignals(False)
            self._show_large()

    def _on_grid_head_clicked(self, layer: int, head: int) -> None:
        self.select_head(layer, head)

    def _on_head_combo_changed(self, index: int) -> None:
        data = self.head_combo.itemData(index)
        if data is not None:
            self.select_head(*data)

    def _on_large_view_hovered(self, row: int, col: int, value: float) -> None:
        if self._shown is None:
            return
        tokens = self._shown.tokens
        if col > row:
            text = self.tr("“{row}” cannot see “{col}”: it comes later (masked, weight 0)").format(
                row=tokens[row], col=tokens[col])
        else:
            text = self.tr(
                "“{row}” (position {i}) attends to “{col}” (position {j}) with weight {value}").format(
                row=tokens[row], col=tokens[col], i=row, j=col, value=f"{value:.4f}")
        self.status_message.emit(text)

    # export ------------------------------------------------------------------------------------------------
    def _large_export_data(self) -> ExportData:
        s = self._shown
        meta = {"lab": LAB_KEY, "model": s.model, "tokens": list(s.tokens), "prompt_tokens": s.n_prompt,
                "text": s.text, "layer": None if self._head < 0 else self._layer + 1,
                "head": None if self._head < 0 else self._head + 1, "sampling": list(s.sampling),
                "next_token_candidates": [[t, float(p)] for t, p in zip(s.topk_tokens, s.topk_probs)],
                "formula": "softmax(QK^T/sqrt(d_k) + causal mask)"}
        name = ("gpt_attention_mean_step" if self._head < 0 else
                f"gpt_attention_L{self._layer + 1}_H{self._head + 1}_step") + str(s.n_steps)
        return ExportData(name=name, matrix=self.large_view.values, row_labels=list(s.tokens),
                          col_labels=list(s.tokens), meta=meta)

    # texts -------------------------------------------------------------------------------------------------
    def _end_tooltip(self) -> str:
        return self.tr("Add tokens until the context fills the model's window (End)")

    def _fill_head_combo(self) -> None:
        s = self._shown
        self.head_combo.blockSignals(True)
        self.head_combo.clear()
        self.head_combo.addItem(self.tr("Last layer, mean over heads"), (-1, -1))
        n_layers, n_heads = s.head_grid
        for layer in range(n_layers):
            for head in range(n_heads):
                self.head_combo.addItem(self.tr("layer {layer}, head {head}").format(layer=layer + 1, head=head + 1),
                                        (layer, head))
        index = self.head_combo.findData((self._layer, self._head))
        self.head_combo.setCurrentIndex(max(0, index))
        self.head_combo.blockSignals(False)

    def _update_large_title(self) -> None:
        if self._shown is None:
            self.large_title.setText(self.tr("Causal self-attention"))
            return
        if self._head < 0:
            where = self.tr("layer {layer}, mean over heads").format(layer=self._shown.head_grid[0])
        else:
            where = self.tr("layer {layer}, head {head}").format(layer=self._layer + 1, head=self._head + 1)
        self.large_title.setText(self.tr(
            "Causal self-attention, {where}: row = the token that attends, column = the token it looks at; "
            "the last row made the prediction on the left. Nothing above the diagonal: no token sees the future."
        ).format(where=where))

    def _update_output_texts(self) -> None:
        s = self._shown
        if s is None:
            self.topk_title.setText(self.tr("Next-token candidates (click one to choose it)"))
            return
        words = []  # words, not WordPiece pieces; a word is blue from its first generated piece on
        for word, first, last, glue in reading_words(s.tokens[1:]):
            if word == "[CLS]":  # the model starts a new sentence (its training text was [CLS]-led sentences)
                words.append(" <span style='color:#999'>¶</span>")
                continue
            t = html.escape(word)
            words.append(glue + (f"<b style='color:#1f5fbf'>{t}</b>" if last + 1 >= s.n_prompt else t))
        self.output_label.setText("".join(words) or "—")
        t, k, seed = s.sampling
        if t == 0:
            how = self.tr("greedy: the most probable is chosen")
        else:
            how = self.tr("sampled at temperature {t}, top-k {k} (0 = all), seed {seed}").format(t=f"{t:.2f}", k=k,
                                                                                                 seed=seed)
        self.topk_title.setText(self.tr("Next-token candidates after {n} tokens ({how}); click one to choose it"
                                        ).format(n=len(s.tokens), how=how))

    def retranslate(self) -> None:
        if self._shown is not None:
            self._fill_head_combo()
        if self.host.is_loading() and self._shown is None:
            self.output_label.setText(self.tr("Loading the model…"))
        self._update_large_title()
        self._update_output_texts()


def _migrate_play_ms(settings) -> None:
    """The old Play setting was milliseconds between steps (gpt/play_ms); it is steps per second now."""
    if settings is None or settings.contains(f"{LAB_KEY}/speed") or not settings.contains("gpt/play_ms"):
        return
    ms = settings.get_int("gpt/play_ms", 500, 100, 3000)
    settings.set(f"{LAB_KEY}/speed", str(round(1000 / ms, 2)))
    settings.remove("gpt/play_ms")
