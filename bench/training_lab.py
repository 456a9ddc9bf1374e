"""Training lab: the GUI thread's largest gap while the lab trains live, and the engine's goals for the lab.

GUI gap: a 10 ms QTimer on the GUI thread records the longest interval between its ticks while the lab trains reverse
(GRU additive, the lab's chunks of 0.4 s in a child process, one torch thread) for `--gui-seconds`;
the reference is the idle event loop measured in the same run. Goal under 100 ms.
Engine: reverse with GRU additive attention after 60 s of training (one thread): held-out exact match (goal 100%) and
alignment mass (goal > 0.8); the same without attention (reference: the plain GRU stays far below).
Run: .venv/bin/python bench/training_lab.py [--seconds 60] [--gui-seconds 10]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _timing import HEADER, row  # noqa: E402
from labs import GapMeter, offscreen_window  # noqa: E402


def gui_gap(seconds: float, in_thread: bool = False) -> tuple[float, float, int]:
    """-> (largest gap while training, idle gap, snapshots drawn), in ms. in_thread: the trainers in a worker thread
    of this process (the lab's fallback in a frozen app) instead of the child process."""
    app, window = offscreen_window()
    meter = GapMeter(app)
    meter.run_while(lambda: False, at_least_s=1.0)  # first paints, not counted
    idle = meter.run_while(lambda: False, at_least_s=1.0)
    lab = window.show_lab("training")
    if in_thread:
        from desktop_app.labs.training.process import LocalTrainers

        lab.runner.trainers.close()
        lab.runner.trainers = LocalTrainers()
    meter.run_while(lambda: False, at_least_s=0.5)
    from desktop_app.labs.training.compute import RunSettings

    lab.controls.set_values(RunSettings())  # the defaults: reverse, GRU additive, hidden 96, lr 0.002, seed 0
    lab.start()
    meter.run_while(lambda: lab.runner.count < 1, limit_s=60)  # building the model is not training
    t0 = time.perf_counter()
    gap = meter.run_while(lambda: time.perf_counter() - t0 < seconds, limit_s=seconds + 5)
    count = lab.runner.count
    lab.reset()
    window.close()
    lab.runner.trainers.close()
    return gap, idle, count


def engine_goals(seconds: float) -> list[tuple[str, object]]:
    import torch

    from engine.train.live import LiveConfig, run

    torch.set_num_threads(1)
    out = []
    for attention in ("additive", "none"):
        trainer = run(LiveConfig(task="reverse", attention=attention, seed=0), seconds=seconds)
        out.append((attention, trainer.history[-1], trainer.step))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0, help="engine training budget per run")
    parser.add_argument("--gui-seconds", type=float, default=10.0, help="how long the lab trains while measured")
    args = parser.parse_args()
    print(HEADER)
    for in_thread, where in ((False, "trainers in a child process"), (True, "trainers in a worker thread")):
        gap, idle, count = gui_gap(args.gui_seconds, in_thread)
        print(row(f"GUI thread's largest gap while the Training lab trains ({where}, {args.gui_seconds:.0f} s, "
                  f"{count} snapshots)", f"{gap:.0f} ms", f"idle loop {idle:.0f} ms", gap / max(idle, 1e-3),
                  "< 100 ms"), flush=True)
    (_, additive, steps_a), (_, none, steps_n) = engine_goals(args.seconds)
    print(row(f"reverse, GRU additive, {args.seconds:.0f} s one thread ({steps_a} steps): held-out exact match",
              f"{additive.exact:.1%}", f"no attention {none.exact:.1%} ({steps_n} steps)",
              additive.exact / max(none.exact, 1e-3), "100%"), flush=True)
    print(row(f"reverse, GRU additive, {args.seconds:.0f} s: alignment mass (attention on the mirrored position)",
              f"{additive.alignment_mass:.2f}", "uniform weights 1/length", None, "> 0.8"), flush=True)


if __name__ == "__main__":
    main()
