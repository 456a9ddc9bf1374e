"""`python -m engine transformer --model {en-es,ko-en} "sentence" [--beam K] [--ablate enc:1.2,cross:2.*] --json`"""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("transformer", help="translate with the Transformer; every attention map")
    p.add_argument("sentence")
    p.add_argument("--model", default="ko-en", help="en-es, ko-en, or a model folder")
    p.add_argument("--beam", type=int, default=0, help="beam width 1..10 (0 = greedy stepping)")
    p.add_argument("--max-len", type=int, default=80)
    p.add_argument("--ablate", default=None, metavar="KIND:L.H,...",
                   help="switch heads off, 1-based, each item enc:, dec: or cross: then L.H or L.* (a whole "
                        "layer), e.g. enc:1.2,cross:2.*")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run)


def translate(bundle, sentence: str, beam: int = 0, max_len: int = 80, head_mask=None) -> dict:
    """The whole translation with its traces as plain data (used by the CLI and by tests); head_mask: heads off
    (engine.whatif.HeadMask, kinds enc / dec / cross)."""
    import numpy as np

    from engine.transformer.stepper import TransformerStepper, beam_search

    ids, tokens, truncated = bundle.encode_source(sentence)
    stepper = TransformerStepper(bundle.model, ids, tokens, bundle.target_token, bundle.bos_id, bundle.eos_id,
                                 max_len=max_len, truncated=truncated, head_mask=head_mask)
    steps = stepper.run_to_end()
    result = {
        "model": bundle.name, "source_tokens": tokens, "truncated": truncated,
        **({} if head_mask is None else {"ablated": head_mask.spec()}),
        "output_tokens": [s.token for s in steps],
        "translation": bundle.detokenize([s.token_id for s in steps]),
        "log_prob": steps[-1].log_prob if steps else 0.0,
        "encoder_self_attention": stepper.source.self_attention,  # (L, H, S, S)
        "decoder_self_attention": [s.self_attention for s in steps],  # T x (L, H, t+1)
        "cross_attention": np.stack([s.cross_attention for s in steps]) if steps else [],  # (T, L, H, S)
        "top_k": [{"tokens": list(s.topk_tokens), "probs": s.topk_probs} for s in steps],
    }
    if beam:
        b = beam_search(bundle.model, ids, bundle.target_token, bundle.bos_id, bundle.eos_id, beam, max_len,
                        head_mask=head_mask)
        result["beam"] = {"width": beam, "translation": bundle.detokenize(b.best_ids),
                          "nodes": list(b.nodes), "best_path": list(b.best_path)}
    return result


def run(args) -> int:
    from engine.cli import emit
    from engine.transformer.load import load_translation_model, model_folder

    from engine.whatif import mask_for

    bundle = load_translation_model(model_folder(args.model))
    mask = mask_for(bundle.model, args.ablate)
    result = translate(bundle, args.sentence, args.beam, args.max_len, mask)
    text = result["translation"] + (f"\n(beam {args.beam}) {result['beam']['translation']}" if args.beam else "")
    text += "" if mask is None else f"\n(heads switched off: {mask.spec()})"
    emit(result, args.json, text)
    return 0
