"""BERT (Devlin et al., 2018), written out in the course's terms, returning everything a view wants to show.

Parameter names follow the Hugging Face layout exactly (``bert.embeddings.word_embeddings.weight``,
``bert.encoder.layer.0.attention.self.query.weight``, ``cls.predictions.transform.dense.weight``, ...), so a checkpoint
saved by ``transformers`` loads with ``load_state_dict`` (see engine/bert/load.py for the key clean-up).

Shapes: B batch, T tokens, D hidden size, H heads, d_h = D / H, L layers, V vocabulary, I intermediate size.

    embeddings  x_0 = LayerNorm(E_token[ids] + E_segment[segments] + E_position[0..T-1])
    layer l     a   = LayerNorm(x + W_o MultiHead(x))            (self-attention, residual, LayerNorm)
                      MultiHead = Concat_h(m_lh softmax(Q_h K_h^T / sqrt(d_h)) V_h), m = head_mask (1 when None)
                x'  = LayerNorm(a + W_2 GELU(W_1 a))              (feed-forward, residual, LayerNorm)
    pooler      p   = tanh(W_p x_L[:, 0])                         ([CLS] summary, input of the NSP head)
    MLM head    logits = LayerNorm(GELU(W_t x_L)) E_token^T + b   (decoder tied to the word embeddings)
    NSP head    logits = W_s p                                     (index 0 = IsNext, 1 = NotNext)
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from engine.attention import attention_heads, layer_head_masks
from engine.bert.trace import BertTrace, EmbeddingParts

# Activations a BERT config.json may name (transformers' ACT2FN names); anything else is refused when loading.
ACTIVATIONS = {
    "gelu": lambda x: F.gelu(x),  # exact, erf based: the original BERT
    "gelu_new": lambda x: F.gelu(x, approximate="tanh"),
    "gelu_pytorch_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "relu": F.relu,
}


@dataclass
class BertConfig:
    """The fields of a Hugging Face BERT ``config.json`` that the model uses (others are ignored)."""

    vocab_size: int = 30522
    hidden_size: int = 768
    num_hidden_layers: int = 12
    num_attention_heads: int = 12
    intermediate_size: int = 3072
    hidden_act: str = "gelu"
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    pad_token_id: int = 0
    tie_word_embeddings: bool = True

    def __post_init__(self):
        if self.hidden_size % self.num_attention_heads:
            raise ValueError(f"hidden_size {self.hidden_size} is not divisible by "
                             f"num_attention_heads {self.num_attention_heads}")
        if self.hidden_act not in ACTIVATIONS:
            raise ValueError(f"hidden_act {self.hidden_act!r} is not supported; use one of {sorted(ACTIVATIONS)}")
        for name in ("vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
                     "max_position_embeddings", "type_vocab_size"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.num_attention_heads

    @classmethod
    def from_dict(cls, raw: dict) -> "BertConfig":
        """From a Hugging Face config.json dict; unknown keys (architectures, model_type, ...) are ignored."""
        if raw.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError(f"position_embedding_type {raw['position_embedding_type']!r} is not supported "
                             "(only 'absolute')")
        if raw.get("is_decoder", False):
            raise ValueError("a decoder BERT (is_decoder=true) is not supported")
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in names})

    def to_dict(self) -> dict:
        """A config.json that transformers' BertConfig also reads."""
        return {"model_type": "bert", "position_embedding_type": "absolute", **asdict(self)}


# ---------------------------------------------------------------------------------------------------------------
# Embeddings


class BertEmbeddings(nn.Module):
    """Token + segment + position embeddings, summed, then LayerNorm and dropout."""

    def __init__(self, config: BertConfig):
        super().__init__()
        self.word_embeddings = nn.Embedding(config.vocab_size, config.hidden_size, padding_idx=config.pad_token_id)
        self.position_embeddings = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.token_type_embeddings = nn.Embedding(config.type_vocab_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, input_ids: Tensor, token_type_ids: Tensor, keep_parts: bool = False
                ) -> tuple[Tensor, Optional[EmbeddingParts]]:
        # input_ids, token_type_ids (B, T) -> (B, T, D), and the parts for the embeddings view when asked
        b, t = input_ids.shape
        positions = torch.arange(t, device=input_ids.device)  # (T,)
        token = self.word_embeddings(input_ids)  # (B, T, D)
        segment = self.token_type_embeddings(token_type_ids)  # (B, T, D)
        position = self.position_embeddings(positions)[None]  # (1, T, D), the same for every sequence
        summed = token + segment + position  # (B, T, D)
        normed = self.LayerNorm(summed)  # (B, T, D)
        parts = None
        if keep_parts:
            parts = EmbeddingParts(token=token, segment=segment, position=position.expand(b, t, -1),
                                   sum=summed, normed=normed)
        return self.dropout(normed), parts


