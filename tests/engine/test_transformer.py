"""Our Transformer against torch.nn.Transformer (same weights), masks, and KV-cache decoding vs full decoding."""
import numpy as np
import pytest
import torch
import torch.nn as nn

from engine.transformer.model import LayerCache, Transformer, TransformerConfig

TOL = dict(atol=1e-5, rtol=1e-5)
CFG = TransformerConfig(src_vocab=50, tgt_vocab=40, d_model=32, n_heads=4, n_encoder_layers=2,
                        n_decoder_layers=2, d_ff=64, dropout=0.0, max_len=64)


@pytest.fixture
def model():
    torch.manual_seed(0)
    return Transformer(CFG).eval()


@pytest.fixture
def batch():
    g = torch.Generator().manual_seed(1)
    src = torch.randint(4, 50, (3, 7), generator=g)
    tgt = torch.randint(4, 40, (3, 5), generator=g)
    src[1, 5:] = 0  # padding
    tgt[2, 3:] = 0
    return src, tgt


def test_parity_with_torch_transformer(model, batch):
    src, tgt = batch
    ref = nn.Transformer(CFG.d_model, CFG.n_heads, CFG.n_encoder_layers, CFG.n_decoder_layers, CFG.d_ff,
                         dropout=0.0, batch_first=True)
    model.load_core_from_torch(ref)
    ref.train()  # dropout is 0; training mode keeps torch off its nested-tensor fast path, which zeroes padding
    src_pad, tgt_pad = src == 0, tgt == 0
    with torch.no_grad():
        trace = model(src, tgt)
        ref_out = ref(model.embed_source(src), model.embed_target(tgt),
                      tgt_mask=nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.bool),
                      src_key_padding_mask=src_pad, tgt_key_padding_mask=tgt_pad, memory_key_padding_mask=src_pad)
        ref_memory = ref.encoder(model.embed_source(src), src_key_padding_mask=src_pad)
    torch.testing.assert_close(trace.encoder.output, ref_memory, **TOL)
    torch.testing.assert_close(trace.decoder.logits, model.generator(ref_out), **TOL)


def test_attention_shapes_rows_and_masks(model, batch):
    src, tgt = batch
    with torch.no_grad():
        t = model(src, tgt, return_qkv=True)
    assert len(t.encoder.self_attention) == 2 and t.encoder.self_attention[0].shape == (3, 4, 7, 7)
    assert t.decoder.cross_attention[1].shape == (3, 4, 5, 7)
    assert t.decoder.self_qkv[0].q.shape == (3, 4, 5, 8)
    future = torch.triu(torch.ones(5, 5, dtype=torch.bool), 1)
    for w in t.decoder.self_attention:
        assert torch.all(w[..., future] == 0)  # the decoder never sees the future
        assert torch.all(w[2, :, :, 3:] == 0)  # nor target padding
    for w in t.encoder.self_attention + t.decoder.cross_attention:
        assert torch.all(w[1, :, :, 5:] == 0)  # source padding receives nothing
        torch.testing.assert_close(w.sum(-1), torch.ones(w.shape[:-1]), **TOL)


def test_kv_cache_steps_equal_full_decoding(model, batch):
    src, tgt = batch
    src, tgt = src[:1], tgt[:1]  # one sentence, no target padding
    with torch.no_grad():
        full = model(src, tgt)
        src_pad = src == 0
        memory_kv = model.memory_kv(full.encoder.output)
        caches = [LayerCache() for _ in model.decoder_layers]
        for pos in range(tgt.shape[1]):
            logits, selfs, crosses = model.decode_step(tgt[:, pos], pos, caches, memory_kv, src_pad)
            torch.testing.assert_close(logits, full.decoder.logits[:, pos], **TOL)
            for layer in range(2):
                torch.testing.assert_close(selfs[layer], full.decoder.self_attention[layer][:, :, pos, :pos + 1],
                                           **TOL)
                torch.testing.assert_close(crosses[layer], full.decoder.cross_attention[layer][:, :, pos], **TOL)
    assert len(caches[0]) == tgt.shape[1]
    caches[0].truncate(2)
    assert len(caches[0]) == 2


def _stepper(model, **kw):
    from engine.transformer.stepper import TransformerStepper
    return TransformerStepper(model, [5, 9, 12, 7], ["a", "b", "c", "d"], id_to_token=str, bos_id=1, eos_id=2,
                              max_len=kw.pop("max_len", 8), **kw)


def test_stepper_back_is_a_pop_and_step_again_is_identical(model):
    s = _stepper(model)
    first = [s.step() for _ in range(3)]
    assert s.back() is first[2] and len(s.steps) == 2
    again = s.step()
    assert again.token_id == first[2].token_id
    np.testing.assert_allclose(again.cross_attention, first[2].cross_attention, atol=1e-6)
    np.testing.assert_allclose(again.self_attention, first[2].self_attention, atol=1e-6)
    s.reset()
    assert s.steps == () and s.step().token_id == first[0].token_id


