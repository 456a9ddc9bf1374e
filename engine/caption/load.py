"""Load the captioner: the decoder folder (config.json, model.safetensors, vocab.json, metrics.json) and the CNN.

Safe formats only; a missing or damaged folder raises CaptionLoadError naming the file or tensor at fault.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from engine.caption.cnn import CNN_FILE, CNNLoadError, MobileNetV2, load_cnn
from engine.caption.model import CaptionConfig, CaptionDecoder
from engine.configs import config_from_dict
from engine.weights import check_state_dict

ASSETS = Path(__file__).resolve().parents[2] / "assets"
DECODER_DIR = ASSETS / "models" / "caption" / "decoder"
SAMPLES_DIR = ASSETS / "images" / "caption" / "samples"


class CaptionLoadError(ValueError):
    """A captioner folder or CNN file that cannot be used, with the reason in words."""


@dataclass
class CaptionBundle:
    name: str
    decoder: CaptionDecoder
    cnn: MobileNetV2
    vocab: tuple[str, ...]
    info: dict  # config.json's "about": what the captioner was trained on
    metrics: Optional[dict] = None

    @property
    def config(self) -> CaptionConfig:
        return self.decoder.config

    def word(self, token_id: int) -> str:
        i = int(token_id)
        return self.vocab[i] if 0 <= i < len(self.vocab) else "<unk>"

    @property
    def content_words(self) -> tuple[str, ...]:
        """The vocabulary without <pad>, <s>, </s>, <unk>."""
        return tuple(w for w in self.vocab if not w.startswith("<"))


def load_decoder(folder: str | Path = DECODER_DIR) -> tuple[CaptionDecoder, tuple[str, ...], dict, Optional[dict]]:
    from safetensors.torch import load_file

    folder = Path(folder)
    if not folder.is_dir():
        raise CaptionLoadError(f"captioner folder not found: {folder}")
    for needed in ("config.json", "model.safetensors", "vocab.json"):
        if not (folder / needed).is_file():
            raise CaptionLoadError(f"{folder.name}: missing {needed} in {folder}")
    try:
        raw = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        config = config_from_dict(CaptionConfig, raw["model"])
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        if not isinstance(vocab, list) or not all(isinstance(w, str) for w in vocab):
            raise TypeError("vocab.json must be a list of words")
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CaptionLoadError(f"{folder.name}: config.json or vocab.json is not valid ({exc})") from None
    if len(vocab) != config.vocab:
        raise CaptionLoadError(f"{folder.name}: vocab.json has {len(vocab)} words, config.json says {config.vocab}")
    try:
        state = load_file(str(folder / "model.safetensors"))
    except Exception as exc:
        raise CaptionLoadError(f"{folder.name}: model.safetensors is unreadable ({exc})") from None
    model = CaptionDecoder(config)
    model.load_state_dict(check_state_dict(model, state, f"{folder.name}/model.safetensors", CaptionLoadError))
    model.eval()
    metrics = None
    if (folder / "metrics.json").is_file():
        try:
            metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            metrics = None
    about = raw.get("about", {}) if isinstance(raw.get("about"), dict) else {}
    return model, tuple(vocab), about, metrics


def load_captioner(folder: str | Path = DECODER_DIR, cnn_path: str | Path = CNN_FILE) -> CaptionBundle:
    decoder, vocab, about, metrics = load_decoder(folder)
    try:
        cnn = load_cnn(cnn_path)
    except CNNLoadError as exc:
        raise CaptionLoadError(str(exc)) from None
    return CaptionBundle(name=Path(folder).name, decoder=decoder, cnn=cnn, vocab=vocab, info=about, metrics=metrics)


def sample_images() -> list[Path]:
    """The shipped sample pictures: real photos first, then generated scenes."""
    if not SAMPLES_DIR.is_dir():
        return []
    files = sorted(p for p in SAMPLES_DIR.iterdir() if p.suffix.lower() in (".jpg", ".png"))
    return sorted(files, key=lambda p: (not p.name.startswith("photo_"), p.name))
