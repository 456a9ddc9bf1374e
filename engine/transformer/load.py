"""Load a Transformer translation model folder: config.json, model.safetensors, source and target tokenizers.

Safe formats only (safetensors). A folder that is incomplete or inconsistent raises ModelLoadError naming the problem.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from engine.configs import config_from_dict
from engine.transformer.model import Transformer, TransformerConfig
from engine.weights import check_state_dict

ASSETS = Path(__file__).resolve().parents[2] / "assets"
MODELS = ASSETS / "models" / "transformer"
MAX_SOURCE_TOKENS = 510


class ModelLoadError(ValueError):
    """A model folder that cannot be used, with the reason in words."""


class EmptyInputError(ValueError):
    """The sentence to translate is empty or only spaces."""


def _korean_particles(text: str) -> str:
    from engine.train.ko_en_grammar import split_particles
    return " ".join(split_particles(text))


# Text preprocessing named in config.json (a name, never code, so a model folder cannot run anything).
PREPROCESS: dict[str, Callable[[str], str]] = {"none": lambda s: s, "korean_particles": _korean_particles}


def _detokenize(text: str) -> str:
    from engine.text import detokenize
    return detokenize(text)


POSTPROCESS: dict[str, Callable[[str], str]] = {"none": lambda s: s, "detokenize": _detokenize}


@dataclass
class TranslationBundle:
    name: str
    model: Transformer
    src_tokenizer: object  # tokenizers.Tokenizer
    tgt_tokenizer: object
    preprocess: Callable[[str], str]
    postprocess: Callable[[str], str]
    info: dict  # config.json's "about": data, languages, what the model was trained on

    @property
    def bos_id(self) -> int:
        return self.tgt_tokenizer.token_to_id("<s>")

    @property
    def eos_id(self) -> int:
        return self.tgt_tokenizer.token_to_id("</s>")

    def target_token(self, token_id: int) -> str:
        return self.tgt_tokenizer.id_to_token(int(token_id)) or "<unk>"

    def encode_source(self, text: str, max_tokens: int = MAX_SOURCE_TOKENS) -> tuple[list[int], list[str], bool]:
        """ids, token strings, and whether the input was cut to max_tokens (at most the model's positions)."""
        max_tokens = min(max_tokens, self.model.config.max_len)
        if not text or not text.strip():
            raise EmptyInputError("the sentence is empty")
        enc = self.src_tokenizer.encode(self.preprocess(text.strip()))
        ids, tokens = list(enc.ids), list(enc.tokens)
        if not ids:
            raise EmptyInputError("the sentence has no tokens")
        truncated = len(ids) > max_tokens
        return ids[:max_tokens], tokens[:max_tokens], truncated

    def detokenize(self, ids) -> str:
        specials = {self.bos_id, self.eos_id, self.tgt_tokenizer.token_to_id("<pad>")}
        return self.postprocess(self.tgt_tokenizer.decode([int(i) for i in ids if int(i) not in specials]))


def load_translation_model(folder: str | Path) -> TranslationBundle:
    from safetensors.torch import load_file
    from tokenizers import Tokenizer

    folder = Path(folder)
    if not folder.is_dir():
        raise ModelLoadError(f"model folder not found: {folder}")
    for needed in ("config.json", "model.safetensors", "source_tokenizer.json", "target_tokenizer.json"):
        if not (folder / needed).is_file():
            raise ModelLoadError(f"{folder.name}: missing {needed}")
    try:
        raw = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        config = config_from_dict(TransformerConfig, raw["model"])
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelLoadError(f"{folder.name}: config.json is not a valid Transformer config ({exc})") from None
    preprocess = PREPROCESS.get(raw.get("preprocess", "none"))
    postprocess = POSTPROCESS.get(raw.get("postprocess", "none"))
    if preprocess is None or postprocess is None:
        raise ModelLoadError(f"{folder.name}: unknown pre- or postprocess in config.json")
    try:
        src_tok = Tokenizer.from_file(str(folder / "source_tokenizer.json"))
        tgt_tok = Tokenizer.from_file(str(folder / "target_tokenizer.json"))
    except Exception as exc:  # the tokenizers library raises its own exception type
        raise ModelLoadError(f"{folder.name}: a tokenizer file is unreadable ({exc})") from None
    try:
        model = Transformer(config)
    except (ValueError, RuntimeError, AssertionError) as exc:  # e.g. d_model not divisible by n_heads
        raise ModelLoadError(f"{folder.name}: config.json describes no valid Transformer ({exc})") from None
    try:
        state = load_file(str(folder / "model.safetensors"))
    except Exception as exc:
        raise ModelLoadError(f"{folder.name}: model.safetensors is unreadable ({exc})") from None
    model.load_state_dict(check_state_dict(model, state, f"{folder.name}/model.safetensors", ModelLoadError))
    if src_tok.get_vocab_size() != config.src_vocab or tgt_tok.get_vocab_size() != config.tgt_vocab:
        raise ModelLoadError(f"{folder.name}: tokenizer sizes do not match the config's vocabularies")
    return TranslationBundle(folder.name, model.eval(), src_tok, tgt_tok, preprocess, postprocess,
                             raw.get("about", {}))


def model_folder(name_or_path: str) -> Path:
    """A shipped model by name (en-es, ko-en) or a folder path."""
    p = Path(name_or_path)
    return p if p.is_dir() or "/" in name_or_path or "\\" in name_or_path else MODELS / name_or_path
