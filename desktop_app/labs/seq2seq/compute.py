"""The Seq2Seq and GRU labs' background work and arithmetic (Qt-free; the heavy parts run in a worker).

torch is imported only inside the functions that load or run a model, so importing this module is cheap and the
first torch import happens in a worker thread.

    list_models()                 shipped model folders found on disk, in course order (plain, dot, general, additive)
    load_model(folder)            -> LoadedModel: the engine bundle + the GRU weights as numpy, for the equations
    gate_equation(...)            -> GateEquation: one unit, one time step, every number of the GRU update
    run_beam / translate_all      beam search, and the same sentence through every model (worker functions)
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from engine.seq2seq.trace import BeamResult, DecoderStep, EncoderTrace  # numpy only, no torch

ATTENTIONS = ("plain", "dot", "general", "additive")
MODELS_DIR = Path(__file__).resolve().parents[3] / "assets" / "models" / "seq2seq"
MAX_CHARS = 5000  # longer pastes are cut before tokenising (the model reads at most max_src_len tokens anyway)
SCORE_FORMULAS = {
    "plain": "c = h^enc_S",
    "dot": "e_tj = s_t · h_j",
    "general": "e_tj = s_tᵀ W h_j",
    "additive": "e_tj = vᵀ tanh(W_1 s_t + W_2 h_j)",
}


@dataclass(frozen=True)
class ModelEntry:
    name: str  # plain | dot | general | additive (or the folder name)
    folder: Path


def list_models(models_dir: Path | None = None) -> list[ModelEntry]:
    """Model folders with both config.json and model.safetensors, the four attention kinds first, in course order."""
    root = Path(models_dir) if models_dir is not None else MODELS_DIR
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and (p / "config.json").is_file()
             and (p / "model.safetensors").is_file()]
    order = {name: i for i, name in enumerate(ATTENTIONS)}
    found.sort(key=lambda p: (order.get(p.name, len(order)), p.name))
    return [ModelEntry(p.name, p) for p in found]


def read_metrics(models_dir: Path | None = None) -> dict[str, Optional[dict]]:
    """metrics.json of each of the four models (None where missing or unreadable)."""
    root = Path(models_dir) if models_dir is not None else MODELS_DIR
    out: dict[str, Optional[dict]] = {}
    for name in ATTENTIONS:
        path = root / name / "metrics.json"
        try:
            out[name] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
        except (OSError, ValueError):
            out[name] = None
    return out


def bleu_by_length(metrics: dict[str, Optional[dict]]) -> tuple[list[str], dict[str, Optional[list[float]]]]:
    """Bucket names (e.g. "1-5", "16+") and, per model, BLEU per bucket (NaN for an empty bucket; None if missing)."""
    buckets: list[str] = []
    for m in metrics.values():
        for key in ((m or {}).get("test_bleu_by_source_tokens") or {}):
            if key not in buckets:
                buckets.append(key)

    def start(key: str) -> int:
        try:
            return int(key.split("-")[0].rstrip("+"))
        except ValueError:
            return 10 ** 6

    buckets.sort(key=start)
    values: dict[str, Optional[list[float]]] = {}
    for name, m in metrics.items():
        table = (m or {}).get("test_bleu_by_source_tokens")
        if not table:
            values[name] = None
            continue
        values[name] = [float((table.get(b) or {}).get("bleu_lowercase", math.nan)) for b in buckets]
    return buckets, values


# ---- models ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GRUWeights:
    """One GRU's parameters as numpy, torch.nn.GRU layout: rows [r | z | n] of 3H."""

    w_ih: np.ndarray  # (3H, E)
    w_hh: np.ndarray  # (3H, H)
    b_ih: np.ndarray  # (3H,)
    b_hh: np.ndarray  # (3H,)
    embedding: np.ndarray  # (V, E) the embedding that feeds this GRU

    @property
    def hidden(self) -> int:
        return self.w_hh.shape[1]


@dataclass
class LoadedModel:
    name: str
    folder: Path
    bundle: object  # engine.seq2seq.load.Seq2SeqBundle
    encoder: GRUWeights
    decoder: GRUWeights

    @property
    def attention(self) -> str:
        return self.bundle.config.attention

    @property
    def config(self):
        return self.bundle.config


def _gru_weights(layer, embedding) -> GRUWeights:
    def arr(t):
        return t.detach().to("cpu").float().numpy().copy()

    return GRUWeights(arr(layer.weight_ih_l0), arr(layer.weight_hh_l0), arr(layer.bias_ih_l0), arr(layer.bias_hh_l0),
                      arr(embedding.weight))


def load_model(folder: Path, *, progress, is_cancelled) -> Optional[LoadedModel]:
    """Worker: the first torch import happens here, off the GUI thread."""
    progress(0.0, "")
    from engine.seq2seq.load import load_seq2seq

    bundle = load_seq2seq(Path(folder))
    if is_cancelled():
        return None
    inf = bundle.inference
    loaded = LoadedModel(name=Path(folder).name, folder=Path(folder), bundle=bundle,
                         encoder=_gru_weights(inf.encoder, bundle.model.src_embed),
                         decoder=_gru_weights(inf.decoder, bundle.model.tgt_embed))
    import engine.seq2seq.stepper  # noqa: F401  (imported here so the GUI thread never pays for it)

    progress(1.0, "")
    return loaded


def clean_sentence(text: str) -> tuple[str, bool]:
    """The text the model reads, and whether it was cut to MAX_CHARS characters."""
    text = "" if text is None else str(text)
    text = " ".join(text.split())
    if len(text) > MAX_CHARS:
        return text[:MAX_CHARS], True
    return text, False


