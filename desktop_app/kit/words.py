"""Texts that follow the language, written once, beside the widget they belong to.

A widget's translatable texts are bound where the widget is made; they are applied at once and again on every
language switch, so there is no retranslate() to keep in step with the constructor:

    self.raw_check = self.words(QCheckBox(), text=lambda: self.tr("Raw cells"),
                                tip=lambda: self.tr("Show the grid cells as they are"))
    self.words.call(lambda: self.tabs.setTabText(0, self.tr("Step")))      # any other text: a call to repeat

The lambdas keep ``self.tr("…")`` where pyside6-lupdate finds it (the class is the context, as before) and let a
text carry fields: ``lambda: self.tr("{n} cells").format(n=n)``. A widget with words subclasses `Worded` (LabFrame
does): on QEvent.LanguageChange its words are re-applied, then its `retranslate()` runs, for the texts that depend on
state (a message, a count).
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent

Text = Callable[[], str]

# keyword -> the widget's setter; one name per kind of text a Qt widget has
SETTERS = {
    "text": "setText",
    "tip": "setToolTip",
    "placeholder": "setPlaceholderText",
    "title": "setTitle",
    "window_title": "setWindowTitle",
    "prefix": "setPrefix",
    "suffix": "setSuffix",
    "special": "setSpecialValueText",
    "whats_this": "setWhatsThis",
}


class Words:
    """The texts bound in one widget tree: each a call that sets a text from its (translated) source."""

    def __init__(self) -> None:
        self._calls: list[Callable[[], object]] = []

    def __call__(self, widget, **texts: Text):
        """Bind `widget`'s texts by kind (text=, tip=, placeholder=, title=, …; see SETTERS); returns the widget."""
        for kind, text in texts.items():
            setter = getattr(widget, SETTERS[kind])
            self.call(lambda setter=setter, text=text: setter(text()))
        return widget

    def call(self, apply: Callable[[], object]) -> None:
        """Run `apply` now and on every language switch (tab titles, header labels, combo items)."""
        self._calls.append(apply)
        apply()

    def apply(self) -> None:
        for apply in self._calls:
            apply()


class Worded:
    """Mixin for a QWidget with words (list it before the Qt class): re-applies them on a language switch, then
    calls retranslate()."""

    @property
    def words(self) -> Words:
        words = self.__dict__.get("_words")
        if words is None:
            words = self.__dict__["_words"] = Words()
        return words

    def retranslate(self) -> None:
        """Texts that depend on state; the bound words are applied already."""

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.words.apply()
            self.retranslate()
        super().changeEvent(event)


__all__ = ["SETTERS", "Text", "Worded", "Words"]
