"""The BERT lab's engine side: plain functions for the worker, Qt-free; torch and engine.bert are imported only inside
them, so opening the lab never waits for torch on the GUI thread.

Each function takes the loaded bundle (engine.bert.BertBundle, read-only: the model is in eval mode and every call
runs under inference_mode, so two tasks may use it at once) and returns a frozen state of numpy arrays, already
shaped for the views. Input problems raise LabInputError with a reason key, one of the tab messages ("empty",
"empty_pair", "no_mask", "no_mask_beyond": the [MASK] lies past the tokens the model reads, "no_head_mlm",
"no_head_nsp", "no_tokens"); the lab words it in the user's language. A folder that cannot be loaded raises
LabModelError with the engine's reason.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desktop_app.kit.errors import LabInputError, LabModelError, load_folder  # noqa: F401 (callers catch both here)
from desktop_app.kit.model_info import ModelInfo as LabModelInfo
from engine.transformer.rollout import attention_rollout

MAX_INPUT_CHARS = 20_000  # a longer paste is cut before tokenising (the model reads at most 512 tokens anyway)
TOP_K = 10
MASK = "[MASK]"
MAX_BATCH = 8  # sentences in the padding view
MAX_PAD_TOKENS = 64  # tokens per sentence in the padding view: it shows the mask, not long texts
ENV_MODEL = "ATTENTION_LAB_BERT_MODEL"  # another model folder (tests, a user's own BERT)
_MASK_ANY_CASE = re.compile(r"\[\s*mask\s*\]", re.IGNORECASE)
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def shipped_folder() -> Path:
    from desktop_app.paths import assets_dir

    return assets_dir() / "models" / "bert"


def default_folder() -> Path:
    """$ATTENTION_LAB_BERT_MODEL, else the shipped assets/models/bert."""
    if os.environ.get(ENV_MODEL):
        return Path(os.environ[ENV_MODEL])
    return shipped_folder()


# ----------------------------------------------------------------------------------------------------------------
# loading


@dataclass(frozen=True)
class ModelInfo(LabModelInfo):  # folder, name, n_layers, n_heads, then:
    hidden: int
    vocab: int
    max_tokens: int
    has_mlm: bool
    has_nsp: bool
    data: str = ""  # the training data sets named in metrics.json ("wikitext-2, wordnet"), "" when unknown
    mlm_top1: float | None = None  # held-out figures from metrics.json, when the folder has one
    mlm_top5: float | None = None
    nsp_accuracy: float | None = None


def read_metrics(folder: Path) -> dict:
    """The few figures the lab shows from a metrics.json next to the weights; {} when absent or odd."""
    import json

    try:
        raw = json.loads((Path(folder) / "metrics.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    held = raw.get("held_out") if isinstance(raw.get("held_out"), dict) else {}
    out = {}
    for key, name in (("mlm_top1", "mlm_top1"), ("mlm_top5", "mlm_top5"), ("nsp_accuracy", "nsp_accuracy")):
        value = held.get(name)
        if isinstance(value, (int, float)) and 0.0 <= value <= 1.0:
            out[key] = float(value)
    sources = raw.get("data_sources")
    if isinstance(sources, dict) and sources:
        out["data"] = ", ".join(str(k) for k in sources)
    return out


def load_model(folder, *, progress, is_cancelled):
    """(bundle, ModelInfo). Raises LabModelError with the engine's reason."""
    from engine.bert import ModelLoadError, load_bert

    bundle = load_folder(load_bert, folder, ModelLoadError)
    return bundle, model_info(bundle, folder)


def model_info(bundle, folder) -> ModelInfo:
    """What the lab says about a loaded model: its shape, its heads, and the figures of its metrics.json."""
    cfg = bundle.config
    return ModelInfo(folder=str(folder), name=bundle.name, n_layers=cfg.num_hidden_layers,
                     n_heads=cfg.num_attention_heads, hidden=cfg.hidden_size, vocab=cfg.vocab_size,
                     max_tokens=cfg.max_position_embeddings, has_mlm=bundle.has_mlm, has_nsp=bundle.has_nsp,
                     **read_metrics(folder))


