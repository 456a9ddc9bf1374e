"""Seq2Seq & Attention lab, driven by keys and clicks with a tiny randomly initialised model (no trained weights)."""
import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.engine.seq2seq_tiny import TINY_HIDDEN, TINY_MAX_LEN, TINY_MAX_SRC, make_tiny_models  # noqa: F401

SHIPPED = Path(__file__).resolve().parents[2] / "assets" / "models" / "seq2seq"


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    return make_tiny_models(tmp_path_factory.mktemp("seq2seq_models"))


@pytest.fixture
def use_models(monkeypatch):
    def use(folder):
        monkeypatch.setenv("ATTENTION_LAB_SEQ2SEQ_MODELS", str(folder))
    return use


def wait_ready(qtbot, lab, timeout=20000):
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.session.stepper is not None, timeout=timeout)


@pytest.fixture
def lab(make_window, qtbot, tiny_models, use_models):
    use_models(tiny_models)
    window = make_window("en")
    lab = window.show_lab("seq2seq")
    wait_ready(qtbot, lab)
    assert lab.session.model_name == "additive"  # the best available by default
    return lab


def press(qtbot, lab, key):
    """A key on the window, then until its move is applied and drawn (the StepController coalesces moves per frame)."""
    qtbot.keyClick(lab.window(), key)
    wait_idle(qtbot, lab)


def wait_idle(qtbot, lab, timeout=20000):
    qtbot.waitUntil(lambda: not lab.is_busy(), timeout=timeout)


def type_sentence(qtbot, lab, text):
    edit = lab.sentence_combo.lineEdit()
    edit.setText(text)
    qtbot.keyClick(edit, Qt.Key_Return)


def test_keys_drive_a_full_translation(lab, qtbot):
    view = lab.alignment_view
    image_item = view.image
    n_src = len(lab.session.stepper.source_tokens)
    steps = 0
    while not lab.session.finished:
        press(qtbot, lab, Qt.Key_Space)
        steps += 1
        assert len(lab.session.steps) == steps
        assert view.image.image.shape == (steps, n_src)  # one row per step
        np.testing.assert_allclose(view.values.sum(axis=1), 1.0, atol=1e-5)  # every row a distribution
        # the newest row is marked beside the map (its label), nothing is drawn over its weights
        assert view.current_row == steps - 1 and view.plot.getAxis("left").mark == steps - 1
        assert not lab.highlight.isVisible()
        assert steps <= TINY_MAX_LEN
    assert steps == TINY_MAX_LEN or lab.session.steps[-1].token == "</s>"
    assert view.image is image_item  # updated in place
    assert not lab.step_button.isEnabled()
    press(qtbot, lab, Qt.Key_Space)  # past the end: nothing happens
    assert len(lab.session.steps) == steps
    press(qtbot, lab, Qt.Key_Left)
    assert len(lab.session.steps) == steps - 1 and view.image.image.shape[0] == steps - 1
    press(qtbot, lab, Qt.Key_Right)
    assert len(lab.session.steps) == steps
    press(qtbot, lab, Qt.Key_Home)
    assert len(lab.session.steps) == 0 and view.current_row is None
    assert view.is_empty() and not view.image.isVisible() and view.empty_item.isVisible()  # says what will come
    assert "Press Step" in view.empty_item.toPlainText() and lab.context_view.is_empty()
    # the context vector of the newest row
    press(qtbot, lab, Qt.Key_Space)
    np.testing.assert_allclose(lab.context_view.values[0], lab.session.steps[-1].context)


def test_space_in_the_sentence_box_types_a_space(lab, qtbot):
    edit = lab.sentence_combo.lineEdit()
    edit.setFocus()
    edit.setText("We")
    qtbot.keyClick(edit, Qt.Key_Space)
    assert edit.text() == "We " and len(lab.session.steps) == 0


def test_hover_gives_the_exact_weight(lab, qtbot):
    press(qtbot, lab, Qt.Key_Space)
    press(qtbot, lab, Qt.Key_Space)
    weight = float(lab.session.steps[1].attention[2])
    lab.alignment_view.cell_hovered.emit(1, 2, weight)
    assert f"{weight:.6f}" in lab.window().statusBar().currentMessage()
    assert f"{weight:.4f}" in " ".join(lab.formula_panel.plain_lines())
    assert lab.alignment_view.tooltip_formatter("2: x", "eating", weight).endswith(f"{weight:.4f}")


