"""GRU seq2seq: training path == inference path, stepper round trips, beam, masks, gates by hand, loading, input, CLI.

Tiny randomly initialised models are built here; the shipped models are checked when present (skipped otherwise).
"""
import json
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from engine.seq2seq.load import MODELS, TOKENIZERS, EmptyInputError, ModelLoadError, Seq2SeqBundle, load_seq2seq
from engine.seq2seq.model import ATTENTIONS, InferenceSeq2Seq, Seq2Seq, Seq2SeqConfig
from engine.seq2seq.stepper import DecodingFinishedError, Seq2SeqStepper, beam_search
from engine.text import SPECIALS, decode_ids, detokenize, split_of, train_tokenizer

EN = ["we are eating bread .", "i like cats .", "the dog is big !", "where is tom ?", "she reads a book .",
      "they are here .", "you eat apples .", "he has a red car ."] * 3
ES = ["estamos comiendo pan .", "me gustan los gatos .", "¡ el perro es grande !", "¿ dónde está tom ?",
      "ella lee un libro .", "están aquí .", "comes manzanas .", "él tiene un coche rojo ."] * 3


@pytest.fixture(scope="module")
def tokenizers():
    return train_tokenizer(EN, 200), train_tokenizer(ES, 200)


def tiny_bundle(tokenizers, attention: str, hidden: int = 16, seed: int = 0, max_src_len: int = 12,
                max_tgt_len: int = 10) -> Seq2SeqBundle:
    torch.manual_seed(seed)
    en, es = tokenizers
    cfg = Seq2SeqConfig(src_vocab=en.get_vocab_size(), tgt_vocab=es.get_vocab_size(), emb=8, hidden=hidden,
                        attention=attention, dropout=0.1, max_src_len=max_src_len, max_tgt_len=max_tgt_len)
    model = Seq2Seq(cfg).eval()
    with torch.no_grad():  # make the output layer peaky enough that decoding is not all ties
        model.W_o.bias.normal_(0, 1.0)
    return Seq2SeqBundle(f"tiny-{attention}", model, InferenceSeq2Seq(model), en, es, {})


def padded_batch(cfg, seed=1):
    g = torch.Generator().manual_seed(seed)
    src_len = torch.tensor([5, 3, 1])
    src = torch.full((3, 5), cfg.pad_id, dtype=torch.long)
    for b, n in enumerate(src_len.tolist()):
        src[b, :n] = torch.randint(4, cfg.src_vocab, (n,), generator=g)
    tin = torch.randint(4, cfg.tgt_vocab, (3, 6), generator=g)
    tin[:, 0] = cfg.bos_id
    return src, src_len, tin


@pytest.mark.parametrize("attention", ATTENTIONS)
def test_training_path_equals_inference_path(tokenizers, attention):
    bundle = tiny_bundle(tokenizers, attention)
    model, inf = bundle.model, bundle.inference
    src, src_len, tin = padded_batch(model.config)
    with torch.no_grad():
        logits, weights = model(src, src_len, tin, return_attention=True)
        enc_fused, _ = model.encode(src, src_len)
        for b, n in enumerate(src_len.tolist()):
            tr = inf.encode(src[b:b + 1, :n])
            torch.testing.assert_close(tr.outputs[0], enc_fused[b, :n], atol=1e-5, rtol=0)
            h = tr.h_last
            for t in range(tin.shape[1]):
                step, lg, w, _ = inf.decode_step(tin[b, t:t + 1], h, tr.outputs)
                h = step.h
                torch.testing.assert_close(lg[0], logits[b, t], atol=1e-5, rtol=0)
                if attention == "plain":
                    assert w is None and weights is None
                else:
                    torch.testing.assert_close(w[0], weights[b, t, :n], atol=1e-5, rtol=0)


@pytest.mark.parametrize("attention", ["dot", "general", "additive"])
def test_attention_rows_sum_to_one_and_padding_gets_exactly_zero(tokenizers, attention):
    model = tiny_bundle(tokenizers, attention).model
    src, src_len, tin = padded_batch(model.config, seed=3)
    with torch.no_grad():
        _, weights = model(src, src_len, tin, return_attention=True)  # (B, T, S)
    torch.testing.assert_close(weights.sum(-1), torch.ones(weights.shape[:2]), atol=1e-6, rtol=0)
    for b, n in enumerate(src_len.tolist()):
        assert (weights[b, :, n:] == 0).all()
        assert (weights[b, :, :n] > 0).all()