def unless_superseded(fn):
    """A worker function that returns None at once when a newer request cancelled it before it started (so the
    forward pass of an input the user already replaced is skipped)."""
    @functools.wraps(fn)
    def run(*args, progress, is_cancelled, **kwargs):
        if is_cancelled():
            return None
        return fn(*args, progress=progress, is_cancelled=is_cancelled, **kwargs)

    return run


def _cut(text: str) -> tuple[str, bool]:
    text = text if isinstance(text, str) else ""
    return text[:MAX_INPUT_CHARS], len(text) > MAX_INPUT_CHARS


def _encode(bundle, text: str, text_b: str | None = None):
    from engine.bert import EmptyTextError

    try:
        return bundle.encode(text, text_b)
    except EmptyTextError:
        raise LabInputError("empty" if text_b is None else "empty_pair") from None


def _unknown(tokens) -> int:
    return sum(1 for t in tokens if t == "[UNK]")


def has_hangul(text: str) -> bool:
    """Korean in the input: an English vocabulary splits it into single jamo or [UNK] (the lab says so)."""
    return bool(_HANGUL.search(text or ""))


def normalize_masks(text: str) -> str:
    """'[mask]', '[ MASK ]' -> '[MASK]': the tokenizer only knows the exact spelling."""
    return _MASK_ANY_CASE.sub(MASK, text)


def input_notes(tokens, text: str, cut_note: tuple[str, dict] | None = None) -> list[tuple[str, dict]]:
    """What a tab says about its input, as (message key, fields): `cut_note` when the input was cut, how many
    tokens the vocabulary lacks ([UNK]), and that Korean text means little to an English model."""
    notes = [cut_note] if cut_note else []
    unknown = _unknown(tokens)
    if unknown:
        notes.append(("unknown", {"unk": unknown, "n": len(tokens)}))
    if has_hangul(text):
        notes.append(("hangul", {}))
    return notes


# ----------------------------------------------------------------------------------------------------------------
# masked prediction


@dataclass(frozen=True)
class MaskedState:
    model: str
    text: str  # the text predicted (stripped, cut)
    tokens: tuple[str, ...]  # (T,)
    offsets: tuple[tuple[int, int], ...]  # (T,) character span of each token in `text` ((0, 0) for [CLS]/[SEP])
    mask_positions: np.ndarray  # (M,)
    top_tokens: tuple[tuple[str, ...], ...]  # (M, k)
    top_probs: np.ndarray  # (M, k)
    truncated: bool
    text_cut: bool
    unknown: int


@unless_superseded
def predict(bundle, text: str, head_mask=None, *, progress, is_cancelled) -> MaskedState:
    """head_mask: an engine.whatif.HeadMask of the heads switched off (None: every head on)."""
    from engine.bert import MissingHeadError, NoMaskError, predict_masked

    typed_mask = MASK in normalize_masks(text if isinstance(text, str) else "")
    text, text_cut = _cut(text)
    text = normalize_masks(text).strip()
    if not bundle.has_mlm:
        raise LabInputError("no_head_mlm")
    if not text:
        raise LabInputError("empty")
    enc = _encode(bundle, text)
    try:
        result = predict_masked(bundle, text, top_k=TOP_K, head_mask=head_mask)
    except NoMaskError:
        # "truncated": there is a [MASK], but past the characters or tokens the model reads
        beyond = typed_mask and (enc.truncated or text_cut)
        raise LabInputError("no_mask_beyond" if beyond else "no_mask") from None
    except MissingHeadError:
        raise LabInputError("no_head_mlm") from None
    offsets = token_offsets(bundle, text, len(result.tokens))
    return MaskedState(model=bundle.name, text=text, tokens=tuple(result.tokens), offsets=offsets,
                       mask_positions=np.asarray(result.mask_positions), top_tokens=tuple(
                           tuple(row) for row in result.top_tokens), top_probs=np.asarray(result.top_probs),
                       truncated=result.truncated, text_cut=text_cut, unknown=_unknown(result.tokens))


