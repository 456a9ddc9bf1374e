"""Transformer lab: time to compute and paint the full model view at 128 and 510 source tokens, and one step + redraw.

compute = encode + all attention maps as arrays (the worker's part); paint = moving them into the views built once
(setImage) and rendering the window (the GUI thread's part). Offscreen.
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/transformer_view.py
"""
from __future__ import annotations

import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ATTENTION_LAB_SETTINGS", os.path.join(tempfile.mkdtemp(), "bench.ini"))
sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import numpy as np  # noqa: E402
from _timing import HEADER, row  # noqa: E402


def noop(*_args):
    return None


def main() -> None:
    from desktop_app.app import create_window, ensure_application
    from desktop_app.labs.transformer.compute import apply_moves, list_models, open_session
    from desktop_app.settings import Settings

    app = ensure_application()
    window = create_window(app, Settings(), "en")
    window.resize(1280, 800)
    window.show()
    lab = window.show_lab("transformer")
    deadline = time.monotonic() + 120
    while lab.is_busy() and time.monotonic() < deadline:  # the lab's own first load (torch, model)
        app.processEvents()
        time.sleep(0.01)
    folder = list_models()[0]
    bundle = lab.host.bundle

    def paint(state) -> float:
        t0 = time.perf_counter()
        lab.show_state(state)
        window.grab()  # forces layout and a full render of every view
        return (time.perf_counter() - t0) * 1000

    print(HEADER)
    for n_tokens in (128, 512):
        text = " ".join((["나", "는", "학교", "에", "간다"] * (n_tokens // 5 + 1))[:n_tokens])
        computes, paints, steps, step_paints, updates = [], [], [], [], []
        for _ in range(5):
            t0 = time.perf_counter()
            session, state = open_session(folder, text, bundle, progress=noop, is_cancelled=lambda: False)
            computes.append((time.perf_counter() - t0) * 1000)
            paints.append(paint(state))
            for kind in ("encoder", "decoder", "cross"):  # what a user flips through
                lab.set_kind(kind)
            lab.set_kind("encoder")
            for _s in range(3):
                t0 = time.perf_counter()
                state = apply_moves(session, [("step",)], progress=noop, is_cancelled=lambda: False)
                steps.append((time.perf_counter() - t0) * 1000)
                step_paints.append(paint(state))
                updates.append(lab.last_gui_update_ms)
        s = len(state.source_tokens)
        med = lambda xs: float(np.median(xs))  # noqa: E731
        print(row(f"model view, {s} source tokens: compute (worker)", f"{med(computes):.1f} ms", "", None,
                  "off the GUI thread"))
        print(row(f"model view, {s} source tokens: paint (GUI thread)", f"{med(paints):.1f} ms", "", None,
                  "< 100 ms"))
        print(row(f"one step, {s} source tokens: step + view arrays (worker)", f"{med(steps):.1f} ms", "", None,
                  "off the GUI thread"))
        print(row(f"one step, {s} source tokens: view update, setImage (GUI thread)", f"{med(updates):.1f} ms", "",
                  None, "< 100 ms"))
        print(row(f"one step, {s} source tokens: update + full window render", f"{med(step_paints):.1f} ms", "",
                  None, "< 100 ms"))
    window.close()


if __name__ == "__main__":
    main()
