"""What-if: head masks in every multi-head attention (GPT, the Transformer's three kinds, BERT), the head-list text,
steppers under a mask, head importance against single-head forwards, and the CLI."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from engine.attention import layer_head_masks
from engine.cli import EngineInputError, main
from engine.gpt.model import GPT, GPTConfig
from engine.gpt.stepper import GPTStepper
from engine.transformer.model import Transformer, TransformerConfig
from engine.transformer.stepper import TransformerStepper, beam_search
from engine.whatif import (AblationSpecError, HeadMask, bert_head_importance, gpt_head_importance, head_grid,
                           parse_ablation, transformer_head_importance)
from tests.engine.gpt_tiny import make_tiny_gpt_folder

GPT_CFG = GPTConfig(vocab_size=50, block_size=24, n_layer=3, n_head=4, d_model=32, dropout=0.0)
TR_CFG = TransformerConfig(src_vocab=50, tgt_vocab=40, d_model=32, n_heads=4, n_encoder_layers=2,
                           n_decoder_layers=3, d_ff=64, dropout=0.0, max_len=64)


@pytest.fixture(autouse=True)
def one_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.fixture
def gpt():
    torch.manual_seed(0)
    model = GPT(GPT_CFG).eval()
    with torch.no_grad():  # biases start at zero; make them visible
        for name, p in model.named_parameters():
            if name.endswith("bias"):
                p.normal_(0.0, 0.1)
    return model


@pytest.fixture
def transformer():
    torch.manual_seed(0)
    model = Transformer(TR_CFG).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias"):
                p.normal_(0.0, 0.1)
    return model


def ids(n=9, vocab=50, batch=2, seed=1):
    return torch.randint(4, vocab, (batch, n), generator=torch.Generator().manual_seed(seed))


def off(grid, *heads):
    """A HeadMask with (kind, layer, head) off, 0-based; head None = the whole layer."""
    mask = HeadMask.ones(grid)
    for kind, layer, head in heads:
        mask = mask.switched(kind, layer, head)
    return mask


# ---------------------------------------------------------------------------------------------------------------
# The head list


def test_parse_heads_1_based_whole_layers_and_round_trip():
    grid = {"self": (6, 12)}
    mask = parse_ablation(" 1.2 , 3.* ,6.12", grid)
    assert mask.off() == (("self", 0, 1),) + tuple(("self", 2, h) for h in range(12)) + (("self", 5, 11),)
    assert mask.spec() == "1.2,3.*,6.12"
    assert parse_ablation(mask.spec(), grid) == mask
    assert mask["self"].dtype == np.float32 and not mask["self"].flags.writeable
    assert HeadMask.ones(grid).all_on and HeadMask.ones(grid).spec() == "" and not mask.all_on
    assert mask.switched("self", 0, 1, on=True).spec() == "3.*,6.12"


def test_parse_transformer_kinds():
    grid = {"enc": (3, 4), "dec": (3, 4), "cross": (3, 4)}
    mask = parse_ablation("enc:1.2,cross:2.*, DEC:3.4", grid)
    assert mask.off() == (("enc", 0, 1), ("dec", 2, 3)) + tuple(("cross", 1, h) for h in range(4))
    assert mask.spec() == "enc:1.2,dec:3.4,cross:2.*"
    assert parse_ablation(mask.spec(), grid) == mask


@pytest.mark.parametrize("spec, words", [
    ("9.99", "layer 9"), ("1.99", "head 99"), ("0.1", "layer 0"), ("1.0", "head 0"), ("x", "not a head"),
    ("", "empty"), ("  ", "empty"), ("1.2,,3.1", "empty item"), ("1.2,", "empty item"), ("1", "not a head"),
    ("1.2.3", "not a head"), ("-1.2", "not a head"), ("enc:1.2", "one kind"), ("*.1", "not a head"),
])
def test_bad_head_lists_are_one_clear_error(spec, words):
    with pytest.raises(AblationSpecError, match=words) as info:
        parse_ablation(spec, {"self": (6, 12)})
    assert isinstance(info.value, EngineInputError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize("spec, words", [("1.2", "say which attention"), ("self:1.1", "no attention 'self'"),
                                         ("enc:4.1", "layer 4"), ("cross:1.5", "head 5")])
def test_bad_transformer_head_lists(spec, words):
    with pytest.raises(AblationSpecError, match=words):
        parse_ablation(spec, {"enc": (3, 4), "dec": (3, 4), "cross": (3, 4)})


def test_layer_head_masks_shapes():
    assert layer_head_masks(None, 3, 4) == [None] * 3
    assert [m.shape for m in layer_head_masks(torch.ones(4), 3, 4)] == [(4,)] * 3
    assert [m.shape for m in layer_head_masks(np.ones((5, 3, 4)), 3, 4)] == [(5, 4)] * 3
    mask = off({"enc": (2, 4), "dec": (3, 4)}, ("dec", 1, 2))
    assert layer_head_masks(mask, 2, 4, "cross") == [None, None]  # a kind the mapping lacks: all on
    assert torch.equal(layer_head_masks(mask, 3, 4, "dec")[1], torch.tensor([1.0, 1.0, 0.0, 1.0]))
    with pytest.raises(ValueError, match="head_mask"):
        layer_head_masks(torch.ones(3, 5), 3, 4)


# ---------------------------------------------------------------------------------------------------------------
# A whole layer off = that attention sub-layer adds W_o's bias only (computed here by hand)


def test_gpt_layer_off_is_the_residual_plus_bias(gpt):
    x_ids = ids()
    for layer in range(GPT_CFG.n_layer):
        mask = torch.ones(GPT_CFG.n_layer, GPT_CFG.n_head)
        mask[layer] = 0.0
        with torch.no_grad():
            got = gpt(x_ids, head_mask=mask)
            x = gpt.wte(x_ids) + gpt.wpe(torch.arange(x_ids.shape[1]))
            for i, block in enumerate(gpt.blocks):
                if i == layer:
                    x = x + block.attn.out_proj.bias  # the attention sub-layer's output is its bias, nothing else
                    x = x + block.mlp(block.ln_2(x))
                else:
                    x, _ = block(x)
            want = gpt.ln_f(x) @ gpt.wte.weight.T
        torch.testing.assert_close(got.logits, want, atol=1e-6, rtol=0)
        assert torch.all(got.attention[:, layer] == 0)  # the weights shown are those used
        # and the switched-off layer really changes something
        assert (got.logits - gpt(x_ids).logits).abs().max() > 1e-3


def test_transformer_layer_off_is_the_residual_plus_bias(transformer):
    m = transformer
    src, tgt = ids(7), ids(5, vocab=40, seed=2)
    for kind, layer in [("enc", 0), ("enc", 1), ("dec", 0), ("dec", 2), ("cross", 1), ("cross", 2)]:
        mask = off(head_grid(m), (kind, layer, None))
        with torch.no_grad():
            got = m(src, tgt, head_mask=mask).decoder.logits
            x = m.embed_source(src)
            for i, enc_layer in enumerate(m.encoder_layers):
                if kind == "enc" and i == layer:
                    x = enc_layer.norm1(x + enc_layer.self_attn.out_proj.bias)
                    x = enc_layer.norm2(x + enc_layer.ffn(x))
                else:
                    x, _ = enc_layer(x, None, False)
            memory = m.encoder_norm(x)
            y = m.embed_target(tgt)
            for i, dec in enumerate(m.decoder_layers):
                if kind in ("dec", "cross") and i == layer:
                    if kind == "dec":
                        y = dec.norm1(y + dec.self_attn.out_proj.bias)
                    else:
                        y = dec.norm1(y + dec.self_attn(y, y, y, causal=True).output)
                    if kind == "cross":  # this layer reads nothing of the source
                        y = dec.norm2(y + dec.cross_attn.out_proj.bias)
                    else:
                        y = dec.norm2(y + dec.cross_attn(y, memory, memory).output)
                    y = dec.norm3(y + dec.ffn(y))
                else:
                    y, _, _ = dec(y, memory, None, None, False)
            want = m.generator(m.decoder_norm(y))
        torch.testing.assert_close(got, want, atol=1e-5, rtol=0, msg=f"{kind} layer {layer}")
        assert (got - m(src, tgt).decoder.logits).abs().max() > 1e-3


def test_bert_layer_off_is_the_residual_plus_bias():
    from engine.bert.model import Bert, BertConfig

    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=40, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                     intermediate_size=64, max_position_embeddings=16)
    model = Bert(cfg).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias"):
                p.normal_(0.0, 0.1)
    x_ids = ids(8, vocab=40)
    mask = off(head_grid(model), ("self", 1, None))
    with torch.no_grad():
        got = model(x_ids, head_mask=mask).last_hidden_state
        x, _ = model.bert.embeddings(x_ids, torch.zeros_like(x_ids))
        x, _ = model.bert.encoder.layer[0](x, None, False)
        layer = model.bert.encoder.layer[1]
        a = layer.attention.output.LayerNorm(layer.attention.output.dense.bias + x)
        want = layer.output(layer.intermediate(a), a)
    torch.testing.assert_close(got, want, atol=1e-6, rtol=0)


# ---------------------------------------------------------------------------------------------------------------
# All heads on changes nothing, bit for bit; a head off puts exact zeros into the concatenation


def test_all_ones_changes_nothing_bit_for_bit(gpt, transformer):
    x_ids = ids()
    with torch.no_grad():
        plain = gpt(x_ids)
        for ones in (torch.ones(4), torch.ones(3, 4), torch.ones(2, 3, 4), HeadMask.ones(head_grid(gpt))):
            masked = gpt(x_ids, head_mask=ones)
            assert torch.equal(plain.logits, masked.logits) and torch.equal(plain.attention, masked.attention)
        src, tgt = ids(7), ids(5, vocab=40, seed=2)
        plain = transformer(src, tgt)
        for ones in (HeadMask.ones(head_grid(transformer)), {"enc": torch.ones(4)}, {}):
            masked = transformer(src, tgt, head_mask=ones)
            assert torch.equal(plain.decoder.logits, masked.decoder.logits)
            for a, b in zip(plain.decoder.cross_attention + plain.encoder.self_attention,
                            masked.decoder.cross_attention + masked.encoder.self_attention):
                assert torch.equal(a, b)
    # steppers with an all-on mask make the very same steps
    plain_steps = TransformerStepper(transformer, [5, 6, 7, 8], list("abcd"), str, 1, 2, max_len=6).run_to_end()
    ones_steps = TransformerStepper(transformer, [5, 6, 7, 8], list("abcd"), str, 1, 2, max_len=6,
                                    head_mask=HeadMask.ones(head_grid(transformer))).run_to_end()
    for a, b in zip(plain_steps, ones_steps):
        assert a.token_id == b.token_id and a.log_prob == b.log_prob
        assert np.array_equal(a.cross_attention, b.cross_attention)
    a = GPTStepper(gpt, [3, 4, 5], str).run_to_end(5)
    b = GPTStepper(gpt, [3, 4, 5], str, head_mask=np.ones((3, 4))).run_to_end(5)
    assert [s.token_id for s in a] == [s.token_id for s in b] and [s.log_prob for s in a] == [s.log_prob for s in b]


def _concat_inputs(module):
    seen = []
    handle = module.register_forward_pre_hook(lambda mod, args: seen.append(args[0].clone()))
    return seen, handle


def test_a_head_off_puts_exact_zeros_into_the_concatenation(gpt, transformer):
    x_ids = ids()
    seen, handle = _concat_inputs(gpt.blocks[1].attn.out_proj)
    with torch.no_grad():
        gpt(x_ids, head_mask=off(head_grid(gpt), ("self", 1, 2)))
    handle.remove()
    concat = seen[0].view(2, x_ids.shape[1], 4, 8)  # (B, T, H, d_h)
    assert torch.all(concat[:, :, 2] == 0) and torch.all(concat[:, :, [0, 1, 3]] != 0)

    grid = head_grid(transformer)
    for kind, attr in (("enc", "self_attn"), ("dec", "self_attn"), ("cross", "cross_attn")):
        stack = transformer.encoder_layers if kind == "enc" else transformer.decoder_layers
        seen, handle = _concat_inputs(getattr(stack[1], attr).out_proj)
        with torch.no_grad():
            transformer(ids(7), ids(5, vocab=40, seed=2), head_mask=off(grid, (kind, 1, 3)))
        handle.remove()
        concat = seen[0].view(2, -1, 4, 8)
        assert torch.all(concat[..., 3, :] == 0) and torch.all(concat[..., :3, :] != 0), kind
    # the cached one-token step too
    seen, handle = _concat_inputs(transformer.decoder_layers[0].cross_attn.out_proj)
    TransformerStepper(transformer, [5, 6, 7], list("abc"), str, 1, 2, max_len=3,
                       head_mask=off(grid, ("cross", 0, 0))).run_to_end()
    handle.remove()
    assert len(seen) == 3 and all(torch.all(c.view(1, 1, 4, 8)[..., 0, :] == 0) for c in seen)


# ---------------------------------------------------------------------------------------------------------------
# Steppers under a mask


def test_transformer_cached_steps_under_a_mask_match_teacher_forcing(transformer):
    grid = head_grid(transformer)
    mask = off(grid, ("enc", 0, 1), ("dec", 1, None), ("cross", 2, 3))
    stepper = TransformerStepper(transformer, [5, 6, 7, 8, 9], list("abcde"), str, 1, 2, max_len=6, head_mask=mask)
    steps = stepper.run_to_end()
    tgt = torch.tensor([[1] + [s.token_id for s in steps[:-1]]])
    with torch.no_grad():
        trace = transformer(torch.tensor([[5, 6, 7, 8, 9]]), tgt, head_mask=mask)
    log_probs = torch.log_softmax(trace.decoder.logits[0], -1)
    want = float(log_probs[torch.arange(len(steps)), [s.token_id for s in steps]].sum())
    assert steps[-1].log_prob == pytest.approx(want, abs=1e-4)
    assert [s.token_id for s in steps] == log_probs.argmax(-1).tolist()  # greedy under the mask, both ways
    np.testing.assert_allclose(np.stack([s.cross_attention for s in steps]),
                               torch.stack(trace.decoder.cross_attention)[:, 0].permute(2, 0, 1, 3).numpy(), atol=1e-5)
    assert np.all(stepper.source.self_attention[0, 1] == 0)  # the encoder head that is off
    # beam width 1 under the mask is the greedy translation under the mask
    beam = beam_search(transformer, [5, 6, 7, 8, 9], str, 1, 2, width=1, max_len=6, head_mask=mask)
    assert list(beam.best_ids) == [s.token_id for s in steps]


def test_transformer_set_head_mask_replays_the_steps(transformer):
    grid = head_grid(transformer)
    stepper = TransformerStepper(transformer, [5, 6, 7, 8], list("abcd"), str, 1, 2, max_len=8)
    stepper.step()
    stepper.force(7)
    stepper.step()
    tokens = [s.token_id for s in stepper.steps]
    mask = off(grid, ("cross", 0, None), ("dec", 2, 1))
    stepper.set_head_mask(mask)
    fresh = TransformerStepper(transformer, [5, 6, 7, 8], list("abcd"), str, 1, 2, max_len=8, head_mask=mask)
    for token in tokens:
        fresh.force(token)
    assert [s.token_id for s in stepper.steps] == tokens  # the same tokens, their traces under the new mask
    assert [s.forced for s in stepper.steps] == [False, True, False]
    for a, b in zip(stepper.steps, fresh.steps):
        assert a.log_prob == pytest.approx(b.log_prob, abs=1e-6)
        np.testing.assert_allclose(a.cross_attention, b.cross_attention, atol=1e-6)
        assert np.all(a.cross_attention[0] == 0)
    # the cache was rebuilt under the mask: the next step is the fresh stepper's
    assert stepper.step().log_prob == pytest.approx(fresh.step().log_prob, abs=1e-5)
    assert stepper.back() is not None and len(stepper.steps) == 3
    with pytest.raises(ValueError):
        stepper.set_head_mask({"self": np.ones((3, 4))})
    assert stepper.head_mask is mask and len(stepper.steps) == 3  # a refused mask changes nothing
    stepper.set_head_mask(None)
    assert stepper.steps[0].log_prob != fresh.steps[0].log_prob or stepper.steps[1].log_prob != fresh.steps[1].log_prob


def test_gpt_stepper_mask_applies_to_what_comes_next(gpt):
    stepper = GPTStepper(gpt, [3, 4, 5, 6], str, top_k=5)
    first = stepper.step()
    mask = off(head_grid(gpt), ("self", 0, 1), ("self", 2, None))
    stepper.set_head_mask(mask)
    assert stepper.steps[0] is first  # a step already made keeps its trace
    nxt = stepper.peek()
    assert np.all(nxt.attention[0, 1] == 0) and np.all(nxt.attention[2] == 0) and np.any(nxt.attention[0, 0] != 0)
    step = stepper.step()
    with torch.no_grad():
        logits = gpt(torch.tensor([[3, 4, 5, 6, first.token_id]]), head_mask=mask).logits[0, -1]
    assert step.log_prob == pytest.approx(float(torch.log_softmax(logits, -1)[step.token_id]), abs=1e-5)
    with pytest.raises(ValueError, match="head_mask"):
        stepper.set_head_mask(np.ones((2, 4)))
    assert stepper.head_mask is mask


# ---------------------------------------------------------------------------------------------------------------
# Head importance = the measure with one head off (a plain masked forward) minus the measure with all on


@pytest.fixture(scope="module")
def gpt_bundle(tmp_path_factory):
    from engine.gpt.load import load_gpt

    return load_gpt(make_tiny_gpt_folder(tmp_path_factory.mktemp("gpt") / "tiny", block_size=24))


@pytest.fixture(scope="module")
def bert_bundle(tmp_path_factory):
    from engine.bert import load_bert
    from tests.engine.test_bert import tiny_folder

    return load_bert(tiny_folder(tmp_path_factory.mktemp("bert") / "tiny"))


@pytest.fixture(scope="module")
def ko_en():
    from engine.transformer.load import load_translation_model, model_folder

    return load_translation_model(model_folder("ko-en"))


def test_bert_mlm_importance_matches_single_head_forwards(bert_bundle):
    from engine.bert import predict_masked

    text = "the [MASK] sat on the mat . the dog [MASK] to the house ."
    reports = []
    r = bert_head_importance(bert_bundle, text, progress=lambda f, m: reports.append(f))
    vocab = bert_bundle.config.vocab_size
    full = predict_masked(bert_bundle, text, 1)
    guesses = full.top_ids[:, 0]
    assert r.measure == "mlm" and r.target == tuple(full.top_tokens[i][0] for i in range(2))
    assert r.value == pytest.approx(float(np.log(full.top_probs[:, 0]).sum()), abs=1e-5)
    assert r.matrix.shape == (2, 4) and set(r.changes) == {"self"}
    for layer, head in np.ndindex(2, 4):
        p = predict_masked(bert_bundle, text, vocab, head_mask=off(head_grid(bert_bundle), ("self", layer, head)))
        value = sum(np.log(p.top_probs[m][list(p.top_ids[m]).index(g)]) for m, g in enumerate(guesses))
        assert r.matrix[layer, head] == pytest.approx(value - r.value, abs=1e-5)
    assert reports == sorted(reports) and reports[-1] == 1.0
    # one copy per forward gives the same matrix as one batch per layer
    small = bert_head_importance(bert_bundle, text, batch_rows=1)
    np.testing.assert_allclose(small.matrix, r.matrix, atol=1e-5)
    assert r.ranked()[0][3] == max(r.matrix.flatten(), key=abs)


def test_bert_nsp_importance(bert_bundle):
    from engine.bert import next_sentence

    a, b = "the cat sat on the mat .", "the dog ran ."
    r = bert_head_importance(bert_bundle, a, b)
    assert r.measure == "nsp" and r.value == pytest.approx(np.log(next_sentence(bert_bundle, a, b).is_next_prob),
                                                           abs=1e-5)
    p = next_sentence(bert_bundle, a, b, head_mask=off(head_grid(bert_bundle), ("self", 1, 2)))
    assert r.matrix[1, 2] == pytest.approx(np.log(p.is_next_prob) - r.value, abs=1e-5)


def test_bert_importance_needs_a_mask(bert_bundle):
    from engine.bert import NoMaskError

    with pytest.raises(NoMaskError):
        bert_head_importance(bert_bundle, "the cat sat .")


def test_gpt_importance_matches_the_stepper_under_a_mask(gpt_bundle):
    from engine.commands.gpt import make_stepper

    r = gpt_head_importance(gpt_bundle, "the game was released in")
    stepper, _ = make_stepper(gpt_bundle, "the game was released in")
    greedy = stepper.step()
    assert r.target == (greedy.token,) and r.value == pytest.approx(greedy.log_prob, abs=1e-5)
    for layer, head in np.ndindex(*r.matrix.shape):
        stepper.back()
        stepper.set_head_mask(off(head_grid(gpt_bundle), ("self", layer, head)))
        step = stepper.force(greedy.token_id)
        assert r.matrix[layer, head] == pytest.approx(step.log_prob - r.value, abs=1e-5)
    chosen = gpt_head_importance(gpt_bundle, "the game was released in", "paris")
    assert chosen.target == ("paris",)
    with pytest.raises(EngineInputError, match="pieces|not among"):
        gpt_head_importance(gpt_bundle, "the game", "parisian london")


def test_transformer_importance_matches_the_stepper_under_a_mask(ko_en):
    b = ko_en
    sentence = "나는 학교에 간다"
    r = transformer_head_importance(b, sentence)
    src, tokens, _ = b.encode_source(sentence)
    stepper = TransformerStepper(b.model, src, tokens, b.target_token, b.bos_id, b.eos_id)
    steps = stepper.run_to_end()
    assert r.target == tuple(s.token for s in steps) and r.value == pytest.approx(steps[-1].log_prob, abs=1e-4)
    assert {k: v.shape for k, v in r.changes.items()} == {"enc": (2, 4), "dec": (2, 4), "cross": (2, 4)}
    for kind, layer, head in [("enc", 1, 2), ("dec", 0, 3), ("cross", 0, 0), ("cross", 1, 1)]:
        stepper.set_head_mask(off(head_grid(b), (kind, layer, head)))  # replays the same tokens, teacher-forced
        assert r.changes[kind][layer, head] == pytest.approx(stepper.steps[-1].log_prob - r.value, abs=1e-4)
    given = transformer_head_importance(b, sentence, [s.token_id for s in steps[:2]])
    assert given.target == tuple(s.token for s in steps[:2])
    assert given.value == pytest.approx(steps[1].log_prob, abs=1e-4)


def test_cancel_returns_none_and_stops_early(bert_bundle, gpt_bundle, ko_en):
    calls = []

    def cancel_after_first():
        calls.append(1)
        return len(calls) > 1

    assert bert_head_importance(bert_bundle, "the [MASK] sat .", is_cancelled=cancel_after_first) is None
    assert len(calls) == 2  # layer 1 ran, then it stopped
    assert gpt_head_importance(gpt_bundle, "the game", is_cancelled=lambda: True) is None
    assert transformer_head_importance(ko_en, "나는 학교에 간다", is_cancelled=lambda: True) is None


# ---------------------------------------------------------------------------------------------------------------
# CLI


def run_cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_transformer_head_importance_json_and_ablate(capsys):
    code, out, err = run_cli(capsys, "head-importance", "--model", "transformer", "나는 학교에 간다", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["measure"] == "translation" and result["target"][-1] == "</s>"
    assert {k: np.array(v).shape for k, v in result["changes"].items()} == {k: (2, 4) for k in ("enc", "dec", "cross")}
    assert result["top"][0]["head"].split(":")[0] in ("enc", "dec", "cross")
    # the most important head, switched off through --ablate: the translation's log-probability drops by as much
    # when the greedy translation stays the same
    head = result["top"][0]["head"]
    code, out, err = run_cli(capsys, "transformer", "나는 학교에 간다", "--ablate", head, "--json")
    assert code == 0, err
    ablated = json.loads(out)
    assert ablated["ablated"] == head
    if ablated["output_tokens"] == result["target"]:
        assert ablated["log_prob"] - result["value"] == pytest.approx(result["top"][0]["change"], abs=1e-4)


def test_cli_ablate_on_every_command(capsys, tmp_path):
    from tests.engine.test_bert import tiny_folder

    bert = str(tiny_folder(tmp_path / "bert"))
    gpt = str(make_tiny_gpt_folder(tmp_path / "gpt", block_size=24))
    code, out, _ = run_cli(capsys, "mlm", "the cat [MASK] on the mat .", "--model", bert, "--json")
    plain = json.loads(out)
    code, out, _ = run_cli(capsys, "mlm", "the cat [MASK] on the mat .", "--model", bert, "--ablate", "1.*,2.3",
                           "--json")
    ablated = json.loads(out)
    assert code == 0 and ablated["ablated"] == "1.*,2.3" and "ablated" not in plain
    assert ablated["masks"][0]["probs"] != plain["masks"][0]["probs"]
    code, out, _ = run_cli(capsys, "nsp", "the cat sat .", "the dog ran .", "--model", bert, "--ablate", "2.1")
    assert code == 0 and "(heads switched off: 2.1)" in out
    code, out, _ = run_cli(capsys, "generate", "the game", "--steps", "3", "--model", gpt, "--ablate", "1.1",
                           "--json")
    assert code == 0 and json.loads(out)["ablated"] == "1.1"
    assert np.all(np.array(json.loads(out)["attention"])[0, 0] == 0)
    code, out, _ = run_cli(capsys, "head-importance", "--model", "bert", "--folder", bert,
                           "the cat [MASK] on the mat .", "--json")
    assert code == 0 and np.array(json.loads(out)["changes"]["self"]).shape == (2, 4)
    code, out, _ = run_cli(capsys, "head-importance", "--model", "gpt", "--folder", gpt, "the game", "--top", "3")
    assert code == 0 and "largest changes:" in out and "log P(" in out


@pytest.mark.parametrize("argv", [
    ("mlm", "a [MASK] .", "--ablate", "9.99"), ("mlm", "a [MASK] .", "--ablate", "x"),
    ("mlm", "a [MASK] .", "--ablate", "1.1,,2.1"), ("mlm", "a [MASK] .", "--ablate", "1.5"),
    ("nsp", "a", "b", "--ablate", ""), ("transformer", "나는 학교에 간다", "--ablate", "1.1"),
    ("transformer", "나는 학교에 간다", "--ablate", "enc:3.1"), ("generate", "the game", "--ablate", "1.9"),
    ("head-importance", "--model", "bert", "no mask here"),
    ("head-importance", "--model", "gpt", "the game", "--pair", "x"),
])
def test_cli_bad_head_lists_are_one_error_line(capsys, tmp_path, argv):
    from tests.engine.test_bert import tiny_folder

    folders = {"mlm": tiny_folder, "nsp": tiny_folder}
    argv = list(argv)
    if argv[0] in folders:
        argv += ["--model", str(folders[argv[0]](tmp_path / "bert"))]
    if argv[0] == "generate":
        argv += ["--model", str(make_tiny_gpt_folder(tmp_path / "gpt", block_size=24))]
    if argv[0] == "head-importance" and argv[2] == "bert":
        argv += ["--folder", str(tiny_folder(tmp_path / "bert"))]
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1, err


def test_head_grid_and_bad_transformer_masks(gpt, transformer):
    assert head_grid(gpt) == {"self": (3, 4)}
    assert head_grid(transformer) == {"enc": (2, 4), "dec": (3, 4), "cross": (3, 4)}
    with pytest.raises(TypeError):
        head_grid(torch.nn.Linear(2, 2))
    with pytest.raises(ValueError, match="mapping"):
        transformer(ids(7), ids(5, vocab=40), head_mask=torch.ones(2, 4))
    with pytest.raises(ValueError, match="unknown head_mask kind"):
        transformer(ids(7), ids(5, vocab=40), head_mask={"encoder": torch.ones(2, 4)})