def token_offsets(bundle, text: str, n_tokens: int) -> tuple[tuple[int, int], ...]:
    """Character spans of the tokens of `text` (as bundle.encode tokenises the stripped text)."""
    enc = bundle.tokenizer.encode(text.strip())
    spans = tuple((int(a), int(b)) for a, b in enc.offsets)
    return spans[:n_tokens] + ((0, 0),) * max(0, n_tokens - len(spans))


def whole_word(tokens, index: int) -> tuple[int, int]:
    """The first and last token of the word token `index` belongs to (WordPiece '##' pieces join the one before)."""
    start = index
    while start > 0 and tokens[start].startswith("##"):
        start -= 1
    end = index
    while end + 1 < len(tokens) and tokens[end + 1].startswith("##"):
        end += 1
    return start, end


def mask_token_in_text(text: str, span: tuple[int, int]) -> str:
    """`text` with the characters of one token replaced by [MASK]."""
    start, end = span
    return text[:start] + MASK + text[end:]


def fill_mask_in_text(text: str, span: tuple[int, int], token: str) -> str:
    """Put a predicted WordPiece where a [MASK] was: '##ing' joins the word before it."""
    start, end = span
    if token.startswith("##"):
        token = token[2:]
        head = text[:start].rstrip()
    else:
        head = text[:start]
    return head + token + text[end:]


# ----------------------------------------------------------------------------------------------------------------
# attention and embeddings


@dataclass(frozen=True)
class AttentionState:
    model: str
    text: str
    text_b: str
    tokens: tuple[str, ...]  # (T,)
    segments: np.ndarray  # (T,)
    attentions: np.ndarray  # (L, H, T, T) float32, rows sum to 1
    rollout: np.ndarray  # (T, T) float32
    token_emb: np.ndarray  # (T, D)
    segment_emb: np.ndarray  # (T, D)
    position_emb: np.ndarray  # (T, D)
    embedding_sum: np.ndarray  # (T, D)
    embedding_normed: np.ndarray  # (T, D)
    truncated: bool
    text_cut: bool
    unknown: int
    compute_ms: float = 0.0

    @property
    def n_layers(self) -> int:
        return self.attentions.shape[0]

    @property
    def n_heads(self) -> int:
        return self.attentions.shape[1]


@unless_superseded
def attention_view(bundle, text: str, text_b: str | None = None, head_mask=None, *, progress,
                   is_cancelled) -> AttentionState:
    import time

    from engine.bert import attention

    started = time.perf_counter()
    text, cut_a = _cut(text)
    text_b = None if text_b is None or not text_b.strip() else text_b
    cut_b = False
    if text_b is not None:
        text_b, cut_b = _cut(text_b)
    if not text.strip():
        raise LabInputError("empty")
    _encode(bundle, text, text_b)  # the empty checks, with our reasons
    result = attention(bundle, text, text_b, head_mask=head_mask)
    if is_cancelled():
        return None
    att = np.ascontiguousarray(result.attentions, dtype=np.float32)
    rollout = attention_rollout(att, dtype=np.float32)  # float32: a quarter of the time at 512 tokens
    f = lambda a: np.ascontiguousarray(a, dtype=np.float32)  # noqa: E731
    return AttentionState(
        model=bundle.name, text=text, text_b=text_b or "", tokens=tuple(result.tokens),
        segments=np.asarray(result.token_type_ids), attentions=att, rollout=rollout,
        token_emb=f(result.token_embeddings), segment_emb=f(result.segment_embeddings),
        position_emb=f(result.position_embeddings), embedding_sum=f(result.embedding_sum),
        embedding_normed=f(result.embedding_normed), truncated=result.truncated, text_cut=cut_a or cut_b,
        unknown=_unknown(result.tokens), compute_ms=(time.perf_counter() - started) * 1000)


