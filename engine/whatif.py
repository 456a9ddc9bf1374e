"""What if a head were switched off? Head masks, the text that names them, and head importance.

Switching a head off (Michel et al., 2019, "Are Sixteen Heads Really Better than One?"; Hugging Face's head_mask)
multiplies its attention by 0: the head adds exact zeros to the concatenation before W_o. Every model takes a mask:
BERT and GPT one (L, H) grid, kind 'self'; the Transformer one grid per kind of attention, 'enc' (encoder
self-attention), 'dec' (decoder masked self-attention) and 'cross' (cross-attention).

    grid = head_grid(bundle)                          # {'self': (6, 12)} or {'enc': (3, 4), 'dec': ..., 'cross': ...}
    mask = parse_ablation("1.2,3.*", grid)            # HeadMask; the app labels heads 1-based, so does the text
    predict_masked(bundle, text, head_mask=mask)      # every forward, stepper and task takes it
    result = bert_head_importance(bundle, "The capital of France is [MASK].")
    result.changes["self"]                            # (L, H): measure with that head off minus measure with all on

Head importance switches off one head at a time and measures the change of the lab's quantity: BERT, the summed
log-probability of the top guess at each [MASK] (or log P(IsNext) for a pair); GPT, the log-probability of the next
token; the Transformer, the teacher-forced log-probability of the translation so far. Negative = the head helped.
The ablated copies run as a batch (batch dimension = heads), so a sweep is a few forwards, not L x H of them; for
BERT each layer's batch starts from that layer's input, shared with the full pass (heads of layer l cannot change
layers below l), which saves (L - 1) / 2 layers per copy on average.

The importance functions follow the app's worker protocol (Orange3 style): ``progress(fraction, message)`` and
``is_cancelled()`` callbacks, both optional; a cancelled sweep returns None.
"""
from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Iterator, Optional, Sequence

import numpy as np
import torch

from engine.cli import EngineInputError

Progress = Callable[[float, str], None]
IsCancelled = Callable[[], bool]
Grid = Mapping[str, tuple[int, int]]  # kind -> (layers, heads)

KIND_NAMES = {"self": "self-attention", "enc": "encoder self-attention", "dec": "decoder masked self-attention",
              "cross": "cross-attention"}
# rows (tokens x copies) one batched forward of a sweep may hold; BERT-base at 512 tokens keeps all 12 copies
BATCH_ROWS = 8192


class AblationSpecError(EngineInputError):
    """A head list that does not parse or names a head the model does not have (CLI: one 'error:' line, exit 2)."""


# ---------------------------------------------------------------------------------------------------------------
# Head masks


def head_grid(model) -> dict[str, tuple[int, int]]:
    """Kinds of attention and their (layers, heads) for a model or a bundle (anything with .model)."""
    from engine.bert.model import Bert
    from engine.gpt.model import GPT
    from engine.transformer.model import Transformer

    model = getattr(model, "model", model)
    if isinstance(model, Bert):
        return {"self": (model.config.num_hidden_layers, model.config.num_attention_heads)}
    if isinstance(model, GPT):
        return {"self": (model.config.n_layer, model.config.n_head)}
    if isinstance(model, Transformer):
        c = model.config
        return {"enc": (c.n_encoder_layers, c.n_heads), "dec": (c.n_decoder_layers, c.n_heads),
                "cross": (c.n_decoder_layers, c.n_heads)}
    raise TypeError(f"no attention heads known for {type(model).__name__}")


