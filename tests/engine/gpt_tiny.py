"""A tiny random GPT folder for tests: a 60-piece uncased WordPiece vocabulary and a 2-layer model."""
from pathlib import Path

import torch

WORDS = ("the game was released in city is located on of and a to , . born london she war he it her his "
         "capital france paris at with for by from as an which that this").split()


def make_tiny_gpt_folder(folder: Path, seed: int = 0, block_size: int = 16, kept: bool = False) -> Path:
    """config.json + model.safetensors + vocab.txt. kept=True: the model predicts only part of the vocabulary."""
    from engine.gpt.load import save_gpt
    from engine.gpt.model import GPT, GPTConfig

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list(WORDS) + ["##s", "##ed", "1", "9"]
    token_ids = list(range(len(vocab) - 6)) if kept else None  # the last 6 pieces read as [UNK]
    torch.manual_seed(seed)
    model = GPT(GPTConfig(vocab_size=len(token_ids or vocab), block_size=block_size, n_layer=2, n_head=2,
                          d_model=16, dropout=0.0))
    save_gpt(Path(folder), model.eval(), ("\n".join(vocab) + "\n").encode(), token_ids, {"data": "random"},
             fp16=False)
    return Path(folder)
