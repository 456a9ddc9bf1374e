"""`attention-lab --self-test`: every lab in LABS passes on the source tree, a broken lab fails the run,
and the isolation points every per-user location into the fresh home."""
import os

import pytest

from desktop_app import self_test
from desktop_app.labs import LABS, LabSpec


@pytest.fixture
def fresh_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
                 "ATTENTION_LAB_SETTINGS", "HF_HUB_OFFLINE", "QT_QPA_PLATFORM"):
        monkeypatch.setenv(name, os.environ.get(name, ""))  # restored after the test
    self_test.isolate_environment(home)
    return home


def test_isolation_keeps_everything_in_the_fresh_home(fresh_home):
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "ATTENTION_LAB_SETTINGS"):
        assert os.environ[name].startswith(str(fresh_home)), name
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"


def test_every_lab_passes_with_its_shipped_model(qapp, fresh_home, tmp_path, capsys):
    out = tmp_path / "shots"
    assert self_test.run_checks(out) == 0, capsys.readouterr().out
    summary = capsys.readouterr().out
    assert f"{len(LABS)}/{len(LABS)} labs passed" in summary
    for spec in LABS:  # labs added later are covered without touching this test
        assert (out / f"{spec.key}.png").stat().st_size > 1000, spec.key


def test_a_broken_lab_fails_the_run(qapp, fresh_home, tmp_path, monkeypatch, capsys):
    import desktop_app.labs as labs

    positional = next(s for s in LABS if s.key == "positional")
    broken = LabSpec("broken", lambda: "Broken", "desktop_app.labs.no_such_lab:Nothing")
    monkeypatch.setattr(labs, "LABS", [positional, broken])
    assert self_test.run_checks(tmp_path / "shots") == 1
    summary = capsys.readouterr().out
    assert "PASS positional" in summary and "FAIL broken" in summary and "1/2 labs passed" in summary
