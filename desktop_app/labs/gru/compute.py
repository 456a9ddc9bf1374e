"""The GRU Gates lab's arithmetic on a TranslationState (Qt-free, tested without a window).

The per-unit equation is engine.gru.unit_terms (the engine's GRU math, once); this module only picks its inputs
out of the traces and formats the numbers.

    gate_matrices(state, side)    z, r, n, h as (H, T) matrices, units x time
    unit_order(matrices, mode)    the heatmaps' row order (index, mean z, mean |h|, change of h)
    unit_equation(...)            one unit at one step, every term of the update, from the model's weights
    equation_parts(equation)      the four equations as (general, with numbers) text pairs
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from desktop_app.sessions.seq2seq_compute import LoadedModel, TranslationState

GATES = ("z", "r", "n", "h")  # the heatmaps, in grid order
SORTS = ("index", "z", "h", "change")
GENERAL_EQUATIONS = (
    "r_t = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)",
    "z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)",
    "n_t = tanh(W_in x_t + b_in + r_t · (W_hn h_{t−1} + b_hn))",
    "h_t = (1 − z_t) · n_t + z_t · h_{t−1}",
)


def gate_matrices(state: Optional[TranslationState], side: str) -> dict[str, np.ndarray]:
    """z, r, n, h as (H, T) matrices (units x time) for one side; {} before the decoder's first step."""
    if state is None:
        return {}
    if side == "encoder":
        enc = state.encoder
        return {"z": enc.z.T, "r": enc.r.T, "n": enc.n.T, "h": enc.outputs.T}
    if not state.steps:
        return {}
    return {k: np.stack([getattr(s, k) for s in state.steps], axis=1) for k in GATES}


def time_labels(state: Optional[TranslationState], side: str) -> list[str]:
    """The columns: the source tokens the encoder read, or the tokens the decoder wrote."""
    if state is None:
        return []
    return list(state.source_tokens) if side == "encoder" else [x.token for x in state.steps]


def unit_order(matrices: dict[str, np.ndarray], mode: str) -> np.ndarray:
    """Row order for the heatmaps: "index" (0..H-1), "z" (mean update gate, high first), "h" (mean |h|, high first),
    "change" (how much h changes over time, most first)."""
    h = matrices["h"]
    H = h.shape[0]
    if mode == "z":
        key = -matrices["z"].mean(axis=1)
    elif mode == "h":
        key = -np.abs(h).mean(axis=1)
    elif mode == "change":
        key = -(np.abs(np.diff(h, axis=1)).sum(axis=1) if h.shape[1] > 1 else np.abs(h[:, 0]))
    else:
        return np.arange(H)
    return np.argsort(key, kind="stable")


def most_changing_unit(matrices: dict[str, np.ndarray]) -> int:
    """The unit whose h moves most over time (the screenshot's pick)."""
    h = matrices["h"]
    return int(np.argmax(np.abs(np.diff(h, axis=1)).sum(axis=1))) if h.shape[1] > 1 else 0


@dataclass(frozen=True)
class UnitEquation:
    """One unit u at one time step t of one side, with the input token and every term (engine.gru.UnitTerms)."""

    side: str  # "encoder" | "decoder"
    t: int
    unit: int
    token: str  # the input token x_t (encoder: source token; decoder: y_{t-1})
    terms: object  # engine.gru.UnitTerms

    def largest_difference(self, matrices: dict[str, np.ndarray]) -> float:
        """How far the recomputed r, z, n, h are from the traced ones shown in the heatmaps."""
        return max(abs(float(matrices[g][self.unit, self.t]) - getattr(self.terms, g)) for g in ("r", "z", "n", "h"))


def unit_equation(model: LoadedModel, state: TranslationState, side: str, unit: int, t: int) -> UnitEquation:
    """The GRU update of `unit` at step `t`, recomputed from the model's weights and the traced inputs."""
    from engine.gru import unit_terms  # torch is loaded by now (the model is); keeps this module import-light

    if side == "encoder":
        enc, weights = state.encoder, model.encoder
        h_prev = np.zeros(weights.hidden, dtype=np.float32) if t == 0 else enc.outputs[t - 1]
        input_id, token = int(enc.ids[t]), enc.tokens[t]
    else:
        step, weights = state.steps[t], model.decoder
        h_prev, input_id, token = step.h_prev, step.input_id, model.bundle.target_token(step.input_id)
    terms = unit_terms(weights.w_ih, weights.w_hh, weights.b_ih, weights.b_hh, weights.embedding[input_id], h_prev,
                       unit)
    return UnitEquation(side, int(t), int(unit), token, terms)


def equation_parts(equation: UnitEquation) -> list[tuple[str, str]]:
    """The four equations, each as (general form, the numbers of this unit and step)."""
    e = equation.terms
    numbers = (
        f"σ({e.ir:.6f} + {e.hr:.6f}) = {e.r:.6f}",
        f"σ({e.iz:.6f} + {e.hz:.6f}) = {e.z:.6f}",
        f"tanh({e.i_n:.6f} + {e.r:.6f} · {e.hn:.6f}) = {e.n:.6f}",
        f"(1 − {e.z:.6f}) · {e.n:.6f} + {e.z:.6f} · {e.h_prev:.6f} = {e.h:.6f}",
    )
    return list(zip(GENERAL_EQUATIONS, numbers))
