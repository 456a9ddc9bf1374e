"""Seq2Seq lab: one decoder step + the redraw of every view (heatmap row, context, top-k, text), offscreen.

A model of the shipped size (the shipped additive model if present, else the same config with random weights), the
long example sentence, stepped to the end and reset, 3 rounds, each step after an idle gap (as lab_steps.py). The reference, timed in the same run, is the bare
engine step (Seq2SeqStepper.step) on the same model. Goal: p95 of step + redraw under 16 ms (one frame).
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/seq2seq_step.py
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _timing import HEADER, ms, row  # noqa: E402
from lab_steps import GAP_S, settle, wait_idle  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "assets" / "models" / "seq2seq"


def model_dir(tmp: Path) -> tuple[Path, str]:
    if (SHIPPED / "additive" / "model.safetensors").is_file():
        return SHIPPED, "shipped additive"
    import torch
    from tokenizers import Tokenizer

    from engine.seq2seq.model import Seq2Seq, Seq2SeqConfig
    from engine.train.seq2seq import save_model

    toks = ROOT / "assets" / "tokenizers"
    src = Tokenizer.from_file(str(toks / "en.json")).get_vocab_size()
    tgt = Tokenizer.from_file(str(toks / "es.json")).get_vocab_size()
    torch.manual_seed(0)
    cfg = Seq2SeqConfig(src_vocab=src, tgt_vocab=tgt, attention="additive", dropout=0.0)
    save_model(Seq2Seq(cfg), cfg, tmp / "additive", fp16=False)
    return tmp, f"random additive, emb {cfg.emb}, hidden {cfg.hidden}, vocab {tgt}"


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    folder, what = model_dir(tmp)
    os.environ["ATTENTION_LAB_SEQ2SEQ_MODELS"] = str(folder)
    os.environ["ATTENTION_LAB_SETTINGS"] = str(tmp / "settings.ini")
    from desktop_app.app import create_window, ensure_application
    from desktop_app.labs.seq2seq.lab import EXAMPLES
    from desktop_app.settings import Settings

    app = ensure_application([])
    window = create_window(app, Settings(), "en")
    window.resize(1280, 800)
    window.show()
    lab = window.show_lab("seq2seq")
    session = lab.session
    t0 = time.time()
    while (lab.is_busy() or session.stepper is None) and time.time() - t0 < 60:
        app.processEvents()
        time.sleep(0.01)
    session.select_model("additive")
    while lab.is_busy():
        app.processEvents()
        time.sleep(0.01)
    session.set_sentence(EXAMPLES[-1])
    app.processEvents()
    ui, bare = [], []
    for _round in range(3):
        session.reset()
        app.processEvents()
        while session.can_step():
            settle(app, GAP_S)  # as between key presses (lab_steps.py): a step's redraw is not held to the next frame
            started = time.perf_counter()
            session.step()
            wait_idle(app, lab)  # the step applied and its redraw done: heatmap, context strip, bars, labels
            ui.append(time.perf_counter() - started)
    stepper = session.stepper
    for _round in range(3):
        stepper.reset()
        while not stepper.finished:
            started = time.perf_counter()
            stepper.step()  # reset() drops the kept steps, so this computes
            bare.append(time.perf_counter() - started)
    ui, bare = np.array(ui), np.array(bare)
    print(f"model: {what}; sentence of {len(stepper.source_tokens)} source tokens; {len(ui)} steps timed")
    print(HEADER)
    print(row("Seq2Seq lab step + redraw, p50", f"{ms(ui):.2f} ms", f"engine step {ms(bare):.2f} ms",
              ms(ui) / ms(bare), "< 16 ms"))
    print(row("Seq2Seq lab step + redraw, p95", f"{ms(ui, 95):.2f} ms", f"engine step {ms(bare, 95):.2f} ms",
              ms(ui, 95) / ms(bare, 95), "< 16 ms"))
    window.close()


if __name__ == "__main__":
    main()
