"""The GPT lab's engine side: plain functions for the worker, Qt-free; torch and engine.gpt / engine.bert are imported
only inside them, so opening the lab never waits for torch on the GUI thread.

A `Session` (model bundle + stepper) is touched by one task at a time: the lab's StepController queues moves while
a task runs. Each task returns a frozen state of numpy arrays, already shaped for the views. Input problems raise
LabInputError with a reason key ("empty": no text or no tokens, "short": BERT vs GPT needs two tokens); the lab
words it in the user's language.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desktop_app.kit.errors import LabInputError, LabModelError, load_folder  # noqa: F401 (the lab catches them)
from desktop_app.kit.model_info import ModelInfo as LabModelInfo

LAB_KEY = "gpt"  # settings prefix and exported files' "lab"
MAX_INPUT_CHARS = 20_000  # a longer paste is cut before tokenising (the model keeps its last 128 tokens anyway)
TOP_K = 10
ENV_MODEL = "ATTENTION_LAB_GPT_MODEL"  # another GPT folder (tests, a user's own model)
ENV_BERT = "ATTENTION_LAB_BERT_MODEL"  # the BERT lab's own variable: the same BERT in both labs
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_PUNCT = re.compile(r"^[^\w]+$")


def default_folder() -> Path:
    """$ATTENTION_LAB_GPT_MODEL, else the shipped assets/models/gpt."""
    from desktop_app.paths import assets_dir

    return Path(os.environ[ENV_MODEL]) if os.environ.get(ENV_MODEL) else assets_dir() / "models" / "gpt"


def bert_folder() -> Path:
    from desktop_app.paths import assets_dir

    return Path(os.environ[ENV_BERT]) if os.environ.get(ENV_BERT) else assets_dir() / "models" / "bert"


def has_model(folder: Path) -> bool:
    return (Path(folder) / "config.json").is_file()


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text or ""))


def read_metrics(folder: Path) -> dict:
    """Validation / test perplexity and the data named in metrics.json; {} when absent or odd. Cheap: no torch."""
    import json

    try:
        raw = json.loads((Path(folder) / "metrics.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    out = {}
    for split in ("valid", "test"):
        value = (raw.get(split) or {}).get("perplexity") if isinstance(raw.get(split), dict) else None
        if isinstance(value, (int, float)) and value > 0:
            out[split] = float(value)
    if isinstance(raw.get("minutes"), (int, float)):
        out["minutes"] = float(raw["minutes"])
    # the earlier models' metrics.json had no corpus: they were trained on WikiText-2
    corpus = raw.get("corpus") if isinstance(raw.get("corpus"), str) else (
        "wikitext" if str(raw.get("data", "")).startswith("WikiText") else None)
    if corpus:
        out["corpus"] = corpus
    return out


# ----------------------------------------------------------------------------------------------------------------
# loading and stepping


@dataclass(frozen=True)
class ModelInfo(LabModelInfo):  # folder, name, n_layers, n_heads, then:
    d_model: int
    block_size: int
    vocab: int  # pieces the model predicts
    tokenizer_vocab: int


@dataclass
class Session:
    bundle: object  # engine.gpt.load.GPTBundle
    stepper: object  # engine.gpt.stepper.GPTStepper
    text: str
    text_cut: bool
    truncated: bool


@dataclass(frozen=True)
class ViewState:
    """What the views show after a move. L layers, H heads, T context tokens (prompt + generated), k candidates."""

    model: str
    tokens: tuple[str, ...]  # (T,) the context, [CLS] first
    n_prompt: int  # the first n_prompt tokens are the prompt ([CLS] included)
    attention: np.ndarray  # (L, H, T, T) causal: exactly 0 above the diagonal
    topk_ids: np.ndarray  # (k,) candidates for the next token
    topk_tokens: tuple[str, ...]
    topk_probs: np.ndarray  # (k,) the distribution the choice is drawn from
    model_probs: np.ndarray  # (k,) temperature 1
    chosen_token: str  # the last generated token ("" at the prompt)
    chosen_forced: bool
    chosen_prob: float  # its probability under the model (temperature 1), nan at the prompt
    text: str  # the prompt and the generated tokens as text
    finished: bool  # the context fills the model's window
    truncated: bool  # the prompt was longer than the window: its last tokens kept
    text_cut: bool
    unknown: int  # prompt tokens the model reads as [UNK]
    sampling: tuple  # (temperature, top_k, seed)
    step_ms: float = 0.0

    @property
    def n_steps(self) -> int:
        return len(self.tokens) - self.n_prompt

    @property
    def head_grid(self) -> tuple[int, int]:
        """(L, H): layers and heads, the rows and columns of the every-head grid."""
        return self.attention.shape[0], self.attention.shape[1]


def load_model(folder, *, progress, is_cancelled):
    """(bundle, ModelInfo). Raises LabModelError with the engine's reason."""
    from engine.gpt.load import ModelLoadError, load_gpt

    progress(0.0, "")
    bundle = load_folder(load_gpt, folder, ModelLoadError)
    c = bundle.config
    return bundle, ModelInfo(str(folder), bundle.name, c.n_layer, c.n_head, c.d_model, c.block_size, c.vocab_size,
                             bundle.tokenizer.get_vocab_size())


