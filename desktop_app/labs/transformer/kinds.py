"""The names of the three kinds of attention, shared by the model view and the drill-down.

Filed under the lab's translation context, so both tabs show the same words in every language.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

KIND_NAMES = {
    "encoder": QT_TRANSLATE_NOOP("TransformerLab", "Encoder self-attention"),
    "decoder": QT_TRANSLATE_NOOP("TransformerLab", "Decoder masked self-attention"),
    "cross": QT_TRANSLATE_NOOP("TransformerLab", "Cross-attention"),
}


def kind_name(kind: str) -> str:
    """The translated name of one kind ("encoder", "decoder", "cross")."""
    return QCoreApplication.translate("TransformerLab", KIND_NAMES[kind])
