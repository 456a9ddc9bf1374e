"""`python -m engine translate --model additive [--beam K] "We are eating bread." --json`
`python -m engine gates --model plain "We are eating bread." --json`

--model takes a shipped model name (plain, dot, general, additive) or a model folder path.
"""
from __future__ import annotations


def _common(p) -> None:
    p.add_argument("sentence", help="English sentence")
    p.add_argument("--model", default="additive",
                   help="plain | dot | general | additive, or a folder with config.json and model.safetensors")
    p.add_argument("--max-len", type=int, default=None, help="most target tokens to produce")
    p.add_argument("--json", action="store_true", help="print JSON")


def register(sub) -> None:
    p = sub.add_parser("translate", help="English -> Spanish with a GRU seq2seq model (attention matrix, scores)")
    _common(p)
    p.add_argument("--beam", type=int, default=1, help="beam width 1..10 (1 = greedy)")
    p.set_defaults(run=run_translate)
    g = sub.add_parser("gates", help="GRU gates r, z, candidate n and state h per step, encoder and decoder")
    _common(g)
    g.set_defaults(run=run_gates)


def run_translate(args) -> int:
    from engine.cli import emit
    from engine.seq2seq.load import load_seq2seq
    from engine.seq2seq.stepper import Seq2SeqStepper, beam_search

    bundle = load_seq2seq(args.model)
    if args.beam == 1:
        stepper = Seq2SeqStepper(bundle, args.sentence, max_len=args.max_len)
        steps = stepper.run_to_end()
        result = {
            "model": bundle.name, "attention_type": bundle.attention, "beam": 1,
            "source_tokens": stepper.source_tokens, "truncated": stepper.truncated,
            "output_tokens": stepper.target_tokens, "output_ids": stepper.target_ids,
            "translation": stepper.translation,
            "attention": stepper.attention_matrix(),
            "token_probs": [s.token_prob for s in steps],
            "log_prob": steps[-1].log_prob if steps else 0.0,
            "top_k": [{"tokens": s.top_tokens, "probs": s.top_probs} for s in steps],
        }
    else:
        beam = beam_search(bundle, args.sentence, width=args.beam, max_len=args.max_len)
        src_ids, src_tokens, _, _ = bundle.encode_source(args.sentence)
        result = {
            "model": bundle.name, "attention_type": bundle.attention, "beam": beam.width,
            "source_tokens": src_tokens, "truncated": beam.truncated,
            "output_tokens": beam.tokens, "output_ids": beam.token_ids, "translation": beam.translation,
            "attention": beam.attention, "log_prob": beam.score, "normalized_score": beam.normalized_score,
            "hypotheses": len(beam.nodes),
        }
    text = result["translation"] + ("  [input truncated]" if result["truncated"] else "")
    emit(result, args.json, text)
    return 0


def run_gates(args) -> int:
    from engine.cli import emit
    from engine.seq2seq.load import load_seq2seq
    from engine.seq2seq.stepper import Seq2SeqStepper

    bundle = load_seq2seq(args.model)
    stepper = Seq2SeqStepper(bundle, args.sentence, max_len=args.max_len)
    steps = stepper.run_to_end()
    enc = stepper.encoder
    result = {
        "model": bundle.name, "attention_type": bundle.attention, "hidden_size": bundle.config.hidden,
        "formula": {"r": "sigma(W_ir x + b_ir + W_hr h + b_hr)", "z": "sigma(W_iz x + b_iz + W_hz h + b_hz)",
                    "n": "tanh(W_in x + b_in + r * (W_hn h + b_hn))", "h": "(1 - z) * n + z * h_prev"},
        "source_tokens": enc.tokens, "truncated": enc.truncated,
        "encoder": {"r": enc.r, "z": enc.z, "n": enc.n, "h": enc.outputs},
        "output_tokens": [s.token for s in steps], "translation": stepper.translation,
        "decoder": {"r": [s.r for s in steps], "z": [s.z for s in steps], "n": [s.n for s in steps],
                    "h": [s.h for s in steps]},
    }
    text = (f"{bundle.name}: {len(enc.tokens)} source steps, {len(steps)} decoder steps, hidden {bundle.config.hidden}; "
            f"translation: {stepper.translation} (use --json for the gates)")
    emit(result, args.json, text)
    return 0
