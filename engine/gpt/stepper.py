"""Generate with the GPT one token at a time: greedy, or sampled with a temperature and a top-k cut, or forced.

Each step runs the model over the whole context (at most block_size tokens; a small model, so clarity over a
key/value cache). Because attention is causal, the rows of earlier positions never change when a token is added:
the attention matrix simply grows by one row and one column per step. Sampling draws its random number from a
generator seeded by (seed, position), so the same seed gives the same text, and back() then step() gives the same
token again.

A head mask (set_head_mask, or head_mask= at construction; engine.whatif.HeadMask or an (L, H) array, 1 = on,
0 = off) switches attention heads off for what comes next: the next peek and step run under it; steps already made
keep their traces, as with set_sampling.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Callable, Optional, Sequence

import numpy as np
import torch

from engine.attention import layer_head_masks
from engine.gpt.model import GPT
from engine.stepping import run_to_end
from engine.threads import single_thread


@dataclass(frozen=True)
class Sampling:
    """How the next token is chosen. temperature 0 = greedy (argmax); top_k 0 = no cut."""

    temperature: float = 0.0
    top_k: int = 0
    seed: int = 0

    def __post_init__(self):
        if not (0.0 <= self.temperature <= 10.0) or not np.isfinite(self.temperature):
            raise ValueError(f"temperature must be from 0 (greedy) to 10, got {self.temperature}")
        if self.top_k < 0:
            raise ValueError(f"top-k must be 0 (no cut) or more, got {self.top_k}")

    @property
    def greedy(self) -> bool:
        return self.temperature == 0.0


@dataclass(frozen=True)
class NextToken:
    """The model's view of what follows the context. T context tokens, L layers, H heads, k shown candidates."""

    position: int  # index the next token will have (= T)
    topk_ids: np.ndarray  # (k,) model ids, most probable first
    topk_tokens: tuple[str, ...]
    topk_probs: np.ndarray  # (k,) probabilities the choice is drawn from (temperature and top-k cut applied)
    model_probs: np.ndarray  # (k,) the model's own probabilities (temperature 1, no cut)
    attention: np.ndarray  # (L, H, T, T) causal self-attention over the context, zero above the diagonal


@dataclass(frozen=True)
class GPTStep:
    """One generated token and what the model looked at to choose it."""

    index: int  # position of the token in the sequence
    token_id: int
    token: str
    topk_ids: np.ndarray  # (k,)
    topk_tokens: tuple[str, ...]
    topk_probs: np.ndarray  # (k,) as in NextToken
    model_probs: np.ndarray  # (k,)
    attention: np.ndarray  # (L, H, index): the attention row of the last context token over the context
    log_prob: float  # log-probability of the token under the model (temperature 1)
    forced: bool  # chosen by hand


PEEKS_KEPT = 16  # contexts whose prediction a stepper keeps (at most 128 tokens: under 1 MB of attention each)


