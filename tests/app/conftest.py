"""pytest-qt fixtures for the desktop app: offscreen Qt, a throwaway settings file per test."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Offscreen Qt's own screen is 800 x 800, and the window never grows past its screen: the tests get a desktop's
# 1920 x 1080, as every offscreen run of the app does (tests/app/test_fit.py checks projector sizes on their own).
from desktop_app.app import give_offscreen_a_desktop_screen  # noqa: E402

give_offscreen_a_desktop_screen()

import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def working_qt_bindings():
    """Refuse to run the GUI tests on bindings known to crash (they would kill the whole pytest process)."""
    from desktop_app.qt_compat import BROKEN_PYSIDE_MESSAGE, pyside_drops_none_references

    if pyside_drops_none_references():
        pytest.fail(BROKEN_PYSIDE_MESSAGE, pytrace=False)


@pytest.fixture(autouse=True)
def settings_path(tmp_path, monkeypatch):
    """Every test gets its own settings file, so no test sees another's (or the user's) settings."""
    path = tmp_path / "attention-lab.ini"
    monkeypatch.setenv("ATTENTION_LAB_SETTINGS", str(path))
    return path


@pytest.fixture
def make_window(qtbot, qapp):
    """Build the main window the way `main` does; closes it (saving settings) at the end."""
    from desktop_app.app import create_window
    from desktop_app.settings import Settings

    windows = []

    def make(language="en"):
        window = create_window(qapp, Settings(), language)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def wait_for_lab(qtbot, lab, timeout=10000):
    """Until the lab's worker has delivered and the views show the current controls."""
    qtbot.waitUntil(lambda: not lab.is_busy() and lab._result is not None, timeout=timeout)
    qtbot.wait(1)
