"""The sentence / model row both translation labs start with, bound to the shared session, and the bar for the
session's own messages (no models, loading, a sentence the model cannot read): declared once, shown in either lab."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from desktop_app.kit.frame import WARNING, MessageBar, Msg
from desktop_app.kit.words import Worded
from desktop_app.sessions.seq2seq import Seq2SeqSession
from desktop_app.sessions.seq2seq_compute import EXAMPLES, MAX_CHARS


class TranslationControls(Worded, QWidget):
    """Sentence (editable, with the examples), Translate, Model. ``messages`` is placed by the lab."""

    MESSAGES = {
        "no_models": Msg(QT_TRANSLATE_NOOP(
            "TranslationControls", "No trained seq2seq model was found in {folder}. Train one with "
                                   "`python -m engine.train.seq2seq` or install the app's model files.")),
        "loading": Msg(QT_TRANSLATE_NOOP("TranslationControls", "Loading the {name} model…"), WARNING),
        "load_failed": Msg(QT_TRANSLATE_NOOP("TranslationControls", "Could not load the {name} model: {error}")),
        "empty": Msg(QT_TRANSLATE_NOOP("TranslationControls",
                                       "Type an English sentence to translate (the box is empty).")),
        "untranslatable": Msg(QT_TRANSLATE_NOOP("TranslationControls",
                                                "This sentence cannot be translated: {error}")),
        "not_a_model": Msg(QT_TRANSLATE_NOOP(
            "TranslationControls", "“{folder}” is not a Seq2Seq model folder: it needs config.json and "
                                   "model.safetensors (the Training lab's Save run… writes both).")),
    }

    def __init__(self, session: Seq2SeqSession, *, min_chars: int = 30, spacing: int = 12, parent=None):
        super().__init__(parent)
        self.session = session
        words = self.words
        self.sentence_combo = words(QComboBox(), tip=lambda: self.tr(
            "Type an English sentence or choose an example, then press Enter."))
        self.sentence_combo.setEditable(True)
        self.sentence_combo.setInsertPolicy(QComboBox.NoInsert)
        self.sentence_combo.setCompleter(None)  # no inline completion: typing "We" must stay "We"
        self.sentence_combo.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.sentence_combo.setMinimumContentsLength(min_chars)
        self.sentence_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        for example in EXAMPLES:
            self.sentence_combo.addItem(example)
        self.sentence_combo.lineEdit().setMaxLength(MAX_CHARS * 4)
        self.sentence_combo.setEditText(session.sentence)
        self.sentence_combo.lineEdit().returnPressed.connect(self._on_translate_clicked)
        self.sentence_combo.activated.connect(self._on_example_activated)
        self.translate_button = words(QPushButton(), text=lambda: self.tr("Translate"),
                                      tip=lambda: self.tr("Encode this sentence and start decoding from the first "
                                                          "step."))
        self.translate_button.clicked.connect(self._on_translate_clicked)
        self.model_combo = words(QComboBox(), tip=lambda: self.tr(
            "The attention score of the model (hover over an entry for its formula)."))
        self.model_combo.setMinimumWidth(150 if min_chars >= 30 else 130)
        self.model_combo.activated.connect(self._on_model_activated)
        # a model folder of the user's: a run saved by the Training lab
        self.open_button = words(QPushButton(), text=lambda: self.tr("Open…"),
                                 tip=lambda: self.tr("Open a Seq2Seq model folder of your own, e.g. a run saved by "
                                                     "the Training lab (config.json + model.safetensors)"))
        self.open_button.clicked.connect(self._on_open_clicked)
        self.messages = MessageBar("TranslationControls", self.MESSAGES, self)  # a parent: shown, never a window

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(words(QLabel(), text=lambda: self.tr("Sentence")))
        layout.addWidget(self.sentence_combo, 1)
        layout.addWidget(self.translate_button)
        layout.addSpacing(spacing)
        layout.addWidget(words(QLabel(), text=lambda: self.tr("Model")))
        layout.addWidget(self.model_combo)
        layout.addWidget(self.open_button)

        session.models_listed.connect(self._on_session_models_listed)
        session.loading_changed.connect(self._on_session_changed)
        session.model_changed.connect(self._on_session_model_changed)
        session.trace_changed.connect(self._on_session_trace_changed)
        self._fill_model_combo()
        self._on_session_changed()

    def sentence_text(self) -> str:
        return self.sentence_combo.currentText()

    def set_sentence_text(self, text: str) -> None:
        self.sentence_combo.setEditText(text)

    # session -> controls ------------------------------------------------------------------------------------
    def _fill_model_combo(self) -> None:
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for name in self.session.model_names():
            self.model_combo.addItem(name, name)
        self.model_combo.blockSignals(False)
        self._sync_model_combo()
        self._set_model_tooltips()

    def _sync_model_combo(self) -> None:
        index = self.model_combo.findData(self.session.model_name)
        if index >= 0 and index != self.model_combo.currentIndex():
            self.model_combo.blockSignals(True)
            self.model_combo.setCurrentIndex(index)
            self.model_combo.blockSignals(False)

    def _on_session_models_listed(self) -> None:
        self._fill_model_combo()
        self._on_session_changed()

    def _on_session_model_changed(self) -> None:
        self._sync_model_combo()
        self._on_session_changed()

    def _on_session_trace_changed(self) -> None:
        if self.sentence_combo.currentText() != self.session.sentence and not self.sentence_combo.hasFocus():
            self.sentence_combo.setEditText(self.session.sentence)
        self._on_session_changed()

    def _on_session_changed(self, *_args) -> None:
        for w in (self.sentence_combo, self.translate_button, self.model_combo):
            w.setEnabled(bool(self.session.models))
        message = self.session.message()
        if message is None:
            self.messages.clear()
        else:
            key, fields = message
            self.messages.show_message(key, **fields)

    # user -> session ----------------------------------------------------------------------------------------
    def _on_translate_clicked(self) -> None:
        self.session.set_sentence(self.sentence_combo.currentText())

    def _on_example_activated(self, index: int) -> None:
        self.sentence_combo.setEditText(self.sentence_combo.itemText(index))
        self._on_translate_clicked()

    def _on_model_activated(self, index: int) -> None:
        self.session.controller.set_playing(False)
        if self.sentence_combo.currentText() != self.session.sentence:
            self.session.sentence = self.sentence_combo.currentText()  # the new model reads what the box says
        self.session.select_model(self.model_combo.itemData(index))

    def _on_open_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a Seq2Seq model folder"))
        if folder:
            self.open_model_folder(folder)

    def open_model_folder(self, folder) -> bool:
        """Add and select a model folder (the Open button's dialog ends here; tests call it directly)."""
        self.session.controller.set_playing(False)
        if self.sentence_combo.currentText() != self.session.sentence:
            self.session.sentence = self.sentence_combo.currentText()  # the new model reads what the box says
        if not self.session.open_folder(folder):
            self.messages.show_message("not_a_model", folder=str(folder))
            return False
        return True

    # texts --------------------------------------------------------------------------------------------------
    def score_tooltip(self, name: str) -> str:
        return {
            "plain": self.tr("No attention: the decoder starts from the encoder's last state h_S and never looks "
                             "back at the source. Everything must pass through one fixed vector (the bottleneck)."),
            "dot": self.tr("Dot-product score (Luong): e = s · h. No parameters; the decoder state and the encoder "
                           "state must live in the same space."),
            "general": self.tr("General (bilinear) score (Luong): e = sᵀ W h, with a learned matrix W."),
            "additive": self.tr("Additive score (Bahdanau): e = vᵀ tanh(W_1 s + W_2 h), a small one-layer network "
                                "scoring each pair."),
        }.get(name, name)

    def _set_model_tooltips(self) -> None:
        for i in range(self.model_combo.count()):
            self.model_combo.setItemData(i, self.score_tooltip(self.model_combo.itemData(i)), Qt.ToolTipRole)

    def retranslate(self) -> None:
        self._set_model_tooltips()
        self.messages.retranslate()
