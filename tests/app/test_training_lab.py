"""The Training lab in a window: Start trains in chunks off the GUI thread, Pause stops, the timeline replays an older
alignment, bad settings give a message, Reset clears, Save writes the run, compare shows two runs, lessons drive a
fixed step budget. Tiny models (TINY), so every test takes a few seconds."""
import numpy as np
import pytest

TINY = dict(batch=8, heldout=11, min_len=2, max_len=5, symbols=6)


@pytest.fixture
def lab(qtbot):
    from desktop_app.labs.training.lab import TrainingLab
    from desktop_app.settings import Settings

    widget = TrainingLab(Settings(), small=TINY)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.controls.hidden_spin.setValue(8)
    widget.runner.chunk_seconds = 0.1
    yield widget
    widget.runner.close()
    assert not widget.runner.trainers.alive()


def test_start_pause_timeline_reset(lab, qtbot):
    assert lab.stack.currentIndex() == 0 and lab.empty_label.text()  # says what will appear
    assert lab.start()
    qtbot.waitUntil(lambda: lab.runner.count >= 3, timeout=20000)
    assert lab.stack.currentIndex() == 1 and lab.runner.running
    lab.pause()
    qtbot.waitUntil(lambda: not lab.runner.chunk_in_flight(), timeout=5000)
    count = lab.runner.count
    qtbot.wait(500)
    assert lab.runner.count == count and not lab.controls.pause_button.isEnabled()
    newest = lab.alignment_views[0].values.copy()
    lab.timeline.setValue(0)
    older = lab.alignment_views[0].values
    assert older.shape[1] == newest.shape[1] and not np.array_equal(older, newest)
    np.testing.assert_array_equal(older, lab.runner.histories()[0][0].attention)
    assert lab.curves_view.markers[0].isVisible()
    assert lab.lesson_state()["step"] == 0
    lab.resume()
    qtbot.waitUntil(lambda: lab.runner.count > count, timeout=20000)
    assert lab.timeline.value() == 0  # replaying: the timeline stays where the user put it
    lab.reset()
    assert lab.stack.currentIndex() == 0 and not lab.runner.runs and not lab.runner.running
    assert lab.curves_view.data == {}


def test_bad_settings_show_a_message_and_start_nothing(lab, qtbot):
    lab.controls.lr_edit.setText("7")
    assert not lab.start()
    assert lab.messages.key == "lr_range" and "7" in lab.messages.text() and lab.messages.is_error()
    assert not lab.runner.runs and not lab.is_busy()
    lab.controls.lr_edit.setText("0.002")
    lab.controls.hidden_spin.setValue(0)
    assert not lab.start() and lab.messages.key == "hidden_range"
    lab.controls.hidden_spin.setValue(8)
    assert lab.start() and lab.messages.key is None


def test_compare_lesson_budget_and_save(lab, qtbot, tmp_path):
    notes = lab.apply_lesson_state({"settings": {"task": "reverse", "model": "gru:dot", "hidden": 8, "compare": True,
                                                 "train_steps": 60}, "step": 1})
    assert notes == [] and lab.is_busy()
    qtbot.waitUntil(lambda: not lab.is_busy(), timeout=20000)
    assert [t.step for t in lab.runner.runs] == [60, 60] and not lab.runner.running
    assert lab._second_frame.isVisible() and lab.timeline.value() == 1
    state = lab.lesson_state()
    assert state["settings"]["train_steps"] == 60 and state["settings"]["compare"] is True and state["step"] == 1
    assert len(lab.curves_view.data["runs"]) == 2
    lab.save_run(tmp_path / "run")
    qtbot.waitUntil(lambda: lab.messages.key == "saved", timeout=20000)
    assert (tmp_path / "run" / "reverse_gru_dot" / "model.safetensors").is_file()
    assert (tmp_path / "run" / "reverse_gru_none" / "metrics.json").is_file()
    assert "Seq2Seq lab" in lab.messages.text()  # how to open the saved GRU run there
    lab.apply_lesson_state({"settings": {"train_steps": 100}})  # same settings: trains on to 100
    qtbot.waitUntil(lambda: not lab.is_busy(), timeout=20000)
    assert [s.step for s in lab.runner.runs[0].history] == [0, 50, 60, 100]  # chunks of 50 steps
    lab.apply_lesson_state({"settings": {"lr": 5, "train_steps": 10}})
    assert lab.messages.key == "lr_range" and lab.runner.runs[0].step == 100


def test_the_window_lists_the_lab_and_closing_it_stops_training(make_window, qtbot):
    from desktop_app import workers

    window = make_window("en")
    lab = window.show_lab("training")
    assert lab.title_label.text() == "Training" and lab.current_export_view() is None
    lab.controls.hidden_spin.setValue(16)
    assert lab.start()
    qtbot.waitUntil(lambda: lab.runner.count >= 2, timeout=30000)
    assert lab.current_export_view() is not None
    window.close()  # saves the settings and cancels every worker (workers.wait_for_all)
    assert workers.thread_pool().activeThreadCount() == 0  # no chunk runs after the window is gone
    count = lab.runner.count
    qtbot.wait(300)
    assert lab.runner.count == count
    lab.runner.close()
    assert not lab.runner.trainers.alive()


def test_leaving_the_lab_pauses_it_and_coming_back_resumes(lab, qtbot):
    assert lab.start()
    qtbot.waitUntil(lambda: lab.runner.count >= 2, timeout=20000)
    lab.hide()
    assert not lab.runner.running
    qtbot.waitUntil(lambda: not lab.runner.chunk_in_flight(), timeout=5000)
    count = lab.runner.count
    qtbot.wait(400)
    assert lab.runner.count == count  # no CPU work while away
    lab.show()
    assert lab.runner.running
    qtbot.waitUntil(lambda: lab.runner.count > count, timeout=20000)
