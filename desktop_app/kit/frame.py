"""The frame every lab is built in: title, blurb, a keyed message bar, retranslation and an export signal.

A lab subclasses LabFrame, declares its messages once at class level (the Orange3 way) and puts its controls and
views into ``self.body``:

    class GPTLab(LabFrame):
        MESSAGES = {"empty": Msg(QT_TRANSLATE_NOOP("GPTLab", "Type a prompt first.")),
                    "loading": Msg(QT_TRANSLATE_NOOP("GPTLab", "Loading the model…"), INFO)}
        ...
        super().__init__(settings, parent, title=lambda: self.tr("GPT"), intro=lambda: self.tr("A decoder-only…"))
        self.words(button, text=lambda: self.tr("Start"))   # bound once, re-applied on a language switch
        self.messages.show("empty")                      # translated now, and again on a language switch
        self.add_view("large", heatmap, self._large_export_data)   # a framed view with its Export button

The context of QT_TRANSLATE_NOOP must be the name of the class that declares MESSAGES (lupdate files the text
there, and the bar translates it from there).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, ClassVar, Optional, Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

import desktop_app.widgets.plots  # noqa: F401  (pyqtgraph's options are set before a lab builds a plot)
from desktop_app.widgets.export import ExportButton, ExportData, ExportTarget
from desktop_app.widgets.view_box import view_box

from .words import Text, Worded

ERROR, WARNING, INFO = "error", "warning", "info"
_STYLES = {
    ERROR: "color: #b00020; font-weight: bold;",
    WARNING: "color: #8a5a00; font-weight: bold;",
    INFO: "color: #555;",
}


@dataclass(frozen=True)
class Msg:
    """One message a lab can show: English source text with {fields}, and how loud it is."""

    text: str
    level: str = ERROR


class MessageBar(QLabel):
    """Shows at most one of its lab's declared messages, translated, and re-translates it on a language switch."""

    def __init__(self, context: str, messages: dict[str, Msg], parent=None):
        super().__init__(parent)
        self.setObjectName("labMessage")
        self.setWordWrap(True)
        self.hide()
        self._context, self._messages = context, messages
        self.key: Optional[str] = None
        self._fields: dict = {}
        self._shown: list[tuple[str, dict]] = []  # (key, fields) of each message shown, in order

    def show_message(self, key: Optional[str], **fields) -> str:
        """Show message `key` with its fields filled in (None hides the bar); returns the text shown."""
        return self.show_messages([] if key is None else [(key, fields)])

    def show_messages(self, items: Sequence[tuple[str, dict]]) -> str:
        """Show several declared messages at once, in order, one sentence after another (a lab's notes on its
        input, say); [] hides the bar. `key` is then the first one's. Returns the text shown."""
        for key, _fields in items:
            if key not in self._messages:
                raise KeyError(f"{self._context} declares no message {key!r}")
        self._shown = [(key, dict(fields)) for key, fields in items]
        self.key, self._fields = self._shown[0] if self._shown else (None, {})
        return self.retranslate()

    def text_of(self, key: str, fields: Optional[dict] = None) -> str:
        """Message `key` translated and filled in, without showing it (e.g. for a control's own tooltip)."""
        text = QCoreApplication.translate(self._context, self._messages[key].text)
        try:
            return text.format(**(fields or {}))
        except (KeyError, IndexError, ValueError):
            return text  # a translation with a field typo still shows, unfilled, rather than nothing

    def clear(self) -> None:
        self.show_message(None)

    def retranslate(self) -> str:
        if not self._shown:
            self.setText("")
            self.hide()
            return ""
        levels = [self._messages[key].level for key, _fields in self._shown]
        level = next((lv for lv in (ERROR, WARNING, INFO) if lv in levels), levels[0])  # the loudest one
        text = " ".join(self.text_of(key, fields) for key, fields in self._shown)
        self.setStyleSheet(_STYLES.get(level, _STYLES[ERROR]))
        self.setText(text)
        self.show()
        return text

    def is_error(self) -> bool:
        return any(self._messages[key].level == ERROR for key, _fields in self._shown)


def _declaring_class(cls: type, attribute: str) -> type:
    return next((c for c in cls.__mro__ if attribute in c.__dict__), cls)


