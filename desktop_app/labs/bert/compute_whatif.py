"""The BERT lab's what-if side (Qt-free): the prediction with every head on and with heads switched off, and head
importance (engine.whatif). Masked words: the top-k at each [MASK] before and after, measured by the summed
log-probability of the full model's top guesses; a pair (text_b given): P(IsNext) before and after."""
from __future__ import annotations

import numpy as np

from desktop_app.kit.comparison import Comparison, TopKPair
from desktop_app.labs.bert.compute import (
    TOP_K, LabInputError, _cut, _encode, normalize_masks, unless_superseded,
)

MAX_PAIRS = 3  # [MASK]s shown before and after


def _texts(text: str, text_b: str | None) -> tuple[str, str | None]:
    text = normalize_masks(_cut(text)[0]).strip()
    text_b = _cut(text_b)[0].strip() if isinstance(text_b, str) and text_b.strip() else None
    if not text:
        raise LabInputError("empty")
    return text, text_b


def _masked(bundle, text: str, head_mask):
    """predict_masked over the whole vocabulary (ranked), so any token's probability can be read."""
    from engine.bert import MissingHeadError, NoMaskError, predict_masked

    try:
        return predict_masked(bundle, text, top_k=bundle.config.vocab_size, head_mask=head_mask)
    except NoMaskError:
        raise LabInputError("no_mask") from None
    except MissingHeadError:
        raise LabInputError("no_head_mlm") from None


@unless_superseded
def compare(bundle, text: str, text_b: str | None, mask, *, progress, is_cancelled) -> Comparison:
    """Before (every head on) and after (`mask`, an engine.whatif.HeadMask) for one text or a pair."""
    from engine.bert import next_sentence

    text, text_b = _texts(text, text_b)
    _encode(bundle, text, text_b)
    spec = mask.spec() if mask is not None else ""
    if text_b is not None:
        if not bundle.has_nsp:
            raise LabInputError("no_head_nsp")
        before = next_sentence(bundle, text, text_b)
        after = next_sentence(bundle, text, text_b, head_mask=mask)
        tokens = tuple(after.tokens)
        return Comparison(spec=spec, description="log P(IsNext)", probability="P(IsNext)",
                          value_before=float(np.log(max(before.is_next_prob, 1e-45))),
                          value_after=float(np.log(max(after.is_next_prob, 1e-45))),
                          attention={"self": np.asarray(after.attentions, dtype=np.float32)},
                          row_labels={"self": tokens}, col_labels={"self": tokens})
    if not bundle.has_mlm:
        raise LabInputError("no_head_mlm")
    before = _masked(bundle, text, None)
    if is_cancelled():
        return None
    after = _masked(bundle, text, mask)
    pairs, value_before, value_after, guesses = [], 0.0, 0.0, []
    for m in range(len(before.mask_positions)):
        guess = int(before.top_ids[m, 0])
        rank = int(np.flatnonzero(after.top_ids[m] == guess)[0])
        value_before += float(np.log(before.top_probs[m, 0]))
        value_after += float(np.log(max(float(after.top_probs[m, rank]), 1e-45)))
        guesses.append(before.top_tokens[m][0])
        if m < MAX_PAIRS:
            title = "[MASK]" if len(before.mask_positions) == 1 else f"[MASK] {m + 1}"
            pairs.append(TopKPair(title, tuple(before.top_tokens[m][:TOP_K]), before.top_probs[m, :TOP_K].copy(),
                                  tuple(after.top_tokens[m][:TOP_K]), after.top_probs[m, :TOP_K].copy()))
    description = " + ".join(f"log P({g!r} at [MASK]{'' if len(guesses) == 1 else f' {n + 1}'})"
                             for n, g in enumerate(guesses))
    tokens = tuple(after.tokens)
    return Comparison(spec=spec, description=description, value_before=value_before, value_after=value_after,
                      topk=tuple(pairs), attention={"self": np.asarray(after.attentions, dtype=np.float32)},
                      row_labels={"self": tokens}, col_labels={"self": tokens},
                      probability=f"P({guesses[0]!r})" if len(guesses) == 1 else "")


@unless_superseded
def importance(bundle, text: str, text_b: str | None, *, progress, is_cancelled):
    """engine.whatif.bert_head_importance for the text (or pair); None when cancelled."""
    from engine.bert import MissingHeadError, NoMaskError
    from engine.whatif import bert_head_importance

    text, text_b = _texts(text, text_b)
    _encode(bundle, text, text_b)
    try:
        return bert_head_importance(bundle, text, text_b, progress=progress, is_cancelled=is_cancelled)
    except NoMaskError:
        raise LabInputError("no_mask") from None
    except MissingHeadError:
        raise LabInputError("no_head_nsp" if text_b is not None else "no_head_mlm") from None


__all__ = ["compare", "importance"]
