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


# ---------------------------------------------------------------------------------------------------------------
# One state-dict rule for every loader (engine.weights.check_state_dict): a tensor the model lacks in the file, or a
# tensor in the file the model does not have, is an error naming the tensor and the file. Tiny folders are written
# here with each family's own save function where it has one.

EN = ["we are eating bread .", "i like cats .", "where is tom ?"] * 3
ES = ["estamos comiendo pan .", "me gustan los gatos .", "¿ dónde está tom ?"] * 3
BERT_VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + "the cat sat on mat dog ran . ##s".split()


def _tiny_seq2seq(folder: Path) -> Path:
    import torch

    from engine.seq2seq.model import Seq2Seq, Seq2SeqConfig
    from engine.text import train_tokenizer
    from engine.train.seq2seq import save_model

    en, es = train_tokenizer(EN, 100), train_tokenizer(ES, 100)
    cfg = Seq2SeqConfig(src_vocab=en.get_vocab_size(), tgt_vocab=es.get_vocab_size(), emb=8, hidden=8,
                        attention="additive", dropout=0.0, max_src_len=8, max_tgt_len=8)
    torch.manual_seed(0)
    save_model(Seq2Seq(cfg), cfg, folder, fp16=False)
    en.save(str(folder / "en.json"))
    es.save(str(folder / "es.json"))
    return folder


def _tiny_transformer(folder: Path) -> Path:
    import torch
    from safetensors.torch import save_file

    from engine.train.transformer import word_level_tokenizer
    from engine.transformer.model import Transformer, TransformerConfig

    src, tgt = word_level_tokenizer(EN, lowercase=True), word_level_tokenizer(ES, lowercase=True)
    cfg = TransformerConfig(src_vocab=src.get_vocab_size(), tgt_vocab=tgt.get_vocab_size(), d_model=16, n_heads=2,
                            n_encoder_layers=1, n_decoder_layers=1, d_ff=32, dropout=0.0, max_len=16)
    torch.manual_seed(0)
    folder.mkdir(parents=True)
    save_file({k: v.contiguous() for k, v in Transformer(cfg).state_dict().items()}, str(folder / "model.safetensors"))
    src.save(str(folder / "source_tokenizer.json"))
    tgt.save(str(folder / "target_tokenizer.json"))
    (folder / "config.json").write_text(json.dumps({"model": cfg.to_dict()}))
    return folder


def _tiny_bert(folder: Path) -> Path:
    import torch

    from engine.bert import Bert, BertConfig, save_bert
    from engine.bert.load import build_tokenizer

    folder.mkdir(parents=True)
    (folder / "vocab.txt").write_text("\n".join(BERT_VOCAB) + "\n", encoding="utf-8")
    torch.manual_seed(0)
    model = Bert(BertConfig(vocab_size=len(BERT_VOCAB), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                            intermediate_size=32, max_position_embeddings=16))
    return save_bert(folder, model, build_tokenizer(folder, 16))


def _tiny_gpt(folder: Path) -> Path:
    from tests.engine.gpt_tiny import make_tiny_gpt_folder

    return make_tiny_gpt_folder(folder)


def _tiny_caption(folder: Path) -> Path:
    import torch
    from safetensors.torch import save_file

    from engine.caption.model import CaptionConfig, CaptionDecoder

    vocab = ["<pad>", "<s>", "</s>", "<unk>", "a", "cat", "ball"]
    config = CaptionConfig(vocab=len(vocab), embed=8, enc=16, hidden=16, attn=8, max_len=6)
    torch.manual_seed(0)
    folder.mkdir(parents=True)
    save_file({k: v.contiguous() for k, v in CaptionDecoder(config).state_dict().items()},
              str(folder / "model.safetensors"))
    (folder / "config.json").write_text(json.dumps({"model": config.__dict__}))
    (folder / "vocab.json").write_text(json.dumps(vocab))
    return folder


def _tiny_cnn(folder: Path) -> Path:
    import torch
    from safetensors.torch import save_file

    from engine.caption.cnn import MobileNetV2

    torch.manual_seed(0)
    folder.mkdir(parents=True)
    state = {k: v.half().contiguous() for k, v in MobileNetV2().state_dict().items()
             if not k.endswith("num_batches_tracked")}  # as engine.train.caption's convert writes it
    save_file(state, str(folder / "mobilenet_v2.safetensors"))
    return folder / "mobilenet_v2.safetensors"


