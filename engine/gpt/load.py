"""Load a GPT model folder: config.json, model.safetensors, and the tokenizer (vocab.txt or tokenizer.json).

The tokenizer is BERT's uncased WordPiece vocabulary, so the lab can put the same tokens through BERT and GPT. The
model may predict only part of that vocabulary (its softmax is the costly layer to train on a CPU): config.json then
lists the tokenizer ids it keeps in ``vocabulary.token_ids`` (model id i <-> tokenizer id token_ids[i]); any other
piece reaches the model as [UNK]. Safe formats only; anything incomplete raises ModelLoadError naming the problem.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from engine.configs import config_from_dict
from engine.gpt.model import GPT, GPTConfig
from engine.weights import check_state_dict

ASSETS = Path(__file__).resolve().parents[2] / "assets"
DEFAULT_MODEL = ASSETS / "models" / "gpt"
BOS = "[CLS]"  # the sequence starts with BERT's [CLS]: a left context even for an empty prompt


class ModelLoadError(ValueError):
    """A model folder that cannot be used, with the reason in words."""


class EmptyPromptError(ValueError):
    """The prompt is empty or has no tokens."""


def default_model_folder() -> Path:
    return DEFAULT_MODEL


@dataclass
class GPTBundle:
    model: GPT  # in eval mode
    tokenizer: object  # tokenizers.Tokenizer (uncased WordPiece)
    config: GPTConfig
    name: str
    info: dict  # config.json's "about": data, what the model was trained on
    token_ids: np.ndarray  # (V,) tokenizer id of each model id
    model_ids: np.ndarray  # (tokenizer vocab,) model id of each tokenizer id ([UNK]'s model id when not kept)

    @property
    def bos_id(self) -> int:
        return int(self.model_ids[self.tokenizer.token_to_id(BOS)])

    @property
    def unk_id(self) -> int:
        return int(self.model_ids[self.tokenizer.token_to_id("[UNK]")])

    def token(self, model_id: int) -> str:
        return self.tokenizer.id_to_token(int(self.token_ids[int(model_id)])) or "[UNK]"

    def encode(self, text: str, max_tokens: Optional[int] = None) -> tuple[list[int], list[str], bool]:
        """[CLS] + WordPiece tokens of ``text`` as model ids, their strings, and whether the prompt was cut.

        A prompt longer than the model's window keeps its last tokens (the ones next to what comes next).
        """
        if not isinstance(text, str) or not text.strip():
            raise EmptyPromptError("the prompt is empty")
        enc = self.tokenizer.encode(text.strip(), add_special_tokens=False)
        if not enc.ids:
            raise EmptyPromptError("the prompt has no tokens")
        ids = [int(self.model_ids[i]) for i in enc.ids]
        limit = (max_tokens or self.config.block_size) - 1
        truncated = len(ids) > limit
        ids = ids[-limit:] if truncated else ids
        ids = [self.bos_id] + ids
        return ids, [self.token(i) for i in ids], truncated

    def decode(self, model_ids: Sequence[int]) -> str:
        """Text of model ids as a person reads it: WordPiece pieces joined, "i ' m" as "i'm", [CLS] left out."""
        from engine.text import join_pieces

        return join_pieces([self.token(int(i)) for i in model_ids if int(i) != self.bos_id])


def _read_config(folder: Path) -> tuple[GPTConfig, dict]:
    try:
        raw = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        config = config_from_dict(GPTConfig, raw["model"])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError,
            AttributeError) as exc:
        raise ModelLoadError(f"{folder.name}: config.json is not a valid GPT config ({exc})") from None
    return config, raw


def load_gpt(folder: str | Path) -> GPTBundle:
    from safetensors.torch import load_file

    from engine.bert.load import ModelLoadError as BertLoadError
    from engine.bert.load import build_tokenizer

    folder = Path(folder)
    if not folder.is_dir():
        raise ModelLoadError(f"model folder not found: {folder}")
    for needed in ("config.json", "model.safetensors"):
        if not (folder / needed).is_file():
            raise ModelLoadError(f"{folder.name}: missing {needed}")
    config, raw = _read_config(folder)
    try:
        tokenizer = build_tokenizer(folder, 1_000_000)
    except BertLoadError as exc:
        raise ModelLoadError(str(exc)) from None
    n_tok = tokenizer.get_vocab_size()
    kept = (raw.get("vocabulary") or {}).get("token_ids")
    if kept is None:
        if config.vocab_size != n_tok:
            raise ModelLoadError(f"{folder.name}: the tokenizer has {n_tok} tokens, the model {config.vocab_size}, "
                                 "and config.json lists no vocabulary.token_ids")
        token_ids = np.arange(n_tok)
    else:
        if (not isinstance(kept, list) or len(kept) != config.vocab_size
                or not all(isinstance(i, int) and 0 <= i < n_tok for i in kept) or len(set(kept)) != len(kept)):
            raise ModelLoadError(f"{folder.name}: vocabulary.token_ids must be {config.vocab_size} distinct "
                                 f"tokenizer ids below {n_tok}")
        token_ids = np.asarray(kept, dtype=np.int64)
    unk_tok = tokenizer.token_to_id("[UNK]")
    if unk_tok not in set(token_ids.tolist()) or tokenizer.token_to_id(BOS) not in set(token_ids.tolist()):
        raise ModelLoadError(f"{folder.name}: the model's vocabulary lacks [UNK] or {BOS}")
    model_ids = np.full(n_tok, int(np.flatnonzero(token_ids == unk_tok)[0]), dtype=np.int64)
    model_ids[token_ids] = np.arange(len(token_ids))
    try:
        model = GPT(config)
    except (ValueError, RuntimeError) as exc:
        raise ModelLoadError(f"{folder.name}: config.json describes no valid GPT ({exc})") from None
    try:
        state = load_file(str(folder / "model.safetensors"))
    except Exception as exc:  # safetensors raises its own error types for damaged files
        raise ModelLoadError(f"{folder.name}: model.safetensors is unreadable ({exc})") from None
    model.load_state_dict(check_state_dict(model, state, f"{folder.name}/model.safetensors", ModelLoadError))
    return GPTBundle(model.eval(), tokenizer, config, folder.name, raw.get("about", {}), token_ids, model_ids)


def save_gpt(folder: Path, model: GPT, vocab_txt: bytes, token_ids: Optional[Sequence[int]], about: dict,
             fp16: bool = True) -> None:
    """config.json, model.safetensors (fp16 or fp32), vocab.txt + tokenizer_config.json (uncased)."""
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = {k: (v.half() if fp16 else v.float()).contiguous().cpu() for k, v in model.state_dict().items()}
    save_file(state, str(folder / "model.safetensors"))
    raw = {"model": model.config.to_dict(), "about": about}
    if token_ids is not None:
        raw["vocabulary"] = {"token_ids": [int(i) for i in token_ids]}
    (folder / "config.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    (folder / "vocab.txt").write_bytes(vocab_txt)
    (folder / "tokenizer_config.json").write_text(json.dumps({"do_lower_case": True}), encoding="utf-8")
