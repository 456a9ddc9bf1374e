"""Image Captioning lab, driven as a user would: samples, keys, drag and drop, paste, bad files, grid switch."""

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from tests.engine.caption_tiny import make_tiny_caption_folder


@pytest.fixture(scope="session")
def tiny_captioner(tmp_path_factory):
    """A random decoder with the real vocabulary: fast, and independent of the shipped weights."""
    return make_tiny_caption_folder(tmp_path_factory.mktemp("tiny_caption_model"), seed=1, max_len=6)


def ready(lab):
    return not lab.is_busy() and lab.prepared is not None


def wait_idle(qtbot, lab, timeout=60000):
    qtbot.waitUntil(lambda: ready(lab), timeout=timeout)
    qtbot.wait(1)


def press(qtbot, widget, key, lab):
    """A key, then the step controller's moves applied and drawn (a 0-ms timer and at most one frame later)."""
    qtbot.keyClick(widget, key)
    wait_idle(qtbot, lab)


@pytest.fixture
def lab(make_window, qtbot, tiny_captioner, monkeypatch):
    monkeypatch.setenv("ATTENTION_LAB_CAPTION_MODEL", str(tiny_captioner))
    window = make_window("en")
    lab = window.show_lab("caption")
    lab.setFocus()
    wait_idle(qtbot, lab)  # the first load imports torch in the worker
    return lab


def picture(tmp_path, name="photo.png", size=(90, 60), colour=(200, 30, 30)):
    path = tmp_path / name
    Image.new("RGB", size, colour).save(path)
    return path


