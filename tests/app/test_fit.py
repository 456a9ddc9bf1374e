"""Every lab fits a 1024 x 768 and a 1280 x 720 screen (common projectors), in both languages, normal and presenter
mode, after its example has run, on every page of its tab bars and after stepping to the end: the window is no larger than the screen and the lab
needs no more room than its page gives it (nothing scrolls, nothing reaches past the page).

Each screen size needs its own QApplication, so tests/app/fit_probe.py runs in a subprocess per size (both at once).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("fit_probe.py")
SCREENS = ("1024x768", "1280x720")


@pytest.fixture(scope="module")
def fits() -> dict[str, list[dict]]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "ATTENTION_LAB_SETTINGS")}
    running = {screen: subprocess.Popen([sys.executable, str(PROBE), screen], env=env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for screen in SCREENS}
    results = {}
    for screen, process in running.items():
        out, err = process.communicate(timeout=900)
        assert process.returncode == 0, err[-3000:]
        results[screen] = json.loads(out.strip().splitlines()[-1])
    return results


def _label(row: dict) -> str:
    return f"{row['lab']} {row['language']} {row['mode']} on {row['screen'][0]}x{row['screen'][1]}"


@pytest.mark.parametrize("screen", SCREENS)
def test_every_lab_was_measured(fits, screen):
    from desktop_app.labs import LABS

    seen = {(r["lab"], r["language"], r["mode"]) for r in fits[screen]}
    assert seen == {(spec.key, lang, mode) for spec in LABS for lang in ("en", "ko") for mode in ("normal", "presenter")}


@pytest.mark.parametrize("screen", SCREENS)
def test_the_window_is_within_the_screen(fits, screen):
    for row in fits[screen]:
        x, y, width, height = row["window"]
        screen_w, screen_h = row["screen"]
        assert x >= 0 and y >= 0 and x + width <= screen_w and y + height <= screen_h, _label(row)


@pytest.mark.parametrize("screen", SCREENS)
def test_every_lab_fits_its_page(fits, screen):
    too_big = [f"{_label(r)}: needs {r['lab_minimum']}, has {r['room']}; past the page: {r['outside'][:4]}"
               for r in fits[screen]
               if r["scrolls"] or r["outside"] or any(n > h for n, h in zip(r["lab_minimum"], r["room"]))]
    assert not too_big, "\n".join(too_big)
