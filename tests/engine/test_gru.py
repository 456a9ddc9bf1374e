"""engine.gru.GRULayer against torch.nn.GRU (same weights), float32, to 1e-5; gates against the equations."""
import pytest
import torch
import torch.nn as nn

from engine.gru import GRULayer

TOL = dict(atol=1e-5, rtol=1e-5)


@pytest.fixture
def pair():
    torch.manual_seed(0)
    ref = nn.GRU(6, 10, batch_first=True)
    return ref, GRULayer(6, 10).load_from_torch(ref)


def test_outputs_and_state_match_torch(pair):
    ref, ours = pair
    x, h0 = torch.randn(3, 7, 6), torch.randn(3, 10)
    with torch.no_grad():
        ref_out, ref_h = ref(x, h0.unsqueeze(0))
        trace = ours(x, h0)
    torch.testing.assert_close(trace.outputs, ref_out, **TOL)
    torch.testing.assert_close(trace.h_last, ref_h[0], **TOL)
    assert trace.r.shape == trace.z.shape == trace.n.shape == (3, 7, 10)


def test_lengths_match_packed_sequences(pair):
    ref, ours = pair
    x = torch.randn(3, 5, 6)
    lengths = torch.tensor([5, 2, 4])
    with torch.no_grad():
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        _, ref_h = ref(packed)
        trace = ours(x, lengths=lengths)
    torch.testing.assert_close(trace.h_last, ref_h[0], **TOL)
    torch.testing.assert_close(trace.outputs[1, 1], trace.outputs[1, 4])  # state held after the end


def test_gates_follow_the_equations(pair):
    _, g = pair
    x, h = torch.randn(1, 6), torch.randn(1, 10)
    with torch.no_grad():
        s = g.step(x, h)
        W_ir, W_iz, W_in = g.weight_ih_l0.chunk(3)
        W_hr, W_hz, W_hn = g.weight_hh_l0.chunk(3)
        b_ir, b_iz, b_in = g.bias_ih_l0.chunk(3)
        b_hr, b_hz, b_hn = g.bias_hh_l0.chunk(3)
        r = torch.sigmoid(x @ W_ir.T + b_ir + h @ W_hr.T + b_hr)
        z = torch.sigmoid(x @ W_iz.T + b_iz + h @ W_hz.T + b_hz)
        n = torch.tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))
    torch.testing.assert_close(s.r, r, **TOL)
    torch.testing.assert_close(s.z, z, **TOL)
    torch.testing.assert_close(s.n, n, **TOL)
    torch.testing.assert_close(s.h, (1 - z) * n + z * h, **TOL)
    assert torch.all((s.r > 0) & (s.r < 1) & (s.z > 0) & (s.z < 1))


def test_step_by_step_equals_whole_sequence(pair):
    _, g = pair
    x = torch.randn(2, 4, 6)
    with torch.no_grad():
        whole = g(x)
        h = torch.zeros(2, 10)
        for t in range(4):
            h = g.step(x[:, t], h).h
    torch.testing.assert_close(h, whole.h_last, **TOL)


def test_empty_sequence_returns_initial_state(pair):
    _, g = pair
    trace = g(torch.randn(2, 0, 6))
    assert trace.outputs.shape == (2, 0, 10) and torch.all(trace.h_last == 0)