def drop(lab, mime):
    pos = QPointF(lab.width() / 2, lab.height() / 2)
    enter = QDragEnterEvent(pos.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(lab, enter)
    assert enter.isAccepted()
    event = QDropEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(lab, event)


def test_lab_opens_a_sample_and_says_what_it_knows(lab):
    assert lab.prepared.features.grid == 7
    assert lab.stepper.steps == ()
    assert lab.stepper is lab.step_controller().session
    text = lab.about_label.text()
    assert "generated scenes" in text and "cat" in text and "triangle" in text
    assert len(lab.pictures.sample_buttons) >= 4


def test_before_the_first_word_the_views_say_what_will_appear(lab, qtbot):
    side, strip = lab.display.side, lab.display.strip
    assert "Press Step" in lab.display.caption_label.text()
    assert side.topk_view.empty_label.isVisibleTo(lab) and not side.topk_view.buttons[0].isVisibleTo(lab)
    assert strip.empty_label.isVisibleTo(lab) and "thumbnail" in strip.empty_label.text()
    press(qtbot, lab, Qt.Key_Space, lab)
    assert "Press Step" not in lab.display.caption_label.text()
    assert not side.topk_view.empty_label.isVisibleTo(lab) and side.topk_view.buttons[0].isVisibleTo(lab)
    assert not strip.empty_label.isVisibleTo(lab)
    press(qtbot, lab, Qt.Key_Home, lab)
    assert side.topk_view.empty_label.isVisibleTo(lab) and strip.empty_label.isVisibleTo(lab)
    lab.display.show_state(None, None, None)  # no picture yet (the captioner still loading)
    assert lab.image_view.empty_text.isVisible() and "sample" in lab.image_view.empty_text.textItem.toPlainText()
    assert lab.image_view.image.image is None


def test_keys_step_back_and_reset_update_views_in_place(lab, qtbot):
    image_item = lab.image_view.image
    strip = lab.display.strip
    press(qtbot, lab, Qt.Key_Space, lab)
    assert len(lab.stepper.steps) == 1
    first = lab.stepper.steps[0]
    assert abs(first.attention.sum() - 1) < 1e-4 and first.attention.shape == (7, 7)
    assert strip.buttons[0].isVisibleTo(lab) and strip.buttons[0].text() == first.word
    press(qtbot, lab, Qt.Key_Right, lab)
    assert len(lab.stepper.steps) == 2
    assert lab.image_view.image is image_item
    h, w = lab.prepared.display.shape[:2]
    assert lab.image_view.image.image.shape == (h, w, 3)
    press(qtbot, lab, Qt.Key_Left, lab)
    assert len(lab.stepper.steps) == 1
    assert not strip.buttons[1].isVisibleTo(lab)
    press(qtbot, lab, Qt.Key_End, lab)
    assert lab.stepper.finished
    assert not lab.step_bar.step_button.isEnabled()
    press(qtbot, lab, Qt.Key_Home, lab)
    assert lab.stepper.steps == ()
    assert lab.step_bar.step_button.isEnabled()


def test_held_key_moves_go_to_the_stepper_together(lab, qtbot):
    """Moves of one event-loop turn reach the engine as one batch and the views draw once, with the last state."""
    states = []
    lab.step_controller().state_ready.connect(states.append)
    for _ in range(3):
        qtbot.keyClick(lab, Qt.Key_Space)
    assert lab.stepper.steps == ()  # queued, not applied on the key press itself
    wait_idle(qtbot, lab)
    assert len(lab.stepper.steps) == 3
    assert len(states) == 1 and states[0].n_steps == 3 and lab.display.state is states[0]


def test_play_steps_at_the_speed_in_steps_per_second(lab, qtbot):
    bar = lab.step_bar
    bar.speed_spin.setValue(20.0)
    bar.play_button.click()
    assert lab.step_controller().is_playing()
    qtbot.waitUntil(lambda: lab.stepper.finished, timeout=10000)
    qtbot.waitUntil(lambda: not bar.play_button.isChecked(), timeout=5000)
    lab.save_settings()
    assert lab._settings.get_str("caption/speed", "") == "20.0"


def test_clicking_a_candidate_writes_it_instead(lab, qtbot):
    for _ in range(2):
        press(qtbot, lab, Qt.Key_Space, lab)
    first = lab.stepper.steps[0]
    qtbot.mouseClick(lab.display.strip.buttons[0], Qt.LeftButton)
    assert lab.current_step() is first
    qtbot.mouseClick(lab.display.side.topk_view.buttons[1], Qt.LeftButton)
    wait_idle(qtbot, lab)
    steps = lab.stepper.steps
    assert len(steps) == 1 and steps[0].forced and steps[0].token_id == int(first.top_ids[1])
    assert lab.current_step() is steps[0]
    assert lab.display.side.topk_view.buttons[1].font().bold()  # the word written is the bold candidate


def test_thumbnail_click_selects_a_word(lab, qtbot):
    lab.step_controller().to_end()
    wait_idle(qtbot, lab)
    n = len(lab.stepper.steps)
    assert n >= 1
    strip = lab.display.strip
    qtbot.mouseClick(strip.buttons[0], Qt.LeftButton)
    assert lab.current_step().index == 0
    assert "word 1" in lab.display.image_title.text()
    assert strip.buttons[0].isChecked() and (n == 1 or not strip.buttons[n - 1].isChecked())


def test_hover_reads_a_cell_weight(lab, qtbot):
    press(qtbot, lab, Qt.Key_Space, lab)
    messages = []
    lab.status_message.connect(messages.append)
    lab.image_view.cell_hovered.emit(2, 3)
    weight = float(lab.stepper.steps[0].attention[2, 3])
    cell_label = lab.display.side.cell_label
    assert f"{weight:.4f}" in cell_label.text()
    assert messages and f"{weight:.4f}" in messages[-1]
    lab.image_view.hover_left.emit()
    assert "Hover" in cell_label.text()


def test_opacity_and_raw_cells(lab, qtbot):
    press(qtbot, lab, Qt.Key_Space, lab)
    lab.opacity_slider.setValue(0)
    plain = lab.image_view.image.image.copy()
    assert np.array_equal(plain, lab.prepared.display)  # opacity 0: the photo alone
    lab.opacity_slider.setValue(100)
    lab.raw_check.setChecked(True)
    assert not np.array_equal(lab.image_view.image.image, plain)
    assert len(lab.image_view.grid_lines.xData) == 4 * 6  # 6 inner lines each way, 2 points each


def test_drag_and_drop_of_a_file(lab, qtbot, tmp_path):
    path = picture(tmp_path, "dropped.png", (120, 80))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(lab, mime)
    qtbot.waitUntil(lambda: ready(lab) and lab.prepared.name == "dropped.png", timeout=30000)
    assert lab.prepared.source_size == (120, 80)
    assert "PNG" in lab.display.side.info_label.text()


def test_drop_of_a_broken_file_keeps_the_picture(lab, qtbot, tmp_path):
    shown = lab.prepared.name
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bad))])
    drop(lab, mime)
    qtbot.waitUntil(lambda: lab.messages.isVisibleTo(lab), timeout=30000)
    assert "broken.jpg" in lab.messages.text() and lab.messages.is_error()
    assert lab.prepared.name == shown
    press(qtbot, lab, Qt.Key_Space, lab)  # the lab still works on the picture shown
    assert len(lab.stepper.steps) == 1
    noisy = tmp_path / "noisy.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)).save(noisy)
    for name, data in (("empty.png", b""), ("cut.png", noisy.read_bytes()[:6000])):
        (tmp_path / name).write_bytes(data)
        lab.open_path(tmp_path / name)
        qtbot.waitUntil(lambda n=name: not lab.is_busy() and n in lab.messages.text(), timeout=30000)
    assert "truncated" in lab.messages.text()


