"""The GPT lab's "BERT vs GPT" tab: one sentence through both models; their masks (bidirectional vs causal) or
their attention side by side, and what each predicts for one position: BERT fills a [MASK] seeing both sides, GPT
sees only the left.

The GPT model is the lab's (GPTModelHost); BERT is loaded here, once, when the tab first compares. The two heatmaps
and their top-k lists are built when the tab is first opened (LazyPage).
"""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.kit.frame import WARNING, MessageBar, Msg
from desktop_app.kit.words import Worded
from desktop_app.labs.gpt.compute import (
    LAB_KEY, TOP_K, CompareState, LabInputError, bert_folder, compare, load_bert_task,
)
from desktop_app.labs.gpt.boxes import Modest, ScrollingList, WholeCombo
from desktop_app.labs.gpt.model_host import GPTModelHost
from desktop_app.widgets.export import ExportData
from desktop_app.widgets.heatmap import HeatmapView
from desktop_app.widgets.lazy_page import LazyPage
from desktop_app.widgets.topk import TopKView
from desktop_app.workers import run_task
from engine.text import join_pieces

COMPARE_EXAMPLE = "The capital of France is Paris."
_BERT_REASONS = ("absent", "no_mlm")  # compute.load_bert_bundle's reasons with a message of their own


class CompareTab(Worded, QWidget):
    MESSAGES = {
        "empty": Msg(QT_TRANSLATE_NOOP("CompareTab", "Type a sentence to compare.")),
        "short": Msg(QT_TRANSLATE_NOOP("CompareTab",
                                       "Type at least two words: each model predicts one token from the others.")),
        "no_model": Msg(QT_TRANSLATE_NOOP("CompareTab", "No GPT model found in {folder}.")),
        "absent": Msg(QT_TRANSLATE_NOOP("CompareTab", "The BERT model is not installed yet ({folder}): BERT's side "
                                                      "stays empty. GPT's side works on its own."), WARNING),
        "no_mlm": Msg(QT_TRANSLATE_NOOP("CompareTab", "The BERT model in {folder} has no masked-word head, so it "
                                                      "cannot fill a [MASK]."), WARNING),
        "bert_error": Msg(QT_TRANSLATE_NOOP("CompareTab", "BERT cannot be used: {error}"), WARNING),
        "failed": Msg(QT_TRANSLATE_NOOP("CompareTab", "The computation failed: {error}")),
    }

    def __init__(self, host: GPTModelHost, add_view: Callable, parent=None):
        """add_view: the lab's LabFrame.add_view (frames a view with its Export button)."""
        super().__init__(parent)
        self.host = host
        self._add_view = add_view
        self.state: Optional[CompareState] = None
        self._bert = None  # a BERT bundle, or the reason string there is none; None until loaded
        self._bert_task = None
        self._task = None
        self._pending = False  # a comparison is asked for and not started yet
        self._position: Optional[int] = None

        words = self.words
        self.intro = words(QLabel(), text=self.intro_text)
        self.intro.setWordWrap(True)
        self.sentence_edit = QLineEdit()
        self.sentence_edit.returnPressed.connect(self._on_compare_clicked)
        compare_button = words(QPushButton(), text=lambda: self.tr("Compare"))
        compare_button.clicked.connect(self._on_compare_clicked)
        self.position_combo = words(WholeCombo(), tip=lambda: self.tr(
            "The token both models predict (or click a row of a map)"))
        self.position_combo.setMinimumWidth(120)
        self.position_combo.activated.connect(self.set_position)
        self.view_combo = WholeCombo()
        self.view_combo.addItems(["", ""])  # masks, attention
        words.call(lambda: self.view_combo.setItemText(0, self.tr("Masks")))
        words.call(lambda: self.view_combo.setItemText(1, self.tr("Attention")))
        self.view_combo.currentIndexChanged.connect(self._show_state)  # after the first item is current
        self.messages = MessageBar("CompareTab", self.MESSAGES)
        row = QHBoxLayout()
        for w in (words(QLabel(), text=lambda: self.tr("Sentence")), self.sentence_edit, compare_button,
                  words(QLabel(), text=lambda: self.tr("Position")), self.position_combo,
                  words(QLabel(), text=lambda: self.tr("Show")), self.view_combo):
            row.addWidget(w)
        row.setStretch(1, 1)
        self.pair_page = LazyPage(self._build_views)
        self.pair_page.built_now.connect(self._on_pair_page_built)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.messages)
        layout.addWidget(self.pair_page, 1)

        host.model_loaded.connect(self._on_host_model_loaded)
        host.load_failed.connect(self._on_host_load_failed)

    def _build_views(self) -> QWidget:
        self.bert_view = HeatmapView(colormap="viridis")
        self.gpt_view = HeatmapView(colormap="viridis")
        for view in (self.bert_view, self.gpt_view):
            view.setMinimumSize(200, 110)
            view.set_max_cell_aspect(2.0)  # a short sentence's few columns stay square-ish
            view.set_matrix(np.zeros((0, 0)))  # until the first comparison: its empty text, no axes' numbers
            view.tooltip_formatter = lambda row, col, value: self.tr("{row} → {col}: {value}").format(
                row=row, col=col, value=f"{value:.4f}")
        self.words.call(lambda: self.gpt_view.set_empty_text(self.tr("Press Compare: the maps appear here.")))
        self.bert_view.cell_clicked.connect(self._on_map_clicked)
        self.gpt_view.cell_clicked.connect(self._on_gpt_map_clicked)
        has_state = lambda: self.state is not None  # noqa: E731
        self.bert_title, bert_frame = self._add_view("bert", self.bert_view, lambda: self._export_data("bert"),
                                                     ready=has_state)
        self.gpt_title, gpt_frame = self._add_view("gpt", self.gpt_view, lambda: self._export_data("gpt"),
                                                   ready=has_state)
        self.bert_topk_title, self.gpt_topk_title = QLabel(), QLabel()
        for label in (self.bert_topk_title, self.gpt_topk_title):
            label.setWordWrap(True)
            label.setStyleSheet("font-weight: bold;")
        self.bert_topk, self.gpt_topk = TopKView(TOP_K), TopKView(TOP_K)
        for topk in (self.bert_topk, self.gpt_topk):
            topk.set_candidates((), (), None)
        self.words.call(lambda: self.bert_topk.set_empty_text(self.tr("BERT's predictions appear here.")))
        self.words.call(lambda: self.gpt_topk.set_empty_text(self.tr("GPT's predictions appear here.")))
        content = QWidget()
        pair = QGridLayout(content)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.addWidget(Modest(bert_frame, 260), 0, 0)
        pair.addWidget(Modest(gpt_frame, 260), 0, 1)
        pair.addWidget(self.bert_topk_title, 1, 0)
        pair.addWidget(self.gpt_topk_title, 1, 1)
        # every candidate when there is room; on a small screen the lists scroll (four rows at least), the maps stay
        pair.addWidget(ScrollingList(self.bert_topk, TOP_K, 4, share=True), 2, 0)
        pair.addWidget(ScrollingList(self.gpt_topk, TOP_K, 4, share=True), 2, 1)
        return content

    # state -------------------------------------------------------------------------------------------------
    @property
    def sentence(self) -> str:
        return self.sentence_edit.text()

    def is_busy(self) -> bool:
        running = any(t is not None and not t.finished for t in (self._task, self._bert_task))
        return running or self._pending

    def message_text(self) -> str:
        return self.messages.text() if self.messages.key is not None else ""

    def masks_shown(self) -> bool:
        return self.view_combo.currentIndex() == 0

    # comparing ---------------------------------------------------------------------------------------------
    def run_compare(self, text: Optional[str] = None, position: Optional[int] = None) -> None:
        """Both models on the sentence (or the box's); position None keeps the chosen one, else the default."""
        if text is not None and text != self.sentence_edit.text():
            self.sentence_edit.setText(text)
            self._position = None
        if position is not None:
            self._position = position
        if not self.host.available():
            self.messages.show_message("no_model", folder=str(self.host.folder))
            return
        self._pending = True
        self._start_next()

    def set_position(self, position: int) -> None:
        if self.state is not None and 0 <= position < len(self.state.tokens):
            self.run_compare(position=position)

    def _start_next(self) -> None:
        if not self._pending:
            return
        if self.host.bundle is None:
            self.host.load()  # -> model_loaded -> here again
            return
        if self._bert is None:
            if self._bert_task is None or self._bert_task.finished:
                self._bert_task = run_task(load_bert_task, bert_folder(), on_done=self._on_bert_loaded,
                                           on_error=self._on_bert_failed)
            return
        if self._task is not None and not self._task.finished:
            return  # the comparison running now starts the next one when it is done
        self._pending = False
        self._task = run_task(compare, self.host.bundle, self._bert, self.sentence_edit.text(), self._position,
                              on_done=self._on_compare_done, on_error=self._on_compare_failed)

    def _on_host_model_loaded(self) -> None:
        self._start_next()

    def _on_host_load_failed(self, _exc: BaseException) -> None:
        self._pending = False  # the lab's message says why

    def _on_bert_loaded(self, result) -> None:
        bundle, reason = result
        self._bert = bundle if bundle is not None else reason
        self._start_next()

    def _on_bert_failed(self, exc: BaseException) -> None:
        self._bert = f"{type(exc).__name__}: {exc}"
        self._start_next()

    def _on_compare_done(self, state: CompareState) -> None:
        self.state = state
        self._position = state.position
        self.position_combo.blockSignals(True)
        self.position_combo.clear()
        self.position_combo.addItems([f"{i + 1}: {t}" for i, t in enumerate(state.tokens)])
        self.position_combo.setCurrentIndex(state.position)
        self.position_combo.blockSignals(False)
        self._show_state()
        self._start_next()

    def _on_compare_failed(self, exc: BaseException) -> None:
        if isinstance(exc, LabInputError):
            self.messages.show_message(exc.reason)
        else:
            self.messages.show_message("failed", error=f"{type(exc).__name__}: {exc}")
        self._start_next()

    # slots -------------------------------------------------------------------------------------------------
    def _on_compare_clicked(self) -> None:
        self._position = None
        self.run_compare()

    def _on_map_clicked(self, row: int, _col: int, _value: float) -> None:
        self.set_position(row)

    def _on_gpt_map_clicked(self, row: int, _col: int, _value: float) -> None:
        self.set_position(row + 1)  # GPT's row r predicts the token after it

    def _on_pair_page_built(self) -> None:
        self._retranslate_views()
        self._show_state()

    # views -------------------------------------------------------------------------------------------------
    def _show_state(self) -> None:
        c = self.state
        if c is None:
            return
        if not self.pair_page.built:
            if self.isHidden():
                return  # not the current tab: shown when the tab is first opened (built_now)
            self.pair_page.ensure_built()  # -> built_now -> here again, built
            return
        masks = self.masks_shown()
        tokens = list(c.tokens)
        bert = c.bert_mask if masks else c.bert_attention
        bert_rows = list(tokens)
        bert_rows[c.position] = "[MASK]"
        gpt = c.gpt_mask if masks else c.gpt_attention
        levels = (0.0, 1.0) if masks else (0.0, max(1e-6, float(max(bert.max(), gpt.max()))))
        self._set_bert_empty_text()
        if c.bert_missing:  # no map rather than a block of zeros that reads as "attends nowhere"
            self.bert_view.set_matrix(np.zeros((0, 0), np.float32), levels=levels)
        else:
            self.bert_view.set_matrix(bert, bert_rows, bert_rows, levels=levels)
        self.gpt_view.set_matrix(gpt, tokens, tokens, levels=levels)
        # the row that makes each prediction: BERT's [MASK] row; GPT's row of the token before (none for the first)
        self.bert_view.set_current_row(None if c.bert_missing else c.position)
        self.gpt_view.set_current_row(c.position - 1 if c.position > 0 else None)
        self.bert_topk.set_candidates(c.bert_tokens, c.bert_probs, None)
        self.gpt_topk.set_candidates(c.gpt_tokens, c.gpt_probs, None)
        if c.bert_missing in _BERT_REASONS:
            self.messages.show_message(c.bert_missing, folder=str(bert_folder()))
        elif c.bert_missing:  # the engine's reason why the BERT folder cannot be loaded
            self.messages.show_message("bert_error", error=c.bert_missing)
        else:
            self.messages.show_message(None)
        self._update_titles()

    def _export_data(self, which: str) -> ExportData:
        c = self.state
        view = self.bert_view if which == "bert" else self.gpt_view
        masks = self.masks_shown()
        meta = {"lab": LAB_KEY, "view": f"{which}_{'mask' if masks else 'attention'}", "sentence":
                self.sentence_edit.text(), "position": c.position if c else None,
                "prediction": list(c.bert_tokens if which == "bert" else c.gpt_tokens) if c else []}
        return ExportData(name=f"gpt_vs_bert_{which}", matrix=view.values,
                          row_labels=[view.row_label(r) for r in range(view.values.shape[0])],
                          col_labels=[view.col_label(k) for k in range(view.values.shape[1])], meta=meta)

    # texts -------------------------------------------------------------------------------------------------
    def _update_titles(self) -> None:
        if not self.pair_page.built:
            return
        masks = self.masks_shown()
        what = self.tr("mask: 1 = may attend") if masks else self.tr("attention, last layer, mean over heads")
        self.bert_title.setText(self.tr("BERT, bidirectional ({what}): every token sees every token").format(
            what=what))
        self.gpt_title.setText(self.tr("GPT, causal ({what}): each token sees itself and the tokens before it"
                                       ).format(what=what))
        c = self.state
        word = c.tokens[c.position] if c is not None else "…"
        left = join_pieces(c.tokens[:c.position]) if c is not None else "…"
        self.bert_topk_title.setText(self.tr("BERT fills [MASK] at “{word}” from both sides").format(word=word))
        self.gpt_topk_title.setText(self.tr("GPT predicts “{word}” from the left only: “{left}”").format(
            word=word, left=left[-80:] or "[CLS]"))

    def _set_bert_empty_text(self) -> None:
        missing = self.state is not None and self.state.bert_missing
        self.bert_view.set_empty_text(self.tr("No BERT model: no map.") if missing else
                                      self.tr("Press Compare: the maps appear here."))

    def _retranslate_views(self) -> None:
        """The views' texts that follow the state (the fixed ones are bound in _build_views)."""
        self._set_bert_empty_text()
        self._update_titles()

    def intro_text(self) -> str:
        """The note over the tab (the lab folds it into the tab's tooltip in presenter mode)."""
        return self.tr(
            "The same sentence in both models. BERT (an encoder) lets every token attend to every other one, so it "
            "can fill a [MASK] from both sides. GPT (a decoder) masks the future, so it predicts each token from "
            "the tokens on its left only. Both use the same WordPiece tokens. Pick the position both predict.")

    def retranslate(self) -> None:
        if self.pair_page.built:
            self._retranslate_views()
        self.messages.retranslate()
