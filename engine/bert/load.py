"""Load a BERT folder in the Hugging Face layout: config.json, vocab.txt (or tokenizer.json), and the weights.

Weights come from ``model.safetensors`` or from ``pytorch_model.bin`` read with ``torch.load(weights_only=True)``,
which refuses any pickle that would build something other than tensors (so a file cannot run code). Checkpoints saved
from BertModel (keys without ``bert.``), BertForMaskedLM and BertForPreTraining are accepted; the heads present decide
``has_mlm`` / ``has_nsp``. Anything incomplete or inconsistent raises ModelLoadError naming the problem.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import torch

from engine.bert.model import Bert, BertConfig
from engine.bert.trace import Encoded
from engine.weights import check_state_dict

ASSETS = Path(__file__).resolve().parents[2] / "assets"
DEFAULT_MODEL = ASSETS / "models" / "bert"
SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
# What normalize_keys maps, in one place. Checkpoints written by transformers (or the original TF conversion) name
# some tensors differently; the renamed / re-prefixed keys are then checked like any other (engine.weights).
RENAMED_SUFFIXES = {"LayerNorm.gamma": "LayerNorm.weight", "LayerNorm.beta": "LayerNorm.bias"}  # TF-era names
BARE_PREFIXES = ("embeddings.", "encoder.", "pooler.")  # a bare BertModel's keys, which get "bert."
# Buffers some transformers versions saved with the weights (not weights: arange(T) and zeros); they are
# recomputed, never loaded, and are the only keys the loader drops. Anything else unknown is an error.
IGNORED_KEYS = ("bert.embeddings.position_ids", "bert.embeddings.token_type_ids")


class ModelLoadError(ValueError):
    """A model folder that cannot be used, with the reason in words."""


class EmptyTextError(ValueError):
    """The text to analyse is empty or only spaces."""


class NoMaskError(ValueError):
    """Masked-word prediction was asked for a text without [MASK]."""


class MissingHeadError(ValueError):
    """The model lacks the head a task needs (a bare encoder has neither MLM nor NSP head)."""


@dataclass
class BertBundle:
    model: Bert  # in eval mode
    tokenizer: object  # tokenizers.Tokenizer (BertWordPieceTokenizer), truncation at the model's positions
    config: BertConfig
    name: str
    has_mlm: bool
    has_nsp: bool
    ignored_keys: tuple[str, ...] = ()  # buffers found in the weights file and not loaded (IGNORED_KEYS)

    def special_id(self, token: str) -> int:
        return self.tokenizer.token_to_id(token)

    @property
    def mask_id(self) -> int:
        return self.special_id("[MASK]")

    @property
    def special_ids(self) -> frozenset[int]:
        return frozenset(self.special_id(t) for t in SPECIAL_TOKENS)

    def token(self, token_id: int) -> str:
        return self.tokenizer.id_to_token(int(token_id)) or "[UNK]"

    def encode(self, text: str, text_b: Optional[str] = None) -> Encoded:
        """[CLS] text [SEP] (text_b [SEP]); cut to max_position_embeddings tokens (``truncated`` says so)."""
        for t in (text,) if text_b is None else (text, text_b):
            if not isinstance(t, str) or not t.strip():
                raise EmptyTextError("the text is empty" if text_b is None else "both sentences must be non-empty")
        enc = self.tokenizer.encode(text.strip(), None if text_b is None else text_b.strip())
        sizes = [enc.type_ids.count(0) - 2] + ([] if text_b is None else [enc.type_ids.count(1) - 1])
        if min(sizes) < 1:  # only characters the normaliser drops (controls, zero-width spaces)
            raise EmptyTextError("the text has no tokens" if text_b is None else "a sentence has no tokens")
        return Encoded(ids=list(enc.ids), tokens=list(enc.tokens), token_type_ids=list(enc.type_ids),
                       truncated=bool(enc.overflowing))


def default_model_folder() -> Path:
    return DEFAULT_MODEL


def _read_json(path: Path) -> dict:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelLoadError(f"{path.parent.name}: {path.name} is not readable JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise ModelLoadError(f"{path.parent.name}: {path.name} is not a JSON object")
    return raw


def build_tokenizer(folder: Path, max_tokens: int):
    """WordPiece tokenizer from vocab.txt (lower-casing per tokenizer_config.json), else from tokenizer.json."""
    from tokenizers import Tokenizer
    from tokenizers.implementations import BertWordPieceTokenizer

    tok_cfg = _read_json(folder / "tokenizer_config.json") if (folder / "tokenizer_config.json").is_file() else {}
    try:
        if (folder / "vocab.txt").is_file():
            lowercase = bool(tok_cfg.get("do_lower_case", True))
            tokenizer = BertWordPieceTokenizer(
                str(folder / "vocab.txt"), lowercase=lowercase, strip_accents=tok_cfg.get("strip_accents"),
                handle_chinese_chars=bool(tok_cfg.get("tokenize_chinese_chars", True)))
        elif (folder / "tokenizer.json").is_file():
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        else:
            raise ModelLoadError(f"{folder.name}: missing vocab (vocab.txt or tokenizer.json)")
    except ModelLoadError:
        raise
    except Exception as exc:  # the tokenizers library raises its own exception types
        raise ModelLoadError(f"{folder.name}: the vocabulary is unreadable ({exc})") from None
    absent = [t for t in SPECIAL_TOKENS if tokenizer.token_to_id(t) is None]
    if absent:
        raise ModelLoadError(f"{folder.name}: the vocabulary lacks the special tokens {', '.join(absent)}")
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens)
    return tokenizer


def read_weights(folder: Path) -> dict[str, torch.Tensor]:
    """model.safetensors, else pytorch_model.bin through the weights-only unpickler (code-running pickles refused)."""
    safetensors_file, bin_file = folder / "model.safetensors", folder / "pytorch_model.bin"
    if safetensors_file.is_file():
        from safetensors.torch import load_file
        try:
            state = load_file(str(safetensors_file))
        except Exception as exc:
            raise ModelLoadError(f"{folder.name}: model.safetensors is unreadable ({exc})") from None
    elif bin_file.is_file():
        try:
            state = torch.load(bin_file, map_location="cpu", weights_only=True)
        except Exception as exc:  # UnpicklingError for anything but tensors and plain containers
            raise ModelLoadError(f"{folder.name}: pytorch_model.bin refused: it is not a plain weights file "
                                 f"({_unpickle_reason(exc)}); convert it to model.safetensors") from None
        if isinstance(state, dict) and "state_dict" in state and isinstance(state["state_dict"], dict):
            state = state["state_dict"]
        if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
            raise ModelLoadError(f"{folder.name}: pytorch_model.bin does not hold a dict of named tensors")
    else:
        raise ModelLoadError(f"{folder.name}: missing weights (model.safetensors or pytorch_model.bin)")
    return state


def _unpickle_reason(exc: Exception) -> str:
    """The useful line of torch's weights-only refusal (its advice to load unsafely is left out on purpose)."""
    match = re.search(r"Unsupported global: GLOBAL (\S+)", str(exc))
    if match:
        return f"it would call {match.group(1)}, which a weights file never needs"
    match = re.search(r"WeightsUnpickler error:\s*(.+)", str(exc))
    if match:
        return f"the weights-only unpickler stopped at: {match.group(1).strip()[:120]}"
    return type(exc).__name__


