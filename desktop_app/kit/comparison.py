"""What a what-if view shows: one quantity with every head on and with some heads switched off (Qt-free).

Each lab's compute module fills a Comparison (BERT: top-k at each [MASK] or P(IsNext); GPT: next-token top-k and a
greedy continuation; Transformer: the translation); desktop_app.widgets.whatif shows it, whatever the lab.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np


@dataclass(frozen=True)
class TopKPair:
    """One distribution before and after: the k most likely tokens and their probabilities each time."""

    title: str  # what is predicted, e.g. "[MASK] 1", "next token"
    before_tokens: tuple[str, ...]
    before_probs: np.ndarray  # (k,)
    after_tokens: tuple[str, ...]
    after_probs: np.ndarray  # (k,)


@dataclass(frozen=True)
class Comparison:
    """The lab's quantity with every head on (before) and with the mask `spec` applied (after)."""

    spec: str  # the heads switched off, engine.whatif text ('' = every head on)
    description: str  # the measured log-probability in words, e.g. "log P('paris' at [MASK])"
    value_before: float  # natural log, every head on
    value_after: float  # the same quantity with the heads off
    topk: tuple[TopKPair, ...] = ()
    text_before: tuple[str, ...] = ()  # generated tokens (continuation, translation), every head on
    text_after: tuple[str, ...] = ()
    text_prefix: str = ""  # what the generated text continues (GPT's prompt), shown unmarked
    attention: Mapping[str, np.ndarray] = field(default_factory=dict)  # kind -> (L, H, R, C) with the mask
    row_labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> labels of R
    col_labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> labels of C
    probability: str = ""  # a quantity better read as a probability ("P(IsNext)"): the line shows exp(value)

    @property
    def change(self) -> float:
        return self.value_after - self.value_before

    def changed_words(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(before, after) as readable words with the glue before each: [(glue, word)], words of `after` that
        differ from `before` at the same place marked by the caller (see marks)."""
        from engine.text import reading_words

        def words(tokens):  # a generated [CLS] starts a new sentence: shown as ¶, as in the GPT lab's text
            return [(" " if word == "[CLS]" else glue, "¶" if word == "[CLS]" else word)
                    for word, _, _, glue in reading_words(list(tokens))]

        return words(self.text_before), words(self.text_after)

    def marks(self) -> list[bool]:
        """For each word of the text after: whether it differs from the word at that place before."""
        before, after = self.changed_words()
        return [i >= len(before) or before[i][1] != word for i, (_, word) in enumerate(after)]


def percent(value: float) -> str:
    return f"{math.exp(value) * 100:.1f}%" if math.isfinite(value) else "0%"


def top1_change(pair: TopKPair) -> tuple[float, float]:
    """The probability of the before-top token, before and after (0 when it left the after top-k)."""
    token = pair.before_tokens[0] if pair.before_tokens else None
    before = float(pair.before_probs[0]) if token is not None else 0.0
    after = next((float(p) for t, p in zip(pair.after_tokens, pair.after_probs) if t == token), 0.0)
    return before, after


__all__ = ["Comparison", "TopKPair", "percent", "top1_change"]
