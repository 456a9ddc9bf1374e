"""The GRU Gates lab's arithmetic without a window (no QApplication): gate matrices and row orders of a tiny random
model's translation, and each unit's equation (engine.gru.unit_terms on the model's weights) against the gates the
stepper traced."""
from __future__ import annotations

import math
import re

import numpy as np
import pytest

from desktop_app.labs.gru.compute import (
    GATES, equation_parts, gate_matrices, most_changing_unit, time_labels, unit_equation, unit_order,
)
from desktop_app.sessions.seq2seq_compute import apply_translation_moves, list_models, load_model, make_stepper
from tests.engine.seq2seq_tiny import TINY_HIDDEN, make_tiny_models

KW = {"progress": lambda *_: None, "is_cancelled": lambda: False}


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    root = make_tiny_models(tmp_path_factory.mktemp("gru_compute"), names=("additive",))
    return load_model(list_models(root)[0].folder, **KW)


@pytest.fixture(scope="module")
def state(model):
    return apply_translation_moves(make_stepper(model, "We are eating bread."), [("step",)] * 3, **KW)


def test_gate_matrices_are_units_by_time(state):
    n_src = len(state.source_tokens)
    enc, dec = gate_matrices(state, "encoder"), gate_matrices(state, "decoder")
    assert set(enc) == set(dec) == set(GATES)
    assert enc["z"].shape == (TINY_HIDDEN, n_src) and dec["h"].shape == (TINY_HIDDEN, 3)
    np.testing.assert_array_equal(enc["h"], state.encoder.outputs.T)
    np.testing.assert_array_equal(dec["r"][:, 2], state.steps[2].r)
    assert time_labels(state, "encoder") == list(state.source_tokens)
    assert time_labels(state, "decoder") == [s.token for s in state.steps]
    assert gate_matrices(None, "encoder") == {} and time_labels(None, "decoder") == []


def test_decoder_has_no_matrices_before_its_first_step(model):
    fresh = apply_translation_moves(make_stepper(model, "We are eating bread."), [], **KW)
    assert gate_matrices(fresh, "decoder") == {} and gate_matrices(fresh, "encoder")


def test_unit_orders(state):
    m = gate_matrices(state, "encoder")
    assert list(unit_order(m, "index")) == list(range(TINY_HIDDEN))
    assert np.all(np.diff(m["z"][unit_order(m, "z")].mean(axis=1)) <= 1e-7)  # highest mean z first
    assert np.all(np.diff(np.abs(m["h"][unit_order(m, "h")]).mean(axis=1)) <= 1e-7)
    change = np.abs(np.diff(m["h"], axis=1)).sum(axis=1)
    assert np.all(np.diff(change[unit_order(m, "change")]) <= 1e-7)
    assert most_changing_unit(m) == int(unit_order(m, "change")[0])
    assert sorted(unit_order(m, "z")) == list(range(TINY_HIDDEN))  # a permutation


@pytest.mark.parametrize("side", ["encoder", "decoder"])
def test_each_units_equation_reproduces_the_traced_gates(model, state, side):
    m = gate_matrices(state, side)
    for t in range(m["h"].shape[1]):
        for unit in range(TINY_HIDDEN):
            e = unit_equation(model, state, side, unit, t)
            assert e.largest_difference(m) < 1e-5, (side, t, unit)
    e = unit_equation(model, state, side, 4, 1)
    assert e.token == (state.source_tokens[1] if side == "encoder" else state.steps[0].token)
    if side == "encoder":  # h_{t-1} of the first step is zero; of the second, the first output
        assert unit_equation(model, state, side, 4, 0).terms.h_prev == 0.0
        assert e.terms.h_prev == pytest.approx(float(state.encoder.outputs[0, 4]))


def test_equation_lines_carry_numbers_that_add_up(model, state):
    e = unit_equation(model, state, "decoder", 3, 2)
    parts = equation_parts(e)
    assert [general.split(" = ")[0] for general, _ in parts] == ["r_t", "z_t", "n_t", "h_t"]
    r_in, r_h, r = (float(x) for x in re.findall(r"-?\d+\.\d+", parts[0][1]))
    n_in, n_r, n_h, n = (float(x) for x in re.findall(r"-?\d+\.\d+", parts[2][1]))
    assert 1 / (1 + math.exp(-(r_in + r_h))) == pytest.approx(r, abs=1e-5)
    assert math.tanh(n_in + n_r * n_h) == pytest.approx(n, abs=1e-5)
    assert parts[3][1].endswith(f"= {e.terms.h:.6f}")