def test_stepper_step_back_reset_round_trips(tokenizers):
    bundle = tiny_bundle(tokenizers, "additive")
    st = Seq2SeqStepper(bundle, "We are eating bread.", max_len=8)
    first = [st.step() for _ in range(3)]
    popped = st.back()
    assert popped is first[2] and len(st.steps) == 2
    again = st.step()
    assert again is first[2]  # Back is a pop; the next step replays the kept trace
    st.reset()
    assert st.steps == () and not st.finished
    fresh = [st.step() for _ in range(3)]
    for a, b in zip(first, fresh):  # recomputed from scratch: identical
        assert a.token_id == b.token_id and a.log_prob == pytest.approx(b.log_prob, abs=1e-6)
        np.testing.assert_allclose(a.h, b.h, atol=1e-6)
        np.testing.assert_allclose(a.attention, b.attention, atol=1e-6)
    assert st.attention_matrix().shape == (3, len(st.source_tokens))
    np.testing.assert_allclose(st.attention_matrix().sum(1), 1.0, atol=1e-5)
    while not st.finished:
        st.step()
    assert len(st.steps) <= 8
    with pytest.raises(DecodingFinishedError):
        st.step()


def test_force_changes_the_token_and_decoding_continues_from_it(tokenizers):
    bundle = tiny_bundle(tokenizers, "dot")
    st = Seq2SeqStepper(bundle, "where is tom?", max_len=6)
    greedy = st.step()
    st.back()
    other = int(greedy.top_ids[1])
    forced = st.force(other)
    assert forced.forced and forced.token_id == other and forced.token_prob < greedy.token_prob + 1e-9
    nxt = st.step()
    assert nxt.input_id == other
    np.testing.assert_allclose(nxt.h_prev, forced.h, atol=0)
    with pytest.raises(ValueError):
        st.force(10**6)


@pytest.mark.parametrize("attention", ATTENTIONS)
def test_beam_width_one_is_greedy(tokenizers, attention):
    bundle = tiny_bundle(tokenizers, attention, seed=5)
    for sentence in ["We are eating bread.", "the dog is big", "i"]:
        st = Seq2SeqStepper(bundle, sentence, max_len=9)
        st.run_to_end()
        beam = beam_search(bundle, sentence, width=1, max_len=9)
        assert beam.token_ids == st.target_ids
        assert beam.score == pytest.approx(st.steps[-1].log_prob, abs=1e-5)
        if attention != "plain":
            np.testing.assert_allclose(beam.attention, st.attention_matrix(), atol=1e-6)


def test_beam_tree_is_consistent(tokenizers):
    bundle = tiny_bundle(tokenizers, "general", seed=2)
    beam = beam_search(bundle, "she reads a book.", width=4, max_len=7)
    assert len(beam.best_path) >= 1 and beam.nodes[beam.best_path[-1]].finished
    for a, b in zip(beam.best_path, beam.best_path[1:]):
        assert beam.nodes[b].parent == a and beam.nodes[b].step == beam.nodes[a].step + 1
    assert all(n.parent < i for i, n in enumerate(beam.nodes))
    with pytest.raises(ValueError):
        beam_search(bundle, "x", width=11)


def test_decoder_gates_equal_the_gru_equations_by_hand(tokenizers):
    bundle = tiny_bundle(tokenizers, "additive")
    st = Seq2SeqStepper(bundle, "i like cats.", max_len=4)
    steps = st.run_to_end()
    gru = bundle.model.decoder
    w_ih, w_hh = gru.weight_ih_l0.detach().numpy(), gru.weight_hh_l0.detach().numpy()
    b_ih, b_hh = gru.bias_ih_l0.detach().numpy(), gru.bias_hh_l0.detach().numpy()
    emb = bundle.model.tgt_embed.weight.detach().numpy()
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    h = st.encoder.final_state
    for s in steps:
        x = emb[s.input_id]
        gi, gh = w_ih @ x + b_ih, w_hh @ h + b_hh
        (ir, iz, i_n), (hr, hz, hn) = np.split(gi, 3), np.split(gh, 3)
        r, z = sig(ir + hr), sig(iz + hz)
        n = np.tanh(i_n + r * hn)
        h_new = (1 - z) * n + z * h
        for got, want in ((s.r, r), (s.z, z), (s.n, n), (s.h, h_new), (s.h_prev, h)):
            np.testing.assert_allclose(got, want, atol=1e-5)
        h = h_new
    enc = st.encoder  # encoder gates have the documented shapes
    assert enc.r.shape == enc.z.shape == enc.n.shape == enc.outputs.shape == (len(enc.tokens), 16)


