"""TopKView, the one top-k widget of every lab: bars with the number beside them, bold for the chosen row, a click
gives the row; optional caption, token ids and an empty text; fewer candidates never re-lay out the window."""
from PySide6.QtCore import Qt

from desktop_app.widgets.topk import TopKView


def test_candidates_bars_numbers_and_a_click_gives_the_row(qtbot):
    view = TopKView(3)
    qtbot.addWidget(view)
    view.show()
    view.set_candidates(["pan", "agua", "casa"], [0.5, 0.25, 0.125], 1, ids=[40, 7, 99])
    assert [b.text() for b in view.buttons] == ["pan", "agua", "casa"]
    assert [b.value() for b in view.bars] == [500, 250, 125]
    assert [v.text() for v in view.values] == ["50.0%", "25.0%", "12.5%"]
    assert [b.font().bold() for b in view.buttons] == [False, True, False]
    assert view.candidate_ids() == [40, 7, 99]
    with qtbot.waitSignal(view.candidate_clicked) as blocker:
        qtbot.mouseClick(view.buttons[2], Qt.LeftButton)
    assert blocker.args == [2]
    assert all(b.focusPolicy() == Qt.NoFocus for b in view.buttons)  # Space keeps stepping
    view.set_candidates(["a", "b", "c"], [0.3, 0.3, 0.3], None)  # the shared callers' form: no ids
    assert view.candidate_ids() == [] and not any(b.font().bold() for b in view.buttons)


def test_no_candidates_shows_the_empty_text_in_the_same_room(qtbot):
    view = TopKView(5, caption=True)
    qtbot.addWidget(view)
    view.show()
    view.set_candidates(list("abcde"), [0.2] * 5, 0)
    view.set_caption("Step 1: chose “a”")
    size = view.minimumSizeHint()
    view.set_empty_text("Take a step to see the candidates.")
    assert view.empty_label.isHidden()
    view.set_candidates([], [], None)
    assert not view.empty_label.isHidden() and view.empty_label.text() == "Take a step to see the candidates."
    assert all(b.isHidden() for b in view.buttons) and view.minimumSizeHint() == size
    view.set_candidates(list("ab"), [0.6, 0.4], 0)
    assert view.empty_label.isHidden() and view.buttons[1].isVisible() and view.buttons[2].isHidden()
    assert view.caption.isVisible() and view.caption.text() == "Step 1: chose “a”"


def test_the_caption_is_hidden_unless_asked_for(qtbot):
    view = TopKView(2)
    qtbot.addWidget(view)
    view.show()
    assert view.caption.isHidden() and not view.caption.isWindow()
    shown = TopKView(2, caption=True)  # shown with its parent, never as a window of its own
    qtbot.addWidget(shown)
    assert not shown.caption.isWindow() and not shown.caption.isVisible() and not shown.caption.isHidden()