# ----------------------------------------------------------------------------------------------------------------
# the masking demo: 15%, 80/10/10


@dataclass(frozen=True)
class MaskingState:
    model: str
    text: str
    seed: int
    original: tuple[str, ...]  # (T,) the tokens before masking
    shown: tuple[str, ...]  # (T,) what the model sees
    positions: np.ndarray  # (M,)
    actions: tuple[str, ...]  # (M,) 'mask' | 'random' | 'kept'
    predicted: tuple[str, ...]  # (M,) the model's top-1 at each chosen position
    predicted_probs: np.ndarray  # (M,)
    correct: np.ndarray  # (M,) bool: predicted == original
    truncated: bool
    text_cut: bool
    unknown: int

    @property
    def accuracy(self) -> float:
        return float(self.correct.mean()) if self.correct.size else 0.0

    def action_at(self, index: int) -> str | None:
        hits = np.flatnonzero(self.positions == index)
        return self.actions[int(hits[0])] if hits.size else None


@unless_superseded
def masking_demo(bundle, text: str, seed: int, *, progress, is_cancelled) -> MaskingState:
    import torch

    from engine.bert import run_model
    from engine.bert.masking import mask_tokens
    from engine.bert.trace import Encoded

    if not bundle.has_mlm:
        raise LabInputError("no_head_mlm")
    text, text_cut = _cut(text)
    if not text.strip():
        raise LabInputError("empty")
    enc = _encode(bundle, text)
    sample = mask_tokens(enc.ids, mask_id=bundle.mask_id, vocab_size=bundle.config.vocab_size,
                         special_ids=bundle.special_ids, seed=int(seed))
    if sample.positions.size == 0:
        raise LabInputError("no_tokens")
    shown_enc = Encoded(ids=[int(i) for i in sample.input_ids], tokens=[bundle.token(i) for i in sample.input_ids],
                        token_type_ids=enc.token_type_ids, truncated=enc.truncated)
    where = torch.zeros(1, len(enc.ids), dtype=torch.bool)
    where[0, torch.from_numpy(sample.positions)] = True
    trace = run_model(bundle, shown_enc, output_hidden_states=False, output_attentions=False,
                      mlm_positions=where, nsp=False)
    probs = torch.softmax(trace.mlm_logits, dim=-1)  # (M, V)
    best_p, best_i = probs.max(dim=-1)
    predicted = tuple(bundle.token(i) for i in best_i.tolist())
    correct = best_i.numpy() == sample.original_ids[sample.positions]
    return MaskingState(model=bundle.name, text=text, seed=int(seed), original=tuple(enc.tokens),
                        shown=tuple(shown_enc.tokens), positions=sample.positions, actions=sample.actions,
                        predicted=predicted, predicted_probs=best_p.numpy().astype(np.float64),
                        correct=np.asarray(correct, bool), truncated=enc.truncated, text_cut=text_cut,
                        unknown=_unknown(enc.tokens))


# ----------------------------------------------------------------------------------------------------------------
# next sentence prediction


@dataclass(frozen=True)
class NspState:
    model: str
    a: str
    b: str
    tokens: tuple[str, ...]
    segments: np.ndarray  # (T,)
    is_next: float
    logits: np.ndarray  # (2,)
    truncated: bool
    text_cut: bool
    unknown: int


