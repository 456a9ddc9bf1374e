"""The Transformer lab's engine side: plain functions for the worker, Qt-free, torch imported only inside them
(so opening the lab never waits for torch on the GUI thread).

A `Session` (model bundle + stepper) is touched by one task at a time: the lab's StepController queues moves while a
task runs and hands them to `apply_moves` together. `open_session` and `apply_moves` return a `ViewState`: every
matrix the views show, as numpy arrays, already shaped for display.
"""
from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

from desktop_app.paths import assets_dir
from engine.stepping import apply_move

LAB_KEY = "transformer"
KINDS = ("encoder", "decoder", "cross")
MAX_INPUT_CHARS = 20_000  # a longer paste is cut before tokenising (the model keeps at most 510 tokens anyway)
MAX_DECODE = 80
TOP_K = 10
BENCH_SIZES = (8, 16, 32, 64, 128, 256, 512)


class LabInputError(ValueError):
    """A sentence the model cannot take; `reason` is "empty" (the lab words the message in the user's language)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class LabModelError(ValueError):
    """The model folder cannot be loaded; the text names the problem."""


def models_root() -> Path:
    return assets_dir() / "models" / "transformer"


def list_models(root: Path | None = None) -> list[Path]:
    """Model folders found on disk (each has a config.json), sorted by name; ko-en first when present."""
    root = models_root() if root is None else root
    if not root.is_dir():
        return []
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "config.json").is_file())
    return sorted(folders, key=lambda p: (p.name != "ko-en", p.name))


def read_about(folder: Path) -> dict:
    """config.json's "about" (what the model was trained on); {} when unreadable. Cheap: no torch."""
    try:
        raw = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
        about = raw.get("about", {})
        return about if isinstance(about, dict) else {}
    except (OSError, ValueError):
        return {}


@dataclass
class Session:
    folder: Path
    bundle: object  # engine.transformer.load.TranslationBundle
    stepper: object  # engine.transformer.stepper.TransformerStepper
    text: str
    text_cut: bool  # the text was longer than MAX_INPUT_CHARS characters
    static: dict = field(default_factory=dict)  # encoder maps and rollout: fixed for the sentence, made once
    want_qkv: bool = False  # states carry Q, K and V (the drill-down tab is shown); set by the ("qkv", on) move
    last_state: Optional["ViewState"] = None  # returned again when moves change nothing (no redraw)


