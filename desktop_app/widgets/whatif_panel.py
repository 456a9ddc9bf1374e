"""WhatIfPanel: switch attention heads off, rank them by importance, and see the lab's quantity before and after.

One panel per lab (BERT, GPT, Transformer). The lab hands it the model's head grid and two calls: `compare(mask)`
-> (fn, *args) of its compute module (a Comparison with every head on and with `mask`) and `importance()` ->
(fn, *args) (an engine.whatif.HeadImportance, None when cancelled); both run in the worker. The panel keeps the
mask (engine.whatif.HeadMask), draws it on a head grid in switch mode, and says when it changed (`mask_changed`) so
the lab's regular views can use it too. The importance map and the before/after view are exportable views.
"""
from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from desktop_app.kit.comparison import Comparison
from desktop_app.kit.words import Worded
from desktop_app.widgets.export import ExportData
from desktop_app.widgets.head_grid import HeadGrid
from desktop_app.widgets.whatif import BeforeAfterView, ImportanceView
from desktop_app.workers import run_task

# engine.whatif (HeadMask, parse_ablation) imports torch: imported where a model is already loaded, never at start

Call = Callable[..., Optional[tuple]]


def spec_text(spec: str) -> str:
    """'1.2,3.*' -> '1.2, 3.*' (the heads off, as the panel shows them)."""
    return ", ".join(spec.split(","))


