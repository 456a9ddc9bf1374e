"""A tiny random captioning decoder folder for tests: the real 20-word vocabulary, fp16 safetensors, fast."""
import json
from pathlib import Path

import torch


def make_tiny_caption_folder(folder: Path, seed: int = 0, max_len: int = 8, about: dict | None = None) -> Path:
    """config.json + model.safetensors + vocab.json, independent of the shipped weights."""
    from safetensors.torch import save_file

    from engine.caption import scenes as S
    from engine.caption.model import CaptionConfig, CaptionDecoder

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    config = CaptionConfig(vocab=len(S.VOCAB_WORDS), embed=16, enc=32, hidden=32, attn=16, max_len=max_len)
    model = CaptionDecoder(config)
    save_file({k: v.half().contiguous() for k, v in model.state_dict().items()}, str(folder / "model.safetensors"))
    (folder / "config.json").write_text(json.dumps({"model": config.__dict__, "about": about or {}}))
    (folder / "vocab.json").write_text(json.dumps(list(S.VOCAB_WORDS)))
    return folder
