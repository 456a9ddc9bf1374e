"""Positional Encoding lab.

    PE(pos, 2i)   = sin(pos / 10000^(2i/d))
    PE(pos, 2i+1) = cos(pos / 10000^(2i/d))

Controls: model dimension d, number of positions, the sin/cos pair shown as waves, colour map.
Views, linked: waves of one pair; the positions x dimensions heatmap (hover: the formula with the numbers, click:
that dimension's pair in the waves); the position-similarity matrix (hover: the dot product).
Computation runs in a worker; the GUI thread only moves arrays into the views built at start.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QSpinBox, QSplitter

from desktop_app.kit.frame import LabFrame, Msg
from desktop_app.labs.positional.compute import PositionalResult, compute_positional
from desktop_app.labs.positional.views import WavesView
from desktop_app.widgets.export import ExportData
from desktop_app.widgets.formula import FormulaPanel
from desktop_app.widgets.heatmap import COLORMAPS, HeatmapView
from desktop_app.widgets.number_control import SliderSpinBox
from desktop_app.workers import run_task
from engine.positional import BASE, MAX_POSITIONS

LAB_KEY = "positional"
MIN_DIM, MAX_DIM = 8, 1024
DEFAULT_DIM, DEFAULT_POSITIONS, DEFAULT_PAIR = 128, 100, 2
DEBOUNCE_MS = 50
MAX_DISPLAY = 1024  # pixels per heatmap axis painted on the GUI thread; hover stays exact


class PositionalLab(LabFrame):
    trace_updated = Signal()  # the views now show the current d and positions

    MESSAGES = {
        "dim_range": Msg(QT_TRANSLATE_NOOP("PositionalLab",
                                           "The model dimension d must be between {lo} and {hi}; {d} was refused.")),
        "dim_odd": Msg(QT_TRANSLATE_NOOP("PositionalLab", "The model dimension d must be even, because each "
                                                          "sin/cos pair uses two dimensions; {d} is odd.")),
        "positions_range": Msg(QT_TRANSLATE_NOOP("PositionalLab", "The number of positions must be between 1 and "
                                                                  "{hi}; {n} was refused.")),
        "failed": Msg(QT_TRANSLATE_NOOP("PositionalLab", "Could not compute the encoding: {error}")),
    }

    def __init__(self, settings, parent=None):
        super().__init__(settings, parent, title=lambda: self.tr("Positional Encoding"),
                         intro=lambda: self.tr(
                             "Attention itself has no sense of order, so each position gets a vector of sines and "
                             "cosines added to its token. Change the dimension and the number of positions, hover "
                             "over a cell to see the formula with its numbers, click a column to see its wave."))
        self._result: PositionalResult | None = None
        self._task = None
        self._hover: tuple[str, int, int] | None = None  # ("encoding" | "similarity", row, col)
        self._highlight_dim: int | None = None
        self.last_gui_update_ms = 0.0

        # controls: each made, worded, set from the settings, then connected (nothing fires while restoring) -----
        d = settings.get_int("positional/d_model", DEFAULT_DIM, MIN_DIM, MAX_DIM)
        d = d if d % 2 == 0 else DEFAULT_DIM
        self._debounce = QTimer(self)  # typing or dragging re-computes once the value rests
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._request_update)
        words = self.words
        self.dim_control = words(SliderSpinBox(MIN_DIM, MAX_DIM, step=2), tip=lambda: self.tr(
            "d: length of each position's vector (even, {lo} to {hi}). Dimensions 2i and 2i+1 form a "
            "sin/cos pair with the same wavelength.").format(lo=MIN_DIM, hi=MAX_DIM))
        self.dim_control.validator = self._validate_dim
        self.dim_control.set_value(d)
        self.dim_control.value_changed.connect(self._on_dim_changed)
        self.positions_control = words(SliderSpinBox(1, MAX_POSITIONS, step=1), tip=lambda: self.tr(
            "How many positions (0 to N-1) to encode, 1 to {hi}.").format(hi=MAX_POSITIONS))
        self.positions_control.validator = self._validate_positions
        self.positions_control.set_value(settings.get_int("positional/n_positions", DEFAULT_POSITIONS, 1,
                                                          MAX_POSITIONS))
        self.positions_control.value_changed.connect(self._on_positions_changed)
        for control in (self.dim_control, self.positions_control):
            control.value_refused.connect(self._show_refusals)
            control.value_accepted.connect(self._show_refusals)
        self.pair_spin = words(QSpinBox(), tip=lambda: self.tr(
            "Which sin/cos pair to draw as waves: dimension 2i (sin) and 2i+1 (cos). Clicking a column of "
            "the heatmap chooses it too."))
        self.pair_spin.setMinimumWidth(70)
        self.pair_spin.setRange(0, d // 2 - 1)
        self.pair_spin.setValue(settings.get_int("positional/pair", DEFAULT_PAIR, 0, d // 2 - 1))
        self.pair_spin.valueChanged.connect(self._on_pair_changed)
        self.colormap_combo = words(QComboBox(), tip=lambda: self.tr(
            "Colours of the encoding heatmap. 'diverging' shows the sign: negative blue, positive red. Right-click "
            "a colour bar for more."))
        for name in COLORMAPS:
            self.colormap_combo.addItem(name, name)
        colormap = settings.get_str("positional/colormap", "diverging", tuple(COLORMAPS))
        self.colormap_combo.setCurrentIndex(self.colormap_combo.findData(colormap))
        self.colormap_combo.currentIndexChanged.connect(self._on_colormap_changed)

        controls = QGridLayout()
        controls.addWidget(words(QLabel(), text=lambda: self.tr("Model dimension d")), 0, 0)
        controls.addWidget(self.dim_control, 0, 1)
        controls.addWidget(words(QLabel(), text=lambda: self.tr("Pair i")), 0, 2)
        controls.addWidget(self.pair_spin, 0, 3)
        controls.addWidget(words(QLabel(), text=lambda: self.tr("Positions")), 1, 0)
        controls.addWidget(self.positions_control, 1, 1)
        controls.addWidget(words(QLabel(), text=lambda: self.tr("Colour map")), 1, 2)
        controls.addWidget(self.colormap_combo, 1, 3)
        controls.setColumnStretch(1, 1)

        # views -------------------------------------------------------------------------------------------
        self.waves_view = WavesView()
        self.encoding_view = HeatmapView(colormap="diverging", max_display=MAX_DISPLAY)
        self.encoding_view.cell_hovered.connect(self._on_encoding_hovered)
        self.encoding_view.cell_clicked.connect(self._on_encoding_clicked)
        self.encoding_view.hover_left.connect(self._on_hover_left)
        self.similarity_view = HeatmapView(colormap="viridis", max_display=MAX_DISPLAY)
        self.similarity_view.cell_hovered.connect(self._on_similarity_hovered)
        self.similarity_view.hover_left.connect(self._on_hover_left)
        self.formula_panel = FormulaPanel()
        has_result = lambda: self._result is not None  # noqa: E731
        self.waves_title, waves_frame = self.add_view(
            "waves", self.waves_view, self._waves_export_data, ready=has_result, wrap_title=False,
            title=lambda: self.tr("Waves of one sin/cos pair"),
            tip=lambda: self.tr("Each dimension is a wave over positions; low pairs oscillate fast, high pairs "
                                "slowly."))
        self.encoding_title, encoding_frame = self.add_view(
            "encoding", self.encoding_view, self._encoding_export_data, ready=has_result, wrap_title=False,
            title=lambda: self.tr("Encoding: positions × dimensions"),
            tip=lambda: self.tr("Row = position, column = dimension. Hover: the formula with numbers. Click: show "
                                "that dimension's wave."))
        self.similarity_title, similarity_frame = self.add_view(
            "similarity", self.similarity_view, self._similarity_export_data, ready=has_result, wrap_title=False,
            title=lambda: self.tr("Similarity between positions (dot product)"),
            tip=lambda: self.tr("PE(p) · PE(q) for every pair of positions: near positions are more alike than "
                                "far ones."))
        words.call(lambda: self.encoding_view.set_axis_titles(self.tr("position"), self.tr("dimension")))
        words.call(lambda: self.similarity_view.set_axis_titles(self.tr("position p"), self.tr("position q")))
        words.call(lambda: self.waves_view.plot.setLabel("bottom", self.tr("position")))
        words.call(lambda: self.waves_view.plot.setLabel("left", self.tr("value")))
        self.encoding_view.tooltip_formatter = lambda row, col, value: self.tr(
            "position {pos}, dimension {dim}: {value}").format(pos=row, dim=col, value=f"{value:.6f}")
        self.similarity_view.tooltip_formatter = lambda row, col, value: self.tr(
            "PE({p}) · PE({q}) = {value}").format(p=row, q=col, value=f"{value:.4f}")
        self.current_view_key = "encoding"

        lower = QSplitter(Qt.Horizontal)
        lower.addWidget(encoding_frame)
        lower.addWidget(similarity_frame)
        lower.setChildrenCollapsible(False)
        views = QSplitter(Qt.Vertical)
        views.addWidget(waves_frame)
        views.addWidget(lower)
        views.setStretchFactor(0, 2)
        views.setStretchFactor(1, 3)
        views.setChildrenCollapsible(False)

        self.body.addLayout(controls)
        self.body.addWidget(self.messages)
        self.body.addWidget(views, 1)
        self.body.addWidget(self.formula_panel)

        self._on_colormap_changed()
        self.retranslate()
        self._request_update()

    # lab interface (desktop_app.kit.protocol.Lab) -------------------------------------------------------
    def is_busy(self) -> bool:
        return self._debounce.isActive() or (self._task is not None and not self._task.finished)

    def save_settings(self) -> None:
        self._settings.set("positional/d_model", self.dim_control.value())
        self._settings.set("positional/n_positions", self.positions_control.value())
        self._settings.set("positional/pair", self.pair_spin.value())
        self._settings.set("positional/colormap", self.colormap_combo.currentData())

    def d_model(self) -> int:
        return self.dim_control.value()

    # lessons (protocol: desktop_app/labs/__init__.py) ---------------------------------------------------
    def lesson_state(self) -> dict:
        highlight = {}
        if self._hover is not None:
            kind, row, col = self._hover
            highlight = {"position": row, "dimension": col} if kind == "encoding" else {"p": row, "q": col}
        return {"settings": {"d_model": self.d_model(), "positions": self.n_positions(),
                             "pair": self.pair_spin.value(), "colormap": self.colormap_combo.currentData()},
                "highlight": highlight}

    def apply_lesson_state(self, state: dict) -> list[str]:
        """settings: d_model (even, 8-1024), positions (1-4096), pair (i), colormap (a COLORMAPS name);
        highlight: position + dimension (a cell of the encoding, its formula filled in), or p + q (a cell of the
        similarity), or dimension alone (that dimension's wave)."""
        settings = state.get("settings") or {}
        if isinstance(settings.get("d_model"), int):
            self.dim_control.set_value(settings["d_model"])
        if isinstance(settings.get("positions"), int):
            self.positions_control.set_value(settings["positions"])
        if isinstance(settings.get("pair"), int):
            self.pair_spin.setValue(settings["pair"])
        if settings.get("colormap") in COLORMAPS:
            self.colormap_combo.setCurrentIndex(self.colormap_combo.findData(settings["colormap"]))
        self._lesson_highlight = state.get("highlight") or {}
        if not self.is_busy():
            self._apply_lesson_highlight()
        return []

    def _apply_lesson_highlight(self) -> None:
        highlight, self._lesson_highlight = getattr(self, "_lesson_highlight", None), None
        if not highlight or self._result is None:
            return
        trace, n, d = self._result.trace, self._result.n_positions, self._result.d_model
        pos, dim = highlight.get("position"), highlight.get("dimension")
        p, q = highlight.get("p"), highlight.get("q")
        if isinstance(dim, int) and 0 <= dim < d:
            row = pos if isinstance(pos, int) and 0 <= pos < n else 0
            self._on_encoding_clicked(row, dim, float(trace.encoding[row, dim]))
            if isinstance(pos, int) and 0 <= pos < n:
                self._on_encoding_hovered(pos, dim, float(trace.encoding[pos, dim]))
        elif isinstance(p, int) and isinstance(q, int) and 0 <= p < n and 0 <= q < n:
            self._on_similarity_hovered(p, q, float(trace.similarity[p, q]))

    def n_positions(self) -> int:
        return self.positions_control.value()

    # validation: each refusal is one of MESSAGES, so it follows the language ---------------------------
    def _dim_refusal(self, d: int) -> tuple[str, dict] | None:
        if not MIN_DIM <= d <= MAX_DIM:
            return "dim_range", {"lo": MIN_DIM, "hi": MAX_DIM, "d": d}
        if d % 2:
            return "dim_odd", {"d": d}
        return None

    def _positions_refusal(self, n: int) -> tuple[str, dict] | None:
        if not 1 <= n <= MAX_POSITIONS:
            return "positions_range", {"hi": MAX_POSITIONS, "n": n}
        return None

    def _validate_dim(self, d: int) -> str | None:
        refusal = self._dim_refusal(d)
        return self.messages.text_of(*refusal) if refusal else None

    def _validate_positions(self, n: int) -> str | None:
        refusal = self._positions_refusal(n)
        return self.messages.text_of(*refusal) if refusal else None

    def _show_refusals(self) -> None:
        """The message of the first refused control (none: the bar clears)."""
        for control, refusal in ((self.dim_control, self._dim_refusal), (self.positions_control,
                                                                           self._positions_refusal)):
            if control.is_refused():
                key, fields = refusal(control.spin.value()) or ("failed", {"error": ""})
                self.show_message(key, to_status_bar=True, **fields)
                return
        if self.messages.key != "failed":
            self.show_message(None)

    # texts -----------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._update_view_titles()
        self._update_waves_texts()
        self._update_formula()
        super().retranslate()

    def _update_view_titles(self) -> None:
        if self._result is None:
            return
        n, d = self._result.n_positions, self._result.d_model
        self.encoding_view.set_title(self.tr("PE: {n} positions × {d} dimensions").format(n=n, d=d))
        self.similarity_view.set_title(self.tr("PE · PEᵀ: {n} × {n}").format(n=n))

    def _update_waves_texts(self) -> None:
        d, pair = self.dim_control.value(), self.pair_spin.value()
        if self._result is not None:
            d = self._result.d_model
        wavelength = 2 * 3.141592653589793 * BASE ** (2 * pair / d)
        self.waves_view.caption.setText(self.tr(
            "Pair i = {i} (dimensions {sin_dim} and {cos_dim}): wavelength = 2π·10000^({two_i}/{d}) "
            "= {wavelength} positions").format(
            i=pair, sin_dim=2 * pair, cos_dim=2 * pair + 1, two_i=2 * pair, d=d, wavelength=f"{wavelength:,.1f}"))
        self.waves_view.set_curve_names(
            self.tr("dim {dim}: sin").format(dim=2 * pair), self.tr("dim {dim}: cos").format(dim=2 * pair + 1))

    def _update_formula(self) -> None:
        general = "PE(pos, 2i) = sin(pos / 10000^(2i/d)),   PE(pos, 2i+1) = cos(pos / 10000^(2i/d))"
        if self._result is None or self._hover is None:
            self.formula_panel.set_lines(general, "", self.tr(
                "Hover over the encoding heatmap to fill in the numbers; hover over the similarity to read a "
                "dot product."))
            return
        kind, row, col = self._hover
        trace = self._result.trace
        if kind == "encoding":
            cell = trace.cell_formula(row, col)
            d = self._result.d_model
            two_i = 2 * cell["i"]
            function = cell["function"]
            dim_name = "2i" if function == "sin" else "2i+1"
            general = f"PE(pos, {dim_name}) = {function}(pos / 10000^(2i/d))"
            substituted = (
                f"PE({row}, {col}) = {function}({row} / 10000^({two_i}/{d})) = {function}({row} / "
                f"{cell['denominator']:.6g}) = {function}({cell['angle']:.6g}) = {cell['value']:.6f}"
            )
            note = self.tr("i = {i}, so dimension {dim} uses {function} with wavelength {wavelength} positions.").format(
                i=cell["i"], dim=col, function=function, wavelength=f"{trace.wavelengths[cell['i']]:,.2f}")
            self.formula_panel.set_lines(general, substituted, note)
        else:
            value = float(trace.similarity[row, col])
            general = "sim(p, q) = PE(p) · PE(q) = Σ_j PE(p, j)·PE(q, j) = Σ_i cos((p − q) / 10000^(2i/d))"
            substituted = f"sim({row}, {col}) = {value:.6f}"
            note = self.tr("It depends only on the distance |p − q| = {distance}; the largest value, d/2 = {half}, "
                           "is on the diagonal.").format(distance=abs(row - col), half=self._result.d_model // 2)
            self.formula_panel.set_lines(general, substituted, note)

    # slots -----------------------------------------------------------------------------------------------
    def _on_dim_changed(self, d: int) -> None:
        self.pair_spin.blockSignals(True)
        self.pair_spin.setRange(0, d // 2 - 1)
        self.pair_spin.blockSignals(False)
        self._debounce.start()

    def _on_positions_changed(self, _n: int) -> None:
        self._debounce.start()

    def _request_update(self) -> None:
        if self._task is not None:
            self._task.cancel()  # only the latest request matters
        self._task = run_task(
            compute_positional, self.positions_control.value(), self.dim_control.value(), MAX_DISPLAY,
            on_done=self._on_compute_done, on_error=self._on_compute_failed,
        )

    def _on_compute_done(self, result: PositionalResult | None) -> None:
        if result is None:
            return
        started = time.perf_counter()
        self._result = result
        n, d = result.n_positions, result.d_model
        self.encoding_view.set_matrix(result.trace.encoding, levels=(-1.0, 1.0), display=result.encoding_display)
        self.similarity_view.set_matrix(
            result.trace.similarity, levels=result.similarity_levels, display=result.similarity_display)
        self._update_view_titles()
        if self._hover is not None and (self._hover[1] >= n or self._hover[2] >= (d if self._hover[0] == "encoding" else n)):
            self._hover = None
        self._show_pair()
        self._update_formula()
        self.last_gui_update_ms = (time.perf_counter() - started) * 1000
        if getattr(self, "_lesson_highlight", None) and not self._debounce.isActive():
            self._apply_lesson_highlight()
        self.trace_updated.emit()

    def _on_compute_failed(self, exc: BaseException) -> None:
        self.show_message("failed", to_status_bar=True, error=str(exc))

    def _show_pair(self) -> None:
        if self._result is None:
            return
        pair = min(self.pair_spin.value(), self._result.d_model // 2 - 1)
        self.waves_view.show_pair(self._result.trace.encoding, pair, self._highlight_dim)
        self._update_waves_texts()

    def _on_pair_changed(self, _pair: int) -> None:
        self._highlight_dim = None
        self._show_pair()
        self.current_view_key = "waves"

    def _on_colormap_changed(self, _index: int = 0) -> None:
        name = self.colormap_combo.currentData()
        self.encoding_view.set_colormap(name)

    def _on_encoding_hovered(self, pos: int, dim: int, value: float) -> None:
        self._hover = ("encoding", pos, dim)
        self.current_view_key = "encoding"
        self.waves_view.set_cursor(pos)
        self._update_formula()
        self.status_message.emit(self.tr("position {pos}, dimension {dim}: {value}").format(
            pos=pos, dim=dim, value=f"{value:.6f}"))

    def _on_encoding_clicked(self, _pos: int, dim: int, _value: float) -> None:
        self._highlight_dim = dim
        self.pair_spin.blockSignals(True)
        self.pair_spin.setValue(dim // 2)
        self.pair_spin.blockSignals(False)
        self._show_pair()
        self.status_message.emit(self.tr("Showing the waves of dimension {dim} (pair i = {i}).").format(
            dim=dim, i=dim // 2))

    def _on_similarity_hovered(self, p: int, q: int, value: float) -> None:
        self._hover = ("similarity", p, q)
        self.current_view_key = "similarity"
        self._update_formula()
        self.status_message.emit(self.tr("PE({p}) · PE({q}) = {value}").format(p=p, q=q, value=f"{value:.4f}"))

    def _on_hover_left(self) -> None:
        self.waves_view.set_cursor(None)

    # export data -----------------------------------------------------------------------------------------
    def _meta(self, view: str) -> dict:
        result = self._result
        return {
            "lab": LAB_KEY,
            "view": view,
            "d_model": result.d_model if result else self.d_model(),
            "n_positions": result.n_positions if result else self.n_positions(),
            "formula": "PE(pos,2i)=sin(pos/10000^(2i/d)); PE(pos,2i+1)=cos(pos/10000^(2i/d))",
        }

    def _encoding_export_data(self) -> ExportData:
        encoding = self._result.trace.encoding
        return ExportData(
            name=f"pe_encoding_P{encoding.shape[0]}_d{encoding.shape[1]}", matrix=encoding,
            row_labels=[f"pos {p}" for p in range(encoding.shape[0])],
            col_labels=[f"dim {j}" for j in range(encoding.shape[1])], meta=self._meta("encoding"),
        )

    def _similarity_export_data(self) -> ExportData:
        similarity = self._result.trace.similarity
        labels = [f"pos {p}" for p in range(similarity.shape[0])]
        return ExportData(
            name=f"pe_similarity_P{similarity.shape[0]}_d{self._result.d_model}", matrix=similarity,
            row_labels=labels, col_labels=labels, meta=self._meta("similarity"),
        )

    def _waves_export_data(self) -> ExportData:
        pair = self.waves_view.pair
        meta = self._meta("waves")
        meta.update(pair=pair, wavelength=float(self._result.trace.wavelengths[pair]))
        return ExportData(
            name=f"pe_waves_pair{pair}_d{self._result.d_model}",
            columns={
                "position": self.waves_view.positions.astype(int),
                f"dim {2 * pair} (sin)": self.waves_view.sin_values,
                f"dim {2 * pair + 1} (cos)": self.waves_view.cos_values,
            },
            meta=meta,
        )

    # screenshots -----------------------------------------------------------------------------------------
    def prepare_screenshot(self) -> None:
        """Show a hovered cell, so a screenshot has the formula filled in, as a student would see it."""
        if self._result is None:
            return
        pos = min(12, self._result.n_positions - 1)
        dim = min(6, self._result.d_model - 1)
        self._on_encoding_hovered(pos, dim, float(self._result.trace.encoding[pos, dim]))