class WhatIfPanel(Worded, QWidget):
    """Head switches, importance and before/after for one lab."""

    mask_changed = Signal(object)  # the new HeadMask
    comparison_shown = Signal()
    importance_shown = Signal()
    failed = Signal(object)  # an exception of a compare or importance run

    def __init__(self, add_view: Callable, key: str, export_meta: Callable[..., dict],
                 kind_names: Optional[dict] = None, parent=None):
        super().__init__(parent)
        self.key = key
        self.export_meta = export_meta
        self.kind_names = kind_names or {}
        self.mask = None  # engine.whatif.HeadMask once a model is there
        self.comparison: Optional[Comparison] = None
        self.importance = None  # engine.whatif.HeadImportance
        self.compare_call: Optional[Call] = None
        self.importance_call: Optional[Call] = None
        self._compare_task = None
        self._importance_task = None
        self._pending_spec: Optional[str] = None  # asked for before a model was there
        self._importance_args: Optional[tuple] = None  # the inputs the importance map was computed for

        words = self.words
        self.switch_box = words(QCheckBox(), text=lambda: self.tr("Switch heads off"), tip=lambda: self.tr(
            "On: a click on a head switches it off (or on again); a click on a layer's name switches the whole layer"))
        self.switch_box.setChecked(True)
        self.kind_combo = QComboBox()  # its items come with a model (set_grid)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.importance_button = words(QPushButton(), text=lambda: self.tr("Importance"), tip=lambda: self.tr(
            "Switch each head off alone and measure how much the prediction changes"))
        self.importance_button.clicked.connect(self.run_importance)
        self.cancel_button = words(QPushButton(), text=lambda: self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_importance)
        self.reset_button = words(QPushButton(), text=lambda: self.tr("All heads on"))
        self.reset_button.clicked.connect(self.all_heads_on)
        for button in (self.importance_button, self.cancel_button, self.reset_button):
            button.setFocusPolicy(Qt.NoFocus)
        self.spec_label = QLabel()
        self.spec_label.setStyleSheet("font-weight: bold;")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMaximumHeight(16)
        self.progress.hide()
        controls = QHBoxLayout()
        for w in (self.switch_box, self.kind_combo, self.importance_button, self.cancel_button, self.reset_button):
            controls.addWidget(w)
        controls.addWidget(self.spec_label, 1)

        self.grid = HeadGrid()
        self.grid.set_switch_mode(True)
        self.grid.select(-1, -1)  # no picked head: a red frame would read as "off"
        words.call(lambda: self.grid.set_header_formats(self.tr("layer {n}"), self.tr("head {n}")))
        self.grid.head_switched.connect(self.switch)
        self.grid.layer_switched.connect(self.switch)
        self.switch_box.toggled.connect(self.grid.set_switch_mode)
        self.importance_view = ImportanceView()
        self.importance_view.head_chosen.connect(self._on_importance_head_chosen)
        self.before_after = BeforeAfterView()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.before_after)
        grid_title, grid_frame = add_view(f"{key}_heads", self.grid)
        words(grid_title, text=lambda: self.tr("Heads: a crossed-out head is switched off (its attention is zero)"))
        self.importance_title, importance_frame = add_view(
            f"{key}_importance", self.importance_view, self._importance_export, ready=lambda: self.importance
            is not None)
        before_after_title, before_after_frame = add_view(
            f"{key}_before_after", scroll, self._before_after_export, ready=lambda: self.comparison is not None)
        words(before_after_title, text=lambda: self.tr("Before and after"))
        right = QVBoxLayout()
        right.addWidget(importance_frame, 2)
        right.addWidget(before_after_frame, 3)  # what a switch changed gets more of the height
        views = QHBoxLayout()
        views.addWidget(grid_frame, 2)
        views.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.progress)
        layout.addLayout(views, 1)
        self.retranslate()

    # the model and the mask -----------------------------------------------------------------------------------
    def set_grid(self, grid: Optional[dict]) -> None:
        """A new model: its kinds -> (layers, heads); every head on, old results dropped."""
        from engine.whatif import HeadMask

        self.cancel_importance()
        self.importance, self.comparison = None, None
        self.importance_view.show_empty()
        self.mask = HeadMask.ones(grid) if grid else None
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for kind in (grid or {}):
            self.kind_combo.addItem(self._kind_name(kind), kind)
        self.kind_combo.blockSignals(False)
        self.kind_combo.setVisible(len(grid or {}) > 1)
        if grid:
            self.grid.set_shape(*grid[self.kind])
        self.before_after.show_comparison(None)
        self._show_mask()
        spec, self._pending_spec = self._pending_spec, None
        if spec and grid:
            self.set_spec(spec)

    def set_heads_off(self, spec: str) -> None:
        """The heads of `spec` off, every other on ('' = every head on); kept until a model is there."""
        if self.mask is None:
            self._pending_spec = spec
        else:
            self.set_spec(spec)

    @property
    def kind(self) -> str:
        return self.kind_combo.currentData() or "self"

    def set_kind(self, kind: str) -> None:
        index = self.kind_combo.findData(kind)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)

    @property
    def spec(self) -> str:
        return self.mask.spec() if self.mask is not None else ""

    def set_spec(self, spec: str) -> None:
        """Switch exactly the heads of `spec` off ('' = every head on); AblationSpecError for a bad text."""
        from engine.whatif import HeadMask, parse_ablation

        if self.mask is None:
            return
        grid = self.mask.grid
        mask = parse_ablation(spec, grid) if spec and spec.strip() else HeadMask.ones(grid)
        off_kinds = [kind for kind, _, _ in mask.off()]
        if off_kinds and self.kind not in off_kinds:
            self.set_kind(off_kinds[0])  # show the grid where the heads went off
        self.set_mask(mask)

    def set_mask(self, mask) -> None:
        if mask == self.mask:
            return
        self.mask = mask
        self._show_mask()
        self.mask_changed.emit(mask)
        self.refresh()

    def switch(self, layer: int, head: Optional[int] = None, kind: Optional[str] = None) -> None:
        """Toggle one head (0-based), or with head=None a whole layer (all off, or all on when all were off)."""
        if self.mask is None:
            return
        kind = kind or self.kind
        row = self.mask[kind][layer]
        on = (row == 0).all() if head is None else row[head] == 0
        self.set_mask(self.mask.switched(kind, layer, head, on=bool(on)))

    def all_heads_on(self) -> None:
        from engine.whatif import HeadMask

        if self.mask is not None:
            self.set_mask(HeadMask.ones(self.mask.grid))

    def _show_mask(self) -> None:
        spec = self.spec
        self.spec_label.setText(self.tr("off: {heads}").format(heads=spec_text(spec)) if spec
                                else self.tr("every head on"))
        self.reset_button.setEnabled(bool(spec))
        if self.mask is not None:
            self.grid.set_off(self.mask[self.kind])

    # runs -----------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the before/after for the lab's input now (a run still going is cancelled)."""
        if self.compare_call is None or self.mask is None:
            return
        call = self.compare_call(self.mask)
        if call is None:
            return
        if self._compare_task is not None:
            self._compare_task.cancel()
        fn, *args = call
        self._compare_task = run_task(fn, *args, on_done=self._on_compare_done, on_error=self._on_task_failed,
                                      owner=self)

    def run_importance(self) -> None:
        if self.importance_call is None or self.mask is None:
            return
        call = self.importance_call()
        if call is None:
            return
        self.cancel_importance()
        fn, *args = call
        self._importance_args = tuple(args)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.importance_button.setEnabled(False)
        self._importance_task = run_task(fn, *args, on_done=self._on_importance_done,
                                         on_error=self._on_importance_failed, on_progress=self._on_progress,
                                         owner=self)

    def cancel_importance(self) -> None:
        if self._importance_task is not None:
            self._importance_task.cancel()
            self._importance_task = None
        self._importance_idle()

    def is_busy(self) -> bool:
        return any(t is not None and not t.finished for t in (self._compare_task, self._importance_task))

    def _importance_idle(self) -> None:
        self.progress.hide()
        self.cancel_button.setEnabled(False)
        self.importance_button.setEnabled(True)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(round(fraction * 1000)))
        self.progress.setFormat(message or "%p%")

    def _on_compare_done(self, comparison) -> None:
        if comparison is None:
            return
        self.comparison = comparison
        self._drop_stale_importance()
        self.before_after.show_comparison(comparison)
        self._show_attention()
        self.comparison_shown.emit()

    def _on_importance_done(self, result) -> None:
        self._importance_task = None
        self._importance_idle()
        if result is None:  # cancelled
            return
        self.importance = result
        self._show_importance()
        self.importance_shown.emit()

    def _on_importance_failed(self, exc: BaseException) -> None:
        self._importance_task = None
        self._importance_idle()
        self.failed.emit(exc)

    def _on_task_failed(self, exc: BaseException) -> None:
        self.failed.emit(exc)

    def _drop_stale_importance(self) -> None:
        """A map computed for another input (or model) no longer holds: the view asks for a new sweep."""
        call = self.importance_call() if self.importance_call is not None else None
        if self.importance is not None and (call is None or tuple(call[1:]) != self._importance_args):
            self.importance = None
            self.importance_view.show_empty()
            self.importance_title.setText(self.tr("Head importance: press Importance"))

    # views ----------------------------------------------------------------------------------------------------
    def _show_attention(self) -> None:
        c = self.comparison
        if c is not None and self.kind in c.attention:
            self.grid.set_matrices(c.attention[self.kind])
        if self.mask is not None:
            self.grid.set_off(self.mask[self.kind])

    def _show_importance(self) -> None:
        r = self.importance
        if r is None or self.kind not in r.changes:
            return
        self.importance_view.set_changes(r.changes[self.kind], kind=self.kind)
        self.importance_title.setText(self.tr("Head importance: change of {what} when that head alone is off "
                                              "(blue: the head helped; {seconds} s)").format(
            what=r.description, seconds=f"{r.seconds:.2f}"))

    def _on_kind_changed(self, _index: int) -> None:
        if self.mask is not None:
            self.grid.set_shape(*self.mask.grid[self.kind])
        self._show_attention()
        self._show_importance()

    def _on_importance_head_chosen(self, layer: int, head: int) -> None:
        kind = self.importance_view.kind or self.kind
        if self.mask is not None and self.mask[kind][layer, head] != 0:
            self.set_mask(self.mask.switched(kind, layer, head, on=False))

    # export ---------------------------------------------------------------------------------------------------
    def _importance_export(self) -> ExportData:
        r = self.importance
        m = np.asarray(r.changes[self.kind])
        return ExportData(name=f"{self.key}_head_importance", matrix=m,
                          row_labels=[f"layer {i + 1}" for i in range(m.shape[0])],
                          col_labels=[f"head {i + 1}" for i in range(m.shape[1])],
                          meta=self.export_meta("head_importance", kind=self.kind, measure=r.description,
                                                value=r.value, tokens=list(r.tokens), target=list(r.target)))

    def _before_after_export(self) -> ExportData:
        c = self.comparison
        cols: dict[str, list] = {"row": [], "rank": [], "before_token": [], "before_probability": [],
                                 "after_token": [], "after_probability": []}
        for pair in c.topk:
            for rank in range(min(len(pair.before_tokens), len(pair.after_tokens))):
                cols["row"].append(pair.title)
                cols["rank"].append(rank + 1)
                cols["before_token"].append(pair.before_tokens[rank])
                cols["before_probability"].append(float(pair.before_probs[rank]))
                cols["after_token"].append(pair.after_tokens[rank])
                cols["after_probability"].append(float(pair.after_probs[rank]))
        if not cols["row"]:
            cols = {"row": ["value"], "rank": [1], "before_token": [""], "before_probability":
                    [float(np.exp(c.value_before))], "after_token": [""], "after_probability":
                    [float(np.exp(c.value_after))]}
        return ExportData(name=f"{self.key}_before_after", columns={k: np.array(v) for k, v in cols.items()},
                          meta=self.export_meta("before_after", heads_off=c.spec, measure=c.description,
                                                log_prob_before=c.value_before, log_prob_after=c.value_after,
                                                text_before=list(c.text_before), text_after=list(c.text_after)))

    # texts ----------------------------------------------------------------------------------------------------
    def _kind_name(self, kind: str) -> str:
        name = self.kind_names.get(kind, kind)
        return name() if callable(name) else name

    def retranslate(self) -> None:
        """The texts that follow the model and the results (the fixed ones are bound where their widgets are made)."""
        for i in range(self.kind_combo.count()):
            self.kind_combo.setItemText(i, self._kind_name(self.kind_combo.itemData(i)))
        if self.importance is None:
            self.importance_title.setText(self.tr("Head importance: press Importance"))
        else:
            self._show_importance()
        self._show_mask()


class WhatIfPage(QWidget):
    """A lab's What if tab: a grey note over a WhatIfPanel whose compare and importance calls are the page's
    `compare_call(mask)` and `importance_call()` (subclasses give them)."""

    def __init__(self, add_view: Callable, key: str, export_meta: Callable[..., dict],
                 kind_names: Optional[dict] = None, parent=None):
        super().__init__(parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.panel = WhatIfPanel(add_view, key, export_meta, kind_names=kind_names)
        self.panel.compare_call = self.compare_call
        self.panel.importance_call = self.importance_call
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.panel, 1)

    def compare_call(self, mask) -> Optional[tuple]:
        return None

    def importance_call(self) -> Optional[tuple]:
        return None

__all__ = ["WhatIfPage", "WhatIfPanel", "spec_text"]
