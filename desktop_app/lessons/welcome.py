"""The welcome page: the shipped lessons, one per course topic, and the way to the labs.

A page of the main window's lab stack (not a dialog), so the keyboard works at once: Up/Down choose, Enter starts.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from desktop_app.kit.words import Worded
from desktop_app.labs import lab_by_key
from desktop_app.lessons.format import list_lessons
from desktop_app.lessons.player import error_text, lab_keys


class WelcomePage(Worded, QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.lessons = []
        self.errors = []
        words = self.words
        title = words(QLabel(), text=lambda: self.tr("Welcome to Attention Lab"))
        title.setObjectName("welcomeTitle")
        title.setStyleSheet("#welcomeTitle { font-size: 20pt; font-weight: bold; }")
        intro = words(QLabel(), text=lambda: self.tr(
            "Each lesson walks through one idea of the course, step by step, in the labs. Choose one and press "
            "Enter. In a lesson: Space or → next, ← back, Home first step, Esc leave. F5: presenter mode (full "
            "screen, large text)."))
        intro.setWordWrap(True)
        self.lesson_list = QListWidget()
        self.lesson_list.setObjectName("lessonList")
        self.lesson_list.setWordWrap(True)
        self.lesson_list.setSpacing(3)
        self.lesson_list.itemActivated.connect(lambda _item: self._on_start_clicked())
        self.lesson_list.itemDoubleClicked.connect(lambda _item: self._on_start_clicked())
        self.errors_label = QLabel()
        self.errors_label.setWordWrap(True)
        self.errors_label.setStyleSheet("color: #b00020;")
        self.errors_label.hide()
        self.start_button = words(QPushButton(), text=lambda: self.tr("Start lesson"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._on_start_clicked)
        open_button = words(QPushButton(), text=lambda: self.tr("Open lesson file…"))
        open_button.clicked.connect(controller.open_file_interactive)
        self.labs_button = words(QPushButton(), text=lambda: self.tr("Go to the labs"))
        self.labs_button.clicked.connect(self._on_labs_clicked)
        self.at_start_check = words(QCheckBox(), text=lambda: self.tr("Show this page at start"))
        self.at_start_check.setChecked(controller.welcome_at_start())
        self.at_start_check.toggled.connect(controller.set_welcome_at_start)
        buttons = QHBoxLayout()
        for button in (self.start_button, open_button, self.labs_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.at_start_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.lesson_list, 1)
        layout.addWidget(self.errors_label)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Read the lesson folder again (a lesson file may have been added)."""
        row = max(0, self.lesson_list.currentRow())
        self.lessons, self.errors = list_lessons(known_labs=lab_keys())
        self.lesson_list.clear()
        for _lesson in self.lessons:
            self.lesson_list.addItem(QListWidgetItem())
        self._fill_texts()
        if self.lessons:
            self.lesson_list.setCurrentRow(min(row, len(self.lessons) - 1))

    def _fill_texts(self) -> None:
        language = self.controller.window.languages.language
        for i, lesson in enumerate(self.lessons):
            labs = ", ".join(lab_by_key(k).title() for k in lesson.labs() if lab_by_key(k) is not None)
            item = self.lesson_list.item(i)
            item.setText(self.tr("{n}. {title}\n    {description}  ({steps} steps: {labs})").format(
                n=i + 1, title=lesson.title_in(language), description=lesson.description_in(language),
                steps=len(lesson.steps), labs=labs))
        if self.errors:
            self.errors_label.setText(self.tr("Lesson files that could not be read:") + "\n" + "\n".join(
                error_text(e) for e in self.errors))
        self.errors_label.setVisible(bool(self.errors))

    def retranslate(self) -> None:
        self._fill_texts()  # the lessons' lines, in the new language

    def selected_lesson(self):
        row = self.lesson_list.currentRow()
        return self.lessons[row] if 0 <= row < len(self.lessons) else None

    def _on_start_clicked(self) -> None:
        lesson = self.selected_lesson()
        if lesson is not None:
            self.controller.play(lesson)

    def _on_labs_clicked(self) -> None:
        window = self.controller.window
        from desktop_app.labs import LABS

        window.show_lab(window.settings.get_str("window/last_lab", LABS[0].key, tuple(s.key for s in LABS)))
