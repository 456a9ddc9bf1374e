"""What every tab of the BERT lab shares: a run through the shared model host, the kept result, the notes under the
input, token tooltips and the views built when the tab is first opened.

A tab subclass gives `compute_call()` (the Qt-free function of compute.py and its inputs), `show_state(state)`
(views updated in place), `notes(state)`, `formula()`, its texts (bound with `self.words` where their widgets are
made), and where its text is typed (`typed_text`) or its own settings and lesson part.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, ClassVar, Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QToolTip, QVBoxLayout, QWidget

from desktop_app.kit.frame import INFO, WARNING, MessageBar, Msg
from desktop_app.kit.errors import LabInputError
from desktop_app.kit.words import Text, Worded
from desktop_app.labs.bert.compute import input_notes
from desktop_app.labs.bert.host import BertModelHost
from desktop_app.widgets.example_box import example_box
from desktop_app.widgets.lazy_page import LazyPage
from desktop_app.workers import run_task


def is_special(token: str) -> bool:
    return token.startswith("[") and token.endswith("]")


@dataclass(frozen=True)
class TypedText:
    """Where a tab's text is typed: read with `get`, written with `put`. It is the lesson's "input", and the settings
    keep it under `setting` ("": not kept), `example` until the user typed one."""

    get: Callable[[], str]
    put: Callable[[str], None]
    setting: str = ""
    example: str = ""
    saved_chars: int = 2000


class BertTab(Worded, QWidget):
    """One tab: its inputs, its message bar, its views. `add_view` is the lab frame's (a framed view with Export)."""

    KEY: ClassVar[str] = ""
    status_message = Signal(str)  # hover readouts and notes for the status bar
    state_shown = Signal()  # the views show a new result
    formula_changed = Signal(str, str, str)  # a hover filled the formula in: general, substituted, note
    messages_changed = Signal()

    MESSAGES = {
        "empty": Msg(QT_TRANSLATE_NOOP("BertTab", "Type a sentence first: the box is empty.")),
        "empty_pair": Msg(QT_TRANSLATE_NOOP("BertTab", "Type both sentences, A and B: one of them is empty.")),
        "no_mask": Msg(QT_TRANSLATE_NOOP("BertTab", "The sentence has no [MASK]. Write [MASK] where a word should be "
                                                    "predicted, or click a word below to mask it.")),
        "no_mask_beyond": Msg(QT_TRANSLATE_NOOP("BertTab", "The text is longer than the model's {n} tokens and its "
                                                           "[MASK] lies beyond them: put [MASK] earlier or shorten "
                                                           "the text.")),
        "no_head_mlm": Msg(QT_TRANSLATE_NOOP("BertTab", "Model {model} has no masked-word head (it is a bare "
                                                        "encoder): masked prediction and the masking demo need a "
                                                        "model trained with MLM. Attention, embeddings and padding "
                                                        "still work.")),
        "no_head_nsp": Msg(QT_TRANSLATE_NOOP("BertTab", "Model {model} has no next-sentence head: NSP needs a model "
                                                        "trained with it. The other tabs still work.")),
        "no_tokens": Msg(QT_TRANSLATE_NOOP("BertTab", "There is no ordinary token to mask: the text has only special "
                                                      "or unknown tokens.")),
        "failed": Msg(QT_TRANSLATE_NOOP("BertTab", "Something went wrong: {error}")),
        "truncated": Msg(QT_TRANSLATE_NOOP("BertTab", "The input is longer than the model's {n} tokens: only the "
                                                      "first {n} are used."), WARNING),
        "pad_cut": Msg(QT_TRANSLATE_NOOP("BertTab", "Long sentences are cut to {n} tokens in this view."), WARNING),
        "unknown": Msg(QT_TRANSLATE_NOOP("BertTab", "{unk} of the {n} tokens are unknown to this model and shown as "
                                                    "[UNK]: they are not in its vocabulary."), WARNING),
        "hangul": Msg(QT_TRANSLATE_NOOP("BertTab", "This model learned English: Korean text is split into single "
                                                   "letters (jamo) or [UNK], so its predictions there mean "
                                                   "little."), WARNING),
        "masks_hidden": Msg(QT_TRANSLATE_NOOP("BertTab", "Showing the predictions for the first {shown} of {n} "
                                                         "masks."), INFO),
        "dropped": Msg(QT_TRANSLATE_NOOP("BertTab", "Only the first {n} sentences are used."), WARNING),
    }

    def __init__(self, host: BertModelHost, add_view: Callable, parent=None):
        super().__init__(parent)
        self.host = host
        self.add_view = add_view
        self.state = None  # the last result shown (kept while a new input fails)
        self.current = False  # the lab's shown tab (set by the lab)
        self.pending = False  # asked to run while the model was loading
        self._task = None
        self._lazy: Optional[LazyPage] = None
        self.typed_text: Optional[TypedText] = None  # where the tab's text is typed (set by the subclass)
        self.messages = MessageBar(BertTab.__name__, BertTab.MESSAGES)
        self.inputs = QVBoxLayout()  # the subclass's input rows
        self.views = QVBoxLayout()  # the subclass's views, under the message bar
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)  # the tab's pane has a frame already
        layout.addLayout(self.inputs)
        layout.addWidget(self.messages)
        layout.addLayout(self.views, 1)

    # running ----------------------------------------------------------------------------------------------
    def compute_call(self) -> tuple:
        """(function of compute.py, its arguments after the bundle) for the tab's input now."""
        raise NotImplementedError

    def run(self) -> None:
        """Compute from the tab's input (a run still going is cancelled: only the latest input matters)."""
        if self.host.bundle is None:
            self.pending = self.host.is_loading()
            return
        if self._task is not None:
            self._task.cancel()
        fn, *args = self.compute_call()
        self._task = run_task(fn, self.host.bundle, *args, on_done=self._on_compute_done,
                              on_error=self._on_compute_failed, owner=self)

    def has_run(self) -> bool:
        return self._task is not None

    def is_busy(self) -> bool:
        return self._task is not None and not self._task.finished

    def reset(self) -> None:
        """The model changed: drop what was computed with the old one."""
        if self._task is not None:
            self._task.cancel()
        self._task, self.state, self.pending = None, None, False
        self.show_messages([])
        self.clear_views()

    def _on_compute_done(self, state) -> None:
        if state is not None:  # None: cancelled inside the worker
            self.show_result(state)

    def show_result(self, state) -> None:
        """Keep `state` (a result of compute_call's function) and show it with its notes."""
        self.state = state
        self.show_state(state)
        self.show_messages(self.notes(state))
        self.state_shown.emit()

    def _on_compute_failed(self, exc: BaseException) -> None:
        info = self.host.info
        if not isinstance(exc, LabInputError):
            self.show_messages([("failed", {"error": f"{type(exc).__name__}: {exc}"})])
        elif exc.reason in self.MESSAGES:  # each message takes the fields it names
            self.show_messages([(exc.reason, {"model": info.name if info else "",
                                              "n": info.max_tokens if info else 512})])
        else:
            self.show_messages([("failed", {"error": exc.reason})])

    # what a subclass gives ----------------------------------------------------------------------------------
    def show_state(self, state) -> None:
        raise NotImplementedError

    def clear_views(self) -> None:
        """A new model: empty the views that would show the old one's numbers (heavy views may keep them)."""

    def notes(self, state) -> list[tuple[str, dict]]:
        return input_notes(state.tokens, state.text, self.cut_note(state))

    def cut_note(self, state) -> Optional[tuple[str, dict]]:
        if state.truncated or state.text_cut:
            return "truncated", {"n": self.host.info.max_tokens if self.host.info else 512}
        return None

    def formula(self) -> tuple[str, str]:
        """(general formula, note) under the tabs while this tab is shown."""
        return "", ""

    def retranslate(self) -> None:
        """Texts that depend on the state (the bound words are applied already); subclasses end with super()."""
        self.messages.retranslate()

    # settings and lessons: the tab's text (typed_text), and what a subclass adds ----------------------------
    def load_settings(self, settings) -> None:
        typed = self.typed_text
        if typed is not None and typed.setting:
            typed.put(settings.get_str(typed.setting, typed.example) or typed.example)

    def save_settings(self, settings) -> None:
        typed = self.typed_text
        if typed is not None and typed.setting:
            settings.set(typed.setting, typed.get()[:typed.saved_chars])

    def lesson_state(self) -> dict:
        """This tab's part of the lab's lesson state: "input", "settings", "highlight" (any may be missing)."""
        return {"input": self.typed_text.get()} if self.typed_text is not None else {}

    def apply_lesson_state(self, state: dict) -> None:
        if self.typed_text is not None and isinstance(state.get("input"), str):
            self.typed_text.put(state["input"])

    # messages -----------------------------------------------------------------------------------------------
    def show_messages(self, items) -> None:
        self.messages.show_messages(items)
        self.messages_changed.emit()

    def message_text(self) -> str:
        return self.messages.text() if self.messages.key is not None else ""

    # views built when the tab is first opened ---------------------------------------------------------------
    def lazy_views(self, build: Callable[[], QWidget]) -> LazyPage:
        self._lazy = LazyPage(build)
        self._lazy.built_now.connect(self._on_views_built)
        return self._lazy

    @property
    def views_built(self) -> bool:
        return self._lazy is None or self._lazy.built

    def ensure_views(self) -> None:
        if self._lazy is not None:
            self._lazy.ensure_built()

    def views_ready(self) -> bool:
        """Whether the views exist. The shown tab's are built now (also when the lab is not on screen); a hidden
        tab's wait until it is opened, which shows self.state."""
        if self.views_built:
            return True
        if self.current:
            self._lazy.ensure_built()  # -> _on_views_built shows the state
        return False

    def _on_views_built(self) -> None:
        if self.state is not None:
            self.show_state(self.state)

    # small shared pieces ------------------------------------------------------------------------------------
    def button(self, clicked: Callable, text: Text, tip: Optional[Text] = None) -> QPushButton:
        """A button with its words (the subclass's texts: its translation context) that calls `clicked` and leaves
        the focus where it was (in the text box, where Enter runs the tab)."""
        button = self.words(QPushButton(), text=text)
        if tip is not None:
            self.words(button, tip=tip)
        button.setFocusPolicy(Qt.NoFocus)
        button.clicked.connect(clicked)
        return button

    def run_button(self, text: Text, tip: Optional[Text] = None) -> QPushButton:
        return self.button(self.run, text, tip)

    def line_box(self) -> QLineEdit:
        """A text box in which Enter runs the tab."""
        box = QLineEdit()
        box.returnPressed.connect(self.run)
        return box

    def example_box(self, examples, min_width: int) -> QComboBox:
        """A text box with examples: Enter runs the tab, and so does choosing an example."""
        return example_box(examples, min_width=min_width, on_enter=self.run, on_pick=self.run)

    def weight_tooltip(self, row: str, col: str, value: float) -> str:
        return self.tr("{row} → {col}: weight {value}").format(row=row, col=col, value=f"{value:.4f}")

    def token_tooltip(self, index: int) -> str:
        """What token `index` of the result is: special tokens explained, word pieces, plus the tab's own line."""
        tokens = self.tooltip_tokens()
        if not 0 <= index < len(tokens):
            return ""
        tok = tokens[index]
        explain = {
            "[CLS]": self.tr("[CLS]: the classification token, always first. Its last-layer vector, through the "
                             "pooler, is what the next-sentence head reads."),
            "[SEP]": self.tr("[SEP]: the separator that ends each sentence (segment)."),
            "[MASK]": self.tr("[MASK]: a hidden token; the masked-word head predicts what was here."),
            "[PAD]": self.tr("[PAD]: filler so every sentence in a batch has the same length; the attention mask "
                             "gives it weight 0."),
            "[UNK]": self.tr("[UNK]: a character or word that is not in the vocabulary (emoji, rare scripts)."),
        }.get(tok)
        if explain is None:
            explain = (self.tr("“{token}”: a WordPiece that continues the word before it.").format(token=tok)
                       if tok.startswith("##") else self.tr("“{token}”: token {i}.").format(token=tok, i=index))
        extra = self.tooltip_extra(index, tok)
        return f"{explain} {extra}" if extra else explain

    def tooltip_tokens(self) -> tuple[str, ...]:
        return self.state.tokens if self.state is not None else ()

    def tooltip_extra(self, index: int, token: str) -> str:
        return ""

    def _on_token_hovered(self, index: int) -> None:
        text = self.token_tooltip(index)
        if text:
            QToolTip.showText(QCursor.pos(), text, self)
            self.status_message.emit(text)


__all__ = ["BertTab", "is_special"]
