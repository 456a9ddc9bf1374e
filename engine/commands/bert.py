"""BERT from the command line (each with --model FOLDER, default assets/models/bert/, and --json):

    python -m engine mlm "The capital of France is [MASK]." --top-k 10 --json
    python -m engine nsp "He went to the store." "He bought some milk." --json
    python -m engine bert-attention "The cat sat on the mat." [--pair "second sentence"] --json
Each takes --ablate L.H[,L.H...] (1-based, L.* = a whole layer): those heads switched off (engine.whatif).
"""
from __future__ import annotations

MODEL_HELP = "a BERT model folder (config.json, vocab.txt, model.safetensors); default assets/models/bert/"
ABLATE_HELP = "switch heads off, 1-based: L.H[,L.H...], L.* for a whole layer, e.g. 1.2,3.*"


def register(sub) -> None:
    p = sub.add_parser("mlm", help="BERT masked-word prediction: top-k tokens for every [MASK]")
    p.add_argument("text", help='text with one or more [MASK], e.g. "The capital of France is [MASK]."')
    p.add_argument("--top-k", type=int, default=10, help="candidates per [MASK] (default 10)")
    p.add_argument("--model", default=None, help=MODEL_HELP)
    p.add_argument("--ablate", default=None, metavar="L.H,...", help=ABLATE_HELP)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_mlm)

    p = sub.add_parser("nsp", help="BERT next-sentence prediction: does B follow A?")
    p.add_argument("a", help="sentence A")
    p.add_argument("b", help="sentence B")
    p.add_argument("--model", default=None, help=MODEL_HELP)
    p.add_argument("--ablate", default=None, metavar="L.H,...", help=ABLATE_HELP)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_nsp)

    p = sub.add_parser("bert-attention", help="BERT attention of every layer and head, hidden states, embeddings")
    p.add_argument("text")
    p.add_argument("--pair", default=None, help="a second sentence (segment B)")
    p.add_argument("--model", default=None, help=MODEL_HELP)
    p.add_argument("--ablate", default=None, metavar="L.H,...", help=ABLATE_HELP)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_attention)


def load(model_arg):
    """The bundle for --model, or the shipped model; a clear message when there is none."""
    from pathlib import Path

    from engine.bert import default_model_folder, load_bert
    from engine.cli import EngineInputError

    folder = Path(model_arg) if model_arg else default_model_folder()
    if model_arg is None and not (folder / "config.json").is_file():
        raise EngineInputError(f"no BERT model in {folder} yet; pass --model FOLDER (a BERT folder with "
                               "config.json, vocab.txt and model.safetensors or pytorch_model.bin)")
    return load_bert(folder)


def mask_for(bundle, spec):
    """--ablate for this model: None when not given; a bad list is an EngineInputError (exit 2)."""
    from engine.whatif import mask_for as parse

    return parse(bundle.model, spec)


def ablated(mask) -> dict:
    """The JSON field of a command run with --ablate: the heads switched off, as the canonical 1-based list."""
    return {} if mask is None else {"ablated": mask.spec()}


def ablated_note(mask) -> list[str]:
    return [] if mask is None else [f"(heads switched off: {mask.spec() or 'none'})"]


def run_mlm(args) -> int:
    from engine.bert import predict_masked
    from engine.cli import emit

    bundle = load(args.model)
    mask = mask_for(bundle, args.ablate)
    r = predict_masked(bundle, args.text, args.top_k, head_mask=mask)
    result = {
        "model": bundle.name, "tokens": r.tokens, "truncated": r.truncated, **ablated(mask),
        "masks": [{"position": int(pos), "tokens": toks, "ids": ids, "probs": probs}
                  for pos, toks, ids, probs in zip(r.mask_positions, r.top_tokens, r.top_ids, r.top_probs)],
    }
    lines = [f"[MASK] at {int(pos)}: " + ", ".join(f"{t} {p:.3f}" for t, p in zip(toks, probs))
             for pos, toks, probs in zip(r.mask_positions, r.top_tokens, r.top_probs)]
    if r.truncated:
        lines.append(f"(the text was cut to {len(r.tokens)} tokens)")
    emit(result, args.json, "\n".join(lines + ablated_note(mask)))
    return 0


def run_nsp(args) -> int:
    from engine.bert import next_sentence
    from engine.cli import emit

    bundle = load(args.model)
    mask = mask_for(bundle, args.ablate)
    r = next_sentence(bundle, args.a, args.b, head_mask=mask)
    result = {"model": bundle.name, "is_next_prob": r.is_next_prob, "logits": r.logits, "tokens": r.tokens,
              "token_type_ids": r.token_type_ids, "truncated": r.truncated, **ablated(mask)}
    verdict = "IsNext" if r.is_next_prob >= 0.5 else "NotNext"
    text = f"{verdict}: P(IsNext) = {r.is_next_prob:.3f}" + (" (cut)" if r.truncated else "")
    emit(result, args.json, "\n".join([text] + ablated_note(mask)))
    return 0


def run_attention(args) -> int:
    from engine.bert import attention
    from engine.cli import emit

    bundle = load(args.model)
    mask = mask_for(bundle, args.ablate)
    r = attention(bundle, args.text, args.pair, head_mask=mask)
    result = {"model": bundle.name, "tokens": r.tokens, "token_type_ids": r.token_type_ids,
              "truncated": r.truncated, "attentions": r.attentions, **ablated(mask)}  # (L, H, T, T)
    n_layers, n_heads, t, _ = r.attentions.shape
    text = (f"{t} tokens: {' '.join(r.tokens)}\n{n_layers} layers x {n_heads} heads of {t} x {t} attention "
            "(use --json for numbers)")
    emit(result, args.json, "\n".join([text] + ablated_note(mask)))
    return 0
