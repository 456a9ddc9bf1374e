"""BERT lab, driven as a user would: typing, clicks on tokens and predictions, the 80/10/10 demo, NSP, embeddings,
attention up to 512 tokens, padding, bad input, broken model folders, export, languages.

The model is a tiny random BERT written by engine.bert.save_bert into a temporary folder and pointed to with
$ATTENTION_LAB_BERT_MODEL, so the tests neither need nor touch the shipped assets/models/bert.
"""
import json

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.transformer.rollout import attention_rollout

WORDS = ("the cat sat on mat dog ran . , a is capital of france paris he went to store bought milk and it was "
         "good big small red blue house ##s ##ed play ##ing quick brown fox jumps over lazy she drank tea").split()
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + WORDS
CONFIG = dict(vocab_size=len(VOCAB), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
              intermediate_size=64, max_position_embeddings=512, type_vocab_size=2)


def write_tiny_bert(folder, mlm=True, nsp=True):
    import torch

    from engine.bert import Bert, BertConfig, save_bert
    from engine.bert.load import build_tokenizer

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    torch.manual_seed(0)
    model = Bert(BertConfig(**CONFIG), mlm=mlm, nsp=nsp, pooler=nsp)
    return save_bert(folder, model, build_tokenizer(folder, CONFIG["max_position_embeddings"]))


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory):
    return write_tiny_bert(tmp_path_factory.mktemp("bert") / "tiny-bert")


@pytest.fixture(scope="session")
def bare_bert(tmp_path_factory):
    return write_tiny_bert(tmp_path_factory.mktemp("bert") / "bare-bert", mlm=False, nsp=False)


def idle(lab):
    return not lab.is_busy()


def wait_idle(qtbot, lab, timeout=30000):
    qtbot.waitUntil(lambda: idle(lab), timeout=timeout)
    qtbot.wait(1)


def open_lab(make_window, qtbot, monkeypatch, folder, language="en"):
    monkeypatch.setenv("ATTENTION_LAB_BERT_MODEL", str(folder))
    window = make_window(language)
    lab = window.show_lab("bert")
    qtbot.waitUntil(lambda: lab.bundle is not None or "model" in lab.message_text().lower(), timeout=60000)
    wait_idle(qtbot, lab)
    return lab


@pytest.fixture
def lab(make_window, qtbot, monkeypatch, tiny_bert):
    lab = open_lab(make_window, qtbot, monkeypatch, tiny_bert)
    assert lab.bundle is not None, lab.message_text()
    return lab


def run_tab(qtbot, lab, kind):
    lab.set_tab(kind)
    wait_idle(qtbot, lab)
    lab.run(kind)
    wait_idle(qtbot, lab)
    return lab.state(kind)


# ---------------------------------------------------------------------------------------------------------------


def test_lab_is_listed_after_transformer():
    from desktop_app.labs import LABS

    keys = [spec.key for spec in LABS]
    assert keys.index("bert") == keys.index("transformer") + 1


def test_loads_the_model_and_predicts_the_first_tab(lab, qtbot):
    assert lab.model_info.name == "tiny-bert" and lab.model_info.n_layers == 2
    assert "tiny-bert" in lab.model_label.text() and "2 layers" in lab.model_label.text()
    state = lab.state("masked")
    assert state is not None
    assert state.tokens[0] == "[CLS]" and state.tokens[-1] == "[SEP]"
    assert list(state.mask_positions) == [state.tokens.index("[MASK]")]
    assert lab.masked.predictions.count == 1
    view = lab.masked.predictions.views[0]
    assert len(view.tokens) == 10
    probs = state.top_probs[0]
    assert np.all(np.diff(probs) <= 0) and 0 < probs.sum() <= 1.0 + 1e-6
    assert view.buttons[0].text() == state.top_tokens[0][0]


def test_several_masks_typed_and_ctrl_return(lab, qtbot):
    lab.masked.combo.setEditText("the [mask] sat on the [MASK] .")  # lower-case [mask] is accepted too
    qtbot.keyClick(lab.masked.combo.lineEdit(), Qt.Key_Return, Qt.ControlModifier)
    wait_idle(qtbot, lab)
    state = lab.state("masked")
    assert len(state.mask_positions) == 2 and lab.masked.predictions.count == 2
    assert state.text == "the [MASK] sat on the [MASK] ."
    assert all(frame.isVisibleTo(lab) for frame in lab.masked.predictions.frames[:2])
    lab.masked.combo.setEditText("the cat sat [MASK] .")
    lab.run("masked")
    wait_idle(qtbot, lab)
    assert lab.masked.predictions.count == 1 and not lab.masked.predictions.frames[1].isVisibleTo(lab)


