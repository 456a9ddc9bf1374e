"""Positional Encoding lab, driven as a user would: type values, hover, click, export."""
import csv
import json
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from conftest import wait_for_lab
from engine.positional import sinusoidal_encoding


@pytest.fixture
def lab(make_window, qtbot):
    window = make_window("en")
    lab = window.show_lab("positional")
    wait_for_lab(qtbot, lab)
    return lab


def type_into(qtbot, spin, text):
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key_Return)


def test_views_show_the_defaults(lab):
    assert lab.encoding_view.image.image.shape == (100, 128)
    assert lab.similarity_view.image.image.shape == (100, 100)
    np.testing.assert_allclose(lab.encoding_view.values, sinusoidal_encoding(100, 128))
    assert lab.waves_view.sin_curve.getData()[1].shape == (100,)


def test_typed_values_update_the_views_in_place(lab, qtbot):
    image_item = lab.encoding_view.image
    type_into(qtbot, lab.dim_control.spin, "64")
    type_into(qtbot, lab.positions_control.spin, "40")
    qtbot.waitUntil(lambda: lab.encoding_view.image.image.shape == (40, 64), timeout=5000)
    wait_for_lab(qtbot, lab)
    assert lab.encoding_view.image is image_item  # same item, new data
    assert lab.similarity_view.image.image.shape == (40, 40)
    assert lab.dim_control.slider.value() == (64 - 8) // 2  # slider follows the spin box
    assert lab.pair_spin.maximum() == 31


def test_slider_moves_the_spin_box(lab, qtbot):
    lab.positions_control.slider.setValue(9)  # index 9 -> 10 positions
    assert lab.positions_control.spin.value() == 10
    qtbot.waitUntil(lambda: lab.encoding_view.image.image.shape[0] == 10, timeout=5000)


@pytest.mark.parametrize("control,text,expected", [
    ("dim_control", "63", "must be even"),
    ("dim_control", "4", "between 8 and 1024"),
    ("dim_control", "2048", "between 8 and 1024"),
    ("positions_control", "0", "between 1 and 4096"),
    ("positions_control", "5000", "between 1 and 4096"),
])
def test_bad_values_are_refused_with_a_message(lab, qtbot, control, text, expected):
    widget = getattr(lab, control)
    before = widget.value()
    type_into(qtbot, widget.spin, text)
    assert widget.is_refused()
    assert expected in lab.messages.text()
    assert lab.messages.isVisible()
    assert expected in lab.window().statusBar().currentMessage()
    assert widget.value() == before
    qtbot.wait(100)
    assert lab.encoding_view.image.image.shape == (100, 128)  # views unchanged
    # A good value clears the message.
    type_into(qtbot, widget.spin, "32")
    assert not lab.messages.isVisible()


def test_refusal_message_is_translated(lab, qtbot):
    lab.window().set_language("ko")
    type_into(qtbot, lab.dim_control.spin, "63")
    assert "짝수" in lab.messages.text()
    lab.window().set_language("en")
    qtbot.waitUntil(lambda: "must be even" in lab.messages.text(), timeout=2000)


def test_hover_fills_in_the_formula(lab):
    lab.encoding_view.cell_hovered.emit(12, 6, float(lab.encoding_view.values[12, 6]))
    text = " ".join(lab.formula_panel.plain_lines())
    assert "PE(12, 6) = sin(12 / 10000^(6/128))" in text
    assert f"{np.sin(12 / 10000 ** (6 / 128)):.6f}" in text
    assert "position 12, dimension 6" in lab.window().statusBar().currentMessage()
    lab.similarity_view.cell_hovered.emit(3, 10, float(lab.similarity_view.values[3, 10]))
    assert "|p − q| = 7" in " ".join(lab.formula_panel.plain_lines())


def test_hover_maps_the_mouse_to_the_exact_cell(lab, qtbot):
    view = lab.encoding_view
    scene_pos = view.plot.getViewBox().mapViewToScene(QPointF(5.2, 12.9))  # x = dimension, y = position
    with qtbot.waitSignal(view.cell_hovered, timeout=1000) as blocker:
        view._on_scene_mouse_moved(scene_pos)
    row, col, value = blocker.args
    assert (row, col) == (13, 5)
    assert value == pytest.approx(sinusoidal_encoding(100, 128)[13, 5])
    assert lab.waves_view.cursor.isVisible() and lab.waves_view.cursor.value() == 13


def test_clicking_a_column_shows_its_wave(lab):
    lab.encoding_view.cell_clicked.emit(5, 21, 0.0)
    assert lab.pair_spin.value() == 10
    np.testing.assert_allclose(lab.waves_view.cos_curve.getData()[1], sinusoidal_encoding(100, 128)[:, 21])
    assert "dimensions 20 and 21" in lab.waves_view.caption.text()


def test_wavelength_text(lab):
    lab.pair_spin.setValue(3)
    expected = 2 * np.pi * 10000 ** (6 / 128)
    assert f"2π·10000^(6/128) = {expected:,.1f} positions" in lab.waves_view.caption.text()


