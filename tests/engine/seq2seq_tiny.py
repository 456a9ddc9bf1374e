"""Tiny randomly initialised seq2seq model folders, saved with the engine's own save_model (no trained weights):
what the Seq2Seq and GRU labs' tests and their Qt-free compute tests load."""
from __future__ import annotations

from pathlib import Path

CORPUS_EN = ["We are eating bread.", "I don't know what to do.", "She has a red car.", "Where is the train station?",
             "My brother lives in a small house near the river.", "we eat bread", "they are eating",
             "the car is red"] * 3
CORPUS_ES = ["Estamos comiendo pan.", "No sé qué hacer.", "Ella tiene un coche rojo.", "¿Dónde está la estación?",
             "Mi hermano vive en una casa pequeña cerca del río.", "comemos pan", "están comiendo",
             "el coche es rojo"] * 3
TINY_HIDDEN, TINY_MAX_LEN, TINY_MAX_SRC = 12, 6, 12


def make_tiny_models(root: Path, names=("plain", "additive")) -> Path:
    """Model folders saved with the engine's own save_model, tokenizers trained on a few sentences."""
    import torch

    from engine.seq2seq.model import Seq2Seq, Seq2SeqConfig
    from engine.text import train_tokenizer
    from engine.train.seq2seq import save_model

    en, es = train_tokenizer(CORPUS_EN, 200), train_tokenizer(CORPUS_ES, 200)
    for k, name in enumerate(names):
        torch.manual_seed(k)
        cfg = Seq2SeqConfig(src_vocab=en.get_vocab_size(), tgt_vocab=es.get_vocab_size(), emb=8, hidden=TINY_HIDDEN,
                            attention=name, dropout=0.0, max_src_len=TINY_MAX_SRC, max_tgt_len=TINY_MAX_LEN)
        folder = root / name
        save_model(Seq2Seq(cfg), cfg, folder, fp16=False)
        en.save(str(folder / "en.json"))
        es.save(str(folder / "es.json"))
    return root
