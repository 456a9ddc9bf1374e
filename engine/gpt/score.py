"""How probable the GPT finds a text: each token's log-probability given the tokens before it, and the perplexity.

    log p(x_t | x_<t) = log softmax(h_{t-1} Eᵀ)[x_t],   perplexity = exp(-mean_t log p(x_t | x_<t))

One forward pass over [CLS] + the text's tokens (causal attention makes every row a prediction from its left
context only). The model's own distribution: no temperature, no top-k cut, nothing banned. A token outside the
model's vocabulary is scored as [UNK] (as in training), and counted.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from engine.threads import single_thread


@dataclass(frozen=True)
class TextScore:
    tokens: tuple[str, ...]  # (T,) the text's tokens, [CLS] left out
    log_probs: np.ndarray  # (T,) natural log of p(token | tokens before it)
    perplexity: float
    unk_tokens: int  # tokens read as [UNK]
    truncated: bool  # the text was longer than the model's window: its last tokens were scored


def score_text(bundle, text: str) -> TextScore:
    ids, tokens, truncated = bundle.encode(text)  # [CLS] + tokens; EmptyPromptError for an empty text
    with torch.inference_mode(), single_thread():
        logits = bundle.model(torch.tensor([ids])).logits[0, :-1].float()  # (T, V): row t predicts ids[t + 1]
        log_probs = torch.log_softmax(logits, dim=-1)
        picked = log_probs[torch.arange(len(ids) - 1), torch.tensor(ids[1:])].numpy().astype(np.float64)
    return TextScore(tokens=tuple(tokens[1:]), log_probs=picked,
                     perplexity=float(math.exp(-picked.mean())),
                     unk_tokens=int(sum(i == bundle.unk_id for i in ids[1:])), truncated=truncated)
