"""Transformer lab: translate step by step and look at every attention map.

    Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V

Controls: a sentence (with the lecture's examples), the model (folders found on disk), the step bar (Step / Back /
Play / Reset / To the end; Space or Right, Left, Home, End). Tabs, all following the step: the model view
(maps_tab.py), the Q/K/V drill-down for one query (drill_tab.py), a timing of the parallel encoder against a
sequential GRU (timing_tab.py), and the results table of every EN->ES model we ship (results.py).

Engine work (loading torch and the model, steps, the Q/K/V forward, timings) runs in workers: the model and its
session live in one ModelHost (host.py), whose StepController hands queued moves to compute.apply_moves together.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTabWidget

from desktop_app.kit.frame import WARNING, LabFrame, Msg
from desktop_app.kit.steps import StepBar
from desktop_app.labs.transformer.compute import (
    KINDS, LAB_KEY, LabInputError, LabModelError, ViewState, list_models, models_root, read_about,
)
from desktop_app.labs.transformer.drill_tab import DrillDownTab
from desktop_app.labs.transformer.host import ModelHost
from desktop_app.labs.transformer.maps_tab import AttentionMapsTab
from desktop_app.labs.transformer.results import ResultsTab
from desktop_app.labs.transformer.timing_tab import TimingTab
from desktop_app.labs.transformer.whatif_tab import WhatIfTab
from desktop_app.paths import assets_dir
from desktop_app.widgets.example_box import example_box
from desktop_app.widgets.size_guard import SizeGuard
from engine.text import join_pieces

EXAMPLES = ("나는 학교에 간다", "어제 그녀는 도서관에서 책을 읽었다", "내일 우리는 공원에 갈 것이다",
            "엄마는 시장에서 사과를 샀다")
LESSON_TABS = ("maps", "drill", "bench", "results", "whatif")


class TransformerLab(LabFrame):
    state_shown = Signal()  # the views show a new ViewState

    MESSAGES = {
        "empty": Msg(QT_TRANSLATE_NOOP("TransformerLab", "Type a sentence to translate: the box is empty.")),
        "model": Msg(QT_TRANSLATE_NOOP("TransformerLab", "Could not load the model {model}: {error}")),
        "failed": Msg(QT_TRANSLATE_NOOP("TransformerLab", "The translation failed: {error}")),
        "no_models": Msg(QT_TRANSLATE_NOOP("TransformerLab", "No Transformer model was found in {folder}.")),
        # notes, not errors: the translation still runs
        "truncated": Msg(QT_TRANSLATE_NOOP("TransformerLab", "The input was too long: only its first {n} tokens "
                                                             "are used."), WARNING),
        "unknown": Msg(QT_TRANSLATE_NOOP("TransformerLab", "{unk} of the {n} source tokens are unknown to this model "
                                                           "and shown as <unk>: it only knows the words of its "
                                                           "training sentences."), WARNING),
    }

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent, about_line=True, title=lambda: self.tr("Transformer"),
                         intro=lambda: self.tr(
                             "Translate one token at a time and watch every attention map: the encoder's "
                             "self-attention, the decoder's masked self-attention and its cross-attention to the "
                             "source. Click a head to see it large, a candidate to force it."))
        self._models = list_models()
        self.host = ModelHost(self)
        self.steps = self.host.steps
        self._shown: ViewState | None = None
        self._session_shown = None  # the session of the state shown: a new one clears an old error
        self._loading = False  # "Loading the model…" is shown
        self.last_gui_update_ms = 0.0

        # input and steps -------------------------------------------------------------------------------
        words = self.words
        self.sentence_combo = words(example_box(EXAMPLES, text=settings.get_str("transformer/sentence", ""),
                                                on_enter=self._on_sentence_return_pressed, on_pick=self._request_open),
                                    tip=lambda: self.tr("Type a sentence or pick an example; Enter starts over"))
        self.model_combo = words(QComboBox(), tip=lambda: self.tr("Transformer models found in {folder}").format(
            folder=models_root()))
        for folder in self._models:
            self.model_combo.addItem(folder.name, str(folder))
        index = self.model_combo.findText(settings.get_str("transformer/model",
                                                           self._models[0].name if self._models else ""))
        if index >= 0:
            self.model_combo.setCurrentIndex(index)
        self.model_combo.currentIndexChanged.connect(self._on_model_changed)  # once the saved model is chosen
        self.translate_button = words(QPushButton(), text=lambda: self.tr("Translate"),
                                      tip=lambda: self.tr("Encode the sentence and start decoding (Enter in the box)"))
        self.translate_button.setFocusPolicy(Qt.NoFocus)  # Space always steps, whatever was clicked last
        self.translate_button.clicked.connect(self._request_open)
        self.step_bar = StepBar(self.steps, settings, LAB_KEY)
        self.progress_label = QLabel()
        # as wide as its longest text from the start: "Step 5, done" was cut to "Step 5, dor" by a width kept
        # from "Step 5", and a steady width never re-lays out the row
        words.call(lambda: self.progress_label.setMinimumWidth(max(
            self.progress_label.fontMetrics().horizontalAdvance(text) for text in (
                self.tr("Step {t}, done").format(t=99), self.tr("Loading the model…"))) + 4))
        self.output_label = QLabel()
        self.output_label.setWordWrap(True)
        self.output_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.output_label.setStyleSheet("font-size: 13pt;")
        input_row = QHBoxLayout()
        input_row.addWidget(words(QLabel(), text=lambda: self.tr("Sentence")))
        input_row.addWidget(self.sentence_combo, 1)
        input_row.addWidget(self.translate_button)
        input_row.addWidget(words(QLabel(), text=lambda: self.tr("Model")))
        input_row.addWidget(self.model_combo)
        step_row = QHBoxLayout()
        step_row.addWidget(self.step_bar)
        step_row.addWidget(SizeGuard(self.progress_label))  # texts that change every step: see SizeGuard
        step_row.addStretch(1)
        self.steps.state_ready.connect(self.show_state)
        self.steps.failed.connect(self._on_steps_failed)

        # tabs ------------------------------------------------------------------------------------------
        self.maps = AttentionMapsTab(self.add_view)
        self.maps.status_message.connect(self.status_message)
        self.maps.candidate_chosen.connect(self.force)
        self.drill = DrillDownTab()
        self.maps.query_clicked.connect(self.drill.set_drill)
        self.timing = TimingTab(self.host, self.add_view)
        self.results = ResultsTab(assets_dir() / "models")
        self.whatif = WhatIfTab(self.host, self.add_view, self.sentence_combo.currentText)
        self.whatif.panel.mask_changed.connect(self._on_whatif_mask_changed)
        self.whatif.panel.failed.connect(self._on_steps_failed)
        self.tabs = QTabWidget()
        for tab, title in ((self.maps, lambda: self.tr("Attention maps")),  # in LESSON_TABS order
                           (self.drill, lambda: self.tr("Q, K, V drill-down")),
                           (self.timing, lambda: self.tr("Parallel vs sequential")),
                           (self.results, lambda: self.tr("Results")),
                           (self.whatif, lambda: self.tr("What if"))):
            index = self.tabs.addTab(tab, "")
            words.call(lambda index=index, title=title: self.tabs.setTabText(index, title()))
        self.tabs.setFocusPolicy(Qt.NoFocus)
        self.tabs.currentChanged.connect(self._on_tab_changed)  # after the first addTab made the maps current
        self.current_view_key = "large"
        self.formula_panel = self.maps.formula_panel  # under the maps: the other tabs have their own texts
        words.call(lambda: self.formula_panel.set_lines("Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V", "", self.tr(
            "Masked self-attention sets the scores of future tokens to −∞ before the softmax, so their weights are "
            "exactly 0. Cross-attention: Q from the decoder, K and V from the encoder output.")))

        self.body.addLayout(input_row)
        self.body.addLayout(step_row)
        self.body.addWidget(SizeGuard(self.output_label))  # its own line: beside the steps it wrapped to a column
        self.body.addWidget(self.messages)
        self.body.addWidget(self.tabs, 1)

        self.retranslate()
        if not self._models:
            self._set_message("no_models", folder=str(models_root()))
        else:
            QTimer.singleShot(0, self._request_open)

    # lab interface (desktop_app.kit.protocol.Lab) ---------------------------------------------------------
    def step_controller(self):
        return self.steps

    def is_busy(self) -> bool:
        # a state the controller delivered but the views do not show yet (its redraw waits for the next frame)
        return (self.steps.is_busy() or (self.isVisible() and self.steps.state is not self._shown)
                or self.whatif.panel.is_busy())

    def current_export_view(self):
        if self.tabs.currentWidget() is self.whatif:
            return (self.export_target_if_ready("transformer_whatif_before_after")
                    or self.export_target_if_ready("transformer_whatif_importance"))
        on_timing = self.tabs.currentWidget() is self.timing and self.timing.plot.points
        return self.export_target_if_ready("bench" if on_timing else "large")

    def save_settings(self) -> None:
        self.step_bar.save_settings()
        self._settings.set("transformer/model", self.model_combo.currentText())
        self._settings.set("transformer/sentence", self.sentence_combo.currentText()[:500])

    @property
    def state(self) -> ViewState | None:
        """The state the views show."""
        return self._shown

    def message_text(self) -> str:
        return self.messages.text() if self.messages.isVisible() else ""

    # lessons -----------------------------------------------------------------------------------------------
    def lesson_state(self) -> dict:
        state = self._shown
        return {"input": self.sentence_combo.currentText(), "model": self.model_combo.currentText(),
                "step": state.n_steps if state is not None else 0,
                "settings": {"tab": LESSON_TABS[self.tabs.currentIndex()], "rollout": self.maps.rollout_shown(),
                             "heads_off": self.whatif.panel.spec,
                             "importance": self.whatif.panel.importance is not None},
                "highlight": {"kind": self.maps.kind, "layer": self.maps.layer + 1, "head": self.maps.head + 1}}

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: tab = "maps" | "drill" | "bench" | "results", rollout = true | false;
        highlight: kind = "encoder" | "decoder" | "cross", layer, head (1-based); heads_off: heads switched off,
        engine.whatif text ('enc:1.2,cross:2.*'; '' = every head on); importance = true: the what-if sweep."""
        notes = []
        self.steps.set_playing(False)
        settings, highlight, model = state.get("settings") or {}, state.get("highlight") or {}, state.get("model")
        reopen = False
        if model and model != self.model_combo.currentText():
            index = self.model_combo.findText(model)
            if index >= 0:
                self.model_combo.blockSignals(True)  # one open below for the model and the input together
                self.model_combo.setCurrentIndex(index)
                self.model_combo.blockSignals(False)
                self._update_about()
                reopen = True
            else:
                notes.append(self.tr("The model “{model}” is not installed; the lesson goes on with “{current}”."
                                     ).format(model=model, current=self.model_combo.currentText() or "—"))
        if "input" in state and (state["input"] != self.sentence_combo.currentText() or self._shown is None
                                 or self._shown.text != state["input"]):
            self.sentence_combo.setEditText(state["input"])
            reopen = True
        if reopen:
            self._request_open()
        if "step" in state:
            self.steps.go_to(state["step"])  # queued behind the open, if one runs
        if settings.get("tab") in LESSON_TABS:
            self.tabs.setCurrentIndex(LESSON_TABS.index(settings["tab"]))
        if highlight.get("kind") in KINDS:
            self.maps.set_kind(highlight["kind"])
        layer, head = highlight.get("layer"), highlight.get("head")
        if isinstance(layer, int) and isinstance(head, int) and layer >= 1 and head >= 1:
            if self._shown is not None and not self.is_busy():
                self.maps.select_head(min(layer, self._shown.n_layers) - 1, min(head, self._shown.n_heads) - 1)
            else:  # the state shown may be the old model's: clamped to the model when its state arrives
                self.maps.layer, self.maps.head = layer - 1, head - 1
        if "rollout" in settings:
            self.maps.rollout_check.setChecked(bool(settings["rollout"]))
        if isinstance(settings.get("heads_off"), str):
            self.whatif.panel.set_heads_off(settings["heads_off"])
        if settings.get("importance") is True:
            self.whatif.panel.run_importance()
        return notes

    # moves (the step bar and its keys drive the controller directly; tests and the soak call these) -------
    def step(self) -> None:
        self.steps.step()

    def back(self) -> None:
        self.steps.back()

    def force(self, token_id: int) -> None:
        """Put `token_id` in place of the last token (the candidates shown are the last step's)."""
        self.steps.set_playing(False)
        self.steps.request(("replace", int(token_id)))

    def translate(self, text: str | None = None) -> None:
        """Start over with `text` (or the sentence box's text)."""
        if text is not None:
            self.sentence_combo.setEditText(text)
        self._request_open()

    def set_kind(self, kind: str) -> None:
        self.maps.set_kind(kind)

    def select_head(self, layer: int, head: int) -> None:
        self.maps.select_head(layer, head)

    def _request_open(self) -> None:
        folder = self.model_combo.currentData()
        if folder and self.host.open(folder, self.sentence_combo.currentText(), self.whatif.active_mask()):
            self._set_loading(True)

    # slots -------------------------------------------------------------------------------------------------
    def _on_sentence_return_pressed(self) -> None:
        self._request_open()
        self.step_bar.take_focus()  # Space and the arrows step again, not edit the sentence

    def _on_model_changed(self, _index: int) -> None:
        self._update_about()
        self._request_open()

    def _on_tab_changed(self, index: int) -> None:
        on_drill = self.tabs.widget(index) is self.drill
        self.host.set_want_qkv(on_drill)  # the Q/K/V forward only runs while the drill-down is shown
        self.drill.set_active(on_drill)
        if self.tabs.widget(index) is self.whatif:
            self.whatif.session_shown(True)

    def _on_whatif_mask_changed(self, mask) -> None:
        """Heads went off or on: the session re-encodes and replays its tokens under the mask."""
        self.steps.refresh(("head_mask", self.whatif.active_mask()))

    def _on_steps_failed(self, exc: BaseException) -> None:
        self._set_loading(False)
        if isinstance(exc, LabInputError):
            self._set_message("empty")
        elif isinstance(exc, LabModelError):
            self._set_message("model", model=self.model_combo.currentText(), error=str(exc))
        else:
            self._set_message("failed", error=f"{type(exc).__name__}: {exc}")
        self._update_output_texts()

    # showing a state ---------------------------------------------------------------------------------------
    def show_state(self, state: ViewState) -> None:
        started = time.perf_counter()
        self._shown = state
        self._set_loading(False)
        if self.steps.session is not self._session_shown:
            self._session_shown = self.steps.session
            if self.messages.is_error():
                self._set_message(None)  # a new sentence opened: the old error no longer holds
        self.maps.show_state(state)
        self.drill.show_state(state)
        self.whatif.session_shown(self.tabs.currentWidget() is self.whatif)
        self._update_output_texts()
        self._update_input_notes()
        self.last_gui_update_ms = (time.perf_counter() - started) * 1000
        self.state_shown.emit()

    def _update_output_texts(self) -> None:
        state = self._shown
        if state is None:
            self.output_label.setText("")
            if not self._loading:
                self.progress_label.setText("")
            return
        if state.finished:
            self.progress_label.setText(self.tr("Step {t}, done").format(t=state.n_steps))
        else:
            self.progress_label.setText(self.tr("Step {t}").format(t=state.n_steps))
        # words, not subword pieces (the maps' axes keep the pieces)
        tokens = join_pieces(state.output_tokens) if state.output_tokens else "…"
        self.output_label.setText(self.tr("Source: {source}   →   {output}").format(
            source=join_pieces(state.source_tokens[:40]) + (" …" if len(state.source_tokens) > 40 else ""),
            output=tokens))
        self.output_label.setToolTip(self.tr("Translation so far: {text}").format(text=state.translation))

    def _update_input_notes(self) -> None:
        """Truncation and <unk> notes (not errors: the translation still runs); an error shown stays."""
        state = self._shown
        if state is None or self.messages.is_error():
            return
        fields = {"n": len(state.source_tokens), "unk": state.unknown}
        notes = [(key, fields) for key, on in (("truncated", state.truncated or state.text_cut),
                                               ("unknown", state.unknown > 0)) if on]
        previous = self.messages.key
        self.show_messages(notes, to_status_bar=True)
        if not notes and previous is not None:
            self.status_message.emit("")  # a note that no longer holds leaves the status bar too

    def _set_message(self, key: str | None, **fields) -> None:
        previous = self.messages.key
        self.show_message(key, to_status_bar=True, **fields)
        if key is None and previous is not None:
            self.status_message.emit("")  # a message that no longer holds leaves the status bar too

    def _set_loading(self, on: bool) -> None:
        if on:
            self.progress_label.setText(self.tr("Loading the model…"))
            self.status_message.emit(self.tr("Loading the model…"))
        elif self._loading and not self.message_text():
            self.status_message.emit("")  # "Loading the model…" no longer holds (it stayed in the status bar)
        self._loading = on

    def _update_about(self) -> None:
        folder = self.model_combo.currentData()
        about = read_about(folder) if folder else {}
        # the shipped models' sources in the user's language; a user's own folder shows its own words
        known = {"ko-en": self.tr("sentences generated by a small Korean/English grammar written in this project "
                                  "(engine/train/ko_en_grammar.py: subjects, objects, places, verbs, tenses), not "
                                  "real-world text"),
                 "en-es": self.tr("the Tatoeba English–Spanish sentence pairs (CC-BY 2.0 FR)")}
        source = known.get(about.get("languages")) or about.get("source")
        if source:
            self.about_label.setText(self.tr(
                "Model {model} was trained only on {source}. Words it never saw become <unk>, and sentences unlike "
                "its training data may translate oddly.").format(model=self.model_combo.currentText(), source=source))
        else:
            self.about_label.setText(self.tr("Model {model}: no description of its training data.").format(
                model=self.model_combo.currentText()))

    # texts -------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._update_about()
        self._update_output_texts()
        if self._loading:
            self.progress_label.setText(self.tr("Loading the model…"))
        super().retranslate()

    # screenshots -------------------------------------------------------------------------------------------
    def prepare_screenshot(self) -> None:
        """The lecture's example decoded to the end, cross-attention shown: the SOV -> SVO reordering."""
        if self.steps.session is None:
            return
        if self._shown is not None and self._shown.text != EXAMPLES[0]:
            self.translate(EXAMPLES[0])
        self.steps.to_end()
        self.set_kind("cross")
        self.select_head(self._shown.n_layers - 1 if self._shown else 1, 0)