def test_click_a_token_to_mask_it_and_a_prediction_to_fill_it(lab, qtbot):
    lab.masked.combo.setEditText("the cat sat on the mat .")
    lab.run("masked")
    wait_idle(qtbot, lab)
    assert "no [MASK]" in lab.message_text()
    state = lab.state("masked")  # the last good prediction stays on screen
    lab.masked.combo.setEditText("the cat sat on the mat [MASK]")
    lab.run("masked")
    wait_idle(qtbot, lab)
    state = lab.state("masked")
    cat = state.tokens.index("cat")
    with qtbot.waitSignal(lab.state_shown, timeout=20000):
        lab.masked.strip.click_token(cat)
    wait_idle(qtbot, lab)
    assert lab.masked.combo.currentText() == "the [MASK] sat on the mat [MASK]"
    state = lab.state("masked")
    assert len(state.mask_positions) == 2
    token = state.top_tokens[0][3]
    with qtbot.waitSignal(lab.state_shown, timeout=20000):
        qtbot.mouseClick(lab.masked.predictions.views[0].buttons[3], Qt.LeftButton)
    wait_idle(qtbot, lab)
    expected = "the " + token.removeprefix("##") + " sat" if not token.startswith("##") else None
    if expected:
        assert lab.masked.combo.currentText().startswith(expected)
    assert len(lab.state("masked").mask_positions) == 1  # predicted again with the remaining mask
    # special tokens cannot be masked
    lab.masked.strip.click_token(0)
    wait_idle(qtbot, lab)
    assert len(lab.state("masked").mask_positions) == 1


def test_a_word_piece_click_masks_the_whole_word(lab, qtbot):
    lab.masked.combo.setEditText("the dog was playing [MASK]")
    lab.run("masked")
    wait_idle(qtbot, lab)
    state = lab.state("masked")
    assert "##ing" in state.tokens
    with qtbot.waitSignal(lab.state_shown, timeout=20000):
        lab.masked.strip.click_token(state.tokens.index("##ing"))
    wait_idle(qtbot, lab)
    assert lab.masked.combo.currentText() == "the dog was [MASK] [MASK]"


def test_masking_demo_follows_the_rule_and_the_seed(lab, qtbot):
    lab.masking.edit.setText("the quick brown fox jumps over the lazy dog and the cat sat on the mat . " * 4)
    lab.masking.seed_spin.setValue(7)
    first = run_tab(qtbot, lab, "masking")
    n_words = sum(1 for t in first.original if t not in ("[CLS]", "[SEP]"))
    assert len(first.positions) == max(1, round(0.15 * n_words))
    assert set(first.actions) <= {"mask", "random", "kept"}
    for pos, action in zip(first.positions, first.actions):
        if action == "mask":
            assert first.shown[pos] == "[MASK]"
        elif action == "kept":
            assert first.shown[pos] == first.original[pos]
    unchosen = [i for i in range(len(first.shown)) if i not in set(first.positions)]
    assert all(first.shown[i] == first.original[i] for i in unchosen)
    assert lab.masking.table.rowCount() == len(first.positions)
    assert lab.masking.table.item(0, 1).text() == first.original[first.positions[0]]
    assert "Seed 7" in lab.masking.summary.text()
    lab.run("masking")  # the same seed: the same tokens
    wait_idle(qtbot, lab)
    again = lab.state("masking")
    assert list(again.positions) == list(first.positions) and again.actions == first.actions
    lab.masking.new_seed_button.click()
    wait_idle(qtbot, lab)
    assert lab.masking.seed_spin.value() == 8 and lab.state("masking").seed == 8
    tip = lab.token_tooltip("masking", int(lab.state("masking").positions[0]))
    assert "original" in tip


