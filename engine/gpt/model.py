"""GPT: a decoder-only Transformer that predicts the next token from the tokens on its left (nanoGPT-style).

    x_0 = TokenEmbedding(ids) + PositionEmbedding(0..T-1)       learned positions
    x = x + CausalSelfAttention(LayerNorm(x))                     pre-LN blocks, L of them
    x = x + MLP(LayerNorm(x)),  MLP(x) = GELU(x W_1 + b_1) W_2 + b_2
    logits = LayerNorm(x) E^T                                     the output layer is the token embedding (tied)
Causal: position i attends to positions <= i only (weight exactly 0 above the diagonal), so the prediction at i
never depends on a later token.
head_mask (Hugging Face's, as BERT's): (H,), (L, H) or (B, L, H), 1 = on, 0 = the head is switched off: it adds
zeros to the concatenation, so that attention sub-layer adds only W_o's bias for it (Michel et al., 2019).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional

import torch
import torch.nn as nn
from torch import Tensor

from engine.attention import MultiHeadAttention, layer_head_masks


@dataclass
class GPTConfig:
    vocab_size: int = 30522  # BERT's uncased WordPiece vocabulary, so GPT and BERT share tokens
    block_size: int = 128  # the most tokens the model sees at once (learned positions)
    n_layer: int = 4
    n_head: int = 4
    d_model: int = 256
    dropout: float = 0.1

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class GPTTrace:
    """What one forward pass computed. B batch, T tokens, V vocabulary, L layers, H heads."""

    logits: Tensor  # (B, T, V): row t scores the token that follows position t
    attention: Tensor  # (B, L, H, T, T) causal self-attention, lower triangular, rows sum to 1


class MLP(nn.Module):
    def __init__(self, c: GPTConfig):
        super().__init__()
        self.fc, self.proj = nn.Linear(c.d_model, 4 * c.d_model), nn.Linear(4 * c.d_model, c.d_model)
        self.dropout = nn.Dropout(c.dropout)

    def forward(self, x: Tensor) -> Tensor:  # (B, T, D) -> (B, T, D)
        return self.dropout(self.proj(torch.nn.functional.gelu(self.fc(x))))


class Block(nn.Module):
    def __init__(self, c: GPTConfig):
        super().__init__()
        self.ln_1, self.ln_2 = nn.LayerNorm(c.d_model), nn.LayerNorm(c.d_model)
        self.attn = MultiHeadAttention(c.d_model, c.n_head)
        self.mlp = MLP(c)
        self.dropout = nn.Dropout(c.dropout)

    def forward(self, x: Tensor, head_mask: Optional[Tensor] = None) -> tuple[Tensor, Tensor]:
        # (B, T, D) -> (B, T, D), weights (B, H, T, T); head_mask (H,) or (B, H), 1 = on, 0 = off
        h = self.ln_1(x)
        a = self.attn(h, h, h, causal=True, head_mask=head_mask)
        x = x + self.dropout(a.output)
        x = x + self.mlp(self.ln_2(x))
        return x, a.weights


class GPT(nn.Module):
    def __init__(self, config: GPTConfig):
        super().__init__()
        if config.d_model % config.n_head:
            raise ValueError(f"d_model {config.d_model} is not divisible by n_head {config.n_head}")
        if min(config.vocab_size, config.block_size, config.n_layer, config.n_head, config.d_model) < 1:
            raise ValueError("vocab_size, block_size, n_layer, n_head and d_model must be at least 1")
        self.config = config
        self.wte = nn.Embedding(config.vocab_size, config.d_model)
        self.wpe = nn.Embedding(config.block_size, config.d_model)
        self.drop = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.n_layer))
        self.ln_f = nn.LayerNorm(config.d_model)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        # GPT-2's initialisation: small normal weights, zero biases
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def hidden(self, ids: Tensor, head_mask=None) -> tuple[Tensor, list[Tensor]]:
        """ids (B, T) -> final hidden states (B, T, D) after ln_f, and L x (B, H, T, T) attention.
        head_mask: None, (H,), (L, H), (B, L, H) or an engine.whatif.HeadMask; a head switched off has weight 0."""
        masks = layer_head_masks(head_mask, self.config.n_layer, self.config.n_head)
        t = ids.shape[1]
        if t > self.config.block_size:
            raise ValueError(f"{t} tokens, but the model sees at most {self.config.block_size}")
        pos = torch.arange(t, device=ids.device)
        x = self.drop(self.wte(ids) + self.wpe(pos))  # (B, T, D)
        weights = []
        for block, mask in zip(self.blocks, masks):
            x, w = block(x, mask)
            weights.append(w)
        return self.ln_f(x), weights

    def logits(self, x: Tensor) -> Tensor:
        """Hidden states (..., D) -> next-token logits (..., V), through the tied embedding."""
        return x @ self.wte.weight.T

    def forward(self, ids: Tensor, head_mask=None) -> GPTTrace:  # ids (B, T); head_mask as in hidden()
        x, weights = self.hidden(ids, head_mask)
        return GPTTrace(logits=self.logits(x), attention=torch.stack(weights, dim=1))  # (B, T, V), (B, L, H, T, T)
