"""Attention, as the course writes it.

Scaled dot-product attention (Vaswani et al., 2017):      Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V
Score functions for RNN attention (Luong / Bahdanau):    e = a(s, h), weights = softmax(e), c = sum_j w_j h_j

Every function returns its weights alongside its output, so a view can show exactly what the model used
(``attention_heads`` only when asked: without them it runs PyTorch's fused kernel, for training).
Mask conventions follow PyTorch so that parity tests read naturally:
- ``attn_mask``: bool, broadcastable to (..., L_q, L_k), True = this query MAY attend to this key
  (as in ``F.scaled_dot_product_attention``);
- ``key_padding_mask``: bool (B, L_k), True = this key is padding and receives no attention
  (as in ``nn.MultiheadAttention``).
Masked positions get weight exactly 0; a query whose keys are all masked gets an all-zero row (not NaN).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


def causal_mask(length_q: int, length_k: Optional[int] = None, device=None) -> Tensor:
    """(L_q, L_k) bool, True on and below the diagonal: position i may attend to positions <= i."""
    length_k = length_q if length_k is None else length_k
    return torch.ones(length_q, length_k, dtype=torch.bool, device=device).tril(diagonal=length_k - length_q)


def masked_softmax(scores: Tensor, allowed: Optional[Tensor]) -> Tensor:
    """Softmax over the last dim where ``allowed`` (bool, broadcastable) is True; exactly 0 elsewhere."""
    if allowed is None:
        return torch.softmax(scores, dim=-1)
    scores = scores.masked_fill(~allowed, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    # A row with nothing allowed is all -inf -> NaN; such a query attends to nothing.
    return torch.nan_to_num(weights, nan=0.0)


def _allowed(attn_mask: Optional[Tensor], key_padding_mask: Optional[Tensor], causal: bool,
             length_q: int, length_k: int, device) -> Optional[Tensor]:
    allowed = None
    if attn_mask is not None:
        if attn_mask.dtype != torch.bool:
            raise TypeError("attn_mask must be bool (True = may attend)")
        allowed = attn_mask
    if causal:
        c = causal_mask(length_q, length_k, device=device)
        allowed = c if allowed is None else allowed & c
    if key_padding_mask is not None:
        keep = ~key_padding_mask.bool()  # (B, L_k)
        keep = keep[:, None, None, :] if keep.dim() == 2 else keep
        allowed = keep if allowed is None else allowed & keep
    return allowed


def _per_head(head_mask: Tensor, like: Tensor) -> Tensor:
    """(H,) -> (H, 1, 1); (B, H) -> (B, H, 1, 1); anything else is taken as broadcastable to (B, H, L_q, L_k)."""
    head_mask = head_mask.to(device=like.device, dtype=like.dtype)
    if head_mask.dim() == 1:
        return head_mask[:, None, None]
    if head_mask.dim() == 2:
        return head_mask[:, :, None, None]
    return head_mask


def attention_heads(
    q: Tensor,  # (B, H, L_q, d_k), or any (..., L_q, d_k)
    k: Tensor,  # (B, H, L_k, d_k)
    v: Tensor,  # (B, H, L_k, d_v)
    attn_mask: Optional[Tensor] = None,  # bool, True = may attend, broadcastable to (B, H, L_q, L_k)
    key_padding_mask: Optional[Tensor] = None,  # bool (B, L_k), True = padding (for (B, H, L, d) inputs)
    causal: bool = False,
    *,
    need_weights: bool = True,
    dropout_p: float = 0.0,
    head_mask: Optional[Tensor] = None,
    weights_out: Optional[Tensor] = None,
) -> tuple[Tensor, Optional[Tensor]]:
    """softmax(Q K^T / sqrt(d_k)) V for every head at once: the one place the course's attention is computed.

    Returns (heads (B, H, L_q, d_v), weights (B, H, L_q, L_k) or None). Two paths in one function, as nanoGPT keeps
    them in one forward:
    - ``need_weights=True`` (a view wants them): written out, Q scaled before the product (L_q x d_k values instead
      of L_q x L_k), masked scores set to the most negative float so that exp gives exactly 0, the softmax written
      into ``weights_out`` when given (a slice of a caller's buffer; only without autograd, ``out=`` has none);
    - ``need_weights=False`` (training, or only the output matters): PyTorch's fused
      ``F.scaled_dot_product_attention`` with the same mask; no weights are formed.
    Either way masked keys get weight exactly 0, rows sum to 1, and a query whose keys are all masked gets an
    all-zero row and a zero output (not NaN, not a uniform row).

    ``dropout_p`` drops attention probabilities (pass 0 in eval). ``head_mask`` multiplies the probabilities of each
    head (Hugging Face's ``head_mask``): (H,), (B, H) or broadcastable to (B, H, L_q, L_k); a head multiplied by 0
    contributes zeros to the concatenation. The weights returned are those used: after the head mask, before dropout.
    """
    length_q, length_k, d_k = q.shape[-2], k.shape[-2], q.shape[-1]
    multiplier = None if head_mask is None else _per_head(head_mask, q)
    fused = not need_weights and (multiplier is None or multiplier.shape[-1] == 1)
    # the fused kernel takes a causal flag instead of a mask where that says the same thing (L_q == L_k, no other)
    fused_causal = fused and causal and attn_mask is None and key_padding_mask is None and length_q == length_k
    allowed = _allowed(attn_mask, key_padding_mask, causal and not fused_causal, length_q, length_k, q.device)
    empty = None  # (..., L_q, 1) True for a query with no key allowed; computed on the mask, not on the scores
    if allowed is not None:
        empty = ~allowed.any(dim=-1, keepdim=True)
        empty = empty if bool(empty.any()) else None

    if fused:
        heads = F.scaled_dot_product_attention(q, k, v, attn_mask=allowed, dropout_p=dropout_p,
                                               is_causal=fused_causal)
        if empty is not None:
            heads = heads.masked_fill(empty, 0.0)
        if multiplier is not None:  # (w m) V = m (w V) for a per-head m
            heads = heads * multiplier
        return heads, None

    scores = torch.matmul(q * (1.0 / math.sqrt(d_k)), k.transpose(-2, -1))  # (B, H, L_q, L_k)
    if allowed is not None:
        # the most negative float, not -inf: exp underflows to exactly 0 and no row ever becomes NaN
        scores.masked_fill_(~allowed, torch.finfo(scores.dtype).min)
    if weights_out is not None:
        weights = torch.softmax(scores, dim=-1, out=weights_out)
    else:
        weights = torch.softmax(scores, dim=-1)
    in_place = weights_out is not None or not torch.is_grad_enabled()
    if empty is not None:  # all-masked rows came out uniform; they attend to nothing
        weights = weights.masked_fill_(empty, 0.0) if in_place else weights.masked_fill(empty, 0.0)
    if multiplier is not None:
        weights = weights.mul_(multiplier) if in_place else weights * multiplier
    used = F.dropout(weights, dropout_p) if dropout_p > 0.0 else weights
    return torch.matmul(used, v), weights


def scaled_dot_product_attention(
    query: Tensor,  # (..., L_q, d_k)
    key: Tensor,  # (..., L_k, d_k)
    value: Tensor,  # (..., L_k, d_v)
    attn_mask: Optional[Tensor] = None,
    key_padding_mask: Optional[Tensor] = None,
    causal: bool = False,
) -> tuple[Tensor, Tensor]:
    """softmax(Q K^T / sqrt(d_k)) V. Returns (output (..., L_q, d_v), weights (..., L_q, L_k)).

    ``key_padding_mask`` (B, L_k) is broadcast as (B, 1, 1, L_k), i.e. for 4-D (B, H, L, d) inputs;
    for 3-D inputs pass a mask of shape (B, 1, L_k) instead. The arithmetic is ``attention_heads``'.
    """
    if key_padding_mask is not None and query.dim() == 3 and key_padding_mask.dim() == 2:
        key_padding_mask = key_padding_mask[:, None, :]
    return attention_heads(query, key, value, attn_mask, key_padding_mask, causal)


def layer_head_masks(head_mask, layers: int, heads: int, kind: str = "self") -> list[Optional[Tensor]]:
    """One stack's head mask, split per layer (Hugging Face's head_mask, extended to a batch of masks).

    ``head_mask``: None (every head on), (H,) for every layer, (L, H), or (B, L, H), one mask per sequence of the
    batch (a head-ablation sweep runs B masked copies in one forward); a tensor, an array or nested lists, 1 = on,
    0 = switched off (values in between scale the head); or a mapping kind -> such a mask (``engine.whatif.HeadMask``,
    or a Transformer's {'enc': ..., 'dec': ..., 'cross': ...}), of which the ``kind`` entry is taken (absent: all on).
    Returns L entries: None, (H,) or (B, H)."""
    if isinstance(head_mask, Mapping):
        head_mask = head_mask.get(kind)
    if head_mask is None:
        return [None] * layers
    # a tensor as it is; anything else copied (a HeadMask's arrays are read-only, which torch.as_tensor warns about)
    mask = head_mask if isinstance(head_mask, Tensor) else torch.tensor(head_mask)
    if not (mask.is_floating_point() or mask.dtype == torch.bool):
        mask = mask.float()
    if mask.dim() == 1:
        mask = mask.expand(layers, -1)
    shape = tuple(mask.shape)
    if mask.dim() not in (2, 3) or shape[-2:] != (layers, heads):
        raise ValueError(f"head_mask must be ({heads},), ({layers}, {heads}) or (B, {layers}, {heads}), "
                         f"got shape {shape}")
    return list(mask.unbind(-2))


@dataclass(frozen=True)
class MultiHeadTrace:
    """What one multi-head attention call computed. B batch, H heads, L_q/L_k lengths, d_h = d_model / H."""

    output: Tensor  # (B, L_q, d_model) after the output projection
    weights: Tensor  # (B, H, L_q, L_k) per-head attention, rows sum to 1 (0 where masked)
    q: Optional[Tensor] = None  # (B, H, L_q, d_h), only with return_qkv=True
    k: Optional[Tensor] = None  # (B, H, L_k, d_h)
    v: Optional[Tensor] = None  # (B, H, L_k, d_h)


class MultiHeadAttention(nn.Module):
    """Multi-head attention with separate Q, K, V projections (batch first).

    head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V); MultiHead = Concat(head_1..head_H) W^O
    """

    def __init__(self, d_model: int, n_heads: int, bias: bool = True):
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"d_model {d_model} is not divisible by n_heads {n_heads}")
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        self.q_proj = nn.Linear(d_model, d_model, bias=bias)
        self.k_proj = nn.Linear(d_model, d_model, bias=bias)
        self.v_proj = nn.Linear(d_model, d_model, bias=bias)
        self.out_proj = nn.Linear(d_model, d_model, bias=bias)

    def _split(self, x: Tensor) -> Tensor:  # (B, L, d_model) -> (B, H, L, d_h)
        b, length, _ = x.shape
        return x.view(b, length, self.n_heads, self.d_head).transpose(1, 2)

    def forward(
        self,
        query: Tensor,  # (B, L_q, d_model)
        key: Tensor,  # (B, L_k, d_model)
        value: Tensor,  # (B, L_k, d_model)
        attn_mask: Optional[Tensor] = None,  # bool, True = may attend, broadcastable to (B, H, L_q, L_k)
        key_padding_mask: Optional[Tensor] = None,  # bool (B, L_k), True = padding
        causal: bool = False,
        return_qkv: bool = False,
        head_mask: Optional[Tensor] = None,  # (H,) or (B, H): 1 = on, 0 = the head adds zeros to the concatenation
    ) -> MultiHeadTrace:
        q, k, v = self.project_q(query), *self.project_kv(key, value)
        return self.attend_heads(q, k, v, attn_mask, key_padding_mask, causal, return_qkv, head_mask)

    def project_q(self, query: Tensor) -> Tensor:
        """(B, L_q, d_model) -> per-head queries (B, H, L_q, d_h)."""
        return self._split(self.q_proj(query))

    def project_kv(self, key: Tensor, value: Tensor) -> tuple[Tensor, Tensor]:
        """(B, L_k, d_model) x 2 -> per-head keys and values (B, H, L_k, d_h); a decoder caches these."""
        return self._split(self.k_proj(key)), self._split(self.v_proj(value))

    def attend_heads(self, q: Tensor, k: Tensor, v: Tensor, attn_mask: Optional[Tensor] = None,
                     key_padding_mask: Optional[Tensor] = None, causal: bool = False,
                     return_qkv: bool = False, head_mask: Optional[Tensor] = None) -> MultiHeadTrace:
        """Attention of already projected heads, then concatenation and the output projection.

        ``head_mask`` (H,) or (B, H) multiplies each head (``attention_heads``): a head at 0 puts exact zeros into the
        concatenation, so it adds only the output projection's bias; the weights returned are those used."""
        heads, weights = attention_heads(q, k, v, attn_mask, key_padding_mask, causal, head_mask=head_mask)
        b, _, length_q, _ = heads.shape
        output = self.out_proj(heads.transpose(1, 2).reshape(b, length_q, self.d_model))
        if return_qkv:
            return MultiHeadTrace(output, weights, q, k, v)
        return MultiHeadTrace(output, weights)

    @torch.no_grad()
    def load_from_torch(self, mha: nn.MultiheadAttention) -> "MultiHeadAttention":
        """Copy the weights of a ``torch.nn.MultiheadAttention`` (packed in_proj) into this module."""
        w_q, w_k, w_v = mha.in_proj_weight.chunk(3, dim=0)
        for proj, w in zip((self.q_proj, self.k_proj, self.v_proj), (w_q, w_k, w_v)):
            proj.weight.copy_(w)
        if mha.in_proj_bias is not None:
            for proj, b in zip((self.q_proj, self.k_proj, self.v_proj), mha.in_proj_bias.chunk(3)):
                proj.bias.copy_(b)
        self.out_proj.weight.copy_(mha.out_proj.weight)
        if mha.out_proj.bias is not None:
            self.out_proj.bias.copy_(mha.out_proj.bias)
        return self


# ---------------------------------------------------------------------------------------------------------------
# Score functions for RNN encoder-decoder attention: e_j = a(s, h_j). s is the decoder state, h the encoder states.


class DotScore(nn.Module):
    """Luong dot: e_j = s . h_j (needs the decoder and encoder sizes to match)."""

    name = "dot"

    def __init__(self, dec_dim: int, enc_dim: int):
        super().__init__()
        if dec_dim != enc_dim:
            raise ValueError(f"dot score needs equal sizes, got decoder {dec_dim} and encoder {enc_dim}")

    def forward(self, s: Tensor, h: Tensor) -> Tensor:  # s (B, D), h (B, S, E) -> (B, S)
        return torch.bmm(h, s.unsqueeze(2)).squeeze(2)


class GeneralScore(nn.Module):
    """Luong general (bilinear): e_j = s^T W h_j."""

    name = "general"

    def __init__(self, dec_dim: int, enc_dim: int):
        super().__init__()
        self.W = nn.Linear(enc_dim, dec_dim, bias=False)

    def forward(self, s: Tensor, h: Tensor) -> Tensor:
        return torch.bmm(self.W(h), s.unsqueeze(2)).squeeze(2)

    def precompute(self, h: Tensor) -> Tensor:
        return self.W(h)


class AdditiveScore(nn.Module):
    """Bahdanau additive (MLP): e_j = v^T tanh(W_s s + W_h h_j)."""

    name = "additive"

    def __init__(self, dec_dim: int, enc_dim: int, attn_dim: Optional[int] = None):
        super().__init__()
        attn_dim = attn_dim or dec_dim
        self.W_s = nn.Linear(dec_dim, attn_dim, bias=False)
        self.W_h = nn.Linear(enc_dim, attn_dim, bias=True)
        self.v = nn.Linear(attn_dim, 1, bias=False)

    def forward(self, s: Tensor, h: Tensor) -> Tensor:
        return self.v(torch.tanh(self.W_s(s).unsqueeze(1) + self.W_h(h))).squeeze(2)


SCORES = {cls.name: cls for cls in (DotScore, GeneralScore, AdditiveScore)}


def make_score(name: str, dec_dim: int, enc_dim: int) -> nn.Module:
    try:
        return SCORES[name](dec_dim, enc_dim)
    except KeyError:
        raise ValueError(f"unknown attention score {name!r}; choose one of {sorted(SCORES)}") from None


def attend(scores: Tensor, values: Tensor, key_padding_mask: Optional[Tensor] = None) -> tuple[Tensor, Tensor]:
    """weights = softmax(e) over source positions, context c = sum_j weights_j h_j.

    scores (B, S), values (B, S, E), key_padding_mask (B, S) True = padding. Returns (context (B, E), weights (B, S)).
    """
    allowed = None if key_padding_mask is None else ~key_padding_mask
    weights = masked_softmax(scores, allowed)
    return torch.bmm(weights.unsqueeze(1), values).squeeze(1), weights
