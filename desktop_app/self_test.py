"""`attention-lab --self-test DIR`: open every lab offscreen with a fresh home, run one step with its shipped model,
save DIR/<lab>.png, print a summary; exit 0 only if every lab passed. `make package` runs it on the built bundle.

The fresh home matters: a packaged app must not depend on anything the developer's machine left in ~/.config.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

LAB_TIMEOUT_S = 180.0  # the first lab that imports torch pays for it; the CPU may be shared


@dataclass
class LabResult:
    key: str
    ok: bool
    seconds: float
    screenshot: Path | None = None
    problems: list[str] = field(default_factory=list)


def isolate_environment(home: Path) -> None:
    """Offscreen, no network use, and every per-user location inside `home` (must run before the QApplication)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["HOME"] = str(home)
    for name, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(home / sub)
    os.environ["XDG_RUNTIME_DIR"] = str(home / "runtime")
    (home / "runtime").mkdir(mode=0o700, exist_ok=True)
    os.environ["ATTENTION_LAB_SETTINGS"] = str(home / "settings.ini")
    os.environ["HF_HUB_OFFLINE"] = "1"  # nothing in the app downloads; this makes sure a library cannot either


def _wait(app, lab, deadline: float) -> bool:
    """Process events until the lab is idle; False if it was still busy at the deadline."""
    while time.monotonic() < deadline:
        app.processEvents()
        if not lab.is_busy():
            for _ in range(5):
                app.processEvents()
            return True
        time.sleep(0.01)
    return False


def check_lab(app, window, key: str, out_dir: Path, errors: list[str]) -> LabResult:
    """Show the lab, drive it with its shipped model (prepare_screenshot, then one step()), check, screenshot."""
    t0 = time.monotonic()
    deadline = t0 + LAB_TIMEOUT_S
    problems: list[str] = []
    n_errors = len(errors)
    shot = None
    try:
        lab = window.show_lab(key)
        if lab is None:
            raise RuntimeError("show_lab returned None")
        if not _wait(app, lab, deadline):
            problems.append("still busy after opening")
        lab.prepare_screenshot()  # the lab's own example input through its model
        if not _wait(app, lab, deadline):
            problems.append("still busy after its example")
        steps = lab.step_controller()
        if steps is not None:
            steps.step()
            if not _wait(app, lab, deadline):
                problems.append("still busy after one step")
        state = lab.lesson_state()
        if "model" in state and not state["model"]:
            problems.append("no model loaded")
        if (steps is not None or "model" in state) and int(state.get("step") or 0) < 1:
            problems.append("the model took no decoding step")
        shot = out_dir / f"{key}.png"
        if not window.grab().save(str(shot), "PNG"):
            problems.append(f"could not write {shot}")
            shot = None
    except Exception:  # noqa: BLE001  (the summary reports it; the other labs still run)
        problems.append(traceback.format_exc().strip().splitlines()[-1])
    problems += errors[n_errors:]
    return LabResult(key, not problems, time.monotonic() - t0, shot, problems)


def run_self_test(out_dir: str | os.PathLike, language: str = "en") -> int:
    """Whole run, own QApplication. Returns the exit code (0 = every lab passed)."""
    out = Path(out_dir).resolve()  # before HOME changes: a relative DIR means the caller's directory
    with tempfile.TemporaryDirectory(prefix="attention-lab-self-test-") as home:
        isolate_environment(Path(home))
        return run_checks(out, language)


def run_checks(out: str | os.PathLike, language: str = "en") -> int:
    """Every lab in the current environment (run_self_test isolates it first; tests use monkeypatch)."""
    from desktop_app.app import SCREENSHOT_SIZE, create_window, ensure_application
    from desktop_app.labs import LABS
    from desktop_app.settings import Settings

    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    previous_hook = sys.excepthook

    def hook(kind, value, tb):  # exceptions raised in Qt slots land here, not in our try blocks
        errors.append(f"{kind.__name__}: {value}")
        previous_hook(kind, value, tb)

    sys.excepthook = hook
    # Labs show a background task's failure as a message and stay up (as they should for users); the self-test
    # must count it: a lab whose model cannot load still paints a screen.
    from desktop_app import workers

    original_failed = workers.TaskHandle._on_signals_failed

    def record_failure(handle, box):
        exc = box.value
        if not isinstance(exc, workers.TaskCancelled) and not handle.is_cancelled():
            errors.append(f"background task failed: {type(exc).__name__}: {exc}")
        original_failed(handle, box)

    workers.TaskHandle._on_signals_failed = record_failure
    try:
        t0 = time.monotonic()
        app = ensure_application()
        window = create_window(app, Settings(), language)
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        app.processEvents()
        print(f"self-test: window shown in {time.monotonic() - t0:.1f} s; {len(LABS)} labs; home {os.environ['HOME']}",
              flush=True)
        results = []
        for spec in LABS:
            result = check_lab(app, window, spec.key, out, errors)
            results.append(result)
            status = "PASS" if result.ok else "FAIL"
            detail = "; ".join(result.problems) if result.problems else str(result.screenshot)
            print(f"self-test: {status} {spec.key:<12} {result.seconds:6.1f} s  {detail}", flush=True)
        window.close()
        app.processEvents()
    finally:
        sys.excepthook = previous_hook
        workers.TaskHandle._on_signals_failed = original_failed
    failed = [r.key for r in results if not r.ok]
    print(f"self-test: {len(results) - len(failed)}/{len(results)} labs passed"
          + (f"; failed: {', '.join(failed)}" if failed else "") + f"; screenshots in {out}", flush=True)
    return 1 if failed or not results else 0
