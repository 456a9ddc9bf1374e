"""Open every lab on one screen size, in both languages, normal and presenter mode; print what fits as JSON.

Run in its own process, because the screen is fixed when the QApplication starts (tests/app/test_fit.py):

    python tests/app/fit_probe.py 1280x720 [--shots DIR] [--labs seq2seq,gru]

It sets QT_QPA_PLATFORM=offscreen with a one-screen configuration of that size and a fresh settings file. For each
lab / language / mode (after the lab's example, on every page of its tab bars, and after stepping to the end) it records the window's frame, the lab's minimum size and the room its page gives it, and every
visible widget that reaches outside that room (which would need scrolling, or be off screen).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def configure_screen(width: int, height: int) -> None:
    sys.path.insert(0, str(ROOT))
    from desktop_app.app import offscreen_platform

    folder = Path(tempfile.mkdtemp(prefix="fit-"))
    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(width, height, folder)
    os.environ["ATTENTION_LAB_SETTINGS"] = str(folder / "settings.ini")
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def inside(widget, kind, lab) -> bool:
    """Whether `widget` lies inside a `kind` widget of the lab's own (between it and `lab`)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not lab:
        if isinstance(parent, kind):
            return True
        parent = parent.parentWidget()
    return False


def outside(lab, room) -> list[str]:
    """Visible widgets of `lab` that reach past `room` (the page's viewport, in lab coordinates). Widgets inside a
    scroll area of the lab's own (a long list meant to scroll) are that area's business."""
    from PySide6.QtWidgets import QAbstractScrollArea, QWidget

    found = []
    for child in lab.findChildren(QWidget):
        if not child.isVisibleTo(lab) or child.width() <= 0 or child.height() <= 0 \
                or inside(child, QAbstractScrollArea, lab):
            continue
        top_left = child.mapTo(lab, child.rect().topLeft())
        if top_left.x() + child.width() > room.width() + 1 or top_left.y() + child.height() > room.height() + 1:
            text = child.text() if hasattr(child, "text") and callable(child.text) else ""
            found.append(f"{type(child).__name__}{' ' + repr(str(text)[:30]) if text else ''}")
    return found


def measure(app, window, key: str, lab) -> dict:
    from desktop_app.app import _wait_until_idle

    _wait_until_idle(app, lab)
    end = time.monotonic() + 0.2
    while time.monotonic() < end:  # late relayouts (word-wrapped labels settle over a few passes)
        app.processEvents()
    page = window.lab_page(key)
    room = page.viewport().size()
    need = lab.minimumSizeHint().expandedTo(lab.minimumSize())
    return {"lab_minimum": [need.width(), need.height()], "room": [room.width(), room.height()],
            "scrolls": page.horizontalScrollBar().isVisible() or page.verticalScrollBar().isVisible(),
            "outside": outside(lab, room)}


def lab_tabs(lab) -> list:
    """The lab's tab widgets that are not inside another tab widget's page."""
    from PySide6.QtWidgets import QTabWidget

    return [tabs for tabs in lab.findChildren(QTabWidget)
            if tabs.isVisibleTo(lab) and not inside(tabs, QTabWidget, lab)]


def merge(row: dict, other: dict, where: str) -> None:
    """The larger needs of two measurements of one lab; what reached past the page says where."""
    row["lab_minimum"] = [max(a, b) for a, b in zip(row["lab_minimum"], other["lab_minimum"])]
    row["scrolls"] = row["scrolls"] or other["scrolls"]
    row["outside"] += [f"{where}: {w}" for w in other["outside"]]


def probe(width: int, height: int, labs: list[str] | None, shots: Path | None) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from desktop_app.app import _wait_until_idle, create_window, ensure_application
    from desktop_app.labs import LABS
    from desktop_app.settings import Settings

    app = ensure_application()
    window = create_window(app, Settings(), "en")
    window.show()
    screen = app.primaryScreen().availableGeometry()
    rows = []
    for mode in ("normal", "presenter"):
        window.lessons.presenter.set_active(mode == "presenter", remember=False)
        for language in ("en", "ko"):
            window.set_language(language)
            for spec in LABS:
                if labs and spec.key not in labs:
                    continue
                lab = window.show_lab(spec.key)
                _wait_until_idle(app, lab)
                lab.prepare_screenshot()
                row = measure(app, window, spec.key, lab)
                controller = lab.step_controller()
                if controller is not None and controller.session is not None:  # the longest state: every step shown
                    controller.go_to("end")
                    _wait_until_idle(app, lab)
                    merge(row, measure(app, window, spec.key, lab), "at the end")
                for tabs in lab_tabs(lab):  # every page of the lab's own tab bars (each lazily built on show)
                    shown = tabs.currentIndex()
                    for index in range(tabs.count()):
                        tabs.setCurrentIndex(index)
                        merge(row, measure(app, window, spec.key, lab), f"tab {tabs.tabText(index)!r}")
                    tabs.setCurrentIndex(shown)
                row.update(lab=spec.key, language=language, mode=mode, screen=[screen.width(), screen.height()])
                frame = window.frameGeometry()
                row["window"] = [frame.x(), frame.y(), frame.width(), frame.height()]
                rows.append(row)
                if shots is not None:
                    shots.mkdir(parents=True, exist_ok=True)
                    window.grab().save(str(shots / f"{spec.key}_{language}_{mode}_{width}x{height}.png"))
    window.lessons.presenter.set_active(False, remember=False)
    window.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("screen", help="WIDTHxHEIGHT")
    parser.add_argument("--shots", type=Path)
    parser.add_argument("--labs", help="comma-separated lab keys (default: all)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.screen.lower().split("x"))
    configure_screen(width, height)
    rows = probe(width, height, args.labs.split(",") if args.labs else None, args.shots)
    print(json.dumps(rows), flush=True)
    os._exit(0)  # skip the interpreter's teardown of Qt objects (it can crash after the answer is out)


if __name__ == "__main__":
    sys.exit(main())
