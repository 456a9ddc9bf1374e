"""GPT lab: a decoder-only model writes one token at a time, each chosen from its next-token distribution.

    P(x_t | x_<t) = softmax(h_t Eᵀ),  causal attention: position t sees positions ≤ t only

The lab holds the prompt, the messages, the formula and the model (GPTModelHost, loaded once in a worker) that its
two tabs share:
- Generate (generate_tab.GenerateTab): Step / Back / Reset / To the end / Play over one StepController, the top-k
  candidates for the next token (click one to choose it), sampling (greedy, or temperature + top-k + seed), the
  causal attention of one head growing by a row and a column per token (upper triangle empty), and every layer x head.
- BERT vs GPT (compare_tab.CompareTab): one sentence through both models; their masks (bidirectional vs causal) or
  their attention side by side, and what each predicts for one position: BERT fills a [MASK] seeing both sides, GPT
  sees only the left.
Engine work (loading torch and the models, steps, the comparison) runs in workers (compute.py, Qt-free).
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget

from desktop_app.kit.frame import WARNING, LabFrame, Msg
from desktop_app.labs.gpt.compare_tab import COMPARE_EXAMPLE, CompareTab
from desktop_app.labs.gpt.compute import (
    LabInputError, LabModelError, ViewState, default_folder, has_hangul, read_metrics,
)
from desktop_app.labs.gpt.generate_tab import GenerateTab
from desktop_app.labs.gpt.model_host import GPTModelHost
from desktop_app.labs.gpt.whatif_tab import WhatIfTab
from desktop_app.widgets.example_box import example_box
from desktop_app.widgets.formula import FormulaPanel
from desktop_app.widgets.size_guard import SizeGuard

EXAMPLES = ("I want to", "My mother", "Can you help me", "The children are", "When I was young,",
            "The game was released in")


class GPTLab(LabFrame):
    MESSAGES = {
        "empty": Msg(QT_TRANSLATE_NOOP("GPTLab", "Type a prompt first: the model continues the text you give it.")),
        "no_model": Msg(QT_TRANSLATE_NOOP("GPTLab", "No GPT model found in {folder}. Train one with: python -m "
                                                    "engine.train.gpt")),
        "model": Msg(QT_TRANSLATE_NOOP("GPTLab", "The GPT model in {folder} cannot be used: {error}")),
        "failed": Msg(QT_TRANSLATE_NOOP("GPTLab", "The computation failed: {error}")),
        # notes on the prompt and the context, shown together
        "window_full": Msg(QT_TRANSLATE_NOOP("GPTLab", "The context fills the model's window of {n} tokens: go back "
                                                       "or reset."), WARNING),
        "prompt_cut": Msg(QT_TRANSLATE_NOOP("GPTLab", "The prompt is longer than the model's window: only its last "
                                                      "tokens are read."), WARNING),
        "hangul": Msg(QT_TRANSLATE_NOOP("GPTLab", "This model knows English only: Korean letters become [UNK] or "
                                                  "single pieces."), WARNING),
        "unknown": Msg(QT_TRANSLATE_NOOP("GPTLab", "{n} prompt token(s) are outside the model's vocabulary and read "
                                                   "as [UNK]."), WARNING),
    }
    LESSON_TABS = ("generate", "versus", "whatif")

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent, about_line=True, title=lambda: self.tr("GPT"),
                         intro=lambda: self.tr(
                             "A decoder-only Transformer writes text one token at a time: it reads the tokens so far "
                             "and gives a probability to every possible next token. Click a candidate to choose it "
                             "yourself."))
        self.host = GPTModelHost(default_folder(), self)
        words = self.words
        self.prompt_combo = words(example_box(EXAMPLES, text=settings.get_str("gpt/prompt", ""),
                                              on_enter=self._on_prompt_return_pressed,
                                              on_pick=self._on_prompt_combo_activated),
                                  tip=lambda: self.tr("Type the beginning of a text or pick an example; Enter starts "
                                                      "over"))
        self.start_button = words(QPushButton(), text=lambda: self.tr("Start"), tip=lambda: self.tr(
            "Read the prompt and predict the next token (Enter in the box)"))
        self.start_button.setFocusPolicy(Qt.NoFocus)  # Space always steps, whatever button was clicked last
        self.start_button.clicked.connect(self._on_start_clicked)

        self.generate_tab = GenerateTab(self.host, settings, self.add_view)
        self.generate_tab.steps.failed.connect(self._on_steps_failed)
        self.generate_tab.session_opened.connect(self._on_generate_session_opened)
        self.generate_tab.state_shown.connect(self._on_generate_state_shown)
        self.generate_tab.status_message.connect(self.status_message)
        self.compare_tab = CompareTab(self.host, self.add_view)
        self.compare_tab.sentence_edit.setText(settings.get_str("gpt/compare", COMPARE_EXAMPLE) or COMPARE_EXAMPLE)
        self.whatif_tab = WhatIfTab(self.host, self.add_view, self.prompt_combo.currentText)
        self.whatif_tab.panel.mask_changed.connect(self.generate_tab.set_head_mask)
        self.whatif_tab.panel.failed.connect(self._on_steps_failed)
        self.tabs = QTabWidget()
        for tab, title in ((self.generate_tab, lambda: self.tr("Generate")),  # in LESSON_TABS order
                           (self.compare_tab, lambda: self.tr("BERT vs GPT")),
                           (self.whatif_tab, lambda: self.tr("What if"))):
            index = self.tabs.addTab(tab, "")
            words.call(lambda index=index, title=title: self.tabs.setTabText(index, title()))
        self.tabs.setFocusPolicy(Qt.NoFocus)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)  # after the first addTab made one current
        self.host.model_loaded.connect(self._on_host_model_loaded)  # after the tabs': they take the model first
        self.host.load_failed.connect(self._on_host_load_failed)
        self.formula_panel = FormulaPanel()
        words.call(lambda: self.formula_panel.set_lines(
            "Attention = softmax(Q Kᵀ / √d_k + M) V,  M_ij = 0 if j ≤ i, −∞ if j > i", "", self.tr(
                "The causal mask M sets the scores of later tokens to −∞ before the softmax, so their weights are "
                "exactly 0: the prediction at position i depends on tokens 1…i only.")))
        self.current_view_key = "large"

        input_row = QHBoxLayout()
        input_row.addWidget(words(QLabel(), text=lambda: self.tr("Prompt")))
        input_row.addWidget(self.prompt_combo, 1)
        input_row.addWidget(self.start_button)
        self.body.addLayout(input_row)
        self.body.addWidget(self.messages)
        self.body.addWidget(self.tabs, 1)
        self.body.addWidget(SizeGuard(self.formula_panel))

        self.retranslate()
        if not self.host.available():
            self.show_message("no_model", folder=str(self.host.folder))
        else:
            self.generate()  # the model loads in a worker; is_busy() is true from here on

    # lab interface (desktop_app.kit.protocol.Lab) ---------------------------------------------------------
    @property
    def state(self) -> ViewState | None:
        """The Generate tab's latest state."""
        return self.generate_tab.state

    def step_controller(self):
        return self.generate_tab.steps

    def step(self) -> None:
        self.generate_tab.steps.step()

    def back(self) -> None:
        self.generate_tab.steps.back()

    def is_busy(self) -> bool:
        return (self.host.is_loading() or self.generate_tab.is_busy() or self.compare_tab.is_busy()
                or self.whatif_tab.panel.is_busy())

    def current_export_view(self):
        if self.tabs.currentIndex() == 1:
            self.compare_tab.pair_page.ensure_built()  # its views register their exports when built
            return self.export_target_if_ready("gpt")
        if self.tabs.currentIndex() == 2:
            return (self.export_target_if_ready("gpt_whatif_before_after")
                    or self.export_target_if_ready("gpt_whatif_importance"))
        return self.export_target_if_ready("large")

    def export_target(self, key: str):
        if key in ("bert", "gpt"):
            self.compare_tab.pair_page.ensure_built()
        return super().export_target(key)

    def save_settings(self) -> None:
        self.generate_tab.step_bar.save_settings()
        self.generate_tab.sampling_controls.save_settings(self._settings)
        self._settings.set("gpt/prompt", self.prompt_combo.currentText()[:500])
        self._settings.set("gpt/compare", self.compare_tab.sentence[:500])

    def message_text(self) -> str:
        return self.messages.text() if self.messages.key is not None else ""

    # lessons ---------------------------------------------------------------------------------------------
    def lesson_state(self) -> dict:
        t, k, seed = self.generate_tab.sampling_controls.sampling()
        layer, head = self.generate_tab.highlight()
        state = self.state
        return {"input": self.prompt_combo.currentText(), "step": state.n_steps if state else 0,
                "settings": {"tab": self.LESSON_TABS[self.tabs.currentIndex()], "temperature": t, "top_k": k,
                             "seed": seed, "compare": self.compare_tab.sentence,
                             "heads_off": self.whatif_tab.panel.spec,
                             "importance": self.whatif_tab.panel.importance is not None},
                "highlight": {"layer": layer + 1, "head": head + 1}}

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: tab = "generate" | "versus", temperature (0 = greedy), top_k, seed, compare (a sentence);
        highlight: layer, head (1-based; 0 = the mean over heads of the last layer); heads_off: heads switched off
        in both tabs, engine.whatif text ('1.2,3.*'; '' = every head on); importance = true: the what-if sweep."""
        self.generate_tab.steps.set_playing(False)
        settings, highlight = state.get("settings") or {}, state.get("highlight") or {}
        t, k, seed = settings.get("temperature"), settings.get("top_k"), settings.get("seed")
        self.generate_tab.sampling_controls.set_sampling(
            temperature=float(t) if isinstance(t, (int, float)) else None,
            top_k=k if isinstance(k, int) else None, seed=seed if isinstance(seed, int) else None)
        if isinstance(settings.get("heads_off"), str):
            self.whatif_tab.panel.set_heads_off(settings["heads_off"])
        if "input" in state:
            self.generate(str(state["input"]))
        if "step" in state:
            self.generate_tab.go_to("end" if state["step"] == "end" else int(state["step"]))
        if settings.get("tab") in self.LESSON_TABS:
            self.tabs.setCurrentIndex(self.LESSON_TABS.index(settings["tab"]))
        if settings.get("tab") == "whatif" or "heads_off" in settings:
            self.whatif_tab.panel.refresh()
        if settings.get("importance") is True:
            self.whatif_tab.panel.run_importance()
        if isinstance(settings.get("compare"), str):
            self.compare_tab.run_compare(settings["compare"])
        layer, head = highlight.get("layer"), highlight.get("head")
        if isinstance(layer, int) and isinstance(head, int):
            self.generate_tab.select_head(*((layer - 1, head - 1) if layer >= 1 and head >= 1 else (-1, -1)))
        return []

    def prepare_screenshot(self) -> None:
        """The first example, greedy, eight tokens on: the causal map has grown below the diagonal."""
        if self.generate_tab.steps.session is None:
            return
        self.generate_tab.sampling_controls.set_sampling(temperature=0)
        if self.prompt_combo.currentText() != EXAMPLES[0]:
            self.generate(EXAMPLES[0])
        self.generate_tab.go_to(8)

    # generating ------------------------------------------------------------------------------------------
    def generate(self, text: str | None = None) -> None:
        """Start over with `text` (or the prompt box's text)."""
        if text is not None:
            self.prompt_combo.setEditText(text)
        if not self.host.available():
            self.show_message("no_model", folder=str(self.host.folder))
            return
        self.generate_tab.start(self.prompt_combo.currentText())
        if self.tabs.currentIndex() == 2 or self.whatif_tab.panel.comparison is not None:
            self.whatif_tab.panel.refresh()  # the what-if views follow the prompt

    def _on_start_clicked(self) -> None:
        self.generate()

    def _on_prompt_return_pressed(self) -> None:
        self.generate()
        self.generate_tab.step_bar.take_focus()  # Space steps again instead of typing into the prompt

    def _on_prompt_combo_activated(self, _index: int) -> None:
        self.generate()

    def _on_tabs_current_changed(self, index: int) -> None:
        if index == 1 and self.compare_tab.state is None:
            self.compare_tab.run_compare()
        if index == 2 and self.whatif_tab.panel.comparison is None:
            self.whatif_tab.panel.refresh()

    def _on_host_model_loaded(self) -> None:
        self._update_about()
        if self.tabs.currentIndex() == 2:
            self.whatif_tab.panel.refresh()

    def _on_host_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, LabModelError):
            self.show_message("model", folder=str(self.host.folder), error=str(exc))
        else:
            self.show_message("failed", error=f"{type(exc).__name__}: {exc}")

    def _on_steps_failed(self, exc: BaseException) -> None:
        if isinstance(exc, LabInputError):
            self.show_message("empty")
        else:
            self.show_message("failed", error=f"{type(exc).__name__}: {exc}")

    def _on_generate_session_opened(self) -> None:
        self.show_message(None)  # a new prompt was read: the last one's error is old news

    def _on_generate_state_shown(self, state: ViewState) -> None:
        if self.messages.is_error():
            return  # an error stays until a new prompt is read
        notes = []
        if state.finished:
            notes.append(("window_full", {"n": len(state.tokens)}))
        if state.truncated or state.text_cut:
            notes.append(("prompt_cut", {}))
        if has_hangul(self.generate_tab.prompt):
            notes.append(("hangul", {}))
        elif state.unknown:
            notes.append(("unknown", {"n": state.unknown}))
        self.show_messages(notes)

    # texts -----------------------------------------------------------------------------------------------
    def _update_about(self) -> None:
        info = self.host.info
        if info is None:
            self.about_label.setText(self.tr("Model folder: {folder}").format(folder=self.host.folder))
            return
        metrics = read_metrics(self.host.folder)
        sizes = dict(layers=info.n_layers, heads=info.n_heads, d=info.d_model, block=info.block_size,
                     vocab=info.vocab, all=info.tokenizer_vocab)
        if metrics.get("corpus") == "wikitext":
            text = self.tr("{layers} layers × {heads} heads, width {d}, window {block} tokens; BERT's WordPiece "
                           "tokens, {vocab} of {all} predicted. Trained on WikiText-2 (Wikipedia articles) only, so "
                           "it writes encyclopedia-like text.").format(**sizes)
        else:
            text = self.tr("{layers} layers × {heads} heads, width {d}, window {block} tokens; BERT's WordPiece "
                           "tokens, {vocab} of {all} predicted. Trained on everyday English sentences (Tatoeba), so "
                           "it writes short, simple sentences.").format(**sizes)
        if "valid" in metrics:
            text += " " + self.tr("Perplexity on held-out text: {valid} (validation), {test} (test).").format(
                valid=f"{metrics['valid']:.1f}", test=f"{metrics.get('test', float('nan')):.1f}")
        self.about_label.setText(text)

    def set_presenting(self, on: bool) -> None:
        """Presenter mode: the notes over the BERT vs GPT and What if tabs fold into their tabs' tooltips too."""
        super().set_presenting(on)
        self._fold_tab_notes()

    def _fold_tab_notes(self) -> None:
        # the tabs' own texts, not their labels': a parent hears of a language switch before its children
        for index, note, text in ((1, self.compare_tab.intro, self.compare_tab.intro_text),
                                  (2, self.whatif_tab.note, self.whatif_tab.note_text)):
            note.setVisible(not self._presenting)
            self.tabs.setTabToolTip(index, text() if self._presenting else "")

    def retranslate(self) -> None:
        self._update_about()
        super().retranslate()
        self._fold_tab_notes()


__all__ = ["EXAMPLES", "GPTLab"]