def normalize_keys(state: dict[str, torch.Tensor], dropped: Optional[list[str]] = None) -> dict[str, torch.Tensor]:
    """Names as in BertForPreTraining: add ``bert.`` to a bare BertModel's keys, old gamma/beta -> weight/bias,
    drop the saved buffers of IGNORED_KEYS (their names in the file are appended to ``dropped`` when given).
    The only renaming or dropping of checkpoint keys (see the tables above); build_model then requires exactly the
    model's tensors."""
    out = {}
    for name, tensor in state.items():
        key = name
        for old, new in RENAMED_SUFFIXES.items():
            key = key.replace(old, new)
        if key.startswith(BARE_PREFIXES):
            key = "bert." + key
        if key in IGNORED_KEYS:
            if dropped is not None:
                dropped.append(name)
            continue
        out[key] = tensor
    return out


def build_model(state: dict[str, torch.Tensor], config: BertConfig, where: str = "model") -> Bert:
    """A Bert with the heads the (normalised) state dict has, its weights loaded, in eval mode."""
    has_mlm = any(k.startswith("cls.predictions.") for k in state)
    has_nsp = any(k.startswith("cls.seq_relationship.") for k in state)
    has_pooler = any(k.startswith("bert.pooler.") for k in state)
    if has_nsp and not has_pooler:
        raise ModelLoadError(f"{where}: the weights have an NSP head (cls.seq_relationship) but no pooler")
    state = dict(state)
    if has_mlm:  # tied tensors that transformers leaves out of its files
        state.setdefault("cls.predictions.bias", state.get("cls.predictions.decoder.bias"))
        state.setdefault("cls.predictions.decoder.bias", state.get("cls.predictions.bias"))
        if config.tie_word_embeddings:
            state.setdefault("cls.predictions.decoder.weight", state.get("bert.embeddings.word_embeddings.weight"))
        state = {k: v for k, v in state.items() if v is not None}
    model = Bert(config, mlm=has_mlm, nsp=has_nsp, pooler=has_pooler)
    model.load_state_dict(check_state_dict(model, state, where, ModelLoadError))
    model.tie_weights()
    return model.eval()


