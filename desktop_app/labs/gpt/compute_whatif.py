"""The GPT lab's what-if side (Qt-free): the next-token top-k and a greedy continuation with every head on and with
heads switched off, and head importance (engine.whatif.gpt_head_importance: log P(next token))."""
from __future__ import annotations

import numpy as np

from desktop_app.kit.comparison import Comparison, TopKPair
from desktop_app.kit.errors import LabInputError
from desktop_app.labs.gpt.compute import MAX_INPUT_CHARS, TOP_K

CONTINUATION = 10  # greedy tokens shown before and after


def _stepper(bundle, prompt: str, mask=None):
    from engine.cli import EngineInputError
    from engine.commands.gpt import make_stepper

    prompt = (prompt if isinstance(prompt, str) else "")[:MAX_INPUT_CHARS]
    if not prompt.strip():
        raise LabInputError("empty")
    try:
        return make_stepper(bundle, prompt, show=TOP_K, head_mask=mask)[0]
    except EngineInputError:
        raise LabInputError("empty") from None


def compare(bundle, prompt: str, mask, *, progress, is_cancelled) -> Comparison:
    """Greedy next token (top-k) and CONTINUATION tokens before and after `mask`; the measured quantity is the
    log-probability of the every-head-on continuation, read by the model with the heads off (teacher-forced)."""
    if is_cancelled():
        return None
    before = _stepper(bundle, prompt)
    after = _stepper(bundle, prompt, mask)
    next_before, next_after = before.peek(), after.peek()
    prompt_tokens = tuple(after.tokens)
    steps_before = before.run_to_end(CONTINUATION)
    steps_after = after.run_to_end(CONTINUATION)
    forced = _stepper(bundle, prompt, mask)
    value_after = sum(forced.force(s.token_id).log_prob for s in steps_before)
    value_before = sum(s.log_prob for s in steps_before)
    pair = TopKPair("next token", tuple(next_before.topk_tokens), np.asarray(next_before.model_probs),
                    tuple(next_after.topk_tokens), np.asarray(next_after.model_probs))
    return Comparison(spec=mask.spec() if mask is not None else "",
                      description="log P(continuation | prompt)",
                      value_before=float(value_before), value_after=float(value_after), topk=(pair,),
                      text_before=tuple(s.token for s in steps_before), text_after=tuple(s.token for s in steps_after),
                      text_prefix=prompt.strip()[-200:] + " ",
                      attention={"self": np.ascontiguousarray(next_after.attention, dtype=np.float32)},
                      row_labels={"self": prompt_tokens}, col_labels={"self": prompt_tokens})


def importance(bundle, prompt: str, *, progress, is_cancelled):
    """engine.whatif.gpt_head_importance for the greedy next token after `prompt`; None when cancelled."""
    from engine.cli import EngineInputError
    from engine.whatif import gpt_head_importance

    prompt = (prompt if isinstance(prompt, str) else "")[:MAX_INPUT_CHARS]
    if not prompt.strip():
        raise LabInputError("empty")
    try:
        return gpt_head_importance(bundle, prompt, progress=progress, is_cancelled=is_cancelled)
    except EngineInputError:
        raise LabInputError("empty") from None


__all__ = ["CONTINUATION", "compare", "importance"]
