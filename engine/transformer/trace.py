"""What the Transformer returns. B batch, S source length, T target length, H heads, L layers, D d_model."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from torch import Tensor


@dataclass(frozen=True)
class QKV:
    """Per-head projections of one attention block, for the drill-down view."""

    q: Tensor  # (B, H, L_q, d_h)
    k: Tensor  # (B, H, L_k, d_h)
    v: Tensor  # (B, H, L_k, d_h)


@dataclass(frozen=True)
class EncoderTrace:
    output: Tensor  # (B, S, D) memory the decoder attends to
    self_attention: tuple[Tensor, ...]  # L x (B, H, S, S)
    qkv: Optional[tuple[QKV, ...]] = None  # L x QKV, only when asked for


@dataclass(frozen=True)
class DecoderTrace:
    logits: Tensor  # (B, T, V_tgt)
    self_attention: tuple[Tensor, ...]  # L x (B, H, T, T), lower triangular (masked)
    cross_attention: tuple[Tensor, ...]  # L x (B, H, T, S)
    self_qkv: Optional[tuple[QKV, ...]] = None
    cross_qkv: Optional[tuple[QKV, ...]] = None


@dataclass(frozen=True)
class TransformerTrace:
    encoder: EncoderTrace
    decoder: DecoderTrace
