"""GPT lab on a tiny random model (ATTENTION_LAB_GPT_MODEL): keys, candidates, sampling, the causal map, BERT vs GPT,
bad input and a broken folder, both languages."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from tests.engine.gpt_tiny import make_tiny_gpt_folder


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory):
    return make_tiny_gpt_folder(tmp_path_factory.mktemp("gptlab") / "tiny", block_size=16)


@pytest.fixture
def env(tiny_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("ATTENTION_LAB_GPT_MODEL", str(tiny_folder))
    monkeypatch.setenv("ATTENTION_LAB_BERT_MODEL", str(tmp_path / "no-bert"))
    from desktop_app.settings import Settings

    settings = Settings()  # the tiny model's vocabulary has these words (the lab's first example is everyday English)
    settings.set("gpt/prompt", "The game was released in")
    settings.sync()
    return tiny_folder


def wait_idle(qtbot, lab, timeout=30000):
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.state is not None, timeout=timeout)
    qtbot.wait(1)


@pytest.fixture
def lab(env, make_window, qtbot):
    window = make_window("en")
    lab = window.show_lab("gpt")
    lab.setFocus()
    wait_idle(qtbot, lab, timeout=60000)  # the first load imports torch in the worker
    return lab


def press(qtbot, lab, key, times=1):
    for _ in range(times):
        qtbot.keyClick(lab, key)
    wait_idle(qtbot, lab)


def test_lab_is_listed_after_bert():
    from desktop_app.labs import LABS

    keys = [spec.key for spec in LABS]
    assert keys.index("gpt") == keys.index("bert") + 1


def test_prompt_is_read_and_the_map_is_causal(lab):
    s = lab.state
    assert s.tokens == ("[CLS]", "the", "game", "was", "released", "in") and s.n_steps == 0
    assert lab.generate_tab.grid.shape == (2, 2)
    assert lab.generate_tab.large_view.values.shape == (6, 6)
    for layer in range(2):
        for head in range(2):
            m = s.attention[layer, head]
            assert np.all(np.triu(m, 1) == 0)  # exactly nothing above the diagonal
            np.testing.assert_allclose(m.sum(1), 1.0, atol=1e-5)
    assert len(lab.generate_tab.topk_view.tokens) == 10
    assert "[UNK]" not in lab.generate_tab.topk_view.tokens


def test_keys_step_back_reset_and_the_map_grows(lab, qtbot):
    image_item = lab.generate_tab.grid.images[0][0]
    press(qtbot, lab, Qt.Key_Space)
    assert lab.state.n_steps == 1 and lab.generate_tab.large_view.values.shape == (7, 7)
    assert lab.generate_tab.large_view.current_row == 6  # the row that made the prediction, marked beside the map
    press(qtbot, lab, Qt.Key_Right, times=2)
    assert lab.state.n_steps == 3 and lab.generate_tab.grid.images[0][0].image.shape[:2] == (9, 9)
    assert lab.generate_tab.grid.images[0][0] is image_item  # updated in place
    assert np.all(np.triu(lab.generate_tab.large_view.values, 1) == 0)
    tokens = lab.state.tokens
    press(qtbot, lab, Qt.Key_Left)
    assert lab.state.tokens == tokens[:-1]
    press(qtbot, lab, Qt.Key_Space)
    assert lab.state.tokens == tokens  # greedy: the same token again
    press(qtbot, lab, Qt.Key_Home)
    assert lab.state.n_steps == 0


def test_window_fills_and_step_stops(lab, qtbot):
    press(qtbot, lab, Qt.Key_Space, times=12)
    assert lab.state.finished and len(lab.state.tokens) == 16
    assert not lab.generate_tab.step_bar.step_button.isEnabled()
    assert "window" in lab.message_text()


def test_clicking_a_candidate_chooses_it(lab, qtbot):
    row = 3
    token = lab.state.topk_tokens[row]
    lab.generate_tab.topk_view.buttons[row].click()
    wait_idle(qtbot, lab)
    assert lab.state.tokens[-1] == token and lab.state.chosen_forced


def test_sampling_is_reproducible_with_the_seed(lab, qtbot):
    lab.generate_tab.sampling_controls.mode_combo.setCurrentIndex(1)
    lab.generate_tab.sampling_controls.temperature_spin.setValue(2.0)
    lab.generate_tab.sampling_controls.topk_spin.setValue(0)
    lab.generate_tab.sampling_controls.seed_spin.setValue(11)
    wait_idle(qtbot, lab)
    assert lab.state.sampling == (2.0, 0, 11)
    press(qtbot, lab, Qt.Key_Space, times=6)
    first = lab.state.tokens
    press(qtbot, lab, Qt.Key_Home)
    press(qtbot, lab, Qt.Key_Space, times=6)
    assert lab.state.tokens == first
    lab.generate_tab.sampling_controls.topk_spin.setValue(2)
    wait_idle(qtbot, lab)
    assert np.count_nonzero(lab.state.topk_probs > 0) == 2


def test_head_selection_and_mean(lab):
    lab.generate_tab.select_head(1, 0)
    np.testing.assert_allclose(lab.generate_tab.large_view.values, lab.state.attention[1, 0])
    assert "layer 2, head 1" in lab.generate_tab.large_title.text()
    lab.generate_tab.select_head(0, -1)
    np.testing.assert_allclose(lab.generate_tab.large_view.values, lab.state.attention[-1].mean(0), atol=1e-6)


@pytest.mark.parametrize("text", ["", "   ", "x" * 5000, "🙂🙂", "안녕하세요", "qqqq zzzz"])
def test_bad_prompts_give_a_message_and_the_lab_stays_up(lab, qtbot, text):
    lab.generate(text)
    qtbot.waitUntil(lambda: not lab.is_busy(), timeout=20000)
    if not text.strip():
        assert "Type a prompt" in lab.message_text()
    else:
        assert lab.state is not None and lab.state.tokens[0] == "[CLS]"
        if text.startswith("안"):
            assert "English only" in lab.message_text()
    lab.generate("the city")
    wait_idle(qtbot, lab)
    assert lab.state.tokens == ("[CLS]", "the", "city")


def test_bert_vs_gpt_without_bert(lab, qtbot):
    lab.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: lab.compare_tab.state is not None and not lab.is_busy(), timeout=20000)
    c = lab.compare_tab.state
    assert c.tokens == ("the", "capital", "of", "france", "is", "paris", ".") and c.position == 5
    assert c.bert_missing == "absent" and "not installed" in lab.compare_tab.message_text()
    np.testing.assert_array_equal(lab.compare_tab.gpt_view.values, np.tril(np.ones((7, 7))))
    assert len(lab.compare_tab.gpt_topk.tokens) == 10 and "[MASK]" not in lab.compare_tab.gpt_topk.tokens
    assert "from the left only" in lab.compare_tab.gpt_topk_title.text()
    tab = lab.compare_tab
    # no BERT: no map (not a block of zeros), a text saying so, no candidates; GPT's predicting row is marked
    assert tab.bert_view.is_empty() and "No BERT" in tab.bert_view.empty_item.toPlainText()
    assert tab.bert_topk.empty_label.isVisibleTo(lab) and tab.bert_view.current_row is None
    assert tab.gpt_view.current_row == 4  # "is" predicts "paris"
    tab._on_gpt_map_clicked(1, 0, 1.0)  # GPT's row "capital" predicts the token after it
    qtbot.waitUntil(lambda: tab.state.position == 2 and not lab.is_busy(), timeout=20000)
    assert tab.gpt_view.current_row == 1
    lab.compare_tab.view_combo.setCurrentIndex(1)
    assert np.all(np.triu(lab.compare_tab.gpt_view.values, 1) == 0)
    lab.compare_tab.run_compare("one")
    qtbot.waitUntil(lambda: not lab.is_busy(), timeout=20000)
    assert "two words" in lab.compare_tab.message_text()


def test_bert_vs_gpt_with_the_shipped_bert(env, make_window, qtbot, monkeypatch):
    from desktop_app.paths import assets_dir

    bert = assets_dir() / "models" / "bert"
    if not (bert / "config.json").is_file():
        pytest.skip("assets/models/bert is not there yet")
    monkeypatch.setenv("ATTENTION_LAB_BERT_MODEL", str(bert))
    lab = make_window("en").show_lab("gpt")
    wait_idle(qtbot, lab, timeout=60000)
    lab.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: lab.compare_tab.state is not None and not lab.is_busy(), timeout=60000)
    c = lab.compare_tab.state
    assert c.bert_missing == "" and len(c.bert_tokens) == 10
    np.testing.assert_array_equal(lab.compare_tab.bert_view.values, np.ones((7, 7)))
    assert not lab.compare_tab.messages.isVisible()


def test_broken_model_folder_gives_a_message(make_window, qtbot, tmp_path, monkeypatch):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{not json")
    (broken / "model.safetensors").write_bytes(b"x")
    monkeypatch.setenv("ATTENTION_LAB_GPT_MODEL", str(broken))
    lab = make_window("en").show_lab("gpt")
    qtbot.waitUntil(lambda: "cannot be used" in lab.message_text(), timeout=60000)
    lab.step()  # nothing loaded: ignored
    assert lab.state is None and not lab.generate_tab.step_bar.step_button.isEnabled()


def test_missing_model_in_korean(make_window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("ATTENTION_LAB_GPT_MODEL", str(tmp_path / "absent"))
    window = make_window("ko")
    lab = window.show_lab("gpt")
    assert "GPT" in lab.message_text() and "absent" in lab.message_text()
    tab = lab.generate_tab  # no model: the views say what would appear, no empty axes or bars
    assert tab.large_view.is_empty() and tab.large_view.empty_item.toPlainText()
    assert tab.topk_view.empty_label.isVisibleTo(lab) and not tab.topk_view.bars[0].isVisibleTo(lab)
    assert lab.message_text() != lab.tr("No GPT model found in {folder}. Train one with: python -m engine.train.gpt")


def test_language_switch_retranslates(lab, qtbot):
    from PySide6.QtCore import QCoreApplication

    window = lab.window()
    step_button = lab.generate_tab.step_bar.step_button  # the kit's step bar, translated in its own context
    window.set_language("ko")
    qtbot.waitUntil(lambda: lab.tabs.tabText(1) != "BERT vs GPT", timeout=2000)
    assert lab.tabs.tabText(1) == "BERT 대 GPT"
    assert step_button.text() == QCoreApplication.translate("StepBar", "Step ▶")
    assert "퍼플렉시티" in lab.about_label.text() or "층" in lab.about_label.text()
    window.set_language("en")
    qtbot.waitUntil(lambda: lab.tabs.tabText(1) == "BERT vs GPT", timeout=2000)
    assert step_button.text() == "Step ▶"


def test_combos_show_their_whole_text_in_both_languages_and_the_text_box_stays_small(lab, qtbot):
    from PySide6.QtGui import QFontMetrics

    window = lab.window()
    lab.tabs.setCurrentIndex(1)  # BERT vs GPT builds its views
    qtbot.waitUntil(lambda: not lab.is_busy(), timeout=30000)
    tab = lab.generate_tab
    combos = (tab.sampling_controls.mode_combo, tab.head_combo, lab.compare_tab.view_combo,
              lab.compare_tab.position_combo)
    for language in ("ko", "en"):
        window.set_language(language)
        qtbot.wait(1)
        for combo in combos:
            widest = max(QFontMetrics(combo.font()).horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
            assert combo.minimumSizeHint().width() > widest, combo.itemText(0)  # a squeezed row cannot cut it
    press(qtbot, lab, Qt.Key_End)  # the whole window of tokens: the text box shows at most 3 lines
    box = tab.output_label.parentWidget().parentWidget()
    assert box.sizeHint().height() <= 3 * tab.output_label.fontMetrics().lineSpacing() + 4
    assert box.verticalScrollBar().value() == box.verticalScrollBar().maximum()  # the newest tokens in view


def test_play_in_steps_per_second_and_the_old_ms_setting_carries_over(env, make_window, qtbot):
    from desktop_app.settings import Settings

    old = Settings()
    old.set("gpt/play_ms", 250)  # the old setting: 250 ms between steps
    old.sync()
    lab = make_window("en").show_lab("gpt")
    wait_idle(qtbot, lab, timeout=60000)
    bar = lab.generate_tab.step_bar
    assert bar.speed_spin.value() == 4.0 and lab.step_controller().speed == 4.0
    bar.speed_spin.setValue(20.0)
    bar.play_button.click()
    qtbot.waitUntil(lambda: lab.state.n_steps >= 3, timeout=20000)
    bar.play_button.click()
    wait_idle(qtbot, lab)
    assert not lab.step_controller().is_playing()
    lab.save_settings()
    saved = Settings()
    assert saved.get_str("gpt/speed", "") == "20.0" and not saved.contains("gpt/play_ms")


def test_what_if_switch_a_head_off_importance_and_all_heads_on(lab, qtbot):
    lab.tabs.setCurrentIndex(2)
    panel = lab.whatif_tab.panel
    qtbot.waitUntil(lambda: panel.comparison is not None and not lab.is_busy(), timeout=30000)
    assert panel.spec_label.text() == "every head on" and panel.grid.switch_mode
    pos = panel.grid.mapFromScene(panel.grid.boxes[0][1].sceneBoundingRect().center())
    with qtbot.waitSignal(panel.comparison_shown, timeout=30000):
        qtbot.mouseClick(panel.grid.viewport(), Qt.LeftButton, pos=pos)
    wait_idle(qtbot, lab)
    c = panel.comparison
    assert c.spec == "1.2" and panel.spec_label.text() == "off: 1.2" and panel.grid.off[0, 1]
    assert not np.allclose(c.topk[0].before_probs, c.topk[0].after_probs)
    assert np.all(c.attention["self"][0, 1] == 0)
    assert np.all(lab.state.attention[0, 1] == 0)  # the Generate tab writes with the head off
    lab.tabs.setCurrentIndex(0)  # the Generate tab draws when shown
    qtbot.waitUntil(lambda: lab.generate_tab.shown_state is lab.state, timeout=10000)
    assert lab.generate_tab.grid.off[0, 1] and lab.generate_tab.grid.off.sum() == 1
    lab.tabs.setCurrentIndex(2)
    assert lab.lesson_state()["settings"]["heads_off"] == "1.2"
    with qtbot.waitSignal(panel.importance_shown, timeout=60000):
        panel.importance_button.click()
    assert panel.importance_view.values.shape == (2, 2)
    assert lab.current_export_view() is not None
    panel.reset_button.click()
    wait_idle(qtbot, lab)
    assert panel.spec == "" and not panel.grid.off.any() and lab.state.attention[0, 1].sum() > 0
    lab.apply_lesson_state({"settings": {"tab": "whatif", "heads_off": "2.*"}})
    wait_idle(qtbot, lab)
    assert lab.lesson_state()["settings"]["heads_off"] == "2.*" and panel.grid.off[1].all()


def test_what_if_a_layer_label_click_switches_the_layer_and_the_views_export(lab, qtbot):
    lab.tabs.setCurrentIndex(2)
    panel = lab.whatif_tab.panel
    qtbot.waitUntil(lambda: panel.comparison is not None and not lab.is_busy(), timeout=30000)
    label = panel.grid.row_labels[1]
    pos = panel.grid.mapFromScene(label.sceneBoundingRect().center())
    with qtbot.waitSignal(panel.comparison_shown, timeout=30000):
        qtbot.mouseClick(panel.grid.viewport(), Qt.LeftButton, pos=pos)
    wait_idle(qtbot, lab)
    assert panel.spec == "2.*" and panel.grid.off[1].all() and not panel.grid.off[0].any()
    assert "Heads off" in panel.before_after.text_after.text()
    data = lab.export_target("gpt_whatif_before_after").data()
    assert data.meta["heads_off"] == "2.*" and len(data.columns["before_token"]) == 10
    with qtbot.waitSignal(panel.comparison_shown, timeout=30000):
        qtbot.mouseClick(panel.grid.viewport(), Qt.LeftButton, pos=pos)  # again: the layer comes back on
    wait_idle(qtbot, lab)
    assert panel.spec == ""
    with qtbot.waitSignal(panel.importance_shown, timeout=60000):
        panel.importance_button.click()
    r = panel.importance
    layer, head = r.ranked(1)[0][1:3]
    text = panel.importance_view.tooltip_formatter("layer 1", "head 1", float(r.matrix[0, 0]))
    assert f"{r.matrix[0, 0]:+.4f}" in text
    with qtbot.waitSignal(panel.comparison_shown, timeout=30000):
        view = panel.importance_view  # a click on the map switches that head off
        scene = view.plot.getViewBox().mapViewToScene(QPointF(head, layer))
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.mapFromScene(scene))
    assert panel.spec == f"{layer + 1}.{head + 1}"
