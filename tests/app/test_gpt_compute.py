"""The GPT lab's compute functions without a window (no QApplication): a tiny random GPT (tests/engine/gpt_tiny.py)
loaded, opened on a prompt, driven by moves in order (the standard ones and GPT's own "sampling"), and compared
with a tiny BERT that shares its WordPiece vocabulary. Nothing here depends on the shipped models."""
from __future__ import annotations

import numpy as np
import pytest

from desktop_app.labs.gpt.compute import (
    MAX_INPUT_CHARS, TOP_K, LabInputError, LabModelError, apply_moves, compare, default_position, has_hangul,
    load_bert_bundle, load_model, open_session, read_metrics,
)
from tests.engine.gpt_tiny import WORDS, make_tiny_gpt_folder

BLOCK = 16
PROMPT = "The game was released in"


def noop(*_args):
    return None


def never() -> bool:
    return False


KW = {"progress": noop, "is_cancelled": never}
GREEDY = (0.0, 0, 0)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_tiny_gpt_folder(tmp_path_factory.mktemp("gptcompute") / "tiny", block_size=BLOCK)


@pytest.fixture(scope="module")
def bundle(folder):
    return load_model(folder, **KW)[0]


def opened(bundle, text=PROMPT, sampling=GREEDY):
    return open_session(bundle, text, sampling, **KW)


def check_causal(state) -> None:
    t = len(state.tokens)
    assert state.attention.shape == (2, 2, t, t)
    assert np.all(np.triu(state.attention, 1) == 0)  # nothing above the diagonal, exactly
    np.testing.assert_allclose(state.attention.sum(-1), 1.0, atol=1e-5)


