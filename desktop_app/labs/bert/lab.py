"""BERT lab: masked words, the 15% masking rule, next sentence, embeddings, attention and padding.

    P(word at [MASK]) = softmax(W h_[MASK] + b)          x_0 = LayerNorm(E_token + E_segment + E_position)

Six tabs, one widget each (masked.py, masking.py, nsp.py, embeddings.py, attention.py, padding.py), each with its
own input and a Run action (its button, Enter in its box, or Ctrl+Return). They share one model host (host.py): the
model is assets/models/bert (or $ATTENTION_LAB_BERT_MODEL, or a folder the user opened with Ctrl+O), loaded in a
worker; every computation runs in a worker through the Qt-free functions of compute.py. A tab computes when it is
first shown; a new request for a tab cancels the one still running for it. This frame adds the tabs, the model
line and the formula under them, and answers the Lab protocol by asking the tab concerned.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout

from desktop_app.kit.frame import INFO, LabFrame, Msg
from desktop_app.labs.bert.attention import AttentionTab
from desktop_app.labs.bert.compute import shipped_folder
from desktop_app.labs.bert.embeddings import EmbeddingsTab
from desktop_app.labs.bert.host import BertModelHost
from desktop_app.labs.bert.masked import SCREENSHOT_EXAMPLE, MaskedTab
from desktop_app.labs.bert.masking import MaskingTab
from desktop_app.labs.bert.nsp import NspTab
from desktop_app.labs.bert.padding import PaddingTab
from desktop_app.labs.bert.tab import BertTab
from desktop_app.labs.bert.whatif import WhatIfTab
from desktop_app.widgets.formula import FormulaPanel

LAB_KEY = "bert"
TABS = (MaskedTab.KEY, MaskingTab.KEY, NspTab.KEY, EmbeddingsTab.KEY, AttentionTab.KEY, PaddingTab.KEY,
        WhatIfTab.KEY)  # in order
MASKED_TABS = (MaskedTab.KEY, NspTab.KEY, EmbeddingsTab.KEY, AttentionTab.KEY)  # compute with the head mask


class BertLab(LabFrame):
    model_loaded = Signal(str)  # the model's name
    state_shown = Signal(str)  # the key of the tab whose views now show a new result

    MESSAGES = {
        "missing": Msg(QT_TRANSLATE_NOOP("BertLab", "No BERT model at {folder}. The shipped model is not installed "
                                                    "(yet). Use “Open model folder…” to load a BERT folder: "
                                                    "config.json, vocab.txt or tokenizer.json, and "
                                                    "model.safetensors.")),
        "broken": Msg(QT_TRANSLATE_NOOP("BertLab", "The BERT model in {folder} cannot be loaded: {error}. Use “Open "
                                                   "model folder…” to choose another.")),
        "loading": Msg(QT_TRANSLATE_NOOP("BertLab", "Loading the model from {folder}…"), INFO),
        "failed": Msg(QT_TRANSLATE_NOOP("BertLab", "Something went wrong: {error}")),
    }

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent, title=lambda: self.tr("BERT"), intro=lambda: self.tr(
            "BERT reads the whole sentence at once, in both directions. It was trained to fill in hidden words "
            "(masked LM) and to tell whether sentence B follows sentence A (NSP). Ctrl+Return runs the current tab."))
        self.host = BertModelHost(settings, self)
        self._status_shown = False  # the status bar holds a copy of a message (cleared when the message goes)

        self.model_label = QLabel()
        self.model_label.setStyleSheet("color: #444;")
        self.model_label.setWordWrap(True)
        self.about_label.hide()  # the model's figures: under the model line, shown when metrics.json has them
        self.open_button = self.words(QPushButton(), text=lambda: self.tr("Open model folder…"), tip=lambda: self.tr(
            "Load any local BERT folder (config.json, vocab.txt or tokenizer.json, model.safetensors), e.g. a "
            "bert-base checkpoint (Ctrl+O)"))
        self.open_button.setFocusPolicy(Qt.NoFocus)
        self.open_button.clicked.connect(self._on_open_clicked)
        model_text = QVBoxLayout()
        model_text.setSpacing(0)
        model_text.addWidget(self.model_label)
        model_text.addWidget(self.about_label)
        model_row = QHBoxLayout()
        model_row.addLayout(model_text, 1)
        model_row.addWidget(self.open_button)

        self.tabs = QTabWidget()
        self.tabs.setFocusPolicy(Qt.NoFocus)
        self.masked = MaskedTab(self.host, self.add_view)
        self.masking = MaskingTab(self.host, self.add_view)
        self.nsp = NspTab(self.host, self.add_view)
        self.embeddings = EmbeddingsTab(self.host, self.add_view)
        self.attention = AttentionTab(self.host, self.add_view)
        self.padding = PaddingTab(self.host, self.add_view)
        self.whatif = WhatIfTab(self.host, self.add_view)
        self.whatif.mask_changed.connect(self._on_whatif_mask_changed)
        self._tabs: dict[str, BertTab] = {tab.KEY: tab for tab in (
            self.masked, self.masking, self.nsp, self.embeddings, self.attention, self.padding, self.whatif)}
        for tab in self._tabs.values():
            tab.status_message.connect(self.status_message)  # from the lab, so that the window knows which lab speaks
            tab.state_shown.connect(self._on_tab_state_shown)
            tab.formula_changed.connect(self._on_tab_formula_changed)
            tab.messages_changed.connect(self._on_tab_messages_changed)
            self.tabs.addTab(tab, "")
        self.words.call(self._name_tabs)
        self.formula_panel = FormulaPanel()

        self.body.addLayout(model_row)
        self.body.addWidget(self.messages)
        self.body.addWidget(self.tabs, 1)
        self.body.addWidget(self.formula_panel)

        for tab in self._tabs.values():
            tab.load_settings(settings)
        self.tabs.setCurrentIndex(TABS.index(settings.get_str("bert/tab", "masked", TABS)))
        self._mark_current_tab()

        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.host.model_changed.connect(self._on_model_changed)
        self.host.status_changed.connect(self._on_model_status_changed)
        self.shortcuts: dict[str, QShortcut] = {}
        for keys, slot in (("Ctrl+Return", self.run_current), ("Ctrl+Enter", self.run_current),
                           ("Ctrl+M", self._on_insert_mask_pressed), ("Ctrl+O", self._on_open_clicked)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.WindowShortcut)  # only while this lab is shown
            shortcut.activated.connect(slot)
            self.shortcuts[keys] = shortcut

        self.retranslate()
        QTimer.singleShot(0, self.host.load_start_folder)  # a bound slot: never called if the lab is already gone

    # tabs -------------------------------------------------------------------------------------------------
    def tab(self, key: str) -> BertTab:
        return self._tabs[key]

    def current(self) -> BertTab:
        return self._tabs[self.current_tab()]

    def current_tab(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def set_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(key))

    def _mark_current_tab(self) -> None:
        for key, tab in self._tabs.items():
            tab.current = key == self.current_tab()

    def run(self, key: str) -> None:
        """Compute tab `key` from its input (a run of it still going is cancelled)."""
        self._tabs[key].run()

    def run_current(self) -> None:
        self.current().run()

    def state(self, key: str):
        """The result tab `key` shows (None before its first)."""
        return self._tabs[key].state

    def show_state(self, key: str, state) -> None:
        """Show a result computed elsewhere (bench/bert_view.py times the paint this way)."""
        self._tabs[key].show_result(state)


    def token_tooltip(self, key: str, index: int) -> str:
        return self._tabs[key].token_tooltip(index)

    def select_head(self, layer: int, head: int) -> None:
        self.attention.select_head(layer, head)

    @property
    def bundle(self):
        return self.host.bundle

    @property
    def model_info(self):
        return self.host.info

    @property
    def last_gui_update_ms(self) -> float:
        """The attention tab's last paint (the heaviest view)."""
        return self.attention.last_gui_update_ms

    # the model --------------------------------------------------------------------------------------------
    def open_model_folder(self, folder: str | Path | None = None) -> None:
        """Ask for a BERT folder (config.json, vocab.txt or tokenizer.json, model.safetensors) and load it."""
        if folder is None:
            start = str(self.host.folder.parent if self.host.folder else Path.home())
            folder = QFileDialog.getExistingDirectory(self, self.tr("Open a BERT model folder"), start)
            if not folder:
                return
        self.host.load_folder(Path(folder), remember=True)

    def _on_open_clicked(self) -> None:
        self.open_model_folder()

    def _on_model_changed(self) -> None:
        for tab in self._tabs.values():
            wanted = tab.pending or tab.current  # asked for while loading, or on screen
            tab.reset()
            if wanted:
                tab.run()
        self._update_model_label()
        self.status_message.emit(self.model_label.text())
        self.model_loaded.emit(self.host.info.name)

    def _on_model_status_changed(self) -> None:
        key, fields = self.host.problem or (None, {})
        self.show_message(key, **fields)
        self._update_model_label()
        self._update_status()

    def _update_model_label(self) -> None:
        info = self.host.info
        if info is None:
            self.model_label.setText(self.tr("Model: none loaded"))
            self.model_label.setToolTip("")
            self.about_label.hide()
            return
        about = []
        if info.data:
            about.append(self.tr("Trained on {data}.").format(data=info.data))
        if info.mlm_top1 is not None and info.mlm_top5 is not None:
            about.append(self.tr("On held-out text the masked word is its first guess {top1} of the time, among its "
                                 "top 5 {top5}.").format(top1=f"{info.mlm_top1:.0%}", top5=f"{info.mlm_top5:.0%}"))
        if info.nsp_accuracy is not None:
            about.append(self.tr("Next-sentence accuracy {acc}.").format(acc=f"{info.nsp_accuracy:.0%}"))
        self.about_label.setText(" ".join(about))
        self.about_label.setVisible(bool(about))
        heads = [self.tr("masked-word head") if info.has_mlm else self.tr("no masked-word head"),
                 self.tr("next-sentence head") if info.has_nsp else self.tr("no next-sentence head")]
        folder = Path(info.folder)
        shipped = folder.resolve() == shipped_folder().resolve()
        plain = f"{folder.parent.name}/{folder.name}" if info.name.lower() in ("model", "models", "weights") \
            else info.name  # a generic folder name says little: add its parent
        name = self.tr("{name} (shipped)").format(name=plain) if shipped else plain
        self.model_label.setText(self.tr(
            "Model: {name}: {layers} layers × {heads} heads, {hidden} dimensions, {vocab} tokens in the vocabulary, "
            "at most {max} tokens; {parts}.").format(
            name=name, layers=info.n_layers, heads=info.n_heads, hidden=info.hidden, vocab=info.vocab,
            max=info.max_tokens, parts=", ".join(heads)))
        self.model_label.setToolTip(info.folder)

    # messages and the formula -----------------------------------------------------------------------------
    def message_text(self) -> str:
        """The model's message and the shown tab's, as on screen ("" when there is none)."""
        parts = (self.messages.text() if self.messages.key is not None else "", self.current().message_text())
        return " ".join(p for p in parts if p)

    def _update_status(self) -> None:
        """The status bar repeats the messages; an empty one clears its copy of an old message."""
        text = self.message_text()
        if text or self._status_shown:
            self.status_message.emit(text)
        self._status_shown = bool(text)

    def _on_tab_state_shown(self) -> None:
        self.state_shown.emit(self.sender().KEY)

    def _on_tab_messages_changed(self) -> None:
        if self.sender() is self.current():
            self._update_status()

    def _update_formula(self) -> None:
        general, note = self.current().formula()
        self.formula_panel.set_lines(general, "", note)

    def _on_tab_formula_changed(self, general: str, substituted: str, note: str) -> None:
        self.formula_panel.set_lines(general, substituted, note)

    def _on_tab_changed(self, _index: int) -> None:
        self._mark_current_tab()
        self._update_status()
        self._update_formula()
        tab = self.current()
        if self.host.bundle is not None and tab.state is None and not tab.has_run():
            tab.run()

    def _on_whatif_mask_changed(self) -> None:
        """Heads went off or on: the views that ran compute again with the new mask (attention maps show zeros)."""
        for key in MASKED_TABS:
            if self._tabs[key].has_run():
                self._tabs[key].run()

    def _on_insert_mask_pressed(self) -> None:
        if self.current_tab() == "masked":
            self.masked.insert_mask()

    # the Lab protocol (desktop_app.kit.protocol.Lab) ------------------------------------------------------
    def is_busy(self) -> bool:
        return self.host.is_loading() or any(tab.is_busy() for tab in self._tabs.values())

    def current_export_view(self):
        tab = self.current()
        if tab.state is None:
            return None
        tab.ensure_views()  # registers the view's export on first build
        if tab is self.whatif:
            return (self.export_target_if_ready("bert_whatif_before_after")
                    or self.export_target_if_ready("bert_whatif_importance"))
        return self.export_target_if_ready(tab.KEY)

    def export_target(self, key: str):
        if key in self._tabs:
            self._tabs[key].ensure_views()
        return super().export_target(key)

    def save_settings(self) -> None:
        self._settings.set("bert/tab", self.current_tab())
        for tab in self._tabs.values():
            tab.save_settings(self._settings)

    def lesson_state(self) -> dict:
        part = self.current().lesson_state()
        state = {"settings": {"tab": self.current_tab(), **part.get("settings", {}),
                              "heads_off": self.whatif.panel.spec}}
        state.update({k: v for k, v in part.items() if k != "settings"})
        return state

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: tab = one of TABS, and the tab's own (seed; sentence_a, sentence_b; rollout); input goes to
        the tab's text box; highlight: layer, head (1-based, attention); heads_off: the heads switched off on every
        tab, engine.whatif text ('6.6,2.*'; '' = every head on); importance = true runs the what-if sweep."""
        settings = state.get("settings") or {}
        if isinstance(settings.get("heads_off"), str):
            self.whatif.panel.set_heads_off(settings["heads_off"])
        key = settings.get("tab") if settings.get("tab") in TABS else self.current_tab()
        tab = self._tabs[key]
        tab.apply_lesson_state(state)
        tab.run()  # before the tab changes, so that showing the tab does not start a second run
        self.set_tab(key)
        return []

    def prepare_screenshot(self) -> None:
        """Three masks on the masked-words tab: three boxes of predictions to look at."""
        if self.host.bundle is None:
            return
        self.set_tab("masked")
        self.masked.show_example(SCREENSHOT_EXAMPLE)

    # texts ------------------------------------------------------------------------------------------------
    def _name_tabs(self) -> None:
        names = (self.tr("Masked words"), self.tr("Masking 15%"), self.tr("Next sentence"), self.tr("Embeddings"),
                 self.tr("Attention"), self.tr("Padding"), self.tr("What if"))
        tips = (self.tr("Predict the words hidden by [MASK]"),
                self.tr("BERT's training rule: 15% of tokens chosen, 80/10/10"),
                self.tr("Does sentence B follow sentence A?"), self.tr("Token + segment + position embeddings"),
                self.tr("Every layer and head, up to 512 tokens"), self.tr("A batch of sentences of different lengths"),
                self.tr("Switch heads off, rank heads by importance, with before and after"))
        for i, (name, tip) in enumerate(zip(names, tips)):
            self.tabs.setTabText(i, name)
            self.tabs.setTabToolTip(i, tip)

    def retranslate(self) -> None:
        self._update_model_label()
        self._update_formula()
        super().retranslate()
        if self.isVisible() and self.host.info is not None and not self.message_text():
            self.status_message.emit(self.model_label.text())  # the status bar's copy follows the language too
