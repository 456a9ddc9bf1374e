"""engine.attention against PyTorch's own implementations, float32, to 1e-5."""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from engine.attention import (
    MultiHeadAttention, attend, attention_heads, causal_mask, make_score, scaled_dot_product_attention,
)

TOL = dict(atol=1e-5, rtol=1e-5)


@pytest.fixture(autouse=True)
def _seed():
    torch.manual_seed(0)


def test_sdpa_matches_torch_unmasked():
    q, k, v = torch.randn(2, 3, 5, 8), torch.randn(2, 3, 7, 8), torch.randn(2, 3, 7, 4)
    out, w = scaled_dot_product_attention(q, k, v)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v), **TOL)
    torch.testing.assert_close(w.sum(-1), torch.ones(2, 3, 5), **TOL)


def test_sdpa_causal_matches_torch_and_hides_the_future():
    q, k, v = torch.randn(2, 2, 6, 8), torch.randn(2, 2, 6, 8), torch.randn(2, 2, 6, 8)
    out, w = scaled_dot_product_attention(q, k, v, causal=True)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v, is_causal=True), **TOL)
    future = ~causal_mask(6)
    assert torch.all(w[..., future] == 0)  # exactly zero, not merely small
    torch.testing.assert_close(w.sum(-1), torch.ones(2, 2, 6), **TOL)


def test_sdpa_bool_mask_matches_torch():
    q, k, v = torch.randn(2, 4, 8), torch.randn(2, 5, 8), torch.randn(2, 5, 8)
    mask = torch.rand(2, 4, 5) > 0.3
    mask[..., 0] = True  # every query keeps at least one key, as torch needs for a finite result
    out, w = scaled_dot_product_attention(q, k, v, attn_mask=mask)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v, attn_mask=mask), **TOL)
    assert torch.all(w[~mask] == 0)


def test_key_padding_gets_zero_weight_and_all_masked_row_is_zero_not_nan():
    q, k, v = torch.randn(2, 1, 3, 4), torch.randn(2, 1, 5, 4), torch.randn(2, 1, 5, 4)
    pad = torch.tensor([[False, False, False, True, True], [True] * 5])
    out, w = scaled_dot_product_attention(q, k, v, key_padding_mask=pad)
    assert torch.all(w[0, :, :, 3:] == 0)
    torch.testing.assert_close(w[0].sum(-1), torch.ones(1, 3), **TOL)
    assert torch.all(w[1] == 0) and torch.all(out[1] == 0) and not torch.isnan(out).any()


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("lengths", [(6, 6), (2, 6)])
def test_fused_path_equals_the_written_out_path(causal, lengths):
    l_q, l_k = lengths
    q, k, v = torch.randn(3, 4, l_q, 8), torch.randn(3, 4, l_k, 8), torch.randn(3, 4, l_k, 5)
    pad = torch.zeros(3, l_k, dtype=torch.bool)
    pad[1, 4:] = True
    pad[2, :] = True  # every key of sequence 2 is padding: its queries attend to nothing
    head_mask = torch.tensor([1.0, 0.0, 0.5, 1.0])
    for kw in (dict(), dict(key_padding_mask=pad), dict(key_padding_mask=pad, head_mask=head_mask)):
        heads, w = attention_heads(q, k, v, causal=causal, **kw)
        fused, none = attention_heads(q, k, v, causal=causal, need_weights=False, **kw)
        assert none is None and not torch.isnan(fused).any()
        torch.testing.assert_close(fused, heads, **TOL)
        torch.testing.assert_close(heads, w @ v, **TOL)
    assert torch.all(w[2] == 0) and torch.all(heads[2] == 0) and torch.all(fused[2] == 0)
    assert torch.all(w[1, ..., 4:] == 0)
    assert torch.all(w[:, 1] == 0) and torch.all(fused[:, 1] == 0)  # head 1 switched off
    rows = w[:2].sum(-1)
    torch.testing.assert_close(rows, head_mask[None, :, None].expand_as(rows), **TOL)  # 1 x the head's multiplier


