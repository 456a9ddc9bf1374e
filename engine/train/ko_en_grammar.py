"""A small Korean/English grammar that generates parallel sentences for the lecture's example
"나는 학교에 간다" -> "I go to school".

No Korean-English corpus is available offline, so the ko-en Transformer learns from sentences this grammar writes:
subjects, objects, places, verbs and three tenses, in Korean word order (subject-object-verb, particles after nouns)
and English order (subject-verb-object). Its cross-attention then shows the SOV -> SVO reordering.
Korean particles are written as separate tokens in the tokenised form (학교 에), so attention can point at them.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

# (korean topic form, english, english is third person singular)
SUBJECTS = [
    ("나", "i", False), ("너", "you", False), ("그", "he", True), ("그녀", "she", True), ("우리", "we", False),
    ("그들", "they", False), ("학생", "the student", True), ("선생님", "the teacher", True),
    ("내 친구", "my friend", True), ("아이들", "the children", False), ("엄마", "mom", True),
]
# places: korean, english after "to" (None = no preposition, e.g. "go home")
PLACES = [
    ("학교", "to school"), ("집", "home"), ("공원", "to the park"), ("도서관", "to the library"),
    ("시장", "to the market"), ("병원", "to the hospital"), ("회사", "to work"), ("바다", "to the sea"),
    ("식당", "to the restaurant"), ("서울", "to seoul"),
]
# where an action happens: korean place + 에서, english "at/in ..."
ACTION_PLACES = [
    ("학교", "at school"), ("집", "at home"), ("공원", "in the park"), ("도서관", "in the library"),
    ("식당", "at the restaurant"), ("카페", "at the cafe"),
]
# verb: korean stem forms (present, past, future), english (base, 3sg, past)
MOTION_VERBS = [
    (("간다", "갔다", "갈 것이다"), ("go", "goes", "went")),
    (("온다", "왔다", "올 것이다"), ("come", "comes", "came")),
]
OBJECT_VERBS = [
    (("먹는다", "먹었다", "먹을 것이다"), ("eat", "eats", "ate"), [("빵", "bread"), ("사과", "an apple"),
                                                             ("밥", "rice"), ("김치", "kimchi")]),
    (("마신다", "마셨다", "마실 것이다"), ("drink", "drinks", "drank"), [("물", "water"), ("커피", "coffee"),
                                                                 ("우유", "milk"), ("차", "tea")]),
    (("읽는다", "읽었다", "읽을 것이다"), ("read", "reads", "read"), [("책", "a book"), ("편지", "a letter"),
                                                               ("신문", "the newspaper")]),
    (("본다", "봤다", "볼 것이다"), ("watch", "watches", "watched"), [("영화", "a movie"), ("뉴스", "the news")]),
    (("쓴다", "썼다", "쓸 것이다"), ("write", "writes", "wrote"), [("편지", "a letter"), ("숙제", "homework")]),
    (("산다", "샀다", "살 것이다"), ("buy", "buys", "bought"), [("빵", "bread"), ("책", "a book"),
                                                             ("사과", "an apple"), ("우유", "milk")]),
]
TIMES = {0: [("오늘", "today")], 1: [("어제", "yesterday")], 2: [("내일", "tomorrow")]}
TENSES = (0, 1, 2)  # present, past, future


def has_final_consonant(word: str) -> bool:
    """True when the last Hangul syllable ends in a consonant (받침), which picks 은/이/을 over 는/가/를."""
    code = ord(word[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def topic(word: str) -> str:
    return "은" if has_final_consonant(word) else "는"


def obj(word: str) -> str:
    return "을" if has_final_consonant(word) else "를"


@dataclass(frozen=True)
class Pair:
    korean: str  # natural spelling: 나는 학교에 간다
    korean_tokens: tuple[str, ...]  # particles split off: 나 는 학교 에 간다
    english: str  # i go to school


def _english_verb(forms: tuple[str, str, str], tense: int, third_singular: bool) -> str:
    base, third, past = forms
    if tense == 1:
        return past
    if tense == 2:
        return f"will {base}"
    return third if third_singular else base


def generate_pair(rng: random.Random) -> Pair:
    subj_ko, subj_en, third = rng.choice(SUBJECTS)
    tense = rng.choice(TENSES)
    time = rng.choice(TIMES[tense]) if rng.random() < 0.35 else None
    tokens = ([time[0]] if time else []) + subj_ko.split() + [topic(subj_ko)]
    if rng.random() < 0.4:
        (ko_forms, en_forms) = rng.choice(MOTION_VERBS)
        place_ko, place_en = rng.choice(PLACES)
        tokens += [place_ko, "에", ko_forms[tense]]
        english = [subj_en, _english_verb(en_forms, tense, third), place_en]
    else:
        ko_forms, en_forms, objects = rng.choice(OBJECT_VERBS)
        obj_ko, obj_en = rng.choice(objects)
        where = rng.choice(ACTION_PLACES) if rng.random() < 0.3 else None
        if where:
            tokens += [where[0], "에서"]
        tokens += [obj_ko, obj(obj_ko), ko_forms[tense]]
        english = [subj_en, _english_verb(en_forms, tense, third), obj_en] + ([where[1]] if where else [])
    if time:
        english.append(time[1])
    return Pair(korean=join_korean(tokens), korean_tokens=tuple(" ".join(tokens).split()),
                english=" ".join(english))


PARTICLES = {"은", "는", "을", "를", "에", "에서"}


def join_korean(tokens: list[str]) -> str:
    """Attach particles to the noun before them: [나, 는, 학교, 에, 간다] -> 나는 학교에 간다."""
    out: list[str] = []
    for tok in tokens:
        if tok in PARTICLES and out:
            out[-1] += tok
        else:
            out.append(tok)
    return " ".join(out)


def split_particles(sentence: str) -> list[str]:
    """The inverse of join_korean for words this grammar knows: 학교에 -> 학교 에 (longest particle first)."""
    out = []
    words = sentence.split()
    for i, word in enumerate(words):
        # 읽을 것이다: the future's adnominal ending looks like the particle 을 but belongs to the verb
        before_future = i + 1 < len(words) and words[i + 1] == "것이다"
        for p in sorted(PARTICLES, key=len, reverse=True):
            if word.endswith(p) and len(word) > len(p) and not before_future:
                out += [word[: -len(p)], p]
                break
        else:
            out.append(word)
    return out


def generate(n: int, seed: int = 0) -> list[Pair]:
    """n pairs, reproducible from the seed (duplicates kept: they mirror how often a form occurs)."""
    rng = random.Random(seed)
    return [generate_pair(rng) for _ in range(n)]