def test_exports(lab, tmp_path, qtbot):
    window = lab.window()
    # PNG of the current view (File > Export), and of each view.
    window.export_current("png", tmp_path / "current.png")
    assert (tmp_path / "current.png").read_bytes().startswith(b"\x89PNG")
    from desktop_app.widgets.export import export_view

    for key in ("waves", "encoding", "similarity"):
        target = lab.export_target(key)
        export_view(target, "png", tmp_path / f"{key}.png")
        assert (tmp_path / f"{key}.png").read_bytes()[:4] == b"\x89PNG"
        export_view(target, "svg", tmp_path / f"{key}.svg")
        root = ET.parse(tmp_path / f"{key}.svg").getroot()
        assert root.tag.endswith("svg")
        export_view(target, "json", tmp_path / f"{key}.json")
        payload = json.loads((tmp_path / f"{key}.json").read_text(encoding="utf-8"))
        assert payload["meta"]["lab"] == "positional"
        assert payload["meta"]["d_model"] == 128 and payload["meta"]["n_positions"] == 100
        export_view(target, "csv", tmp_path / f"{key}.csv")

    rows = list(csv.reader(open(tmp_path / "encoding.csv", encoding="utf-8")))
    assert len(rows) == 1 + 100 and all(len(r) == 1 + 128 for r in rows)
    assert rows[0][1] == "dim 0" and rows[1][0] == "pos 0"
    np.testing.assert_allclose(np.array(rows[13][1:], float), sinusoidal_encoding(100, 128)[12])
    rows = list(csv.reader(open(tmp_path / "similarity.csv", encoding="utf-8")))
    assert len(rows) == 101 and len(rows[0]) == 101
    rows = list(csv.reader(open(tmp_path / "waves.csv", encoding="utf-8")))
    assert rows[0] == ["position", "dim 4 (sin)", "dim 5 (cos)"] and len(rows) == 101
    payload = json.loads((tmp_path / "encoding.json").read_text(encoding="utf-8"))
    assert np.array(payload["matrix"]).shape == (100, 128)


def test_export_controller_writes_in_the_background_and_reports_errors(lab, tmp_path, qtbot):
    controller = lab.window().export_controller
    messages = []
    controller.message.connect(messages.append)
    controller.export_to(lab.export_target("similarity"), "csv", str(tmp_path / "sim.csv"))
    qtbot.waitUntil(lambda: any(m.startswith("Exported") for m in messages), timeout=5000)
    assert (tmp_path / "sim.csv").exists()
    controller.export_to(lab.export_target("encoding"), "json", str(tmp_path / "missing-dir" / "x.json"))
    qtbot.waitUntil(lambda: any(m.startswith("Could not write") for m in messages), timeout=5000)
    box = lab.window().findChild(__import__("PySide6.QtWidgets", fromlist=["QMessageBox"]).QMessageBox)
    assert box is not None  # shown non-modally; the app carries on
    box.close()


def test_controls_are_remembered(lab, qtbot, make_window):
    type_into(qtbot, lab.dim_control.spin, "256")
    lab.pair_spin.setValue(7)
    lab.window().close()
    window = make_window("en")
    qtbot.waitUntil(lambda: window.lab_widget("positional") is not None)  # the last lab opens after the first frame
    again = window.lab_widget("positional")
    assert again.d_model() == 256
    assert again.pair_spin.value() == 7


def test_largest_update_keeps_the_gui_thread_free(lab, qtbot):
    """d=1024, P=4096: the 4096 x 4096 similarity is computed in the worker; the GUI thread only paints."""
    lab.dim_control.set_value(1024)
    lab.positions_control.set_value(4096)
    qtbot.waitUntil(lambda: lab.encoding_view.values.shape == (4096, 1024), timeout=30000)
    assert lab.similarity_view.values.shape == (4096, 4096)
    assert lab.similarity_view.image.image.shape == (1024, 1024)  # shown with stride 4
    assert lab.last_gui_update_ms < 250, lab.last_gui_update_ms  # generous for CI; measured ~30-60 ms
    lab.encoding_view.cell_hovered.emit(4095, 1023, float(lab.encoding_view.values[4095, 1023]))
    assert "PE(4095, 1023) = cos(" in " ".join(lab.formula_panel.plain_lines())


def test_every_visible_text_follows_the_language(lab, qtbot):
    window = lab.window()
    window.set_language("ko")
    qtbot.waitUntil(lambda: lab.title_label.text() == "위치 인코딩", timeout=2000)
    assert "위치 100개" in lab.encoding_view.plot.titleLabel.text
    window.set_language("en")
    qtbot.waitUntil(lambda: lab.title_label.text() == "Positional Encoding", timeout=2000)
    assert lab.encoding_view.plot.titleLabel.text == "PE: 100 positions × 128 dimensions"
    assert lab.waves_view.caption.text().startswith("Pair i = 2")
