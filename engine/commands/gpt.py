"""`python -m engine generate "prompt" --steps N [--temperature T --top-k K --seed S] [--ablate L.H,...]
[--model FOLDER] --json`
`python -m engine gpt-score "text" [--model FOLDER] --json`: each token's log-probability and the perplexity"""
from __future__ import annotations

MODEL_HELP = "a GPT model folder (config.json, vocab.txt, model.safetensors); default assets/models/gpt/"


def register(sub) -> None:
    p = sub.add_parser("generate", help="GPT next-token generation: tokens, top-k per step, causal attention")
    p.add_argument("prompt")
    p.add_argument("--steps", type=int, default=20, help="tokens to generate (default 20)")
    p.add_argument("--temperature", type=float, default=0.0, help="0 = greedy (default); e.g. 0.8 samples")
    p.add_argument("--top-k", type=int, default=0, help="sample only among the k most probable (0 = all)")
    p.add_argument("--seed", type=int, default=0, help="random seed of the sampling")
    p.add_argument("--show", type=int, default=10, help="candidates listed per step (default 10)")
    p.add_argument("--ablate", default=None, metavar="L.H,...",
                   help="switch heads off, 1-based: L.H[,L.H...], L.* for a whole layer, e.g. 1.2,3.*")
    p.add_argument("--model", default=None, help=MODEL_HELP)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)

    s = sub.add_parser("gpt-score", help="GPT log-probability of each token of a text, and its perplexity")
    s.add_argument("text")
    s.add_argument("--model", default=None, help=MODEL_HELP)
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(run=run_score)


def load(model_arg):
    """The bundle for --model, or the shipped model; a clear message when there is none."""
    from pathlib import Path

    from engine.cli import EngineInputError
    from engine.gpt.load import ModelLoadError, default_model_folder, load_gpt

    folder = Path(model_arg) if model_arg else default_model_folder()
    try:
        return load_gpt(folder)
    except ModelLoadError as exc:
        hint = "" if model_arg else " (train it with: python -m engine.train.gpt)"
        raise EngineInputError(f"{exc}{hint}") from None


def make_stepper(bundle, prompt: str, temperature: float = 0.0, top_k: int = 0, seed: int = 0, show: int = 10,
                 head_mask=None):
    """A stepper over the prompt; the banned_ids are never chosen; head_mask: heads switched off (engine.whatif)."""
    from engine.cli import EngineInputError
    from engine.gpt.load import EmptyPromptError
    from engine.gpt.stepper import GPTStepper, Sampling

    try:
        ids, _, truncated = bundle.encode(prompt)
        sampling = Sampling(temperature=float(temperature), top_k=int(top_k), seed=int(seed))
    except (EmptyPromptError, ValueError) as exc:
        raise EngineInputError(str(exc)) from None
    if not 1 <= show <= 100:
        raise EngineInputError(f"--show must be from 1 to 100, got {show}")
    stepper = GPTStepper(bundle.model, ids, bundle.token, sampling, top_k=show, banned_ids=banned_ids(bundle),
                         head_mask=head_mask)
    return stepper, truncated


def banned_ids(bundle) -> list[int]:
    """Model ids never chosen: [UNK] (every piece outside the model's vocabulary), and [PAD], [SEP], [MASK], which
    never occur in the training text."""
    found = (bundle.tokenizer.token_to_id(t) for t in ("[PAD]", "[SEP]", "[MASK]"))
    return sorted({bundle.unk_id} | {int(bundle.model_ids[i]) for i in found if i is not None})


def generate(bundle, prompt: str, steps: int = 20, temperature: float = 0.0, top_k: int = 0, seed: int = 0,
             show: int = 10, head_mask=None) -> dict:
    """The whole generation with its traces as plain data (used by the CLI and by tests); head_mask: heads off."""
    from engine.cli import EngineInputError

    if not 0 <= steps <= 1000:
        raise EngineInputError(f"--steps must be from 0 to 1000, got {steps}")
    stepper, truncated = make_stepper(bundle, prompt, temperature, top_k, seed, show, head_mask)
    prompt_tokens = stepper.tokens
    done = stepper.run_to_end(steps)
    return {
        "model": bundle.name, "prompt_tokens": prompt_tokens, "truncated": truncated,
        **({} if head_mask is None else {"ablated": head_mask.spec()}),
        "sampling": {"temperature": temperature, "top_k": top_k, "seed": seed},
        "tokens": [s.token for s in done], "text": bundle.decode(stepper.ids),
        "window_full": stepper.finished and len(done) < steps,
        "steps": [{"token": s.token, "log_prob": s.log_prob,
                   "top_k": [{"token": t, "prob": float(p), "model_prob": float(m)}
                             for t, p, m in zip(s.topk_tokens, s.topk_probs, s.model_probs)]} for s in done],
        "attentions": [s.attention for s in done],  # per step (L, H, t): the row of the last context token
        "attention": stepper.peek().attention,  # (L, H, T, T) final context
    }


def run(args) -> int:
    from engine.cli import emit

    from engine.whatif import mask_for

    bundle = load(args.model)
    mask = mask_for(bundle.model, args.ablate)
    result = generate(bundle, args.prompt, args.steps, args.temperature, args.top_k, args.seed, args.show, mask)
    note = [] if mask is None else [f"(heads switched off: {mask.spec()})"]
    emit(result, args.json, "\n".join([result["text"]] + note))
    return 0


def score(bundle, text: str) -> dict:
    """tokens, log_probs (natural log, one per token), perplexity, unk_tokens, truncated: plain data."""
    from engine.cli import EngineInputError
    from engine.gpt.load import EmptyPromptError
    from engine.gpt.score import score_text

    try:
        result = score_text(bundle, text)
    except EmptyPromptError as exc:
        raise EngineInputError(str(exc)) from None
    return {"model": bundle.name, "tokens": list(result.tokens), "log_probs": [float(v) for v in result.log_probs],
            "perplexity": result.perplexity, "unk_tokens": result.unk_tokens, "truncated": result.truncated}


def run_score(args) -> int:
    from engine.cli import emit

    result = score(load(args.model), args.text)
    lines = [f"{t}\t{lp:.3f}" for t, lp in zip(result["tokens"], result["log_probs"])]
    emit(result, args.json, "\n".join(lines + [f"perplexity {result['perplexity']:.2f}"]))
    return 0
