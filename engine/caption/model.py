"""Show, Attend and Tell (Xu et al., 2015) with a GRU: a decoder that looks at one part of the picture per word.

    V = relu(W_v [cnn cell features ; cell position])      (B, N, E)   N = g*g grid cells, projected once
    h_0 = tanh(W_0 mean_j V_j)
    step t:  e_tj = v^T tanh(W_s h_{t-1} + W_h V_j)         additive score (engine.attention.AdditiveScore)
             alpha_t = softmax_j(e_t)                       (B, N), sums to 1 over the grid
             c_t = sum_j alpha_tj V_j                       context: what the decoder sees of the picture
             h_t = GRU([E y_{t-1} ; c_t], h_{t-1})          gates r, z, n kept (engine.gru.GRULayer)
             p(y_t) = softmax(W_o [h_t ; c_t ; E y_{t-1}])  "deep output"

The cell position (Fourier features of the cell's centre in [-1, 1]) is appended to every CNN feature so that the
decoder can say "to the left of" at any grid size: the same decoder reads a 7 x 7 or a 14 x 14 grid.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import torch
import torch.nn as nn
from torch import Tensor

from engine.attention import AdditiveScore, attend
from engine.gru import GRUStep, GRULayer


@dataclass
class CaptionConfig:
    vocab: int = 32
    feature_dim: int = 1280  # MobileNetV2 channels
    pos_freqs: int = 4  # Fourier frequencies per axis for the cell position: 4 * 2 (sin, cos) * 2 axes = 16 dims
    embed: int = 64
    enc: int = 256  # projected cell features, what attention reads
    hidden: int = 256  # GRU state
    attn: int = 128  # additive attention's inner size
    dropout: float = 0.2
    max_len: int = 12  # most words in a caption, </s> included
    pad_id: int = 0
    bos_id: int = 1
    eos_id: int = 2
    unk_id: int = 3


def cell_positions(grid: int, freqs: int, device=None) -> Tensor:
    """(g*g, 4*freqs) sin/cos of each cell centre's (x, y) in [-1, 1], row-major like the feature grid."""
    centres = (torch.arange(grid, dtype=torch.float32, device=device) + 0.5) / grid * 2 - 1  # (g,)
    y, x = torch.meshgrid(centres, centres, indexing="ij")  # (g, g) each, row = y
    xy = torch.stack([x.flatten(), y.flatten()], dim=1)  # (N, 2)
    scales = (2.0 ** torch.arange(freqs, dtype=torch.float32, device=device)) * (math.pi / 2)  # (F,)
    angles = xy[:, :, None] * scales  # (N, 2, F)
    return torch.cat([angles.sin(), angles.cos()], dim=2).flatten(1)  # (N, 4F)


@dataclass(frozen=True)
class CaptionStepOut:
    """One decoder step for a batch. B batch, N cells, V vocabulary, H hidden, E projected features."""

    logits: Tensor  # (B, V)
    attention: Tensor  # (B, N) sums to 1 over the grid
    context: Tensor  # (B, E)
    gru: GRUStep  # r, z, n, h: (B, H) each


class CaptionDecoder(nn.Module):
    def __init__(self, config: CaptionConfig):
        super().__init__()
        self.config = c = config
        self.project = nn.Linear(c.feature_dim + 4 * c.pos_freqs, c.enc)
        self.init_h = nn.Linear(c.enc, c.hidden)
        self.embed = nn.Embedding(c.vocab, c.embed, padding_idx=c.pad_id)
        self.score = AdditiveScore(c.hidden, c.enc, c.attn)
        self.gru = GRULayer(c.embed + c.enc, c.hidden)
        self.drop = nn.Dropout(c.dropout)
        self.out = nn.Linear(c.hidden + c.enc + c.embed, c.vocab)

    def encode(self, features: Tensor, grid: int) -> tuple[Tensor, Tensor]:
        """features (B, N, 1280) of a g x g grid -> cells V (B, N, E), initial state h_0 (B, H)."""
        b, n, _ = features.shape
        if n != grid * grid:
            raise ValueError(f"{n} feature cells do not form a {grid} x {grid} grid")
        pos = cell_positions(grid, self.config.pos_freqs, features.device).expand(b, -1, -1)
        cells = torch.relu(self.project(torch.cat([features.float(), pos], dim=2)))
        return cells, torch.tanh(self.init_h(cells.mean(dim=1)))

    def cell_keys(self, cells: Tensor) -> Tensor:
        """W_h V_j + b of the additive score for every cell, (B, N, A): the same at every step, so computed once."""
        return self.score.W_h(cells)

    def attention_scores(self, h: Tensor, keys: Tensor) -> Tensor:
        """e_j = v^T tanh(W_s h + W_h V_j): AdditiveScore.forward with its cell half precomputed. -> (B, N)"""
        return self.score.v(torch.tanh(self.score.W_s(h).unsqueeze(1) + keys)).squeeze(2)

    def step(self, prev_ids: Tensor, h: Tensor, cells: Tensor, keys: Optional[Tensor] = None) -> CaptionStepOut:
        """prev_ids (B,), h (B, H), cells (B, N, E), keys (B, N, A) from cell_keys (optional) -> the next word's
        logits, attention, context and GRU gates."""
        scores = self.score(h, cells) if keys is None else self.attention_scores(h, keys)
        context, weights = attend(scores, cells)  # (B, E), (B, N)
        emb = self.drop(self.embed(prev_ids))  # (B, D)
        s = self.gru.step(torch.cat([emb, context], dim=1), h)
        logits = self.out(self.drop(torch.cat([s.h, context, emb], dim=1)))
        return CaptionStepOut(logits=logits, attention=weights, context=context, gru=s)

    def forward(self, features: Tensor, grid: int, captions: Tensor) -> tuple[Tensor, Tensor]:
        """Teacher forcing. captions (B, T) = <s> w1 .. wn </s> <pad>...; returns logits (B, T-1, V) for
        captions[:, 1:] and attention (B, T-1, N)."""
        cells, h = self.encode(features, grid)
        keys = self.cell_keys(cells)
        logits, alphas = [], []
        for t in range(captions.shape[1] - 1):
            out = self.step(captions[:, t], h, cells, keys)
            h = out.gru.h
            logits.append(out.logits)
            alphas.append(out.attention)
        return torch.stack(logits, dim=1), torch.stack(alphas, dim=1)
