"""Every lab opened in one window, offscreen: the GUI thread's largest gap while each lab opens and loads its model
(the longest work of opening it), resident memory with every lab open, and a soak of steps back and forth.

GUI gap: a 10 ms QTimer on the GUI thread records the longest interval between its ticks while the lab is imported,
built and loads its model in a worker; goal under 100 ms (the reference, measured in the same run, is the gap of an
idle event loop). Memory: VmRSS after every lab is open, against the RSS of the window alone; goal under 1 GB.
Soak: `--soak N` steps forward and back in every lab that steps (Seq2Seq session, Transformer step/back), RSS growth
over the soak; goal under 50 MB.
Run: .venv/bin/python bench/labs.py [--soak 1000]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _timing import HEADER, row  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class GapMeter:
    """Largest interval between ticks of a 10 ms timer on the GUI thread, while `app` processes events."""

    def __init__(self, app):
        from PySide6.QtCore import QTimer

        self.app = app
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._on_tick)
        self.last = None
        self.largest = 0.0

    def _on_tick(self) -> None:
        now = time.perf_counter()
        if self.last is not None:
            self.largest = max(self.largest, now - self.last)
        self.last = now

    def run_while(self, busy, limit_s: float = 120.0, at_least_s: float = 0.3) -> float:
        """Process events until busy() is false (and at least at_least_s passed); -> largest gap in ms."""
        # timed from the start, not from the first tick: work that runs before the first tick (a lab built in a
        # singleShot(0)) is a gap too
        t0 = self.last = time.perf_counter()
        self.largest = 0.0
        self.timer.start()
        while time.perf_counter() - t0 < limit_s and (busy() or time.perf_counter() - t0 < at_least_s):
            self.app.processEvents()
            time.sleep(0.002)
        self.timer.stop()
        return self.largest * 1000


def offscreen_window():
    """The app and its main window (English, 1280 x 800, shown offscreen) over a fresh settings file."""
    tmp = Path(tempfile.mkdtemp())
    os.environ["ATTENTION_LAB_SETTINGS"] = str(tmp / "settings.ini")
    from desktop_app.app import create_window, ensure_application
    from desktop_app.settings import Settings

    app = ensure_application([])
    window = create_window(app, Settings(), "en")
    window.resize(1280, 800)
    window.show()
    return app, window


def step_functions(lab):
    """(step, back, can_step) for a lab that steps, else None: its StepController (desktop_app.kit.steps)."""
    steps = lab.step_controller()
    return None if steps is None else (steps.step, steps.back, steps.can_step)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--soak", type=int, default=1000, help="steps forward and back per stepping lab")
    args = parser.parse_args()
    from desktop_app.labs import LABS

    app, window = offscreen_window()
    meter = GapMeter(app)
    meter.run_while(lambda: False, at_least_s=1.0)  # first paints and polish, not counted
    idle_gap = meter.run_while(lambda: False, at_least_s=1.0)
    rss_window = rss_mb()
    print(HEADER)
    labs = {}
    gaps = {}
    for spec in LABS:
        holder = {}

        def open_lab(key=spec.key):
            holder["lab"] = window.show_lab(key)

        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, open_lab)  # inside the measured event loop, so the import and build count
        gaps[spec.key] = meter.run_while(lambda: "lab" not in holder or holder["lab"].is_busy())
        labs[spec.key] = holder["lab"]
        print(row(f"GUI thread's largest gap, opening the {spec.key} lab (model load in a worker)",
                  f"{gaps[spec.key]:.0f} ms", f"idle loop {idle_gap:.0f} ms", gaps[spec.key] / max(idle_gap, 1e-3),
                  "< 100 ms"), flush=True)
    rss_all = rss_mb()
    print(row("resident memory, every lab open", f"{rss_all:.0f} MB", f"window alone {rss_window:.0f} MB",
              rss_all / rss_window, "< 1024 MB"), flush=True)
    soaked = 0
    rss_before = rss_mb()
    errors = 0
    for key, lab in labs.items():
        fns = step_functions(lab)
        if fns is None:
            continue
        window.show_lab(key)
        step, back, can_step = fns
        for i in range(args.soak):
            try:
                if i % 8 < 4 and can_step():
                    step()
                else:
                    back()
            except Exception as exc:  # a soak counts errors instead of stopping at the first
                errors += 1
                print(f"soak error in {key}: {exc!r}", file=sys.stderr)
            app.processEvents()
            while lab.is_busy():
                app.processEvents()
                time.sleep(0.001)
            soaked += 1
    growth = rss_mb() - rss_before
    print(row(f"memory growth over a soak of {soaked} steps back and forth ({errors} errors)", f"{growth:.1f} MB",
              f"RSS before {rss_before:.0f} MB", None, "< 50 MB, 0 errors"), flush=True)
    window.close()


if __name__ == "__main__":
    main()


def close_window(app, window) -> None:
    """Close and delete the window while the QApplication lives: left to the interpreter's teardown, a window of
    many pyqtgraph views can be deleted after the application (a segfault at exit, seen in bert_view.py)."""
    import shiboken6

    from desktop_app import workers

    window.close()
    workers.wait_for_all(3000)
    shiboken6.delete(window)
    app.processEvents()
