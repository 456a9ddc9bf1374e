"""MainWindow: lab navigation, the current lab, menus (export, language, about), status bar."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QFrame, QLabel, QListWidget, QListWidgetItem, QMainWindow, QScrollArea, QSplitter, QStackedWidget,
    QWidget,
)

from desktop_app import workers
from desktop_app.about import AboutDialog
from desktop_app.i18n import LANGUAGE_NAMES, LANGUAGES, LanguageManager
from desktop_app.kit.words import Worded
from desktop_app.labs import LABS, lab_by_key
from desktop_app.lessons.player import LessonController
from desktop_app.settings import Settings
from desktop_app.widgets.export import FORMATS, ExportController, export_view

STATUS_TIMEOUT_MS = 0  # hover readouts stay until the next one
# While the first lab is read, the other labs' modules are imported one per timer turn (20-90 ms each), so that
# opening a lab later only builds its widgets on the GUI thread.
PREFETCH_DELAY_MS, PREFETCH_GAP_MS = 1500, 200
START_LAB_FALLBACK_MS = 400  # the last lab opens after the first frame, or after this at the latest
DEFAULT_SIZE = (1280, 800)  # or the screen's available area, where that is smaller (a 1024 x 768 projector)


def _import_lab_module(spec, *, progress, is_cancelled) -> None:
    spec.import_module()  # a lab module makes no widget when imported (colours and pens only): any thread may


class LabPage(QScrollArea):
    """Holds one lab in the window's stack. Labs are laid out to fit a 1024 x 768 screen (tests/app/test_fit.py);
    should one still need more room than the window has, it scrolls here instead of growing the window past the
    screen (a stack is as large as its largest page).

    Not widgetResizable: that sizes a lab with word-wrapped labels to its preferred height for the width (it asks
    heightForWidth), so it would scroll wherever the lab has less than its preferred height, not its minimum."""

    def __init__(self, lab: QWidget, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.NoFrame)
        # no scroll bars until the page has its size: built in a page not yet laid out, the lab was laid out, and
        # painted, with both bars showing, then again without them (positional: its three plots painted twice)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(lab)
        lab.installEventFilter(self)
        self.viewport().installEventFilter(self)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.verticalScrollBarPolicy() == Qt.ScrollBarAlwaysOff:
            QTimer.singleShot(0, self._allow_scroll_bars)  # once this first show is laid out

    def _allow_scroll_bars(self) -> None:
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)

    def lab(self) -> QWidget:
        return self.widget()

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.LayoutRequest, QEvent.Resize):
            self._fit_lab()
        return False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_lab()

    def _fit_lab(self) -> None:
        lab = self.widget()
        room = self.viewport().size()
        need = lab.minimumSizeHint().expandedTo(lab.minimumSize())
        size = QSize(max(room.width(), need.width()), max(room.height(), need.height()))
        if lab.size() != size:
            lab.resize(size)


class MainWindow(Worded, QMainWindow):
    lab_shown = Signal(str)
    page_built = Signal(QWidget)  # a lab built a page's views on first show (desktop_app/widgets/lazy_page.py)
    language_switched = Signal(str)

    def __init__(self, settings: Settings, languages: LanguageManager, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.languages = languages
        self._pages: dict[str, LabPage] = {}  # the labs built so far (on first show), each in its page
        self._about: AboutDialog | None = None
        self.export_controller = ExportController(settings, self)
        self.export_controller.message.connect(self._on_lab_status_message)

        self.words(self, window_title=lambda: self.tr("Attention Lab"))
        self.nav = self.words(QListWidget(), tip=lambda: self.tr("Labs. Ctrl+1 to Ctrl+9 switch between them."))
        self.nav.setObjectName("labList")
        self.nav.setMinimumWidth(150)
        self.nav.setMaximumWidth(240)
        for spec in LABS:
            item = QListWidgetItem()
            item.setData(Qt.UserRole, spec.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self._placeholder = self.words(QLabel(), text=lambda: self.tr("Choose a lab on the left."))
        self._placeholder.setAlignment(Qt.AlignCenter)
        self.stack.addWidget(self._placeholder)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([170, 1100])
        self.setCentralWidget(splitter)
        self.statusBar()

        self._build_menus()
        self.words.call(self._name_labs)
        self.lessons = LessonController(self)  # Lessons menu, welcome page, player, presenter mode
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)

        geometry = settings.get_bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
        self.fit_to_screen()
        # The last lab opens once the first frame is on screen: building it imports pyqtgraph (and its model load
        # imports torch), which the window, and the welcome page if it shows at start, need not wait for.
        self._start_lab = settings.get_str("window/last_lab", LABS[0].key, tuple(spec.key for spec in LABS))
        self._first_frame_painted = False
        self.nav.blockSignals(True)  # the list's first focus would otherwise open its row 0 before the start lab
        self.nav.setCurrentRow([spec.key for spec in LABS].index(self._start_lab))
        self.nav.blockSignals(False)
        QTimer.singleShot(START_LAB_FALLBACK_MS, self._show_start_lab)  # a window that is never painted (hidden)
        self._prefetch = list(LABS)
        QTimer.singleShot(PREFETCH_DELAY_MS, self._prefetch_next_lab_module)
        if settings.recovered_from_corrupt:
            self.statusBar().showMessage(self.tr(
                "The settings file could not be read; started with defaults (a copy was kept as .bak)."))

    def fit_to_screen(self) -> None:
        """Never larger than the screen's available area, nor placed off it (a geometry saved on a larger monitor,
        then opened on a 1024 x 768 projector)."""
        screen = self.screen() if self.screen() is not None else QApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()  # title bar and borders
        width = min(self.width(), area.width() - extra_w)
        height = min(self.height(), area.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        x = min(max(frame.x(), area.left()), area.right() + 1 - width - extra_w)
        y = min(max(frame.y(), area.top()), area.bottom() + 1 - height - extra_h)
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    # menus -----------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar, words = self.menuBar(), self.words
        self.file_menu = words(bar.addMenu(""), title=lambda: self.tr("&File"))
        self.export_menu = words(self.file_menu.addMenu(""), title=lambda: self.tr("&Export current view"))
        names = {"png": lambda: self.tr("PNG image…"), "svg": lambda: self.tr("SVG vector image…"),
                 "csv": lambda: self.tr("CSV numbers…"), "json": lambda: self.tr("JSON numbers and settings…")}
        self.export_actions: dict[str, QAction] = {}
        for fmt in FORMATS:
            action = words(self.export_menu.addAction(""), text=names[fmt])
            action.triggered.connect(lambda _checked=False, f=fmt: self._on_export_triggered(f))
            self.export_actions[fmt] = action
        self.export_actions["png"].setShortcut(QKeySequence("Ctrl+E"))
        self.file_menu.addSeparator()
        self.quit_action = words(self.file_menu.addAction(""), text=lambda: self.tr("&Quit"))
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)

        self.view_menu = words(bar.addMenu(""), title=lambda: self.tr("&View"))
        self.language_menu = words(self.view_menu.addMenu(""), title=lambda: self.tr("&Language"))
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for language in LANGUAGES:
            action = self.language_menu.addAction(LANGUAGE_NAMES[language])
            action.setCheckable(True)
            action.setChecked(language == self.languages.language)
            action.triggered.connect(lambda _checked=False, lang=language: self.set_language(lang))
            self.language_group.addAction(action)
            self.language_actions[language] = action
        self.view_menu.addSeparator()
        self.lab_actions: list[QAction] = []
        for index, spec in enumerate(LABS[:9]):
            action = self.view_menu.addAction("")
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, key=spec.key: self.show_lab(key))
            self.lab_actions.append(action)

        self.help_menu = words(bar.addMenu(""), title=lambda: self.tr("&Help"))
        self.about_action = words(self.help_menu.addAction(""), text=lambda: self.tr("&About Attention Lab"))
        self.about_action.triggered.connect(self._on_about_triggered)

    def _name_labs(self) -> None:
        """The labs' titles in the list on the left and in the View menu (bound with words.call)."""
        for index, spec in enumerate(LABS):
            item = self.nav.item(index)
            item.setText(spec.title())
            item.setToolTip(self.tr("{title} (Ctrl+{number})").format(title=spec.title(), number=index + 1))
        for index, action in enumerate(self.lab_actions):
            action.setText(LABS[index].title())

    # language --------------------------------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        if language == self.languages.language:
            self.language_actions[language].setChecked(True)
            return
        loaded = self.languages.set_language(language)
        self.settings.set("language", self.languages.language)
        self.settings.sync()
        self.language_actions[self.languages.language].setChecked(True)
        if not loaded:
            self.statusBar().showMessage("Korean translation file is missing; showing English.")
        self.language_switched.emit(self.languages.language)

    # labs ------------------------------------------------------------------------------------------------
    def lab_widget(self, key: str) -> QWidget | None:
        page = self._pages.get(key)
        return page.lab() if page is not None else None

    def built_labs(self) -> list[QWidget]:
        """The labs opened so far (labs are built on first show)."""
        return [page.lab() for page in self._pages.values()]

    def lab_page(self, key: str) -> LabPage | None:
        return self._pages.get(key)

    def current_lab(self) -> QWidget | None:
        page = self.stack.currentWidget()
        return page.lab() if isinstance(page, LabPage) else None

    def show_lab(self, key: str) -> QWidget | None:
        spec = lab_by_key(key)
        if spec is None:
            return None
        widget = self.lab_widget(key)
        if widget is None:
            widget = spec.create(self.settings)  # imported on first use
            widget.status_message.connect(self._on_lab_status_message)
            widget.export_requested.connect(self.export_controller.export_interactive)
            self._pages[key] = LabPage(widget)
            self.stack.addWidget(self._pages[key])
        if self.current_lab() is not widget:
            self.statusBar().clearMessage()  # a hover readout or note of the lab left behind says nothing here
        self.stack.setCurrentWidget(self._pages[key])
        row = [s.key for s in LABS].index(key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        self.settings.set("window/last_lab", key)
        self.lab_shown.emit(key)
        return widget

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            QTimer.singleShot(0, self.fit_to_screen)  # the frame (title bar, borders) is known once shown

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._first_frame_painted:
            self._first_frame_painted = True
            QTimer.singleShot(0, self._show_start_lab)

    def _show_start_lab(self) -> None:
        if self.stack.currentWidget() is self._placeholder:  # nothing else was shown meanwhile (welcome, a lesson)
            self.show_lab(self._start_lab)

    def _prefetch_next_lab_module(self) -> None:
        """Import the next lab's module in the worker pool: on the GUI thread each import (45-90 ms, more when
        its bytecode is stale) was a pause of the idle window. A failure is only a lost head start: opening the
        lab imports it again and says why."""
        while self._prefetch:
            spec = self._prefetch.pop(0)
            if spec.key not in self._pages:
                next_one = lambda *_: QTimer.singleShot(PREFETCH_GAP_MS, self._prefetch_next_lab_module)  # noqa: E731
                workers.run_task(_import_lab_module, spec, on_done=next_one, on_error=next_one, owner=self)
                return

    def _on_nav_row_changed(self, row: int) -> None:
        if 0 <= row < len(LABS):
            self.show_lab(LABS[row].key)

    def _on_lab_status_message(self, message: str) -> None:
        sender = self.sender()
        if sender is not None and sender is not self.current_lab():
            return  # a lab behind the shown one (a model or picture loaded meanwhile) does not speak over it
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    # export ----------------------------------------------------------------------------------------------
    def current_export_view(self):
        lab = self.current_lab()
        return lab.current_export_view() if lab is not None else None

    def export_current(self, fmt: str, path: str) -> None:
        """Export the current view to `path` without a dialog (tests, scripts). Raises on failure."""
        view = self.current_export_view()
        if view is None:
            raise ValueError("nothing to export")
        export_view(view, fmt, path)

    def _on_export_triggered(self, fmt: str) -> None:
        self.export_controller.export_interactive(self.current_export_view(), fmt)

    def _on_about_triggered(self) -> None:
        if self._about is None:
            self._about = AboutDialog(self)
        self._about.show()
        self._about.raise_()

    # closing ---------------------------------------------------------------------------------------------
    def save_settings(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        for lab in self.built_labs():
            lab.save_settings()
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.save_settings()
        workers.wait_for_all(3000)
        super().closeEvent(event)
