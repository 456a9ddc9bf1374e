"""Shared timing helpers for bench/: percentiles over repeated calls, measured in the same run as the reference."""
from __future__ import annotations

import time
from typing import Callable

import numpy as np


def time_calls(fn: Callable[[], object], repeats: int = 50, warmup: int = 5) -> np.ndarray:
    """Seconds per call, `repeats` samples after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    samples = np.empty(repeats)
    for i in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples[i] = time.perf_counter() - t0
    return samples


def ms(samples: np.ndarray, q: float = 50) -> float:
    return float(np.percentile(samples, q) * 1000)


def row(name: str, value: str, reference: str, ratio: float | None, goal: str) -> str:
    r = "" if ratio is None else f"{ratio:.2f}x"
    return f"| {name} | {value} | {reference} | {r} | {goal} |"


HEADER = "| measure | ours | reference (same run) | ratio | goal |\n| --- | --- | --- | --- | --- |"