def _state(session: Session, started: float) -> ViewState:
    s = session.stepper
    nxt = s.peek()
    last = s.steps[-1] if s.steps else None
    ids = s.ids
    return ViewState(
        model=session.bundle.name, tokens=tuple(s.tokens), n_prompt=len(s.prompt_ids),
        attention=np.ascontiguousarray(nxt.attention, dtype=np.float32), topk_ids=nxt.topk_ids,
        topk_tokens=nxt.topk_tokens, topk_probs=nxt.topk_probs, model_probs=nxt.model_probs,
        chosen_token=last.token if last else "", chosen_forced=bool(last and last.forced),
        chosen_prob=float(np.exp(last.log_prob)) if last else float("nan"),
        text=session.bundle.decode(ids), finished=s.finished, truncated=session.truncated,
        text_cut=session.text_cut, unknown=sum(1 for i in s.prompt_ids if i == session.bundle.unk_id),
        sampling=(s.sampling.temperature, s.sampling.top_k, s.sampling.seed),
        step_ms=(time.perf_counter() - started) * 1000)


def open_session(bundle, text: str, sampling: tuple, head_mask=None, *, progress, is_cancelled):
    """A stepper over `text` with sampling (temperature, top_k, seed) and the heads of `head_mask` (an
    engine.whatif.HeadMask; None: every head on) switched off. Returns (Session, ViewState)."""
    from engine.commands.gpt import make_stepper
    from engine.cli import EngineInputError

    started = time.perf_counter()
    text = text if isinstance(text, str) else ""
    text_cut = len(text) > MAX_INPUT_CHARS
    text = text[:MAX_INPUT_CHARS]
    if not text.strip():
        raise LabInputError("empty")
    try:
        stepper, truncated = make_stepper(bundle, text, *sampling, show=TOP_K, head_mask=head_mask)
    except EngineInputError:
        raise LabInputError("empty") from None
    session = Session(bundle, stepper, text, text_cut, truncated)
    return session, _state(session, started)


def apply_moves(session: Session, moves: list, *, progress, is_cancelled) -> ViewState:
    """The standard moves (engine.stepping: step, back, reset, end = until the window fills, force) and GPT's own
    ("sampling", (temperature, top_k, seed)) and ("head_mask", HeadMask or None: heads off from the next token on),
    applied in the order they were asked for."""
    from engine.gpt.stepper import Sampling
    from engine.stepping import apply_moves as apply_standard

    started = time.perf_counter()
    s = session.stepper
    for move in moves:
        for own in apply_standard(s, [move]):  # one at a time: a sampling change applies to the steps after it
            if own[0] == "head_mask":
                s.set_head_mask(own[1])
                continue
            if own[0] != "sampling":
                raise ValueError(f"unknown move {own!r}")
            t, k, seed = own[1]
            s.set_sampling(Sampling(float(t), int(k), int(seed)))
    return _state(session, started)


# ----------------------------------------------------------------------------------------------------------------
# BERT vs GPT


@dataclass(frozen=True)
class CompareState:
    """One sentence through both models. T = the sentence's WordPiece tokens (no [CLS] / [SEP]), p the position."""

    tokens: tuple[str, ...]  # (T,)
    position: int  # the token both models predict
    bert_mask: np.ndarray  # (T, T) 1 = may attend: everything (bidirectional)
    gpt_mask: np.ndarray  # (T, T) 1 on and below the diagonal (causal)
    bert_attention: np.ndarray  # (T, T) last layer, mean over heads, [MASK] at p; nan-free ([CLS]/[SEP] left out)
    gpt_attention: np.ndarray  # (T, T) last layer, mean over heads, on the sentence itself ([CLS] left out)
    bert_tokens: tuple[str, ...]  # (k,) BERT's candidates for [MASK] at p (both sides seen)
    bert_probs: np.ndarray
    gpt_tokens: tuple[str, ...]  # (k,) GPT's candidates after tokens[:p] (left side only)
    gpt_probs: np.ndarray
    bert_missing: str  # "" when BERT ran, else the reason ("absent" or the engine's message)
    gpt_unknown: int  # sentence tokens outside GPT's vocabulary (read as [UNK])


