"""The window: it opens, lists the labs that work, switches language live, remembers, and stays torch-free."""
import json
import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase

from desktop_app.about import AboutDialog, app_version
from desktop_app.app import parse_args
from desktop_app.labs import LABS
from desktop_app.paths import assets_dir, font_path
from desktop_app.settings import Settings


def test_window_opens_with_the_positional_lab(make_window, qtbot):
    window = make_window("en")
    qtbot.waitUntil(lambda: window.current_lab() is not None)  # the first lab opens after the first frame
    assert window.windowTitle() == "Attention Lab"
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [spec.title() for spec in LABS]
    assert "Positional Encoding" in titles
    assert window.current_lab() is window.lab_widget(LABS[0].key)  # the first lab of the course


def test_language_switch_is_live_and_remembered(make_window, settings_path, qapp, qtbot):
    window = make_window("en")
    lab = window.show_lab("positional")
    window.language_actions["ko"].trigger()
    # Qt posts LanguageChange to every widget; it is handled on the next turn of the event loop.
    qtbot.waitUntil(lambda: window.windowTitle() == "어텐션 랩", timeout=2000)
    assert window.nav.item([spec.key for spec in LABS].index("positional")).text() == "위치 인코딩"
    assert lab.title_label.text() == "위치 인코딩"
    assert window.file_menu.title() == "파일(&F)"
    assert window.language_actions["ko"].isChecked()
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: lab.title_label.text() == "Positional Encoding", timeout=2000)
    window.language_actions["ko"].trigger()

    # A new window built from the same settings file (language not given) comes back in Korean.
    from desktop_app.app import create_window

    again = create_window(qapp, Settings(), None)
    try:
        assert again.windowTitle() == "어텐션 랩"
    finally:
        again.close()
    assert Settings().get_str("language", "en") == "ko"


def test_last_lab_and_geometry_are_saved(make_window):
    window = make_window("en")
    window.show_lab("positional")
    window.close()
    settings = Settings()
    assert settings.get_str("window/last_lab", "") == "positional"
    assert settings.get_bytes("window/geometry") is not None
    assert settings.get_int("positional/d_model", 0) == 128


def test_ctrl_number_switches_labs(make_window, qtbot):
    window = make_window("en")
    assert window.lab_actions[0].shortcut().toString() == "Ctrl+1"
    window.lab_actions[0].trigger()
    assert window.current_lab() is window.lab_widget(LABS[0].key)


def test_menus_have_export_and_quit_shortcuts(make_window):
    window = make_window("en")
    assert window.export_actions["png"].shortcut().toString() == "Ctrl+E"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert set(window.export_actions) == {"png", "svg", "csv", "json"}


def test_about_shows_versions_and_licences(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert app_version() in dialog.header.text()
    assert "pyqtgraph" in dialog.header.text()
    assert "NanumGothic" in dialog.licenses.toPlainText()


def test_bundled_font_has_hangul(qapp):
    assert font_path().is_file()
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    assert font_id >= 0
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    assert QFontDatabase.WritingSystem.Korean in QFontDatabase.writingSystems(family)
    assert (assets_dir() / "i18n" / "attention_lab_ko.qm").is_file()


def test_arguments():
    args = parse_args(["--lang", "ko", "--screenshot", "/tmp/x"])
    assert args.lang == "ko" and args.screenshot == "/tmp/x"


def test_the_app_never_imports_torch_at_start():
    code = (
        "import sys, json;"
        "import desktop_app.app, desktop_app.main_window, desktop_app.labs.positional.lab;"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []


def test_idle_window_imports_the_other_labs_modules_but_not_torch(tmp_path):
    """Opening a lab later then only builds widgets; the prefetch must never pull in torch (seconds of GUI time)."""
    code = (
        "import os, sys, json, time\n"
        "from desktop_app.app import create_window, ensure_application\n"
        "from desktop_app.labs import LABS\n"
        "from desktop_app.settings import Settings\n"
        "app = ensure_application([])\n"
        "settings = Settings(); settings.set('window/last_lab', 'positional')\n"
        "window = create_window(app, settings, 'en'); window.show()\n"
        "modules = [spec.widget_path.split(':')[0] for spec in LABS]\n"
        "end = time.time() + 20\n"
        "while time.time() < end and not all(m in sys.modules for m in modules):\n"
        "    app.processEvents(); time.sleep(0.01)\n"
        "print(json.dumps({'labs': all(m in sys.modules for m in modules), 'torch': 'torch' in sys.modules}))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ATTENTION_LAB_SETTINGS": str(tmp_path / "s.ini")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                         timeout=120).stdout
    assert json.loads(out.strip().splitlines()[-1]) == {"labs": True, "torch": False}


def test_window_and_welcome_page_are_shown_without_pyqtgraph_or_torch(tmp_path):
    """The first frame (the window, the welcome page) waits for neither pyqtgraph nor torch: the last lab is built
    after it. Checked in a fresh interpreter, since this test process has imported both already."""
    import subprocess
    import sys

    code = """
import sys
from PySide6.QtCore import QTimer
from desktop_app.app import create_window, ensure_application
from desktop_app.settings import Settings
app = ensure_application()
window = create_window(app, Settings(), "en")
window.show()
window.lessons.show_welcome()
app.processEvents()
print("pyqtgraph" in sys.modules, "torch" in sys.modules, window.current_lab() is None)
"""
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen",
           "ATTENTION_LAB_SETTINGS": str(tmp_path / "s.ini")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.split() == ["False", "False", "True"], out.stderr
