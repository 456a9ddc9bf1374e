"""The translation session the Seq2Seq and GRU labs share, without the main window: one StepController, each
observer redrawing only while shown (and catching up when shown), lessons' targets, messages."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from desktop_app.kit.shown import RedrawWhenShown
from desktop_app.sessions.seq2seq import Seq2SeqSession, session_for
from desktop_app.sessions.seq2seq_compute import ENV_MODELS
from tests.engine.seq2seq_tiny import make_tiny_models


class Settings:
    def __init__(self, **values):
        self.values = values

    def get_str(self, key, default, allowed=None):
        return self.values.get(key, default)


class Observer(QWidget):
    """A lab's stand-in: records what it draws."""

    def __init__(self, session):
        super().__init__()
        self.drawn = []
        self.gate = RedrawWhenShown(self, lambda state: self.drawn.append(state))
        session.state_changed.connect(self.gate.offer)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return make_tiny_models(tmp_path_factory.mktemp("session"))


@pytest.fixture
def session(qtbot, root, monkeypatch):
    monkeypatch.setenv(ENV_MODELS, str(root))
    s = Seq2SeqSession()
    s.open_default(Settings(**{"seq2seq/sentence": "We are eating bread."}))
    qtbot.waitUntil(lambda: not s.is_busy() and s.stepper is not None, timeout=20000)
    return s


def test_one_session_per_window_settings(qapp):
    a, b = object.__new__(Settings), object.__new__(Settings)
    assert session_for(a) is session_for(a) and session_for(a) is not session_for(b)


def test_both_observers_follow_one_controller_and_the_hidden_one_catches_up(session, qtbot):
    front, behind = Observer(session), Observer(session)
    qtbot.addWidget(front)
    qtbot.addWidget(behind)
    front.show()
    assert session.model_name == "additive"  # the best available by default
    for _ in range(3):
        session.controller.step()  # what either lab's StepBar does
    qtbot.waitUntil(lambda: not session.is_busy() and front.drawn and front.drawn[-1].n_steps == 3, timeout=5000)
    assert len(front.drawn) == 1  # the moves of one event-loop turn are applied together and drawn once
    assert behind.drawn == [] and behind.gate.is_waiting()
    front.hide()
    behind.show()  # shown: it draws the newest state at once, not each step it missed
    assert len(behind.drawn) == 1 and behind.drawn[0] is session.state and session.state.n_steps == 3
    session.back()
    qtbot.waitUntil(lambda: behind.drawn[-1].n_steps == 2, timeout=5000)
    assert front.drawn[-1].n_steps == 3 and front.gate.is_waiting()


def test_a_new_sentence_is_a_new_state_and_stops_play(session, qtbot):
    seen = []
    session.trace_changed.connect(lambda: seen.append(session.stepper))
    session.controller.set_playing(True)
    session.set_sentence("She has a red car.")
    assert seen == [session.stepper] and not session.controller.is_playing()
    assert session.state.n_steps == 0 and session.state.source_tokens == session.stepper.source_tokens


def test_go_to_runs_then_after_the_target_is_drawn(session, qtbot):
    front = Observer(session)
    qtbot.addWidget(front)
    front.show()
    seen = []
    session.go_to("plain", "She has a red car.", 2, then=lambda: seen.append(front.drawn[-1].n_steps))
    assert session.is_busy()
    qtbot.waitUntil(lambda: not session.is_busy(), timeout=20000)
    assert seen == [2] and session.model_name == "plain" and session.sentence == "She has a red car."
    assert not session.go_to("no-such-model", None, "end")
    qtbot.waitUntil(lambda: not session.is_busy(), timeout=5000)
    assert session.finished and session.model_name == "plain"


def test_force_replaces_the_last_step(session, qtbot):
    session.step()
    qtbot.waitUntil(lambda: not session.is_busy() and len(session.steps) == 1, timeout=5000)
    other = int(session.steps[0].top_ids[1])
    session.force(other)
    qtbot.waitUntil(lambda: not session.is_busy() and session.steps[0].token_id == other, timeout=5000)
    assert len(session.steps) == 1 and session.steps[0].forced


def test_messages_say_why_there_is_nothing_to_step(session, qtbot, tmp_path, monkeypatch):
    assert session.message() is None
    session.set_sentence("   ")
    assert session.stepper is None and session.message() == ("empty", {})
    assert not session.controller.can_step()
    monkeypatch.setenv(ENV_MODELS, str(tmp_path))
    session.refresh_models()
    assert session.message() == ("no_models", {"folder": str(tmp_path)})


def test_a_broken_model_gives_a_load_message(qtbot, root, tmp_path, monkeypatch):
    import shutil

    shutil.copytree(root, tmp_path / "models")
    (tmp_path / "models" / "additive" / "model.safetensors").write_bytes(b"not a safetensors file")
    monkeypatch.setenv(ENV_MODELS, str(tmp_path / "models"))
    s = Seq2SeqSession()
    s.open_default(Settings())
    assert s.message() == ("loading", {"name": "additive"})
    qtbot.waitUntil(lambda: not s.is_busy(), timeout=20000)
    key, fields = s.message()
    assert key == "load_failed" and fields["name"] == "additive" and fields["error"]
    assert s.stepper is None and s.state is None


def test_redraw_when_shown_draws_each_state_once(qtbot):
    observer = QWidget()
    qtbot.addWidget(observer)
    drawn = []
    gate = RedrawWhenShown(observer, drawn.append)
    first, second = object(), object()
    gate.offer(first)  # hidden: kept
    assert drawn == [] and gate.is_waiting()
    observer.show()
    assert drawn == [first] and not gate.is_waiting()
    gate.offer(first)  # the same state again (a coalesced redraw arriving late): not drawn twice
    assert drawn == [first]
    observer.hide()
    gate.draw_now(second)  # a control of the hidden lab changed: drawn now
    assert drawn == [first, second] and not gate.is_waiting()
    observer.show()
    assert drawn == [first, second]