class GPTStepper:
    def __init__(self, model: GPT, prompt_ids: Sequence[int], id_to_token: Callable[[int], str],
                 sampling: Sampling = Sampling(), top_k: int = 10, banned_ids: Sequence[int] = (), head_mask=None):
        if not prompt_ids:
            raise ValueError("the prompt has no tokens")
        if len(prompt_ids) > model.config.block_size:
            raise ValueError(f"the prompt has {len(prompt_ids)} tokens, the model sees at most "
                             f"{model.config.block_size}")
        self.model, self.id_to_token, self.top_k = model.eval(), id_to_token, top_k
        self.prompt_ids = [int(i) for i in prompt_ids]
        # never chosen (e.g. [UNK], which stands for every piece outside the model's vocabulary, and [PAD])
        self.banned_ids = sorted({int(i) for i in banned_ids})
        self.sampling = sampling
        self._steps: list[GPTStep] = []
        self._next: Optional[NextToken] = None
        # the last few contexts' predictions (ids -> (NextToken, choice probs, model probs)): stepping back to a
        # context, or forward again, recomputes no forward; dropped when sampling or the head mask change
        self._peeked: OrderedDict[tuple, tuple] = OrderedDict()
        self.head_mask = None
        self.set_head_mask(head_mask)

    # -- state ---------------------------------------------------------------------------------------------------
    @property
    def steps(self) -> tuple[GPTStep, ...]:
        return tuple(self._steps)

    @property
    def ids(self) -> list[int]:
        return self.prompt_ids + [s.token_id for s in self._steps]

    @property
    def tokens(self) -> list[str]:
        return [self.id_to_token(i) for i in self.ids]

    @property
    def finished(self) -> bool:
        """The context fills the model's window."""
        return len(self.ids) >= self.model.config.block_size

    def set_sampling(self, sampling: Sampling) -> None:
        self.sampling = sampling
        self._next = None
        self._peeked.clear()

    def set_head_mask(self, head_mask) -> None:
        """Switch heads off for the next peek / step: an engine.whatif.HeadMask, an (L, H) or (H,) array (1 = on,
        0 = off), or None for every head on. A mask of the wrong shape raises ValueError and changes nothing."""
        layer_head_masks(head_mask, self.model.config.n_layer, self.model.config.n_head)  # checks the shape
        self.head_mask = head_mask
        self._next = None
        self._peeked.clear()

    def _distribution(self, logits: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(model probabilities, choice probabilities) over the vocabulary for last-position logits (V,)."""
        logits = logits.float().clone()
        if self.banned_ids:
            logits[self.banned_ids] = float("-inf")
        model_probs = torch.softmax(logits, dim=-1)
        s = self.sampling
        if s.greedy:
            return model_probs, model_probs
        scaled = logits / s.temperature
        if s.top_k and s.top_k < scaled.numel():
            cut = torch.topk(scaled, s.top_k).values[-1]
            scaled = scaled.masked_fill(scaled < cut, float("-inf"))
        return model_probs, torch.softmax(scaled, dim=-1)

    def peek(self) -> NextToken:
        """What the model predicts after the current context (computed once per context)."""
        if self._next is None:
            key = tuple(self.ids)
            if key in self._peeked:
                self._peeked.move_to_end(key)
                self._next, self._probs, self._model_probs = self._peeked[key]
                return self._next
            with torch.inference_mode(), single_thread():
                # the logits of the last position only: the other T-1 rows of (T, V) are most of a forward's time
                x, weights = self.model.hidden(torch.tensor([self.ids]), head_mask=self.head_mask)
                model_probs, probs = self._distribution(self.model.logits(x[0, -1]))
                top = torch.topk(probs, min(self.top_k, probs.numel()))
            self._model_probs = model_probs  # its log only for the token chosen: log over V was 0.6 ms a step
            self._probs = probs
            self._next = NextToken(
                position=len(self.ids), topk_ids=top.indices.numpy(),
                topk_tokens=tuple(self.id_to_token(int(i)) for i in top.indices), topk_probs=top.values.numpy(),
                model_probs=model_probs[top.indices].numpy(), attention=torch.stack(weights, dim=1)[0].numpy())
            self._peeked[key] = (self._next, self._probs, self._model_probs)
            if len(self._peeked) > PEEKS_KEPT:
                self._peeked.popitem(last=False)
        return self._next

    def _choose(self, position: int) -> int:
        if self.sampling.greedy:
            return int(torch.argmax(self._probs))
        u = np.random.default_rng([self.sampling.seed, position]).random()  # same seed + position, same draw
        cdf = torch.cumsum(self._probs.double(), dim=0)
        return int(min(torch.searchsorted(cdf, torch.tensor([u * float(cdf[-1])], dtype=torch.float64)).item(),
                       self._probs.numel() - 1))

    # -- moves ---------------------------------------------------------------------------------------------------
    def step(self) -> GPTStep:
        """Append the next token, chosen by the sampling settings, and return its trace."""
        return self._advance(None)

    def force(self, token_id: int) -> GPTStep:
        """Append ``token_id`` instead of the sampled token."""
        return self._advance(int(token_id))

    def _advance(self, force_id: Optional[int]) -> GPTStep:
        if self.finished:
            raise RuntimeError("the context fills the model's window; call back() or reset()")
        nxt = self.peek()
        vocab = self.model.config.vocab_size
        if force_id is not None and not 0 <= int(force_id) < vocab:
            raise ValueError(f"token id {force_id} is outside the vocabulary (0..{vocab - 1})")
        token_id = self._choose(nxt.position) if force_id is None else int(force_id)
        step = GPTStep(index=nxt.position, token_id=token_id, token=self.id_to_token(token_id),
                       topk_ids=nxt.topk_ids, topk_tokens=nxt.topk_tokens, topk_probs=nxt.topk_probs,
                       model_probs=nxt.model_probs, attention=nxt.attention[:, :, -1, :].copy(),
                       log_prob=float(torch.log(self._model_probs[token_id])), forced=force_id is not None)
        self._steps.append(step)
        self._next = None
        return step

    def back(self) -> Optional[GPTStep]:
        """Undo the last step; returns the removed step (None at the prompt)."""
        if not self._steps:
            return None
        self._next = None
        return self._steps.pop()

    def reset(self) -> None:
        self._steps.clear()
        self._next = None

    def run_to_end(self, limit: Optional[int] = None) -> tuple[GPTStep, ...]:
        """Step until the context fills the model's window (or ``limit`` more steps); returns the steps made."""
        return run_to_end(self, limit)


def with_seed(sampling: Sampling, seed: int) -> Sampling:
    return replace(sampling, seed=seed)
