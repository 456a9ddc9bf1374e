"""`python -m engine head-importance --model {bert,gpt,transformer} TEXT [--json]`: switch each attention head off
alone and print how much the model's quantity changes (ablated - full; negative = the head helped).

    python -m engine head-importance --model bert "The capital of France is [MASK]."     log P(top guess at [MASK])
    python -m engine head-importance --model bert "He went to the store." --pair "He bought milk."   log P(IsNext)
    python -m engine head-importance --model gpt "The game was released in" [--next the]   log P(next token)
    python -m engine head-importance --model transformer "나는 학교에 간다" [--folder en-es]   log P(translation)
"""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("head-importance",
                       help="switch each attention head off alone; the change of log P (negative = the head helped)")
    p.add_argument("text", help="BERT: a text with [MASK] (or sentence A with --pair); GPT: the prompt; "
                                "Transformer: the source sentence")
    p.add_argument("--model", required=True, choices=("bert", "gpt", "transformer"), help="which model family")
    p.add_argument("--folder", default=None,
                   help="a model folder (default: the shipped one); for the Transformer also en-es or ko-en "
                        "(default ko-en)")
    p.add_argument("--pair", default=None, help="BERT: sentence B; the measure is then log P(IsNext)")
    p.add_argument("--next", default=None, dest="next_token",
                   help="GPT: the next token to measure (a vocabulary piece; default the greedy one)")
    p.add_argument("--max-len", type=int, default=80, help="Transformer: the longest greedy translation")
    p.add_argument("--top", type=int, default=10, help="heads listed as the most important (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def importance(args):
    """The HeadImportance for parsed arguments (the model loaded as the family's own commands load it)."""
    from engine.cli import EngineInputError
    from engine import whatif

    if args.pair is not None and args.model != "bert":
        raise EngineInputError("--pair is for --model bert (next-sentence prediction)")
    if args.next_token is not None and args.model != "gpt":
        raise EngineInputError("--next is for --model gpt")
    if args.model == "bert":
        from engine.commands.bert import load

        return whatif.bert_head_importance(load(args.folder), args.text, args.pair)
    if args.model == "gpt":
        from engine.commands.gpt import load

        return whatif.gpt_head_importance(load(args.folder), args.text, args.next_token)
    from engine.transformer.load import load_translation_model, model_folder

    if not 1 <= args.max_len <= 512:
        raise EngineInputError(f"--max-len must be from 1 to 512, got {args.max_len}")
    bundle = load_translation_model(model_folder(args.folder or "ko-en"))
    return whatif.transformer_head_importance(bundle, args.text, max_len=args.max_len)


def label(kind: str, layer: int, head: int, several: bool) -> str:
    """1-based, as --ablate reads it: '6.6', 'cross:1.1'."""
    return f"{kind + ':' if several else ''}{layer + 1}.{head + 1}"


def table(matrix) -> list[str]:
    layers, heads = matrix.shape
    lines = ["layer " + "".join(f"{'h' + str(h + 1):>8}" for h in range(heads))]
    lines += [f"{l + 1:>5} " + "".join(f"{matrix[l, h]:>+8.3f}" for h in range(heads)) for l in range(layers)]
    return lines


def run(args) -> int:
    from engine.cli import EngineInputError, emit
    from engine.whatif import KIND_NAMES

    if args.top < 0:
        raise EngineInputError(f"--top must be 0 or more, got {args.top}")
    r = importance(args)
    several = len(r.changes) > 1
    top = [{"head": label(k, l, h, several), "kind": k, "layer": l + 1, "head_index": h + 1, "change": c}
           for k, l, h, c in r.ranked(args.top)]
    result = {"model": args.model, "measure": r.measure, "description": r.description, "value": r.value,
              "tokens": list(r.tokens), "target": list(r.target), "truncated": r.truncated,
              "shape": {k: list(m.shape) for k, m in r.changes.items()},
              "changes": dict(r.changes),  # kind -> (layers, heads), 0-based indices, ablated - full
              "top": top, "seconds": r.seconds}
    lines = [f"{r.description} = {r.value:.4f} with every head on",
             f"change when that head alone is off (ablated - full; negative = the head helped), "
             f"{sum(m.size for m in r.changes.values())} heads in {r.seconds:.2f} s:"]
    for kind, matrix in r.changes.items():
        if several:
            lines.append(f"{kind}: {KIND_NAMES[kind]}")
        lines += table(matrix)
    if top:
        lines.append("largest changes: " + ", ".join(f"{t['head']} {t['change']:+.3f}" for t in top))
    emit(result, args.json, "\n".join(lines))
    return 0
