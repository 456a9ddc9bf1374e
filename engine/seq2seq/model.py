"""GRU encoder-decoder, with or without attention (one code path for the four variants).

    encoder:   h^enc_j = GRU(E_src x_j, h^enc_{j-1})                          j = 1..S
    decoder:   h_t = GRU(E_tgt y_{t-1}, h_{t-1}),  h_0 = h^enc_S                 t = 1..T
    attention: e_tj = score(h_t, h^enc_j)  (dot | general | additive),  a_t = softmax(e_t) (0 on source padding)
               c_t = sum_j a_tj h^enc_j
    output:    o_t = tanh(W_c [c_t; h_t])      (plain, no attention: o_t = tanh(W_c h_t))
               p(y_t | ...) = softmax(W_o o_t)

Luong-style attention after the decoder GRU, no input feeding: the decoder GRU never sees c_t, so in training both
GRUs run fused (torch.nn.GRU over whole sequences) and attention for all target steps is one batched matmul.
At inference the same weights load into ``engine.gru.GRULayer`` (parameter names weight_ih_l0 ... are identical),
so every step exposes its gates. ``plain`` is the bottleneck model: its only link to the source is h^enc_S.

Shapes: B batch, S source length, T target length, E embedding size, H hidden size, V vocabulary.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from engine.attention import AdditiveScore, DotScore, GeneralScore, attend, make_score, masked_softmax
from engine.gru import GRULayer

ATTENTIONS = ("plain", "dot", "general", "additive")


@dataclass
class Seq2SeqConfig:
    src_vocab: int = 8000
    tgt_vocab: int = 8000
    emb: int = 256
    hidden: int = 512
    attention: str = "additive"  # plain | dot | general | additive
    dropout: float = 0.2
    tie_embeddings: bool = True  # W_o shares the target embedding matrix (o_t has size E)
    max_src_len: int = 60
    max_tgt_len: int = 60
    pad_id: int = 0
    unk_id: int = 1
    bos_id: int = 2
    eos_id: int = 3

    def __post_init__(self):
        if self.attention not in ATTENTIONS:
            raise ValueError(f"unknown attention {self.attention!r}; choose one of {ATTENTIONS}")
        for name in ("src_vocab", "tgt_vocab", "emb", "hidden", "max_src_len", "max_tgt_len"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be positive")

    def to_dict(self) -> dict:
        return asdict(self)


class Seq2Seq(nn.Module):
    def __init__(self, config: Seq2SeqConfig):
        super().__init__()
        c = self.config = config
        self.src_embed = nn.Embedding(c.src_vocab, c.emb, padding_idx=c.pad_id)
        self.tgt_embed = nn.Embedding(c.tgt_vocab, c.emb, padding_idx=c.pad_id)
        self.encoder = nn.GRU(c.emb, c.hidden, batch_first=True)
        self.decoder = nn.GRU(c.emb, c.hidden, batch_first=True)
        self.score = None if c.attention == "plain" else make_score(c.attention, c.hidden, c.hidden)
        self.W_c = nn.Linear(c.hidden if c.attention == "plain" else 2 * c.hidden, c.emb)
        self.W_o = nn.Linear(c.emb, c.tgt_vocab, bias=True)
        if c.tie_embeddings:
            self.W_o.weight = self.tgt_embed.weight
        self.drop = nn.Dropout(c.dropout)
        with torch.no_grad():  # small embeddings: the tied output layer starts with logits near 0
            for emb in (self.src_embed, self.tgt_embed):
                nn.init.normal_(emb.weight, std=c.emb ** -0.5)
                emb.weight[c.pad_id].zero_()

    # ---- training path: fused GRUs, all steps at once -------------------------------------------------------
    def encode(self, src: Tensor, src_len: Tensor) -> tuple[Tensor, Tensor]:
        """src (B, S) right-padded, src_len (B,) -> outputs (B, S, H) (0 on padding), final state (B, H)."""
        x = self.drop(self.src_embed(src))  # (B, S, E)
        packed = nn.utils.rnn.pack_padded_sequence(x, src_len.cpu(), batch_first=True, enforce_sorted=False)
        out, h = self.encoder(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])
        return out, h[0]  # (B, S, H), (B, H)

    def scores_all(self, dec: Tensor, enc: Tensor) -> Tensor:
        """e for all target steps at once, with the score module's own weights: dec (B, T, H), enc (B, S, H) -> (B, T, S)."""
        s = self.score
        if isinstance(s, DotScore):
            return dec @ enc.transpose(1, 2)
        if isinstance(s, GeneralScore):
            return dec @ s.W(enc).transpose(1, 2)
        if isinstance(s, AdditiveScore):
            # v^T tanh(W_s h_t + W_h h_j): (B, T, 1, A) + (B, 1, S, A) -> (B, T, S, A) -> (B, T, S)
            return s.v(torch.tanh(s.W_s(dec).unsqueeze(2) + s.W_h(enc).unsqueeze(1))).squeeze(-1)
        raise TypeError(f"no batched form for {type(s).__name__}")

    def readout(self, h: Tensor, context: Optional[Tensor]) -> Tensor:
        """o = tanh(W_c [c; h]) (or tanh(W_c h) for plain), logits = W_o o. h (..., H), context (..., H) -> (..., V)."""
        x = h if context is None else torch.cat([context, h], dim=-1)
        return self.W_o(self.drop(torch.tanh(self.W_c(x))))

    def forward(self, src: Tensor, src_len: Tensor, tgt_in: Tensor, return_attention: bool = False):
        """Teacher-forced logits. src (B, S), src_len (B,), tgt_in (B, T) starting with <s> -> logits (B, T, V)."""
        enc, h_enc = self.encode(src, src_len)  # (B, S, H), (B, H)
        y = self.drop(self.tgt_embed(tgt_in))  # (B, T, E)
        dec, _ = self.decoder(y, h_enc.unsqueeze(0).contiguous())  # (B, T, H)
        if self.score is None:
            logits = self.readout(dec, None)
            return (logits, None) if return_attention else logits
        allowed = (src != self.config.pad_id).unsqueeze(1)  # (B, 1, S): True = real source token
        weights = masked_softmax(self.scores_all(dec, enc), allowed)  # (B, T, S)
        context = weights @ enc  # (B, T, H)
        logits = self.readout(dec, context)
        return (logits, weights) if return_attention else logits

    # ---- stepping with torch.nn.GRU (fast batched greedy for evaluation) -----------------------------------
    @torch.inference_mode()
    def greedy_batch(self, src: Tensor, src_len: Tensor, max_len: Optional[int] = None) -> list[list[int]]:
        """Greedy decoding of a batch; returns token ids per sentence without <s> and </s>."""
        c = self.config
        max_len = max_len or c.max_tgt_len
        enc, h = self.encode(src, src_len)
        pad = src == c.pad_id  # (B, S)
        b = src.shape[0]
        prev = torch.full((b, 1), c.bos_id, dtype=torch.long, device=src.device)
        h = h.unsqueeze(0).contiguous()
        pre = self.score.W(enc) if isinstance(self.score, GeneralScore) else None
        out_ids, done = [], torch.zeros(b, dtype=torch.bool, device=src.device)
        for _ in range(max_len):
            dec, h = self.decoder(self.tgt_embed(prev), h)  # (B, 1, H)
            if self.score is None:
                logits = self.readout(dec[:, 0], None)
            else:
                e = (dec @ pre.transpose(1, 2)) if pre is not None else self.scores_all(dec, enc)  # (B, 1, S)
                w = masked_softmax(e, ~pad.unsqueeze(1))
                logits = self.readout(dec[:, 0], (w @ enc)[:, 0])
            nxt = logits.argmax(-1)  # (B,)
            out_ids.append(nxt)
            done = done | (nxt == c.eos_id)
            prev = nxt.unsqueeze(1)
            if bool(done.all()):
                break
        ids = torch.stack(out_ids, 1).tolist()
        result = []
        for row in ids:
            row = row[: row.index(c.eos_id)] if c.eos_id in row else row
            result.append(row)
        return result


