"""The Qt bindings themselves: a build that drops references to None crashes the app after some paints."""
from desktop_app.qt_compat import pyside_drops_none_references


def test_pyside_keeps_its_references_to_none(qapp):
    assert not pyside_drops_none_references()


def test_missing_x11_libraries_are_named_as_packages(monkeypatch):
    import ctypes

    from desktop_app import qt_compat

    def no_cursor(name, *a, **k):
        if name == "libxcb-cursor.so.0":
            raise OSError(name)

    monkeypatch.setattr(ctypes, "CDLL", no_cursor)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    expected = ["libxcb-cursor0"] if qt_compat.sys.platform.startswith("linux") else []
    assert qt_compat.missing_x11_packages() == expected
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert qt_compat.missing_x11_packages() == []
