"""Transformer What-if tab: switch heads off (encoder self-attention, decoder masked self-attention or
cross-attention) and see the greedy translation before and after, changed words marked, with the change of its
log-probability; rank every head by importance for the translation. The sentence and model are the lab's; the
stepping views translate with the same heads off while any is off (the lab connects panel.mask_changed)."""
from __future__ import annotations

from typing import Callable, Optional

from desktop_app.kit.words import Worded
from desktop_app.labs.transformer.compute import LAB_KEY
from desktop_app.labs.transformer.compute_whatif import LAB_KINDS, compare, importance
from desktop_app.labs.transformer.kinds import kind_name
from desktop_app.widgets.whatif_panel import WhatIfPage


class WhatIfTab(Worded, WhatIfPage):
    def __init__(self, host, add_view: Callable, sentence: Callable[[], str], parent=None):
        self.host = host
        self.sentence = sentence
        self._bundle = None
        self._compared: Optional[tuple] = None  # (bundle, sentence) of the comparison asked for last
        names = {kind: (lambda k=lab_kind: kind_name(k)) for kind, lab_kind in LAB_KINDS.items()}
        super().__init__(add_view, "transformer_whatif", self._export_meta, kind_names=names, parent=parent)
        self.words(self.note, text=lambda: self.tr(
            "The greedy translation of the sentence with every head on and with the heads you switch off (pick the "
            "kind of attention above the grid); the other tabs translate with the same heads off."))

    def _export_meta(self, view: str, **extra) -> dict:
        return {"lab": LAB_KEY, "view": view, "model": self.host.folder.name if self.host.folder else "",
                "input": self.sentence(), **extra}

    def compare_call(self, mask):
        bundle = self.host.bundle
        if bundle is None:
            return None
        self._compared = (bundle, self.sentence())
        return compare, bundle, self.sentence(), mask

    def importance_call(self):
        bundle = self.host.bundle
        return None if bundle is None else (importance, bundle, self.sentence())

    def active_mask(self):
        """The mask a new session of the same model opens with (None while every head is on)."""
        mask = self.panel.mask
        return None if mask is None or mask.all_on else mask

    def session_shown(self, visible: bool) -> None:
        """A state of the lab's session is shown: a new model gets its head grid (all on); when this tab is shown,
        a new sentence or model is compared again."""
        bundle = self.host.bundle
        if bundle is not None and bundle is not self._bundle:
            from engine.whatif import head_grid

            self._bundle = bundle
            self.panel.set_grid(head_grid(bundle))
        if visible and self._compared != (bundle, self.sentence()):
            self.panel.refresh()


__all__ = ["WhatIfTab"]
