"""The BERT lab's Qt-free side (desktop_app/labs/bert/compute.py) on a tiny random BERT built here: no window, no
QApplication, no files except where loading a folder is the point."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from desktop_app.labs.bert import compute
from desktop_app.labs.bert.compute import (
    MAX_BATCH, MAX_PAD_TOKENS, TOP_K, LabInputError, LabModelError, attention_view, fill_mask_in_text, input_notes,
    load_model, mask_token_in_text, masking_demo, normalize_masks, nsp, padding_view, predict, read_metrics,
    whole_word,
)
from engine.bert import Bert, BertConfig, predict_masked, save_bert
from engine.bert.load import BertBundle
from engine.transformer.rollout import attention_rollout

WORDS = ("the cat sat on mat dog ran . , a is capital of france paris he went to store bought milk and it was "
         "good big small red blue house ##s ##ed play ##ing quick brown fox jumps over lazy she drank tea").split()
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + WORDS
MAX_TOKENS = 64  # the model's positions: small, so that truncation is cheap to reach


def no_progress(_fraction, _message=""):
    pass


def run(fn, *args, cancelled=False):
    """Call a worker function as run_task does."""
    return fn(*args, progress=no_progress, is_cancelled=lambda: cancelled)


def make_bundle(mlm: bool = True, nsp_head: bool = True, seed: int = 0) -> BertBundle:
    from tokenizers.implementations import BertWordPieceTokenizer

    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(VOCAB), hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=MAX_TOKENS)
    model = Bert(config, mlm=mlm, nsp=nsp_head, pooler=nsp_head).eval()
    tokenizer = BertWordPieceTokenizer({t: i for i, t in enumerate(VOCAB)}, lowercase=True)
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    return BertBundle(model=model, tokenizer=tokenizer, config=config, name="tiny", has_mlm=mlm, has_nsp=nsp_head)


@pytest.fixture(scope="module")
def bundle():
    return make_bundle()


@pytest.fixture(scope="module")
def bare():
    return make_bundle(mlm=False, nsp_head=False)


def reason(fn, *args) -> str:
    with pytest.raises(LabInputError) as caught:
        run(fn, *args)
    return caught.value.reason


# masked words ------------------------------------------------------------------------------------------------
def test_predict_gives_the_engines_top_k_and_the_spans_of_the_tokens(bundle):
    state = run(predict, bundle, "  the cat sat on the [mask] .")
    assert state.text == "the cat sat on the [MASK] ."  # stripped, [mask] spelled as the tokenizer knows it
    assert state.tokens[0] == "[CLS]" and state.tokens[-1] == "[SEP]"
    assert list(state.mask_positions) == [state.tokens.index("[MASK]")]
    assert state.top_probs.shape == (1, TOP_K) and np.all(np.diff(state.top_probs[0]) <= 0)
    engine = predict_masked(bundle, state.text, top_k=TOP_K)
    assert state.top_tokens == tuple(tuple(row) for row in engine.top_tokens)
    np.testing.assert_allclose(state.top_probs, engine.top_probs)
    for token, (start, end) in zip(state.tokens[1:-1], state.offsets[1:-1]):
        assert state.text[start:end].lower() == token.lower()
    assert not state.truncated and not state.text_cut and state.unknown == 0


def test_predict_refuses_bad_input_with_a_reason(bundle, bare):
    assert reason(predict, bundle, "   ") == "empty"
    assert reason(predict, bundle, "the cat sat") == "no_mask"
    assert reason(predict, bundle, "the cat " * 100 + "[MASK]") == "no_mask_beyond"  # past 64 tokens
    assert reason(predict, bare, "the [MASK] sat") == "no_head_mlm"
    assert run(predict, bundle, "the [MASK] sat", cancelled=True) is None  # superseded: no forward pass


def test_editing_the_text_by_tokens():
    assert normalize_masks("a [ mask ] b [Mask]") == "a [MASK] b [MASK]"
    tokens = ["[CLS]", "the", "dog", "play", "##ing", "##s", "[SEP]"]
    assert whole_word(tokens, 4) == (3, 5) and whole_word(tokens, 3) == (3, 5) and whole_word(tokens, 2) == (2, 2)
    assert mask_token_in_text("the dog playings", (8, 16)) == "the dog [MASK]"
    assert fill_mask_in_text("the [MASK] sat", (4, 10), "cat") == "the cat sat"
    assert fill_mask_in_text("play [MASK] now", (5, 11), "##ing") == "playing now"  # a piece joins the word


# attention and embeddings ------------------------------------------------------------------------------------
def test_attention_view_rows_rollout_and_embedding_parts(bundle):
    state = run(attention_view, bundle, "the cat sat on the mat .", "he went to the store .")
    n = len(state.tokens)
    assert state.attentions.shape == (2, 2, n, n) and state.attentions.dtype == np.float32
    np.testing.assert_allclose(state.attentions.sum(-1), 1.0, atol=1e-5)
    assert state.rollout.dtype == np.float32
    np.testing.assert_allclose(state.rollout, attention_rollout(state.attentions), atol=1e-5)
    np.testing.assert_allclose(state.token_emb + state.segment_emb + state.position_emb, state.embedding_sum,
                               atol=1e-6)
    sep = state.tokens.index("[SEP]")
    assert list(state.segments) == [0] * (sep + 1) + [1] * (n - sep - 1)
    assert state.text_b == "he went to the store ."
    assert run(attention_view, bundle, "the cat", "   ").text_b == ""  # a blank B: one sentence
    assert reason(attention_view, bundle, "") == "empty"


def test_long_text_is_cut_to_the_models_tokens(bundle):
    state = run(attention_view, bundle, "the cat sat . " * 40)
    assert len(state.tokens) == MAX_TOKENS and state.truncated and state.tokens[-1] == "[SEP]"
    state = run(attention_view, bundle, "the cat " + "x" * (compute.MAX_INPUT_CHARS + 10))
    assert state.text_cut and len(state.text) == compute.MAX_INPUT_CHARS


# the masking demo --------------------------------------------------------------------------------------------
def test_masking_demo_is_seeded_and_follows_the_rule(bundle):
    text = "the quick brown fox jumps over the lazy dog and the cat sat on the mat ."
    first, again = run(masking_demo, bundle, text, 3), run(masking_demo, bundle, text, 3)
    assert list(first.positions) == list(again.positions) and first.actions == again.actions
    words = sum(1 for t in first.original if t not in ("[CLS]", "[SEP]"))
    assert len(first.positions) == max(1, round(0.15 * words))
    for r, pos in enumerate(first.positions):
        assert first.original[pos] not in ("[CLS]", "[SEP]")
        if first.actions[r] == "mask":
            assert first.shown[pos] == "[MASK]"
        elif first.actions[r] == "kept":
            assert first.shown[pos] == first.original[pos]
        assert first.correct[r] == (first.predicted[r] == first.original[pos])
        assert first.action_at(int(pos)) == first.actions[r]
    assert 0.0 <= first.accuracy <= 1.0 and np.all((first.predicted_probs > 0) & (first.predicted_probs <= 1))


# next sentence -----------------------------------------------------------------------------------------------
def test_nsp_probability_is_the_softmax_of_its_logits(bundle, bare):
    state = run(nsp, bundle, "he went to the store .", "he bought milk .")
    assert state.tokens.count("[SEP]") == 2
    expected = torch.softmax(torch.from_numpy(state.logits), dim=-1)[0].item()
    assert state.is_next == pytest.approx(expected, abs=1e-6)
    assert reason(nsp, bundle, "he went", " ") == "empty_pair"
    assert reason(nsp, bare, "he went", "he bought") == "no_head_nsp"


# padding -----------------------------------------------------------------------------------------------------
def test_padding_gives_padded_keys_exactly_zero(bundle):
    state = run(padding_view, bundle, ["the cat sat .", "", "the dog ran on the big red mat and it was good ."])
    assert state.sentences == ("the cat sat .", "the dog ran on the big red mat and it was good .")
    lengths = state.attention_mask.sum(1)
    assert state.attention_mask.shape[1] == lengths.max()
    assert all(t == "[PAD]" for t in state.tokens[0][lengths[0]:])
    assert state.padded_key_max() == 0.0
    np.testing.assert_allclose(state.attentions.sum(-1)[:, 0, :, :lengths[0]], 1.0, atol=1e-5)


def test_padding_caps_the_batch_and_the_length(bundle):
    state = run(padding_view, bundle, ["the cat ."] * 12)
    assert len(state.sentences) == MAX_BATCH and state.dropped == 12 - MAX_BATCH
    state = run(padding_view, bundle, ["the cat .", "the dog " * 100])
    assert state.attention_mask.shape[1] == min(MAX_PAD_TOKENS, MAX_TOKENS) and state.tokens[1][-1] == "[SEP]"
    assert state.truncated
    assert reason(padding_view, bundle, ["", "  "]) == "empty"


# notes, metrics, loading -------------------------------------------------------------------------------------
def test_input_notes():
    assert input_notes(["[CLS]", "the", "[SEP]"], "the") == []
    notes = input_notes(["[CLS]", "[UNK]", "[UNK]", "[SEP]"], "안녕 😀", ("truncated", {"n": 512}))
    assert notes == [("truncated", {"n": 512}), ("unknown", {"unk": 2, "n": 4}), ("hangul", {})]


def test_load_model_reads_a_saved_folder_and_its_metrics(tmp_path):
    from engine.bert.load import build_tokenizer

    folder = tmp_path / "tiny-bert"
    folder.mkdir()
    (folder / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    save_bert(folder, make_bundle().model, build_tokenizer(folder, MAX_TOKENS))
    (folder / "metrics.json").write_text(json.dumps({"data_sources": {"wikitext-2": "..."}, "held_out": {
        "mlm_top1": 0.25, "mlm_top5": 2.0, "nsp_accuracy": 0.75}}), encoding="utf-8")
    bundle, info = run(load_model, folder)
    assert (info.name, info.n_layers, info.n_heads, info.hidden, info.max_tokens) == ("tiny-bert", 2, 2, 16, 64)
    assert info.has_mlm and info.has_nsp and info.data == "wikitext-2"
    assert info.mlm_top1 == 0.25 and info.mlm_top5 is None and info.nsp_accuracy == 0.75  # 2.0 is no fraction
    assert run(predict, bundle, "the [MASK] sat").top_probs.shape == (1, TOP_K)
    (folder / "metrics.json").write_text("[1, 2]", encoding="utf-8")
    assert read_metrics(folder) == {}
    (folder / "config.json").unlink()
    with pytest.raises(LabModelError, match="missing config.json"):
        run(load_model, folder)


# what if: heads switched off (compute_whatif) ------------------------------------------------------------------

def test_what_if_compare_and_importance_on_a_tiny_bert(bundle):
    from desktop_app.labs.bert import compute_whatif
    from engine.whatif import HeadMask, head_grid, parse_ablation

    text = "the capital of france is [MASK] ."
    grid = head_grid(bundle)
    same = run(compute_whatif.compare, bundle, text, None, HeadMask.ones(grid))
    assert same.spec == "" and same.value_after == pytest.approx(same.value_before, abs=1e-6)
    assert same.topk[0].before_tokens == same.topk[0].after_tokens
    off = run(compute_whatif.compare, bundle, text, None, parse_ablation("1.2", grid))
    assert off.spec == "1.2" and off.value_after != pytest.approx(off.value_before, abs=1e-9)
    assert off.attention["self"].shape[:2] == (2, 2) and np.all(off.attention["self"][0, 1] == 0)
    assert off.value_before == pytest.approx(np.log(off.topk[0].before_probs[0]), abs=1e-5)
    pair = run(compute_whatif.compare, bundle, "he went to the store .", "he bought milk .", parse_ablation("2.*", grid))
    assert pair.probability == "P(IsNext)" and not pair.topk
    result = run(compute_whatif.importance, bundle, text, None)
    assert result.matrix.shape == (2, 2)
    assert result.matrix[0, 1] == pytest.approx(off.change, abs=1e-4)  # the sweep = one head off alone
    assert run(compute_whatif.importance, bundle, text, None, cancelled=True) is None
    assert reason(compute_whatif.compare, bundle, "no mask here", None, HeadMask.ones(grid)) == "no_mask"
    assert reason(compute_whatif.compare, bundle, "  ", None, HeadMask.ones(grid)) == "empty"


def test_the_regular_views_take_the_head_mask(bundle):
    from engine.whatif import head_grid, parse_ablation

    mask = parse_ablation("2.1", head_grid(bundle))
    state = run(attention_view, bundle, "the cat sat on the mat .", None, mask)
    assert np.all(state.attentions[1, 0] == 0) and state.attentions[1, 1].sum() > 0
    plain, masked = run(predict, bundle, "the [MASK] sat ."), run(predict, bundle, "the [MASK] sat .", mask)
    assert not np.allclose(plain.top_probs, masked.top_probs)
    a, b = run(nsp, bundle, "he went .", "he ran ."), run(nsp, bundle, "he went .", "he ran .", mask)
    assert a.is_next != pytest.approx(b.is_next, abs=1e-9)
