"""The Training lab's Qt-free part: settings refused with a message key, runs built and trained in chunks with a
step budget (cancellable), snapshots turned into view arrays, save. Tiny models: a few seconds in all."""
import numpy as np
import pytest

from desktop_app.labs.training import compute

TINY = dict(batch=8, heldout=11, min_len=2, max_len=5, symbols=6)


def never():
    return False


def quiet(*_args):
    pass


@pytest.fixture(autouse=True)
def one_thread():
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.mark.parametrize("raw, key", [
    ({"lr": 5}, "lr_range"), ({"lr": "abc"}, "lr_range"), ({"lr": 0}, "lr_range"), ({"lr": float("nan")}, "lr_range"),
    ({"hidden": 0}, "hidden_range"), ({"hidden": 100000}, "hidden_range"), ({"hidden": "x"}, "hidden_range"),
    ({"seed": -1}, "seed_range"), ({"task": "juggle"}, "task_unknown"), ({"model": "lstm"}, "model_unknown"),
])
def test_bad_settings_name_a_message(raw, key):
    with pytest.raises(compute.SettingsRefused) as info:
        compute.check_settings(raw)
    assert info.value.key == key and info.value.fields


def test_good_settings_and_their_spellings():
    s = compute.check_settings({"task": "sort", "model": "gru", "attention": "dot", "hidden": "32", "lr": "2e-3",
                                "seed": 3.0, "compare": True})
    assert (s.task, s.model, s.hidden, s.lr, s.seed, s.compare) == ("sort", "gru:dot", 32, 0.002, 3, True)
    assert compute.check_settings({"model": "plain"}).model == "gru:none"
    assert compute.check_settings({"lr": "0,01"}).lr == 0.01
    configs = s.configs(TINY)
    assert [(c.model, c.attention) for c in configs] == [("gru", "dot"), ("gru", "none")]
    assert compute.check_steps(300) == 300
    with pytest.raises(compute.SettingsRefused):
        compute.check_steps(-1)


def test_runs_train_in_chunks_and_give_view_arrays(tmp_path):
    settings = compute.check_settings({"task": "reverse", "model": "gru:additive", "hidden": 8, "compare": True})
    runs = compute.start_runs(settings, "", TINY, progress=quiet, is_cancelled=never)
    assert len(runs) == 2 and all(len(t.history) == 1 for t in runs)
    first = compute.alignment_view(runs[0].history[0])
    assert first.matrix.shape == (len(first.rows), len(first.cols)) and first.step == 0
    np.testing.assert_allclose(first.matrix.sum(1), 1, atol=1e-5)  # attention rows are distributions
    assert compute.alignment_view(runs[1].history[0]).matrix is None  # no attention: nothing to draw
    for _ in range(2):
        chunk = compute.train_chunk(runs, None, 3, progress=quiet, is_cancelled=never)
    assert [s.step for s in chunk.snapshots] == [6, 6]
    c = compute.curves(runs[0].history)
    assert list(c.steps) == [0, 3, 6] and np.isnan(c.train_loss[0]) and np.isfinite(c.train_loss[1:]).all()
    assert ((c.exact >= 0) & (c.exact <= 100)).all() and np.isfinite(c.mass).all()
    assert np.isnan(compute.curves(runs[1].history).mass).all()
    lengths, values = compute.length_bars(chunk.snapshots[0])
    assert list(lengths) == [2, 3, 4, 5] and ((values >= 0) & (values <= 100)).all()
    # a probe the task cannot read keeps the old one; a good one is used from this chunk on
    bad = compute.train_chunk(runs, None, 0, "z z 9", progress=quiet, is_cancelled=never)
    assert bad.probe_error and bad.snapshots[0].probe_source == chunk.snapshots[0].probe_source
    good = compute.train_chunk(runs, None, 0, "a b c", progress=quiet, is_cancelled=never)
    assert good.snapshots[0].probe_source == ("a", "b", "c") and good.snapshots[0].step == 6
    paths = compute.save_runs(runs, tmp_path, compute.run_names(settings), progress=quiet, is_cancelled=never)
    assert [p.name for p in paths] == ["reverse_gru_additive", "reverse_gru_none"]
    for p in paths:
        assert {"model.safetensors", "config.json", "metrics.json"} <= {f.name for f in p.iterdir()}


def test_a_cancelled_chunk_stops_before_its_next_step():
    settings = compute.check_settings({"task": "copy", "hidden": 8})
    runs = compute.start_runs(settings, "", TINY, progress=quiet, is_cancelled=never)
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2

    compute.train_chunk(runs, None, 1000, progress=quiet, is_cancelled=cancelled)
    assert runs[0].step < 5
    assert compute.start_runs(settings, "", TINY, progress=quiet, is_cancelled=lambda: True) == []


def test_the_transformer_and_a_bad_engine_setting():
    settings = compute.check_settings({"task": "copy", "model": "transformer", "hidden": 8})
    runs = compute.start_runs(settings, "", TINY, progress=quiet, is_cancelled=never)
    snap = compute.train_chunk(runs, None, 2, progress=quiet, is_cancelled=never).snapshots[0]
    assert compute.alignment_view(snap).matrix is not None
    with pytest.raises(ValueError):
        compute.start_runs(settings, "", {**TINY, "min_len": 9}, progress=quiet, is_cancelled=never)


def test_compute_imports_no_qt():
    import subprocess
    import sys

    # the labs package itself names the labs with QtCore; no widgets, plots or torch come with compute
    code = ("import sys, desktop_app.labs.training.compute; assert not [m for m in sys.modules if "
            "m.startswith(('pyqtgraph', 'torch')) or m in ('PySide6.QtGui', 'PySide6.QtWidgets')]")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("kind", ["process", "local"])
def test_trainers_in_a_child_process_or_here(kind):
    from desktop_app.labs.training.process import Cancelled, LocalTrainers, TrainerProcess

    trainers = TrainerProcess() if kind == "process" else LocalTrainers()
    settings = compute.check_settings({"task": "reverse", "hidden": 8})
    try:
        infos, firsts = trainers.request("start", settings, "", TINY, is_cancelled=never)
        assert infos[0].config.attention == "additive" and infos[0].probe_text and firsts[0].step == 0
        result, probes = trainers.request("chunk", None, 3, "a b", is_cancelled=never)
        assert result.snapshots[0].step == 3 and probes == ["a b"]
        if kind == "process":
            with pytest.raises(Cancelled):  # a long chunk, cancelled at once: the child stops, the pipe is free
                trainers.request("chunk", None, 100000, None, is_cancelled=lambda: True)
            result, _ = trainers.request("chunk", None, 2, None, is_cancelled=never)  # the late reply is dropped
            assert result.snapshots[0].step < 1000
            with pytest.raises(ValueError):  # the engine's refusal comes back as itself
                trainers.request("chunk", -1.0, None, None, is_cancelled=never)
    finally:
        trainers.close()
    if kind == "process":
        assert not trainers.alive()
