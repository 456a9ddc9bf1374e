"""The labs the app lists, in menu order. A new lab adds one LabSpec line here (only labs that work).

A lab is a desktop_app.kit.frame.LabFrame constructed as `LabClass(settings, parent=None)`; what the window,
lessons, presenter mode and export need from it is the Protocol desktop_app.kit.protocol.Lab. Its module is imported
only when the lab is first shown, so heavy imports (torch) never slow the start. Labs never import one another
(an import-linter contract); what two labs share lives in desktop_app/kit, desktop_app/widgets or desktop_app/sessions.
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
    LabSpec("training", lambda: QCoreApplication.translate("Labs", "Training"), "desktop_app.labs.training.lab:TrainingLab"),
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
