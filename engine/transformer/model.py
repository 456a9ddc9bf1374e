"""Transformer encoder-decoder, post-LayerNorm as in the paper (and as torch.nn.Transformer's default).

    x = LayerNorm(x + SelfAttention(x))           encoder layer, twice per layer with the FFN
    x = LayerNorm(x + FFN(x)),  FFN(x) = max(0, x W_1 + b_1) W_2 + b_2
    decoder layer: masked self-attention, then cross-attention over the encoder output, then the FFN
Embeddings are scaled by sqrt(d_model) and summed with the sinusoidal positional encoding.

Head masks (Hugging Face's head_mask, one per kind of attention): ``head_mask`` is a mapping with any of the keys
'enc' (encoder self-attention), 'dec' (decoder masked self-attention) and 'cross' (cross-attention), each (H,),
(L, H) or (B, L, H), 1 = on, 0 = the head is switched off (its part of the concatenation is exactly 0, so the
sub-layer adds only W_o's bias for it); a kind that is absent is all on. engine.whatif.HeadMask is such a mapping.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from collections.abc import Mapping
from typing import Optional

import torch
import torch.nn as nn
from torch import Tensor

from engine.attention import MultiHeadAttention, layer_head_masks
from engine.positional import sinusoidal_encoding
from engine.transformer.trace import QKV, DecoderTrace, EncoderTrace, TransformerTrace


HEAD_KINDS = ("enc", "dec", "cross")  # encoder self-attention, decoder masked self-attention, cross-attention


@dataclass
class TransformerConfig:
    src_vocab: int
    tgt_vocab: int
    d_model: int = 256
    n_heads: int = 4
    n_encoder_layers: int = 3
    n_decoder_layers: int = 3
    d_ff: int = 1024
    dropout: float = 0.1
    max_len: int = 512
    pad_id: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


class SinusoidalPositions(nn.Module):
    """Adds PE(pos) (engine.positional) to the embeddings; a buffer, not learned."""

    def __init__(self, d_model: int, max_len: int):
        super().__init__()
        pe = torch.tensor(sinusoidal_encoding(max_len, d_model), dtype=torch.float32)
        self.register_buffer("pe", pe, persistent=False)  # (max_len, D)

    def forward(self, x: Tensor, offset: int = 0) -> Tensor:  # x (B, L, D)
        return x + self.pe[offset:offset + x.shape[1]]


class FeedForward(nn.Module):
    def __init__(self, d_model: int, d_ff: int, dropout: float):
        super().__init__()
        self.linear1, self.linear2 = nn.Linear(d_model, d_ff), nn.Linear(d_ff, d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: Tensor) -> Tensor:
        return self.linear2(self.dropout(torch.relu(self.linear1(x))))


class EncoderLayer(nn.Module):
    def __init__(self, c: TransformerConfig):
        super().__init__()
        self.self_attn = MultiHeadAttention(c.d_model, c.n_heads)
        self.ffn = FeedForward(c.d_model, c.d_ff, c.dropout)
        self.norm1, self.norm2 = nn.LayerNorm(c.d_model), nn.LayerNorm(c.d_model)
        self.dropout = nn.Dropout(c.dropout)

    def forward(self, x: Tensor, src_pad: Optional[Tensor], return_qkv: bool, head_mask: Optional[Tensor] = None):
        a = self.self_attn(x, x, x, key_padding_mask=src_pad, return_qkv=return_qkv, head_mask=head_mask)
        x = self.norm1(x + self.dropout(a.output))
        x = self.norm2(x + self.dropout(self.ffn(x)))
        return x, a


class DecoderLayer(nn.Module):
    def __init__(self, c: TransformerConfig):
        super().__init__()
        self.self_attn = MultiHeadAttention(c.d_model, c.n_heads)
        self.cross_attn = MultiHeadAttention(c.d_model, c.n_heads)
        self.ffn = FeedForward(c.d_model, c.d_ff, c.dropout)
        self.norm1, self.norm2, self.norm3 = (nn.LayerNorm(c.d_model) for _ in range(3))
        self.dropout = nn.Dropout(c.dropout)

    def forward(self, y: Tensor, memory: Tensor, src_pad: Optional[Tensor], tgt_pad: Optional[Tensor],
                return_qkv: bool, self_mask: Optional[Tensor] = None, cross_mask: Optional[Tensor] = None):
        # self_mask, cross_mask: (H,) or (B, H) head masks of the two attentions, None = all on
        s = self.self_attn(y, y, y, key_padding_mask=tgt_pad, causal=True, return_qkv=return_qkv, head_mask=self_mask)
        y = self.norm1(y + self.dropout(s.output))
        c = self.cross_attn(y, memory, memory, key_padding_mask=src_pad, return_qkv=return_qkv, head_mask=cross_mask)
        y = self.norm2(y + self.dropout(c.output))
        y = self.norm3(y + self.dropout(self.ffn(y)))
        return y, s, c

    def step(self, y_t: Tensor, pos_cache: "LayerCache", memory_kv: tuple[Tensor, Tensor],
             src_pad: Optional[Tensor], self_mask: Optional[Tensor] = None, cross_mask: Optional[Tensor] = None):
        """One new target position y_t (B, 1, D); appends its key/value to the cache. Returns (y_t, self, cross)."""
        att = self.self_attn
        k_new, v_new = att.project_kv(y_t, y_t)
        pos_cache.append(k_new, v_new)
        # the cache holds only the past: no causal mask
        s = att.attend_heads(att.project_q(y_t), pos_cache.k, pos_cache.v, head_mask=self_mask)
        y_t = self.norm1(y_t + s.output)
        c = self.cross_attn.attend_heads(self.cross_attn.project_q(y_t), *memory_kv, key_padding_mask=src_pad,
                                         head_mask=cross_mask)
        y_t = self.norm2(y_t + c.output)
        y_t = self.norm3(y_t + self.ffn(y_t))
        return y_t, s, c


class LayerCache:
    """Keys and values of the target positions decoded so far, for one decoder layer: (B, H, t, d_h)."""

    def __init__(self):
        self.k: Optional[Tensor] = None
        self.v: Optional[Tensor] = None

    def append(self, k: Tensor, v: Tensor) -> None:
        self.k = k if self.k is None else torch.cat([self.k, k], dim=2)
        self.v = v if self.v is None else torch.cat([self.v, v], dim=2)

    def truncate(self, length: int) -> None:
        if self.k is not None:
            self.k, self.v = self.k[:, :, :length], self.v[:, :, :length]

    def __len__(self) -> int:
        return 0 if self.k is None else self.k.shape[2]


class Transformer(nn.Module):
    def __init__(self, config: TransformerConfig):
        """Embeddings start at std d_model^-0.5, as in the paper's shared-embedding setup, so that after the
        sqrt(d_model) scale they have unit size like the positional encoding. torch's default (std 1, so 16 after
        the scale at d 256) drowns the positions and saturates the first layer's softmax (one-hot rows that pass
        no gradient: the old ko-en model's first-layer heads put 0.998-1.000 of every row on one token)."""
        super().__init__()
        c = self.config = config
        self.src_embed = nn.Embedding(c.src_vocab, c.d_model, padding_idx=c.pad_id)
        self.tgt_embed = nn.Embedding(c.tgt_vocab, c.d_model, padding_idx=c.pad_id)
        self.positions = SinusoidalPositions(c.d_model, c.max_len)
        self.encoder_layers = nn.ModuleList(EncoderLayer(c) for _ in range(c.n_encoder_layers))
        self.decoder_layers = nn.ModuleList(DecoderLayer(c) for _ in range(c.n_decoder_layers))
        # torch.nn.Transformer ends each stack with a LayerNorm; keep it so its weights load 1:1.
        self.encoder_norm, self.decoder_norm = nn.LayerNorm(c.d_model), nn.LayerNorm(c.d_model)
        self.generator = nn.Linear(c.d_model, c.tgt_vocab)
        self.dropout = nn.Dropout(c.dropout)
        self.scale = math.sqrt(c.d_model)
        for embed in (self.src_embed, self.tgt_embed):
            nn.init.normal_(embed.weight, std=c.d_model ** -0.5)
            with torch.no_grad():
                embed.weight[c.pad_id].zero_()

    def embed_source(self, src: Tensor) -> Tensor:  # (B, S) -> (B, S, D)
        return self.dropout(self.positions(self.src_embed(src) * self.scale))

    def embed_target(self, tgt: Tensor, offset: int = 0) -> Tensor:  # (B, T) -> (B, T, D)
        return self.dropout(self.positions(self.tgt_embed(tgt) * self.scale, offset))

    def head_masks(self, head_mask: Optional[Mapping], kind: str) -> list[Optional[Tensor]]:
        """The per-layer masks of one kind ('enc', 'dec', 'cross') of a head_mask mapping (module docstring)."""
        if head_mask is not None:
            if not isinstance(head_mask, Mapping):
                raise ValueError("a Transformer's head_mask is a mapping {'enc': ..., 'dec': ..., 'cross': ...}")
            unknown = set(head_mask) - set(HEAD_KINDS)
            if unknown:
                raise ValueError(f"unknown head_mask kind(s) {sorted(unknown)}; use {', '.join(HEAD_KINDS)}")
        layers = self.config.n_encoder_layers if kind == "enc" else self.config.n_decoder_layers
        return layer_head_masks(head_mask, layers, self.config.n_heads, kind)

    def encode(self, src: Tensor, src_pad: Optional[Tensor] = None, return_qkv: bool = False,
               head_mask: Optional[Mapping] = None) -> EncoderTrace:
        """src (B, S) ids; src_pad (B, S) True = padding (defaults to src == pad_id); head_mask: its 'enc' masks."""
        src_pad = (src == self.config.pad_id) if src_pad is None else src_pad
        x, attns, qkvs = self.embed_source(src), [], []
        for layer, mask in zip(self.encoder_layers, self.head_masks(head_mask, "enc")):
            x, a = layer(x, src_pad, return_qkv, mask)
            attns.append(a.weights)
            qkvs.append(QKV(a.q, a.k, a.v) if return_qkv else None)
        return EncoderTrace(self.encoder_norm(x), tuple(attns), tuple(qkvs) if return_qkv else None)

    def decode(self, tgt: Tensor, memory: Tensor, src_pad: Optional[Tensor], tgt_pad: Optional[Tensor] = None,
               return_qkv: bool = False, head_mask: Optional[Mapping] = None) -> DecoderTrace:
        """tgt (B, T) ids starting with <s> (teacher forcing); all positions in parallel under the causal mask.
        head_mask: its 'dec' and 'cross' masks."""
        y, selfs, crosses, sq, cq = self.embed_target(tgt), [], [], [], []
        masks = zip(self.head_masks(head_mask, "dec"), self.head_masks(head_mask, "cross"))
        for layer, (self_mask, cross_mask) in zip(self.decoder_layers, masks):
            y, s, c = layer(y, memory, src_pad, tgt_pad, return_qkv, self_mask, cross_mask)
            selfs.append(s.weights)
            crosses.append(c.weights)
            if return_qkv:
                sq.append(QKV(s.q, s.k, s.v))
                cq.append(QKV(c.q, c.k, c.v))
        logits = self.generator(self.decoder_norm(y))
        return DecoderTrace(logits, tuple(selfs), tuple(crosses),
                            tuple(sq) if return_qkv else None, tuple(cq) if return_qkv else None)

    def forward(self, src: Tensor, tgt: Tensor, return_qkv: bool = False,
                head_mask: Optional[Mapping] = None) -> TransformerTrace:
        src_pad = src == self.config.pad_id
        enc = self.encode(src, src_pad, return_qkv, head_mask)
        tgt_pad = tgt == self.config.pad_id
        return TransformerTrace(enc, self.decode(tgt, enc.output, src_pad, tgt_pad, return_qkv, head_mask))

    # -- incremental decoding (KV cache) -------------------------------------------------------------------------

    def memory_kv(self, memory: Tensor) -> list[tuple[Tensor, Tensor]]:
        """Cross-attention keys/values of the encoder output, computed once per sentence, per decoder layer."""
        return [layer.cross_attn.project_kv(memory, memory) for layer in self.decoder_layers]

    def decode_step(self, token: Tensor, position: int, caches: list[LayerCache],
                    memory_kv: list[tuple[Tensor, Tensor]], src_pad: Optional[Tensor],
                    head_mask: Optional[Mapping] = None):
        """token (B,) at target position `position`; returns (logits (B, V), self rows L x (B, H, t+1),
        cross rows L x (B, H, S)). Costs one token per layer, not the whole prefix. head_mask: its 'dec' and
        'cross' masks (the caches must have been filled under the same mask; memory_kv from an encoder run
        under its 'enc' mask)."""
        y = self.embed_target(token[:, None], offset=position)
        selfs, crosses = [], []
        masks = zip(self.head_masks(head_mask, "dec"), self.head_masks(head_mask, "cross"))
        for layer, cache, kv, (self_mask, cross_mask) in zip(self.decoder_layers, caches, memory_kv, masks):
            y, s, c = layer.step(y, cache, kv, src_pad, self_mask, cross_mask)
            selfs.append(s.weights[:, :, 0])
            crosses.append(c.weights[:, :, 0])
        return self.generator(self.decoder_norm(y))[:, 0], selfs, crosses

    # -- torch.nn.Transformer weights, for parity tests ----------------------------------------------------------

    @torch.no_grad()
    def load_core_from_torch(self, ref: nn.Transformer) -> "Transformer":
        """Copy encoder/decoder stacks from a batch_first torch.nn.Transformer with the same sizes."""
        for ours, theirs in zip(self.encoder_layers, ref.encoder.layers):
            ours.self_attn.load_from_torch(theirs.self_attn)
            _copy_ffn_norms(ours, theirs, ("norm1", "norm2"))
        for ours, theirs in zip(self.decoder_layers, ref.decoder.layers):
            ours.self_attn.load_from_torch(theirs.self_attn)
            ours.cross_attn.load_from_torch(theirs.multihead_attn)
            _copy_ffn_norms(ours, theirs, ("norm1", "norm2", "norm3"))
        self.encoder_norm.load_state_dict(ref.encoder.norm.state_dict())
        self.decoder_norm.load_state_dict(ref.decoder.norm.state_dict())
        return self


def _copy_ffn_norms(ours: nn.Module, theirs: nn.Module, norms: tuple[str, ...]) -> None:
    ours.ffn.linear1.load_state_dict(theirs.linear1.state_dict())
    ours.ffn.linear2.load_state_dict(theirs.linear2.state_dict())
    for name in norms:
        getattr(ours, name).load_state_dict(getattr(theirs, name).state_dict())
