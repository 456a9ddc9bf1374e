"""What BERT returns. B batch, T tokens, D hidden size, H heads, L layers, V vocabulary, M [MASK] positions, k top-k.

``BertTrace`` is the model's own output (torch tensors, so a trainer can take gradients through the logits).
The results of the high-level functions in engine/bert/__init__.py (``MaskedPrediction``, ``NextSentenceResult``,
``AttentionResult``) hold numpy arrays for one sequence (batch dimension dropped): these cross to the app.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from torch import Tensor


@dataclass(frozen=True)
class EmbeddingParts:
    """The embeddings view: the three lookups, their sum, and the sum after LayerNorm (before dropout)."""

    token: Tensor  # (B, T, D) word embeddings E_token[ids]
    segment: Tensor  # (B, T, D) token-type (segment A/B) embeddings
    position: Tensor  # (B, T, D) position embeddings (an expanded view: the same rows for every sequence)
    sum: Tensor  # (B, T, D) token + segment + position
    normed: Tensor  # (B, T, D) LayerNorm(sum): the input of layer 0 (hidden_states[0])


@dataclass(frozen=True)
class BertTrace:
    input_ids: Tensor  # (B, T)
    token_type_ids: Tensor  # (B, T) segment ids
    attention_mask: Tensor  # (B, T) the mask used: 1 = real token, 0 = padding (its keys get exactly 0 attention)
    last_hidden_state: Tensor  # (B, T, D) output of the last layer
    embeddings: Optional[EmbeddingParts] = None  # with output_hidden_states
    hidden_states: Optional[Tensor] = None  # (L+1, B, T, D): embeddings output, then each layer's output
    attentions: Optional[Tensor] = None  # (L, B, H, T, T) softmax weights, rows sum to 1 (times head_mask if given)
    pooled: Optional[Tensor] = None  # (B, D) tanh(W h_[CLS]); None for a model without pooler
    mlm_logits: Optional[Tensor] = None  # (B, T, V), or (N, V) at mlm_positions; None without MLM head
    mlm_positions: Optional[Tensor] = None  # (B, T) bool, the positions mlm_logits are for (None = all)
    nsp_logits: Optional[Tensor] = None  # (B, 2): index 0 = IsNext, 1 = NotNext; None without NSP head


@dataclass(frozen=True)
class Encoded:
    """One tokenized input, ready for the model."""

    ids: list[int]  # (T,) with [CLS] ... [SEP] (... [SEP])
    tokens: list[str]  # (T,) WordPiece strings
    token_type_ids: list[int]  # (T,) 0 for segment A (with [CLS] and its [SEP]), 1 for segment B
    truncated: bool  # True when the text was longer than the model's positions and was cut


@dataclass(frozen=True)
class MaskedPrediction:
    """``predict_masked``: the top-k candidates for every [MASK] in the text."""

    tokens: list[str]  # (T,) the input tokens, [MASK] included
    token_type_ids: np.ndarray  # (T,)
    mask_positions: np.ndarray  # (M,) indices of the [MASK] tokens in ``tokens``
    top_tokens: list[list[str]]  # (M, k) best first
    top_ids: np.ndarray  # (M, k)
    top_probs: np.ndarray  # (M, k) softmax over the whole vocabulary
    attentions: np.ndarray  # (L, H, T, T)
    truncated: bool


@dataclass(frozen=True)
class NextSentenceResult:
    """``next_sentence``: does B follow A? (BERT's NSP head, index 0 = IsNext)."""

    tokens: list[str]  # (T,) [CLS] A [SEP] B [SEP]
    token_type_ids: np.ndarray  # (T,) 0 for [CLS] A [SEP], 1 for B [SEP]
    is_next_prob: float  # softmax(logits)[0]
    logits: np.ndarray  # (2,) [IsNext, NotNext]
    attentions: np.ndarray  # (L, H, T, T)
    truncated: bool


@dataclass(frozen=True)
class AttentionResult:
    """``attention``: everything the attention and embeddings views show for one input."""

    tokens: list[str]  # (T,)
    token_type_ids: np.ndarray  # (T,)
    attentions: np.ndarray  # (L, H, T, T) rows sum to 1
    hidden_states: np.ndarray  # (L+1, T, D)
    token_embeddings: np.ndarray  # (T, D)
    segment_embeddings: np.ndarray  # (T, D)
    position_embeddings: np.ndarray  # (T, D)
    embedding_sum: np.ndarray  # (T, D)
    embedding_normed: np.ndarray  # (T, D) = hidden_states[0]
    truncated: bool