@dataclass(frozen=True, eq=False)
class HeadMask(Mapping):
    """Which heads are on: kind -> (L, H) float32, read-only, 1 = on, 0 = switched off.

    A mapping, so every model's ``head_mask=`` takes it as it is (BERT and GPT read 'self', the Transformer 'enc',
    'dec' and 'cross'). Layers and heads are 0-based in the methods, 1-based in the text (``spec``, ``parse``)."""

    arrays: Mapping[str, np.ndarray]

    def __post_init__(self):
        arrays = {}
        for kind, array in self.arrays.items():
            array = np.array(array, dtype=np.float32)  # a copy
            if array.ndim != 2:
                raise ValueError(f"a head mask is (layers, heads) per kind, got shape {array.shape} for {kind!r}")
            array.setflags(write=False)
            arrays[kind] = array
        object.__setattr__(self, "arrays", MappingProxyType(arrays))

    def __getitem__(self, kind: str) -> np.ndarray:
        return self.arrays[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self.arrays)

    def __len__(self) -> int:
        return len(self.arrays)

    def __eq__(self, other) -> bool:
        return (isinstance(other, HeadMask) and list(self) == list(other)
                and all(np.array_equal(self[k], other[k]) for k in self))

    __hash__ = None

    def __repr__(self) -> str:
        return f"HeadMask({self.spec() or 'all on'!r}, {dict(self.grid)})"

    @classmethod
    def ones(cls, grid: Grid) -> "HeadMask":
        """Every head on."""
        return cls({kind: np.ones(shape, dtype=np.float32) for kind, shape in grid.items()})

    @classmethod
    def parse(cls, spec: str, grid: Grid) -> "HeadMask":
        return parse_ablation(spec, grid)

    @property
    def grid(self) -> dict[str, tuple[int, int]]:
        return {kind: tuple(a.shape) for kind, a in self.arrays.items()}

    @property
    def all_on(self) -> bool:
        return all(bool(np.all(a == 1)) for a in self.arrays.values())

    def off(self) -> tuple[tuple[str, int, int], ...]:
        """(kind, layer, head) of every head switched off, 0-based, in kind, layer, head order."""
        return tuple((kind, int(layer), int(head)) for kind, a in self.arrays.items()
                     for layer, head in zip(*np.nonzero(a != 1)))

    def switched(self, kind: str, layer: int, head: Optional[int] = None, on: bool = False) -> "HeadMask":
        """A new mask with one head (0-based) or, with head=None, a whole layer switched off (or on)."""
        if kind not in self.arrays:
            raise KeyError(f"no attention kind {kind!r}; the mask has {', '.join(self.arrays)}")
        arrays = {k: a.copy() for k, a in self.arrays.items()}
        arrays[kind][layer, slice(None) if head is None else head] = 1.0 if on else 0.0
        return HeadMask(arrays)

    def spec(self) -> str:
        """The 1-based text parse_ablation reads back: '1.2,3.*', 'enc:1.2,cross:2.*'; '' when every head is on.
        Values strictly between 0 and 1 have no text and are left out."""
        prefix = len(self.arrays) > 1 or next(iter(self.arrays), "self") != "self"
        items = []
        for kind, a in self.arrays.items():
            for layer in range(a.shape[0]):
                off = np.flatnonzero(a[layer] == 0)
                heads = ["*"] if len(off) == a.shape[1] else [str(h + 1) for h in off]
                items += [f"{kind + ':' if prefix else ''}{layer + 1}.{h}" for h in heads]
        return ",".join(items)


_ITEM = re.compile(r"(?:(?P<kind>[A-Za-z]+)\s*:\s*)?(?P<layer>[0-9]+)\s*\.\s*(?P<head>[0-9]+|\*)")
SPEC_HELP = ("heads to switch off, 1-based: L.H[,L.H...], L.* for a whole layer, e.g. 1.2,3.*; "
             "for the Transformer each item starts with enc:, dec: or cross:, e.g. enc:1.2,cross:2.*")