def test_clicking_a_candidate_forces_it(lab, qtbot):
    press(qtbot, lab, Qt.Key_Space)
    first = lab.session.steps[-1]
    ids = lab.topk_view.candidate_ids()
    assert ids[0] == first.token_id and len(ids) == 5
    np.testing.assert_allclose([b.value() for b in lab.topk_view.bars], np.round(first.top_probs * 1000), atol=1)
    qtbot.mouseClick(lab.topk_view.buttons[2], Qt.LeftButton)
    wait_idle(qtbot, lab)
    forced = lab.session.steps[-1]
    assert len(lab.session.steps) == 1 and forced.token_id == ids[2] and forced.forced
    assert lab.topk_view.buttons[2].text() == forced.token
    press(qtbot, lab, Qt.Key_Space)  # decoding continues from the forced token
    assert lab.session.steps[-1].input_id == ids[2]
    assert lab.alignment_view.image.image.shape[0] == 2


def test_play_steps_by_itself(lab, qtbot):
    lab.speed_spin.setValue(20)
    qtbot.mouseClick(lab.play_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: lab.session.finished, timeout=5000)
    qtbot.waitUntil(lambda: not lab.play_button.isChecked(), timeout=2000)


def test_beam_view_draws_a_tree(lab, qtbot):
    lab.tabs.setCurrentIndex(1)
    lab.beam_width_spin.setValue(3)
    qtbot.mouseClick(lab.beam_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: lab.beam_view.result is not None, timeout=10000)
    result = lab.beam_view.result
    assert result.width == 3 and len(lab.beam_view.node_items) == len(result.nodes) > 3
    assert lab.beam_view.edge_count == len(result.nodes)
    assert result.translation in lab.beam_result_label.text()
    # a new sentence clears the tree
    type_sentence(qtbot, lab, "She has a red car.")
    assert lab.beam_view.result is None


@pytest.mark.parametrize("text,expected", [
    ("", "empty"),
    ("    ", "empty"),
    ("안녕하세요 😀 bread", "<unk>"),
    ("bread " * 900, "at most"),  # 5,400 characters: cut, and longer than the model reads
    ("zzyzx qwv eating", ""),
])
def test_bad_inputs_give_a_message_not_a_crash(lab, qtbot, text, expected):
    type_sentence(qtbot, lab, text)
    if expected == "empty":
        assert lab.session.stepper is None
        assert "empty" in lab.message_label.text() and lab.message_label.isVisible()
        assert not lab.step_button.isEnabled()
        press(qtbot, lab, Qt.Key_Space)  # nothing to step: no crash
        return
    assert lab.session.stepper is not None
    assert expected in lab.message_label.text()
    if "at most" in expected:
        assert "5000 characters" in lab.message_label.text()
        assert len(lab.session.stepper.source_tokens) == TINY_MAX_SRC
    while not lab.session.finished:
        press(qtbot, lab, Qt.Key_Space)
    np.testing.assert_allclose(lab.alignment_view.values.sum(axis=1), 1.0, atol=1e-5)


def test_plain_model_says_it_has_no_attention(lab, qtbot):
    lab.model_combo.setCurrentIndex(lab.model_combo.findData("plain"))
    lab.model_combo.activated.emit(lab.model_combo.currentIndex())
    qtbot.waitUntil(lambda: lab.session.model_name == "plain" and lab.session.stepper is not None
                    and lab.session.stepper.config.attention == "plain" and not lab.is_busy(), timeout=20000)
    assert lab.alignment_stack.currentWidget() is lab.plain_label
    assert "no attention" in lab.plain_label.text()
    press(qtbot, lab, Qt.Key_Space)
    np.testing.assert_allclose(lab.context_view.values[0], lab.session.stepper.encoder.final_state)
    assert lab.current_export_view() is None or lab.current_view_key != "alignment"
    assert "h_S" in lab.model_combo.itemData(lab.model_combo.findData("plain"), Qt.ToolTipRole)
    assert "vᵀ tanh" in lab.model_combo.itemData(lab.model_combo.findData("additive"), Qt.ToolTipRole)


def test_compare_and_bleu_by_length(lab, qtbot, tiny_models):
    lab.tabs.setCurrentIndex(2)
    assert set(lab.bleu_chart.bars) == set()  # the tiny models have no metrics.json
    assert "plain" in lab.bleu_missing_label.text()
    qtbot.mouseClick(lab.compare_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: lab.compare_table.rowCount() == 2 and not lab.is_busy(), timeout=20000)
    assert [lab.compare_table.item(i, 0).text() for i in range(2)] == ["plain", "additive"]
    assert all(lab.compare_table.item(i, 1).text() for i in range(2))


