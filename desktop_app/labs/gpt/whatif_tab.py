"""GPT What-if tab: switch heads off and see the next-token top-k and a greedy continuation before and after; rank
the heads by importance for the next token. The prompt is the lab's; the Generate tab steps with the same heads
off while any is off."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.labs.gpt.compute import LAB_KEY
from desktop_app.labs.gpt.compute_whatif import CONTINUATION, compare, importance
from desktop_app.widgets.whatif_panel import WhatIfPanel


class WhatIfTab(QWidget):
    mask_changed = Signal(object)  # the HeadMask now
    failed = Signal(object)

    def __init__(self, host, add_view: Callable, prompt: Callable[[], str], parent=None):
        super().__init__(parent)
        self.host = host
        self.prompt = prompt
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.panel = WhatIfPanel(add_view, "gpt_whatif", self._export_meta)
        self.panel.compare_call = self._compare_call
        self.panel.importance_call = self._importance_call
        self.panel.mask_changed.connect(self.mask_changed)
        self.panel.failed.connect(self.failed)
        self._pending_spec: str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.panel, 1)
        host.model_loaded.connect(self._on_host_model_loaded)
        if host.bundle is not None:
            self._on_host_model_loaded()

    def _export_meta(self, view: str, **extra) -> dict:
        return {"lab": LAB_KEY, "view": view, "model": self.host.bundle.name if self.host.bundle else "",
                "prompt": self.prompt(), **extra}

    def _compare_call(self, mask):
        return None if self.host.bundle is None else (compare, self.host.bundle, self.prompt(), mask)

    def _importance_call(self):
        return None if self.host.bundle is None else (importance, self.host.bundle, self.prompt())

    def _on_host_model_loaded(self) -> None:
        c = self.host.bundle.config
        self.panel.set_grid({"self": (c.n_layer, c.n_head)})
        spec, self._pending_spec = self._pending_spec, None
        if spec:
            self.panel.set_spec(spec)

    def set_heads_off(self, spec: str) -> None:
        """The heads of `spec` off, every other on ('' = every head on); kept until the model is loaded."""
        if self.panel.mask is None:
            self._pending_spec = spec
        else:
            self.panel.set_spec(spec)

    def refresh(self) -> None:
        self.panel.refresh()

    def is_busy(self) -> bool:
        return self.panel.is_busy()

    def retranslate(self) -> None:
        self.note.setText(self.tr("The next token and the next {n} tokens (greedy) after the prompt, with every head "
                                  "on and with the heads you switch off; the Generate tab writes with the same "
                                  "heads off.").format(n=CONTINUATION))
        self.panel.retranslate()


__all__ = ["WhatIfTab"]
