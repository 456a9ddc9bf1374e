"""Lessons: the file format (good files, broken files named by line and field), every shipped lesson played end to
end offscreen, keys, recording round trip, the welcome page and presenter mode."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.labs import LABS
from desktop_app.lessons.format import (
    Lesson, LessonError, LessonStep, dump_lesson, list_lessons, load_lesson, parse_lesson, shipped_lessons_dir,
)

KEYS = [spec.key for spec in LABS]
CHECKED_LABS = ("seq2seq", "gru", "positional", "transformer", "bert")  # lesson_state() compared with the step here

GOOD = """\
[lesson]
title.en = "Two steps"
title.ko = "두 단계"
order = 5

[[step]]
lab = "seq2seq"
model = "additive"
input = "We are eating bread."
step = 2
settings = { tab = "step" }
highlight = { row = 2, col = 3 }
caption.en = "Step two"
caption.ko = "2단계"

[[step]]
lab = "positional"
step = "end"
[step.caption]
en = "Waves"
ko = "파동"
"""


def test_a_good_file_parses():
    lesson = parse_lesson(GOOD, KEYS)
    assert lesson.title == {"en": "Two steps", "ko": "두 단계"} and lesson.order == 5
    first, second = lesson.steps
    assert (first.lab, first.model, first.input, first.step) == ("seq2seq", "additive", "We are eating bread.", 2)
    assert first.settings == {"tab": "step"} and first.highlight == {"row": 2, "col": 3}
    assert first.caption_in("ko") == "2단계" and second.caption_in("en") == "Waves"
    assert second.step == "end"
    assert first.lab_state() == {"input": "We are eating bread.", "model": "additive", "step": 2,
                                 "settings": {"tab": "step"}, "highlight": {"row": 2, "col": 3}}
    assert "model" not in second.lab_state()  # what a step does not name stays as it is
    assert (first.line, second.line) == (7, 17)


def test_writing_and_reading_back_gives_the_same_lesson():
    lesson = parse_lesson(GOOD, KEYS)
    again = parse_lesson(dump_lesson(lesson), KEYS)
    assert again == lesson
    odd = Lesson(title={"en": 'He said "hi"\\', "ko": "줄\n바꿈"}, steps=(
        LessonStep(lab="gru", caption={"en": "tab\there", "ko": "🙂"}, settings={"a b": 1.5, "flag": True}),))
    assert parse_lesson(dump_lesson(odd), KEYS) == odd


def _broken(old: str, new: str) -> LessonError:
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    with pytest.raises(LessonError) as info:
        parse_lesson(text, KEYS, source="broken.toml")
    return info.value


@pytest.mark.parametrize("old, new, code, line, field", [
    ('step = 2\n', 'step = = 2\n', "syntax", 10, ""),
    ('title.en = "Two steps"\n', '', "missing", 2, "lesson.title.en"),
    ('lab = "positional"', 'lab = "gtp"', "unknown_lab", 17, "step 2: lab"),
    ('lab = "positional"\n', '', "missing", 16, "step 2: lab"),
    ('caption.ko = "2단계"\n', '', "missing", 13, "step 1: caption.ko"),
    ('caption.en = "Step two"\ncaption.ko = "2단계"\n', '', "missing", 6, "step 1: caption"),
    ('ko = "파동"', 'ko = "  "', "empty", 21, "step 2: caption.ko"),
    ('step = 2\n', 'step = -1\n', "bad_step", 10, "step 1: step"),
    ('step = 2\n', 'step = "last"\n', "bad_step", 10, "step 1: step"),
    ('model = "additive"', 'model = 3', "type", 8, "step 1: model"),
    ('settings = { tab = "step" }', 'settings = "step"', "type", 11, "step 1: settings"),
    ('highlight = {', 'hilight = {', "unknown_field", 12, "step 1: hilight"),
    ('order = 5', 'order = "first"', "type", 4, "lesson.order"),
])
def test_a_broken_file_names_its_line_and_field(old, new, code, line, field):
    err = _broken(old, new)
    assert (err.code, err.line, err.field) == (code, line, field)
    assert f"line {line}" in str(err) and "broken.toml" in str(err)


def test_files_without_steps_or_header_or_utf8(tmp_path):
    with pytest.raises(LessonError) as info:
        parse_lesson(GOOD.split("[[step]]")[0], KEYS)
    assert info.value.code == "no_steps"
    with pytest.raises(LessonError) as info:
        parse_lesson('[[step]]\nlab = "gru"\ncaption = "x"\n', KEYS)
    assert info.value.field == "lesson.title"
    path = tmp_path / "latin1.toml"
    path.write_bytes(GOOD.encode("utf-8").replace("두".encode(), b"\xff\xfe"))
    with pytest.raises(LessonError) as info:
        load_lesson(path, KEYS)
    assert (info.value.code, info.value.line, info.value.source) == ("syntax", 3, "latin1.toml")
    with pytest.raises(LessonError) as info:
        load_lesson(tmp_path / "missing.toml", KEYS)
    assert info.value.code == "unreadable"


def test_the_message_is_in_the_users_language(make_window, qtbot):
    from desktop_app.lessons.player import error_text

    err = _broken('lab = "positional"', 'lab = "gtp"')
    window = make_window("ko")
    text = error_text(err)
    assert "17" in text and "step 2: lab" in text and "gtp" in text
    assert "줄" in text  # "line" in Korean


def test_shipped_lessons_are_valid_and_cover_the_course():
    lessons, errors = list_lessons(known_labs=KEYS)
    assert errors == []
    names = [lesson.path.name for lesson in lessons]
    assert len(names) == len(list(shipped_lessons_dir().glob("*.toml")))
    labs = {step.lab for lesson in lessons for step in lesson.steps}
    assert {"seq2seq", "gru", "positional", "transformer"} <= labs
    for lesson in lessons:
        for step in lesson.steps:
            assert step.caption["en"].strip() and step.caption["ko"].strip()
            assert step.caption["en"] != step.caption["ko"]


def _wait_step(qtbot, controller, timeout=120000):
    qtbot.waitUntil(controller.is_ready, timeout=timeout)


@pytest.mark.parametrize("name", sorted(p.name for p in shipped_lessons_dir().glob("*.toml")))
def test_each_shipped_lesson_plays_end_to_end(make_window, qtbot, name):
    window = make_window("en")
    controller = window.lessons
    lesson = load_lesson(shipped_lessons_dir() / name, KEYS)
    controller.play(lesson)
    for i, step in enumerate(lesson.steps):
        if i:
            controller.next()
        _wait_step(qtbot, controller)
        assert controller.index == i
        assert controller.caption_text() == step.caption["en"]
        lab = window.current_lab()
        assert lab is window.lab_widget(step.lab)
        if not hasattr(lab, "lesson_state"):
            assert controller.notes  # a lab that cannot follow lessons says so
            continue
        if step.lab not in CHECKED_LABS:
            continue  # other labs' own tests check what their apply_lesson_state does (and their models may be
            # still training)
        for note in controller.notes:  # only the expected kind of note: a model that is not installed
            assert "not installed" in note
        state = lab.lesson_state()
        if step.step is not None and step.step != "end" and not controller.notes:
            assert state["step"] == step.step
        if step.model is not None and not controller.notes:
            assert state["model"] == step.model
        for key, value in step.settings.items():
            if key in state.get("settings", {}):
                assert state["settings"][key] == value, (name, i, key)
        for key, value in step.highlight.items():
            if key in state.get("highlight", {}):
                assert state["highlight"][key] == value, (name, i, key)
    controller.leave()
    assert not controller.overlay.isVisible()


def test_keys_drive_the_lesson_and_the_labs_keys_stay_quiet(make_window, qtbot):
    window = make_window("en")
    controller = window.lessons
    lesson = load_lesson(shipped_lessons_dir() / "20_attention_scores.toml", KEYS)
    controller.play(lesson)
    _wait_step(qtbot, controller)
    lab = window.current_lab()
    assert len(lab.session.steps) == 0
    lab.setFocus()
    qtbot.keyClick(lab, Qt.Key_Space)
    _wait_step(qtbot, controller)
    assert controller.index == 1
    assert len(lab.session.steps) == 1  # the lesson's step 2 (decoder step 1), not one extra from the lab's Space
    qtbot.keyClick(lab, Qt.Key_Right)
    _wait_step(qtbot, controller)
    assert controller.index == 2 and len(lab.session.steps) == 2
    qtbot.keyClick(lab, Qt.Key_Left)
    _wait_step(qtbot, controller)
    assert controller.index == 1 and len(lab.session.steps) == 1
    qtbot.keyClick(lab, Qt.Key_PageDown)
    _wait_step(qtbot, controller)
    qtbot.keyClick(lab, Qt.Key_Home)
    _wait_step(qtbot, controller)
    assert controller.index == 0 and len(lab.session.steps) == 0
    qtbot.keyClick(lab, Qt.Key_Escape)
    assert controller.lesson is None and not controller.overlay.isVisible()
    qtbot.keyClick(lab, Qt.Key_Space)  # after leaving, Space is the lab's again
    qtbot.waitUntil(lambda: len(lab.session.steps) == 1, timeout=5000)


def test_the_caption_follows_the_language(make_window, qtbot):
    window = make_window("en")
    controller = window.lessons
    lesson = load_lesson(shipped_lessons_dir() / "40_positional_encoding.toml", KEYS)
    controller.play(lesson)
    _wait_step(qtbot, controller)
    window.set_language("ko")
    qtbot.waitUntil(lambda: controller.caption_text() == lesson.steps[0].caption["ko"], timeout=3000)
    assert "1" in controller.overlay.counter.text() and lesson.title["ko"] in controller.overlay.counter.text()


def test_a_missing_model_and_a_step_that_fails_give_notes(make_window, qtbot, monkeypatch):
    window = make_window("en")
    controller = window.lessons
    text = GOOD.replace('model = "additive"', 'model = "no-such-model"')
    controller.play(parse_lesson(text, KEYS))
    _wait_step(qtbot, controller)
    assert any("no-such-model" in note for note in controller.notes)
    assert controller.overlay.note.isVisible()
    # every lab follows the Lab protocol; a step that raises inside a lab is shown as it is, with a note
    lab = window.show_lab("gpt")
    qtbot.waitUntil(lambda: not lab.is_busy(), timeout=60000)

    def broken(self, state):
        raise RuntimeError("boom")

    monkeypatch.setattr(type(lab), "apply_lesson_state", broken)
    step = LessonStep(lab="gpt", caption={"en": "x", "ko": "y"})
    controller.play(Lesson(title={"en": "t", "ko": "t"}, steps=(step,)))
    _wait_step(qtbot, controller)
    assert controller.notes and "could not be applied" in controller.notes[0] and "boom" in controller.notes[0]
    controller.leave()


def test_recording_round_trip(make_window, qtbot, tmp_path):
    window = make_window("en")
    controller = window.lessons
    lab = window.show_lab("seq2seq")
    qtbot.waitUntil(lambda: not lab.is_busy() and lab.session.stepper is not None, timeout=60000)
    lab.apply_lesson_state({"input": "She has a red car.", "step": 3, "settings": {"tab": "step"}})
    qtbot.waitUntil(lambda: not lab.is_busy() and len(lab.session.steps) == 3, timeout=60000)
    assert controller.add_current_step({"en": "Three steps", "ko": "세 단계"}) is not None
    positional = window.show_lab("positional")
    positional.apply_lesson_state({"settings": {"d_model": 64, "positions": 50, "pair": 4},
                                   "highlight": {"position": 7, "dimension": 9}})
    qtbot.waitUntil(lambda: not positional.is_busy() and positional._result is not None
                    and positional._result.d_model == 64, timeout=20000)
    controller.add_current_step({"en": "Waves", "ko": "파동"})
    path = controller.save_recording(tmp_path / "mine", title="Mine")
    assert path.name == "mine.toml"
    lesson = load_lesson(path, KEYS)
    assert [s.lab for s in lesson.steps] == ["seq2seq", "positional"]
    first, second = lesson.steps
    assert (first.input, first.step, first.model) == ("She has a red car.", 3, lab.session.model_name)
    assert second.settings["d_model"] == 64 and second.highlight == {"position": 7, "dimension": 9}
    # play it back: the labs end up where they were recorded
    lab.apply_lesson_state({"input": "We are eating bread.", "step": 0})
    controller.open_file(path)
    _wait_step(qtbot, controller)
    assert lab.session.sentence == "She has a red car." and len(lab.session.steps) == 3
    controller.next()
    _wait_step(qtbot, controller)
    assert window.current_lab() is positional and positional.lesson_state()["highlight"] == {
        "position": 7, "dimension": 9}


def test_welcome_page_lists_the_lessons_and_starts_one(make_window, qtbot):
    window = make_window("en")
    controller = window.lessons
    assert controller.welcome_at_start()
    controller.show_welcome()
    page = controller.welcome_page()
    assert window.stack.currentWidget() is page and window.current_lab() is None
    lessons, _ = list_lessons(known_labs=KEYS)
    assert page.lesson_list.count() == len(lessons)
    assert lessons[0].title["en"] in page.lesson_list.item(0).text()
    page.lesson_list.setCurrentRow(3)
    qtbot.keyClick(page.lesson_list, Qt.Key_Return)
    _wait_step(qtbot, controller)
    assert controller.lesson == lessons[3]
    page.at_start_check.setChecked(False)
    assert not controller.welcome_at_start()
    controller.leave()
    page.labs_button.click()
    assert window.current_lab() is not None


def test_presenter_mode_is_remembered_and_recolours_heatmaps(make_window, qtbot, qapp):
    from desktop_app.app import create_window
    from desktop_app.lessons.presenter import font_scale_for
    from desktop_app.settings import Settings

    window = make_window("en")
    lab = window.show_lab("positional")
    qtbot.waitUntil(lambda: not lab.is_busy() and lab._result is not None, timeout=20000)
    normal_size = qapp.font().pointSizeF()
    window.lessons.presenter_action.trigger()
    assert window.lessons.presenter.active and window.isFullScreen()
    screen = window.screen().geometry()
    expected = font_scale_for(screen.width(), screen.height())  # text grows with the screen, never past it
    assert qapp.font().pointSizeF() == pytest.approx(round(normal_size * expected, 1))  # the app's font: dialogs too
    assert font_scale_for(1920, 1080) == 1.6 and font_scale_for(1280, 720) == 1.28 and font_scale_for(1024, 768) == 1.02
    axis = lab.encoding_view.plot.getAxis("left")
    assert axis.style["tickLength"] > 4  # longer, and still outwards: a heatmap's ticks stay outside the matrix
    colours = lab.encoding_view.colorbar.colorMap().name
    assert colours == "CET-D1A"  # the diverging view gets the high-contrast diverging map
    window.lessons.scheme_actions["colour-blind"].trigger()
    assert lab.encoding_view.colorbar.colorMap().name == "CET-CBD1"
    assert lab.similarity_view.colorbar.colorMap().name == "cividis"
    window.close()
    again = create_window(qapp, Settings(), "en")
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.lessons.presenter.active, timeout=3000)
    assert again.lessons.presenter.scheme == "colour-blind"
    again.lessons.presenter_action.trigger()
    assert not again.lessons.presenter.active and not again.isFullScreen()
    again_lab = again.show_lab("positional")
    assert again_lab.encoding_view.plot.getAxis("left").style["tickLength"] == 4
    assert Settings().get_int("presenter/on", 1) == 0
    again.close()


def test_the_format_reads_without_qt():
    import subprocess
    import sys

    code = ("import sys, desktop_app.lessons.format as f; lessons, errors = f.list_lessons(); "
            "assert lessons and not errors; assert not [m for m in sys.modules if m.startswith(('PySide6', 'torch'))]")
    subprocess.run([sys.executable, "-c", code], check=True)
