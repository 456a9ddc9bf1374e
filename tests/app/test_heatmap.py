"""HeatmapView: token labels that never overlap (all of them when they fit, else the ones that matter), the current
row marked beside the map, an empty state that says what will come, square-ish cells for few columns."""
import numpy as np
import pytest
from PySide6.QtGui import QPainter

from desktop_app.widgets.heatmap import HeatmapView, label_priority

TOKENS = [f"token{i}" for i in range(40)]


def shown_view(qtbot, width, height, **kwargs):
    view = HeatmapView(**kwargs)
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def paint(view):
    view.grab()  # renders the scene: the axes choose their labels while painting


def test_every_label_when_they_fit_else_a_subset_that_does_not_overlap(qtbot):
    values = np.random.default_rng(0).random((40, 40))
    big = shown_view(qtbot, 1600, 1000)
    big.set_matrix(values, TOKENS, TOKENS)
    paint(big)
    left, bottom = big.plot.getAxis("left"), big.plot.getAxis("bottom")
    assert left.shown == list(range(40)) and bottom.shown == list(range(40))
    small = shown_view(qtbot, 420, 260)
    small.set_matrix(values, TOKENS, TOKENS)
    paint(small)
    left, bottom = small.plot.getAxis("left"), small.plot.getAxis("bottom")
    assert 2 <= len(left.shown) < 40 and 2 <= len(bottom.shown) < 40
    assert {0, 39} <= set(left.shown)  # first and last
    for axis in (left, bottom):
        _spec, _ticks, texts = axis.generateDrawSpecs(QPainter())
        rects = [rect for rect, _index, _text in texts]
        assert not [(a, b) for k, a in enumerate(rects) for b in rects[k + 1:] if a.intersects(b)]


def test_bottom_labels_turn_upright_when_that_makes_them_all_fit(qtbot):
    view = shown_view(qtbot, 900, 600)
    view.set_matrix(np.random.default_rng(1).random((10, 40)), col_labels=TOKENS)
    paint(view)
    bottom = view.plot.getAxis("bottom")
    assert bottom.rotated and bottom.shown == list(range(40))


def test_the_current_row_is_marked_beside_the_map_and_its_largest_weights_are_labelled(qtbot):
    values = np.full((40, 40), 0.001)
    values[30, 17] = 0.9  # the current row looks at token 17
    view = shown_view(qtbot, 420, 260)
    view.set_matrix(values, TOKENS, TOKENS)
    view.set_current_row(30)
    paint(view)
    left, bottom = view.plot.getAxis("left"), view.plot.getAxis("bottom")
    assert left.mark == 30 and 30 in left.shown  # its label always drawn (bold, tinted, with a triangle)
    assert 17 in bottom.shown and bottom.priority[0] == 17
    view.set_current_row(None)
    assert left.mark is None and bottom.priority is None
    view.set_current_col(5)
    paint(view)
    assert bottom.mark == 5 and 5 in bottom.shown


def test_label_priority_puts_the_mark_the_largest_weights_and_the_ends_first():
    weights = np.array([0.1, 0.0, 0.5, 0.0, 0.3, 0.05, 0.05])
    order = label_priority(7, weights, mark=1)
    assert order[:6] == [1, 2, 4, 0, 6, 5] and sorted(order) == list(range(7))
    assert label_priority(5)[:2] == [0, 4] and sorted(label_priority(5)) == list(range(5))