def test_bleu_chart_reads_metrics(make_window, qtbot, tmp_path, tiny_models, use_models):
    import shutil

    root = tmp_path / "models"
    shutil.copytree(tiny_models, root)
    metrics = {"test_bleu": 20.0, "test_bleu_by_source_tokens": {
        "1-5": {"pairs": 10, "bleu_lowercase": 30.0}, "16+": {"pairs": 3, "bleu_lowercase": 5.0},
        "6-10": {"pairs": 8, "bleu_lowercase": 20.0}}}
    (root / "additive" / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    use_models(root)
    window = make_window("en")
    lab = window.show_lab("seq2seq")
    wait_ready(qtbot, lab)
    assert set(lab.bleu_chart.bars) == {"additive"}
    np.testing.assert_allclose(lab.bleu_chart.bars["additive"].opts["height"], [30.0, 20.0, 5.0])
    assert "plain" in lab.bleu_missing_label.text() and "additive" not in lab.bleu_missing_label.text()


def test_no_models_on_disk_gives_a_message(make_window, qtbot, tmp_path, use_models):
    use_models(tmp_path / "nothing here")
    window = make_window("en")
    lab = window.show_lab("seq2seq")
    assert "No trained seq2seq model" in lab.message_label.text() and lab.message_label.isVisible()
    assert not lab.step_button.isEnabled() and not lab.model_combo.isEnabled()
    press(qtbot, lab, Qt.Key_Space)
    assert lab.current_export_view() is None
    window.set_language("ko")
    qtbot.waitUntil(lambda: "No trained" not in lab.message_label.text(), timeout=2000)
    gru = window.show_lab("gru")
    assert gru.message_label.isVisible() and gru.message_label.text()


def test_a_broken_model_folder_gives_a_message(make_window, qtbot, tmp_path, tiny_models, use_models):
    import shutil

    root = tmp_path / "models"
    shutil.copytree(tiny_models, root)
    (root / "additive" / "model.safetensors").write_bytes(b"not a safetensors file")
    use_models(root)
    window = make_window("en")
    lab = window.show_lab("seq2seq")
    qtbot.waitUntil(lambda: not lab.is_busy() and bool(lab.session.load_error), timeout=20000)
    assert "Could not load the additive model" in lab.message_label.text()
    press(qtbot, lab, Qt.Key_Space)


def test_language_switch_retranslates(lab, qtbot):
    press(qtbot, lab, Qt.Key_Space)
    window = lab.window()
    window.set_language("ko")
    qtbot.waitUntil(lambda: lab.title_label.text() != "Seq2Seq & Attention", timeout=2000)
    assert lab.tabs.tabText(1) != "Beam search" and lab.step_button.text() != "Step ▶"
    window.set_language("en")
    qtbot.waitUntil(lambda: lab.title_label.text() == "Seq2Seq & Attention", timeout=2000)
    assert lab.tabs.tabText(1) == "Beam search"


def test_export_alignment(lab, qtbot, tmp_path):
    press(qtbot, lab, Qt.Key_Space)
    press(qtbot, lab, Qt.Key_Space)
    window = lab.window()
    window.export_current("csv", tmp_path / "a.csv")
    text = (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert "eating" in text
    window.export_current("png", tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.skipif(not (SHIPPED / "additive" / "model.safetensors").is_file(), reason="shipped model not trained yet")
def test_shipped_additive_model_translates_the_lecture_sentence(make_window, qtbot, monkeypatch):
    monkeypatch.delenv("ATTENTION_LAB_SEQ2SEQ_MODELS", raising=False)
    window = make_window("en")
    lab = window.show_lab("seq2seq")
    if lab.session.model_name != "additive":
        lab.session.select_model("additive")
    wait_ready(qtbot, lab, timeout=60000)
    lab.session.run_to_end()
    wait_idle(qtbot, lab)
    assert lab.session.stepper.translation
    np.testing.assert_allclose(lab.alignment_view.values.sum(axis=1), 1.0, atol=1e-5)


def test_enter_in_the_sentence_box_then_space_steps(make_window, qtbot):
    """A lecturer types a sentence, presses Enter, then steps with Space: the keys step, they do not type."""
    window = make_window("en")
    lab = window.show_lab("seq2seq")
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.session.state is not None, timeout=60000)
    edit = lab.sentence_combo.lineEdit()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "I like tea.")
    qtbot.keyClick(edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.session.sentence == "I like tea.", timeout=60000)
    qtbot.waitUntil(lambda: not edit.hasFocus())
    before = lab.session.state.n_steps
    qtbot.keyClick(window.focusWidget(), Qt.Key_Space)
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.session.state.n_steps == before + 1, timeout=10000)
    assert lab.sentence_combo.currentText() == "I like tea."
    qtbot.keyClick(edit, Qt.Key_PageDown)  # a clicker steps even from the text box
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.session.state.n_steps == before + 2, timeout=10000)


