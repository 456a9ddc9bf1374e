"""Checks for known-broken Qt bindings, so a bad install fails loudly at start, not later in front of a class."""
from __future__ import annotations

import sys


def pyside_drops_none_references() -> bool:
    """True if the installed PySide6 returns None from void methods without a reference to it.

    PySide6-Essentials 6.12.0 on Python 3.11 does this (measured: every QPainter.drawLine, QImage.fill, ...
    lowers None's refcount by one), and the app dies with "Fatal Python error: none_dealloc" after a few
    thousand paints. From Python 3.12 None is immortal and the bug is harmless; 6.11.3 is fine on 3.11."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QRectF

    rect = QRectF()
    rect.setWidth(1.0)  # the first call initialises the binding and takes references of its own
    before = sys.getrefcount(None)
    for _ in range(20):
        rect.setWidth(1.0)
    return sys.getrefcount(None) < before - 10


BROKEN_PYSIDE_MESSAGE = (
    "This PySide6 build loses references to None on Python 3.11 (PySide6-Essentials 6.12.0 does) and will "
    "crash with 'deallocating None'. Install PySide6-Essentials<6.12 or use Python 3.12+."
)


# Shared libraries Qt's xcb (X11) platform plugin needs that minimal Linux installs lack; Debian package names.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def missing_x11_packages() -> list[str]:
    """Debian packages to install before Qt can open a window on X11; [] when nothing is missing or X11 is not used.

    Without them Qt aborts inside QApplication() with a message that names no library; this names the fix."""
    import ctypes
    import os

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform not in ("", "xcb") or not os.environ.get("DISPLAY"):
        return []
    missing = []
    for soname, package in XCB_LIBRARIES.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return missing
