"""Image Captioning lab, driven as a user would: samples, keys, drag and drop, paste, bad files, grid switch."""
import json

import numpy as np
import pytest
import torch
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from engine.caption import scenes as S
from engine.caption.model import CaptionConfig, CaptionDecoder


@pytest.fixture(scope="session")
def tiny_captioner(tmp_path_factory):
    """A random decoder with the real vocabulary: fast, and independent of the shipped weights."""
    from safetensors.torch import save_file

    folder = tmp_path_factory.mktemp("tiny_caption_model")
    torch.manual_seed(1)
    config = CaptionConfig(vocab=len(S.VOCAB_WORDS), embed=16, enc=32, hidden=32, attn=16, max_len=6)
    model = CaptionDecoder(config)
    save_file({k: v.half().contiguous() for k, v in model.state_dict().items()}, str(folder / "model.safetensors"))
    (folder / "config.json").write_text(json.dumps({"model": config.__dict__, "about": {}}))
    (folder / "vocab.json").write_text(json.dumps(list(S.VOCAB_WORDS)))
    return folder


def ready(lab):
    return not lab.is_busy() and lab._prepared is not None


def wait_idle(qtbot, lab, timeout=60000):
    qtbot.waitUntil(lambda: ready(lab), timeout=timeout)
    qtbot.wait(1)


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
    assert lab._prepared.features.grid == 7
    assert lab.stepper.steps == ()
    text = lab.about_label.text()
    assert "generated scenes" in text and "cat" in text and "triangle" in text
    assert len(lab.sample_buttons) >= 4


def test_keys_step_back_and_reset_update_views_in_place(lab, qtbot):
    image_item = lab.image_view.image
    qtbot.keyClick(lab, Qt.Key_Space)
    assert len(lab.stepper.steps) == 1
    first = lab.stepper.steps[0]
    assert abs(first.attention.sum() - 1) < 1e-4 and first.attention.shape == (7, 7)
    assert lab.strip.buttons[0].isVisibleTo(lab) and lab.strip.buttons[0].text() == first.word
    qtbot.keyClick(lab, Qt.Key_Right)
    assert len(lab.stepper.steps) == 2
    assert lab.image_view.image is image_item
    h, w = lab._prepared.display.shape[:2]
    assert lab.image_view.image.image.shape == (h, w, 3)
    qtbot.keyClick(lab, Qt.Key_Left)
    assert len(lab.stepper.steps) == 1
    assert not lab.strip.buttons[1].isVisibleTo(lab)
    qtbot.keyClick(lab, Qt.Key_End)
    assert lab.stepper.finished
    assert not lab.step_button.isEnabled()
    qtbot.keyClick(lab, Qt.Key_Home)
    assert lab.stepper.steps == ()
    assert lab.step_button.isEnabled()


def test_thumbnail_click_selects_a_word(lab, qtbot):
    lab._on_end_triggered()
    n = len(lab.stepper.steps)
    assert n >= 1
    qtbot.mouseClick(lab.strip.buttons[0], Qt.LeftButton)
    assert lab._current_step().index == 0
    assert "word 1" in lab.image_title.text()
    assert lab.strip.buttons[0].isChecked() and (n == 1 or not lab.strip.buttons[n - 1].isChecked())


def test_hover_reads_a_cell_weight(lab, qtbot):
    qtbot.keyClick(lab, Qt.Key_Space)
    messages = []
    lab.status_message.connect(messages.append)
    lab.image_view.cell_hovered.emit(2, 3)
    weight = float(lab.stepper.steps[0].attention[2, 3])
    assert f"{weight:.4f}" in lab.cell_label.text()
    assert messages and f"{weight:.4f}" in messages[-1]
    lab.image_view.hover_left.emit()
    assert "Hover" in lab.cell_label.text()


def test_opacity_and_raw_cells(lab, qtbot):
    qtbot.keyClick(lab, Qt.Key_Space)
    lab.opacity_slider.setValue(0)
    plain = lab.image_view.image.image.copy()
    assert np.array_equal(plain, lab._prepared.display)  # opacity 0: the photo alone
    lab.opacity_slider.setValue(100)
    lab.raw_check.setChecked(True)
    assert not np.array_equal(lab.image_view.image.image, plain)
    assert len(lab.image_view.grid_lines.xData) == 4 * 6  # 6 inner lines each way, 2 points each