def test_nsp_shows_segments_and_probability(lab, qtbot):
    lab.nsp.a_edit.setText("he went to the store .")
    lab.nsp.b_edit.setText("he bought milk .")
    state = run_tab(qtbot, lab, "nsp")
    assert state.tokens[0] == "[CLS]" and state.tokens.count("[SEP]") == 2
    sep = state.tokens.index("[SEP]")
    assert list(state.segments) == [0] * (sep + 1) + [1] * (len(state.tokens) - sep - 1)
    assert 0.0 <= state.is_next <= 1.0
    assert lab.nsp.bar.value() == round(state.is_next * 1000)
    assert "P(IsNext)" in lab.nsp.result.text()
    assert lab.nsp.strip.below == tuple(str(s) for s in state.segments)
    assert "first" in lab.token_tooltip("nsp", 0) and "segment 1" in lab.token_tooltip("nsp", len(state.tokens) - 1)
    lab.nsp.b_edit.setText("   ")
    lab.run("nsp")
    wait_idle(qtbot, lab)
    assert "both sentences" in lab.message_text()


def test_embeddings_add_up(lab, qtbot):
    lab.embeddings.edit.setText("the cat sat on the mat .")
    state = run_tab(qtbot, lab, "embeddings")
    np.testing.assert_allclose(state.token_emb + state.segment_emb + state.position_emb, state.embedding_sum,
                               atol=1e-6)
    views = lab.embeddings.view.views
    assert views[3].values.shape == (len(state.tokens), CONFIG["hidden_size"])
    np.testing.assert_allclose(views[0].values + views[1].values + views[2].values, views[3].values, atol=1e-6)
    lab.embeddings.view.cell_hovered.emit(3, 1, 5)
    line = lab.formula_panel.plain_lines()[1]
    assert f"{state.embedding_sum[1, 5]:+.4f}" in line


def test_attention_grid_head_and_rollout(lab, qtbot):
    lab.attention.combo.setEditText("the cat sat on the mat .")
    state = run_tab(qtbot, lab, "attention")
    assert lab.attention.grid.shape == (2, 4)
    np.testing.assert_allclose(state.attentions.sum(-1), 1.0, atol=1e-5)
    lab.select_head(1, 2)
    np.testing.assert_allclose(lab.attention.large_view.values, state.attentions[1, 2])
    assert "Layer 2, head 3" in lab.attention.large_title.text()
    lab.attention.lines_check.setChecked(True)
    assert lab.attention.large_stack.currentWidget() is lab.attention.lines_view
    assert lab.attention.lines_view.weights.shape == (len(state.tokens),) * 2
    lab.attention.lines_check.setChecked(False)
    lab.attention.rollout_check.setChecked(True)
    np.testing.assert_allclose(lab.attention.large_view.values.sum(1), 1.0, atol=1e-5)
    np.testing.assert_allclose(lab.attention.large_view.values, attention_rollout(state.attentions), atol=1e-5)
    assert "rollout" in lab.attention.large_title.text()


def test_attention_with_a_pair_and_512_tokens(lab, qtbot):
    lab.attention.combo.setEditText("the cat sat .")
    lab.attention.b_edit.setText("the dog ran .")
    state = run_tab(qtbot, lab, "attention")
    assert list(state.segments).count(1) == 5
    lab.attention.b_edit.setText("")
    lab.attention.combo.setEditText("the cat sat on the mat . " * 200)  # 1,400 tokens -> 512
    lab.run("attention")
    wait_idle(qtbot, lab)
    state = lab.state("attention")
    assert len(state.tokens) == 512 and state.truncated
    assert "only the first 512" in lab.message_text()
    assert lab.attention.large_view.values.shape == (512, 512)
    assert lab.attention.grid.images[1][3].image.shape[0] <= 256  # cells are painted from a strided view
    assert not lab.attention.lines_check.isEnabled()
    print(f"512 tokens: computed in {state.compute_ms:.0f} ms, drawn in {lab.last_gui_update_ms:.0f} ms")


def test_padding_gets_zero_attention(lab, qtbot):
    lab.padding.edit.setPlainText("the cat sat .\nthe dog ran on the big red mat and it was good .\n\nhe went")
    state = run_tab(qtbot, lab, "padding")
    assert len(state.sentences) == 3  # the empty line is skipped
    lengths = state.attention_mask.sum(1)
    assert state.attention_mask.shape[1] == lengths.max()
    for b, row in enumerate(state.tokens):
        assert all(t == "[PAD]" for t in row[lengths[b]:])
        padded = state.attention_mask[b] == 0
        assert np.all(state.attentions[:, b][..., padded] == 0.0)
    assert state.padded_key_max() == 0.0
    assert lab.padding.sentence_combo.currentIndex() == int(np.argmin(lengths))
    b = lab.padding.sentence_combo.currentIndex()
    shown = lab.padding.attention_view.values
    assert np.all(shown[:, lengths[b]:] == 0.0)
    assert "exactly 0" in lab.padding.proof.text()
    lab.padding.layer_spin.setValue(2)
    lab.padding.head_spin.setValue(4)
    np.testing.assert_array_equal(lab.padding.attention_view.values, state.attentions[1, b, 3])