def test_stepper_rows_sum_to_one_and_forcing_changes_the_path(model):
    s = _stepper(model)
    t = s.step()
    assert t.self_attention.shape == (2, 4, 1) and t.cross_attention.shape == (2, 4, 4)
    np.testing.assert_allclose(t.cross_attention.sum(-1), 1, atol=1e-5)
    np.testing.assert_allclose(t.topk_probs, np.sort(t.topk_probs)[::-1])
    other = int(t.topk_ids[1])
    s.back()
    forced = s.force(other)
    assert forced.forced and forced.token_id == other and forced.log_prob < t.log_prob


def test_beam_width_one_equals_greedy(model):
    from engine.transformer.stepper import beam_search
    greedy = [st.token_id for st in _stepper(model).run_to_end()]
    beam = beam_search(model, [5, 9, 12, 7], str, bos_id=1, eos_id=2, width=1, max_len=8)
    assert list(beam.best_ids) == greedy
    wide = beam_search(model, [5, 9, 12, 7], str, bos_id=1, eos_id=2, width=4, max_len=8)
    assert all(wide.nodes[n].parent >= 0 for n in wide.best_path)
    with pytest.raises(ValueError):
        beam_search(model, [5], str, 1, 2, width=11)


# -- model folders: loading, errors, CLI ---------------------------------------------------------------------------

def _write_folder(path, seed=0):
    import json

    from safetensors.torch import save_file

    from engine.train.transformer import word_level_tokenizer
    src = word_level_tokenizer(["나 는 학교 에 간다", "너 는 집 에 온다"], lowercase=False)
    tgt = word_level_tokenizer(["i go to school", "you come home"], lowercase=True)
    cfg = TransformerConfig(src_vocab=src.get_vocab_size(), tgt_vocab=tgt.get_vocab_size(), d_model=16, n_heads=2,
                            n_encoder_layers=1, n_decoder_layers=1, d_ff=32, dropout=0.0, max_len=64)
    torch.manual_seed(seed)
    path.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in Transformer(cfg).state_dict().items()}, str(path / "model.safetensors"))
    src.save(str(path / "source_tokenizer.json"))
    tgt.save(str(path / "target_tokenizer.json"))
    (path / "config.json").write_text(json.dumps({"model": cfg.to_dict(), "preprocess": "korean_particles"}))
    return path


def test_load_and_translate_with_emoji_and_long_input(tmp_path):
    from engine.commands.transformer import translate
    from engine.transformer.load import EmptyInputError, load_translation_model
    bundle = load_translation_model(_write_folder(tmp_path / "m"))
    out = translate(bundle, "나는 학교에 간다 😀 안녕", max_len=5)
    assert out["source_tokens"][:5] == ["나", "는", "학교", "에", "간다"] and "<unk>" in out["source_tokens"]
    assert len(out["output_tokens"]) <= 5
    long = translate(bundle, "나는 " * 3000, max_len=2)
    assert long["truncated"] and len(long["source_tokens"]) == 64  # the model's max_len
    with pytest.raises(EmptyInputError):
        translate(bundle, "   ")


@pytest.mark.parametrize("damage,message", [
    ("config", "missing config.json"), ("weights", "missing model.safetensors"),
    ("shape", "has shape"), ("json", "not a valid"),
])
def test_broken_folders_are_named_clearly(tmp_path, damage, message):
    import json

    from safetensors.torch import load_file, save_file

    from engine.transformer.load import ModelLoadError, load_translation_model
    folder = _write_folder(tmp_path / "m")
    if damage == "config":
        (folder / "config.json").unlink()
    elif damage == "weights":
        (folder / "model.safetensors").unlink()
    elif damage == "json":
        (folder / "config.json").write_text("{not json")
    else:
        state = load_file(str(folder / "model.safetensors"))
        state["generator.weight"] = torch.zeros(3, 3)
        save_file(state, str(folder / "model.safetensors"))
    with pytest.raises(ModelLoadError, match=message):
        load_translation_model(folder)
    assert json  # keeps the import used in every branch


def test_cli_json(tmp_path, capsys):
    import json

    from engine.cli import main
    folder = _write_folder(tmp_path / "m")
    assert main(["transformer", "--model", str(folder), "--max-len", "4", "--beam", "2", "나는 학교에 간다", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["source_tokens"] == ["나", "는", "학교", "에", "간다"] and "beam" in out
    assert main(["transformer", "--model", str(tmp_path / "nope"), "x"]) == 2


def test_shipped_ko_en_model_has_no_one_hot_heads_and_translates_the_examples():
    """A class shown layer 1 must see attention, not a permutation: every head's mean row maximum < 0.9."""
    import torch

    from engine.commands.transformer import translate
    from engine.train.transformer import KO_PROBES, encoder_row_max
    from engine.transformer.load import load_translation_model, model_folder

    bundle = load_translation_model(model_folder("ko-en"))
    row_max = encoder_row_max(bundle.model, bundle.src_tokenizer, "korean_particles", KO_PROBES, torch.device("cpu"))
    assert max(row_max[0]) < 0.9, row_max
    expected = ["i go to school", "she read a book in the library yesterday", "we will go to the park tomorrow",
                "mom bought an apple at the market"]
    assert [translate(bundle, s)["translation"] for s in KO_PROBES] == expected
