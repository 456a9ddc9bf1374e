"""The translation session's Qt-free part and the Seq2Seq lab's compute functions, without a window (no
QApplication): tiny random models (tests/engine/seq2seq_tiny.py) listed, loaded and stepped by moves in order."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from desktop_app.labs.seq2seq.compute import (
    SCORE_FORMULAS, bleu_by_length, formula_lines, output_html, read_metrics, run_beam, translate_all,
)
from desktop_app.labs.seq2seq.compute_whatif import attention_row, export_table, what_if
from desktop_app.sessions.seq2seq_compute import (
    ENV_MODELS, MAX_CHARS, apply_translation_moves, clean_sentence, list_models, load_model, make_stepper,
    models_dir, translation_state,
)
from tests.engine.seq2seq_tiny import TINY_HIDDEN, TINY_MAX_LEN, make_tiny_models

SENTENCE = "We are eating bread."


def noop(*_args):
    return None


def never() -> bool:
    return False


KW = {"progress": noop, "is_cancelled": never}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return make_tiny_models(tmp_path_factory.mktemp("s2s_compute"))


@pytest.fixture(scope="module")
def models(root):
    return {m.name: load_model(m.folder, **KW) for m in list_models(root)}


def test_models_are_listed_in_course_order_and_only_complete_folders(root, tmp_path, monkeypatch):
    assert [m.name for m in list_models(root)] == ["plain", "additive"]
    (tmp_path / "additive").mkdir()
    (tmp_path / "additive" / "config.json").write_text("{}")  # no weights: not a model
    assert list_models(tmp_path) == [] and list_models(tmp_path / "missing") == []
    monkeypatch.setenv(ENV_MODELS, str(tmp_path))
    assert models_dir() == tmp_path


def test_sentences_are_cleaned_and_cut():
    assert clean_sentence("  We   are\n eating ") == ("We are eating", False)
    assert clean_sentence(None) == ("", False)
    text, cut = clean_sentence("x" * (MAX_CHARS + 10))
    assert cut and len(text) == MAX_CHARS


def test_moves_apply_in_order_and_the_state_follows_the_stepper(models):
    stepper = make_stepper(models["additive"], SENTENCE)
    state = apply_translation_moves(stepper, [("step",), ("step",), ("back",), ("step",)], **KW)
    assert state.n_steps == 2 and state.steps == stepper.steps and not state.finished
    assert state.alignment.shape == (2, len(state.source_tokens)) and state.hidden == TINY_HIDDEN
    np.testing.assert_allclose(state.alignment.sum(axis=1), 1.0, atol=1e-5)
    assert apply_translation_moves(stepper, [("reset",)], **KW).n_steps == 0
    end = apply_translation_moves(stepper, [("end",)], **KW)
    assert end.finished and end.n_steps <= TINY_MAX_LEN
    # past the end a step is a no-op; a held Back key goes back one step per press
    assert apply_translation_moves(stepper, [("step",), ("step",)], **KW).n_steps == end.n_steps
    assert apply_translation_moves(stepper, [("back",)] * 2, **KW).n_steps == end.n_steps - 2
    with pytest.raises(ValueError):
        apply_translation_moves(stepper, [("jump", 3)], **KW)


def test_replace_forces_the_last_step_or_the_first(models):
    stepper = make_stepper(models["additive"], SENTENCE)
    first = apply_translation_moves(stepper, [("step",)], **KW).steps[0]
    other = int(first.top_ids[2])
    state = apply_translation_moves(stepper, [("replace", other)], **KW)
    assert state.n_steps == 1 and state.steps[0].token_id == other and state.steps[0].forced
    state = apply_translation_moves(stepper, [("step",)], **KW)
    assert state.steps[1].input_id == other  # decoding continues from the forced token
    stepper.reset()
    state = apply_translation_moves(stepper, [("replace", other)], **KW)  # before the first step: that step
    assert state.n_steps == 1 and state.steps[0].token_id == other


def test_plain_state_has_no_alignment(models):
    state = apply_translation_moves(make_stepper(models["plain"], SENTENCE), [("step",)], **KW)
    assert state.attention == "plain" and state.alignment is None and state.steps[0].context is None


def test_formula_lines_for_each_moment(models):
    assert formula_lines(None, None, "dot").general == SCORE_FORMULAS["dot"]
    stepper = make_stepper(models["additive"], SENTENCE)
    start = formula_lines(translation_state(stepper), None)
    assert start.note == "start" and start.fields == {"n": len(stepper.source_tokens)}
    state = apply_translation_moves(stepper, [("step",), ("step",)], **KW)
    looked = formula_lines(state, None)
    assert looked.note == "looked" and looked.fields["t"] == 2 and looked.substituted.startswith("a_2 = softmax(e_2)")
    cell = formula_lines(state, (0, 1))
    w = float(state.steps[0].attention[1])
    assert cell.note == "row_sum" and cell.substituted.endswith(f"= {w:.4f}") and cell.fields["total"] == "1.0000"
    assert formula_lines(state, (5, 1)).note == "looked"  # a hovered row that no longer exists is ignored
    plain = apply_translation_moves(make_stepper(models["plain"], SENTENCE), [("step",)], **KW)
    assert formula_lines(plain, (0, 0)).note == "plain"


def test_output_html_marks_the_newest_and_the_forced_token_and_escapes(models):
    stepper = make_stepper(models["additive"], "a <b> & c")
    state = apply_translation_moves(stepper, [("step",), ("replace", 5)], **KW)
    text = output_html(state, "step 1")
    assert "&lt;" in text and "<b>" not in text and "<unk>" not in text  # tokens are text, never markup
    assert "text-decoration: underline" in text and "color:#c62828" in text and text.endswith("(step 1)</i>")
    assert "…" in output_html(translation_state(make_stepper(models["additive"], SENTENCE)), "step 0")


def test_bleu_by_length_sorts_buckets_and_marks_missing(tmp_path):
    (tmp_path / "dot").mkdir()
    (tmp_path / "dot" / "metrics.json").write_text("{broken")
    (tmp_path / "additive").mkdir()
    (tmp_path / "additive" / "metrics.json").write_text(json.dumps({"test_bleu_by_source_tokens": {
        "16+": {"bleu_lowercase": 5.0}, "1-5": {"bleu_lowercase": 30.0}, "6-10": {}}}))
    metrics = read_metrics(tmp_path)
    assert metrics["dot"] is None and metrics["plain"] is None
    buckets, values = bleu_by_length(metrics)
    assert buckets == ["1-5", "6-10", "16+"]
    assert values["additive"][0] == 30.0 and math.isnan(values["additive"][1]) and values["dot"] is None


def test_beam_and_every_model_in_workers(root, models):
    beam = run_beam(models["additive"], SENTENCE, 3, **KW)
    assert beam.width == 3 and beam.nodes
    rows, new = translate_all([(m.name, m.folder) for m in list_models(root)], {"plain": models["plain"]},
                              SENTENCE, **KW)
    assert [r.name for r in rows] == ["plain", "additive"] and all(not r.error for r in rows)
    assert set(new) == {"additive"}  # plain came from the cache
    rows, _ = translate_all([("broken", root / "missing")], {}, SENTENCE, **KW)
    assert rows[0].error and rows[0].translation == ""


def test_compute_modules_import_no_qt_and_no_torch():
    """The session's compute module imports nothing of Qt; the labs' compute modules no widgets (their package,
    desktop_app.labs, imports QtCore for the lab titles), and none of them torch (that waits for a worker)."""
    code = ("import sys, desktop_app.sessions.seq2seq_compute; print(sorted(m for m in sys.modules if m.split('.')[0] "
            "in ('PySide6', 'pyqtgraph', 'torch'))); import desktop_app.labs.seq2seq.compute, "
            "desktop_app.labs.seq2seq.compute_whatif, desktop_app.labs.gru.compute; print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyqtgraph', "
            "'torch') or m in ('PySide6.QtGui', 'PySide6.QtWidgets')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "[]"]


def test_output_html_joins_subword_pieces_into_words():
    """The sentence line reads "veranos", not "verano ##s"; the newest piece marks its whole word."""
    from types import SimpleNamespace

    steps = tuple(SimpleNamespace(token=t, forced=False) for t in ("todos", "los", "verano", "##s"))
    state = SimpleNamespace(steps=steps, n_steps=4, source_tokens=("every", "summer", "##s", "."))
    text = output_html(state, "step 4")
    assert "verano" not in text.replace("veranos", "") and "##" not in text
    assert "<span style='color:#c62828; font-weight:bold;'>veranos</span>" in text
    assert "every summers." in text


# ---- what if the decoder had looked here? ----------------------------------------------------------------------
def test_what_if_moves_all_attention_onto_one_source_token(models):
    stepper = make_stepper(models["additive"], SENTENCE)
    apply_translation_moves(stepper, [("step",)], **KW)
    n = len(stepper.source_tokens)
    before_steps = stepper.steps
    for j in range(n):
        w = what_if(stepper, j)
        assert w.step == 1 and w.source == j and w.source_token == stepper.source_tokens[j] and w.mix == 1.0
        np.testing.assert_array_equal(w.weights, np.eye(n)[j])
        np.testing.assert_array_equal(w.after.context, stepper.encoder.outputs[j])  # c = h_j
        assert len(w.before.top_ids) == 5 and len(w.after.top_ids) == 5 and w.after.overridden
        assert w.prob(w.before.token_id, after=False) == pytest.approx(float(w.before.top_probs[0]))
        assert w.prob(w.after.token_id, after=True) == pytest.approx(float(w.after.top_probs[0]))
        assert w.changed == (w.before.token_id != w.after.token_id)
        ids = [r[0] for r in w.rows]  # both top-k lists, each token once
        assert set(ids) == set(w.before.top_ids.tolist()) | set(w.after.top_ids.tolist()) and len(set(ids)) == len(ids)
        matrix, rows, cols = export_table(w)
        assert matrix.shape == (len(ids), 2) and cols == ["before", "after"] and rows[0] == w.before.token
        assert matrix[0, 0] == pytest.approx(float(w.before.top_probs[0]))
    assert stepper.steps == before_steps  # previews keep nothing
    # the model's own step, taken normally, is the "before"
    w = what_if(stepper, 0)
    np.testing.assert_allclose(w.before.top_probs, stepper.step().top_probs, atol=0)


def test_what_if_blends_and_commits_as_a_marked_step(models):
    stepper = make_stepper(models["additive"], SENTENCE)
    w0 = what_if(stepper, 2, mix=0.0)  # nothing moved: the model's own step
    np.testing.assert_allclose(w0.after.top_probs, w0.before.top_probs, atol=1e-6)
    assert w0.after.token_id == w0.before.token_id and not w0.changed
    half = what_if(stepper, 2, mix=0.5)
    np.testing.assert_allclose(half.weights, 0.5 * half.model_weights + 0.5 * np.eye(len(half.weights))[2], atol=1e-6)
    assert abs(half.weights.sum() - 1.0) < 1e-12
    with pytest.raises(ValueError):
        attention_row(half.model_weights, len(half.weights))
    full = what_if(stepper, 2)
    state = apply_translation_moves(stepper, [("attend", tuple(full.weights))], **KW)
    taken = state.steps[-1]
    assert state.n_steps == 1 and taken.overridden and taken.token_id == full.after.token_id
    np.testing.assert_array_equal(state.alignment[-1], np.eye(len(full.weights), dtype=np.float32)[2])
    assert "background-color" in output_html(state, "step 1")
    assert apply_translation_moves(stepper, [("back",)], **KW).n_steps == 0  # Back undoes it as any step
    assert not apply_translation_moves(stepper, [("step",)], **KW).steps[-1].overridden
    with pytest.raises(ValueError):
        apply_translation_moves(stepper, [("attend", (1.0, 0.0))], **KW)  # wrong length
    plain = make_stepper(models["plain"], SENTENCE)
    assert what_if(plain, 0) is None  # the plain model has no attention to move
    stepper.run_to_end()
    assert what_if(stepper, 0) is None  # nothing left to step
