"""Sinusoidal positional encoding (Vaswani et al., 2017, section 3.5).

    PE(pos, 2i)   = sin(pos / 10000^(2i/d))
    PE(pos, 2i+1) = cos(pos / 10000^(2i/d))

Pure numpy on purpose: the Positional Encoding lab needs no torch, so it opens instantly.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BASE = 10000.0
MAX_DIM = 1024
MAX_POSITIONS = 4096


class PositionalInputError(ValueError):
    """A dimension or position count outside what the encoding is defined for."""


def _check(n_positions: int, d_model: int) -> None:
    if not isinstance(n_positions, (int, np.integer)) or not 1 <= n_positions <= MAX_POSITIONS:
        raise PositionalInputError(f"positions must be an integer from 1 to {MAX_POSITIONS}, got {n_positions!r}")
    if not isinstance(d_model, (int, np.integer)) or not 2 <= d_model <= MAX_DIM or d_model % 2:
        raise PositionalInputError(f"dimension must be an even integer from 2 to {MAX_DIM}, got {d_model!r}")


def inverse_frequencies(d_model: int) -> np.ndarray:
    """1 / 10000^(2i/d) for each sin/cos pair i; shape (d_model // 2,)."""
    two_i = np.arange(0, d_model, 2, dtype=np.float64)
    return 1.0 / np.power(BASE, two_i / d_model)


def wavelengths(d_model: int) -> np.ndarray:
    """Wavelength in positions of each sin/cos pair: 2*pi * 10000^(2i/d); shape (d_model // 2,)."""
    return 2.0 * np.pi / inverse_frequencies(d_model)


def sinusoidal_encoding(n_positions: int, d_model: int) -> np.ndarray:
    """The (n_positions, d_model) encoding matrix, float64. Even columns are sin, odd columns cos."""
    _check(n_positions, d_model)
    angles = np.arange(n_positions, dtype=np.float64)[:, None] * inverse_frequencies(d_model)[None, :]
    pe = np.empty((n_positions, d_model), dtype=np.float64)
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe


def position_similarity(pe: np.ndarray) -> np.ndarray:
    """Dot products between encodings, (P, P). For sinusoids it depends only on the distance |p - q|:
    sum_i cos((p - q) * w_i), largest (= d/2) on the diagonal."""
    return pe @ pe.T


@dataclass(frozen=True)
class PositionalTrace:
    """Everything the lab shows, computed once for one (positions, dim) choice."""

    encoding: np.ndarray  # (P, d) PE matrix
    wavelengths: np.ndarray  # (d/2,) positions per full cycle of pair i
    similarity: np.ndarray  # (P, P) dot products of encodings

    def cell_formula(self, pos: int, dim: int) -> dict:
        """The numbers that produce PE[pos, dim], for the formula panel."""
        d = self.encoding.shape[1]
        i = dim // 2
        denom = BASE ** (2 * i / d)
        angle = pos / denom
        return {
            "pos": int(pos),
            "dim": int(dim),
            "i": int(i),
            "function": "sin" if dim % 2 == 0 else "cos",
            "denominator": float(denom),
            "angle": float(angle),
            "value": float(self.encoding[pos, dim]),
        }


def positional_trace(n_positions: int, d_model: int) -> PositionalTrace:
    pe = sinusoidal_encoding(n_positions, d_model)
    return PositionalTrace(encoding=pe, wavelengths=wavelengths(d_model), similarity=position_similarity(pe))