# ---------------------------------------------------------------------------------------------------------------
# One encoder layer: self-attention (+ residual, LayerNorm), feed-forward (+ residual, LayerNorm)


class BertSelfAttention(nn.Module):
    """Multi-head self-attention with separate Q, K, V projections (HF names: query, key, value).

    The attention itself is engine.attention.attention_heads: written out when the trace wants the weights (the
    softmax then writes straight into the trace's (L, B, H, T, T) buffer), PyTorch's fused kernel when it does not
    (training). Padded keys get weight exactly 0; ``head_mask`` (H,) multiplies each head's probabilities.
    """

    def __init__(self, config: BertConfig):
        super().__init__()
        self.n_heads, self.d_head = config.num_attention_heads, config.head_dim
        self.query = nn.Linear(config.hidden_size, config.hidden_size)
        self.key = nn.Linear(config.hidden_size, config.hidden_size)
        self.value = nn.Linear(config.hidden_size, config.hidden_size)
        self.dropout = nn.Dropout(config.attention_probs_dropout_prob)

    def _heads(self, x: Tensor) -> Tensor:  # (B, T, D) -> (B, H, T, d_h)
        b, t, _ = x.shape
        return x.view(b, t, self.n_heads, self.d_head).transpose(1, 2)

    def forward(self, x: Tensor, pad: Optional[Tensor], want_weights: bool, weights_out: Optional[Tensor] = None,
                head_mask: Optional[Tensor] = None) -> tuple[Tensor, Optional[Tensor]]:
        # x (B, T, D); pad (B, T) bool, True = padded key, or None; weights_out (B, H, T, T) or None; head_mask (H,)
        b, t, d = x.shape
        q, k, v = self._heads(self.query(x)), self._heads(self.key(x)), self._heads(self.value(x))  # (B, H, T, d_h)
        heads, weights = attention_heads(q, k, v, key_padding_mask=pad, need_weights=want_weights,
                                         dropout_p=self.dropout.p if self.training else 0.0,
                                         head_mask=head_mask, weights_out=weights_out)
        return heads.transpose(1, 2).reshape(b, t, d), weights  # (B, T, D), (B, H, T, T) or None


class BertSelfOutput(nn.Module):
    """W_o, dropout, residual, LayerNorm."""

    def __init__(self, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, heads: Tensor, residual: Tensor) -> Tensor:  # (B, T, D) x 2 -> (B, T, D)
        return self.LayerNorm(self.dropout(self.dense(heads)) + residual)


