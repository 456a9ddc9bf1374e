"""Our Transformer against torch.nn.Transformer (same weights), masks, and KV-cache decoding vs full decoding."""
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