class LabFrame(Worded, QWidget):
    """Header (title, blurb, optional about line), message bar and a body layout; see the module docstring.
    Texts are bound with `self.words` where their widgets are made (desktop_app.kit.words)."""

    status_message = Signal(str)  # hover readouts and notes for the main window's status bar
    export_requested = Signal(object, str)  # (ExportableView or None, format) from a view's Export button

    MESSAGES: ClassVar[dict[str, Msg]] = {}

    def __init__(self, settings, parent=None, *, about_line: bool = False, title: Optional[Text] = None,
                 intro: Optional[Text] = None):
        """title, intro: the lab's name and blurb as words (``lambda: self.tr("…")``)."""
        super().__init__(parent)
        self._settings = settings
        self._export_targets: dict[str, ExportTarget] = {}
        self._export_ready: dict[str, Callable[[], bool]] = {}
        self.current_view_key: Optional[str] = None

        self.title_label = QLabel()
        self.title_label.setObjectName("labTitle")
        self.title_label.setStyleSheet("#labTitle { font-size: 17pt; font-weight: bold; }")
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.about_label = QLabel()
        self.about_label.setWordWrap(True)
        self.about_label.setStyleSheet("color: #555;")
        self.messages = MessageBar(_declaring_class(type(self), "MESSAGES").__name__, self.MESSAGES)
        for label, text in ((self.title_label, title), (self.intro_label, intro)):
            if text is not None:
                self.words(label, text=text)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.about_label)
        # only once it has a parent: shown before, a parentless label is a window of its own, and showing it takes
        # the activation from the main window (its keyboard shortcuts then stop)
        self.about_label.setVisible(about_line)
        layout.addWidget(self.messages)  # a lab may move it under its controls: addWidget elsewhere re-parents it
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.body, 1)
        self._frame_layout = layout
        self._presenting = False

    # messages ----------------------------------------------------------------------------------------------
    def show_message(self, key: Optional[str], *, to_status_bar: bool = False, **fields) -> None:
        """Show a declared message (None clears it); optionally repeat it in the status bar."""
        text = self.messages.show_message(key, **fields)
        if text and to_status_bar:
            self.status_message.emit(text)

    def show_messages(self, items: Sequence[tuple[str, dict]], *, to_status_bar: bool = False) -> None:
        """Show several declared messages at once: [(key, fields), ...] ([] clears the bar)."""
        text = self.messages.show_messages(items)
        if text and to_status_bar:
            self.status_message.emit(text)

    # views and export --------------------------------------------------------------------------------------
    def add_view(self, key: str, view: QWidget, export_data: Optional[Callable[[], ExportData]] = None, *,
                 ready: Optional[Callable[[], bool]] = None, title: Optional[Text] = None,
                 tip: Optional[Text] = None, **box_options) -> tuple[QLabel, QFrame]:
        """Frame `view` with a title and (given export_data) an Export button wired to export_requested.

        ready(): whether the view holds something to export now (default: always). title, tip: the title's words
        (desktop_app.kit.words), when they do not change with the state. Returns (title label, frame)."""
        title_label, button, frame = view_box(view, exportable=export_data is not None, **box_options)
        texts = {kind: text for kind, text in (("text", title), ("tip", tip)) if text is not None}
        self.words(title_label, **texts)
        if export_data is not None:
            self.register_export(key, view, export_data, ready)
            button.export_requested.connect(lambda fmt, k=key: self._on_view_export_requested(k, fmt))
        return title_label, frame

    def register_export(self, key: str, view: QWidget, export_data: Callable[[], ExportData],
                        ready: Optional[Callable[[], bool]] = None) -> None:
        self._export_targets[key] = ExportTarget(view, export_data)
        self._export_ready[key] = ready or (lambda: True)
        if self.current_view_key is None:
            self.current_view_key = key

    def export_target(self, key: str) -> ExportTarget:
        return self._export_targets[key]

    def export_target_if_ready(self, key: Optional[str]) -> Optional[ExportTarget]:
        if key is None or key not in self._export_targets or not self._export_ready[key]():
            return None
        return self._export_targets[key]

    def _on_view_export_requested(self, key: str, fmt: str) -> None:
        self.current_view_key = key
        self.export_requested.emit(self.export_target_if_ready(key), fmt)

    # the Lab protocol's defaults ---------------------------------------------------------------------------
    def current_export_view(self):
        return self.export_target_if_ready(self.current_view_key)

    def save_settings(self) -> None:
        pass

    def is_busy(self) -> bool:
        return False

    def lesson_state(self) -> dict:
        return {}

    def apply_lesson_state(self, state: dict) -> list[str]:
        return []

    def prepare_screenshot(self) -> None:
        pass

    def step_controller(self):
        return None

    # texts -------------------------------------------------------------------------------------------------
    def set_presenting(self, on: bool) -> None:
        """Presenter mode: the blurb (written for reading alone) folds into the title's tooltip, so the views get
        its lines on a projector; the lecturer is the blurb then."""
        self._presenting = on
        self.intro_label.setVisible(not on)
        self.title_label.setToolTip(self.intro_label.text() if on else "")

    def retranslate(self) -> None:
        """Texts that depend on state (the bound words are applied before); subclasses set theirs, then call
        super().retranslate() (the message bar follows the language, the blurb ends with the keys)."""
        self.messages.retranslate()
        if self.step_controller() is not None:  # every stepping lab names its keys the same way, in one place
            keys = QCoreApplication.translate(  # not self.tr: PySide6 takes the subclass's name as the context
                "LabFrame", "Keys: Space or → steps, ← goes back, Home resets, End runs to the end; Page Down and "
                "Ctrl+→ step even while you type (a presentation clicker works too).")
            intro = self.intro_label.text()
            if not intro.endswith(keys):
                self.intro_label.setText(f"{intro} {keys}" if intro else keys)
        if self._presenting:
            self.title_label.setToolTip(self.intro_label.text())


__all__ = ["ERROR", "INFO", "WARNING", "ExportButton", "LabFrame", "MessageBar", "Msg"]