@pytest.mark.parametrize("text,expected", [
    ("", "box is empty"),
    ("    ", "box is empty"),
    ("the cat sat", "no [MASK]"),
    ("😀🎉 [MASK]", "unknown to this model"),
    ("안녕하세요 [MASK]", "Korean"),
    ("the cat " * 2500 + "[MASK]", "[MASK] lies beyond"),
    ("the cat " * 2500, "no [MASK]"),
])
def test_bad_input_gives_a_message_and_no_crash(lab, qtbot, text, expected):
    lab.set_tab("masked")
    lab.masked.combo.setEditText(text)
    lab.run("masked")
    wait_idle(qtbot, lab)
    qtbot.waitUntil(lambda: expected in lab.message_text(), timeout=5000)
    lab.masked.combo.setEditText("the cat [MASK] .")  # and it recovers
    lab.run("masked")
    wait_idle(qtbot, lab)
    assert lab.message_text() == "" and len(lab.state("masked").mask_positions) == 1


@pytest.mark.parametrize("kind,setter", [
    ("masking", lambda lab, t: lab.masking.edit.setText(t)),
    ("nsp", lambda lab, t: lab.nsp.a_edit.setText(t)),
    ("embeddings", lambda lab, t: lab.embeddings.edit.setText(t)),
    ("attention", lambda lab, t: lab.attention.combo.setEditText(t)),
    ("padding", lambda lab, t: lab.padding.edit.setPlainText(t)),
])
def test_every_tab_survives_bad_input(lab, qtbot, kind, setter):
    lab.set_tab(kind)
    wait_idle(qtbot, lab)
    for text in ("", "😀" * 50, "안녕하세요 여러분", "the cat sat . " * 400):
        setter(lab, text)
        lab.run(kind)
        wait_idle(qtbot, lab)
        assert lab.message_text() != "" or text == ""  or kind == "nsp", (kind, text[:20])
    setter(lab, "the cat sat on the mat .")
    lab.run(kind)
    wait_idle(qtbot, lab)
    assert lab.state(kind) is not None


def test_missing_model_folder_is_explained(make_window, qtbot, monkeypatch, tmp_path, tiny_bert):
    lab = open_lab(make_window, qtbot, monkeypatch, tmp_path / "no-such-model")
    assert lab.bundle is None
    assert "No BERT model" in lab.message_text() and "Open model folder" in lab.message_text()
    assert lab.open_button.isVisible()
    lab.run("masked")  # nothing loaded: nothing happens, nothing crashes
    assert lab.current_export_view() is None
    lab.open_model_folder(tiny_bert)  # the menu's folder choice, without the dialog
    qtbot.waitUntil(lambda: lab.bundle is not None, timeout=30000)
    wait_idle(qtbot, lab)
    assert lab.message_text() == "" and lab.state("masked") is not None
    assert lab.window().settings.get_str("bert/model_folder", "") == str(tiny_bert)


@pytest.mark.parametrize("breakage,expected", [
    ("no_config", "missing config.json"),
    ("bad_json", "not readable JSON"),
    ("no_weights", "missing weights"),
    ("garbage_weights", "model.safetensors is unreadable"),
    ("no_vocab", "missing vocab"),
])
def test_broken_model_folder_is_explained(make_window, qtbot, monkeypatch, tmp_path, breakage, expected):
    folder = write_tiny_bert(tmp_path / "broken")
    if breakage == "no_config":
        (folder / "config.json").unlink()
    elif breakage == "bad_json":
        (folder / "config.json").write_text("{not json", encoding="utf-8")
    elif breakage == "no_weights":
        (folder / "model.safetensors").unlink()
    elif breakage == "garbage_weights":
        (folder / "model.safetensors").write_bytes(b"\x00garbage" * 100)
    else:
        (folder / "vocab.txt").unlink()
    lab = open_lab(make_window, qtbot, monkeypatch, folder)
    qtbot.waitUntil(lambda: "cannot be loaded" in lab.message_text(), timeout=10000)
    assert expected in lab.message_text()
    assert lab.bundle is None


