"""Where the Image Captioning lab's pictures come from: Open (a dialog, Ctrl+O), Paste (Ctrl+V), the sample buttons,
and files or pictures dropped onto the lab. PictureChooser only says which picture was chosen; reading it is the
loader's job (desktop_app/labs/caption/loader.py)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from desktop_app.kit.words import Worded
from desktop_app.labs.caption.compute import sample_thumbnail
from desktop_app.labs.caption.views import to_pixmap

THUMB_SAMPLE = 48
IMAGE_FILTER = "*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff"


def samples_dir() -> Path:
    from engine.caption.load import SAMPLES_DIR  # a plain path constant; engine.caption.load imports no torch

    return SAMPLES_DIR


def sample_paths() -> list[Path]:
    """The shipped samples, generated scenes first, then the photos."""
    folder = samples_dir()
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".png"))
    return sorted(files, key=lambda p: (p.name.startswith("photo_"), p.name))


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class PictureChooser(Worded, QWidget):
    """Open… / Paste / the samples in one row; Ctrl+O and Ctrl+V while it is shown; drops on a watched widget."""

    picture_chosen = Signal(object, str)  # (Path or encoded bytes, name to show)
    paste_refused = Signal()  # the clipboard or the drop held no picture and no picture file

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self._settings = settings
        self._ready = False  # a captioner is loaded: Open, Paste and drops do something
        self.open_button = self.words(QPushButton(), text=lambda: self.tr("Open picture…"), tip=lambda: self.tr(
            "PNG, JPEG, WebP, BMP, GIF or TIFF (Ctrl+O). You can also drag a file onto the lab or paste a picture "
            "(Ctrl+V)."))
        self.open_button.clicked.connect(self._on_open_clicked)
        self.paste_button = self.words(QPushButton(), text=lambda: self.tr("Paste"))
        self.paste_button.clicked.connect(self.paste)
        self.sample_buttons: list[QToolButton] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.open_button)
        row.addWidget(self.paste_button)
        row.addSpacing(12)
        row.addWidget(self.words(QLabel(), text=lambda: self.tr("Samples:")))
        for path in sample_paths():
            button = self._sample_button(path)
            row.addWidget(button)
            self.sample_buttons.append(button)
        row.addStretch(1)

        for key, slot in ((QKeySequence.Open, self._on_open_clicked), (QKeySequence.Paste, self.paste)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WindowShortcut)  # while the lab is shown, wherever the focus is
            shortcut.activated.connect(slot)
        self.set_ready(False)

    def _sample_button(self, path: Path) -> QToolButton:
        button = QToolButton()
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.NoFocus)
        button.setIconSize(QSize(THUMB_SAMPLE, THUMB_SAMPLE))
        try:
            button.setIcon(QIcon(to_pixmap(sample_thumbnail(path, THUMB_SAMPLE))))
        except Exception:  # noqa: BLE001 - a damaged sample must not stop the lab
            button.setText(path.stem)
        button.setToolTip(path.name)
        button.clicked.connect(lambda _c=False, p=path: self.picture_chosen.emit(p, p.name))
        return button

    def set_ready(self, ready: bool) -> None:
        """Open and Paste work once a captioner is loaded (a sample clicked before is remembered by the loader)."""
        self._ready = ready
        self.open_button.setEnabled(ready)
        self.paste_button.setEnabled(ready)

    # sources -----------------------------------------------------------------------------------------------
    def _on_open_clicked(self) -> None:
        if not self._ready:
            return
        start = self._settings.get_str("caption/open_folder", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a picture"), start,
                                              self.tr("Pictures ({patterns});;All files (*)").format(
                                                  patterns=IMAGE_FILTER))
        if path:
            self._settings.set("caption/open_folder", str(Path(path).parent))
            self.picture_chosen.emit(Path(path), Path(path).name)

    def paste(self) -> None:
        """The clipboard's picture (Paste, Ctrl+V)."""
        if self._ready and self.isVisible():
            self.take_mime(QGuiApplication.clipboard().mimeData())

    def take_mime(self, mime) -> bool:
        """A picture, a picture file's URL or a path in text, from the clipboard or a drop."""
        if mime is not None:
            for url in mime.urls() if mime.hasUrls() else []:
                if url.isLocalFile():
                    path = Path(url.toLocalFile())
                    self.picture_chosen.emit(path, path.name)
                    return True
            if mime.hasImage():
                image = mime.imageData()
                if isinstance(image, QImage) and not image.isNull():
                    self.picture_chosen.emit(png_bytes(image), self.tr("pasted picture"))
                    return True
            if mime.hasText():
                text = mime.text().strip()
                if text and "\n" not in text and len(text) < 4096 and Path(text).is_file():
                    self.picture_chosen.emit(Path(text), Path(text).name)
                    return True
        self.paste_refused.emit()
        return False

    # drops -------------------------------------------------------------------------------------------------
    def watch_drops(self, target: QWidget) -> None:
        """Files and pictures dropped anywhere on `target` (the whole lab) are taken as if pasted."""
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.DragEnter:
            mime = event.mimeData()
            if mime.hasUrls() or mime.hasImage():
                event.acceptProposedAction()
            return True
        if kind == QEvent.DragMove:
            event.acceptProposedAction()
            return True
        if kind == QEvent.Drop:
            if self._ready and self.take_mime(event.mimeData()):
                event.acceptProposedAction()
            return True
        return False