def test_paste_a_picture(lab, qtbot):
    image = QImage(64, 48, QImage.Format_RGB32)
    image.fill(Qt.blue)
    QGuiApplication.clipboard().setImage(image)
    lab.pictures.paste_button.click()
    qtbot.waitUntil(lambda: ready(lab) and lab.prepared.name == "pasted picture", timeout=30000)
    assert lab.prepared.rgb.shape == (48, 64, 3)
    assert lab.prepared.rgb[0, 0, 2] > 200
    QGuiApplication.clipboard().setText("no picture here")
    lab.pictures.paste()
    assert lab.messages.isVisibleTo(lab) and "clipboard" in lab.messages.text()


def test_grid_switch_keeps_the_steps(lab, qtbot):
    for _ in range(2):
        press(qtbot, lab, Qt.Key_Space, lab)
    steps = len(lab.stepper.steps)
    lab.grid_combo.setCurrentIndex(lab.grid_combo.findData(14))
    qtbot.waitUntil(lambda: ready(lab) and lab.prepared.features.grid == 14, timeout=60000)
    assert len(lab.stepper.steps) == steps
    assert lab.stepper.steps[-1].attention.shape == (14, 14)
    assert "14 × 14" in lab.display.image_title.text()


def test_language_switch_and_missing_model(make_window, qtbot, tiny_captioner, monkeypatch, tmp_path):
    monkeypatch.setenv("ATTENTION_LAB_CAPTION_MODEL", str(tmp_path / "no_model_here"))
    window = make_window("en")
    lab = window.show_lab("caption")
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.messages.isVisibleTo(lab), timeout=60000)
    assert "could not be loaded" in lab.messages.text()
    assert lab.stepper is None and not lab.step_bar.step_button.isEnabled()
    qtbot.keyClick(lab, Qt.Key_Space)  # nothing to step: nothing happens
    assert not lab.is_busy()
    window.set_language("ko")
    assert lab.title_label.text() != ""
    window.set_language("en")
    assert lab.title_label.text() == "Image Captioning"
    assert "could not be loaded" in lab.messages.text()


def test_keys_work_with_the_focus_elsewhere_in_the_window(lab, qtbot):
    window = lab.window()
    press(qtbot, window, Qt.Key_Space, lab)
    assert len(lab.stepper.steps) == 1
    press(qtbot, window, Qt.Key_Home, lab)
    assert lab.stepper.steps == ()


def test_lesson_state_round_trip(lab, qtbot):
    for _ in range(3):
        press(qtbot, lab, Qt.Key_Space, lab)
    qtbot.mouseClick(lab.display.strip.buttons[1], Qt.LeftButton)
    state = lab.lesson_state()
    assert state["step"] == 3 and state["highlight"] == {"word": 1} and state["settings"]["grid"] == 7
    assert state["input"].startswith("scene_")
    lab.step_controller().reset()
    notes = lab.apply_lesson_state({**state, "input": "photo_chelsea.jpg"})
    assert notes == []
    qtbot.waitUntil(lambda: ready(lab) and lab.prepared.name == "photo_chelsea.jpg", timeout=30000)
    assert len(lab.stepper.steps) == 3 and lab.current_step().index == 1
    lab.apply_lesson_state({"step": "end"})
    wait_idle(qtbot, lab)
    assert lab.stepper.finished
    lab.apply_lesson_state({"step": 2, "highlight": {"word": 0}})  # the same picture: go_to, then select
    wait_idle(qtbot, lab)
    assert len(lab.stepper.steps) == 2 and lab.current_step().index == 0
