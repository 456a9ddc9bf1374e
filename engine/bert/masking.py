"""BERT's pre-training inputs: the masked-LM rule and next-sentence pairs (Devlin et al., 2018, section 3.1).

MLM: choose 15% of the non-special tokens (at least one); of those, 80% become [MASK], 10% a random token,
10% stay unchanged. The model must predict the original token at every chosen position, so it cannot learn that
only [MASK] positions matter. NSP: half the pairs are (A, the sentence that really follows A) = IsNext, half
(A, a random sentence) = NotNext. Everything is seeded: the same seed gives the same result.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence, Union

import numpy as np

IGNORE_INDEX = -100  # label of positions that are not predicted (torch cross_entropy's default ignore_index)
Seed = Union[int, np.random.Generator, None]


@dataclass(frozen=True)
class MaskedSample:
    """One sequence after the MLM rule. T tokens, M chosen positions."""

    input_ids: np.ndarray  # (T,) int64, what the model sees
    original_ids: np.ndarray  # (T,) int64, before masking
    positions: np.ndarray  # (M,) int64, the chosen positions, ascending
    actions: tuple[str, ...]  # (M,) 'mask' | 'random' | 'kept', per chosen position
    labels: np.ndarray  # (T,) int64: original id at chosen positions, IGNORE_INDEX (-100) elsewhere


def _rng(seed: Seed) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def mask_tokens(ids: Sequence[int], *, mask_id: int, vocab_size: int, special_ids: Iterable[int],
                seed: Seed = None, mask_prob: float = 0.15, replace_mask: float = 0.8,
                replace_random: float = 0.1, valid_length: int | None = None) -> MaskedSample:
    """Apply the MLM rule to one sequence of token ids.

    Exactly max(1, round(mask_prob * n)) of the n non-special positions are chosen (n = 0: nothing is chosen).
    Each chosen position independently becomes [MASK] (replace_mask), a random non-special token
    (replace_random) or stays (the rest). ``valid_length`` limits the choice to the first tokens (padding after).
    """
    rng = _rng(seed)
    original = np.asarray(ids, dtype=np.int64)
    special = np.fromiter(set(special_ids), dtype=np.int64)
    if vocab_size <= special.size:
        raise ValueError("the vocabulary has no non-special tokens to draw random replacements from")
    length = original.shape[0] if valid_length is None else min(valid_length, original.shape[0])
    candidates = np.flatnonzero(~np.isin(original[:length], special))
    n_choose = 0 if candidates.size == 0 else min(candidates.size, max(1, int(round(mask_prob * candidates.size))))
    positions = np.sort(rng.choice(candidates, size=n_choose, replace=False)) if n_choose else candidates[:0]
    draws = rng.random(n_choose)
    new = original.copy()
    actions = []
    for pos, u in zip(positions, draws):
        if u < replace_mask:
            new[pos] = mask_id
            actions.append("mask")
        elif u < replace_mask + replace_random:
            token = int(rng.integers(vocab_size))
            while token in special:  # random replacements are ordinary tokens
                token = int(rng.integers(vocab_size))
            new[pos] = token
            actions.append("random")
        else:
            actions.append("kept")
    labels = np.full_like(original, IGNORE_INDEX)
    labels[positions] = original[positions]
    return MaskedSample(input_ids=new, original_ids=original, positions=positions.astype(np.int64),
                        actions=tuple(actions), labels=labels)


def mask_batch(ids: np.ndarray, lengths: Sequence[int], *, mask_id: int, vocab_size: int,
               special_ids: Iterable[int], seed: Seed = None, **rule) -> tuple[np.ndarray, np.ndarray]:
    """(B, T) padded ids and each row's real length -> (input_ids (B, T), labels (B, T)) for a training step."""
    rng = _rng(seed)
    special_ids = list(special_ids)
    inputs, labels = np.array(ids, dtype=np.int64), np.full(np.shape(ids), IGNORE_INDEX, dtype=np.int64)
    for row, length in enumerate(lengths):
        s = mask_tokens(inputs[row], mask_id=mask_id, vocab_size=vocab_size, special_ids=special_ids, seed=rng,
                        valid_length=int(length), **rule)
        inputs[row], labels[row] = s.input_ids, s.labels
    return inputs, labels


@dataclass(frozen=True)
class SentencePair:
    """An NSP example. ``label`` follows the NSP head: 0 = IsNext, 1 = NotNext."""

    a: str
    b: str
    is_next: bool

    @property
    def label(self) -> int:
        return 0 if self.is_next else 1


def nsp_pair(sentences: Sequence[str], index: int, seed: Seed = None, next_prob: float = 0.5) -> SentencePair:
    """A = sentences[index]; with probability next_prob B = sentences[index + 1] (IsNext), else a random
    sentence other than A and its true successor (NotNext). ``sentences`` is running text, in order."""
    rng = _rng(seed)
    n = len(sentences)
    if n < 3:
        raise ValueError("NSP pairs need at least 3 sentences")
    if not 0 <= index < n - 1:
        raise ValueError(f"index {index} has no next sentence (0 <= index < {n - 1})")
    if rng.random() < next_prob:
        return SentencePair(sentences[index], sentences[index + 1], True)
    other = int(rng.integers(n - 2))  # any sentence but A and its true successor
    other += 2 if other >= index else 0
    return SentencePair(sentences[index], sentences[other], False)


def nsp_pairs(sentences: Sequence[str], count: int, seed: Seed = None, next_prob: float = 0.5) -> list[SentencePair]:
    """``count`` pairs with random starting sentences (the same seed gives the same pairs)."""
    rng = _rng(seed)
    return [nsp_pair(sentences, int(rng.integers(len(sentences) - 1)), rng, next_prob) for _ in range(count)]
