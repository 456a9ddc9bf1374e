"""The Seq2Seq lab's background work and texts (Qt-free; the heavy parts run in a worker).

The model list, loading and the stepper's moves are the shared session's (desktop_app/sessions/seq2seq_compute.py).

    read_metrics / bleu_by_length   the four models' test BLEU by source length (metrics.json)
    run_beam / translate_all        beam search, and the same sentence through every model (worker functions)
    formula_lines / output_html     what the formula panel and the sentence line say about a state
"""
from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

from desktop_app.sessions.seq2seq_compute import ATTENTIONS, MODELS_DIR, LoadedModel, TranslationState, load_model
from engine.seq2seq.trace import BeamResult  # numpy only, no torch
from engine.text import join_pieces, reading_words

OVERRIDDEN_STYLE = "background-color:#fff1b8;"
SCORE_FORMULAS = {
    "plain": "c = h^enc_S",
    "dot": "e_tj = s_t · h_j",
    "general": "e_tj = s_tᵀ W h_j",
    "additive": "e_tj = vᵀ tanh(W_1 s_t + W_2 h_j)",
}
GENERAL_FORMULAS = {
    "plain": "s_t = GRU(y_{t-1}, s_{t-1}),  s_0 = h_S,   p(y_t) = softmax(W_o tanh(W_c s_t))",
    "dot": "e_tj = s_t · h_j,   a_t = softmax(e_t),   c_t = Σ_j a_tj h_j",
    "general": "e_tj = s_tᵀ W h_j,   a_t = softmax(e_t),   c_t = Σ_j a_tj h_j",
    "additive": "e_tj = vᵀ tanh(W_1 s_t + W_2 h_j),   a_t = softmax(e_t),   c_t = Σ_j a_tj h_j",
}


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


# ---- texts -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FormulaLines:
    """The formula panel's three lines; the note is a key the lab translates ("" = none) with its fields."""

    general: str
    substituted: str = ""
    note: str = ""  # "" | "start" | "row_sum" | "plain" | "looked"
    fields: dict = field(default_factory=dict)


def formula_lines(state: Optional[TranslationState], hover: Optional[tuple[int, int]],
                  attention: str = "additive") -> FormulaLines:
    """The general formula of the model's score, the newest step's numbers (or the hovered cell's) and a note."""
    if state is None:
        return FormulaLines(SCORE_FORMULAS.get(attention, ""))
    attention, steps, src = state.attention, state.steps, state.source_tokens
    general = GENERAL_FORMULAS[attention]
    if not steps:
        return FormulaLines(general, "", "start", {"n": len(src)})
    last, t = steps[-1], len(steps)
    if hover is not None and attention != "plain" and hover[0] < t:
        row, col = hover
        w = float(steps[row].attention[col])
        substituted = f"a_{row + 1},{col + 1} = a({steps[row].token}, {src[col]}) = {w:.4f}"
        return FormulaLines(general, substituted, "row_sum",
                            {"t": row + 1, "total": f"{steps[row].attention.sum():.4f}"})
    if attention == "plain":
        return FormulaLines(general, f"y_{t} = {last.token}   p = {last.token_prob:.4f}", "plain")
    a = last.attention
    top = np.argsort(-a)[:3]
    parts = ", ".join(f"{src[j]} {a[j]:.2f}" for j in top)
    substituted = f"a_{t} = softmax(e_{t}) → {parts}   ⇒   y_{t} = {last.token} (p = {last.token_prob:.3f})"
    j = int(top[0])
    return FormulaLines(general, substituted, "looked",
                        {"t": t, "source": src[j], "weight": f"{a[j]:.0%}", "token": last.token})


def output_html(state: TranslationState, status: str) -> str:
    """The source, an arrow and the tokens written so far (the newest red, forced ones underlined, those written with
    an attention set by hand on a yellow ground); `status` is the
    translated "(step t)" / "(finished)" word."""
    out = []  # words, not subword pieces: "verano ##s" reads "veranos" (the heatmap axes keep the pieces)
    for word, first, last, glue in reading_words([x.token for x in state.steps]):
        style = "color:#c62828; font-weight:bold;" if last == state.n_steps - 1 else ""
        if any(x.forced for x in state.steps[first:last + 1]):
            style += "text-decoration: underline;"
        if any(getattr(x, "overridden", False) for x in state.steps[first:last + 1]):
            style += OVERRIDDEN_STYLE  # its attention was set by hand (a what-if taken)
        out.append(f"{glue}<span style='{style}'>{_esc(word)}</span>")
    src_text = _esc(join_pieces(state.source_tokens))
    return (f"<span style='color:#555'>{src_text}</span> &nbsp;→&nbsp; " + ("".join(out) if out else "…")
            + f" &nbsp;<i style='color:#777'>({status})</i>")


def _esc(text: str) -> str:
    return html.escape(text, quote=False)
