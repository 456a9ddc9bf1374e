"""GRU Gates lab with a tiny randomly initialised model: heatmap shapes, equations with numbers, sync with Seq2Seq."""
import math
import re

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from test_seq2seq_lab import TINY_HIDDEN, make_tiny_models, press, type_sentence, wait_ready  # noqa: F401


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    return make_tiny_models(tmp_path_factory.mktemp("gru_models"))


@pytest.fixture
def window(make_window, monkeypatch, tiny_models):
    monkeypatch.setenv("ATTENTION_LAB_SEQ2SEQ_MODELS", str(tiny_models))
    return make_window("en")


@pytest.fixture
def lab(window, qtbot):
    lab = window.show_lab("gru")
    wait_ready(qtbot, lab)
    return lab


def set_side(lab, side):
    lab.side_combo.setCurrentIndex(lab.side_combo.findData(side))


def click_cell(qtbot, view, row, col):
    """A real mouse click on the centre of cell (row, col)."""
    scene = view.plot.getViewBox().mapViewToScene(QPointF(col, row))
    pos = view.mapFromScene(scene)
    with qtbot.waitSignal(view.cell_clicked, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=pos)
    return blocker.args


def test_four_heatmaps_with_the_right_shapes(lab, qtbot):
    st = lab.session.stepper
    n_src = len(st.source_tokens)
    for gate in ("z", "r", "n", "h"):
        assert lab.views[gate].image.image.shape == (TINY_HIDDEN, n_src)
    np.testing.assert_allclose(lab.views["z"].values, st.encoder.z.T)
    np.testing.assert_allclose(lab.views["h"].values, st.encoder.outputs.T)
    assert lab.views["z"].colorbar.levels() == (0.0, 1.0) and lab.views["h"].colorbar.levels() == (-1.0, 1.0)
    set_side(lab, "decoder")
    assert "not taken a step" in lab.message_label.text()
    for view in lab.views.values():  # no columns yet: the maps say what will come, not a block of colour
        assert view.is_empty() and not view.image.isVisible() and "Press Step" in view.empty_item.toPlainText()
    for _ in range(3):
        press(qtbot, lab, Qt.Key_Space)
    for gate in ("z", "r", "n", "h"):
        assert lab.views[gate].image.image.shape == (TINY_HIDDEN, 3)
    np.testing.assert_allclose(lab.views["r"].values[:, 2], lab.session.steps[2].r)


@pytest.mark.parametrize("side", ["encoder", "decoder"])
def test_a_clicked_cell_shows_equations_that_reproduce_the_gates(lab, qtbot, side):
    if side == "decoder":
        set_side(lab, "decoder")
        for _ in range(3):
            press(qtbot, lab, Qt.Key_Space)
    row, col, value = click_cell(qtbot, lab.views["z"], 5, 2)
    assert (row, col) == (5, 2)
    unit, t = lab.selected
    assert unit == int(lab.order[5]) and t == 2
    for view in lab.views.values():  # the unit and the time step are marked beside every map
        assert view.plot.getAxis("left").mark == 5 and view.plot.getAxis("bottom").mark == 2
    lines = lab.equation_lines()
    assert len(lines) == 4 and "σ(" in lines[0] and "tanh(" in lines[2]
    r_in, r_h, r = [float(x) for x in re.findall(r"-?\d+\.\d+", lines[0])]
    z_in, z_h, z = [float(x) for x in re.findall(r"-?\d+\.\d+", lines[1])]
    n_in, n_r, n_h, n = [float(x) for x in re.findall(r"-?\d+\.\d+", lines[2])]
    _one_z, n_again, z_again, h_prev, h = [float(x) for x in re.findall(r"-?\d+\.\d+", lines[3])][-5:]
    sig = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    assert sig(r_in + r_h) == pytest.approx(float(lab.views["r"].values[5, 2]), abs=1e-5)
    assert sig(z_in + z_h) == pytest.approx(value, abs=1e-5)  # the clicked z
    assert math.tanh(n_in + n_r * n_h) == pytest.approx(float(lab.views["n"].values[5, 2]), abs=1e-5)
    assert (1 - z) * n + z * h_prev == pytest.approx(float(lab.views["h"].values[5, 2]), abs=1e-5)
    assert h == pytest.approx(float(lab.views["h"].values[5, 2]), abs=1e-5)
    # the unit's four lines over time
    np.testing.assert_allclose(lab.unit_curves["h"].getData()[1], lab.matrices["h"][unit])
    assert "Unit" in lab.window().statusBar().currentMessage()


