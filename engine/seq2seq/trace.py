"""What the seq2seq stepper returns: frozen dataclasses of numpy arrays (no torch), safe to hand to the app.

S source tokens (after truncation), H hidden units, K top-k candidates, T decoded steps.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np


@dataclass(frozen=True)
class EncoderTrace:
    """The encoder GRU over the source sentence."""

    tokens: tuple[str, ...]  # (S,) source token strings
    ids: np.ndarray  # (S,) int64 source token ids
    outputs: np.ndarray  # (S, H) h^enc_j, what attention reads
    r: np.ndarray  # (S, H) reset gate per source step
    z: np.ndarray  # (S, H) update gate
    n: np.ndarray  # (S, H) candidate state
    truncated: bool  # True when the input was longer than the model's max source length and was cut
    original_length: int  # number of source tokens before truncation

    @property
    def final_state(self) -> np.ndarray:  # (H,) h^enc_S, the decoder's initial state
        return self.outputs[-1]


@dataclass(frozen=True)
class DecoderStep:
    """One decoder step t (0-based): the GRU update, attention, and the chosen token."""

    index: int  # t
    token_id: int  # the emitted token (argmax, or the one forced by hand)
    token: str
    forced: bool  # True when the token was given with force(), not chosen by argmax
    top_ids: np.ndarray  # (K,) int64 best candidates, highest probability first
    top_tokens: tuple[str, ...]  # (K,)
    top_probs: np.ndarray  # (K,) float32 softmax probabilities
    token_prob: float  # probability of the emitted token
    attention: Optional[np.ndarray]  # (S,) weights over source tokens, sums to 1; None for the plain model
    context: Optional[np.ndarray]  # (H,) c_t = sum_j a_tj h^enc_j; None for plain
    r: np.ndarray  # (H,) decoder reset gate
    z: np.ndarray  # (H,) update gate
    n: np.ndarray  # (H,) candidate state
    h: np.ndarray  # (H,) new decoder state h_t
    h_prev: np.ndarray  # (H,) h_{t-1} (the encoder's final state at t = 0)
    input_id: int  # y_{t-1} fed to the GRU (<s> at t = 0)
    log_prob: float  # cumulative log-probability of the tokens emitted so far, this one included
    finished: bool  # True when this token is </s> or max_len was reached
    overridden: bool = False  # True when the attention row was given by hand (step_with_attention), not computed


@dataclass(frozen=True)
class BeamNode:
    """One hypothesis extension in the beam-search tree."""

    parent: int  # index of the parent node in BeamResult.nodes, -1 for the root's children
    token_id: int
    token: str
    score: float  # cumulative log-probability of the path ending here
    step: int  # decoding step (0-based)
    finished: bool  # ends with </s>


@dataclass(frozen=True)
class BeamResult:
    """Everything beam search kept: each step's surviving nodes form a tree through ``parent``."""

    width: int
    nodes: tuple[BeamNode, ...]
    best_path: tuple[int, ...]  # node indices from the first step to the chosen hypothesis' last token
    token_ids: tuple[int, ...]  # the chosen output, </s> excluded
    tokens: tuple[str, ...]
    translation: str
    score: float  # cumulative log-probability of the chosen hypothesis
    normalized_score: float  # score / length, what hypotheses were ranked by
    attention: Optional[np.ndarray]  # (T, S) attention of the chosen hypothesis; None for plain
    truncated: bool
