"""Load a seq2seq model folder: config.json + model.safetensors (+ tokenizers, from the folder or assets/tokenizers).

Safe formats only. A folder that is missing, incomplete or inconsistent raises ModelLoadError naming the file or
tensor at fault. Weights are cast to float32 whatever dtype they were stored in.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from engine.configs import config_from_dict
from engine.seq2seq.model import ATTENTIONS, InferenceSeq2Seq, Seq2Seq, Seq2SeqConfig
from engine.weights import check_state_dict

ASSETS = Path(__file__).resolve().parents[2] / "assets"
MODELS = ASSETS / "models" / "seq2seq"
TOKENIZERS = ASSETS / "tokenizers"


class ModelLoadError(ValueError):
    """A model folder that cannot be used, with the reason in words."""


class EmptyInputError(ValueError):
    """The sentence to translate is empty or only whitespace."""


@dataclass
class Seq2SeqBundle:
    """A loaded model ready to step: the torch model, its GRULayer view, both tokenizers, what it was trained on."""

    name: str
    model: Seq2Seq
    inference: InferenceSeq2Seq
    src_tokenizer: object  # tokenizers.Tokenizer (English)
    tgt_tokenizer: object  # tokenizers.Tokenizer (Spanish)
    info: dict  # config.json's "about"
    metrics: Optional[dict] = None  # metrics.json when present

    @property
    def config(self) -> Seq2SeqConfig:
        return self.model.config

    @property
    def attention(self) -> str:
        return self.config.attention

    def source_token(self, token_id: int) -> str:
        return self.src_tokenizer.id_to_token(int(token_id)) or "<unk>"

    def target_token(self, token_id: int) -> str:
        return self.tgt_tokenizer.id_to_token(int(token_id)) or "<unk>"

    def encode_source(self, text: str) -> tuple[list[int], list[str], bool, int]:
        """ids, token strings, truncated?, length before truncation. Raises EmptyInputError on blank input."""
        if text is None or not str(text).strip():
            raise EmptyInputError("the sentence is empty")
        enc = self.src_tokenizer.encode(str(text).strip())
        ids, tokens = list(enc.ids), list(enc.tokens)
        if not ids:  # e.g. only characters the normaliser removes
            ids, tokens = [self.config.unk_id], ["<unk>"]
        limit = self.config.max_src_len
        return ids[:limit], tokens[:limit], len(ids) > limit, len(ids)

    def detokenize(self, ids) -> str:
        from engine.text import decode_ids

        return decode_ids(self.tgt_tokenizer, ids)


def model_folder(name_or_path: str | Path) -> Path:
    """A shipped model by name (plain, dot, general, additive) or a folder path."""
    s = str(name_or_path)
    if s in ATTENTIONS:
        return MODELS / s
    return Path(s)


def _load_tokenizer(folder: Path, file_name: str):
    from tokenizers import Tokenizer

    for candidate in (folder / file_name, TOKENIZERS / file_name):
        if candidate.is_file():
            try:
                return Tokenizer.from_file(str(candidate))
            except Exception as exc:  # the tokenizers library raises its own exception type
                raise ModelLoadError(f"{candidate}: tokenizer file is unreadable ({exc})") from None
    raise ModelLoadError(f"{folder.name}: missing tokenizer {file_name} (looked in the folder and {TOKENIZERS})")


def load_seq2seq(name_or_path: str | Path) -> Seq2SeqBundle:
    from safetensors.torch import load_file

    folder = model_folder(name_or_path)
    if not folder.is_dir():
        raise ModelLoadError(f"model folder not found: {folder}")
    for needed in ("config.json", "model.safetensors"):
        if not (folder / needed).is_file():
            raise ModelLoadError(f"{folder.name}: missing {needed} in {folder}")
    try:
        raw = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        config = config_from_dict(Seq2SeqConfig, raw["model"])
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelLoadError(f"{folder.name}: config.json is not a valid seq2seq config ({exc})") from None
    names = raw.get("tokenizers", {}) if isinstance(raw.get("tokenizers"), dict) else {}
    src_tok = _load_tokenizer(folder, names.get("source", "en.json"))
    tgt_tok = _load_tokenizer(folder, names.get("target", "es.json"))
    if src_tok.get_vocab_size() != config.src_vocab or tgt_tok.get_vocab_size() != config.tgt_vocab:
        raise ModelLoadError(f"{folder.name}: tokenizer sizes ({src_tok.get_vocab_size()}, "
                             f"{tgt_tok.get_vocab_size()}) do not match config.json ({config.src_vocab}, "
                             f"{config.tgt_vocab})")
    try:
        state = load_file(str(folder / "model.safetensors"))
    except Exception as exc:
        raise ModelLoadError(f"{folder.name}: model.safetensors is unreadable ({exc})") from None
    model = Seq2Seq(config)
    expected = model.state_dict()
    if config.tie_embeddings:
        expected.pop("W_o.weight")  # the same tensor as tgt_embed.weight, stored once
    state = check_state_dict(expected, state, f"{folder.name}/model.safetensors", ModelLoadError)
    model.load_state_dict(state, strict=False)  # strict but for the tied W_o.weight, checked above
    model.eval()
    metrics = None
    if (folder / "metrics.json").is_file():
        try:
            metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            metrics = None
    return Seq2SeqBundle(folder.name, model, InferenceSeq2Seq(model), src_tok, tgt_tok, raw.get("about", {}), metrics)
