"""Tokenizer helpers shared by the RNN seq2seq models: training, loading, detokenising, the split rule.

Tokenizers are WordPiece (``tokenizers`` library) with NFKC + lowercase, split on whitespace and every punctuation
character, so words come out whole ("we", "are", "eating", "bread", ".") and rare words as pieces ("##s").
A character never seen in training (emoji, Hangul) turns its word into ``<unk>``; nothing raises.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Iterable, Sequence

SPECIALS = ["<pad>", "<unk>", "<s>", "</s>"]  # ids 0, 1, 2, 3 in every tokenizer trained here
PAD, UNK, BOS, EOS = 0, 1, 2, 3


def split_key(sentence: str) -> str:
    """The normalised form used to place a pair in a split: NFKC, lowercase, words only ("Hello!" == "hello")."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", sentence).lower()))


def split_of(sentence: str, test_share: float = 0.03, valid_share: float = 0.02) -> str:
    """'test', 'valid' or 'train' from the first 8 hex digits of sha1(split_key(sentence)), as a fraction of 2^32.

    Every pair whose English side normalises to the same key lands in the same split, so no test source is trained on.
    """
    u = int(hashlib.sha1(split_key(sentence).encode("utf-8")).hexdigest()[:8], 16) / 2**32
    if u < test_share:
        return "test"
    if u < test_share + valid_share:
        return "valid"
    return "train"


SPLIT_RULE = ("u = int(sha1(key).hexdigest()[:8], 16) / 2**32 with key = ' '.join(re.findall(r'\\w+', "
              "NFKC(english).lower())); test if u < 0.03, valid if u < 0.05, else train")


def train_tokenizer(sentences: Iterable[str], vocab_size: int = 8000):
    """A WordPiece tokenizer trained on ``sentences`` (the train split only)."""
    from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers
    from tokenizers.models import WordPiece
    from tokenizers.trainers import WordPieceTrainer

    tok = Tokenizer(WordPiece(unk_token="<unk>", continuing_subword_prefix="##", max_input_chars_per_word=100))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(), pre_tokenizers.Punctuation("isolated")])
    tok.decoder = decoders.WordPiece(prefix="##", cleanup=False)
    trainer = WordPieceTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIALS,
                               limit_alphabet=300, continuing_subword_prefix="##")
    tok.train_from_iterator(list(sentences), trainer=trainer)
    for i, s in enumerate(SPECIALS):
        assert tok.token_to_id(s) == i, f"special token {s} is not id {i}"
    return tok


def load_tokenizer(path: str | Path):
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(path))


_NO_SPACE_BEFORE = re.compile(r"\s+([.,!?;:%)\]}»…])")
_NO_SPACE_AFTER = re.compile(r"([¿¡(\[{«])\s+")
_APOSTROPHE = re.compile(r"(\w) ' (\w)")
_QUOTE = re.compile(r'" ([^"]*?) "')


def detokenize(tokens_text: str, capitalize: bool = True) -> str:
    """Undo punctuation splitting: "¿ qué es esto ?" -> "¿Qué es esto?" (the first letter upper-cased)."""
    s = " ".join(tokens_text.split())
    s = _NO_SPACE_BEFORE.sub(r"\1", s)
    s = _NO_SPACE_AFTER.sub(r"\1", s)
    s = _APOSTROPHE.sub(r"\1'\2", s)
    s = _QUOTE.sub(r'"\1"', s)
    if capitalize:
        for i, ch in enumerate(s):
            if ch.isalpha():
                s = s[:i] + ch.upper() + s[i + 1:]
                break
    return s


def word_spans(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """For each token, the first and last index of the word it belongs to: a WordPiece "##" piece joins the token
    before it ("verano", "##s" is one word)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, token in enumerate(tokens):
        if not (i > 0 and str(token).startswith("##")):
            start = i
        spans.append((start, i))
    out, i = [], 0
    while i < len(spans):  # every token of a word gets the word's last index too
        j = i
        while j + 1 < len(spans) and spans[j + 1][0] == spans[i][0]:
            j += 1
        out.extend([(spans[i][0], j)] * (j - i + 1))
        i = j + 1
    return out


def whole_words(tokens: Sequence[str]) -> list[str]:
    """For each token, the whole word it is a piece of (for a heatmap axis tooltip: "##s" -> "veranos")."""
    return ["".join(str(t)[2:] if k > a and str(t).startswith("##") else str(t) for k, t in
                    enumerate(tokens[a:b + 1], start=a)) for a, b in word_spans(tokens)]


def reading_words(tokens: Sequence[str]) -> list[tuple[str, int, int, str]]:
    """The words a person reads, from subword tokens: (word, first token, last token, what goes before it: " " or
    "" next to punctuation), so a view can style a word by the tokens in it."""
    out: list[tuple[str, int, int, str]] = []
    for i, (a, b) in enumerate(word_spans(tokens)):
        if i != a:
            continue
        word = whole_words(tokens[a:b + 1])[0]
        prev = out[-1][0] if out else ""
        # "i ' m" reads "i'm": an apostrophe between letters joins both sides (uncased WordPiece splits it off)
        apostrophe = word in ("'", "’") and prev[-1:].isalnum() or \
            prev in ("'", "’") and len(out) > 1 and out[-2][0][-1:].isalnum() and word.isalpha() and len(word) <= 3
        glue = "" if not out or apostrophe or _NO_SPACE_BEFORE.match(" " + word) or \
            _NO_SPACE_AFTER.match(prev + " ") else " "
        out.append((word, a, b, glue))
    return out


def join_pieces(tokens: Sequence[str], capitalize: bool = False) -> str:
    """A sentence as a person reads it from subword tokens: pieces joined, punctuation re-attached
    ("todos", "los", "verano", "##s", "." -> "todos los veranos.")."""
    return detokenize("".join(glue + word for word, _, _, glue in reading_words(tokens)), capitalize)


def decode_ids(tokenizer, ids, capitalize: bool = True) -> str:
    """Token ids (specials dropped) -> a readable sentence."""
    ids = [int(i) for i in ids if int(i) >= len(SPECIALS) or int(i) == UNK]
    return detokenize(tokenizer.decode(ids, skip_special_tokens=False), capitalize)