class InferenceSeq2Seq:
    """The trained weights seen through engine.gru.GRULayer: one step at a time, every gate kept.

    Shares the embedding, score and readout modules with ``model``; only the GRUs are copied (identical names).
    """

    def __init__(self, model: Seq2Seq):
        self.model = model.eval()
        c = model.config
        self.config = c
        self.encoder = GRULayer(c.emb, c.hidden).load_from_torch(model.encoder).eval()
        self.decoder = GRULayer(c.emb, c.hidden).load_from_torch(model.decoder).eval()

    def encode(self, src_ids: Tensor):
        """src_ids (1, S) -> engine.gru.GRUTrace: outputs, r, z, n (1, S, H), h_last (1, H)."""
        return self.encoder(self.model.src_embed(src_ids))

    def decode_step(self, prev_id: Tensor, h: Tensor, enc: Tensor, key_padding_mask: Optional[Tensor] = None,
                    attention: Optional[Tensor] = None):
        """One decoder step. prev_id (B,), h (B, H), enc (B, S, H).

        ``attention`` (B, S): weights to use instead of the model's softmax(score) (a what-if: "had it looked
        here"); the context is then sum_j a_j h^enc_j with these weights and the readout follows from it. The GRU
        state does not depend on it (Luong attention comes after the decoder GRU). Not for the plain model.

        Returns (GRUStep with r, z, n, h (B, H), logits (B, V), weights (B, S) or None, context (B, H) or None).
        """
        step = self.decoder.step(self.model.tgt_embed(prev_id), h)
        if self.model.score is None:
            if attention is not None:
                raise ValueError("the plain model has no attention to override")
            return step, self.model.readout(step.h, None), None, None
        if attention is None:
            e = self.model.score(step.h, enc)  # (B, S)
            context, weights = attend(e, enc, key_padding_mask)
        else:
            weights = attention.to(enc.dtype)
            context = torch.bmm(weights.unsqueeze(1), enc).squeeze(1)  # the same sum as attend()
        return step, self.model.readout(step.h, context), weights, context


def label_smoothed_loss(logits: Tensor, target: Tensor, pad_id: int, smoothing: float = 0.1) -> Tensor:
    """Mean cross-entropy over non-padding target tokens. logits (B, T, V), target (B, T)."""
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1), ignore_index=pad_id,
                           label_smoothing=smoothing)
