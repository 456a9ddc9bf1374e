"""The Qt bindings themselves: a build that drops references to None crashes the app after some paints."""
from desktop_app.qt_compat import pyside_drops_none_references


def test_pyside_keeps_its_references_to_none(qapp):
    assert not pyside_drops_none_references()
