"""engine.positional against the formula, computed independently in plain Python."""
import math

import numpy as np
import pytest

from engine.positional import (
    PositionalInputError, position_similarity, positional_trace, sinusoidal_encoding, wavelengths,
)


def reference_pe(pos: int, j: int, d: int) -> float:
    i = j // 2
    angle = pos / (10000 ** (2 * i / d))
    return math.sin(angle) if j % 2 == 0 else math.cos(angle)


@pytest.mark.parametrize("positions,dim", [(1, 2), (17, 8), (64, 128), (300, 1024)])
def test_matches_the_formula(positions, dim):
    pe = sinusoidal_encoding(positions, dim)
    assert pe.shape == (positions, dim)
    rng = np.random.default_rng(0)
    for pos, j in zip(rng.integers(0, positions, 50), rng.integers(0, dim, 50)):
        assert pe[pos, j] == pytest.approx(reference_pe(int(pos), int(j), dim), abs=1e-12)


def test_position_zero_is_sin0_cos0():
    pe = sinusoidal_encoding(4, 16)
    assert np.all(pe[0, 0::2] == 0) and np.all(pe[0, 1::2] == 1)


def test_wavelengths_grow_from_2pi_to_10000_2pi():
    w = wavelengths(512)
    assert w[0] == pytest.approx(2 * math.pi)
    assert np.all(np.diff(w) > 0) and w[-1] < 2 * math.pi * 10000


def test_similarity_depends_on_distance_only_and_peaks_on_the_diagonal():
    pe = sinusoidal_encoding(50, 64)
    sim = position_similarity(pe)
    np.testing.assert_allclose(np.diag(sim), 32.0)  # sum of sin^2 + cos^2 over 32 pairs
    np.testing.assert_allclose(sim[3, 10], sim[20, 27], atol=1e-9)
    assert np.all(sim[10] <= sim[10, 10] + 1e-9)


def test_cell_formula_reproduces_value():
    t = positional_trace(10, 8)
    f = t.cell_formula(7, 5)
    assert f["function"] == "cos" and f["i"] == 2
    assert f["value"] == pytest.approx(math.cos(7 / 10000 ** (4 / 8)))
    assert f["angle"] == pytest.approx(7 / f["denominator"])


@pytest.mark.parametrize("positions,dim", [(0, 8), (4097, 8), (10, 7), (10, 0), (10, 2048), (2.5, 8)])
def test_bad_sizes_are_refused_clearly(positions, dim):
    with pytest.raises(PositionalInputError):
        sinusoidal_encoding(positions, dim)
