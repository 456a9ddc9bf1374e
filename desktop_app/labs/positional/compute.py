"""The lab's background computation (Qt-free; runs in a worker)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop_app.kit.arrays import display_image
from engine.positional import PositionalTrace, positional_trace


@dataclass(frozen=True)
class PositionalResult:
    n_positions: int
    d_model: int
    trace: PositionalTrace
    encoding_display: np.ndarray  # float32, at most max_display per axis
    similarity_display: np.ndarray
    similarity_levels: tuple[float, float]


def compute_positional(n_positions: int, d_model: int, max_display: int, *, progress, is_cancelled) -> PositionalResult | None:
    progress(0.0, "")
    trace = positional_trace(n_positions, d_model)  # raises PositionalInputError on bad input
    if is_cancelled():
        return None
    similarity_display = display_image(trace.similarity, max_display)
    lo, hi = float(trace.similarity.min()), float(trace.similarity.max())
    result = PositionalResult(
        n_positions=n_positions,
        d_model=d_model,
        trace=trace,
        encoding_display=display_image(trace.encoding, max_display),
        similarity_display=similarity_display,
        similarity_levels=(lo, hi if hi > lo else lo + 1.0),
    )
    progress(1.0, "")
    return result
