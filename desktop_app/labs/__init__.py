"""The labs the app lists, in menu order. A new lab adds one LabSpec line here (only labs that work).

A lab widget is a QWidget constructed as `LabClass(settings, parent=None)` and has:
    status_message: Signal(str)          hover readouts and messages for the status bar
    retranslate() -> None                re-apply texts (also called on QEvent.LanguageChange)
    current_export_view() -> ExportableView | None   what File > Export acts on
    save_settings() -> None              remember its controls (called when the window closes)
    is_busy() -> bool                    a computation is running (screenshots wait for it)
Its module is imported only when the lab is first shown, so heavy imports (torch) never slow the start.

Lessons (optional; desktop_app/lessons/ plays them, assets/lessons/README.md documents the files). A lab that
lessons can drive has two more methods; lesson steps naming a lab without them are skipped with a message:
    lesson_state() -> dict               what the lab shows now, to record it as a lesson step:
        {"input": str, "model": str, "step": int, "settings": {...}, "highlight": {...}}
        (leave out what the lab does not have; settings/highlight values: str, int, float, bool or lists of them)
    apply_lesson_state(state: dict) -> list[str]
        drive the lab there: set the input, choose the model, apply the settings, step the decoder to
        state["step"] (an int, or "end" = until </s>), point at state["highlight"]. Any key may be missing: leave
        that part as it is. Asynchronous work is fine: the player waits until is_busy() is False before it shows
        the caption. Returns notes for the user, already translated (e.g. a model that is not installed), or [].
A few lines for a lab whose step()/back()/reset() already exist:
    def lesson_state(self):
        return {"input": self.text_edit.text(), "step": self.n_steps(), "settings": {"tab": self.tab_key()}}
    def apply_lesson_state(self, state):
        if "input" in state: self.run_on(state["input"])       # starts the worker; is_busy() covers it
        if "step" in state: self.go_to_step(state["step"])     # queued behind the worker
        return []
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QCoreApplication


@dataclass(frozen=True)
class LabSpec:
    key: str  # stable id: settings, screenshots, lesson files
    title: Callable[[], str]  # translated when called, so it follows the language
    widget_path: str  # "package.module:ClassName", imported lazily

    def import_module(self):
        """The lab's module (its widgets and views; never torch, which the labs import lazily)."""
        return importlib.import_module(self.widget_path.split(":")[0])

    def create(self, settings, parent=None):
        cls = getattr(self.import_module(), self.widget_path.split(":")[1])
        return cls(settings, parent)


LABS: list[LabSpec] = [
    LabSpec(
        "seq2seq",
        lambda: QCoreApplication.translate("Labs", "Seq2Seq & Attention"),
        "desktop_app.labs.seq2seq.lab:Seq2SeqLab",
    ),
    LabSpec("gru", lambda: QCoreApplication.translate("Labs", "GRU Gates"), "desktop_app.labs.gru.lab:GRULab"),
    LabSpec(
        "positional",
        lambda: QCoreApplication.translate("Labs", "Positional Encoding"),
        "desktop_app.labs.positional.lab:PositionalLab",
    ),
    LabSpec("transformer", lambda: QCoreApplication.translate("Labs", "Transformer"), "desktop_app.labs.transformer.lab:TransformerLab"),
    LabSpec("bert", lambda: QCoreApplication.translate("Labs", "BERT"), "desktop_app.labs.bert.lab:BertLab"),
    LabSpec("gpt", lambda: QCoreApplication.translate("Labs", "GPT"), "desktop_app.labs.gpt.lab:GPTLab"),
    LabSpec("caption", lambda: QCoreApplication.translate("Labs", "Image Captioning"), "desktop_app.labs.caption.lab:CaptionLab"),
]


def lab_by_key(key: str) -> LabSpec | None:
    return next((spec for spec in LABS if spec.key == key), None)
