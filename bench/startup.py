"""Time from launch to the main window shown, against a bare Python start measured in the same run;
plus the import times that decide it (and torch's, which the app defers until a lab needs it).

Run: .venv/bin/python bench/startup.py   (offscreen; the window is shown, painted once, then closed)
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from _timing import HEADER, row  # noqa: E402

SHOW_WINDOW = r"""
import sys, time
from PySide6.QtCore import QTimer
from desktop_app.app import create_window, ensure_application
from desktop_app.settings import Settings
app = ensure_application()
window = create_window(app, Settings(), "en")
window.show()
def shown():
    print(time.time())
    app.quit()
QTimer.singleShot(0, shown)  # runs once the event loop has painted the first frame
app.exec()
"""


def launch_seconds(code: str, env: dict) -> float:
    t0 = time.time()
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0:
        print(f"warning: the launch exited with {proc.returncode}: {proc.stderr.strip()[-300:]}", file=sys.stderr)
    return (float(lines[-1]) if lines else time.time()) - t0


def import_seconds(module: str, env: dict) -> float:
    code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
    return float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True).stdout.strip())


def main(repeats: int = 5) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    with tempfile.TemporaryDirectory() as home:
        env["ATTENTION_LAB_SETTINGS"] = os.path.join(home, "settings.ini")
        launch_seconds(SHOW_WINDOW, env)  # warm the file cache
        bare = np.median([launch_seconds("pass", env) for _ in range(repeats)])
        shown = np.median([launch_seconds(SHOW_WINDOW, env) for _ in range(repeats)])
    print(HEADER)
    print(row("window shown after launch (median)", f"{shown * 1000:.0f} ms", f"python -c pass {bare * 1000:.0f} ms",
              shown / bare, "about 1 s"))
    for module in ("PySide6.QtWidgets", "pyqtgraph", "desktop_app.main_window", "torch"):
        print(row(f"import {module}", f"{import_seconds(module, env) * 1000:.0f} ms", "", None,
                  "deferred until a lab needs it" if module == "torch" else ""))


if __name__ == "__main__":
    main()
