"""The Transformer lab's compute functions without a window (no QApplication): a tiny random Transformer with a
word-level tokenizer made here, opened, stepped by moves, drilled into, exported."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from tokenizers.pre_tokenizers import Whitespace

from desktop_app.labs.transformer.compute import (
    KINDS, LabInputError, LabModelError, apply_moves, drill_down, export_meta, open_session, view_state,
)
from engine.transformer.load import TranslationBundle
from engine.transformer.model import Transformer, TransformerConfig

WORDS = ["<pad>", "<unk>", "<s>", "</s>"] + [f"w{i}" for i in range(26)]
SENTENCE = "w1 w2 w3 zzz w4"  # zzz is not in the vocabulary: <unk>


def noop(*_args):
    return None


def never() -> bool:
    return False


@pytest.fixture
def bundle():
    torch.manual_seed(0)
    model = Transformer(TransformerConfig(src_vocab=30, tgt_vocab=30, d_model=16, n_heads=2, n_encoder_layers=1,
                                          n_decoder_layers=1, d_ff=32)).eval()
    tokenizer = Tokenizer(WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="<unk>"))
    tokenizer.pre_tokenizer = Whitespace()
    return TranslationBundle("tiny", model, tokenizer, tokenizer, lambda s: s, lambda s: s, {})


@pytest.fixture
def opened(bundle, tmp_path):
    return open_session(tmp_path / "tiny", SENTENCE, bundle, progress=noop, is_cancelled=never)


def move(session, *moves):
    return apply_moves(session, list(moves), progress=noop, is_cancelled=never)


def test_open_session_encodes_and_shows_the_encoder(opened):
    session, state = opened
    assert state.source_tokens == ("w1", "w2", "w3", "<unk>", "w4") and state.unknown == 1
    assert state.model == "tiny" and state.text == SENTENCE and not state.truncated and not state.text_cut
    assert state.n_steps == 0 and not state.finished and state.chosen_id == -1 and state.qkv is None
    assert state.encoder.shape == (1, 2, 5, 5) and (state.n_layers, state.n_heads) == (1, 2)
    np.testing.assert_allclose(state.encoder.sum(-1), 1.0, atol=1e-5)
    np.testing.assert_allclose(state.rollout.sum(-1), 1.0, atol=1e-5)
    assert state.decoder.shape == (1, 2, 0, 0) and state.cross.shape == (1, 2, 0, 5)
    assert session.last_state is state and state.d_head == 8


def test_open_session_refuses_empty_text_and_a_folder_without_a_model(bundle, tmp_path):
    with pytest.raises(LabInputError):
        open_session(tmp_path, "   ", bundle, progress=noop, is_cancelled=never)
    with pytest.raises(LabModelError):
        open_session(tmp_path, SENTENCE, None, progress=noop, is_cancelled=never)  # no bundle: loads the folder


def test_steps_back_and_reset(opened):
    session, _ = opened
    state = move(session, ("step",), ("step",), ("step",))
    t = state.n_steps
    assert 1 <= t <= 3  # the random model may emit </s> early
    assert state.decoder.shape == (1, 2, t, t) and state.cross.shape == (1, 2, t, 5)
    assert np.all(np.triu(state.decoder, 1) == 0)  # the future is masked exactly
    np.testing.assert_allclose(state.decoder.sum(-1), 1.0, atol=1e-5)
    np.testing.assert_allclose(state.cross.sum(-1), 1.0, atol=1e-5)
    assert state.input_tokens[0] == "<s>" and state.input_tokens[1:] == state.output_tokens[:-1]
    assert state.chosen_id == session.stepper.steps[-1].token_id and len(state.topk_ids) == 10
    back = move(session, ("back",))
    assert back.output_tokens == state.output_tokens[:-1]
    again = move(session, ("step",))
    assert again.output_tokens == state.output_tokens  # greedy: the same token again
    np.testing.assert_allclose(again.cross, state.cross, atol=1e-6)
    assert move(session, ("reset",)).n_steps == 0


def test_end_finishes_and_moves_that_change_nothing_return_the_same_state(opened):
    session, first = opened
    assert move(session, ("back",)) is first  # nothing to undo: no new state, so no redraw
    end = move(session, ("end",))
    assert end.finished and (end.output_tokens[-1] == "</s>" or end.n_steps == session.stepper.max_len)
    assert move(session, ("step",)) is end  # a held key at the end
    assert move(session, ("force", 5)) is end


def test_replace_puts_a_candidate_in_place_of_the_last_token(opened):
    session, _ = opened
    state = move(session, ("step",))
    other = int(state.topk_ids[1])
    replaced = move(session, ("replace", other))
    assert replaced.n_steps == 1 and replaced.chosen_id == other and replaced.forced
    assert replaced.output_tokens[0] == state.topk_tokens[1]
    np.testing.assert_allclose(replaced.topk_probs, state.topk_probs)  # the same step's distribution


def test_qkv_comes_with_the_state_only_when_asked(opened):
    session, _ = opened
    stepped = move(session, ("step",), ("step",))
    assert stepped.qkv is None
    with_qkv = move(session, ("qkv", True))
    assert with_qkv is not stepped and with_qkv.qkv is not None and with_qkv.n_steps == stepped.n_steps
    assert move(session, ("qkv", True)) is with_qkv  # already there
    assert move(session, ("qkv", False)) is with_qkv  # turning it off redraws nothing
    assert move(session, ("step",)).qkv is None or session.stepper.finished


def test_unknown_moves_are_refused(opened):
    session, _ = opened
    with pytest.raises(ValueError):
        move(session, ("jump", 3))


@pytest.mark.parametrize("kind", KINDS)
def test_drill_down_softmax_equals_the_heatmap(opened, kind):
    session, _ = opened
    move(session, ("step",), ("step",), ("qkv", True))
    state = view_state(session)
    assert state.qkv is not None
    rows = state.encoder.shape[2] if kind == "encoder" else state.n_steps
    for head in range(state.n_heads):
        for query in range(rows):
            d = drill_down(state, kind, 0, head, query)
            np.testing.assert_allclose(d.weights, state.matrix(kind, 0, head)[query], atol=1e-5)
            np.testing.assert_allclose(d.scaled, d.raw / np.sqrt(d.d_k))
            np.testing.assert_allclose(d.output, d.weights @ d.v)
            if kind == "decoder":
                assert np.all(np.isneginf(d.masked[query + 1:])) and np.all(d.weights[query + 1:] == 0)
    assert drill_down(state, kind, 0, 0, rows) is None  # a query past the end
    assert drill_down(view_state(session, want_qkv=False), kind, 0, 0, 0) is None  # no Q/K/V in the state


def test_export_meta_names_input_model_and_step(opened):
    session, _ = opened
    state = move(session, ("step",))
    meta = export_meta(state)
    assert meta["lab"] == "transformer" and meta["model"] == "tiny" and meta["input"] == SENTENCE
    assert meta["step"] == 1 and meta["source_tokens"] == list(state.source_tokens)
    assert meta["output_tokens"] == list(state.output_tokens)



def test_what_if_compare_importance_and_the_head_mask_move(bundle, opened):
    from desktop_app.labs.transformer import compute_whatif
    from engine.whatif import HeadMask, head_grid, parse_ablation

    grid = head_grid(bundle)
    same = compute_whatif.compare(bundle, SENTENCE, HeadMask.ones(grid), progress=noop, is_cancelled=never)
    assert same.spec == "" and same.text_before == same.text_after and not any(same.marks())
    assert same.value_after == pytest.approx(same.value_before, abs=1e-4)
    mask = parse_ablation("enc:1.*,cross:1.2", grid)
    off = compute_whatif.compare(bundle, SENTENCE, mask, progress=noop, is_cancelled=never)
    assert off.spec == "enc:1.*,cross:1.2" and set(off.attention) == {"enc", "dec", "cross"}
    assert np.all(off.attention["enc"][0] == 0) and np.all(off.attention["cross"][0, 1] == 0)
    assert off.value_after != pytest.approx(off.value_before, abs=1e-6)
    result = compute_whatif.importance(bundle, SENTENCE, progress=noop, is_cancelled=never)
    assert {k: v.shape for k, v in result.changes.items()} == {"enc": (1, 2), "dec": (1, 2), "cross": (1, 2)}
    assert compute_whatif.importance(bundle, SENTENCE, progress=noop, is_cancelled=lambda: True) is None
    with pytest.raises(LabInputError):
        compute_whatif.compare(bundle, "  ", mask, progress=noop, is_cancelled=never)
    session, state = opened
    state = move(session, ("step",), ("step",), ("head_mask", mask))
    assert state.n_steps == 2 and np.all(state.encoder[0] == 0) and np.all(state.cross[0, 1] == 0)
    state = move(session, ("head_mask", None))
    assert state.encoder[0].sum() > 0 and state.n_steps == 2


def test_the_drill_down_follows_the_head_mask(bundle, tmp_path):
    from engine.whatif import head_grid, parse_ablation

    session, _ = open_session(tmp_path / "tiny", SENTENCE, bundle, True, progress=noop, is_cancelled=never)
    plain = move(session, ("step",))
    masked = move(session, ("head_mask", parse_ablation("enc:1.*", head_grid(bundle))))
    assert masked.qkv is not None and not np.allclose(plain.qkv["cross"][1], masked.qkv["cross"][1])