def make_stepper(model: LoadedModel, sentence: str, top_k: int = 5):
    from engine.seq2seq.stepper import Seq2SeqStepper

    return Seq2SeqStepper(model.bundle, sentence, top_k=top_k)


def run_beam(model: LoadedModel, sentence: str, width: int, *, progress, is_cancelled) -> BeamResult:
    from engine.seq2seq.stepper import beam_search

    progress(0.0, "")
    return beam_search(model.bundle, sentence, width=width)


@dataclass(frozen=True)
class CompareRow:
    name: str
    translation: str  # "" when failed
    error: str  # "" when fine
    steps: int
    log_prob: float


def translate_all(models: list[tuple[str, Path]], cache: dict, sentence: str, *, progress,
                  is_cancelled) -> tuple[list[CompareRow], dict]:
    """Worker: greedy translation of ``sentence`` by each model (loading those not in ``cache``).
    Returns the rows and the newly loaded models (for the GUI thread to add to its cache)."""
    from engine.seq2seq.stepper import Seq2SeqStepper

    rows, new = [], {}
    for k, (name, folder) in enumerate(models):
        if is_cancelled():
            break
        progress(k / max(1, len(models)), name)
        try:
            model = cache.get(name) or new.get(name)
            if model is None:
                model = load_model(folder, progress=lambda *_: None, is_cancelled=is_cancelled)
                new[name] = model
            stepper = Seq2SeqStepper(model.bundle, sentence)
            stepper.run_to_end()
            last = stepper.steps[-1].log_prob if stepper.steps else 0.0
            rows.append(CompareRow(name, stepper.translation, "", len(stepper.steps), last))
        except Exception as exc:  # one broken model must not hide the others
            rows.append(CompareRow(name, "", str(exc), 0, math.nan))
    return rows, new


# ---- GRU equations ---------------------------------------------------------------------------------------------
def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


@dataclass(frozen=True)
class GateEquation:
    """Every number of one GRU update for one unit u at one time step t (float64 arithmetic on float32 weights)."""

    side: str  # "encoder" | "decoder"
    t: int
    unit: int
    token: str  # the input token x_t (encoder: source token; decoder: y_{t-1})
    ir: float  # W_ir x_t + b_ir
    hr: float  # W_hr h_{t-1} + b_hr
    iz: float
    hz: float
    i_n: float  # W_in x_t + b_in
    hn: float  # W_hn h_{t-1} + b_hn
    r: float
    z: float
    n: float
    h_prev: float  # h_{t-1}[u]
    h: float  # h_t[u]


def gate_equation(weights: GRUWeights, input_id: int, h_prev: np.ndarray, unit: int, side: str, t: int,
                  token: str) -> GateEquation:
    """Recompute the GRU step for one unit from the weights (r, z, n, h as in engine.gru.GRULayer.cell)."""
    H = weights.hidden
    u = int(unit)
    x = weights.embedding[int(input_id)].astype(np.float64)
    h_prev = np.asarray(h_prev, dtype=np.float64)
    w_ih, w_hh = weights.w_ih.astype(np.float64, copy=False), weights.w_hh.astype(np.float64, copy=False)
    gi = [float(w_ih[g * H + u] @ x + weights.b_ih[g * H + u]) for g in range(3)]
    gh = [float(w_hh[g * H + u] @ h_prev + weights.b_hh[g * H + u]) for g in range(3)]
    r = sigmoid(gi[0] + gh[0])
    z = sigmoid(gi[1] + gh[1])
    n = math.tanh(gi[2] + r * gh[2])
    hp = float(h_prev[u])
    h = (1 - z) * n + z * hp
    return GateEquation(side, t, u, token, gi[0], gh[0], gi[1], gh[1], gi[2], gh[2], r, z, n, hp, h)


def encoder_equation(model: LoadedModel, enc: EncoderTrace, t: int, unit: int) -> GateEquation:
    h_prev = np.zeros(model.encoder.hidden, dtype=np.float32) if t == 0 else enc.outputs[t - 1]
    return gate_equation(model.encoder, int(enc.ids[t]), h_prev, unit, "encoder", t, enc.tokens[t])


def decoder_equation(model: LoadedModel, step: DecoderStep, unit: int) -> GateEquation:
    token = model.bundle.target_token(step.input_id)
    return gate_equation(model.decoder, step.input_id, step.h_prev, unit, "decoder", step.index, token)


def gate_matrices(enc: EncoderTrace | None, steps: tuple[DecoderStep, ...], side: str) -> dict[str, np.ndarray]:
    """z, r, n, h as (H, T) matrices (units x time) for one side; T may be 0 for the decoder before a step."""
    if side == "encoder":
        if enc is None:
            return {}
        return {"z": enc.z.T, "r": enc.r.T, "n": enc.n.T, "h": enc.outputs.T}
    if not steps:
        return {}
    return {k: np.stack([getattr(s, k) for s in steps], axis=1) for k in ("z", "r", "n", "h")}


def unit_order(matrices: dict[str, np.ndarray], mode: str) -> np.ndarray:
    """Row order for the heatmaps: "index" (0..H-1), "z" (mean update gate, high first), "h" (mean |h|, high first),
    "change" (how much h changes over time, most first)."""
    h = matrices["h"]
    H = h.shape[0]
    if mode == "z":
        key = -matrices["z"].mean(axis=1)
    elif mode == "h":
        key = -np.abs(h).mean(axis=1)
    elif mode == "change":
        key = -(np.abs(np.diff(h, axis=1)).sum(axis=1) if h.shape[1] > 1 else np.abs(h[:, 0]))
    else:
        return np.arange(H)
    return np.argsort(key, kind="stable")