def test_weights_written_into_a_given_buffer_and_dropout_only_in_the_product():
    q, k, v = torch.randn(2, 2, 5, 4), torch.randn(2, 2, 5, 4), torch.randn(2, 2, 5, 4)
    pad = torch.tensor([[False] * 5, [False, False, True, True, True]])
    buffer = torch.empty(3, 2, 2, 5, 5)
    with torch.no_grad():
        heads, w = attention_heads(q, k, v, key_padding_mask=pad, weights_out=buffer[1])
    assert w.data_ptr() == buffer[1].data_ptr()
    ref, ref_w = scaled_dot_product_attention(q, k, v, key_padding_mask=pad)
    torch.testing.assert_close(buffer[1], ref_w, **TOL)
    torch.testing.assert_close(heads, ref, **TOL)
    torch.manual_seed(3)
    dropped, w_d = attention_heads(q, k, v, key_padding_mask=pad, dropout_p=0.5)
    torch.testing.assert_close(w_d, ref_w, **TOL)  # the weights shown are before dropout
    assert not torch.allclose(dropped, ref)


@pytest.mark.parametrize("causal", [False, True])
def test_multihead_matches_torch_multiheadattention(causal):
    d, h = 32, 4
    ref = nn.MultiheadAttention(d, h, batch_first=True).eval()
    ours = MultiHeadAttention(d, h).load_from_torch(ref).eval()
    x, mem = torch.randn(3, 6, d), torch.randn(3, 6, d)
    pad = torch.zeros(3, 6, dtype=torch.bool)
    pad[1, 4:] = True
    ref_mask = torch.triu(torch.ones(6, 6, dtype=torch.bool), 1) if causal else None  # torch: True = blocked
    with torch.no_grad():
        ref_out, ref_w = ref(x, mem, mem, key_padding_mask=pad, attn_mask=ref_mask, average_attn_weights=False)
        trace = ours(x, mem, mem, key_padding_mask=pad, causal=causal, return_qkv=True)
    torch.testing.assert_close(trace.output, ref_out, **TOL)
    torch.testing.assert_close(trace.weights, ref_w, **TOL)
    assert trace.q.shape == (3, h, 6, d // h) and trace.v.shape == (3, h, 6, d // h)
    assert torch.all(trace.weights[1, :, :, 4:] == 0)


def test_multihead_without_qkv_keeps_trace_small():
    mha = MultiHeadAttention(16, 2)
    t = mha(torch.randn(1, 3, 16), torch.randn(1, 3, 16), torch.randn(1, 3, 16))
    assert t.q is None and t.weights.shape == (1, 2, 3, 3)


@pytest.mark.parametrize("name", ["dot", "general", "additive"])
def test_rnn_scores_give_distributions_and_context(name):
    score = make_score(name, 8, 8)
    s, h = torch.randn(2, 8), torch.randn(2, 5, 8)
    pad = torch.tensor([[False] * 5, [False, False, True, True, True]])
    e = score(s, h)
    assert e.shape == (2, 5)
    context, w = attend(e, h, pad)
    torch.testing.assert_close(w.sum(-1), torch.ones(2), **TOL)
    assert torch.all(w[1, 2:] == 0)
    torch.testing.assert_close(context, (w.unsqueeze(-1) * h).sum(1), **TOL)


def test_score_formulas():
    s, h = torch.randn(1, 4), torch.randn(1, 3, 4)
    torch.testing.assert_close(make_score("dot", 4, 4)(s, h), (h * s[:, None]).sum(-1), **TOL)
    g = make_score("general", 4, 4)
    torch.testing.assert_close(g(s, h), torch.einsum("bd,de,bse->bs", s, g.W.weight, h), **TOL)
    a = make_score("additive", 4, 4)
    expected = (torch.tanh(s[:, None] @ a.W_s.weight.T + h @ a.W_h.weight.T + a.W_h.bias) @ a.v.weight.T)[..., 0]
    torch.testing.assert_close(a(s, h), expected, **TOL)


def test_unknown_score_and_dot_size_mismatch_are_clear_errors():
    with pytest.raises(ValueError, match="unknown attention score"):
        make_score("cosine", 4, 4)
    with pytest.raises(ValueError, match="equal sizes"):
        make_score("dot", 4, 8)