def test_bare_encoder_explains_missing_heads_but_shows_attention(make_window, qtbot, monkeypatch, bare_bert):
    lab = open_lab(make_window, qtbot, monkeypatch, bare_bert)
    assert lab.bundle is not None
    assert "no masked-word head" in lab.model_label.text()
    qtbot.waitUntil(lambda: "no masked-word head" in lab.message_text(), timeout=5000)
    state = run_tab(qtbot, lab, "nsp")
    assert state is None and "no next-sentence head" in lab.message_text()
    state = run_tab(qtbot, lab, "attention")
    assert state is not None and lab.attention.grid.shape == (2, 4)


def test_export_every_view(lab, qtbot, tmp_path):
    window = lab.window()
    for kind in ("masked", "masking", "nsp", "embeddings", "attention", "padding"):
        run_tab(qtbot, lab, kind)
        for fmt in ("png", "csv", "json"):
            path = tmp_path / f"{kind}.{fmt}"
            window.export_current(fmt, path)
            assert path.stat().st_size > 0
        payload = json.loads((tmp_path / f"{kind}.json").read_text(encoding="utf-8"))
        assert payload["meta"]["lab"] == "bert" and payload["meta"]["model"] == "tiny-bert"
        assert payload["meta"]["view"] in (kind, "rollout")
    window.export_current("svg", tmp_path / "attention.svg")
    assert (tmp_path / "attention.svg").stat().st_size > 0
    payload = json.loads((tmp_path / "masked.json").read_text(encoding="utf-8"))
    assert len(payload["columns"]["token"]) == 10 * len(lab.state("masked").mask_positions)


def test_settings_are_remembered(make_window, qtbot, monkeypatch, tiny_bert):
    lab = open_lab(make_window, qtbot, monkeypatch, tiny_bert)
    lab.masked.combo.setEditText("the dog [MASK] .")
    lab.masking.seed_spin.setValue(42)
    lab.set_tab("nsp")
    wait_idle(qtbot, lab)
    lab.window().close()
    lab2 = open_lab(make_window, qtbot, monkeypatch, tiny_bert)
    assert lab2.masked.combo.currentText() == "the dog [MASK] ."
    assert lab2.masking.seed_spin.value() == 42
    assert lab2.current_tab() == "nsp"
    qtbot.waitUntil(lambda: lab2.state("nsp") is not None, timeout=20000)


def test_language_switch_retranslates_the_lab(lab, qtbot):
    window = lab.window()
    window.set_language("ko")
    qtbot.waitUntil(lambda: lab.masked.predict_button.text() != "Predict", timeout=2000)
    texts = [lab.masked.predict_button.text(), lab.tabs.tabText(1), lab.masking.mask15_button.text(),
             lab.open_button.text(), lab.model_label.text(), lab.masked.predictions_title.text()]
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in t) for t in texts), texts
    lab.masked.combo.setEditText("")
    lab.run("masked")
    wait_idle(qtbot, lab)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in lab.message_text())
    window.set_language("en")
    qtbot.waitUntil(lambda: lab.masked.predict_button.text() == "Predict", timeout=2000)
    assert "box is empty" in lab.message_text()


def test_padding_batch_is_capped(lab, qtbot):
    lab.padding.edit.setPlainText("\n".join(["the cat sat ."] * 12 + ["the dog " * 100]))
    state = run_tab(qtbot, lab, "padding")
    assert len(state.sentences) == 8 and state.dropped == 5
    assert "first 8 sentences" in lab.message_text()
    lab.padding.edit.setPlainText("the cat .\n" + "the dog " * 100)
    state = run_tab(qtbot, lab, "padding")
    assert state.attention_mask.shape[1] == 64 and state.tokens[1][-1] == "[SEP]"
    assert "cut to 64 tokens" in lab.message_text()


def test_keyboard_inserts_a_mask(lab, qtbot):
    lab.set_tab("masked")
    edit = lab.masked.combo.lineEdit()
    edit.setText("the cat sat on the")
    edit.setCursorPosition(len(edit.text()))
    qtbot.keyClick(edit, Qt.Key_M, Qt.ControlModifier)
    assert edit.text() == "the cat sat on the [MASK]"
    qtbot.keyClick(edit, Qt.Key_Return)
    wait_idle(qtbot, lab)
    assert lab.state("masked").text == "the cat sat on the [MASK]"


