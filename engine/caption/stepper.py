"""Caption a picture one word at a time, keeping each word's attention grid and GRU gates.

    feats = image_features(bundle, rgb, grid=7)   # CNN once: ImageFeatures (g*g, 1280)
    stepper = CaptionStepper(bundle, feats)
    s = stepper.step()       # CaptionStep: word, top-k, attention (g, g), gates r z n h
    stepper.back()           # a pop; the next step() replays it
    stepper.reset()
    beam_caption(bundle, feats, width=3)

Everything runs under torch.inference_mode() on one thread (a step is a few small matmuls).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np
import torch

from engine.caption.cnn import side_for_grid
from engine.caption.load import CaptionBundle
from engine.seq2seq.stepper import DecodingFinishedError  # noqa: F401  (re-exported)
from engine.stepping import run_to_end
from engine.threads import single_thread


@dataclass(frozen=True)
class ImageFeatures:
    grid: int  # g: 7 or 14
    side: int  # pixels the CNN saw (224 or 448)
    features: np.ndarray  # (g*g, 1280) float32, row-major cells (row 0 = top)
    imagenet_top: tuple[int, ...]  # (5,) ImageNet class indices the CNN's own classifier ranks first
    imagenet_probs: np.ndarray  # (5,) their probabilities


@dataclass(frozen=True)
class CaptionStep:
    """One decoder step t (0-based). g grid side, K top-k, H hidden units."""

    index: int
    token_id: int
    word: str
    top_ids: np.ndarray  # (K,) int64, most probable first
    top_words: tuple[str, ...]  # (K,)
    top_probs: np.ndarray  # (K,) float32
    word_prob: float  # probability of the emitted word
    attention: np.ndarray  # (g, g) float32, sums to 1: where the decoder looked for this word
    r: np.ndarray  # (H,) reset gate
    z: np.ndarray  # (H,) update gate
    n: np.ndarray  # (H,) candidate state
    h: np.ndarray  # (H,) new state
    h_prev: np.ndarray  # (H,)
    input_id: int  # word fed in (<s> at t = 0)
    log_prob: float  # cumulative, this word included
    finished: bool  # </s> or max_len
    forced: bool = False  # chosen by hand (force), not the argmax


@dataclass(frozen=True)
class CaptionBeam:
    width: int
    token_ids: tuple[int, ...]  # </s> excluded
    words: tuple[str, ...]
    attention: np.ndarray  # (T, g, g) per emitted word (</s> excluded)
    score: float  # cumulative log-probability
    normalized_score: float  # score / length (</s> counted), what hypotheses were ranked by
    hypotheses: int  # number of extensions considered


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().to(torch.float32).cpu().numpy().copy()


@torch.inference_mode()
def image_features(bundle: CaptionBundle, rgb: np.ndarray, grid: int = 7) -> ImageFeatures:
    """(H, W, 3) uint8 -> the CNN's feature grid at 7 x 7 (224 px) or 14 x 14 (448 px), plus its ImageNet guess."""
    from engine.caption.cnn import preprocess

    side = side_for_grid(grid)
    with single_thread():
        out = bundle.cnn(preprocess(rgb, side), classify=True)
    probs = torch.softmax(out.logits[0], dim=0)
    top_p, top_i = probs.topk(5)
    feats = out.grid[0].flatten(1).t()  # (g*g, 1280)
    return ImageFeatures(grid=int(grid), side=side, features=_np(feats), imagenet_top=tuple(top_i.tolist()),
                         imagenet_probs=_np(top_p))


