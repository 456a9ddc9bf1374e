"""The Transformer lab's what-if side (Qt-free): the greedy translation with every head on and with heads switched
off (changed words marked, the log-probability of the every-head-on translation read with the heads off), and
head importance (engine.whatif.transformer_head_importance: enc, dec and cross maps)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from desktop_app.kit.comparison import Comparison, TopKPair
from desktop_app.labs.transformer.compute import (
    MAX_DECODE, MAX_INPUT_CHARS, TOP_K, LabInputError, Session, view_state,
)

# engine.whatif's kinds -> the lab's (ViewState fields)
LAB_KINDS = {"enc": "encoder", "dec": "decoder", "cross": "cross"}


def _stepper(bundle, text: str, mask=None):
    from engine.transformer.load import EmptyInputError
    from engine.transformer.stepper import TransformerStepper

    text = (text if isinstance(text, str) else "")[:MAX_INPUT_CHARS]
    try:
        ids, tokens, truncated = bundle.encode_source(text)
    except EmptyInputError:
        raise LabInputError("empty") from None
    return TransformerStepper(bundle.model, ids, tokens, bundle.target_token, bundle.bos_id, bundle.eos_id,
                              max_len=MAX_DECODE, top_k=TOP_K, truncated=truncated, head_mask=mask)


def _words(bundle, steps) -> tuple[str, ...]:
    return tuple(s.token for s in steps if s.token_id != bundle.eos_id)


def compare(bundle, text: str, mask, *, progress, is_cancelled) -> Comparison:
    """Greedy translations before and after `mask`; the first step's top-k before and after."""
    if is_cancelled():
        return None
    before = _stepper(bundle, text)
    steps_before = before.run_to_end()
    after = _stepper(bundle, text, mask)
    steps_after = after.run_to_end()
    forced = _stepper(bundle, text, mask)
    for s in steps_before:
        forced.force(s.token_id)
    value_before = steps_before[-1].log_prob if steps_before else 0.0
    value_after = forced.steps[-1].log_prob if forced.steps else 0.0
    pairs = ()
    if steps_before and steps_after:
        b, a = steps_before[0], steps_after[0]
        pairs = (TopKPair("first token", tuple(b.topk_tokens), np.asarray(b.topk_probs), tuple(a.topk_tokens),
                          np.asarray(a.topk_probs)),)
    state = view_state(Session(Path(bundle.name if hasattr(bundle, "name") else "model"), bundle, after, text,
                               False), want_qkv=False)
    bos = bundle.target_token(bundle.bos_id)
    outputs = state.output_tokens
    rows = {"enc": state.source_tokens, "dec": state.input_tokens, "cross": outputs}
    cols = {"enc": state.source_tokens, "dec": state.input_tokens or (bos,), "cross": state.source_tokens}
    return Comparison(spec=mask.spec() if mask is not None else "",
                      description="log P(translation | source)",
                      value_before=float(value_before), value_after=float(value_after), topk=pairs,
                      text_before=_words(bundle, steps_before), text_after=_words(bundle, steps_after),
                      attention={"enc": state.encoder, "dec": state.decoder, "cross": state.cross},
                      row_labels=rows, col_labels=cols)


def importance(bundle, text: str, *, progress, is_cancelled):
    """engine.whatif.transformer_head_importance for the greedy translation of `text`; None when cancelled."""
    from engine.cli import EngineInputError
    from engine.whatif import transformer_head_importance

    text = (text if isinstance(text, str) else "")[:MAX_INPUT_CHARS]
    if not text.strip():
        raise LabInputError("empty")
    try:
        return transformer_head_importance(bundle, text, max_len=MAX_DECODE, progress=progress,
                                           is_cancelled=is_cancelled)
    except EngineInputError:
        raise LabInputError("empty") from None


__all__ = ["LAB_KINDS", "compare", "importance"]