@pytest.mark.parametrize("metrics", [
    {"data_sources": {"wikitext-2": "...", "wordnet": "..."},
     "held_out": {"mlm_top1": 0.41, "mlm_top5": 0.62, "nsp_accuracy": 0.9}},
    "not json at all",
])
def test_model_metrics_are_shown_when_present(make_window, qtbot, monkeypatch, tmp_path, metrics):
    folder = write_tiny_bert(tmp_path / "with-metrics")
    (folder / "metrics.json").write_text(metrics if isinstance(metrics, str) else json.dumps(metrics),
                                         encoding="utf-8")
    lab = open_lab(make_window, qtbot, monkeypatch, folder)
    assert lab.bundle is not None
    if isinstance(metrics, str):
        assert not lab.about_label.isVisibleTo(lab)
    else:
        text = lab.about_label.text()
        assert "wikitext-2, wordnet" in text and "41%" in text and "62%" in text and "90%" in text


def test_shipped_model_when_present(make_window, qtbot, monkeypatch):
    from desktop_app.labs.bert.compute import shipped_folder

    if not (shipped_folder() / "config.json").is_file():
        pytest.skip("assets/models/bert is not there yet")
    monkeypatch.delenv("ATTENTION_LAB_BERT_MODEL", raising=False)
    window = make_window("en")
    lab = window.show_lab("bert")
    qtbot.waitUntil(lambda: lab.bundle is not None or "cannot be loaded" in lab.message_text(), timeout=60000)
    wait_idle(qtbot, lab)
    assert lab.bundle is not None, lab.message_text()
    assert "(shipped)" in lab.model_label.text() and lab.model_info.has_mlm and lab.model_info.has_nsp
    lab.masked.combo.setEditText("she poured a cup of [MASK] .")
    lab.run("masked")
    wait_idle(qtbot, lab)
    assert len(lab.state("masked").top_tokens[0]) == 10


def test_hidden_tabs_build_their_views_when_opened(lab, qtbot):
    """Opening the lab builds only the shown tab's views (seven heatmaps at once held the GUI thread); a result
    computed for a hidden tab is drawn when the tab is opened."""
    assert lab.current_tab() == "masked"
    assert not any(lab.tab(key).views_built for key in ("embeddings", "attention", "padding"))
    lab.attention.combo.setEditText("the cat sat on the mat")
    lab.run("attention")  # the tab is hidden: computed, kept, not drawn
    wait_idle(qtbot, lab)
    assert not lab.attention.views_built and lab.state("attention") is not None
    lab.set_tab("attention")
    wait_idle(qtbot, lab)
    assert lab.attention.views_built
    assert lab.attention.grid.shape == lab.state("attention").attentions.shape[:2]
    n = len(lab.state("attention").tokens)
    assert lab.attention.large_view.values.shape == (n, n)
    assert lab.attention.large_title.text()  # titles set on build, in the lab's language


def test_presenter_colours_reach_views_built_later(lab, qtbot):
    window = lab.window()
    window.lessons.presenter_action.trigger()
    lab.set_tab("embeddings")
    wait_idle(qtbot, lab)
    assert lab.embeddings.view.views[0].colorbar.colorMap().name == "CET-D1A"
    window.lessons.presenter_action.trigger()


# what if: heads switched off ----------------------------------------------------------------------------------

def click_head(qtbot, grid, layer, head):
    """A real mouse click on the centre of a head grid's cell."""
    pos = grid.mapFromScene(grid.boxes[layer][head].sceneBoundingRect().center())
    with qtbot.waitSignal(grid.head_switched, timeout=2000):
        qtbot.mouseClick(grid.viewport(), Qt.LeftButton, pos=pos)


