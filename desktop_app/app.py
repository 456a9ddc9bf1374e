"""Entry point: `attention-lab` or `python -m desktop_app`.

Sets up the QApplication, the bundled Korean font, settings, the translator, and shows the MainWindow.
Nothing here imports torch: the window must appear in about a second; labs that need torch import it lazily.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from desktop_app.i18n import LANGUAGES, LanguageManager, system_default_language
from desktop_app.paths import assets_dir, font_path
from desktop_app.settings import Settings

APP_NAME = "Attention Lab"
SCREENSHOT_SIZE = (1280, 800)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="attention-lab", description="Attention Lab: see inside sequence models.")
    parser.add_argument("--lang", choices=LANGUAGES, help="interface language (remembered)")
    parser.add_argument("--screenshot", metavar="DIR",
                        help="save DIR/<lab>_<lang>.png for every lab and language, then exit")
    parser.add_argument("--self-test", metavar="DIR",
                        help="offscreen, fresh home: open every lab, run one step with its shipped model, save "
                             "DIR/<lab>.png, print a summary; exit 0 only if all passed")
    parser.add_argument("--print-shown-time", action="store_true",
                        help="print time.time() once the window is shown, then quit (startup benchmarks)")
    return parser.parse_args(argv)


def install_bundled_font(app: QApplication) -> str | None:
    """Register NanumGothic and put it behind the default family, so Hangul renders on any system
    (Latin keeps the platform's font). Returns the registered family, or None if the file is missing."""
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    nanum = families[0]
    font = app.font()
    primary = font.families() or [font.family()]
    font.setFamilies([f for f in primary if f != nanum] + [nanum])
    app.setFont(font)
    # Fonts named explicitly elsewhere (pyqtgraph, style sheets) fall back to it too.
    for family in ("Sans Serif", "sans-serif", "serif", "Serif", "Monospace", "DejaVu Sans", "Arial", "Helvetica"):
        QFont.insertSubstitution(family, nanum)
    return nanum


OFFSCREEN_SCREEN = (1920, 1080)


def offscreen_platform(width: int, height: int, folder: Path | None = None) -> str:
    """A QT_QPA_PLATFORM value: offscreen Qt with one screen of this size (its configuration file goes to `folder`,
    default a new temporary one)."""
    import json
    import tempfile

    config = Path(folder or tempfile.mkdtemp(prefix="attention-lab-screen-")) / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "screen", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={config}"


def give_offscreen_a_desktop_screen() -> None:
    """Plain QT_QPA_PLATFORM=offscreen has an 800 x 800 screen, and the window never grows past its screen: give
    offscreen runs (screenshots, the self-test, benchmarks) a desktop's screen instead. A platform string with its
    own options (a screen configuration, as tests/app/fit_probe.py sets) is left as it is."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        os.environ["QT_QPA_PLATFORM"] = offscreen_platform(*OFFSCREEN_SCREEN)


def ensure_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        give_offscreen_a_desktop_screen()
        QCoreApplication.setOrganizationName("AttentionLab")
        QCoreApplication.setApplicationName("attention-lab")
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setApplicationDisplayName(APP_NAME)
        app.setWindowIcon(QIcon(str(assets_dir() / "icons" / "attention-lab.png")))
    return app


def create_window(app: QApplication, settings: Settings, language: str | None = None):
    """Font, translator and the main window, as `main` sets them up (tests call this too)."""
    from desktop_app.main_window import MainWindow  # pyqtgraph is imported here, after the QApplication

    install_bundled_font(app)
    languages = getattr(app, "_attention_lab_languages", None)
    if languages is None:
        languages = LanguageManager(app)
        app._attention_lab_languages = languages  # the translators must live as long as the app
    if language is None:
        language = settings.get_str("language", system_default_language(), LANGUAGES)
    languages.set_language(language)
    settings.set("language", languages.language)
    return MainWindow(settings, languages)


def _wait_until_idle(app: QApplication, lab, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if lab is None or not lab.is_busy():
            break
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def take_screenshots(app: QApplication, window, out_dir: Path) -> list[Path]:
    from desktop_app.labs import LABS

    out_dir.mkdir(parents=True, exist_ok=True)
    original_language = window.languages.language
    saved = []
    for language in LANGUAGES:
        window.set_language(language)
        for spec in LABS:
            lab = window.show_lab(spec.key)
            _wait_until_idle(app, lab)
            lab.prepare_screenshot()
            _wait_until_idle(app, lab)
            path = out_dir / f"{spec.key}_{language}.png"
            window.grab().save(str(path), "PNG")
            saved.append(path)
    window.set_language(original_language)
    return saved


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # The labs run one small step at a time: torch's thread pool only adds hand-over latency there (measured on
    # 2 cores: Transformer step p95 5.6 ms with 1 thread, 48 ms with 2). Must be set before torch is imported.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if args.self_test:
        from desktop_app.self_test import run_self_test

        return run_self_test(args.self_test, args.lang or "en")
    from desktop_app.qt_compat import BROKEN_PYSIDE_MESSAGE, pyside_drops_none_references

    from desktop_app.qt_compat import missing_x11_packages

    missing = missing_x11_packages()
    if missing:
        print("attention-lab: Qt cannot open a window: these system libraries are missing. Install them with\n"
              f"    sudo apt-get install {' '.join(missing)}\n(or run offscreen: QT_QPA_PLATFORM=offscreen)",
              file=sys.stderr)
        return 1
    if pyside_drops_none_references():
        print(f"attention-lab: warning: {BROKEN_PYSIDE_MESSAGE}", file=sys.stderr)
    app = ensure_application()
    settings = Settings()
    window = create_window(app, settings, args.lang)
    if args.screenshot:
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        for path in take_screenshots(app, window, Path(args.screenshot)):
            print(path)
        window.close()
        return 0
    window.show()
    if args.print_shown_time:  # as bench/startup.py measures it: after the first frame is painted
        def shown():
            print(time.time(), flush=True)
            app.quit()

        QTimer.singleShot(0, shown)
        return app.exec()
    if window.lessons.welcome_at_start():
        window.lessons.show_welcome()
    # Ctrl+C in the terminal should still quit: let Python see signals now and then.
    heartbeat = QTimer()
    heartbeat.start(250)
    heartbeat.timeout.connect(lambda: None)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
