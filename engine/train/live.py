"""Live training for the Training lab: a small attention model learns a task while a class watches the alignment form.

    trainer = LiveTrainer(LiveConfig(task="reverse", attention="additive", seed=0))
    while running:
        snap = trainer.train_for(seconds=0.5, is_cancelled=worker.cancelled)   # one chunk -> one Snapshot
        view.show(snap.attention, snap.exact, snap.alignment_mass)
    trainer.save("runs/live_reverse")        # model.safetensors + config.json + metrics.json + tokenizers

Pause / resume is not calling ``train_for``; cancel is the ``is_cancelled`` callable, checked between steps. A trainer
is not thread-safe: call train_for, set_probe, evaluate and save from one worker thread, one at a time.
``trainer.history`` keeps every Snapshot (a few KB each: the probe's attention matrix and a handful of numbers), so a
timeline of ~100 chunks can be replayed.

Models (the math exists once in the engine; nothing here computes an attention score):
- ``gru``: engine.seq2seq.model.Seq2Seq (GRU encoder-decoder, Luong attention after the decoder GRU), attention
  none | dot | general | additive (the Seq2Seq lab's 'plain' is 'none'). Saved in engine/seq2seq/load.py's layout,
  so the Seq2Seq lab opens the folder.
- ``transformer``: engine.transformer.model.Transformer (post-LN, ``layers`` per stack, d_model = hidden,
  d_ff = 2 hidden, 4 heads when hidden allows); its attention matrix is the last decoder layer's cross-attention,
  averaged over heads. Saved in engine/transformer/load.py's layout.

Alignment mass: the mean, over held-out target tokens that have an expected source position, of the (teacher-forced)
attention weight on the expected positions (engine/train/live_tasks.py: the mirror for reverse, the same position for
copy, the positions holding the symbol for sort, the matching part of the date); None for en-es and attention 'none'.

Determinism: with the same config and one thread, step budgets give the same history (losses equal), however the
steps are cut into chunks: data come from the trainer's own random.Random(seed), weights from torch.manual_seed(seed)
under a forked RNG, dropout (en-es only) from the trainer's own saved RNG state.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

from engine.text import BOS, EOS, PAD, UNK
from engine.train.live_tasks import MAX_LENGTH, MAX_SYMBOLS, TASKS, Example, Task, make_task

MODELS = ("gru", "transformer")
ATTENTIONS = ("none", "dot", "general", "additive")
TRANSFORMER_ATTENTION = "multihead"
MAX_HIDDEN = 1024
MAX_BATCH = 4096


@dataclass(frozen=True)
class LiveConfig:
    """Settings of one live run. ``attention`` None = the model's own default (additive for gru, multihead for
    transformer); 'plain' is read as 'none'. Bad settings raise ValueError with a sentence for the user."""

    task: str = "reverse"
    model: str = "gru"
    attention: Optional[str] = None
    hidden: int = 96
    emb: Optional[int] = None  # GRU embedding size; None = min(hidden, 32)
    lr: float = 2e-3
    decay_after: int = 300  # from this step on, lr * sqrt(decay_after / step) (0 = constant): fewer late dips
    seed: int = 0
    batch: int = 64
    min_len: int = 4  # source length range (symbols; tokens for en-es; the date task writes its own lengths)
    max_len: int = 14
    symbols: int = 20  # alphabet size of copy / reverse / sort
    layers: int = 1  # transformer: layers per stack
    heldout: int = 220  # held-out examples (20 per length at 4..14)
    threads: int = 1  # torch intra-op threads while training (restored after each chunk)

    def __post_init__(self):
        def fix(name, value):
            object.__setattr__(self, name, value)

        if not isinstance(self.task, str) or not self.task.strip():
            raise ValueError(f"choose a task: {', '.join(TASKS)}")
        fix("task", self.task.strip().lower())
        if self.task not in TASKS:
            raise ValueError(f"unknown task {self.task!r}; choose one of {', '.join(TASKS)}")
        if self.model not in MODELS:
            raise ValueError(f"unknown model {self.model!r}; choose one of {', '.join(MODELS)}")
        att = self.attention
        if self.model == "gru":
            att = "additive" if att is None else ("none" if att == "plain" else att)
            if att not in ATTENTIONS:
                raise ValueError(f"unknown attention {att!r} for the GRU model; choose one of {', '.join(ATTENTIONS)}")
        else:
            att = TRANSFORMER_ATTENTION if att is None else att
            if att != TRANSFORMER_ATTENTION:
                raise ValueError(f"the Transformer's attention is {TRANSFORMER_ATTENTION} (scaled dot-product); "
                                 f"attention {att!r} is for the GRU model")
        fix("attention", att)
        if self.emb is None:
            fix("emb", min(self.hidden, 32) if isinstance(self.hidden, int) else 32)
        for name, low, high in (("hidden", 1, MAX_HIDDEN), ("emb", 1, MAX_HIDDEN), ("batch", 1, MAX_BATCH), ("min_len", 1, MAX_LENGTH),
                                ("max_len", 1, MAX_LENGTH), ("symbols", 2, MAX_SYMBOLS), ("layers", 1, 6),
                                ("heldout", 1, 10_000), ("threads", 1, 256),
                                ("decay_after", 0, 10_000_000)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
                raise ValueError(f"{name.replace('_', ' ')} must be a whole number from {low} to {high}, "
                                 f"not {value!r}")
            fix(name, int(value))
        if self.min_len > self.max_len:
            raise ValueError(f"the length range is empty: min length {self.min_len} > max length {self.max_len}")
        if isinstance(self.lr, bool) or not isinstance(self.lr, (int, float)) or not 0 < self.lr <= 1 \
                or math.isnan(self.lr):
            raise ValueError(f"learning rate must be in (0, 1], not {self.lr!r}")
        fix("lr", float(self.lr))
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or not 0 <= self.seed < 2**63:
            raise ValueError(f"seed must be a whole number from 0, not {self.seed!r}")
        fix("seed", int(self.seed))
        if self.model == "transformer" and self.hidden < 2:
            raise ValueError("the Transformer needs hidden size 2 or more")

    @property
    def heads(self) -> int:
        return next(h for h in (4, 2, 1) if self.hidden % h == 0)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Snapshot:
    """The model after one chunk of training. T probe output length (with </s> when produced), S probe source length.

    ``seconds`` counts training only (not the evaluations between chunks), so curves compare across chunk sizes."""

    step: int  # optimizer steps so far
    seconds: float  # training time so far
    examples: int  # training examples seen so far
    train_loss: Optional[float]  # mean cross-entropy of this chunk's steps (None before any step)
    heldout_loss: float  # teacher-forced cross-entropy per target token on the held-out set
    exact: float  # held-out exact match (greedy output == target), 0..1
    token_accuracy: float  # held-out teacher-forced next-token accuracy, 0..1
    accuracy_by_length: dict  # source length -> held-out exact match
    alignment_mass: Optional[float]  # mean attention on the expected source positions (None: undefined)
    probe_source: tuple  # S source tokens
    probe_output: tuple  # T tokens the model writes (greedy)
    attention: Optional[np.ndarray] = field(default=None, repr=False)  # (T, S) float32, read-only; None: no attention

    def to_dict(self, matrices: bool = True) -> dict:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["accuracy_by_length"] = {int(k): v for k, v in self.accuracy_by_length.items()}
        if matrices:
            d["attention"] = None if self.attention is None else self.attention.tolist()
        else:
            del d["attention"]
        return d


@dataclass(frozen=True)
class ProbeReadout:
    """What the model does with the probe now: its greedy output and attention, next to what was expected."""

    source: tuple
    expected_target: tuple  # () when the task cannot say (en-es, an unreadable date)
    expected_positions: Optional[tuple]  # per expected target token, the source positions it should attend to
    output: tuple
    attention: Optional[np.ndarray]  # (T, S)


def alignment_mass(weights, expected: Sequence[Sequence[int]]) -> Optional[float]:
    """Mean over target rows t with expected positions of sum_{j in expected[t]} weights[t, j].

    weights (T, S) rows of attention; expected: per row, the source positions it should attend to (rows beyond
    len(expected), or with an empty tuple, do not count). None when no row counts."""
    w = np.asarray(weights, dtype=np.float64)
    total, rows = 0.0, 0
    for t, positions in enumerate(expected[: w.shape[0]]):
        if positions:
            total += float(w[t, list(positions)].sum())
            rows += 1
    return total / rows if rows else None


@contextlib.contextmanager
def _threads(n: int):
    import torch

    previous = torch.get_num_threads()
    if previous != n:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        if previous != n:
            torch.set_num_threads(previous)


class LiveTrainer:
    def __init__(self, config: Optional[LiveConfig] = None, **settings):
        import torch

        self.config = c = config if config is not None else LiveConfig(**settings)
        if config is not None and settings:
            self.config = c = dataclasses.replace(config, **settings)
        self.task: Task = make_task(c.task, c.min_len, c.max_len, c.symbols)
        self.src_index = {t: i for i, t in enumerate(self.task.source_vocab)}
        self.tgt_index = {t: i for i, t in enumerate(self.task.target_vocab)}
        heldout = self.task.heldout(c.heldout, c.seed)
        if not heldout:
            raise ValueError(f"the task {c.task} has too few distinct examples of {c.min_len}..{c.max_len} symbols "
                             f"to hold some out; widen the length range or the alphabet")
        self._heldout_keys = {e.key() for e in heldout}
        self._heldout = heldout
        self._heldout_batch = self._collate(heldout)
        self._lengths = np.array([len(e.source) for e in heldout])
        self._max_target = max(len(e.target) for e in heldout) + 2
        self.probe: Example = self.task.default_probe()
        self._rng = random.Random(c.seed)
        self.dropout = 0.1 if self.task.finite else 0.0
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(c.seed)
            self.model = self._build()
            self._torch_rng = torch.get_rng_state()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=c.lr)
        self.step = 0
        self.seconds = 0.0
        self.examples = 0
        self.history: list[Snapshot] = []

    # -- the model ---------------------------------------------------------------------------------------------------
    def _build(self):
        c, task = self.config, self.task
        longest = max(MAX_LENGTH, c.max_len, 24) + 2
        if c.model == "gru":
            from engine.seq2seq.model import Seq2Seq, Seq2SeqConfig

            cfg = Seq2SeqConfig(src_vocab=len(task.source_vocab), tgt_vocab=len(task.target_vocab), emb=c.emb,
                                hidden=c.hidden, attention="plain" if c.attention == "none" else c.attention,
                                dropout=self.dropout, tie_embeddings=True, max_src_len=longest,
                                max_tgt_len=longest, pad_id=PAD, unk_id=UNK, bos_id=BOS, eos_id=EOS)
            return Seq2Seq(cfg)
        from engine.transformer.model import Transformer, TransformerConfig

        cfg = TransformerConfig(src_vocab=len(task.source_vocab), tgt_vocab=len(task.target_vocab),
                                d_model=c.hidden, n_heads=c.heads, n_encoder_layers=c.layers,
                                n_decoder_layers=c.layers, d_ff=2 * c.hidden, dropout=self.dropout,
                                max_len=2 * longest, pad_id=PAD)
        return Transformer(cfg)

    def _collate(self, examples: Sequence[Example]):
        """-> src (B, S), src_len (B,), tgt_in (B, T), tgt_out (B, T), expected (B, T, S) 0/1 or None."""
        import torch

        b = len(examples)
        s_len = max(len(e.source) for e in examples)
        t_len = max(len(e.target) for e in examples) + 1
        src = torch.full((b, s_len), PAD, dtype=torch.long)
        tin = torch.full((b, t_len), PAD, dtype=torch.long)
        tout = torch.full((b, t_len), PAD, dtype=torch.long)
        expected = torch.zeros(b, t_len, s_len) if self.task.has_alignment else None
        for k, e in enumerate(examples):
            s = [self.src_index.get(t, UNK) for t in e.source]
            y = [self.tgt_index.get(t, UNK) for t in e.target]
            src[k, :len(s)] = torch.tensor(s, dtype=torch.long)
            tin[k, :len(y) + 1] = torch.tensor([BOS] + y, dtype=torch.long)
            tout[k, :len(y) + 1] = torch.tensor(y + [EOS], dtype=torch.long)
            if expected is not None and e.expected is not None:
                for t, positions in enumerate(e.expected):
                    for j in positions:
                        expected[k, t, j] = 1.0
        lengths = torch.tensor([len(e.source) for e in examples], dtype=torch.long)
        return src, lengths, tin, tout, expected

    def _forward(self, src, src_len, tgt_in, want_attention: bool):
        """Teacher-forced logits (B, T, V) and attention (B, T, S) (GRU: its weights; Transformer: last decoder
        layer's cross-attention, mean over heads) or None."""
        if self.config.model == "gru":
            if want_attention:
                return self.model(src, src_len, tgt_in, return_attention=True)
            return self.model(src, src_len, tgt_in), None
        trace = self.model(src, tgt_in)
        att = trace.decoder.cross_attention[-1].mean(1) if want_attention else None
        return trace.decoder.logits, att

    def _greedy(self, src, src_len, max_len: int) -> list[list[int]]:
        """Greedy ids per row, </s> and what follows cut off (with no </s>, max_len tokens)."""
        import torch

        if self.config.model == "gru":
            return self.model.greedy_batch(src, src_len, max_len=max_len)
        with torch.inference_mode():
            src_pad = src == PAD
            memory = self.model.encode(src, src_pad).output
            ys = torch.full((src.shape[0], 1), BOS, dtype=torch.long)
            done = torch.zeros(src.shape[0], dtype=torch.bool)
            for _ in range(max_len):
                logits = self.model.decode(ys, memory, src_pad).logits[:, -1]
                nxt = logits.argmax(-1)
                ys = torch.cat([ys, nxt[:, None]], 1)
                done |= nxt == EOS
                if bool(done.all()):
                    break
        out = []
        for row in ys[:, 1:].tolist():
            out.append(row[: row.index(EOS)] if EOS in row else row)
        return out

    # -- training ----------------------------------------------------------------------------------------------------
    def _batch(self) -> list[Example]:
        rng, task, keys = self._rng, self.task, self._heldout_keys
        out, tries = [], 0
        while len(out) < self.config.batch:
            tries += 1
            if tries > 1000 * self.config.batch:
                raise ValueError("nearly every example of these settings is held out; widen the length range")
            e = task.sample(rng)
            if task.finite or e.key() not in keys:  # never train on a held-out symbol sequence or date
                out.append(e)
        return out

    def train_for(self, seconds: Optional[float] = None, steps: Optional[int] = None,
                  is_cancelled: Optional[Callable[[], bool]] = None) -> Snapshot:
        """Train until ``seconds`` of training time or ``steps`` optimizer steps (whichever comes first; at least one
        of them), or until ``is_cancelled()`` says so (checked before every step); then evaluate, append the Snapshot
        to ``history`` and return it. ``steps=0`` only evaluates."""
        import torch
        import torch.nn.functional as F

        if seconds is None and steps is None:
            raise ValueError("give a budget: seconds or steps")
        if seconds is not None and not seconds >= 0:
            raise ValueError(f"seconds must be 0 or more, not {seconds!r}")
        if steps is not None and (isinstance(steps, bool) or int(steps) != steps or steps < 0):
            raise ValueError(f"steps must be a whole number, 0 or more, not {steps!r}")
        losses = []
        with _threads(self.config.threads), torch.random.fork_rng(devices=[]):
            torch.set_rng_state(self._torch_rng)
            self.model.train()
            start = time.perf_counter()
            done = 0
            while (steps is None or done < steps) and (seconds is None or time.perf_counter() - start < seconds):
                if is_cancelled is not None and is_cancelled():
                    break
                src, src_len, tin, tout, _ = self._collate(self._batch())
                for group in self.optimizer.param_groups:
                    group["lr"] = self.learning_rate(self.step + 1)
                logits, _ = self._forward(src, src_len, tin, want_attention=False)
                loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tout.reshape(-1), ignore_index=PAD)
                self.optimizer.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                self.optimizer.step()
                losses.append(float(loss.detach()))
                done += 1
                self.step += 1
                self.examples += len(src)
            self.seconds += time.perf_counter() - start
            self._torch_rng = torch.get_rng_state()
            snap = self.evaluate(train_loss=float(np.mean(losses)) if losses else None)
        self.history.append(snap)
        return snap

    def learning_rate(self, step: int) -> float:
        """The rate of optimizer step ``step`` (1-based): lr, then lr * sqrt(decay_after / step)."""
        c = self.config
        return c.lr if not c.decay_after or step <= c.decay_after else c.lr * math.sqrt(c.decay_after / step)

    # -- evaluation --------------------------------------------------------------------------------------------------
    def evaluate(self, train_loss: Optional[float] = None) -> Snapshot:
        """The model now, on the held-out set and the probe (no training, nothing appended to history)."""
        import torch
        import torch.nn.functional as F

        self.model.eval()
        src, src_len, tin, tout, expected = self._heldout_batch
        with torch.inference_mode():
            logits, att = self._forward(src, src_len, tin, want_attention=self.has_attention)
            real = tout != PAD
            heldout_loss = float(F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tout.reshape(-1),
                                                 ignore_index=PAD))
            token_accuracy = float(((logits.argmax(-1) == tout) & real).sum() / real.sum())
            mass = None
            if att is not None and expected is not None:
                rows = expected.sum(-1) > 0  # (B, T): target tokens with an expected position
                if bool(rows.any()):
                    mass = float((att * expected).sum(-1)[rows].mean())
            outputs = self._greedy(src, src_len, self._max_target)
        targets = [row[:int(n) - 1] for row, n in zip(tout.tolist(), real.sum(1).tolist())]
        correct = np.array([o == t for o, t in zip(outputs, targets)])
        by_length = {int(n): float(correct[self._lengths == n].mean()) for n in np.unique(self._lengths)}
        probe = self.probe_readout()
        self.model.train()
        return Snapshot(step=self.step, seconds=round(self.seconds, 4), examples=self.examples,
                        train_loss=train_loss, heldout_loss=heldout_loss, exact=float(correct.mean()),
                        token_accuracy=token_accuracy, accuracy_by_length=by_length, alignment_mass=mass,
                        probe_source=probe.source, probe_output=probe.output, attention=probe.attention)

    @property
    def heldout(self) -> tuple:
        """The held-out Examples every Snapshot is measured on (fixed by the task and seed)."""
        return tuple(self._heldout)

    @property
    def has_attention(self) -> bool:
        return self.config.attention != "none"

    def set_probe(self, text: str) -> ProbeReadout:
        """Use ``text`` (symbols separated by spaces, or a date, or an English sentence) as the probe from now on.
        ValueError when the task cannot read it. Returns what the model does with it now."""
        self.probe = self.task.parse(str(text if text is not None else ""))
        return self.probe_readout()

    def probe_readout(self) -> ProbeReadout:
        import torch

        p = self.probe
        src, src_len, _, _, _ = self._collate([Example(p.source, p.target, None)])
        was_training = self.model.training
        self.model.eval()
        ids = self._greedy(src, src_len, max(self._max_target, len(p.source) + 4))[0]
        with torch.inference_mode():
            out_ids = ids + [EOS] if len(ids) < max(self._max_target, len(p.source) + 4) else ids
            tin = torch.tensor([[BOS] + out_ids[:-1]], dtype=torch.long)
            _, att = self._forward(src, src_len, tin, want_attention=self.has_attention)
        self.model.train(was_training)
        vocab = self.task.target_vocab
        output = tuple(vocab[i] for i in out_ids)
        matrix = None
        if att is not None:
            # the decoder never sees its context vectors (Luong, no input feeding; the Transformer is causal), so
            # teacher forcing with the model's own output gives exactly the weights of step-by-step greedy decoding
            matrix = att[0, :len(out_ids)].detach().numpy().astype(np.float32).copy()
            matrix.setflags(write=False)
        return ProbeReadout(source=tuple(p.source), expected_target=tuple(p.target),
                            expected_positions=p.expected, output=output, attention=matrix)

    # -- saving ------------------------------------------------------------------------------------------------------
    def save(self, folder) -> Path:
        """Write model.safetensors, config.json, metrics.json (the history, no matrices but the last),
        source_tokenizer.json and target_tokenizer.json. A GRU folder is in engine/seq2seq/load.py's layout, a
        Transformer folder in engine/transformer/load.py's, so those labs can open them."""
        from safetensors.torch import save_file

        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        c, task = self.config, self.task
        state = self.model.state_dict()
        about = {**task.about(), "trained_live": c.to_dict(), "steps": self.step,
                 "seconds": round(self.seconds, 2), "source_example": task.text(self.probe.source)}
        tokenizers = {"source": "source_tokenizer.json", "target": "target_tokenizer.json"}
        if c.model == "gru":
            state = {k: v for k, v in state.items() if k != "W_o.weight"}  # tied to tgt_embed.weight, stored once
            raw = {"family": "seq2seq", "model": self.model.config.to_dict(), "tokenizers": tokenizers,
                   "about": about}
        else:
            raw = {"family": "transformer", "model": self.model.config.to_dict(), "preprocess": "none",
                   "postprocess": "none", "about": about}
        save_file({k: v.detach().float().contiguous().cpu() for k, v in state.items()},
                  str(out / "model.safetensors"), metadata={"format": "pt"})
        (out / "config.json").write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")
        self._tokenizer(task.source_vocab).save(str(out / tokenizers["source"]))
        self._tokenizer(task.target_vocab).save(str(out / tokenizers["target"]))
        metrics = {"config": c.to_dict(), "task": task.about(),
                   "final": self.history[-1].to_dict(matrices=True) if self.history else None,
                   "history": [s.to_dict(matrices=False) for s in self.history]}
        (out / "metrics.json").write_text(json.dumps(metrics, indent=1, ensure_ascii=False), encoding="utf-8")
        return out

    def _tokenizer(self, vocab: list[str]):
        """A word-level tokenizers.Tokenizer over ``vocab`` that splits text as the task does."""
        from tokenizers import Regex, Tokenizer, decoders, pre_tokenizers
        from tokenizers.models import WordLevel

        tok = Tokenizer(WordLevel({t: i for i, t in enumerate(vocab)}, unk_token="<unk>"))
        if self.task.char_level:
            tok.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
            tok.decoder = decoders.Fuse()
        elif self.task.name == "en-es":
            from engine.train.live_tasks import _pre_tokenizer

            tok.normalizer, tok.pre_tokenizer = _pre_tokenizer()
        else:
            tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
        return tok


