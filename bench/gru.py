"""Gate-capturing GRU (engine.gru.GRULayer) vs torch.nn.GRU, same weights, 256 -> 512, 50 steps.

Prints p50 times and the ratio ours / torch (goal <= 1.5). Run: .venv/bin/python bench/gru.py
"""
from __future__ import annotations

import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from _timing import HEADER, ms, row, time_calls  # noqa: E402

from engine.gru import GRULayer  # noqa: E402


def main() -> None:
    torch.manual_seed(0)
    ref = torch.nn.GRU(256, 512, batch_first=True).eval()
    ours = GRULayer(256, 512).load_from_torch(ref).eval()
    print(HEADER)
    for batch in (1, 32):
        x = torch.randn(batch, 50, 256)
        with torch.inference_mode():
            t_ref = time_calls(lambda: ref(x), repeats=30)
            t_ours = time_calls(lambda: ours(x), repeats=30)
        ratio = ms(t_ours) / ms(t_ref)
        print(row(f"GRU 256->512, 50 steps, batch {batch} (with gates)", f"{ms(t_ours):.2f} ms",
                  f"torch.nn.GRU {ms(t_ref):.2f} ms", ratio, "<= 1.5x"))


if __name__ == "__main__":
    main()
