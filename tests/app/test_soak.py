"""A short soak (make test's quick part; bench/labs.py runs 1,000 steps per lab): steps forward and back across every
stepping lab, with language switches, end without an error and without memory growth."""
from __future__ import annotations

from pathlib import Path


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _stepper(lab):
    session = getattr(lab, "session", None)
    if session is not None and hasattr(session, "can_step"):
        return lambda: session.step() if session.can_step() else None, session.back
    if hasattr(lab, "step") and hasattr(lab, "back"):
        return lab.step, lab.back
    return None


def test_steps_back_and_forth_across_labs(make_window, qtbot):
    from desktop_app.labs import LABS

    window = make_window()
    labs = {}
    for spec in LABS:
        labs[spec.key] = window.show_lab(spec.key)
        qtbot.waitUntil(lambda: not labs[spec.key].is_busy(), timeout=60000)
    before = None
    for round_ in range(3):
        window.set_language("ko" if round_ % 2 else "en")
        for key, lab in labs.items():
            moves = _stepper(lab)
            if moves is None:
                continue
            window.show_lab(key)
            step, back = moves
            for i in range(40):
                (step if i % 10 < 6 else back)()
                qtbot.waitUntil(lambda: not lab.is_busy(), timeout=60000)
        if before is None:
            before = _rss_mb()  # after the first round: caches, fonts and pyqtgraph items exist
    assert _rss_mb() - before < 50
