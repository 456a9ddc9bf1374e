"""`python -m engine pe --positions 64 --dim 128 --json`"""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("pe", help="sinusoidal positional encoding matrix")
    p.add_argument("--positions", type=int, default=64, help="number of positions (1..4096)")
    p.add_argument("--dim", type=int, default=128, help="model dimension d (even, 2..1024)")
    p.add_argument("--similarity", action="store_true", help="also print the position-similarity matrix")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def run(args) -> int:
    from engine.cli import emit
    from engine.positional import positional_trace

    trace = positional_trace(args.positions, args.dim)
    result = {
        "positions": args.positions,
        "dim": args.dim,
        "formula": "PE(pos,2i)=sin(pos/10000^(2i/d)), PE(pos,2i+1)=cos(pos/10000^(2i/d))",
        "encoding": trace.encoding,
        "wavelengths": trace.wavelengths,
    }
    if args.similarity:
        result["similarity"] = trace.similarity
    text = f"PE matrix {trace.encoding.shape[0]} x {trace.encoding.shape[1]}; shortest wavelength " \
           f"{trace.wavelengths[0]:.3f}, longest {trace.wavelengths[-1]:.1f} positions (use --json for numbers)"
    emit(result, args.json, text)
    return 0