def parse_ablation(spec: str, grid: Grid) -> HeadMask:
    """'1.2,3.*' -> a HeadMask with those heads off (1-based layer.head, L.* = the whole layer).

    With more than one kind of attention (the Transformer) each item names its kind: 'enc:1.2,dec:2.*,cross:1.1'.
    The one text format of the CLI's --ablate and the app. Raises AblationSpecError (a ValueError) for an empty
    list or item, an item that is not L.H or L.*, an unknown or missing kind, or a layer or head out of range."""
    if not isinstance(spec, str) or not spec.strip():
        raise AblationSpecError("the head list is empty; write heads as L.H (1-based), e.g. 1.2,3.*")
    kinds = list(grid)
    arrays = {kind: np.ones(shape, dtype=np.float32) for kind, shape in grid.items()}
    several = len(kinds) > 1
    for raw in spec.split(","):
        item = raw.strip()
        if not item:
            raise AblationSpecError(f"an empty item in the head list {spec!r}")
        m = _ITEM.fullmatch(item)
        if m is None:
            example = "enc:1.2" if several else "1.2"
            raise AblationSpecError(f"{item!r} is not a head: write layer.head (1-based), e.g. {example}, "
                                    "or layer.* for a whole layer")
        kind = m["kind"].lower() if m["kind"] else None
        if several and kind is None:
            raise AblationSpecError(f"{item!r}: say which attention, {', '.join(k + ':' for k in kinds)} "
                                    f"(e.g. {kinds[0]}:{item})")
        if kind is None:
            kind = kinds[0]
        elif kind not in arrays:
            if not several:
                raise AblationSpecError(f"{item!r}: this model has one kind of attention; write "
                                        f"{m['layer']}.{m['head']}")
            raise AblationSpecError(f"{item!r}: no attention {kind!r}; use {', '.join(k + ':' for k in kinds)}")
        layers, heads = grid[kind]
        where = f"{KIND_NAMES[kind]} " if several else ""
        layer = int(m["layer"])
        if not 1 <= layer <= layers:
            raise AblationSpecError(f"{item!r}: layer {layer} is out of range; the model's {where}layers are "
                                    f"1..{layers}")
        if m["head"] == "*":
            arrays[kind][layer - 1, :] = 0.0
            continue
        head = int(m["head"])
        if not 1 <= head <= heads:
            raise AblationSpecError(f"{item!r}: head {head} is out of range; each {where}layer has heads 1..{heads}")
        arrays[kind][layer - 1, head - 1] = 0.0
    return HeadMask(arrays)


def mask_for(model, spec: Optional[str]) -> Optional[HeadMask]:
    """A command's --ablate: None (every head on) when not given, else the parsed mask for the model's heads."""
    return None if spec is None else parse_ablation(spec, head_grid(model))


# ---------------------------------------------------------------------------------------------------------------
# Head importance


@dataclass(frozen=True)
class HeadImportance:
    """What switching off each head alone does to one measured quantity, on one input.

    ``changes[kind][l, h]`` = the measure with head h of layer l off (every other head on) minus ``value``, the
    measure with every head on: negative = the head helped, positive = the model does better without it. kinds:
    'self' for BERT and GPT, 'enc', 'dec' and 'cross' for the Transformer; each (L, H), 0-based."""

    family: str  # 'bert', 'gpt', 'transformer'
    measure: str  # 'mlm' (BERT [MASK]), 'nsp' (BERT pair), 'next_token' (GPT), 'translation' (Transformer)
    description: str  # the quantity in words, e.g. "log P('paris' at [MASK])"
    value: float  # the measure with every head on (natural log)
    changes: Mapping[str, np.ndarray]  # kind -> (L, H) float64, ablated - full
    tokens: tuple[str, ...]  # the input tokens (BERT: with [CLS]/[SEP]; GPT: the prompt; Transformer: the source)
    target: tuple[str, ...]  # the tokens whose log-probability is measured (guesses, next token, translation)
    seconds: float = 0.0  # time of the sweep (the full pass included)
    truncated: bool = False  # the input was cut to the model's window

    @property
    def matrix(self) -> np.ndarray:
        """The (L, H) matrix of a model with one kind of attention (BERT, GPT)."""
        if len(self.changes) != 1:
            raise ValueError(f"{self.family} has {len(self.changes)} kinds of attention; use changes[kind]")
        return next(iter(self.changes.values()))

    def ranked(self, n: Optional[int] = None) -> list[tuple[str, int, int, float]]:
        """(kind, layer, head, change), 0-based, the largest change first (either sign): the heads that matter."""
        rows = [(kind, int(l), int(h), float(c[l, h])) for kind, c in self.changes.items()
                for l, h in np.ndindex(*c.shape)]
        rows.sort(key=lambda r: -abs(r[3]))
        return rows if n is None else rows[:n]


def _no_progress(fraction: float, message: str) -> None:
    pass


def _never() -> bool:
    return False