def test_input_handling(tokenizers):
    bundle = tiny_bundle(tokenizers, "additive", max_src_len=12)
    for blank in ["", "   ", "\n\t"]:
        with pytest.raises(EmptyInputError):
            Seq2SeqStepper(bundle, blank)
    assert issubclass(EmptyInputError, ValueError)
    st = Seq2SeqStepper(bundle, "we 😀 eat 한국어 bread", max_len=3)
    assert "<unk>" in st.source_tokens and not st.truncated
    st.run_to_end()
    long = Seq2SeqStepper(bundle, ("we are eating bread " * 250)[:5000], max_len=3)
    assert long.truncated and len(long.source_tokens) == 12 and long.encoder.original_length > 12
    assert beam_search(bundle, "a " * 2500, width=3, max_len=3).truncated


def test_text_helpers():
    assert detokenize("¿ dónde está tom ?") == "¿Dónde está tom?"
    assert detokenize("¡ hola , amigo !") == "¡Hola, amigo!"
    assert split_of("Hello!") == split_of("hello.") and split_of("x") in {"train", "valid", "test"}


# ---- model folders --------------------------------------------------------------------------------------------

def write_folder(tmp_path: Path, bundle: Seq2SeqBundle, fp16: bool = False) -> Path:
    from engine.train.seq2seq import save_model

    folder = tmp_path / "m"
    save_model(bundle.model, bundle.config, folder, fp16)
    bundle.src_tokenizer.save(str(folder / "en.json"))
    bundle.tgt_tokenizer.save(str(folder / "es.json"))
    return folder


def test_save_and_load_round_trip_fp16_to_float32(tokenizers, tmp_path):
    bundle = tiny_bundle(tokenizers, "general")
    folder = write_folder(tmp_path, bundle, fp16=True)
    loaded = load_seq2seq(folder)
    for k, v in loaded.model.state_dict().items():
        assert v.dtype == torch.float32
        torch.testing.assert_close(v, bundle.model.state_dict()[k].half().float())
    assert loaded.model.W_o.weight is loaded.model.tgt_embed.weight


def test_loading_errors_name_the_problem(tokenizers, tmp_path):
    from safetensors.torch import load_file, save_file

    assert issubclass(ModelLoadError, ValueError)
    with pytest.raises(ModelLoadError, match="not found"):
        load_seq2seq(tmp_path / "nothing")
    folder = write_folder(tmp_path, tiny_bundle(tokenizers, "additive"))
    weights = folder / "model.safetensors"
    state = load_file(str(weights))

    bad = dict(state)
    bad["decoder.weight_hh_l0"] = torch.zeros(3, 3)
    save_file(bad, str(weights))
    with pytest.raises(ModelLoadError, match="decoder.weight_hh_l0"):
        load_seq2seq(folder)

    bad = {k: v for k, v in state.items() if k != "score.v.weight"}
    save_file(bad, str(weights))
    with pytest.raises(ModelLoadError, match="score.v.weight"):
        load_seq2seq(folder)

    weights.write_bytes(b"not a safetensors file")
    with pytest.raises(ModelLoadError, match="model.safetensors"):
        load_seq2seq(folder)

    weights.unlink()
    with pytest.raises(ModelLoadError, match="missing model.safetensors"):
        load_seq2seq(folder)

    save_file(state, str(weights))
    cfg = folder / "config.json"
    raw = json.loads(cfg.read_text())
    cfg.write_text("{ broken")
    with pytest.raises(ModelLoadError, match="config.json"):
        load_seq2seq(folder)
    raw["model"]["attention"] = "telepathy"
    cfg.write_text(json.dumps(raw))
    with pytest.raises(ModelLoadError, match="config.json"):
        load_seq2seq(folder)
    cfg.unlink()
    with pytest.raises(ModelLoadError, match="missing config.json"):
        load_seq2seq(folder)


