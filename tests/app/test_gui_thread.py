"""The GUI never waits on a model file: every lab, opened with its shipped model and stepped, reads no weights on
the GUI thread (loading, the longest work of a lab, always runs in a worker).

One decoder step may run on the GUI thread (a few ms, so that a step and its redraw fit in one frame); its cost is
measured by bench/seq2seq_step.py and bench/labs.py, since tests assert no timing."""
from __future__ import annotations

import threading

import pytest


@pytest.fixture
def gui_thread_model_calls(monkeypatch):
    """Names of the model calls made on the main thread while the test runs."""
    torch = pytest.importorskip("torch")
    import safetensors.torch

    calls: list[str] = []
    main = threading.main_thread()
    torch_load = torch.load

    def watched_torch_load(*args, **kwargs):
        if threading.current_thread() is main:
            calls.append("torch.load")
        return torch_load(*args, **kwargs)

    load_file = safetensors.torch.load_file

    def watched_load(*args, **kwargs):
        if threading.current_thread() is main:
            calls.append("safetensors load_file")
        return load_file(*args, **kwargs)

    monkeypatch.setattr(torch, "load", watched_torch_load)
    monkeypatch.setattr(safetensors.torch, "load_file", watched_load)
    return calls


def _step_once(lab) -> bool:
    session = getattr(lab, "session", None)
    if session is not None and hasattr(session, "can_step"):
        if session.can_step():
            session.step()
            return True
        return False
    if hasattr(lab, "step") and callable(lab.step):
        lab.step()
        return True
    return False


def test_no_lab_loads_weights_on_the_gui_thread(make_window, qtbot, gui_thread_model_calls):
    from desktop_app.labs import LABS

    window = make_window()
    for spec in LABS:
        lab = window.show_lab(spec.key)
        qtbot.waitUntil(lambda: not lab.is_busy(), timeout=60000)
        for _ in range(3):
            if not _step_once(lab):
                break
            qtbot.waitUntil(lambda: not lab.is_busy(), timeout=60000)
        assert gui_thread_model_calls == [], f"{spec.key}: {gui_thread_model_calls[:5]} on the GUI thread"