def default_position(tokens) -> int:
    """The last word that is not punctuation (or the last token): a word both models can guess."""
    for i in range(len(tokens) - 1, 0, -1):
        if not _PUNCT.match(tokens[i]) and not tokens[i].startswith("##"):
            return i
    return len(tokens) - 1


def load_bert_bundle(folder: Path):
    """The BERT bundle, or the reason there is none: "absent" or the engine's message."""
    from engine.bert import ModelLoadError, load_bert

    if not has_model(folder):
        return None, "absent"
    try:
        bundle = load_bert(Path(folder))
    except ModelLoadError as exc:
        return None, str(exc)
    if not bundle.has_mlm:
        return None, "no_mlm"
    return bundle, ""


def load_bert_task(folder: Path, *, progress, is_cancelled):
    """load_bert_bundle in the worker's signature."""
    return load_bert_bundle(folder)


def banned_ids(bundle) -> list[int]:
    from engine.commands.gpt import banned_ids as engine_banned

    return engine_banned(bundle)


def compare(gpt_bundle, bert, text: str, position: int | None, *, progress, is_cancelled) -> CompareState:
    """`bert` is a BERT bundle or the reason string there is none. position None: default_position."""
    import torch

    text = (text if isinstance(text, str) else "")[:MAX_INPUT_CHARS].strip()
    if not text:
        raise LabInputError("empty")
    block = gpt_bundle.config.block_size
    enc = gpt_bundle.tokenizer.encode(text, add_special_tokens=False)
    tok_ids = list(enc.ids)[:block - 1]  # GPT reads [CLS] + at most block - 1 tokens; BERT the same tokens
    tokens = tuple(gpt_bundle.tokenizer.id_to_token(i) for i in tok_ids)
    if len(tokens) < 2:
        raise LabInputError("short")
    n = len(tokens)
    p = default_position(tokens) if position is None else max(0, min(int(position), n - 1))
    gpt_ids = [gpt_bundle.bos_id] + [int(gpt_bundle.model_ids[i]) for i in tok_ids]
    with torch.inference_mode():
        trace = gpt_bundle.model(torch.tensor([gpt_ids]))
        logits = trace.logits[0, p].float().clone()  # after [CLS] + tokens[:p]: the prediction of token p
        logits[banned_ids(gpt_bundle)] = float("-inf")  # as in the stepper: never a candidate
        probs = torch.softmax(logits, -1)
        top = torch.topk(probs, min(TOP_K, probs.numel()))
    gpt_att = trace.attention[0, -1].mean(0)[1:, 1:].numpy()  # (T, T) without the [CLS] row and column
    bert_tokens, bert_probs, bert_att, missing = (), np.zeros(0), np.zeros((n, n), np.float32), ""
    if isinstance(bert, str):
        missing = bert
    else:
        from engine.bert import run_model
        from engine.bert.trace import Encoded

        # the same WordPiece strings, as BERT's ids (the shipped models share one vocabulary; any other reads [UNK])
        bert_ids = [bert.tokenizer.token_to_id(t) for t in tokens]
        unk = bert.special_id("[UNK]")
        ids = [bert.special_id("[CLS]")] + [unk if i is None else i for i in bert_ids][
            :bert.config.max_position_embeddings - 2] + [bert.special_id("[SEP]")]
        ids[p + 1] = bert.mask_id
        where = torch.zeros(1, len(ids), dtype=torch.bool)
        where[0, p + 1] = True
        bt = run_model(bert, Encoded(ids=ids, tokens=[bert.token(i) for i in ids], token_type_ids=[0] * len(ids),
                                     truncated=False), output_hidden_states=False, mlm_positions=where, nsp=False)
        bp = torch.softmax(bt.mlm_logits[0].float(), -1)
        bt_top = torch.topk(bp, TOP_K)
        bert_tokens = tuple(bert.token(int(i)) for i in bt_top.indices)
        bert_probs = bt_top.values.numpy()
        bert_att = bt.attentions[-1, 0].mean(0)[1:-1, 1:-1].numpy()  # (T, T) without [CLS] / [SEP]
    return CompareState(
        tokens=tokens, position=p, bert_mask=np.ones((n, n), np.float32),
        gpt_mask=np.tril(np.ones((n, n), np.float32)), bert_attention=np.ascontiguousarray(bert_att, np.float32),
        gpt_attention=np.ascontiguousarray(gpt_att, np.float32), bert_tokens=bert_tokens, bert_probs=bert_probs,
        gpt_tokens=tuple(gpt_bundle.token(int(i)) for i in top.indices), gpt_probs=top.values.numpy(),
        bert_missing=missing, gpt_unknown=sum(1 for i in gpt_ids[1:] if i == gpt_bundle.unk_id))