@dataclass(frozen=True)
class ViewState:
    """Everything the views show after a move. L layers, H heads, S source tokens, T steps so far."""

    model: str
    text: str
    source_tokens: tuple[str, ...]
    truncated: bool  # more than the model's tokens: cut
    text_cut: bool
    unknown: int  # how many source tokens are <unk>
    input_tokens: tuple[str, ...]  # decoder inputs, T: <s> + emitted[:-1]
    output_tokens: tuple[str, ...]  # emitted, T
    finished: bool
    encoder: np.ndarray  # (L, H, S, S)
    decoder: np.ndarray  # (L, H, T, T), exactly 0 above the diagonal
    cross: np.ndarray  # (L, H, T, S)
    rollout: np.ndarray  # (S, S)
    topk_tokens: tuple[str, ...]  # the distribution of the last step (empty before the first)
    topk_ids: np.ndarray
    topk_probs: np.ndarray
    chosen_id: int  # token the last step emitted (-1 before the first)
    forced: bool
    translation: str
    d_head: int
    qkv: Optional[dict] = None  # kind -> (q, k, v), each (L, H, len, d_h), from the full forward
    step_ms: float = 0.0  # time of the moves in the worker
    extras: dict = field(default_factory=dict)

    @property
    def n_steps(self) -> int:
        return len(self.output_tokens)

    @property
    def n_layers(self) -> int:
        return self.encoder.shape[0]

    @property
    def n_heads(self) -> int:
        return self.encoder.shape[1]

    def matrix(self, kind: str, layer: int, head: int) -> np.ndarray:
        return {"encoder": self.encoder, "decoder": self.decoder, "cross": self.cross}[kind][layer, head]

    def labels(self, kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(row labels, column labels) of one kind's matrices."""
        if kind == "encoder":
            return self.source_tokens, self.source_tokens
        if kind == "decoder":
            return self.input_tokens, self.input_tokens
        return self.output_tokens, self.source_tokens


def export_meta(state: ViewState) -> dict:
    """What an export of a view of `state` records about it: model, input, tokens, step."""
    return {
        "lab": LAB_KEY, "model": state.model, "input": state.text, "source_tokens": list(state.source_tokens),
        "step": state.n_steps, "output_tokens": list(state.output_tokens), "translation": state.translation,
    }


# ------------------------------------------------------------------------------------------------------------
# worker functions


def load_bundle(folder: Path):
    from engine.transformer.load import ModelLoadError, load_translation_model

    try:
        return load_translation_model(folder)
    except ModelLoadError as exc:
        raise LabModelError(str(exc)) from None


def open_session(folder: Path, text: str, bundle=None, want_qkv: bool = False, head_mask=None, *, progress,
                 is_cancelled):
    """Encode `text` with the model in `folder`; bundle: that model already loaded (None: load it here, in the
    worker); head_mask: an engine.whatif.HeadMask of heads switched off (None: every head on). Returns (Session,
    ViewState); raises LabInputError for an empty sentence, LabModelError for a bad folder."""
    from engine.transformer.load import EmptyInputError
    from engine.transformer.stepper import TransformerStepper

    progress(0.0, "")
    folder = Path(folder)
    if bundle is None:
        bundle = load_bundle(folder)
    if is_cancelled():
        return None
    text_cut = len(text) > MAX_INPUT_CHARS
    text = text[:MAX_INPUT_CHARS]
    try:
        ids, tokens, truncated = bundle.encode_source(text)
    except EmptyInputError:
        raise LabInputError("empty") from None
    stepper = TransformerStepper(bundle.model, ids, tokens, bundle.target_token, bundle.bos_id, bundle.eos_id,
                                 max_len=MAX_DECODE, top_k=TOP_K, truncated=truncated, head_mask=head_mask)
    session = Session(folder, bundle, stepper, text, text_cut, want_qkv=want_qkv)
    session.last_state = view_state(session)
    progress(1.0, "")
    return session, session.last_state


def apply_moves(session: Session, moves: list[tuple], *, progress, is_cancelled) -> ViewState:
    """The StepController's apply: the standard moves of engine.stepping (step, back, reset, end, force) and the
    lab's own: ("replace", token_id) puts a candidate in place of the last token (the candidates shown are the last
    step's), ("qkv", on) whether states carry Q, K and V, ("head_mask", HeadMask or None) heads switched off (the
    stepper re-encodes and replays the same tokens under it). Moves that change nothing return the last state itself, so
    nothing is redrawn."""
    started = time.perf_counter()
    stepper = session.stepper
    before = stepper.steps  # held: a new trace can never take an old one's identity
    masked = False
    for move in moves:
        if move[0] == "head_mask":
            stepper.set_head_mask(move[1])
            session.static.clear()  # the encoder maps change with the mask
            masked = True
        elif move[0] == "qkv":
            session.want_qkv = bool(move[1])
        elif move[0] == "replace":
            stepper.back()
            stepper.force(int(move[1]))
        elif not apply_move(stepper, move):
            raise ValueError(f"unknown move {move!r}")
    last = session.last_state
    after = stepper.steps
    unchanged = len(before) == len(after) and (not after or before[-1] is after[-1])
    if last is not None and unchanged and not masked and (last.qkv is not None or not session.want_qkv):
        return last
    session.last_state = _with(view_state(session), step_ms=(time.perf_counter() - started) * 1000)
    return session.last_state


def _with(state: ViewState, **changes) -> ViewState:
    from dataclasses import replace

    return replace(state, **changes)


def view_state(session: Session, want_qkv: Optional[bool] = None) -> ViewState:
    """The state of `session` now; Q, K and V included when want_qkv (default: the session's setting) says so."""
    from engine.transformer.rollout import attention_rollout

    stepper, bundle = session.stepper, session.bundle
    source = stepper.source
    if "encoder" not in session.static:
        enc = source.self_attention.astype(np.float32)
        session.static.update(encoder=enc, rollout=attention_rollout(enc).astype(np.float32))
    enc = session.static["encoder"]  # (L, H, S, S)
    n_layers, n_heads, n_src = enc.shape[0], enc.shape[1], enc.shape[2]
    steps = stepper.steps
    t = len(steps)
    decoder = np.zeros((n_layers, n_heads, t, t), dtype=np.float32)
    cross = np.zeros((n_layers, n_heads, t, n_src), dtype=np.float32)
    for i, s in enumerate(steps):
        decoder[:, :, i, : i + 1] = s.self_attention
        cross[:, :, i] = s.cross_attention
    bos = bundle.target_token(bundle.bos_id)
    outputs = tuple(s.token for s in steps)
    inputs = (bos,) + outputs[:-1] if t else ()
    last = steps[-1] if steps else None
    unknown = sum(1 for tok in source.tokens if tok == "<unk>")
    state = ViewState(
        model=session.folder.name, text=session.text, source_tokens=tuple(source.tokens),
        truncated=source.truncated, text_cut=session.text_cut, unknown=unknown,
        input_tokens=inputs, output_tokens=outputs, finished=stepper.finished,
        encoder=enc, decoder=decoder, cross=cross, rollout=session.static["rollout"],
        topk_tokens=tuple(last.topk_tokens) if last else (),
        topk_ids=np.asarray(last.topk_ids) if last else np.zeros(0, int),
        topk_probs=np.asarray(last.topk_probs, dtype=np.float64) if last else np.zeros(0),
        chosen_id=int(last.token_id) if last else -1, forced=bool(last.forced) if last else False,
        translation=bundle.detokenize([s.token_id for s in steps]),
        d_head=bundle.model.config.d_model // bundle.model.config.n_heads,
    )
    want_qkv = session.want_qkv if want_qkv is None else want_qkv
    return _with(state, qkv=full_qkv(session)) if want_qkv else state


def full_qkv(session: Session) -> dict:
    """Q, K, V of every attention block from the model's full forward over <s> + the emitted tokens but the last
    (the inputs of the steps shown), so the query rows line up with the heatmap rows."""
    import torch

    stepper, bundle = session.stepper, session.bundle
    src = torch.tensor([list(stepper.source.ids)], dtype=torch.long)
    tgt_ids = [bundle.bos_id] + [s.token_id for s in stepper.steps[:-1]]
    with torch.inference_mode():
        trace = bundle.model(src, torch.tensor([tgt_ids], dtype=torch.long), return_qkv=True,
                             head_mask=stepper.head_mask)  # heads switched off (What if) change the layers above

    def stack(qkvs):
        return tuple(torch.stack([getattr(x, name)[0] for x in qkvs]).numpy().astype(np.float64)
                     for name in ("q", "k", "v"))

    result = {"encoder": stack(trace.encoder.qkv)}
    if stepper.steps:
        result["decoder"] = stack(trace.decoder.self_qkv)
        result["cross"] = stack(trace.decoder.cross_qkv)
    return result


# ------------------------------------------------------------------------------------------------------------
# the drill-down: softmax(q·K^T / sqrt(d_k)) V for one query, step by step (numpy, cheap: GUI thread)


@dataclass(frozen=True)
class DrillDown:
    kind: str
    layer: int
    head: int
    query: int
    q: np.ndarray  # (d_h,)
    k: np.ndarray  # (n, d_h)
    v: np.ndarray  # (n, d_h)
    raw: np.ndarray  # (n,) q·k_j
    scaled: np.ndarray  # (n,) / sqrt(d_k)
    masked: np.ndarray  # (n,) -inf where the query may not look
    weights: np.ndarray  # (n,) softmax
    output: np.ndarray  # (d_h,) sum_j w_j v_j
    d_k: int


def drill_down(state: ViewState, kind: str, layer: int, head: int, query: int) -> DrillDown | None:
    if state.qkv is None or kind not in state.qkv:
        return None
    q_all, k_all, v_all = state.qkv[kind]
    if not (0 <= layer < q_all.shape[0] and 0 <= head < q_all.shape[1] and 0 <= query < q_all.shape[2]):
        return None
    q, k, v = q_all[layer, head, query], k_all[layer, head], v_all[layer, head]
    d_k = q.shape[0]
    raw = k @ q
    scaled = raw / math.sqrt(d_k)
    masked = scaled.copy()
    if kind == "decoder":
        masked[query + 1:] = -np.inf  # the future: causal mask
    finite = np.isfinite(masked)
    weights = np.zeros_like(masked)
    if finite.any():
        e = np.exp(masked[finite] - masked[finite].max())
        weights[finite] = e / e.sum()
    return DrillDown(kind, layer, head, query, q, k, v, raw, scaled, masked, weights, weights @ v, d_k)


# ------------------------------------------------------------------------------------------------------------
# parallel (Transformer encoder, one pass) vs sequential (GRU, N steps)

_gru_cache: dict[int, object] = {}


def time_encoders(bundle, n_tokens: int, repeats: int = 3, *, progress, is_cancelled) -> tuple[int, float, float]:
    """(N, Transformer encoder ms, GRU ms): the encoder over N tokens at once vs a d_model GRU stepping N times."""
    import torch

    from engine.gru import GRULayer

    model = bundle.model
    d = model.config.d_model
    gru = _gru_cache.get(d)
    if gru is None:
        torch.manual_seed(0)
        gru = _gru_cache[d] = GRULayer(d, d).eval()
    n = min(n_tokens, model.config.max_len)
    generator = torch.Generator().manual_seed(n)
    src = torch.randint(4, model.config.src_vocab, (1, n), generator=generator)
    x = torch.randn(1, n, d, generator=generator)

    def encoder():
        model.encode(src)

    def recurrent():
        h = torch.zeros(1, d)
        for t in range(n):
            h = gru.step(x[:, t], h).h

    times = {}
    with torch.inference_mode():
        for name, fn in (("transformer", encoder), ("gru", recurrent)):
            fn()  # warm-up
            samples = []
            for _ in range(repeats):
                if is_cancelled():
                    return None
                t0 = time.perf_counter()
                fn()
                samples.append((time.perf_counter() - t0) * 1000)
            times[name] = float(np.median(samples))
    return n, times["transformer"], times["gru"]