def _sweep(grid: Grid, batches: list[list[tuple[str, int, int]]], evaluate, progress: Progress,
           is_cancelled: IsCancelled) -> Optional[dict[str, np.ndarray]]:
    """Run evaluate(batch, masks) for each batch of (kind, layer, head) to switch off, one per copy; masks is
    kind -> (B, L, H) float32 with that one head at 0 in copy b. Returns kind -> (L, H) of the measures."""
    out = {kind: np.zeros(shape, dtype=np.float64) for kind, shape in grid.items()}
    total = sum(len(b) for b in batches)
    done = 0
    for batch in batches:
        if is_cancelled():
            return None
        kind, layer, _ = batch[0]
        progress(done / total, f"{KIND_NAMES[kind]}, layer {layer + 1}: switching each head off")
        masks = {k: torch.ones(len(batch), *shape) for k, shape in grid.items()}
        for b, (k, l, h) in enumerate(batch):
            masks[k][b, l, h] = 0.0
        values = evaluate(batch, masks).double().numpy()
        for (k, l, h), v in zip(batch, values):
            out[k][l, h] = v
        done += len(batch)
    if is_cancelled():
        return None
    progress(1.0, "done")
    return out


def _items(grid: Grid) -> list[tuple[str, int, int]]:
    return [(kind, l, h) for kind, (layers, heads) in grid.items() for l in range(layers) for h in range(heads)]


def _by_layer(grid: Grid, per_batch: int) -> list[list[tuple[str, int, int]]]:
    """One layer's heads per batch (cut to per_batch copies): for sweeps that share the pass below the layer."""
    batches = []
    for kind, (layers, heads) in grid.items():
        for l in range(layers):
            row = [(kind, l, h) for h in range(heads)]
            batches += [row[i:i + per_batch] for i in range(0, heads, per_batch)]
    return batches


def _packed(grid: Grid, per_batch: int) -> list[list[tuple[str, int, int]]]:
    """Every head of every kind, per_batch copies at a time (small models: usually one forward in all)."""
    items = _items(grid)
    return [items[i:i + per_batch] for i in range(0, len(items), per_batch)]


