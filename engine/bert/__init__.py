"""BERT: the encoder, its pre-training heads (masked LM, next sentence) and the tasks the lab shows.

    bundle = load_bert("assets/models/bert")              # or any Hugging Face BERT folder
    predict_masked(bundle, "The capital of France is [MASK].", top_k=10)
    next_sentence(bundle, "He went to the store.", "He bought milk.")
    attention(bundle, "The cat sat on the mat.")

The functions take one text, run the model under torch.inference_mode and return numpy results (trace.py).
Each takes ``head_mask=``: heads switched off (engine.whatif.HeadMask or an (L, H) array, 1 = on, 0 = off).
"""
from __future__ import annotations

import numpy as np
import torch

from engine.bert.load import (BertBundle, EmptyTextError, MissingHeadError, ModelLoadError, NoMaskError,
                              default_model_folder, load_bert, save_bert)
from engine.bert.model import Bert, BertConfig, pretraining_loss
from engine.bert.trace import (AttentionResult, BertTrace, Encoded, MaskedPrediction, NextSentenceResult)

__all__ = [
    "AttentionResult", "Bert", "BertBundle", "BertConfig", "BertTrace", "EmptyTextError", "Encoded",
    "MaskedPrediction", "MissingHeadError", "ModelLoadError", "NextSentenceResult", "NoMaskError", "attention",
    "default_model_folder", "load_bert", "next_sentence", "predict_masked", "pretraining_loss", "run_model",
    "save_bert",
]


def run_model(bundle: BertBundle, enc: Encoded, **options) -> BertTrace:
    """One encoded input through the model (batch of 1), without autograd."""
    ids = torch.tensor([enc.ids], dtype=torch.long)  # (1, T)
    segments = torch.tensor([enc.token_type_ids], dtype=torch.long)  # (1, T)
    with torch.inference_mode():
        return bundle.model(ids, segments, **options)


def predict_masked(bundle: BertBundle, text: str, top_k: int = 10, head_mask=None) -> MaskedPrediction:
    """Top-k tokens and probabilities for every [MASK] in ``text`` (written exactly so, upper case)."""
    if not bundle.has_mlm:
        raise MissingHeadError(f"model {bundle.name!r} has no masked-LM head (it is a bare encoder); "
                               "load a model trained with an MLM head")
    if not 1 <= int(top_k) <= bundle.config.vocab_size:
        raise ValueError(f"top-k must be between 1 and {bundle.config.vocab_size}, got {top_k}")
    enc = bundle.encode(text)
    ids = np.asarray(enc.ids)
    positions = np.flatnonzero(ids == bundle.mask_id)  # (M,)
    if positions.size == 0:
        cut = " within the first tokens the model can read" if enc.truncated else ""
        raise NoMaskError(f"the text has no [MASK]{cut}; write [MASK] where a word should be predicted")
    where = torch.zeros(1, len(ids), dtype=torch.bool)
    where[0, torch.from_numpy(positions)] = True
    trace = run_model(bundle, enc, output_hidden_states=False, mlm_positions=where, nsp=False, head_mask=head_mask)
    probs = torch.softmax(trace.mlm_logits, dim=-1)  # (M, V)
    top_p, top_i = probs.topk(int(top_k), dim=-1)  # (M, k)
    return MaskedPrediction(
        tokens=enc.tokens, token_type_ids=np.asarray(enc.token_type_ids), mask_positions=positions,
        top_tokens=[[bundle.token(i) for i in row] for row in top_i.tolist()],
        top_ids=top_i.numpy(), top_probs=top_p.numpy(), attentions=trace.attentions[:, 0].numpy(),
        truncated=enc.truncated)


def next_sentence(bundle: BertBundle, a: str, b: str, head_mask=None) -> NextSentenceResult:
    """P(IsNext) for the pair [CLS] a [SEP] b [SEP]."""
    if not bundle.has_nsp:
        raise MissingHeadError(f"model {bundle.name!r} has no next-sentence head; load a model trained with NSP")
    enc = bundle.encode(a, b)
    trace = run_model(bundle, enc, output_hidden_states=False, mlm=False, head_mask=head_mask)
    logits = trace.nsp_logits[0]  # (2,)
    return NextSentenceResult(
        tokens=enc.tokens, token_type_ids=np.asarray(enc.token_type_ids),
        is_next_prob=float(torch.softmax(logits, dim=-1)[0]), logits=logits.numpy(),
        attentions=trace.attentions[:, 0].numpy(), truncated=enc.truncated)


def attention(bundle: BertBundle, text: str, text_b: str | None = None, head_mask=None) -> AttentionResult:
    """Tokens, every layer's attention, hidden states and the embedding parts for one text (or a pair)."""
    enc = bundle.encode(text, text_b)
    trace = run_model(bundle, enc, mlm=False, nsp=False, head_mask=head_mask)
    parts = trace.embeddings
    return AttentionResult(
        tokens=enc.tokens, token_type_ids=np.asarray(enc.token_type_ids),
        attentions=trace.attentions[:, 0].numpy(), hidden_states=trace.hidden_states[:, 0].numpy(),
        token_embeddings=parts.token[0].numpy(), segment_embeddings=parts.segment[0].numpy(),
        position_embeddings=parts.position[0].numpy(), embedding_sum=parts.sum[0].numpy(),
        embedding_normed=parts.normed[0].numpy(), truncated=enc.truncated)