def test_a_matrix_without_rows_shows_the_empty_text_not_a_block_of_colour(qtbot):
    view = shown_view(qtbot, 500, 300)
    view.set_empty_text("Press Step: each row will show where the decoder looks")
    assert view.is_empty() and view.empty_item.isVisible()  # nothing shown yet
    view.set_matrix(np.zeros((0, 5)), [], ["we", "are", "eating", "bread", "."], levels=(0.0, 1.0), min_rows=6)
    assert view.is_empty() and view.empty_item.isVisible() and not view.image.isVisible()
    assert view.plot.getAxis("bottom").labels == ["we", "are", "eating", "bread", "."]
    assert view.plot.getAxis("left").labels == []  # no numbers for rows that do not exist
    box = view.plot.getViewBox()
    assert view.cell_at(box.mapViewToScene(box.viewRect().center())) is None
    from PySide6.QtCore import QPointF

    assert view.column_at(box.mapViewToScene(QPointF(2, 0))) == 2  # a column can be picked before it has rows
    view.set_matrix(np.eye(5), ["a", "b", "c", "d", "e"], ["we", "are", "eating", "bread", "."])
    assert not view.is_empty() and not view.empty_item.isVisible() and view.image.isVisible()
    with pytest.raises(ValueError):
        view.set_matrix(np.zeros(3))


def test_few_columns_keep_square_ish_cells_centred(qtbot):
    view = shown_view(qtbot, 900, 300)
    view.set_max_cell_aspect(2.0)
    view.set_matrix(np.random.default_rng(2).random((5, 3)), list("abcde"), ["x", "y", "z"])
    paint(view)
    box = view.plot.getViewBox().rect()
    cell_w, cell_h = box.width() / 3, box.height() / 5
    assert cell_w <= 2.0 * cell_h + 1 and view.plot.geometry().left() > 100  # in the middle, not stretched
    view.set_max_cell_aspect(None)
    paint(view)
    assert view.plot.getViewBox().rect().width() > 3 * (2.0 * cell_h + 1)


def test_an_empty_axis_title_takes_no_room(qtbot):
    view = shown_view(qtbot, 400, 200)
    view.set_axis_titles("rows", "")
    assert view.plot.getAxis("left").label.isVisible() and not view.plot.getAxis("bottom").label.isVisible()


def test_a_map_shrunk_past_its_side_padding_fits_again(qtbot):
    """Few columns are padded to square-ish cells; a view then shrunk by more than that padding recomputes it
    (before, the layout could not shrink, the view box kept its size and the map was cut on the right)."""
    view = shown_view(qtbot, 1200, 300)
    view.set_max_cell_aspect(1.5)
    view.set_matrix(np.eye(5), list("abcde"), list("vwxyz"))
    qtbot.wait(20)
    assert view._padding() > 0
    view.resize(380, 300)
    qtbot.wait(20)
    box = view.plot.vb.mapRectToScene(view.plot.vb.rect())
    assert box.right() <= view.width()


def test_hidden_head_grid_builds_its_cells_when_first_shown(qtbot):
    """A grid off screen (a What if tab not opened yet) makes no cells on a new shape; shown, it has them, with the
    maps, heads switched off and picked head set meanwhile."""
    from desktop_app.widgets.head_grid import HeadGrid

    grid = HeadGrid()
    qtbot.addWidget(grid)
    matrices = np.random.default_rng(1).random((2, 3, 4, 4))
    grid.set_matrices(matrices)
    off = np.zeros((2, 3), dtype=bool)
    off[1, 2] = True
    grid.set_off(off)
    grid.select(1, 0)
    assert grid.shape == (2, 3) and grid.boxes == [] and grid.cell_at(None) is None
    grid.show()
    assert len(grid.boxes) == 2 and len(grid.boxes[0]) == 3
    assert grid.images[1][2].image is not None and grid.images[1][2].opacity() < 1.0
    assert grid._crosses[1][2].isVisible() and not grid._crosses[0][0].isVisible()
    assert grid._selected == (1, 0)


def test_head_grid_recolours_with_its_matrices(qtbot):
    from desktop_app.widgets.head_grid import HeadGrid

    grid = HeadGrid()
    qtbot.addWidget(grid)
    grid.show()
    grid.set_matrices(np.random.default_rng(0).random((2, 2, 3, 3)))
    before = grid.images[0][0].image.copy()
    grid.set_colormap("high-contrast")  # presenter mode: the map of the large view beside the grid
    assert not np.array_equal(grid.images[0][0].image, before)
    grid.set_colormap("viridis")
    np.testing.assert_array_equal(grid.images[0][0].image, before)