def test_cli_json_output_parses(tokenizers, tmp_path, capsys):
    from engine.cli import main

    folder = write_folder(tmp_path, tiny_bundle(tokenizers, "additive"))
    assert main(["translate", "--model", str(folder), "--max-len", "5", "We are eating bread.", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["source_tokens"] == ["we", "are", "eating", "bread", "."]
    assert np.asarray(out["attention"]).shape == (len(out["top_k"]), 5)
    assert main(["translate", "--model", str(folder), "--beam", "3", "--max-len", "5", "bread", "--json"]) == 0
    beam = json.loads(capsys.readouterr().out)
    assert beam["beam"] == 3 and isinstance(beam["translation"], str)
    assert main(["gates", "--model", str(folder), "--max-len", "4", "i like cats", "--json"]) == 0
    gates = json.loads(capsys.readouterr().out)
    assert np.asarray(gates["encoder"]["z"]).shape == (len(gates["source_tokens"]), 16)
    assert np.asarray(gates["decoder"]["h"]).shape[1] == 16
    assert main(["translate", "--model", str(folder), "  ", "--json"]) == 2
    assert "empty" in capsys.readouterr().err
    assert main(["translate", "--model", str(tmp_path / "missing"), "hi"]) == 2


# ---- shipped assets (skipped when not trained yet) ------------------------------------------------------------

@pytest.mark.skipif(not (TOKENIZERS / "en.json").is_file(), reason="tokenizers not trained yet")
def test_shipped_tokenizers():
    from engine.text import load_tokenizer

    en, es = load_tokenizer(TOKENIZERS / "en.json"), load_tokenizer(TOKENIZERS / "es.json")
    assert en.encode("We are eating bread.").tokens == ["we", "are", "eating", "bread", "."]
    assert "<unk>" in en.encode("I love 😀 and 한국어").tokens
    for tok in (en, es):
        assert [tok.token_to_id(s) for s in SPECIALS] == [0, 1, 2, 3]
    assert decode_ids(es, es.encode("¿Dónde está el pan?").ids) == "¿Dónde está el pan?"


SHIPPED = [m for m in ATTENTIONS if (MODELS / m / "model.safetensors").is_file()]


@pytest.mark.skipif(not SHIPPED, reason="no trained seq2seq model in assets/ yet")
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_model_translates_quickly(name):
    bundle = load_seq2seq(name)
    st = Seq2SeqStepper(bundle, "We are eating bread.")
    times = []
    while not st.finished:
        t0 = time.perf_counter()
        st.step()
        times.append(time.perf_counter() - t0)
    assert st.source_tokens == ("we", "are", "eating", "bread", ".")
    assert st.translation and st.steps[-1].finished
    assert float(np.median(times)) < 0.05  # 2-3 ms on an idle core; loose for a busy shared CPU
    assert beam_search(bundle, "We are eating bread.", width=1).token_ids == st.target_ids
    metrics = json.loads((MODELS / name / "metrics.json").read_text())
    assert metrics["split"]["test"] >= 2000 and "test_bleu" in metrics


def test_join_pieces_and_whole_words():
    """Wherever a person reads a sentence the pieces are joined; an axis keeps the pieces, its tooltip the word."""
    from engine.text import join_pieces, whole_words, word_spans

    tokens = ["todos", "los", "verano", "##s", "."]
    assert join_pieces(tokens) == "todos los veranos."
    assert join_pieces(["¿", "qu", "##é", "es", "esto", "?"], capitalize=True) == "¿Qué es esto?"
    assert whole_words(tokens) == ["todos", "los", "veranos", "veranos", "."]
    assert word_spans(["a", "##b", "##c", "d"]) == [(0, 2), (0, 2), (0, 2), (3, 3)]
    assert join_pieces([]) == "" and whole_words(["##x"]) == ["##x"]  # a piece with nothing before it stays


# ---- attention override (what if the decoder had looked here?) --------------------------------------------------
@pytest.mark.parametrize("attention", ["dot", "general", "additive"])
def test_attention_override_with_the_models_own_weights_is_a_normal_step(tokenizers, attention):
    bundle = tiny_bundle(tokenizers, attention)
    st = Seq2SeqStepper(bundle, "we are eating bread .", max_len=6, top_k=5)
    for t in range(3):
        peek = st.peek()
        normal = st.step()
        st.back()
        same = st.peek_with_attention(normal.attention)
        assert len(st.steps) == t  # peeks keep nothing
        assert same.token_id == normal.token_id and not normal.overridden and same.overridden
        np.testing.assert_allclose(same.top_probs, normal.top_probs, atol=1e-6)
        np.testing.assert_array_equal(same.top_ids, normal.top_ids)
        np.testing.assert_allclose(same.context, normal.context, atol=1e-6)
        np.testing.assert_allclose(same.h, normal.h, atol=0)
        assert same.log_prob == pytest.approx(normal.log_prob, abs=1e-6)
        np.testing.assert_allclose(peek.top_probs, normal.top_probs, atol=0)
        st.step()  # replays the kept normal step
        assert st.steps[-1] is normal


def test_one_hot_attention_reads_exactly_that_source_state(tokenizers):
    bundle = tiny_bundle(tokenizers, "additive")
    st = Seq2SeqStepper(bundle, "we are eating bread .", max_len=6)
    st.step()
    n = len(st.source_tokens)
    before = st.peek(top_k=bundle.config.tgt_vocab)
    for j in range(n):
        w = np.zeros(n)
        w[j] = 1.0
        peek = st.peek_with_attention(w, top_k=bundle.config.tgt_vocab)
        np.testing.assert_array_equal(peek.context, st.encoder.outputs[j])  # c = h^enc_j exactly
        np.testing.assert_array_equal(peek.attention, w.astype(np.float32))
        np.testing.assert_allclose(peek.h, before.h, atol=0)  # the GRU does not read the context
        np.testing.assert_allclose(peek.top_probs.sum(), 1.0, atol=1e-5)  # the whole distribution
        # the logits follow from c = h_j through the model's own readout
        with torch.no_grad():
            logits = bundle.model.readout(torch.from_numpy(peek.h)[None], torch.from_numpy(peek.context)[None])[0]
        probs = torch.softmax(logits, -1).numpy()
        np.testing.assert_allclose(probs[peek.top_ids], peek.top_probs, atol=1e-6)
    step, probs = st.peek_distribution(w, top_k=3)  # the whole distribution without naming every token
    assert probs.shape == (bundle.config.tgt_vocab,) and abs(float(probs.sum()) - 1.0) < 1e-5
    np.testing.assert_allclose(probs[step.top_ids], step.top_probs, atol=1e-7)
    assert len(step.top_ids) == 3 and step.overridden and not st.peek_distribution()[0].overridden
    assert len(st.steps) == 1  # peeks keep nothing
    w = np.zeros(n)
    w[-1] = 1.0
    expected = st.peek_with_attention(w)
    taken = st.step_with_attention(w)
    assert taken.overridden and not taken.forced and len(st.steps) == 2 and st.steps[-1] is taken
    assert taken.token_id == int(expected.top_ids[0]) and taken.token_prob == pytest.approx(expected.token_prob)
    np.testing.assert_array_equal(st.attention_matrix()[-1], w.astype(np.float32))
    nxt = st.step()
    assert nxt.input_id == taken.token_id and not nxt.overridden
    st.back()
    st.back()
    again = st.step()  # after Back over an overridden step, Step takes the model's own step
    assert not again.overridden
    np.testing.assert_allclose(again.attention.sum(), 1.0, atol=1e-5)


def test_bad_attention_overrides_raise(tokenizers):
    from engine.seq2seq.stepper import NoAttentionError

    st = Seq2SeqStepper(tiny_bundle(tokenizers, "dot"), "we are eating bread .", max_len=4)
    n = len(st.source_tokens)
    for bad in (np.ones(n - 1) / (n - 1), np.ones(n + 1) / (n + 1), np.full(n, 1.0), np.r_[1.5, -0.5, np.zeros(n - 2)],
                np.r_[np.nan, np.ones(n - 1)], np.ones((1, n)) / n, np.full(n, 1.0 / n) + 1e-5):
        with pytest.raises(ValueError):
            st.peek_with_attention(bad)
        with pytest.raises(ValueError):
            st.step_with_attention(bad)
    assert st.steps == ()
    st.peek_with_attention(np.full(n, 1.0 / n) + 1e-8)  # within 1e-6 of 1 in total: fine
    plain = Seq2SeqStepper(tiny_bundle(tokenizers, "plain"), "we are eating bread .", max_len=4)
    assert not plain.has_attention and st.has_attention
    with pytest.raises(NoAttentionError, match="no attention"):
        plain.peek_with_attention(np.eye(len(plain.source_tokens))[0])
    st.run_to_end()
    with pytest.raises(DecodingFinishedError):
        st.peek_with_attention(np.eye(n)[0])