@unless_superseded
def nsp(bundle, a: str, b: str, head_mask=None, *, progress, is_cancelled) -> NspState:
    from engine.bert import next_sentence

    if not bundle.has_nsp:
        raise LabInputError("no_head_nsp")
    a, cut_a = _cut(a)
    b, cut_b = _cut(b)
    if not a.strip() or not b.strip():
        raise LabInputError("empty_pair")
    _encode(bundle, a, b)
    result = next_sentence(bundle, a, b, head_mask=head_mask)
    return NspState(model=bundle.name, a=a, b=b, tokens=tuple(result.tokens),
                    segments=np.asarray(result.token_type_ids), is_next=float(result.is_next_prob),
                    logits=np.asarray(result.logits), truncated=result.truncated, text_cut=cut_a or cut_b,
                    unknown=_unknown(result.tokens))


# ----------------------------------------------------------------------------------------------------------------
# padding: a batch of sentences


@dataclass(frozen=True)
class PaddingState:
    model: str
    sentences: tuple[str, ...]  # (B,)
    tokens: tuple[tuple[str, ...], ...]  # (B, T) with [PAD]
    attention_mask: np.ndarray  # (B, T) 1 real, 0 padding
    attentions: np.ndarray  # (L, B, H, T, T) float32
    truncated: bool
    text_cut: bool
    dropped: int  # sentences beyond MAX_BATCH (left out)

    def padded_key_max(self) -> float:
        """The largest attention weight any query gives to a padded key (0.0 exactly when the mask works)."""
        best = 0.0
        for b, row in enumerate(self.attention_mask):
            padded = row == 0
            if padded.any():
                best = max(best, float(np.abs(self.attentions[:, b][..., padded]).max()))
        return best


def _cap(bundle, enc):
    """At most MAX_PAD_TOKENS tokens, still ending in [SEP] (the padding view is about the mask, not long text)."""
    from engine.bert.trace import Encoded

    if len(enc.ids) <= MAX_PAD_TOKENS:
        return enc
    keep = MAX_PAD_TOKENS - 1
    return Encoded(ids=enc.ids[:keep] + [bundle.special_id("[SEP]")], tokens=enc.tokens[:keep] + ["[SEP]"],
                   token_type_ids=enc.token_type_ids[:MAX_PAD_TOKENS], truncated=True)


@unless_superseded
def padding_view(bundle, sentences, *, progress, is_cancelled) -> PaddingState:
    import torch

    from engine.bert import EmptyTextError

    cut_any = False
    lines, encs = [], []
    sentences = list(sentences)
    dropped = 0
    for i, s in enumerate(sentences):
        if len(lines) == MAX_BATCH:  # the rest is left out (counted, not tokenised)
            dropped = sum(1 for rest in sentences[i:] if isinstance(rest, str) and rest.strip())
            break
        s, cut = _cut(s)
        try:
            enc = bundle.encode(s)
        except EmptyTextError:  # blank lines, or only characters the tokenizer drops
            continue
        cut_any |= cut
        lines.append(s.strip())
        encs.append(_cap(bundle, enc))
    if not lines:
        raise LabInputError("empty")
    t = max(len(e.ids) for e in encs)
    pad_id = bundle.special_id("[PAD]")
    ids = np.full((len(encs), t), pad_id, dtype=np.int64)
    segments = np.zeros_like(ids)
    mask = np.zeros_like(ids)
    for row, e in enumerate(encs):
        n = len(e.ids)
        ids[row, :n], segments[row, :n], mask[row, :n] = e.ids, e.token_type_ids, 1
    with torch.inference_mode():
        trace = bundle.model(torch.from_numpy(ids), torch.from_numpy(segments), torch.from_numpy(mask),
                             output_hidden_states=False, mlm=False, nsp=False)
    tokens = tuple(tuple(e.tokens) + ("[PAD]",) * (t - len(e.tokens)) for e in encs)
    return PaddingState(model=bundle.name, sentences=tuple(lines), tokens=tokens, attention_mask=mask,
                        attentions=trace.attentions.numpy().astype(np.float32),
                        truncated=any(e.truncated for e in encs),
                        text_cut=cut_any, dropped=dropped)