def run(config: LiveConfig, seconds: Optional[float] = None, steps: Optional[int] = None,
        every_seconds: Optional[float] = None, every_steps: Optional[int] = None,
        progress: Optional[Callable[[Snapshot], None]] = None,
        is_cancelled: Optional[Callable[[], bool]] = None) -> LiveTrainer:
    """Train ``config`` for a budget of ``seconds`` (training time) or ``steps``, in chunks of ``every_seconds`` or
    ``every_steps`` (default: a twentieth of the budget), calling ``progress(snapshot)`` after each chunk.
    Returns the trainer (its history, its model, save())."""
    if (seconds is None) == (steps is None):
        raise ValueError("give one budget: seconds or steps")
    trainer = LiveTrainer(config)
    trainer.history.append(trainer.evaluate())  # step 0: the untrained model
    if progress:
        progress(trainer.history[-1])
    if steps is not None:
        chunk = max(1, int(every_steps or max(1, steps // 20)))
        while trainer.step < steps and not (is_cancelled and is_cancelled()):
            snap = trainer.train_for(steps=min(chunk, steps - trainer.step), is_cancelled=is_cancelled)
            if progress:
                progress(snap)
    else:
        chunk = float(every_seconds or max(0.05, seconds / 20))
        while trainer.seconds < seconds and not (is_cancelled and is_cancelled()):
            snap = trainer.train_for(seconds=min(chunk, seconds - trainer.seconds), is_cancelled=is_cancelled)
            if progress:
                progress(snap)
    return trainer