def load_bert(folder: str | Path) -> BertBundle:
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelLoadError(f"model folder not found: {folder}")
    if not (folder / "config.json").is_file():
        raise ModelLoadError(f"{folder.name}: missing config.json")
    raw = _read_json(folder / "config.json")
    if raw.get("model_type", "bert") != "bert":
        raise ModelLoadError(f"{folder.name}: config.json is for model_type {raw['model_type']!r}, not 'bert'")
    try:
        config = BertConfig.from_dict(raw)
    except (TypeError, ValueError) as exc:
        raise ModelLoadError(f"{folder.name}: config.json is not a usable BERT config ({exc})") from None
    tokenizer = build_tokenizer(folder, config.max_position_embeddings)
    ignored: list[str] = []
    weights_file = "model.safetensors" if (folder / "model.safetensors").is_file() else "pytorch_model.bin"
    model = build_model(normalize_keys(read_weights(folder), ignored), config, f"{folder.name}/{weights_file}")
    n_vocab = tokenizer.get_vocab_size()
    if n_vocab != config.vocab_size:
        raise ModelLoadError(f"{folder.name}: the vocabulary has {n_vocab} tokens but the word embeddings have "
                             f"{config.vocab_size} rows")
    return BertBundle(model=model, tokenizer=tokenizer, config=config, name=folder.name,
                      has_mlm=model.has_mlm, has_nsp=model.has_nsp, ignored_keys=tuple(ignored))


def save_bert(folder: str | Path, model: Bert, tokenizer, lowercase: bool = True) -> Path:
    """Write a folder that ``load_bert`` (and transformers) reads: config.json, vocab.txt, tokenizer_config.json,
    model.safetensors (tied copies of the word embeddings and the MLM bias left out, as transformers does)."""
    from safetensors.torch import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    arch = "BertForPreTraining" if model.has_nsp else "BertForMaskedLM" if model.has_mlm else "BertModel"
    config = {"architectures": [arch], **model.config.to_dict()}
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda kv: kv[1])
    if [i for _, i in vocab] != list(range(len(vocab))):
        raise ValueError("the tokenizer's ids are not 0..N-1; cannot write vocab.txt")
    (folder / "vocab.txt").write_text("".join(t + "\n" for t, _ in vocab), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(json.dumps({"do_lower_case": lowercase}) + "\n", encoding="utf-8")
    tied = {"cls.predictions.decoder.bias"}
    if model.has_mlm and model.config.tie_word_embeddings:
        tied.add("cls.predictions.decoder.weight")
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items() if k not in tied}
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
    return folder
