"""Fuzzing the engine's text entry points with arbitrary Unicode: only our own clear input errors may come out."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.positional import PositionalInputError, sinusoidal_encoding
from engine.train.ko_en_grammar import join_korean, split_particles
from tests.conftest import MODEL_RUN_EXAMPLES

# Any text: control characters, surrogate-free Unicode, emoji, Hangul, [MASK]s and long runs of spaces.
TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(list(" \t\n\r\x00\u200b\ufeff😀한국어[MASK]<unk></s>.?!")), max_size=300),
    st.just(" " * 5000), st.just("[MASK] " * 600), st.just("가" * 5000),
)


@pytest.fixture(scope="module")
def tiny_bundle(tmp_path_factory):
    from engine.transformer.load import load_translation_model
    from tests.engine.test_transformer import _write_folder
    return load_translation_model(_write_folder(tmp_path_factory.mktemp("fuzz") / "m"))


@given(text=TEXT)
def test_transformer_source_encoding_and_translation(tiny_bundle, text):
    from engine.commands.transformer import translate
    from engine.transformer.load import EmptyInputError
    try:
        out = translate(tiny_bundle, text, max_len=3)
    except EmptyInputError:
        assert not text.strip() or not tiny_bundle.src_tokenizer.encode(text.strip()).ids
        return
    assert len(out["source_tokens"]) <= tiny_bundle.model.config.max_len
    assert isinstance(out["translation"], str)


@given(text=TEXT)
def test_korean_particle_splitting_never_fails(text):
    tokens = split_particles(text)
    assert "".join(tokens).replace(" ", "") == "".join(text.split())
    join_korean(tokens)


@given(positions=st.integers(-10, 5000), dim=st.integers(-10, 2000))
def test_positional_sizes(positions, dim):
    try:
        pe = sinusoidal_encoding(positions, dim)
    except PositionalInputError:
        return
    assert pe.shape == (positions, dim)


@pytest.fixture(scope="module")
def seq2seq_bundle():
    from pathlib import Path

    from engine.seq2seq.load import load_seq2seq
    folder = Path(__file__).resolve().parents[2] / "assets" / "models" / "seq2seq" / "additive"
    if not (folder / "model.safetensors").is_file():
        pytest.skip("the additive model is not shipped")
    return load_seq2seq(folder)


@settings(max_examples=MODEL_RUN_EXAMPLES)  # a model run each: 20 in make test, 10,000 in make fuzz
@given(text=TEXT, width=st.integers(1, 3))
def test_seq2seq_translation_greedy_and_beam(seq2seq_bundle, text, width):
    from engine.seq2seq.load import EmptyInputError
    from engine.seq2seq.stepper import Seq2SeqStepper, beam_search
    try:
        stepper = Seq2SeqStepper(seq2seq_bundle, text, max_len=3)
    except EmptyInputError:
        assert not text.strip() or not seq2seq_bundle.encode_source(text)[0]
        return
    stepper.run_to_end()
    assert len(stepper.source_tokens) <= seq2seq_bundle.config.max_src_len
    assert isinstance(stepper.translation, str)
    assert isinstance(beam_search(seq2seq_bundle, text, width=width, max_len=3).translation, str)

# BERT's mlm / nsp / attention are fuzzed in tests/engine/test_bert.py (test_fuzz_any_text_gives_...).


@pytest.fixture(scope="module")
def gpt_folder(tmp_path_factory):
    from tests.engine.gpt_tiny import make_tiny_gpt_folder
    return make_tiny_gpt_folder(tmp_path_factory.mktemp("fuzz-gpt") / "tiny")


@settings(max_examples=MODEL_RUN_EXAMPLES)  # a model run each: 20 in make test, 10,000 in make fuzz
@given(text=TEXT)
def test_gpt_generate(gpt_folder, text, capsys):
    from engine.cli import main
    # the text last, after '--': a text such as "-:" is otherwise read as an option (the CLI then prints a hint)
    code = main(["generate", "--steps", "2", "--model", str(gpt_folder), "--json", "--", text])
    out = capsys.readouterr()
    assert code in (0, 2)  # a result, or our one-line input error
    if code == 2:
        assert out.err.startswith("error:")


@given(text=TEXT)
def test_lesson_parser(text):
    from desktop_app.lessons.format import LessonError, parse_lesson
    try:
        parse_lesson(text, known_labs=["seq2seq", "gru", "positional", "transformer"])
    except LessonError as exc:
        assert str(exc).strip()
