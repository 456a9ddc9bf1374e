"""Damaged copies of the shipped translation models: every loader answers with its own ModelLoadError naming the
problem (never a raw safetensors/json/torch exception), and a pickle that would run code is never opened."""
from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEQ2SEQ = ROOT / "assets" / "models" / "seq2seq" / "additive"
KO_EN = ROOT / "assets" / "models" / "transformer" / "ko-en"


def _loaders():
    from engine.seq2seq.load import ModelLoadError as Seq2SeqError
    from engine.seq2seq.load import load_seq2seq
    from engine.transformer.load import ModelLoadError as TransformerError
    from engine.transformer.load import load_translation_model

    return {"seq2seq": (SEQ2SEQ, load_seq2seq, Seq2SeqError),
            "transformer": (KO_EN, load_translation_model, TransformerError)}


class RunsCode:
    """Unpickling this would call os.system: a loader that unpickles would fail the test by creating the marker."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.marker}",))


def _damage(folder: Path, how: str, tmp_path: Path) -> None:
    weights = folder / "model.safetensors"
    if how == "truncated weights":
        data = weights.read_bytes()
        weights.write_bytes(data[: len(data) // 3])
    elif how == "random weights":
        weights.write_bytes(bytes(range(256)) * 64)
    elif how == "empty weights":
        weights.write_bytes(b"")
    elif how == "weights is a folder":
        weights.unlink()
        weights.mkdir()
    elif how == "empty config":
        (folder / "config.json").write_text("")
    elif how == "config is a list":
        (folder / "config.json").write_text(json.dumps([1, 2, 3]))
    elif how == "config with wrong types":
        def spoil(node):
            for key, value in list(node.items()):
                if isinstance(value, dict):
                    spoil(value)
                elif isinstance(value, int) and not isinstance(value, bool):
                    node[key] = "many"

        config = json.loads((folder / "config.json").read_text())
        spoil(config)
        (folder / "config.json").write_text(json.dumps(config))
    elif how == "missing tensor":
        from safetensors.torch import load_file, save_file

        state = load_file(str(weights))
        state.pop(sorted(state)[0])
        save_file(state, str(weights))
    elif how == "pickle instead of safetensors":
        weights.unlink()
        with open(folder / "pytorch_model.bin", "wb") as f:
            pickle.dump({"weight": RunsCode(tmp_path / "ran")}, f)
        shutil.copy(folder / "pytorch_model.bin", folder / "model.pt")
    else:  # pragma: no cover
        raise AssertionError(how)


DAMAGES = ["truncated weights", "random weights", "empty weights", "weights is a folder", "empty config",
           "config is a list", "config with wrong types", "missing tensor", "pickle instead of safetensors"]


@pytest.mark.parametrize("how", DAMAGES)
@pytest.mark.parametrize("kind", ["seq2seq", "transformer"])
def test_damaged_folder_gives_the_loaders_own_error(kind, how, tmp_path):
    source, load, error = _loaders()[kind]
    if not (source / "model.safetensors").is_file():
        pytest.skip(f"{source} not shipped")
    folder = tmp_path / source.name
    shutil.copytree(source, folder)
    _damage(folder, how, tmp_path)
    with pytest.raises(error) as caught:
        load(folder)
    assert str(caught.value).strip()  # a reason in words
    assert not (tmp_path / "ran").exists()  # the pickle's code never ran


@pytest.mark.parametrize("kind", ["seq2seq", "transformer"])
def test_missing_folder_and_a_file_instead_of_a_folder(kind, tmp_path):
    _source, load, error = _loaders()[kind]
    with pytest.raises(error):
        load(tmp_path / "does-not-exist")
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(error):
        load(tmp_path / "a-file")