def click_cell(qtbot, view, row, col):
    """A real mouse click on a cell of a HeatmapView."""
    from PySide6.QtCore import QPointF

    scene_pos = view.plot.getViewBox().mapViewToScene(QPointF(col, row))
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.mapFromScene(scene_pos))


def test_what_if_it_looked_here_then_take_the_step(lab, qtbot, tmp_path):
    press(qtbot, lab, Qt.Key_Space)
    panel, j = lab.whatif_panel, 2
    assert panel.result is None and not panel.take_button.isEnabled() and panel.hint == "pick"
    seen = []
    lab.alignment_view.cell_clicked.connect(lambda r, c, v: seen.append((r, c)))
    click_cell(qtbot, lab.alignment_view, 0, j)  # a source token's column: all of step 2's attention there
    assert seen == [(0, j)]
    r = panel.result
    assert r is not None and r.step == 1 and r.source == j and len(lab.session.steps) == 1  # a preview only
    np.testing.assert_array_equal(r.after.context, lab.session.stepper.encoder.outputs[j])
    for view, step in ((panel.before_view, r.before), (panel.after_view, r.after)):  # side by side
        assert [b.text() for b in view.buttons] == list(step.top_tokens)
        assert [v.text() for v in view.values] == [f"{p * 100:.1f}%" for p in step.top_probs]
        assert view.buttons[0].font().bold()  # the token each would write
    assert r.after.token in panel.summary.text() and lab.alignment_view.plot.getAxis("bottom").mark == j
    assert lab.lesson_state()["settings"]["attend"] == j + 1
    window = lab.window()
    window.export_current("csv", tmp_path / "w.csv")  # the panel was used last: File > Export means it
    assert "before" in (tmp_path / "w.csv").read_text(encoding="utf-8")
    qtbot.mouseClick(panel.take_button, Qt.LeftButton)
    wait_idle(qtbot, lab)
    taken = lab.session.steps[-1]
    assert len(lab.session.steps) == 2 and taken.overridden and taken.token_id == r.after.token_id
    np.testing.assert_array_equal(lab.alignment_view.values[1], np.eye(len(r.weights))[j])
    assert lab.alignment_view.row_label(1).endswith("◆") and not lab.alignment_view.row_label(0).endswith("◆")
    assert panel.result is None and "attend" not in lab.lesson_state()["settings"]  # a new step: choose again
    press(qtbot, lab, Qt.Key_Left)  # Back undoes it as any step
    assert len(lab.session.steps) == 1
    # a lesson shows a what-if (half of the attention moved onto source token 1)
    lab.apply_lesson_state({"input": lab.session.sentence, "model": "additive", "step": 1,
                            "settings": {"tab": "step", "attend": 1, "attend_mix": 50}})
    wait_idle(qtbot, lab)
    assert panel.result.source == 0 and panel.result.mix == 0.5
    assert lab.lesson_state()["settings"] == {"tab": "step", "attend": 1, "attend_mix": 50}


def test_a_run_saved_by_the_training_lab_opens_in_the_seq2seq_lab(make_window, qtbot, tmp_path):
    """Training lab -> Save run -> the Seq2Seq lab's Open… button: the run joins the model list and translates."""
    from engine.train.live import LiveConfig, LiveTrainer

    trainer = LiveTrainer(LiveConfig(task="reverse", attention="additive", hidden=16, seed=0))
    trainer.train_for(steps=5)
    folder = trainer.save(tmp_path / "my_run")
    window = make_window("en")
    lab = window.show_lab("seq2seq")
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.session.state is not None, timeout=60000)
    assert not lab.controls.open_model_folder(tmp_path)  # no config.json there: a message, nothing changes
    assert "is not a Seq2Seq model folder" in lab.controls.messages.text()
    lab.sentence_combo.setEditText("a b c d e")
    assert lab.controls.open_model_folder(folder)
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.session.model_name == "my_run"
                    and lab.session.model is not None, timeout=60000)
    assert lab.model_combo.currentData() == "my_run"
    lab.session.set_sentence("a b c d e")
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.session.state is not None
                    and lab.session.state.source_tokens[:2] == ("a", "b"), timeout=60000)
    lab.step_controller().step()
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.session.state.n_steps == 1, timeout=10000)


def test_before_the_first_step_a_column_of_the_empty_map_asks_what_if(lab, qtbot):
    view, panel = lab.alignment_view, lab.whatif_panel
    assert len(lab.session.steps) == 0 and view.is_empty() and panel.hint == "pick"
    columns = []
    view.column_clicked.connect(columns.append)
    click_cell(qtbot, view, 0, 1)  # no rows yet: the click is on source token 2's column
    assert columns == [1]
    assert panel.result is not None and panel.result.step == 0 and panel.result.source == 1
    assert view.plot.getAxis("bottom").mark == 1  # the chosen token marked under the map
