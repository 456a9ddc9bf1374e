"""The Qt-free part of the shared translation session (desktop_app/sessions/seq2seq.py): models on disk, loading,
the moves of one decoder step and the frozen view state both labs draw from.

torch is imported only inside the functions that load or run a model, so importing this module is cheap and the
first torch import happens in a worker thread.

    list_models()                 shipped model folders found on disk, in course order (plain, dot, general, additive)
    load_model(folder)            -> LoadedModel: the engine bundle + the GRU weights as numpy, for the equations
    apply_translation_moves(...)  the StepController's apply: moves on a Seq2SeqStepper -> TranslationState
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from desktop_app.paths import assets_dir
from engine.seq2seq.trace import DecoderStep, EncoderTrace  # numpy only, no torch
from engine.stepping import Move, apply_move

ATTENTIONS = ("plain", "dot", "general", "additive")
MODELS_DIR = assets_dir() / "models" / "seq2seq"
ENV_MODELS = "ATTENTION_LAB_SEQ2SEQ_MODELS"  # another models folder (tests, a user's own models)
MAX_CHARS = 5000  # longer pastes are cut before tokenising (the model reads at most max_src_len tokens anyway)
EXAMPLES = (
    "We are eating bread.",
    "I don't know what to do.",
    "She has a red car.",
    "Where is the train station?",
    "My brother lives in a small house near the river.",
    "When I was a child, I used to spend every summer at my grandparents' house in the mountains, where we "
    "walked for hours, swam in the cold lake and read books until late at night.",
)
DEFAULT_SENTENCE = EXAMPLES[0]


def models_dir() -> Path:
    return Path(os.environ[ENV_MODELS]) if os.environ.get(ENV_MODELS) else MODELS_DIR


@dataclass(frozen=True)
class ModelEntry:
    name: str  # plain | dot | general | additive (or the folder name)
    folder: Path


def list_models(root: Path | None = None) -> list[ModelEntry]:
    """Model folders with both config.json and model.safetensors, the four attention kinds first, in course order."""
    root = Path(root) if root is not None else MODELS_DIR
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and (p / "config.json").is_file()
             and (p / "model.safetensors").is_file()]
    order = {name: i for i, name in enumerate(ATTENTIONS)}
    found.sort(key=lambda p: (order.get(p.name, len(order)), p.name))
    return [ModelEntry(p.name, p) for p in found]


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


# ---- stepping --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TranslationState:
    """What both labs draw after a move: the decoder steps so far over one encoded sentence (frozen, numpy)."""

    steps: tuple[DecoderStep, ...]
    encoder: EncoderTrace
    attention: str  # plain | dot | general | additive
    hidden: int
    finished: bool
    alignment: Optional[np.ndarray]  # (T, S) attention rows so far; None for the plain model

    @property
    def n_steps(self) -> int:
        return len(self.steps)

    @property
    def source_tokens(self) -> tuple[str, ...]:
        return self.encoder.tokens


def translation_state(stepper) -> TranslationState:
    return TranslationState(steps=stepper.steps, encoder=stepper.encoder, attention=stepper.config.attention,
                            hidden=stepper.config.hidden, finished=stepper.finished,
                            alignment=stepper.attention_matrix())


def apply_translation_moves(stepper, moves: list[Move], *, progress=None, is_cancelled=None) -> TranslationState:
    """The StepController's apply, in order: the standard moves, ("replace", token_id) — a candidate clicked:
    the last step emits that token instead (or the next step, before the first) — and ("attend", weights): the next
    step with its attention row given (S weights summing to 1; the step is marked overridden)."""
    for move in moves:
        if apply_move(stepper, move):
            continue
        if move[0] == "attend":
            if not stepper.finished:
                stepper.step_with_attention(move[1])
            continue
        if move[0] != "replace":
            raise ValueError(f"unknown move {move!r}")
        if stepper.steps:
            stepper.back()
        if not stepper.finished:
            stepper.force(int(move[1]))
    return translation_state(stepper)