class CaptionStepper:
    def __init__(self, bundle: CaptionBundle, features: ImageFeatures, max_len: Optional[int] = None, top_k: int = 5):
        self.bundle = bundle
        self.config = bundle.config
        self.grid = features.grid
        self.max_len = int(max_len or self.config.max_len)
        if self.max_len < 1:
            raise ValueError("max_len must be at least 1")
        self.top_k = max(1, min(int(top_k), self.config.vocab))
        with torch.inference_mode(), single_thread():
            f = torch.from_numpy(np.ascontiguousarray(features.features, dtype=np.float32)).unsqueeze(0)
            self._cells, self._h0 = bundle.decoder.encode(f, self.grid)  # (1, N, E), (1, H)
            self._keys = bundle.decoder.cell_keys(self._cells)  # (1, N, A)
        self._steps: list[CaptionStep] = []
        self._h: list[torch.Tensor] = []
        self._redo: list[tuple[CaptionStep, torch.Tensor]] = []

    @property
    def steps(self) -> tuple[CaptionStep, ...]:
        return tuple(self._steps)

    @property
    def finished(self) -> bool:
        return bool(self._steps) and self._steps[-1].finished

    @property
    def words(self) -> tuple[str, ...]:
        """Words so far, </s> excluded."""
        return tuple(s.word for s in self._steps if s.token_id != self.config.eos_id)

    @property
    def caption(self) -> str:
        return " ".join(self.words)

    def attention_grids(self) -> np.ndarray:
        """(T, g, g) attention of the steps so far."""
        if not self._steps:
            return np.zeros((0, self.grid, self.grid), dtype=np.float32)
        return np.stack([s.attention for s in self._steps])

    def step(self) -> CaptionStep:
        """Emit the most probable next word (greedy); replays a step undone by back()."""
        if self._redo and not self._redo[-1][0].forced:
            return self._replay()
        self._redo.clear()
        return self._advance(None)

    def force(self, token_id: int) -> CaptionStep:
        """Emit the word ``token_id`` instead of the argmax; the next step is fed this word."""
        token_id = int(token_id)
        if not 0 <= token_id < self.config.vocab:
            raise ValueError(f"word id {token_id} is outside the vocabulary (0..{self.config.vocab - 1})")
        if self._redo and self._redo[-1][0].token_id == token_id and self._redo[-1][0].forced:
            return self._replay()
        self._redo.clear()
        return self._advance(token_id)

    def _replay(self) -> CaptionStep:
        if self.finished:
            raise DecodingFinishedError("the caption has ended; use back() or reset()")
        step, h = self._redo.pop()
        self._steps.append(step)
        self._h.append(h)
        return step

    def back(self) -> Optional[CaptionStep]:
        if not self._steps:
            return None
        step, h = self._steps.pop(), self._h.pop()
        self._redo.append((step, h))
        return step

    def reset(self) -> None:
        self._steps.clear()
        self._h.clear()
        self._redo.clear()

    def run_to_end(self, limit: Optional[int] = None) -> tuple[CaptionStep, ...]:
        """Step greedily until </s> or max_len (or ``limit`` more steps); returns the steps made."""
        return run_to_end(self, limit)

    @torch.inference_mode()
    @single_thread()
    def _advance(self, forced: Optional[int]) -> CaptionStep:
        if self.finished:
            raise DecodingFinishedError("the caption has ended; use back() or reset()")
        c = self.config
        t = len(self._steps)
        prev = c.bos_id if t == 0 else self._steps[-1].token_id
        h_prev = self._h0 if t == 0 else self._h[-1]
        out = self.bundle.decoder.step(torch.tensor([prev]), h_prev, self._cells, self._keys)
        log_probs = torch.log_softmax(out.logits[0], dim=-1)
        top_lp, top_ids = log_probs.topk(self.top_k)
        token = int(top_ids[0]) if forced is None else forced
        lp = float(log_probs[token])
        step = CaptionStep(
            index=t, token_id=token, word=self.bundle.word(token), top_ids=top_ids.numpy().astype(np.int64),
            top_words=tuple(self.bundle.word(i) for i in top_ids), top_probs=top_lp.exp().numpy().astype(np.float32),
            word_prob=math.exp(lp), attention=_np(out.attention[0]).reshape(self.grid, self.grid),
            r=_np(out.gru.r[0]), z=_np(out.gru.z[0]), n=_np(out.gru.n[0]), h=_np(out.gru.h[0]),
            h_prev=_np(h_prev[0]), input_id=prev, log_prob=(self._steps[-1].log_prob if t else 0.0) + lp,
            finished=token == c.eos_id or t + 1 >= self.max_len, forced=forced is not None)
        self._steps.append(step)
        self._h.append(out.gru.h.clone())
        return step


@torch.inference_mode()
@single_thread()
def beam_caption(bundle: CaptionBundle, features: ImageFeatures, width: int = 3,
                 max_len: Optional[int] = None) -> CaptionBeam:
    """Beam search; hypotheses ranked by log-probability / length. Width 1 is greedy decoding."""
    width = int(width)
    if not 1 <= width <= 10:
        raise ValueError(f"beam width must be 1..10, got {width}")
    c = bundle.config
    g = features.grid
    max_len = int(max_len or c.max_len)
    f = torch.from_numpy(np.ascontiguousarray(features.features, dtype=np.float32)).unsqueeze(0)
    cells, h = bundle.decoder.encode(f, g)
    keys = bundle.decoder.cell_keys(cells)
    # a hypothesis: (ids, attention rows, score)
    live = [((), (), 0.0)]
    finished: list[tuple[tuple, tuple, float]] = []
    considered = 0
    for t in range(max_len):
        prev = torch.tensor([hyp[0][-1] if hyp[0] else c.bos_id for hyp in live])
        out = bundle.decoder.step(prev, h, cells.expand(len(live), -1, -1), keys.expand(len(live), -1, -1))
        scores = torch.log_softmax(out.logits, dim=-1) + torch.tensor([hyp[2] for hyp in live]).unsqueeze(1)
        top, flat = scores.reshape(-1).topk(min(width, scores.numel()))
        considered += len(flat)
        new_live, rows = [], []
        for sc, fi in zip(top.tolist(), flat.tolist()):
            src, tok = divmod(fi, c.vocab)
            ids, atts, _ = live[src]
            hyp = (ids + (tok,), atts + (_np(out.attention[src]).reshape(g, g),), sc)
            if tok == c.eos_id or t + 1 >= max_len:
                finished.append(hyp)
            else:
                new_live.append(hyp)
                rows.append(src)
        if not new_live:
            break
        live, h = new_live, out.gru.h[torch.tensor(rows)]
    best = max(finished or live, key=lambda hyp: hyp[2] / max(1, len(hyp[0])))
    keep = [i for i, tok in enumerate(best[0]) if tok != c.eos_id]
    ids = tuple(best[0][i] for i in keep)
    attention = np.stack([best[1][i] for i in keep]) if keep else np.zeros((0, g, g), dtype=np.float32)
    return CaptionBeam(width=width, token_ids=ids, words=tuple(bundle.word(i) for i in ids), attention=attention,
                       score=best[2], normalized_score=best[2] / max(1, len(best[0])), hypotheses=considered)
