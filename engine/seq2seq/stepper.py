"""Step through a translation one decoder step at a time, keeping every gate and attention row.

    stepper = Seq2SeqStepper(bundle, "We are eating bread.")
    s = stepper.step()          # DecoderStep: token, top-k, attention row, gates r z n h
    stepper.back()              # a pop: the popped trace is kept and replayed by the next step()
    stepper.force(token_id)     # emit this token instead of the argmax; decoding continues from it
    stepper.peek_with_attention(w)   # the next step had the attention been w (S weights, sum 1); nothing kept
    stepper.step_with_attention(w)   # take that step (marked overridden); Back undoes it as any other
    beam_search(bundle, "We are eating bread.", width=4)   # BeamResult with the whole hypothesis tree

The encoder runs once, through engine.gru.GRULayer (gates kept); each step is one GRULayer cell, one score, one
softmax over the vocabulary. Everything runs under torch.inference_mode().
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np
import torch

from engine.seq2seq.load import EmptyInputError, Seq2SeqBundle  # noqa: F401  (re-exported for callers)
from engine.stepping import run_to_end
from engine.threads import single_thread
from engine.seq2seq.trace import BeamNode, BeamResult, DecoderStep, EncoderTrace


class DecodingFinishedError(RuntimeError):
    """step() or force() after the sentence has ended (</s> emitted or max_len reached)."""


class NoAttentionError(ValueError):
    """An attention override asked of the plain model, which has no attention."""


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().to(torch.float32).cpu().numpy().copy()


def encode_sentence(bundle: Seq2SeqBundle, sentence: str):
    """-> (EncoderTrace, encoder outputs (1, S, H) tensor, final state (1, H) tensor)."""
    ids, tokens, truncated, original = bundle.encode_source(sentence)
    with torch.inference_mode(), single_thread():
        tr = bundle.inference.encode(torch.tensor([ids], dtype=torch.long))
    trace = EncoderTrace(tokens=tuple(tokens), ids=np.asarray(ids, dtype=np.int64), outputs=_np(tr.outputs[0]),
                         r=_np(tr.r[0]), z=_np(tr.z[0]), n=_np(tr.n[0]), truncated=truncated,
                         original_length=original)
    return trace, tr.outputs, tr.h_last


class Seq2SeqStepper:
    def __init__(self, bundle: Seq2SeqBundle, sentence: str, max_len: Optional[int] = None, top_k: int = 5):
        self.bundle = bundle
        self.config = bundle.config
        self.max_len = int(max_len or self.config.max_tgt_len)
        if self.max_len < 1:
            raise ValueError("max_len must be at least 1")
        self.top_k = max(1, min(int(top_k), self.config.tgt_vocab))
        self.encoder, self._enc, self._h0 = encode_sentence(bundle, sentence)
        self._steps: list[DecoderStep] = []
        self._h: list[torch.Tensor] = []  # decoder state after each kept step, (1, H)
        self._redo: list[tuple[DecoderStep, torch.Tensor]] = []  # popped by back(), replayed by step()

    # ---- state ---------------------------------------------------------------------------------------------
    @property
    def steps(self) -> tuple[DecoderStep, ...]:
        return tuple(self._steps)

    @property
    def finished(self) -> bool:
        return bool(self._steps) and self._steps[-1].finished

    @property
    def truncated(self) -> bool:
        return self.encoder.truncated

    @property
    def source_tokens(self) -> tuple[str, ...]:
        return self.encoder.tokens

    @property
    def target_tokens(self) -> tuple[str, ...]:
        """Tokens emitted so far, </s> excluded."""
        return tuple(s.token for s in self._steps if s.token_id != self.config.eos_id)

    @property
    def target_ids(self) -> tuple[int, ...]:
        return tuple(s.token_id for s in self._steps if s.token_id != self.config.eos_id)

    @property
    def translation(self) -> str:
        return self.bundle.detokenize(self.target_ids)

    def attention_matrix(self) -> Optional[np.ndarray]:
        """(T, S) attention rows of the steps so far; None for the plain (no-attention) model."""
        if self.config.attention == "plain":
            return None
        if not self._steps:
            return np.zeros((0, len(self.encoder.tokens)), dtype=np.float32)
        return np.stack([s.attention for s in self._steps])

    # ---- moves ---------------------------------------------------------------------------------------------
    @property
    def has_attention(self) -> bool:
        """False for the plain model: nothing to override."""
        return self.config.attention != "plain"

    def step(self) -> DecoderStep:
        """Emit the most probable next token (greedy)."""
        if self._redo and not self._redo[-1][0].forced and not self._redo[-1][0].overridden:
            return self._replay()
        self._redo.clear()
        return self._advance(None)

    def force(self, token_id: int) -> DecoderStep:
        """Teacher forcing by hand: emit ``token_id`` instead of the argmax; the next step is fed this token."""
        token_id = int(token_id)
        if not 0 <= token_id < self.config.tgt_vocab:
            raise ValueError(f"token id {token_id} is outside the target vocabulary (0..{self.config.tgt_vocab - 1})")
        if self._redo and self._redo[-1][0].token_id == token_id and self._redo[-1][0].forced:
            return self._replay()
        self._redo.clear()
        return self._advance(token_id)

    def peek(self, top_k: Optional[int] = None) -> DecoderStep:
        """The step the decoder would take next with its own attention; nothing is kept. ``top_k`` candidates
        (default the stepper's; the vocabulary size gives the whole distribution, sorted)."""
        return self._compute(None, None, top_k)[0]

    @torch.inference_mode()
    @single_thread()  # one thread, as for every step: the exp of V numbers is not worth waking a pool
    def peek_distribution(self, weights=None, top_k: Optional[int] = None) -> tuple[DecoderStep, np.ndarray]:
        """The next step as ``peek()`` (``weights`` None) or ``peek_with_attention(weights)``, and its whole
        next-token distribution (V,) float32: every token's probability without naming all V tokens."""
        attention = None if weights is None else self._attention_tensor(weights)
        step, _, log_probs = self._compute(None, attention, top_k)
        return step, _np(log_probs.exp())

    def peek_with_attention(self, weights, top_k: Optional[int] = None) -> DecoderStep:
        """The step the decoder would take next had its attention been ``weights`` (S non-negative numbers summing to
        1; one-hot on j: c = h^enc_j): the model's own decoder step with the context read from these weights. The
        GRU state h_t is the same (attention comes after the GRU); the logits, the token and its probability follow
        from the new context. Nothing is kept. ValueError for bad weights, NoAttentionError for the plain model."""
        return self._compute(None, self._attention_tensor(weights), top_k)[0]

    def step_with_attention(self, weights) -> DecoderStep:
        """Take the step of ``peek_with_attention(weights)`` (greedy token of the overridden distribution); the step
        is marked ``overridden`` and its attention row is ``weights``. Decoding continues from its token."""
        attention = self._attention_tensor(weights)
        self._redo.clear()
        return self._advance(None, attention)

    def back(self) -> Optional[DecoderStep]:
        """Undo the last step (a pop, nothing recomputed). Returns the removed step, or None at the start."""
        if not self._steps:
            return None
        step, h = self._steps.pop(), self._h.pop()
        self._redo.append((step, h))
        return step

    def reset(self) -> None:
        """Back to the first step; the encoder trace is kept."""
        self._steps.clear()
        self._h.clear()
        self._redo.clear()

    def run_to_end(self, limit: Optional[int] = None) -> tuple[DecoderStep, ...]:
        """Step greedily until </s> or max_len (or ``limit`` more steps); returns the steps made."""
        return run_to_end(self, limit)

    # ---- internals -----------------------------------------------------------------------------------------
    def _attention_tensor(self, weights) -> torch.Tensor:
        """Checked override weights as a (1, S) float32 tensor."""
        if not self.has_attention:
            raise NoAttentionError("the plain model has no attention to override")
        a = np.asarray(weights, dtype=np.float64)
        n = len(self.encoder.tokens)
        if a.shape != (n,):
            raise ValueError(f"attention override needs {n} weights (one per source token), got shape {a.shape}")
        if not np.all(np.isfinite(a)) or (a < 0).any():
            raise ValueError("attention weights must be finite and non-negative")
        if abs(a.sum() - 1.0) > 1e-6:
            raise ValueError(f"attention weights must sum to 1 (within 1e-6), they sum to {a.sum():.9g}")
        return torch.from_numpy(a.astype(np.float32)).unsqueeze(0)

    def _replay(self) -> DecoderStep:
        if self.finished:
            raise DecodingFinishedError("the translation has ended; use back() or reset()")
        step, h = self._redo.pop()
        self._steps.append(step)
        self._h.append(h)
        return step

    def _advance(self, forced: Optional[int], attention: Optional[torch.Tensor] = None) -> DecoderStep:
        step, h, _ = self._compute(forced, attention, None)
        self._steps.append(step)
        self._h.append(h)
        return step

    @torch.inference_mode()
    @single_thread()
    def _compute(self, forced: Optional[int], attention: Optional[torch.Tensor],
                 top_k: Optional[int]) -> tuple[DecoderStep, torch.Tensor, torch.Tensor]:
        """The next step (not kept), the decoder state after it and the log-probabilities (V,); ``attention`` (1, S)
        overrides the model's."""
        if self.finished:
            raise DecodingFinishedError("the translation has ended; use back() or reset()")
        c = self.config
        t = len(self._steps)
        prev_id = c.bos_id if t == 0 else self._steps[-1].token_id
        h_prev = self._h0 if t == 0 else self._h[-1]
        gru, logits, weights, context = self.bundle.inference.decode_step(
            torch.tensor([prev_id], dtype=torch.long), h_prev, self._enc, attention=attention)
        log_probs = torch.log_softmax(logits[0], dim=-1)  # (V,)
        k = self.top_k if top_k is None else max(1, min(int(top_k), c.tgt_vocab))
        top_lp, top_ids = log_probs.topk(k)
        token_id = int(top_ids[0]) if forced is None else forced
        lp = float(log_probs[token_id])
        cumulative = (self._steps[-1].log_prob if t else 0.0) + lp
        step = DecoderStep(
            index=t, token_id=token_id, token=self.bundle.target_token(token_id), forced=forced is not None,
            top_ids=top_ids.numpy().astype(np.int64), top_tokens=tuple(self.bundle.target_token(i) for i in top_ids),
            top_probs=top_lp.exp().numpy().astype(np.float32), token_prob=math.exp(lp),
            attention=None if weights is None else _np(weights[0]),
            context=None if context is None else _np(context[0]),
            r=_np(gru.r[0]), z=_np(gru.z[0]), n=_np(gru.n[0]), h=_np(gru.h[0]), h_prev=_np(h_prev[0]),
            input_id=prev_id, log_prob=cumulative,
            finished=token_id == c.eos_id or t + 1 >= self.max_len, overridden=attention is not None)
        return step, gru.h.clone(), log_probs


@torch.inference_mode()
@single_thread()
def beam_search(bundle: Seq2SeqBundle, sentence: str, width: int = 4, max_len: Optional[int] = None) -> BeamResult:
    """Beam search over hypotheses ranked by cumulative log-probability; the winner by score / length.

    At each step the ``width`` best extensions of the live hypotheses are kept; those ending in </s> leave the beam
    as finished. Width 1 is exactly greedy decoding.
    """
    width = int(width)
    if not 1 <= width <= 10:
        raise ValueError(f"beam width must be 1..10, got {width}")
    c = bundle.config
    max_len = int(max_len or c.max_tgt_len)
    enc_trace, enc, h0 = encode_sentence(bundle, sentence)
    nodes: list[BeamNode] = []
    rows: list[Optional[np.ndarray]] = []  # attention row per node
    live = [(-1, c.bos_id, 0.0)]  # (node index, last token, score)
    h = h0  # (L, H) with L live hypotheses
    finished: list[int] = []
    for t in range(max_len):
        n_live = len(live)
        prev = torch.tensor([x[1] for x in live], dtype=torch.long)
        gru, logits, weights, _ = bundle.inference.decode_step(prev, h, enc.expand(n_live, -1, -1))
        scores = torch.log_softmax(logits, dim=-1) + torch.tensor([x[2] for x in live]).unsqueeze(1)  # (L, V)
        top_scores, flat = scores.reshape(-1).topk(width)
        new_live, keep_rows = [], []
        for sc, f in zip(top_scores.tolist(), flat.tolist()):
            src_row, tok = divmod(f, c.tgt_vocab)
            done = tok == c.eos_id or t + 1 >= max_len
            nodes.append(BeamNode(parent=live[src_row][0], token_id=tok, token=bundle.target_token(tok), score=sc,
                                  step=t, finished=done))
            rows.append(None if weights is None else _np(weights[src_row]))
            if done:
                finished.append(len(nodes) - 1)
            else:
                new_live.append((len(nodes) - 1, tok, sc))
                keep_rows.append(src_row)
        if not new_live:
            break
        live = new_live
        h = gru.h[torch.tensor(keep_rows)]
    if not finished:  # cannot happen (max_len finishes everything), kept for safety
        finished = [x[0] for x in live]

    def length(i: int) -> int:
        return nodes[i].step + 1

    best = max(finished, key=lambda i: (nodes[i].score / length(i), -i))
    path, i = [], best
    while i != -1:
        path.append(i)
        i = nodes[i].parent
    path.reverse()
    ids = tuple(nodes[i].token_id for i in path if nodes[i].token_id != c.eos_id)
    attention = None if c.attention == "plain" else np.stack([rows[i] for i in path])
    return BeamResult(width=width, nodes=tuple(nodes), best_path=tuple(path), token_ids=ids,
                      tokens=tuple(bundle.target_token(i) for i in ids), translation=bundle.detokenize(ids),
                      score=nodes[best].score, normalized_score=nodes[best].score / length(best),
                      attention=attention, truncated=enc_trace.truncated)


def greedy_translate(bundle: Seq2SeqBundle, sentence: str, max_len: Optional[int] = None) -> Seq2SeqStepper:
    """A stepper run to the end."""
    stepper = Seq2SeqStepper(bundle, sentence, max_len=max_len)
    stepper.run_to_end()
    return stepper