def test_the_two_labs_stay_in_sync(window, lab, qtbot):
    set_side(lab, "decoder")
    s2s = window.show_lab("seq2seq")
    assert s2s.session is lab.session
    for _ in range(2):
        press(qtbot, s2s, Qt.Key_Space)
    window.show_lab("gru")
    assert lab.views["h"].image.image.shape[1] == 2
    press(qtbot, lab, Qt.Key_Space)  # stepping in the GRU lab moves the Seq2Seq lab too
    assert s2s.step_button.isEnabled() and s2s.back_button.isEnabled()
    window.show_lab("seq2seq")  # a lab behind another redraws when it is shown
    assert s2s.alignment_view.image.image.shape[0] == 3
    window.show_lab("gru")
    press(qtbot, lab, Qt.Key_Left)
    window.show_lab("seq2seq")
    assert s2s.alignment_view.image.image.shape[0] == 2
    window.show_lab("gru")
    assert lab.views["h"].image.image.shape[1] == 2
    # a new sentence typed in the Seq2Seq lab reaches the GRU lab
    window.show_lab("seq2seq")
    type_sentence(qtbot, s2s, "She has a red car.")
    assert lab.sentence_combo.currentText() == "She has a red car."
    set_side(lab, "encoder")
    assert lab.views["z"].image.image.shape[1] == len(lab.session.stepper.source_tokens)
    # and a model chosen in the GRU lab is the Seq2Seq lab's model
    window.show_lab("gru")
    lab.model_combo.setCurrentIndex(lab.model_combo.findData("plain"))
    lab.model_combo.activated.emit(lab.model_combo.currentIndex())
    qtbot.waitUntil(lambda: lab.session.stepper is not None and lab.session.stepper.config.attention == "plain",
                    timeout=20000)
    assert s2s.model_combo.currentData() == "plain"


def test_unit_range_and_sorting(lab, qtbot):
    lab.unit_from.setValue(2)
    lab.unit_to.setValue(5)
    assert lab.views["z"].image.image.shape[0] == 4
    assert [int(x) for x in lab.order] == [2, 3, 4, 5]
    lab.unit_from.setValue(0)
    lab.unit_to.setValue(TINY_HIDDEN - 1)
    lab.sort_combo.setCurrentIndex(lab.sort_combo.findData("z"))
    means = lab.views["z"].values.mean(axis=1)
    assert np.all(np.diff(means) <= 1e-7)  # highest mean update gate first
    row, col, _value = click_cell(qtbot, lab.views["h"], 0, 1)
    assert lab.selected == (int(lab.order[0]), 1)


def test_language_switch_retranslates(lab, qtbot):
    lab.select(1, 1)
    window = lab.window()
    window.set_language("ko")
    qtbot.waitUntil(lambda: lab.title_label.text() == "GRU 게이트", timeout=2000)
    assert "업데이트 게이트" in lab.view_titles["z"].text()
    window.set_language("en")
    qtbot.waitUntil(lambda: lab.title_label.text() == "GRU Gates", timeout=2000)
    assert lab.view_titles["z"].text().startswith("Update gate z")


def test_export_gate_matrix(lab, tmp_path):
    lab.current_view_key = "n"
    lab.window().export_current("csv", tmp_path / "n.csv")
    text = (tmp_path / "n.csv").read_text(encoding="utf-8")
    assert "unit 0" in text and "eating" in text
