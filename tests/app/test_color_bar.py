"""The heatmap's colour bar: its map and levels colour the image, and a right-click offers other colour maps."""
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt

from desktop_app.widgets.heatmap import HeatmapView


class _Click:
    """The parts of pyqtgraph's MouseClickEvent that the colour bar reads."""

    def __init__(self, button):
        self._button, self.accepted = button, False

    def button(self):
        return self._button

    def screenPos(self):
        return QPointF(10, 10)

    def accept(self):
        self.accepted = True


def test_levels_and_map_reach_the_image(qtbot):
    view = HeatmapView(colormap="diverging")
    qtbot.addWidget(view)
    view.set_matrix(np.array([[-1.0, 0.5], [0.25, 1.0]]), levels=(-1.0, 1.0))
    assert view.colorbar.levels() == (-1.0, 1.0)
    assert tuple(view.image.levels) == (-1.0, 1.0)
    assert view.colorbar.colorMap().name == "CET-D1"
    view.set_colormap("viridis")
    lut = view.colorbar.colorMap().getLookupTable(nPts=256, alpha=True)
    np.testing.assert_array_equal(view.image.lut, lut)
    np.testing.assert_array_equal(view.colorbar.bar.lut, lut)
    view.set_matrix(np.zeros((3, 3)), levels=(0.0, 2.0))
    assert view.colorbar.levels() == (0.0, 2.0) and view.colorbar.axis.range == [0.0, 2.0]


def test_right_click_offers_colour_maps_and_a_choice_recolours(qtbot):
    view = HeatmapView()
    qtbot.addWidget(view)
    left = _Click(Qt.MouseButton.LeftButton)
    view.colorbar.mouseClickEvent(left)
    assert not left.accepted and view.colorbar._menu is None
    right = _Click(Qt.MouseButton.RightButton)
    view.colorbar.mouseClickEvent(right)
    assert right.accepted and view.colorbar._menu is not None
    view.colorbar._menu.hide()
    view.colorbar._menu.sigColorMapTriggered.emit(pg.colormap.get("CET-L1"))
    assert view.colorbar.colorMap().name == "CET-L1"
    np.testing.assert_array_equal(view.image.lut, view.colorbar.colorMap().getLookupTable(nPts=256, alpha=True))


def test_a_heatmap_shows_only_its_left_and_bottom_axes(qtbot):
    from desktop_app.widgets.heatmap import HeatmapView

    view = HeatmapView()
    qtbot.addWidget(view)
    shown = {name for name in ("left", "bottom", "top", "right") if view.plot.getAxis(name).isVisible()}
    assert shown == {"left", "bottom"}


def test_head_grid_cells_paint_the_same_colours_small_or_large(qtbot):
    """Small cells go to pyqtgraph as RGBA, large ones as 8-bit indices with the lookup table: the same colours."""
    import numpy as np

    from desktop_app.widgets.head_grid import HeadGrid

    grid = HeadGrid()
    qtbot.addWidget(grid)
    grid.show()  # a hidden grid makes its cells when first shown
    ramp = np.linspace(0.0, 1.0, 200 * 200, dtype=np.float32).reshape(200, 200)
    for size in (8, 200):  # 64 and 40,000 pixels: both sides of SMALL_CELL_PIXELS
        grid.set_matrices(ramp[None, None, :size, :size])
        image = grid.images[0][0].image
        if size == 8:
            assert image.shape == (8, 8, 4) and image.dtype == np.uint8
            colours = image[..., :3]
        else:
            assert image.shape == (200, 200) and image.dtype == np.uint8
            colours = grid._lut[image]
        top = ramp[:size, :size].max()
        expected = grid._lut[np.clip(ramp[:size, :size] * (255.0 / top), 0, 255).astype(np.uint8)]
        assert np.array_equal(colours, expected)