def _families():
    from engine.bert.load import ModelLoadError as BertError
    from engine.bert.load import load_bert
    from engine.caption.cnn import CNNLoadError, load_cnn
    from engine.caption.load import CaptionLoadError, load_decoder
    from engine.gpt.load import ModelLoadError as GPTError
    from engine.gpt.load import load_gpt
    from engine.seq2seq.load import ModelLoadError as Seq2SeqError
    from engine.seq2seq.load import load_seq2seq
    from engine.transformer.load import ModelLoadError as TransformerError
    from engine.transformer.load import load_translation_model

    # name: (write a tiny model -> folder or file, load, error type)
    return {"seq2seq": (_tiny_seq2seq, load_seq2seq, Seq2SeqError),
            "transformer": (_tiny_transformer, load_translation_model, TransformerError),
            "bert": (_tiny_bert, load_bert, BertError),
            "gpt": (_tiny_gpt, load_gpt, GPTError),
            "caption": (_tiny_caption, load_decoder, CaptionLoadError),
            "cnn": (_tiny_cnn, load_cnn, CNNLoadError)}


FAMILIES = ["seq2seq", "transformer", "bert", "gpt", "caption", "cnn"]


def _weights_file(target: Path) -> Path:
    return target if target.is_file() else target / "model.safetensors"


@pytest.mark.parametrize("family", FAMILIES)
def test_tiny_folders_load(family, tmp_path):
    write, load, _error = _families()[family]
    load(write(tmp_path / family))


@pytest.mark.parametrize("how", ["missing", "unexpected"])
@pytest.mark.parametrize("family", FAMILIES)
def test_missing_or_unexpected_tensor_is_named(family, how, tmp_path):
    import torch
    from safetensors.torch import load_file, save_file

    write, load, error = _families()[family]
    target = write(tmp_path / family)
    weights = _weights_file(target)
    state = load_file(str(weights))
    if how == "missing":
        name = sorted(state)[len(state) // 2]
        del state[name]
    else:
        name = "classifier.weight"
        state[name] = torch.zeros(2, 2)
    save_file(state, str(weights))
    with pytest.raises(error) as caught:
        load(target)
    message = str(caught.value)
    assert f"{how} tensor" in message and name in message, message
    assert weights.name in message and (target.is_file() or target.name in message), message
    assert "\n" not in message


@pytest.mark.parametrize("family,argv", [
    ("seq2seq", ["translate", "we are here", "--model"]),
    ("transformer", ["transformer", "we are here", "--model"]),
    ("bert", ["mlm", "the [MASK] sat", "--model"]),
    ("gpt", ["generate", "the cat", "--steps", "2", "--model"]),
])
def test_cli_says_one_error_line_and_exits_2(family, argv, tmp_path, capsys):
    import torch
    from safetensors.torch import load_file, save_file

    from engine.cli import main

    write, _load, _error = _families()[family]
    folder = write(tmp_path / family)
    state = load_file(str(folder / "model.safetensors"))
    save_file({**state, "stray.bias": torch.zeros(3)}, str(folder / "model.safetensors"))
    code = main(argv + [str(folder), "--json"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1 and "stray.bias" in err, err


def test_bert_buffers_of_hugging_face_checkpoints_are_dropped_by_name_and_reported(tmp_path):
    """position_ids / token_type_ids buffers (saved by some transformers versions) are the declared exceptions:
    normalize_keys drops them, the bundle lists them; any other unknown tensor stays an error."""
    import torch
    from safetensors.torch import load_file, save_file

    from engine.bert import load_bert

    folder = _tiny_bert(tmp_path / "bert")
    state = load_file(str(folder / "model.safetensors"))
    bare = {k.removeprefix("bert."): v for k, v in state.items() if k.startswith("bert.")}  # a BertModel's names
    bare["embeddings.position_ids"] = torch.arange(16)[None]
    save_file(bare, str(folder / "model.safetensors"))
    bundle = load_bert(folder)
    assert bundle.ignored_keys == ("embeddings.position_ids",) and not bundle.has_mlm
    assert load_bert(_tiny_bert(tmp_path / "plain")).ignored_keys == ()
