"""The lesson player and recorder, and the Lessons menu.

LessonController belongs to the main window. It plays a Lesson: each step shows its lab and hands the lab the
step's state (lab protocol: desktop_app/labs/__init__.py), then the caption appears in a bar over the lab once the
lab is no longer busy. While a lesson plays, the keyboard belongs to the player: Space, Right or Page Down = next,
Left or Page Up = back, Home = first step, Esc = leave (Page Up/Down: what presentation clickers send). It also
records: "Add current state as a step" takes the shown lab's lesson_state(), "Save lesson…" writes a TOML file.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QVBoxLayout,
)

from desktop_app.kit.words import Words
from desktop_app.labs import LABS, lab_by_key
from desktop_app.lessons.format import Lesson, LessonError, LessonStep, dump_lesson, load_lesson, step_from_state
from desktop_app.lessons.presenter import SCHEMES, PresenterMode

NEXT_KEYS = (Qt.Key_Space, Qt.Key_Right, Qt.Key_PageDown)
BACK_KEYS = (Qt.Key_Left, Qt.Key_PageUp)
POLL_MS = 40


def error_text(err: LessonError) -> str:
    """A broken file's message in the user's language: file, line, field, reason."""
    reasons = {
        "unreadable": QCoreApplication.translate("Lessons", "the file could not be read ({detail})"),
        "too_big": QCoreApplication.translate("Lessons", "the file is too large to be a lesson ({detail} bytes)"),
        "syntax": QCoreApplication.translate("Lessons", "this is not valid TOML: {detail}"),
        "missing": QCoreApplication.translate("Lessons", "this field is required"),
        "type": QCoreApplication.translate("Lessons", "expected {detail}"),
        "unknown_lab": QCoreApplication.translate("Lessons", "there is no lab called “{detail}”"),
        "unknown_field": QCoreApplication.translate("Lessons", "unknown field (a typo?)"),
        "empty": QCoreApplication.translate("Lessons", "this text is empty"),
        "no_steps": QCoreApplication.translate("Lessons", "the lesson has no [[step]] tables"),
        "bad_step": QCoreApplication.translate("Lessons", "expected a whole number 0 or more, or \"end\""),
    }
    details = {  # the expected kinds of value named by format.py
        "a text in quotes": QCoreApplication.translate("Lessons", "a text in quotes"),
        "a whole number": QCoreApplication.translate("Lessons", "a whole number"),
        "a table": QCoreApplication.translate("Lessons", "a table"),
        "[[step]] tables": QCoreApplication.translate("Lessons", "[[step]] tables"),
        "a table, e.g. { key = value }": QCoreApplication.translate("Lessons", "a table, e.g. { key = value }"),
        "not UTF-8 text": QCoreApplication.translate("Lessons", "not UTF-8 text"),
    }
    reason = reasons.get(err.code, err.code).format(detail=details.get(err.detail, err.detail))
    if err.field:
        return QCoreApplication.translate("Lessons", "{file}, line {line}, field “{field}”: {reason}").format(
            file=err.source or "?", line=err.line or "?", field=err.field, reason=reason)
    return QCoreApplication.translate("Lessons", "{file}, line {line}: {reason}").format(
        file=err.source or "?", line=err.line or "?", reason=reason)


def lab_keys() -> list[str]:
    return [spec.key for spec in LABS]


class CaptionOverlay(QFrame):
    """The caption bar over the lab: where we are, the caption, notes, and the keys."""

    def __init__(self, parent):
        super().__init__(parent)
        self.setObjectName("lessonOverlay")
        self.setStyleSheet(
            "#lessonOverlay { background: rgb(20, 24, 38); border-top: 3px solid #ffb300; }"
            "#lessonOverlay QLabel { color: white; background: transparent; }"
            "#lessonNote { color: #ffd54f; font-weight: bold; }"
            "#lessonCounter { color: #b0bec5; }")
        self.counter = QLabel()
        self.counter.setObjectName("lessonCounter")
        self.caption = QLabel()
        self.caption.setObjectName("lessonCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.PlainText)
        self.note = QLabel()
        self.note.setObjectName("lessonNote")
        self.note.setWordWrap(True)
        self.note.hide()
        self.keys = QLabel()
        self.keys.setObjectName("lessonCounter")
        top = QHBoxLayout()
        top.addWidget(self.counter, 1)
        top.addWidget(self.keys)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 10)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(self.note)
        self.setAttribute(Qt.WA_TransparentForMouseEvents, False)
        self.hide()

    def set_scale(self, scale: float) -> None:
        """scale: presenter mode's text scale (1.0 outside it); 1.6 gives the caption 24 pt."""
        self.caption.setStyleSheet(f"font-size: {round(15 * scale, 1)}pt;")
        small = f"font-size: {round(9 * scale, 1)}pt;"
        for label in (self.counter, self.keys, self.note):
            label.setStyleSheet(small)

    def place(self, area, content_min: int = 0) -> None:
        """Lie over the bottom of `area` (the lab stack), as tall as the text needs. The lab gives up that strip
        (a bottom margin) as far as its own minimum height (`content_min`) allows, so the bar hides as little of it
        as possible, and the lab is never squeezed into scrolling."""
        if area is None:
            return
        top_left = area.mapTo(self.parentWidget(), area.rect().topLeft())
        width = area.width()
        self.setFixedWidth(width)
        height = self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
        height = min(max(height, self.sizeHint().height()), max(80, area.height() // 2))
        self.setGeometry(top_left.x(), top_left.y() + area.height() - height, width, height)
        margin = max(0, min(height, area.height() - content_min - 16))
        if area.contentsMargins().bottom() != margin:
            area.setContentsMargins(0, 0, 0, margin)
        self.raise_()

    def release(self, area) -> None:
        self.hide()
        if area is not None:
            area.setContentsMargins(0, 0, 0, 0)


class CaptionDialog(QDialog):
    """The caption of a recorded step, in both languages."""

    def __init__(self, parent, number: int):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add current state as a step"))
        self.en_edit, self.ko_edit = QLineEdit(), QLineEdit()
        self.en_edit.setText(f"Step {number}")
        self.ko_edit.setText(f"{number}단계")
        form = QFormLayout(self)
        form.addRow(self.tr("Caption (English)"), self.en_edit)
        form.addRow(self.tr("Caption (Korean)"), self.ko_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def captions(self) -> dict[str, str]:
        en, ko = self.en_edit.text().strip(), self.ko_edit.text().strip()
        return {"en": en or ko or "…", "ko": ko or en or "…"}


class LessonController(QObject):
    step_shown = Signal(int)  # the caption of step i is shown (its lab is no longer busy)
    lesson_left = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.lesson: Lesson | None = None
        self.index = -1
        self.notes: list[str] = []
        self.ready = False
        self.recorded: list[LessonStep] = []
        self._welcome = None
        self.presenter = PresenterMode(window, self.settings)
        self.overlay = CaptionOverlay(window)
        self._wait = QTimer(self)
        self._wait.setInterval(POLL_MS)
        self._wait.timeout.connect(self._on_wait_timeout)
        self.words = Words()  # a QObject gets no LanguageChange: the window's re-applies them (eventFilter)
        self._build_menus()
        window.installEventFilter(self)
        if self.presenter.remembered():
            QTimer.singleShot(0, self, lambda: self.set_presenter(True))

    # menus -----------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        """The Lessons menu and the presenter entries of the View menu; their words follow the language
        (desktop_app.kit.words: re-applied when the window gets LanguageChange, see eventFilter)."""
        w, words = self.window, self.words
        self.menu = words(w.menuBar().insertMenu(w.help_menu.menuAction(), self._new_menu()).menu(),
                          title=lambda: self.tr("L&essons"))
        self.welcome_action = self._action(self.menu, "Ctrl+L", self.show_welcome,
                                           lambda: self.tr("Lessons and welcome page…"))
        self.open_action = self._action(self.menu, "Ctrl+Shift+O", self.open_file_interactive,
                                        lambda: self.tr("Open lesson file…"))
        self.menu.addSeparator()
        self.add_step_action = self._action(self.menu, "Ctrl+Shift+A", self.add_step_interactive,
                                            lambda: self.tr("Add current state as a step"))
        self.save_action = self._action(self.menu, "Ctrl+Shift+S", self.save_interactive,
                                        lambda: self.tr("Save lesson…"))
        self.clear_action = self._action(self.menu, None, self.clear_recording,
                                         lambda: self.tr("Start a new recording"))
        self.menu.addSeparator()
        self.leave_action = self._action(self.menu, None, self.leave, lambda: self.tr("Leave the lesson (Esc)"))
        self.leave_action.setEnabled(False)
        w.view_menu.addSeparator()
        self.presenter_action = self._action(w.view_menu, "F5", None, lambda: self.tr("&Presenter mode"))
        words(self.presenter_action, tip=lambda: self.tr("Full screen, large fonts, projector colours (F5)"))
        self.presenter_action.setCheckable(True)
        self.presenter_action.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+Shift+P")])
        self.presenter_action.toggled.connect(self.set_presenter)
        self.scheme_menu = words(w.view_menu.addMenu(""), title=lambda: self.tr("Presenter colours"))
        names = {"high-contrast": lambda: self.tr("High contrast"),
                 "colour-blind": lambda: self.tr("Colour-blind safe (cividis)")}
        group = QActionGroup(self)
        group.setExclusive(True)
        self.scheme_actions: dict[str, QAction] = {}
        for n, scheme in enumerate(SCHEMES):
            action = words(self.scheme_menu.addAction(""), text=names[scheme])
            action.setCheckable(True)
            action.setChecked(scheme == self.presenter.scheme)
            action.setShortcut(QKeySequence(f"Ctrl+Shift+{n + 7}"))
            action.triggered.connect(lambda _c=False, s=scheme: self.presenter.set_scheme(s))
            group.addAction(action)
            self.scheme_actions[scheme] = action
        words(self.overlay.keys, text=lambda: self.tr("Space/→ next · ← back · Home first · Esc leave"))

    def _new_menu(self):
        from PySide6.QtWidgets import QMenu

        return QMenu(self.window)

    def _action(self, menu, shortcut, slot, text) -> QAction:
        action = self.words(menu.addAction(""), text=text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        return action

    def retranslate(self) -> None:
        """On a language switch, after the words: the caption bar of the lesson playing."""
        if self.lesson is not None:
            self._show_caption()

    # welcome page ----------------------------------------------------------------------------------------
    def welcome_page(self):
        if self._welcome is None:
            from desktop_app.lessons.welcome import WelcomePage

            self._welcome = WelcomePage(self)
            self.window.stack.addWidget(self._welcome)
        return self._welcome

    def show_welcome(self) -> None:
        if self.lesson is not None:
            self.leave()
        page = self.welcome_page()
        page.refresh()
        self.window.stack.setCurrentWidget(page)
        self.window.nav.blockSignals(True)
        self.window.nav.setCurrentRow(-1)
        self.window.nav.blockSignals(False)
        page.lesson_list.setFocus()

    def welcome_at_start(self) -> bool:
        return self.settings.get_int("lessons/welcome_at_start", 1, 0, 1) == 1

    def set_welcome_at_start(self, on: bool) -> None:
        self.settings.set("lessons/welcome_at_start", 1 if on else 0)

    # presenter mode --------------------------------------------------------------------------------------
    def set_presenter(self, on: bool) -> None:
        if self.presenter_action.isChecked() != on:
            self.presenter_action.setChecked(on)  # comes back here through toggled
            return
        self.presenter.set_active(on)
        self.overlay.set_scale(self.presenter.scale if on else 1.0)
        self._place_overlay()

    # playing ---------------------------------------------------------------------------------------------
    def play(self, lesson: Lesson, index: int = 0) -> None:
        self.lesson = lesson
        self.leave_action.setEnabled(True)
        QApplication.instance().installEventFilter(self)
        self.overlay.set_scale(self.presenter.scale if self.presenter.active else 1.0)
        self.go(index)

    def go(self, index: int) -> None:
        if self.lesson is None:
            return
        index = max(0, min(index, len(self.lesson.steps) - 1))
        self.index = index
        self.notes = []
        self.ready = False
        self._wait.stop()
        step = self.lesson.steps[index]
        if lab_by_key(step.lab) is not None:
            self.window.show_lab(step.lab)
        self._show_caption()
        # applied on the next turn of the event loop: a lab created just now finishes its own start first
        lesson = self.lesson
        QTimer.singleShot(0, self, lambda: self._apply(lesson, index))

    def _apply(self, lesson: Lesson, index: int) -> None:
        if lesson is not self.lesson or index != self.index:
            return  # the user moved on meanwhile
        step = lesson.steps[index]
        spec = lab_by_key(step.lab)
        if spec is None:
            self.notes.append(self.tr("This step names the lab “{lab}”, which this version does not have; it is "
                                      "skipped.").format(lab=step.lab))
        else:
            lab = self.window.show_lab(step.lab)
            try:
                self.notes += list(lab.apply_lesson_state(step.lab_state()) or [])
            except Exception as exc:  # noqa: BLE001 - a lesson must never take the app down in class
                self.notes.append(self.tr("This step could not be applied: {error}").format(
                    error=f"{type(exc).__name__}: {exc}"))
        self._show_caption()
        self._wait.start()
        self._on_wait_timeout()

    def _current_lab(self):
        return self.window.current_lab()

    def _on_wait_timeout(self) -> None:
        lab = self._current_lab()
        if lab is not None and lab.is_busy():
            return
        self._wait.stop()
        if not self.ready and self.lesson is not None:
            self.ready = True
            self._show_caption()
            self.step_shown.emit(self.index)

    def is_ready(self) -> bool:
        return self.lesson is not None and self.ready

    def next(self) -> None:
        if self.lesson is not None and self.index < len(self.lesson.steps) - 1:
            self.go(self.index + 1)

    def back(self) -> None:
        if self.lesson is not None and self.index > 0:
            self.go(self.index - 1)

    def home(self) -> None:
        if self.lesson is not None:
            self.go(0)

    def leave(self) -> None:
        if self.lesson is None:
            return
        self.lesson = None
        self.index = -1
        self._wait.stop()
        QApplication.instance().removeEventFilter(self)
        self.overlay.release(self.window.stack)
        self.leave_action.setEnabled(False)
        self.lesson_left.emit()

    def _show_caption(self) -> None:
        if self.lesson is None:
            return
        language = self.window.languages.language
        step = self.lesson.steps[self.index]
        self.overlay.counter.setText(self.tr("{title} · step {n} of {total}").format(
            title=self.lesson.title_in(language), n=self.index + 1, total=len(self.lesson.steps)))
        self.overlay.caption.setText(step.caption_in(language) if self.ready else self.tr("Preparing the lab…"))
        self.overlay.note.setText(" ".join(self.notes))
        self.overlay.note.setVisible(bool(self.notes))
        self.overlay.show()
        self._place_overlay()

    def caption_text(self) -> str:
        return self.overlay.caption.text() if self.overlay.isVisible() else ""

    def _place_overlay(self) -> None:
        if self.overlay.isVisible():
            lab = self.window.current_lab()
            self.overlay.place(self.window.stack, lab.minimumSizeHint().height() if lab is not None else 0)

    # keys: while a lesson plays they belong to the player ------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if obj is self.window and kind == QEvent.LanguageChange:
            self.words.apply()
            self.retranslate()
            return False
        if obj is self.window and kind in (QEvent.Resize, QEvent.Show, QEvent.LayoutRequest):
            QTimer.singleShot(0, self, self._place_overlay)
            return False
        if obj is self.window and kind == QEvent.Close and self.presenter.active:
            self.presenter.set_active(False, remember=False)  # the application's font goes back; the setting stays
            return False
        if self.lesson is None or kind not in (QEvent.ShortcutOverride, QEvent.KeyPress):
            return False
        if QApplication.activeModalWidget() is not None or not hasattr(obj, "window") or \
                not callable(obj.window) or obj.window() is not self.window:
            return False
        key = event.key()
        if event.modifiers() & ~(Qt.KeypadModifier | Qt.ShiftModifier):
            return False
        if key not in NEXT_KEYS + BACK_KEYS + (Qt.Key_Home, Qt.Key_Escape):
            return False
        if kind == QEvent.ShortcutOverride:
            event.accept()  # the labs' own Space/Left/Home shortcuts stay quiet; the key press comes to us
            return True
        if key in NEXT_KEYS:
            self.next()
        elif key in BACK_KEYS:
            self.back()
        elif key == Qt.Key_Home:
            self.home()
        else:
            self.leave()
        return True

    # opening ---------------------------------------------------------------------------------------------
    def open_file(self, path: str | Path) -> Lesson:
        """Read a lesson file and play it; raises LessonError for a broken file."""
        lesson = load_lesson(path, lab_keys())
        self.play(lesson)
        return lesson

    def open_file_interactive(self) -> None:
        start = self.settings.get_str("lessons/last_folder", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open lesson file"), start,
                                              self.tr("Lesson files (*.toml);;All files (*)"))
        if not path:
            return
        self.settings.set("lessons/last_folder", str(Path(path).parent))
        try:
            self.open_file(path)
        except LessonError as exc:
            QMessageBox.warning(self.window, self.tr("This lesson file cannot be used"), error_text(exc))

    # recording -------------------------------------------------------------------------------------------
    def add_current_step(self, caption: dict[str, str]) -> LessonStep | None:
        """Record what the shown lab shows as a step. None (and a status message) if it cannot say."""
        lab = self._current_lab()
        key = next((spec.key for spec in LABS if lab is not None and self.window.lab_widget(spec.key) is lab), None)
        if lab is None or key is None:
            self.window.statusBar().showMessage(self.tr("This lab cannot be recorded in a lesson yet."))
            return None
        step = step_from_state(key, lab.lesson_state(), caption)
        self.recorded.append(step)
        self.window.statusBar().showMessage(self.tr(
            "Step {n} recorded ({lab}). Save the lesson with Ctrl+Shift+S.").format(
            n=len(self.recorded), lab=lab_by_key(key).title()))
        return step

    def add_step_interactive(self) -> None:
        dialog = CaptionDialog(self.window, len(self.recorded) + 1)
        if dialog.exec() == QDialog.Accepted:
            self.add_current_step(dialog.captions())

    def recorded_lesson(self, title: str) -> Lesson:
        return Lesson(title={"en": title, "ko": title}, steps=tuple(self.recorded), order=900)

    def save_recording(self, path: str | Path, title: str | None = None) -> Path:
        path = Path(path)
        if path.suffix != ".toml":
            path = path.with_suffix(".toml")
        path.write_text(dump_lesson(self.recorded_lesson(title or path.stem)), encoding="utf-8")
        return path

    def save_interactive(self) -> None:
        if not self.recorded:
            QMessageBox.information(self.window, self.tr("Save lesson"), self.tr(
                "Nothing recorded yet: set up a lab, then use “Add current state as a step” (Ctrl+Shift+A)."))
            return
        start = self.settings.get_str("lessons/last_folder", str(Path.home()))
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save lesson"), str(Path(start) / "my_lesson.toml"),
                                              self.tr("Lesson files (*.toml)"))
        if not path:
            return
        try:
            saved = self.save_recording(path)
        except OSError as exc:
            QMessageBox.warning(self.window, self.tr("Save lesson"), self.tr(
                "Could not save the lesson: {error}").format(error=exc.strerror or exc))
            return
        self.settings.set("lessons/last_folder", str(saved.parent))
        self.window.statusBar().showMessage(self.tr("Saved {n} steps to {path}.").format(n=len(self.recorded),
                                                                                   path=str(saved)))

    def clear_recording(self) -> None:
        self.recorded = []
        self.window.statusBar().showMessage(self.tr("A new recording starts: no steps yet."))