def test_load_model_reports_the_shape_and_a_broken_folder_raises(folder, tmp_path):
    _bundle, info = load_model(folder, **KW)
    assert (info.n_layers, info.n_heads, info.d_model, info.block_size) == (2, 2, 16, BLOCK)
    assert info.vocab == info.tokenizer_vocab == len(WORDS) + 9
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{not json")
    with pytest.raises(LabModelError):
        load_model(broken, **KW)


def test_open_session_reads_the_prompt(bundle):
    session, state = opened(bundle)
    assert state.tokens == ("[CLS]", "the", "game", "was", "released", "in")
    assert state.n_prompt == 6 and state.n_steps == 0 and not state.finished
    assert state.chosen_token == "" and np.isnan(state.chosen_prob)
    assert len(state.topk_tokens) == TOP_K and "[UNK]" not in state.topk_tokens
    np.testing.assert_allclose(state.topk_probs, state.model_probs)  # greedy: the model's own distribution
    assert state.sampling == GREEDY and state.unknown == 0 and not state.truncated and not state.text_cut
    check_causal(state)
    assert session.text == PROMPT


@pytest.mark.parametrize("text", ["", "   \n", None])
def test_open_session_refuses_an_empty_prompt(bundle, text):
    with pytest.raises(LabInputError) as info:
        opened(bundle, text)
    assert info.value.reason == "empty"


def test_long_prompts_are_cut_and_truncated(bundle):
    _session, state = opened(bundle, "the city " * 20)
    assert state.truncated and len(state.tokens) <= BLOCK
    _session, state = opened(bundle, "x" * (MAX_INPUT_CHARS + 5))
    assert state.text_cut
    _session, state = opened(bundle, "qqqq zzzz")
    assert state.unknown >= 1


def test_step_back_reset_end_and_the_map_grows(bundle):
    session, first = opened(bundle)
    state = apply_moves(session, [("step",)], **KW)
    assert state.n_steps == 1 and len(state.tokens) == 7 and state.chosen_token == state.tokens[-1]
    assert state.tokens[-1] == first.topk_tokens[0]  # greedy: the most probable candidate
    np.testing.assert_allclose(state.attention[:, :, :6, :6], first.attention, atol=1e-5)  # earlier rows stay
    check_causal(state)
    state = apply_moves(session, [("step",), ("step",), ("back",)], **KW)
    assert state.n_steps == 2
    again = apply_moves(session, [("back",), ("step",)], **KW)
    assert again.tokens == state.tokens  # back then step: the same token again
    state = apply_moves(session, [("end",)], **KW)
    assert state.finished and len(state.tokens) == BLOCK  # the end of a GPT: the window is full
    assert apply_moves(session, [("step",), ("force", 5)], **KW).tokens == state.tokens  # no-ops at the end
    state = apply_moves(session, [("reset",)], **KW)
    assert state.tokens == first.tokens and state.n_steps == 0
    assert apply_moves(session, [("back",)], **KW).n_steps == 0  # back at the prompt: a no-op


def test_force_chooses_a_candidate(bundle):
    session, state = opened(bundle)
    chosen = int(state.topk_ids[3])
    state = apply_moves(session, [("force", chosen)], **KW)
    assert state.chosen_forced and state.tokens[-1] == bundle.token(chosen)
    assert 0 < state.chosen_prob <= 1


def test_sampling_is_a_move_applied_in_order_and_reproducible(bundle):
    sampled = None
    for seed in range(50):  # a seed whose first draw is not the greedy token, so the order shows
        session, greedy = opened(bundle)
        state = apply_moves(session, [("sampling", (2.0, 0, seed)), ("step",)], **KW)
        if state.tokens[-1] != greedy.topk_tokens[0]:
            sampled = (2.0, 0, seed)
            break
    assert sampled is not None
    session, greedy = opened(bundle)
    state = apply_moves(session, [("step",), ("sampling", sampled), ("reset",), ("sampling", sampled), ("step",)],
                        **KW)
    assert state.sampling == sampled and state.tokens[-1] != greedy.topk_tokens[0]
    state = apply_moves(session, [("reset",), ("step",), ("sampling", GREEDY)], **KW)
    assert state.sampling == GREEDY and state.tokens[-1] != greedy.topk_tokens[0]  # stepped before the change
    first = apply_moves(session, [("sampling", sampled), ("reset",)] + [("step",)] * 6, **KW).tokens
    assert apply_moves(session, [("reset",)] + [("step",)] * 6, **KW).tokens == first  # the same seed, same text
    cut = apply_moves(session, [("sampling", (2.0, 2, sampled[2]))], **KW)
    assert np.count_nonzero(cut.topk_probs > 0) == 2  # top-k 2: only two candidates can be drawn
    with pytest.raises(ValueError):
        apply_moves(session, [("jump", 3)], **KW)


def test_compare_without_bert(bundle, tmp_path):
    bert, reason = load_bert_bundle(tmp_path / "no-bert")
    assert bert is None and reason == "absent"
    c = compare(bundle, reason, "The capital of France is Paris.", None, **KW)
    assert c.tokens == ("the", "capital", "of", "france", "is", "paris", ".")
    assert c.position == 5 == default_position(c.tokens)  # the last word, not the full stop
    n = len(c.tokens)
    np.testing.assert_array_equal(c.bert_mask, np.ones((n, n)))
    np.testing.assert_array_equal(c.gpt_mask, np.tril(np.ones((n, n))))
    assert c.gpt_attention.shape == (n, n) and np.all(np.triu(c.gpt_attention, 1) == 0)
    assert len(c.gpt_tokens) == TOP_K and "[UNK]" not in c.gpt_tokens and c.bert_missing == "absent"
    assert c.bert_tokens == () and c.gpt_unknown == 0
    assert compare(bundle, reason, "The capital of France is Paris.", 99, **KW).position == n - 1  # clamped
    with pytest.raises(LabInputError) as info:
        compare(bundle, reason, "one", None, **KW)
    assert info.value.reason == "short"
    with pytest.raises(LabInputError) as info:
        compare(bundle, reason, "  ", None, **KW)
    assert info.value.reason == "empty"


def write_tiny_bert(folder, mlm=True):
    """A tiny random BERT over the tiny GPT's WordPiece vocabulary (the shipped pair share theirs too)."""
    import torch

    from engine.bert import Bert, BertConfig, save_bert
    from engine.bert.load import build_tokenizer

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list(WORDS) + ["##s", "##ed", "1", "9"]
    config = dict(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                  intermediate_size=32, max_position_embeddings=64, type_vocab_size=2)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    torch.manual_seed(0)
    model = Bert(BertConfig(**config), mlm=mlm, nsp=False, pooler=False)
    return save_bert(folder, model, build_tokenizer(folder, config["max_position_embeddings"]))


def test_compare_with_a_tiny_bert(bundle, tmp_path):
    bert, reason = load_bert_bundle(write_tiny_bert(tmp_path / "bert"))
    assert reason == "" and bert is not None
    c = compare(bundle, bert, "The capital of France is Paris.", 2, **KW)
    n = len(c.tokens)
    assert c.position == 2 and c.bert_missing == ""
    assert len(c.bert_tokens) == TOP_K and c.bert_probs.shape == (TOP_K,) and float(c.bert_probs.sum()) <= 1 + 1e-6
    assert c.bert_attention.shape == (n, n) and np.all(c.bert_attention >= 0)
    bare, reason = load_bert_bundle(write_tiny_bert(tmp_path / "bare", mlm=False))
    assert bare is None and reason == "no_mlm"


def test_small_helpers(tmp_path):
    assert has_hangul("안녕 world") and not has_hangul("hello") and not has_hangul(None)
    assert default_position(("the", "cat", "##s", ".")) == 1  # not a word piece, not punctuation
    assert read_metrics(tmp_path) == {}
    (tmp_path / "metrics.json").write_text('{"valid": {"perplexity": 42.5}, "test": {"perplexity": -1}, '
                                           '"minutes": 3}')
    assert read_metrics(tmp_path) == {"valid": 42.5, "minutes": 3.0}


def test_what_if_compare_importance_and_the_head_mask_move(bundle):
    from desktop_app.labs.gpt import compute_whatif
    from engine.whatif import HeadMask, head_grid, parse_ablation

    grid = head_grid(bundle)
    same = compute_whatif.compare(bundle, PROMPT, HeadMask.ones(grid), **KW)
    assert same.spec == "" and same.text_before == same.text_after and not any(same.marks())
    assert same.value_after == pytest.approx(same.value_before, abs=1e-4)
    assert len(same.text_before) == compute_whatif.CONTINUATION
    mask = parse_ablation("1.*", grid)
    off = compute_whatif.compare(bundle, PROMPT, mask, **KW)
    assert off.spec == "1.*" and np.all(off.attention["self"][0] == 0)
    assert off.value_after != pytest.approx(off.value_before, abs=1e-6)
    assert not np.allclose(off.topk[0].before_probs, off.topk[0].after_probs)
    result = compute_whatif.importance(bundle, PROMPT, **KW)
    assert result.matrix.shape == (2, 2) and result.measure == "next_token"
    assert compute_whatif.importance(bundle, PROMPT, progress=noop, is_cancelled=lambda: True) is None
    with pytest.raises(LabInputError):
        compute_whatif.compare(bundle, " ", mask, **KW)
    session, state = open_session(bundle, PROMPT, GREEDY, mask, **KW)
    assert np.all(state.attention[0] == 0)
    session, state = opened(bundle)
    state = apply_moves(session, [("head_mask", mask)], **KW)
    assert np.all(state.attention[0] == 0)
    state = apply_moves(session, [("head_mask", None), ("step",)], **KW)
    assert state.n_steps == 1 and state.attention[0].sum() > 0
