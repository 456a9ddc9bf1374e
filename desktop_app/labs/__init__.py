"""The labs the app lists, in menu order. A new lab adds one line to LABS (only labs that work).

A lab is a desktop_app.kit.frame.LabFrame constructed as `LabClass(settings, parent=None)`; what the window,
lessons, presenter mode and export need from it is the Protocol desktop_app.kit.protocol.Lab. Its module is imported
only when the lab is first shown, so heavy imports (torch) never slow the start. Labs never import one another
(an import-linter contract); what two labs share lives in desktop_app/kit, desktop_app/widgets or desktop_app/sessions.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


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


def _lab(key: str, title: str, class_name: str) -> LabSpec:
    """The lab `key`, whose class lives in desktop_app/labs/<key>/lab.py; `title` is the English source (marked
    with QT_TRANSLATE_NOOP in the table for lupdate), translated whenever it is shown."""
    return LabSpec(key, lambda: QCoreApplication.translate("Labs", title), f"desktop_app.labs.{key}.lab:{class_name}")


LABS: list[LabSpec] = [
    _lab("seq2seq", QT_TRANSLATE_NOOP("Labs", "Seq2Seq & Attention"), "Seq2SeqLab"),
    _lab("training", QT_TRANSLATE_NOOP("Labs", "Training"), "TrainingLab"),
    _lab("gru", QT_TRANSLATE_NOOP("Labs", "GRU Gates"), "GRULab"),
    _lab("positional", QT_TRANSLATE_NOOP("Labs", "Positional Encoding"), "PositionalLab"),
    _lab("transformer", QT_TRANSLATE_NOOP("Labs", "Transformer"), "TransformerLab"),
    _lab("bert", QT_TRANSLATE_NOOP("Labs", "BERT"), "BertLab"),
    _lab("gpt", QT_TRANSLATE_NOOP("Labs", "GPT"), "GPTLab"),
    _lab("caption", QT_TRANSLATE_NOOP("Labs", "Image Captioning"), "CaptionLab"),
]


def lab_by_key(key: str) -> LabSpec | None:
    return next((spec for spec in LABS if spec.key == key), None)
