"""kit/words.py on its own: bound texts are applied at once and again on a language switch, then retranslate()."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop_app.kit.words import Worded, Words


class Panel(Worded, QWidget):
    def __init__(self):
        super().__init__()
        self.language = "en"  # stands in for the translator: what self.tr would return
        self.retranslated = 0
        self.button = self.words(QPushButton(), text=lambda: f"Run ({self.language})",
                                 tip=lambda: f"Runs it ({self.language})")
        self.axis = []
        self.words.call(lambda: self.axis.append(self.language))

    def retranslate(self) -> None:
        self.retranslated += 1


def test_words_apply_at_once_and_return_the_widget(qtbot):
    words = Words()
    label = words(QLabel(), text=lambda: "Grid", tip=lambda: "Cells", whats_this=lambda: "More")
    assert isinstance(label, QLabel)
    assert (label.text(), label.toolTip(), label.whatsThis()) == ("Grid", "Cells", "More")


def test_language_change_reapplies_words_then_retranslates(qtbot):
    panel = Panel()
    qtbot.addWidget(panel)
    assert panel.button.text() == "Run (en)" and panel.axis == ["en"]
    panel.language = "ko"
    QCoreApplication.sendEvent(panel, QEvent(QEvent.LanguageChange))
    assert panel.button.text() == "Run (ko)"
    assert panel.button.toolTip() == "Runs it (ko)"
    assert panel.axis == ["en", "ko"]
    assert panel.retranslated == 1


def test_other_change_events_leave_words_alone(qtbot):
    panel = Panel()
    qtbot.addWidget(panel)
    panel.language = "ko"
    QCoreApplication.sendEvent(panel, QEvent(QEvent.FontChange))
    assert panel.button.text() == "Run (en)" and panel.retranslated == 0


def test_each_widget_has_its_own_words(qtbot):
    first, second = Panel(), Panel()
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    assert first.words is not second.words
    assert first.words is first.words