class BertAttention(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.self = BertSelfAttention(config)
        self.output = BertSelfOutput(config)

    def forward(self, x: Tensor, pad: Optional[Tensor], want_weights: bool, weights_out: Optional[Tensor] = None,
                head_mask: Optional[Tensor] = None) -> tuple[Tensor, Optional[Tensor]]:
        heads, weights = self.self(x, pad, want_weights, weights_out, head_mask)
        return self.output(heads, x), weights


class BertIntermediate(nn.Module):
    """W_1 and the activation: (B, T, D) -> (B, T, I)."""

    def __init__(self, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.intermediate_size)
        self.act = ACTIVATIONS[config.hidden_act]

    def forward(self, x: Tensor) -> Tensor:
        return self.act(self.dense(x))


class BertOutput(nn.Module):
    """W_2, dropout, residual, LayerNorm: (B, T, I), (B, T, D) -> (B, T, D)."""

    def __init__(self, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(config.intermediate_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, inner: Tensor, residual: Tensor) -> Tensor:
        return self.LayerNorm(self.dropout(self.dense(inner)) + residual)


class BertLayer(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.attention = BertAttention(config)
        self.intermediate = BertIntermediate(config)
        self.output = BertOutput(config)

    def forward(self, x: Tensor, pad: Optional[Tensor], want_weights: bool, weights_out: Optional[Tensor] = None,
                head_mask: Optional[Tensor] = None) -> tuple[Tensor, Optional[Tensor]]:
        a, weights = self.attention(x, pad, want_weights, weights_out, head_mask)  # (B, T, D), (B, H, T, T)
        return self.output(self.intermediate(a), a), weights


class BertEncoder(nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.layer = nn.ModuleList(BertLayer(config) for _ in range(config.num_hidden_layers))


class BertPooler(nn.Module):
    """tanh(W_p h_[CLS]): (B, T, D) -> (B, D)."""

    def __init__(self, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, hidden: Tensor) -> Tensor:
        return torch.tanh(self.dense(hidden[:, 0]))


class BertModel(nn.Module):
    """The encoder: embeddings, L layers, optionally the pooler (BertForMaskedLM checkpoints have none)."""

    def __init__(self, config: BertConfig, add_pooler: bool = True):
        super().__init__()
        self.config = config
        self.embeddings = BertEmbeddings(config)
        self.encoder = BertEncoder(config)
        self.pooler = BertPooler(config) if add_pooler else None


# ---------------------------------------------------------------------------------------------------------------
# Pre-training heads


class BertPredictionHeadTransform(nn.Module):
    """dense, activation, LayerNorm: (B, T, D) -> (B, T, D)."""

    def __init__(self, config: BertConfig):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.act = ACTIVATIONS[config.hidden_act]
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, x: Tensor) -> Tensor:
        return self.LayerNorm(self.act(self.dense(x)))


class BertLMPredictionHead(nn.Module):
    """MLM head: transform, then the decoder whose weight is the word-embedding matrix, plus a per-token bias."""

    def __init__(self, config: BertConfig):
        super().__init__()
        self.transform = BertPredictionHeadTransform(config)
        self.decoder = nn.Linear(config.hidden_size, config.vocab_size)
        self.bias = nn.Parameter(torch.zeros(config.vocab_size))
        self.decoder.bias = self.bias  # one tensor under two names, as in transformers

    def forward(self, x: Tensor) -> Tensor:  # (..., D) -> (..., V)
        return self.decoder(self.transform(x))


class BertHeads(nn.Module):
    """``cls``: ``predictions`` (MLM) and/or ``seq_relationship`` (NSP), whichever the checkpoint has."""

    def __init__(self, config: BertConfig, mlm: bool, nsp: bool):
        super().__init__()
        self.predictions = BertLMPredictionHead(config) if mlm else None
        self.seq_relationship = nn.Linear(config.hidden_size, 2) if nsp else None


class Bert(nn.Module):
    """``bert`` (the encoder) and ``cls`` (the heads), named as in BertForPreTraining.

    mlm=False, nsp=False is a bare BertModel (e.g. all-MiniLM-L6-v2); mlm=True, nsp=False, pooler=False is
    BertForMaskedLM; mlm=True, nsp=True is BertForPreTraining.
    """

    def __init__(self, config: BertConfig, mlm: bool = True, nsp: bool = True, pooler: bool = True):
        super().__init__()
        if nsp and not pooler:
            raise ValueError("the NSP head reads the pooler; a model with nsp=True needs pooler=True")
        self.config = config
        self.bert = BertModel(config, add_pooler=pooler)
        self.cls = BertHeads(config, mlm, nsp)
        self.apply(self._init_weights)
        self.tie_weights()

    @property
    def has_mlm(self) -> bool:
        return self.cls.predictions is not None

    @property
    def has_nsp(self) -> bool:
        return self.cls.seq_relationship is not None

    def tie_weights(self) -> None:
        if self.has_mlm and self.config.tie_word_embeddings:
            self.cls.predictions.decoder.weight = self.bert.embeddings.word_embeddings.weight

    def _init_weights(self, module: nn.Module) -> None:
        """BERT's initialisation (for training from scratch): normal(0, 0.02) weights, zero biases, LayerNorm 1, 0."""
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if isinstance(module, nn.Linear) and module.bias is not None:
                nn.init.zeros_(module.bias)
            if isinstance(module, nn.Embedding) and module.padding_idx is not None:
                with torch.no_grad():
                    module.weight[module.padding_idx].zero_()
        elif isinstance(module, nn.LayerNorm):
            nn.init.ones_(module.weight)
            nn.init.zeros_(module.bias)

    def _layer_head_masks(self, head_mask) -> list[Optional[Tensor]]:
        """Hugging Face's head_mask: (H,) for every layer or (L, H), 1 = keep, 0 = switch the head off; a multiplier
        on the attention probabilities, so a head at 0 adds zeros to the concatenation before W_o. Also (B, L, H),
        one mask per sequence (a head-ablation sweep), or an engine.whatif.HeadMask (its 'self' entry)."""
        return layer_head_masks(head_mask, self.config.num_hidden_layers, self.config.num_attention_heads)

    def forward(
        self,
        input_ids: Tensor,  # (B, T) token ids
        token_type_ids: Optional[Tensor] = None,  # (B, T) segment 0 / 1; zeros when None
        attention_mask: Optional[Tensor] = None,  # (B, T) 1 = real token, 0 = padding (HF convention)
        *,
        output_attentions: bool = True,  # keep (L, B, H, T, T); False uses fused attention (training)
        output_hidden_states: bool = True,  # keep (L+1, B, T, D) and the embedding parts
        mlm: bool = True,  # run the MLM head when the model has one
        mlm_positions: Optional[Tensor] = None,  # (B, T) bool: MLM logits only at these positions -> (N, V)
        nsp: bool = True,  # run the NSP head when the model has one
        head_mask: Optional[Tensor] = None,  # (H,), (L, H) or (B, L, H): multiplies each head's probabilities
    ) -> BertTrace:
        cfg = self.config
        if input_ids.dim() != 2:
            raise ValueError(f"input_ids must be (B, T), got shape {tuple(input_ids.shape)}")
        b, t = input_ids.shape
        if t > cfg.max_position_embeddings:
            raise ValueError(f"{t} tokens is more than the model's {cfg.max_position_embeddings} positions")
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        pad = attention_mask == 0  # (B, T), True = padded key
        pad = pad if bool(pad.any()) else None  # no mask at all without padding
        head_masks = self._layer_head_masks(head_mask)

        x, parts = self.bert.embeddings(input_ids, token_type_ids, keep_parts=output_hidden_states)  # (B, T, D)
        layers = self.bert.encoder.layer
        # Without autograd the softmax writes straight into one (L, B, H, T, T) buffer (no stacking copy).
        buffer = None
        if output_attentions and not torch.is_grad_enabled():
            buffer = x.new_empty(len(layers), b, cfg.num_attention_heads, t, t)
        hidden, weights = [x], []
        for i, layer in enumerate(layers):
            x, w = layer(x, pad, output_attentions, None if buffer is None else buffer[i], head_masks[i])
            hidden.append(x)  # (B, T, D)
            weights.append(w)  # (B, H, T, T) or None
        attentions = buffer if buffer is not None else torch.stack(weights) if output_attentions else None

        pooled = self.bert.pooler(x) if self.bert.pooler is not None else None  # (B, D)
        mlm_logits = nsp_logits = None
        if mlm and self.has_mlm:
            mlm_logits = self.cls.predictions(x if mlm_positions is None else x[mlm_positions])  # (B, T, V) | (N, V)
        if nsp and self.has_nsp:
            nsp_logits = self.cls.seq_relationship(pooled)  # (B, 2): 0 = IsNext, 1 = NotNext
        return BertTrace(
            input_ids=input_ids, token_type_ids=token_type_ids, attention_mask=attention_mask,
            embeddings=parts, hidden_states=torch.stack(hidden) if output_hidden_states else None,
            last_hidden_state=x, attentions=attentions, pooled=pooled,
            mlm_logits=mlm_logits, mlm_positions=mlm_positions, nsp_logits=nsp_logits,
        )


def pretraining_loss(trace: BertTrace, mlm_labels: Optional[Tensor] = None,
                     nsp_labels: Optional[Tensor] = None) -> Tensor:
    """Cross-entropy of the heads, summed, as in BERT pre-training.

    mlm_labels: (B, T) original ids at the chosen positions, -100 elsewhere (engine.bert.masking's ``labels``);
    with ``mlm_positions`` in the forward pass pass the (N,) labels of those positions instead.
    nsp_labels: (B,) 0 = IsNext, 1 = NotNext.
    """
    loss = None
    if mlm_labels is not None:
        if trace.mlm_logits is None:
            raise ValueError("the trace has no MLM logits (model without MLM head, or mlm=False)")
        logits = trace.mlm_logits
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), mlm_labels.reshape(-1), ignore_index=-100)
    if nsp_labels is not None:
        if trace.nsp_logits is None:
            raise ValueError("the trace has no NSP logits (model without NSP head, or nsp=False)")
        nsp_loss = F.cross_entropy(trace.nsp_logits, nsp_labels.reshape(-1))
        loss = nsp_loss if loss is None else loss + nsp_loss
    if loss is None:
        raise ValueError("give mlm_labels, nsp_labels or both")
    return loss
