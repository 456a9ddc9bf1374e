"""Step the Transformer decoder one token at a time, with a key/value cache; greedy, forced, or beam.

The stepper encodes once, then each step() feeds one token through the decoder (its keys and values appended to
the cache) and keeps the StepTrace it made, so back() is a pop plus a cache truncation, never a recomputation.

A head mask (set_head_mask, or head_mask= at construction: engine.whatif.HeadMask or a mapping with any of 'enc',
'dec', 'cross', each (L, H), 1 = on, 0 = off) switches heads off. Changing it re-encodes the source and replays
the steps made (the same tokens, forced flags kept), so the cache, the source's attention and every step's trace
are the model's under the new mask, and the next step continues from them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
import torch

from engine.stepping import run_to_end
from engine.threads import single_thread
from engine.transformer.model import LayerCache, Transformer


@dataclass(frozen=True)
class EncodedSource:
    """The source side of one sentence. L layers, H heads, S source tokens."""

    tokens: tuple[str, ...]
    ids: tuple[int, ...]
    truncated: bool
    self_attention: np.ndarray  # (L, H, S, S)


@dataclass(frozen=True)
class StepTrace:
    """One decoder step: the token emitted at target position `index` and what the decoder looked at."""

    index: int
    token_id: int
    token: str
    topk_ids: np.ndarray  # (k,)
    topk_tokens: tuple[str, ...]
    topk_probs: np.ndarray  # (k,) softmax probabilities, descending
    self_attention: np.ndarray  # (L, H, index + 1): masked self-attention row over <s> + emitted tokens
    cross_attention: np.ndarray  # (L, H, S): attention row over the source tokens
    log_prob: float  # cumulative log-probability of the sequence so far
    forced: bool  # chosen by hand rather than by argmax
    finished: bool  # the token is </s>


class TransformerStepper:
    def __init__(self, model: Transformer, src_ids: Sequence[int], src_tokens: Sequence[str],
                 id_to_token, bos_id: int, eos_id: int, max_len: int = 80, top_k: int = 10,
                 truncated: bool = False, head_mask=None):
        self.model, self.id_to_token = model.eval(), id_to_token
        # the decoder has positions for config.max_len tokens, no more
        self.bos_id, self.eos_id, self.top_k = bos_id, eos_id, top_k
        self.max_len = min(max_len, model.config.max_len)
        self._src = torch.tensor([list(src_ids)], dtype=torch.long)
        self._src_pad = self._src == model.config.pad_id
        self._src_tokens, self._truncated = tuple(src_tokens), truncated
        self._steps: list[StepTrace] = []
        self.head_mask = None
        self.set_head_mask(head_mask)

    def _encode(self) -> None:
        with torch.inference_mode():
            enc = self.model.encode(self._src, self._src_pad, head_mask=self.head_mask)
            self._memory_kv = self.model.memory_kv(enc.output)
        self.source = EncodedSource(self._src_tokens, tuple(int(i) for i in self._src[0]), self._truncated,
                                    torch.stack(enc.self_attention)[:, 0].numpy())
        self._caches = [LayerCache() for _ in self.model.decoder_layers]

    def set_head_mask(self, head_mask) -> None:
        """Switch heads off (None: every head on); re-encodes and replays the steps made under the new mask.
        A mask of the wrong shape or kind raises ValueError and changes nothing."""
        for kind in ("enc", "dec", "cross"):
            self.model.head_masks(head_mask, kind)  # checks kinds and shapes before anything changes
        self.head_mask = head_mask
        made, self._steps = self._steps, []
        self._encode()
        for old in made:
            self._advance(old.token_id, forced=old.forced)

    # -- state ---------------------------------------------------------------------------------------------------
    @property
    def steps(self) -> tuple[StepTrace, ...]:
        return tuple(self._steps)

    @property
    def finished(self) -> bool:
        return bool(self._steps) and (self._steps[-1].finished or len(self._steps) >= self.max_len)

    @property
    def target_tokens(self) -> list[str]:
        return [s.token for s in self.steps]

    def cross_attention_matrix(self, layer: int = -1, head: Optional[int] = None) -> np.ndarray:
        """(T, S) cross-attention of one layer, one head or the mean over heads."""
        if not self.steps:
            return np.zeros((0, len(self.source.ids)), dtype=np.float32)
        rows = np.stack([s.cross_attention[layer] for s in self._steps])  # (T, H, S)
        return rows.mean(1) if head is None else rows[:, head]

    # -- moves ---------------------------------------------------------------------------------------------------
    def step(self) -> StepTrace:
        """Emit the most probable next token (greedy) and return its trace."""
        return self._advance(None)

    def force(self, token_id: int) -> StepTrace:
        """Emit ``token_id`` instead of the argmax; the next step is fed this token."""
        return self._advance(int(token_id))

    def _advance(self, force_id: Optional[int], forced: Optional[bool] = None) -> StepTrace:
        if self.finished:
            raise RuntimeError("decoding has finished; call back() or reset()")
        position = len(self._steps)
        prev = self.bos_id if position == 0 else self._steps[-1].token_id
        with torch.inference_mode(), single_thread():  # one token against a cache: tiny matmuls
            logits, selfs, crosses = self.model.decode_step(
                torch.tensor([prev]), position, self._caches, self._memory_kv, self._src_pad, self.head_mask)
            log_probs = torch.log_softmax(logits[0].float(), dim=-1)
            top = torch.topk(log_probs, min(self.top_k, log_probs.numel()))
        token_id = int(top.indices[0]) if force_id is None else int(force_id)
        prev_lp = self._steps[-1].log_prob if self._steps else 0.0
        trace = StepTrace(
            index=position, token_id=token_id, token=self.id_to_token(token_id),
            topk_ids=top.indices.numpy(), topk_tokens=tuple(self.id_to_token(int(i)) for i in top.indices),
            topk_probs=top.values.exp().numpy(),
            self_attention=torch.stack(selfs)[:, 0].numpy(), cross_attention=torch.stack(crosses)[:, 0].numpy(),
            log_prob=prev_lp + float(log_probs[token_id]),
            forced=(force_id is not None) if forced is None else forced,
            finished=token_id == self.eos_id)
        self._steps.append(trace)
        return trace

    def back(self) -> Optional[StepTrace]:
        """Undo the last step; returns the removed step (None at the start)."""
        if not self._steps:
            return None
        removed = self._steps.pop()
        for cache in self._caches:
            cache.truncate(len(self._steps))
        return removed

    def reset(self) -> None:
        self._steps.clear()
        self._caches = [LayerCache() for _ in self.model.decoder_layers]  # the encoding stays

    def run_to_end(self, limit: Optional[int] = None) -> tuple[StepTrace, ...]:
        """Step greedily until </s> or max_len (or ``limit`` more steps); returns the steps made."""
        return run_to_end(self, limit)


@dataclass(frozen=True)
class BeamNode:
    parent: int  # index of the parent node in BeamResult.nodes, -1 for the root
    token_id: int
    token: str
    score: float  # cumulative log-probability
    step: int


@dataclass(frozen=True)
class BeamResult:
    nodes: tuple[BeamNode, ...]  # every hypothesis kept at some step (the tree)
    best_path: tuple[int, ...]  # node indices from the first token to the last of the best hypothesis
    best_ids: tuple[int, ...]


def beam_search(model: Transformer, src_ids: Sequence[int], id_to_token, bos_id: int, eos_id: int,
                width: int = 4, max_len: int = 80, length_penalty: float = 1.0, head_mask=None) -> BeamResult:
    """Beam search over full-prefix decoding (sentences are short; clarity over speed). Width 1 is greedy.
    head_mask: as TransformerStepper's."""
    if not 1 <= width <= 10:
        raise ValueError(f"beam width must be from 1 to 10, got {width}")
    model.eval()
    max_len = min(max_len, model.config.max_len - 1)  # the prefix includes <s>
    nodes: list[BeamNode] = [BeamNode(-1, bos_id, id_to_token(bos_id), 0.0, -1)]
    beams = [0]  # node indices of live hypotheses
    done: list[int] = []
    with torch.inference_mode():
        src = torch.tensor([list(src_ids)])
        src_pad = src == model.config.pad_id
        memory = model.encode(src, src_pad, head_mask=head_mask).output
        for step in range(max_len):
            prefixes = [_path_ids(nodes, b) for b in beams]
            tgt = torch.tensor(prefixes)
            logits = model.decode(tgt, memory.expand(len(beams), -1, -1), src_pad.expand(len(beams), -1),
                                  head_mask=head_mask).logits
            log_probs = torch.log_softmax(logits[:, -1].float(), dim=-1)  # (beams, V)
            totals = log_probs + torch.tensor([nodes[b].score for b in beams])[:, None]
            flat = torch.topk(totals.flatten(), min(width, totals.numel()))
            vocab = log_probs.shape[1]
            live, beams = beams, []
            for value, index in zip(flat.values.tolist(), flat.indices.tolist()):
                token_id = index % vocab
                nodes.append(BeamNode(live[index // vocab], token_id, id_to_token(token_id), value, step))
                (done if token_id == eos_id else beams).append(len(nodes) - 1)
            if len(done) >= width or not beams:
                break
    candidates = done or beams
    best = max(candidates, key=lambda n: nodes[n].score / max(1, nodes[n].step + 1) ** length_penalty)
    path = []
    n = best
    while n > 0:
        path.append(n)
        n = nodes[n].parent
    path.reverse()
    return BeamResult(tuple(nodes), tuple(path), tuple(nodes[i].token_id for i in path))


def _path_ids(nodes: list[BeamNode], node: int) -> list[int]:
    ids = []
    while node >= 0:
        ids.append(nodes[node].token_id)
        node = nodes[node].parent
    return ids[::-1]
