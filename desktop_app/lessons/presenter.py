"""Presenter mode: full screen, larger fonts and plot marks, a projector colour scheme, remembered.

Applied from the outside to whatever the window shows (labs are created lazily, so it is re-applied each time a lab
is shown): the window font grows (children inherit it), pyqtgraph axes get larger tick and label fonts, and every
heatmap swaps its colour map for the scheme's (sequential maps for sequential, diverging for diverging, so a sign
stays readable). Leaving restores what each widget had.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

SCHEMES = {
    # scheme -> (map for sequential views, map for diverging views); names from widgets.heatmap.COLORMAPS
    "high-contrast": ("high-contrast", "high-contrast-diverging"),
    "colour-blind": ("cividis", "colour-blind-diverging"),
}
DEFAULT_SCHEME = "high-contrast"
# Text grows with the screen, not past it: 1.6x on a 1600 x 900 screen or larger, less on a smaller one, never below
# the normal size (1280 x 720 projector: 1.28x; 1024 x 768: 1.02x). The labs fit 1024 x 768 at 1.0x with the lab
# list shown (tests/app/test_fit.py), so without the list they fit these screens at these sizes.
FONT_SCALE = 1.6
FULL_SCALE_SCREEN = (1600, 900)
AXIS_POINT_SIZE = 9  # at 1.0x; scaled as the text


def font_scale_for(width: int, height: int) -> float:
    """The presenter text scale on a screen of this size (logical pixels)."""
    fraction = min(width / FULL_SCALE_SCREEN[0], height / FULL_SCALE_SCREEN[1])
    return round(min(FONT_SCALE, max(1.0, FONT_SCALE * fraction)), 2)


class PresenterMode(QObject):
    def __init__(self, window, settings):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.active = False
        self.scheme = settings.get_str("presenter/scheme", DEFAULT_SCHEME, tuple(SCHEMES))
        self._font: QFont | None = None
        self.scale = 1.0
        self._was_maximized = False
        window.lab_shown.connect(self._on_lab_shown)
        window.page_built.connect(self._on_page_built)

    def remembered(self) -> bool:
        return self.settings.get_int("presenter/on", 0, 0, 1) == 1

    def set_active(self, on: bool, remember: bool = True) -> None:
        if remember:
            self.settings.set("presenter/on", 1 if on else 0)
        if on == self.active:
            return
        self.active = on
        w = self.window
        app = QApplication.instance()
        if on:
            # the application's font, not the window's: labels with a style sheet (bold titles) take their size
            # from it, and dialogs opened in front of the class should be readable too
            self._font = QFont(app.font())
            self._was_maximized = w.isMaximized()
            screen = w.screen() or app.primaryScreen()
            area = screen.geometry() if screen is not None else None
            self.scale = font_scale_for(area.width(), area.height()) if area is not None else FONT_SCALE
            big = QFont(self._font)
            size = self._font.pointSizeF() if self._font.pointSizeF() > 0 else 10.0
            big.setPointSizeF(round(size * self.scale, 1))
            app.setFont(big)
            w.nav.hide()  # the room needs the lab, not the list: Ctrl+1…9 and lessons still switch labs
            w.showFullScreen()
        else:
            if self._font is not None:
                app.setFont(self._font)
            w.nav.show()
            if self._was_maximized:
                w.showMaximized()
            else:
                w.showNormal()
        self._restyle()
        for lab in self.window.built_labs():
            lab.set_presenting(on)
        self.apply_to_views()

    def _restyle(self) -> None:
        """Widgets with a style sheet resolved their font when they were polished: set the sheet again so they
        take the new application font (else a lab built before presenter mode keeps small bold titles)."""
        from PySide6.QtWidgets import QWidget

        for widget in [self.window, *self.window.findChildren(QWidget)]:
            sheet = widget.styleSheet()
            if sheet:
                widget.setStyleSheet(sheet)

    def set_scheme(self, scheme: str) -> None:
        if scheme not in SCHEMES:
            return
        self.scheme = scheme
        self.settings.set("presenter/scheme", scheme)
        self.apply_to_views()

    def colormap_for(self, own: str) -> str:
        sequential, diverging = SCHEMES[self.scheme]
        return diverging if own == "diverging" else sequential

    def apply_to_views(self, root=None) -> None:
        """Plot fonts and heatmap colours of everything in `root` (the window), for the current mode."""
        from desktop_app.widgets.plots import pg

        from desktop_app.widgets.head_grid import HeadGrid
        from desktop_app.widgets.heatmap import COLORMAPS, HeatmapView

        root = root if root is not None else self.window
        for view in root.findChildren(HeatmapView):
            name = self.colormap_for(view.colormap_name) if self.active else view.colormap_name
            view.colorbar.setColorMap(pg.colormap.get(COLORMAPS.get(name, name)))
        for grid in root.findChildren(HeadGrid):
            grid.set_colormap(self.colormap_for(grid.colormap_name) if self.active else grid.colormap_name)
        tick_font = QFont(QApplication.instance().font())
        axis_size = round(AXIS_POINT_SIZE * max(self.scale, 1.3), 1)  # plot labels gain even where text cannot
        tick_font.setPointSizeF(axis_size)
        for graphics in root.findChildren(pg.GraphicsView):
            for item in graphics.scene().items():
                if isinstance(item, pg.AxisItem):
                    # each axis keeps its own tick direction (heatmaps tick outwards): only the length grows
                    if not hasattr(item, "_presenter_base_tick_length"):
                        item._presenter_base_tick_length = item.style["tickLength"]
                    base = item._presenter_base_tick_length
                    item.setStyle(tickFont=tick_font if self.active else None,
                                  tickLength=round(base * 1.8) if self.active else base)
                    item.labelStyle = {"font-size": f"{axis_size}pt"} if self.active else {}
                    item._updateLabel()

    def _on_lab_shown(self, key: str) -> None:
        if self.active:
            self.window.lab_widget(key).set_presenting(True)
            self.apply_to_views()

    def _on_page_built(self, page) -> None:
        """A lab built a page's views after presenter mode was applied (desktop_app/widgets/lazy_page.py)."""
        if self.active:
            self.apply_to_views(page)