def test_what_if_switches_a_head_off_ranks_heads_and_turns_them_on_again(lab, qtbot):
    lab.set_tab("whatif")
    wait_idle(qtbot, lab)
    tab = lab.whatif
    tab.combo.setEditText("The capital of france is [MASK].")
    lab.run("whatif")
    wait_idle(qtbot, lab)
    panel = tab.panel
    assert panel.comparison is not None and panel.comparison.spec == "" and panel.spec_label.text() == "every head on"
    lab.set_tab("attention")
    wait_idle(qtbot, lab)
    lab.set_tab("whatif")
    assert panel.grid.switch_mode
    with qtbot.waitSignal(panel.comparison_shown, timeout=30000):
        click_head(qtbot, panel.grid, 1, 2)
    wait_idle(qtbot, lab)
    c = panel.comparison
    assert c.spec == "2.3" and panel.spec_label.text() == "off: 2.3"
    assert panel.grid.off[1, 2] and panel.grid.off.sum() == 1
    assert c.value_after != pytest.approx(c.value_before, abs=1e-9)
    assert not np.allclose(c.topk[0].before_probs, c.topk[0].after_probs)
    assert "→" in panel.before_after.value_label.text()
    assert np.all(c.attention["self"][1, 2] == 0)  # the head adds zeros
    assert np.all(lab.state("attention").attentions[1, 2] == 0)  # the regular views use the mask too
    assert lab.attention.grid.off[1, 2] and lab.attention.grid.off.sum() == 1  # crossed out there too
    assert lab.lesson_state()["settings"]["heads_off"] == "2.3"
    assert panel.importance_view.is_empty()  # says "Press Importance…", not a map of zeros
    assert "Press Importance" in panel.importance_view.empty_item.toPlainText()
    with qtbot.waitSignal(panel.importance_shown, timeout=60000):
        panel.importance_button.click()
    assert panel.importance_view.values.shape == (2, 4) and panel.importance_view.n_cells == 8
    assert not panel.importance_view.is_empty()
    assert lab.export_target("bert_whatif_importance").data().matrix.shape == (2, 4)
    panel.reset_button.click()
    wait_idle(qtbot, lab)
    assert panel.spec == "" and panel.spec_label.text() == "every head on" and not panel.grid.off.any()
    assert lab.bundle is not None and lab.host.active_mask() is None
    assert lab.state("attention").attentions[1, 2].sum() > 0


def test_lessons_switch_heads_off_and_on(lab, qtbot):
    lab.apply_lesson_state({"input": "The capital of france is [MASK].",
                            "settings": {"tab": "whatif", "heads_off": "1.*,2.1"}})
    wait_idle(qtbot, lab)
    state = lab.lesson_state()
    assert state["settings"]["heads_off"] == "1.*,2.1" and state["settings"]["tab"] == "whatif"
    assert lab.whatif.panel.grid.off[0].all() and lab.whatif.panel.comparison.spec == "1.*,2.1"
    lab.apply_lesson_state({"settings": {"heads_off": ""}})
    wait_idle(qtbot, lab)
    assert lab.lesson_state()["settings"]["heads_off"] == ""


def test_what_if_importance_map_is_dropped_for_a_new_sentence(lab, qtbot):
    lab.apply_lesson_state({"input": "The capital of france is [MASK].", "settings": {"tab": "whatif",
                                                                                      "importance": True}})
    wait_idle(qtbot, lab)
    panel = lab.whatif.panel
    assert panel.importance is not None and lab.lesson_state()["settings"]["importance"] is True
    lab.apply_lesson_state({"input": "The dog sat on the [MASK].", "settings": {"tab": "whatif"}})
    wait_idle(qtbot, lab)
    assert panel.importance is None and lab.current_export_view() is not None  # the before/after still exports


def test_what_if_importance_can_be_cancelled(lab, qtbot):
    lab.set_tab("whatif")
    wait_idle(qtbot, lab)
    panel = lab.whatif.panel
    panel.importance_button.click()
    assert panel.cancel_button.isEnabled() and not panel.importance_button.isEnabled()
    panel.cancel_button.click()  # before the worker's answer can arrive: no callback after a cancel
    assert not panel.progress.isVisible() and not panel.cancel_button.isEnabled()
    qtbot.wait(300)
    wait_idle(qtbot, lab)
    assert panel.importance is None and panel.importance_button.isEnabled()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_tab_fits_a_small_screen(make_window, qtbot, monkeypatch, tiny_bert, language):
    """Every tab opened and run (each adds its views' minimum to the tab widget's): the lab still fits 840 x 650,
    what a 1024 x 768 screen leaves beside the lab list."""
    lab = open_lab(make_window, qtbot, monkeypatch, tiny_bert, language)
    for index in range(lab.tabs.count()):
        lab.tabs.setCurrentIndex(index)
        wait_idle(qtbot, lab)
    need = lab.minimumSizeHint().expandedTo(lab.minimumSize())
    assert need.width() <= 840 and need.height() <= 650, (need.width(), need.height())
