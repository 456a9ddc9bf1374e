"""GPT What-if tab: switch heads off and see the next-token top-k and a greedy continuation before and after; rank
the heads by importance for the next token. The prompt is the lab's; the Generate tab steps with the same heads
off while any is off (the lab connects panel.mask_changed)."""
from __future__ import annotations

from typing import Callable

from desktop_app.kit.words import Worded
from desktop_app.labs.gpt.compute import LAB_KEY
from desktop_app.labs.gpt.compute_whatif import CONTINUATION, compare, importance
from desktop_app.widgets.whatif_panel import WhatIfPage


class WhatIfTab(Worded, WhatIfPage):
    def __init__(self, host, add_view: Callable, prompt: Callable[[], str], parent=None):
        self.host = host
        self.prompt = prompt
        super().__init__(add_view, "gpt_whatif", self._export_meta, parent=parent)
        self.words(self.note, text=self.note_text)
        host.model_loaded.connect(self._on_host_model_loaded)
        if host.bundle is not None:
            self._on_host_model_loaded()

    def _export_meta(self, view: str, **extra) -> dict:
        return {"lab": LAB_KEY, "view": view, "model": self.host.bundle.name if self.host.bundle else "",
                "prompt": self.prompt(), **extra}

    def compare_call(self, mask):
        return None if self.host.bundle is None else (compare, self.host.bundle, self.prompt(), mask)

    def importance_call(self):
        return None if self.host.bundle is None else (importance, self.host.bundle, self.prompt())

    def _on_host_model_loaded(self) -> None:
        c = self.host.bundle.config
        self.panel.set_grid({"self": (c.n_layer, c.n_head)})

    def note_text(self) -> str:
        """The note over the panel (the lab folds it into the tab's tooltip in presenter mode)."""
        return self.tr("The next token and the next {n} tokens (greedy) after the prompt, with every head on and "
                       "with the heads you switch off; the Generate tab writes with the same heads off."
                       ).format(n=CONTINUATION)


__all__ = ["WhatIfTab"]
