"""What every model lab says about the model it loaded (Qt-free, for compute modules): a lab's ModelInfo extends it
with its own sizes and figures."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelInfo:
    folder: str
    name: str
    n_layers: int  # the head grid a lab draws: layers x heads
    n_heads: int