def _copies(rows_per_copy: int, batch_rows: int) -> int:
    return max(1, batch_rows // max(1, rows_per_copy))


def _finish(family, measure, description, value, changes, tokens, target, started, truncated) -> HeadImportance:
    deltas = {kind: (m - value) for kind, m in changes.items()}
    for d in deltas.values():
        d.setflags(write=False)
    return HeadImportance(family=family, measure=measure, description=description, value=float(value),
                          changes=MappingProxyType(deltas), tokens=tuple(tokens), target=tuple(target),
                          seconds=time.perf_counter() - started, truncated=bool(truncated))


# -- BERT -------------------------------------------------------------------------------------------------------


def bert_head_importance(bundle, text: str, text_b: Optional[str] = None, *, progress: Optional[Progress] = None,
                         is_cancelled: Optional[IsCancelled] = None,
                         batch_rows: int = BATCH_ROWS) -> Optional[HeadImportance]:
    """Head importance for BERT on one input.

    Without ``text_b``: ``text`` has one or more [MASK]; the measure is the sum over the masks of log P(top guess),
    the guesses being the full model's (the MLM tab's first row). With ``text_b``: log P(IsNext) of the pair.
    One batch per layer (its heads as the batch), started from that layer's input of the full pass."""
    from engine.bert import MissingHeadError, NoMaskError

    progress, is_cancelled = progress or _no_progress, is_cancelled or _never
    started = time.perf_counter()
    model = bundle.model.eval()
    enc = bundle.encode(text, text_b)
    if text_b is None and not bundle.has_mlm:
        raise MissingHeadError(f"model {bundle.name!r} has no masked-LM head; head importance needs one")
    if text_b is not None and not bundle.has_nsp:
        raise MissingHeadError(f"model {bundle.name!r} has no next-sentence head; head importance needs one")
    positions = [i for i, t in enumerate(enc.ids) if t == bundle.mask_id]
    if text_b is None and not positions:
        cut = " within the first tokens the model can read" if enc.truncated else ""
        raise NoMaskError(f"the text has no [MASK]{cut}; write [MASK] where a word should be predicted")
    grid = head_grid(model)
    layers = model.bert.encoder.layer
    targets = None

    def measure(x: torch.Tensor) -> torch.Tensor:  # final hidden states (B, T, D) -> (B,)
        if text_b is not None:
            logits = model.cls.seq_relationship(model.bert.pooler(x))  # (B, 2)
            return torch.log_softmax(logits.float(), dim=-1)[:, 0]
        logits = model.cls.predictions(x[:, positions])  # (B, M, V)
        log_probs = torch.log_softmax(logits.float(), dim=-1)
        return log_probs[:, torch.arange(len(positions)), targets].sum(-1)

    with torch.inference_mode():
        ids = torch.tensor([enc.ids], dtype=torch.long)
        segments = torch.tensor([enc.token_type_ids], dtype=torch.long)
        x, _ = model.bert.embeddings(ids, segments)
        inputs = []  # the input of each layer, shared by the copies that switch a head of that layer off
        for layer in layers:
            inputs.append(x)
            x, _ = layer(x, None, False)
        if text_b is None:
            targets = model.cls.predictions(x[0, positions]).argmax(-1)  # (M,) the top guesses
        value = float(measure(x)[0])

        def evaluate(batch, masks):
            first = batch[0][1]
            y = inputs[first].expand(len(batch), -1, -1)
            for i in range(first, len(layers)):
                y, _ = layers[i](y, None, False, None, masks["self"][:, i] if i == first else None)
            return measure(y)

        measured = _sweep(grid, _by_layer(grid, _copies(len(enc.ids), batch_rows)), evaluate, progress,
                          is_cancelled)
    if measured is None:
        return None
    if text_b is None:
        guesses = [bundle.token(int(i)) for i in targets]
        description = " + ".join(f"log P({g!r} at [MASK]{'' if len(guesses) == 1 else f' {n + 1}'})"
                                 for n, g in enumerate(guesses))
        return _finish("bert", "mlm", description, value, measured, enc.tokens, guesses, started, enc.truncated)
    return _finish("bert", "nsp", "log P(IsNext)", value, measured, enc.tokens, ("IsNext",), started,
                   enc.truncated)


# -- GPT --------------------------------------------------------------------------------------------------------


def gpt_next_id(bundle, next_token) -> int:
    """A model id from a model id (int) or one vocabulary piece / one-piece word (str)."""
    vocab = bundle.config.vocab_size
    if isinstance(next_token, (int, np.integer)):
        if not 0 <= int(next_token) < vocab:
            raise EngineInputError(f"token id {next_token} is outside the vocabulary (0..{vocab - 1})")
        return int(next_token)
    text = str(next_token).strip()
    tok = bundle.tokenizer.token_to_id(text)
    if tok is None:
        pieces = bundle.tokenizer.encode(text, add_special_tokens=False).tokens if text else []
        if not pieces:
            raise EngineInputError("the next token is empty")
        if len(pieces) > 1:
            raise EngineInputError(f"{next_token!r} is {len(pieces)} pieces ({' '.join(pieces)}); "
                                   "the next token is one piece of the vocabulary")
        tok = bundle.tokenizer.token_to_id(pieces[0])
    model_id = int(bundle.model_ids[tok])
    if model_id == bundle.unk_id and bundle.token(model_id) != text:
        raise EngineInputError(f"{next_token!r} is not among the pieces the model predicts")
    return model_id


def gpt_head_importance(bundle, prompt: str, next_token=None, *, banned_ids: Optional[Sequence[int]] = None,
                        progress: Optional[Progress] = None, is_cancelled: Optional[IsCancelled] = None,
                        batch_rows: int = BATCH_ROWS) -> Optional[HeadImportance]:
    """Head importance for the GPT: log P(next token | prompt) at temperature 1, as GPTStep.log_prob.

    ``next_token``: a model id or a vocabulary piece; None = the greedy next token. ``banned_ids`` are never
    candidates (default: the generate command's, [UNK] [PAD] [SEP] [MASK]), as in the stepper."""
    from engine.commands.gpt import banned_ids as default_banned
    from engine.gpt.load import EmptyPromptError

    progress, is_cancelled = progress or _no_progress, is_cancelled or _never
    started = time.perf_counter()
    model = bundle.model.eval()
    try:
        ids, tokens, truncated = bundle.encode(prompt)
    except EmptyPromptError as exc:
        raise EngineInputError(str(exc)) from None
    banned = sorted(set(default_banned(bundle) if banned_ids is None else banned_ids))
    target = None if next_token is None else gpt_next_id(bundle, next_token)
    if target is not None and target in banned:
        raise EngineInputError(f"{bundle.token(target)!r} is never chosen by the model (banned)")
    grid = head_grid(model)
    ids_t = torch.tensor([ids], dtype=torch.long)

    def log_probs(masks) -> torch.Tensor:  # (B, V) for the token after the prompt
        head_mask = None if masks is None else masks["self"]
        copies = 1 if masks is None else head_mask.shape[0]
        x, _ = model.hidden(ids_t.expand(copies, -1), head_mask)
        logits = (x[:, -1] @ model.wte.weight.T).float()
        if banned:
            logits[:, banned] = float("-inf")
        return torch.log_softmax(logits, dim=-1)

    with torch.inference_mode():
        full = log_probs(None)[0]
        if target is None:
            target = int(full.argmax())
        value = float(full[target])
        measured = _sweep(grid, _packed(grid, _copies(len(ids), batch_rows)),
                          lambda batch, masks: log_probs(masks)[:, target], progress, is_cancelled)
    if measured is None:
        return None
    word = bundle.token(target)
    return _finish("gpt", "next_token", f"log P({word!r} next)", value, measured, tokens, (word,), started,
                   truncated)


# -- Transformer ------------------------------------------------------------------------------------------------


def transformer_head_importance(bundle, sentence: str, target_ids: Optional[Sequence[int]] = None, *,
                                max_len: int = 80, progress: Optional[Progress] = None,
                                is_cancelled: Optional[IsCancelled] = None,
                                batch_rows: int = BATCH_ROWS) -> Optional[HeadImportance]:
    """Head importance for the Transformer: log P(translation so far | source), teacher-forced (the sum of each
    target token's log-probability given the source and the tokens before it, as StepTrace.log_prob).

    ``target_ids``: the target tokens (the stepper's steps' token_id, </s> included when emitted); None = the greedy
    translation (up to max_len tokens). One matrix per kind: changes['enc'], ['dec'], ['cross']."""
    from engine.transformer.stepper import TransformerStepper

    progress, is_cancelled = progress or _no_progress, is_cancelled or _never
    started = time.perf_counter()
    model = bundle.model.eval()
    try:
        src_ids, src_tokens, truncated = bundle.encode_source(sentence)
    except ValueError as exc:
        raise EngineInputError(str(exc)) from None
    if target_ids is None:
        stepper = TransformerStepper(model, src_ids, src_tokens, bundle.target_token, bundle.bos_id, bundle.eos_id,
                                     max_len=max_len)
        target_ids = [s.token_id for s in stepper.run_to_end()]
    target_ids = [int(i) for i in target_ids]
    vocab = model.config.tgt_vocab
    if not target_ids:
        raise EngineInputError("the translation has no tokens yet; step once first")
    if any(not 0 <= i < vocab for i in target_ids):
        raise EngineInputError(f"a target id is outside the vocabulary (0..{vocab - 1})")
    if len(target_ids) > model.config.max_len:
        raise EngineInputError(f"the translation is longer than the model's {model.config.max_len} positions")
    grid = head_grid(model)
    src = torch.tensor([src_ids], dtype=torch.long)
    tgt_in = torch.tensor([[bundle.bos_id] + target_ids[:-1]], dtype=torch.long)
    tgt_out = torch.tensor(target_ids, dtype=torch.long)

    def translation_log_prob(masks) -> torch.Tensor:  # (B,)
        copies = 1 if masks is None else next(iter(masks.values())).shape[0]
        logits = model(src.expand(copies, -1), tgt_in.expand(copies, -1), head_mask=masks).decoder.logits
        log_probs = torch.log_softmax(logits.float(), dim=-1)  # (B, T, V)
        return log_probs[:, torch.arange(len(target_ids)), tgt_out].sum(-1)

    with torch.inference_mode():
        value = float(translation_log_prob(None)[0])
        rows = len(src_ids) + len(target_ids)
        measured = _sweep(grid, _packed(grid, _copies(rows, batch_rows)),
                          lambda batch, masks: translation_log_prob(masks), progress, is_cancelled)
    if measured is None:
        return None
    words = [bundle.target_token(i) for i in target_ids]
    text = bundle.detokenize(target_ids)
    return _finish("transformer", "translation", f"log P({text!r} | source), {len(words)} tokens, teacher-forced",
                   value, measured, src_tokens, words, started, truncated)
