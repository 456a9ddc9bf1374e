"""What if the decoder had looked elsewhere? The next step with the model's own attention and with its attention
moved onto one source token (Qt-free; one GRU cell and two readouts, about a millisecond, so it runs directly).

    attention_row(model_row, j, mix)   (1 - mix) * the model's row + mix * one-hot on j   (mix 1: all on j)
    what_if(stepper, j, mix, k)        -> WhatIf: both next-token distributions (the engine's own step, peeked)
    export_table(what_if)              the probabilities before and after of every token either top-k lists
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from engine.seq2seq.trace import DecoderStep  # numpy only, no torch


@dataclass(frozen=True)
class WhatIf:
    """The next step t (0-based) twice: with the model's attention (before) and with the override (after)."""

    step: int  # t, the index of the step not taken yet
    source: int  # j, 0-based: the source token the attention was moved onto
    source_token: str
    mix: float  # share of the attention moved onto j (1.0 = all of it)
    weights: np.ndarray  # (S,) the override row, sums to 1
    model_weights: np.ndarray  # (S,) the model's own row
    before: DecoderStep  # the model's own next step (top-k candidates)
    after: DecoderStep  # the same step with the override
    rows: tuple[tuple[int, str, float, float], ...]  # (token id, token, p before, p after): both top-k lists

    @property
    def changed(self) -> bool:
        """The override changes the token the decoder would write."""
        return self.before.token_id != self.after.token_id

    def prob(self, token_id: int, after: bool) -> float:
        """P(token) before or after, for a token of either top-k list."""
        return next(r[3] if after else r[2] for r in self.rows if r[0] == token_id)


def attention_row(model_row: np.ndarray, source: int, mix: float = 1.0) -> np.ndarray:
    """(1 - mix) * model_row + mix * one_hot(source), in float64, summing to 1 (the model's row sums to 1 within
    float32 rounding; it is renormalised so the blend passes the engine's 1e-6 check whatever its length)."""
    row = np.asarray(model_row, dtype=np.float64)
    if not 0 <= int(source) < row.shape[0]:
        raise ValueError(f"source token {source} is outside 0..{row.shape[0] - 1}")
    mix = float(min(1.0, max(0.0, mix)))
    one_hot = np.zeros_like(row)
    one_hot[int(source)] = 1.0
    out = (1.0 - mix) * row / row.sum() + mix * one_hot
    return out / out.sum()


def what_if(stepper, source: int, mix: float = 1.0, top_k: int = 5) -> Optional[WhatIf]:
    """Both versions of the next step; None when there is none to take (no stepper, finished, plain model)."""
    if stepper is None or stepper.finished or not stepper.has_attention:
        return None
    k = max(1, min(int(top_k), stepper.config.tgt_vocab))
    before, p_before = stepper.peek_distribution(None, top_k=k)  # whole distributions: any token's probability
    weights = attention_row(before.attention, source, mix)
    after, p_after = stepper.peek_distribution(weights, top_k=k)
    ids = list(dict.fromkeys(before.top_ids.tolist() + after.top_ids.tolist()))
    rows = tuple((i, stepper.bundle.target_token(i), float(p_before[i]), float(p_after[i])) for i in ids)
    return WhatIf(step=before.index, source=int(source), source_token=stepper.source_tokens[int(source)],
                  mix=float(min(1.0, max(0.0, mix))), weights=weights,
                  model_weights=np.asarray(before.attention, dtype=np.float64), before=before, after=after, rows=rows)


def export_table(result: WhatIf) -> tuple[np.ndarray, list[str], list[str]]:
    """(rows x 2) probabilities before / after, the token of each row, the two column names."""
    matrix = np.array([[r[2], r[3]] for r in result.rows], dtype=np.float64).reshape(-1, 2)
    return matrix, [r[1] for r in result.rows], ["before", "after"]
