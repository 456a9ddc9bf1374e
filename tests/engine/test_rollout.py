"""Attention rollout: rows sum to 1, one layer is the residual mix, layers compose by matrix product."""
import numpy as np
import pytest

from engine.transformer.rollout import attention_rollout


def _random_attention(rng, layers, heads, n):
    a = rng.random((layers, heads, n, n))
    return a / a.sum(-1, keepdims=True)


def test_rows_sum_to_one_and_shape():
    a = _random_attention(np.random.default_rng(0), 3, 4, 7)
    r = attention_rollout(a)
    assert r.shape == (7, 7)
    np.testing.assert_allclose(r.sum(1), 1.0, atol=1e-12)
    assert (r >= 0).all()


def test_one_layer_is_half_attention_half_identity():
    a = _random_attention(np.random.default_rng(1), 1, 2, 5)
    expected = 0.5 * a[0].mean(0) + 0.5 * np.eye(5)
    np.testing.assert_allclose(attention_rollout(a), expected, atol=1e-12)


def test_layers_compose_upper_times_lower():
    a = _random_attention(np.random.default_rng(2), 2, 3, 4)
    m = [0.5 * a[i].mean(0) + 0.5 * np.eye(4) for i in range(2)]
    np.testing.assert_allclose(attention_rollout(a), m[1] @ m[0], atol=1e-12)


def test_identity_attention_gives_identity_and_bad_shapes_raise():
    eye = np.broadcast_to(np.eye(3), (2, 1, 3, 3))
    np.testing.assert_allclose(attention_rollout(eye), np.eye(3))
    with pytest.raises(ValueError):
        attention_rollout(np.zeros((2, 3, 4)))
    with pytest.raises(ValueError):
        attention_rollout(np.zeros((1, 3, 3)), residual=2.0)


def test_float32_agrees_with_float64_and_leaves_the_input_alone():
    a = _random_attention(np.random.default_rng(3), 4, 3, 50).astype(np.float32)
    before = a.copy()
    r32 = attention_rollout(a, dtype=np.float32)
    assert r32.dtype == np.float32
    np.testing.assert_allclose(r32, attention_rollout(a), atol=1e-5)
    np.testing.assert_array_equal(a, before)
    three_d = a.mean(1)
    np.testing.assert_allclose(attention_rollout(three_d), attention_rollout(a), atol=1e-6)


def test_the_bert_lab_shows_this_rollout():
    """The BERT lab has no rollout of its own: its attention state carries this function's result."""
    import torch
    from tokenizers.implementations import BertWordPieceTokenizer

    from desktop_app.labs.bert import compute
    from engine.bert import Bert, BertConfig
    from engine.bert.load import BertBundle

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + "the cat sat on mat .".split()
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=3, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=32)
    tokenizer = BertWordPieceTokenizer({t: i for i, t in enumerate(vocab)}, lowercase=True)
    bundle = BertBundle(model=Bert(config).eval(), tokenizer=tokenizer, config=config, name="tiny", has_mlm=True,
                        has_nsp=True)
    state = compute.attention_view(bundle, "the cat sat on the mat .", None, progress=lambda *_: None,
                                   is_cancelled=lambda: False)
    assert compute.attention_rollout is attention_rollout
    np.testing.assert_allclose(state.rollout, attention_rollout(state.attentions), atol=1e-6)
