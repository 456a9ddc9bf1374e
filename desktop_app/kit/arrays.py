"""Array helpers the views and the Qt-free compute modules share (numpy only: safe in workers, tested without Qt)."""
from __future__ import annotations

import math

import numpy as np


def display_strides(shape: tuple[int, int], max_display: int) -> tuple[int, int]:
    """Row and column strides so the shown image is at most max_display on each axis."""
    return tuple(max(1, math.ceil(n / max_display)) for n in shape)  # type: ignore[return-value]


def display_image(values: np.ndarray, max_display: int) -> np.ndarray:
    """A float32 view of `values` with every k-th row/column: each shown pixel is an exact cell, not an average.
    Safe to call off the GUI thread (workers precompute it for big matrices)."""
    row_step, col_step = display_strides(values.shape, max_display)
    return np.ascontiguousarray(values[::row_step, ::col_step], dtype=np.float32)
