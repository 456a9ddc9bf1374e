"""engine.gru.GRULayer against torch.nn.GRU (same weights), float32, to 1e-5; gates against the equations."""
import math

import pytest
import torch
import torch.nn as nn

from engine.gru import GRULayer, sigmoid, unit_terms

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


def test_unit_terms_reproduce_the_recorded_gates(pair):
    """unit_terms (one unit, float64, from the weights) against the gates GRULayer recorded: every unit, every step."""
    _, g = pair
    x, h0 = torch.randn(1, 5, 6), torch.randn(1, 10)
    with torch.no_grad():
        trace = g(x, h0)
    for t in range(5):
        h_prev = h0[0] if t == 0 else trace.outputs[0, t - 1]
        for u in range(10):
            terms = g.unit_terms(x[0, t], h_prev, u)
            assert terms.r == pytest.approx(float(trace.r[0, t, u]), abs=1e-5)
            assert terms.z == pytest.approx(float(trace.z[0, t, u]), abs=1e-5)
            assert terms.n == pytest.approx(float(trace.n[0, t, u]), abs=1e-5)
            assert terms.h == pytest.approx(float(trace.outputs[0, t, u]), abs=1e-5)
            assert terms.h_prev == pytest.approx(float(h_prev[u]), abs=1e-7)
    # the terms add up as the equations say, and numpy weights give the same numbers as the tensors
    terms = unit_terms(*(p.detach().numpy() for p in (g.weight_ih_l0, g.weight_hh_l0, g.bias_ih_l0, g.bias_hh_l0)),
                       x[0, 2].numpy(), trace.outputs[0, 1].numpy(), 3)
    assert terms == g.unit_terms(x[0, 2], trace.outputs[0, 1], 3)
    assert terms.r == pytest.approx(sigmoid(terms.ir + terms.hr), abs=1e-12)
    assert terms.n == pytest.approx(math.tanh(terms.i_n + terms.r * terms.hn), abs=1e-12)
    with pytest.raises(IndexError):
        g.unit_terms(x[0, 0], h0[0], 10)


def test_sigmoid_is_stable_for_large_inputs():
    assert sigmoid(1000.0) == 1.0 and sigmoid(-1000.0) == 0.0 and sigmoid(0.0) == 0.5