def test_drag_and_drop_of_a_file(lab, qtbot, tmp_path):
    path = picture(tmp_path, "dropped.png", (120, 80))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop(lab, mime)
    qtbot.waitUntil(lambda: ready(lab) and lab._prepared.name == "dropped.png", timeout=30000)
    assert lab._prepared.source_size == (120, 80)
    assert "PNG" in lab.info_label.text()


def test_drop_of_a_broken_file_keeps_the_picture(lab, qtbot, tmp_path):
    shown = lab._prepared.name
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bad))])
    drop(lab, mime)
    qtbot.waitUntil(lambda: lab.message_label.isVisibleTo(lab), timeout=30000)
    assert "broken.jpg" in lab.message_label.text()
    assert lab._prepared.name == shown
    qtbot.keyClick(lab, Qt.Key_Space)  # the lab still works on the picture shown
    assert len(lab.stepper.steps) == 1
    noisy = tmp_path / "noisy.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)).save(noisy)
    for name, data in (("empty.png", b""), ("cut.png", noisy.read_bytes()[:6000])):
        (tmp_path / name).write_bytes(data)
        lab.open_path(tmp_path / name)
        qtbot.waitUntil(lambda n=name: not lab.is_busy() and n in lab.message_label.text(), timeout=30000)
    assert "truncated" in lab.message_label.text()


def test_paste_a_picture(lab, qtbot):
    image = QImage(64, 48, QImage.Format_RGB32)
    image.fill(Qt.blue)
    QGuiApplication.clipboard().setImage(image)
    lab._on_paste_triggered()
    qtbot.waitUntil(lambda: ready(lab) and lab._prepared.name == "pasted picture", timeout=30000)
    assert lab._prepared.rgb.shape == (48, 64, 3)
    assert lab._prepared.rgb[0, 0, 2] > 200
    QGuiApplication.clipboard().setText("no picture here")
    lab._on_paste_triggered()
    assert lab.message_label.isVisibleTo(lab) and "clipboard" in lab.message_label.text()


def test_grid_switch_keeps_the_steps(lab, qtbot):
    for _ in range(2):
        qtbot.keyClick(lab, Qt.Key_Space)
    steps = len(lab.stepper.steps)
    lab.grid_combo.setCurrentIndex(lab.grid_combo.findData(14))
    qtbot.waitUntil(lambda: ready(lab) and lab._prepared.features.grid == 14, timeout=60000)
    assert len(lab.stepper.steps) == steps
    assert lab.stepper.steps[-1].attention.shape == (14, 14)
    assert "14 × 14" in lab.image_title.text()


def test_language_switch_and_missing_model(make_window, qtbot, tiny_captioner, monkeypatch, tmp_path):
    monkeypatch.setenv("ATTENTION_LAB_CAPTION_MODEL", str(tmp_path / "no_model_here"))
    window = make_window("en")
    lab = window.show_lab("caption")
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.message_label.isVisibleTo(lab), timeout=60000)
    assert "could not be loaded" in lab.message_label.text()
    assert lab.stepper is None and not lab.step_button.isEnabled()
    qtbot.keyClick(lab, Qt.Key_Space)  # nothing to step: nothing happens
    window.set_language("ko")
    assert lab.title_label.text() != ""
    window.set_language("en")
    assert lab.title_label.text() == "Image Captioning"


def test_keys_work_with_the_focus_elsewhere_in_the_window(lab, qtbot):
    window = lab.window()
    qtbot.keyClick(window, Qt.Key_Space)
    assert len(lab.stepper.steps) == 1
    qtbot.keyClick(window, Qt.Key_Home)
    assert lab.stepper.steps == ()


def test_lesson_state_round_trip(lab, qtbot):
    for _ in range(3):
        qtbot.keyClick(lab, Qt.Key_Space)
    lab._on_word_selected(1)
    state = lab.lesson_state()
    assert state["step"] == 3 and state["highlight"] == {"word": 1} and state["settings"]["grid"] == 7
    assert state["input"].startswith("scene_")
    lab._on_reset_triggered()
    notes = lab.apply_lesson_state({**state, "input": "photo_chelsea.jpg"})
    assert notes == []
    qtbot.waitUntil(lambda: ready(lab) and lab._prepared.name == "photo_chelsea.jpg", timeout=30000)
    assert len(lab.stepper.steps) == 3 and lab._current_step().index == 1
    lab.apply_lesson_state({"step": "end"})
    assert lab.stepper.finished
