"""`python -m engine train-live --task reverse --attention additive --seconds 60 --seed 0 --json`

Trains a small model live (engine/train/live.py) and prints the held-out exact match, the alignment mass, the accuracy
by input length, the history of snapshots (numbers only) and the settings. `--attention none` trains the plain GRU
encoder-decoder; `--model transformer` a small Transformer; `--steps N` is a budget that gives the same figures on
every run with the same seed (one thread).
"""
from __future__ import annotations

TASK_CHOICES = ("copy", "reverse", "sort", "date", "en-es")


def register(sub) -> None:
    p = sub.add_parser("train-live", help="train a small attention model live (copy, reverse, sort, date, en-es)")
    p.add_argument("--task", default="reverse", help="copy | reverse | sort | date | en-es (default reverse)")
    p.add_argument("--model", default="gru", help="gru | transformer (default gru)")
    p.add_argument("--attention", default=None,
                   help="GRU attention: none | dot | general | additive (default additive); the Transformer's is "
                        "multihead")
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--seconds", type=float, default=None, help="training time budget (default 60)")
    budget.add_argument("--steps", type=int, default=None, help="optimizer steps budget (reproducible)")
    p.add_argument("--every", type=float, default=None,
                   help="a snapshot every this many seconds (or steps with --steps); default a twentieth of the budget")
    p.add_argument("--hidden", type=int, default=None, help="hidden size 1..1024 (default 96)")
    p.add_argument("--emb", type=int, default=None, help="GRU embedding size (default min(hidden, 32))")
    p.add_argument("--lr", type=float, default=None, help="Adam learning rate in (0, 1] (default 0.002)")
    p.add_argument("--decay-after", type=int, default=None,
                   help="from this step on the rate is lr * sqrt(decay-after / step); 0 = constant (default 300)")
    p.add_argument("--batch", type=int, default=None, help="batch size (default 64)")
    p.add_argument("--min-len", type=int, default=None, help="shortest source (default 4)")
    p.add_argument("--max-len", type=int, default=None, help="longest source (default 14)")
    p.add_argument("--symbols", type=int, default=None, help="alphabet size of copy/reverse/sort, 2..26 (default 20)")
    p.add_argument("--layers", type=int, default=None, help="Transformer layers per stack (default 1)")
    p.add_argument("--seed", type=int, default=0, help="seed of data and weights (default 0)")
    p.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    p.add_argument("--probe", default=None, help="input whose attention matrix is reported (default: the task's)")
    p.add_argument("--save", default=None, metavar="FOLDER", help="write the model, config and history there")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def run(args) -> int:
    import time

    from engine.cli import EngineInputError, emit
    from engine.train.live import LiveConfig, LiveTrainer

    settings = {k: v for k, v in (("task", args.task), ("model", args.model), ("attention", args.attention),
                                  ("hidden", args.hidden), ("emb", args.emb), ("lr", args.lr),
                                  ("decay_after", args.decay_after), ("batch", args.batch),
                                  ("min_len", args.min_len), ("max_len", args.max_len),
                                  ("symbols", args.symbols), ("layers", args.layers), ("seed", args.seed),
                                  ("threads", args.threads)) if v is not None}
    if args.seconds is not None and not 0 < args.seconds <= 24 * 3600:
        raise EngineInputError(f"--seconds must be more than 0 and at most a day, not {args.seconds}")
    if args.steps is not None and not 0 < args.steps <= 10_000_000:
        raise EngineInputError(f"--steps must be from 1 to 10000000, not {args.steps}")
    if args.every is not None and not args.every > 0:
        raise EngineInputError(f"--every must be more than 0, not {args.every}")
    config = LiveConfig(**settings)  # ValueError -> 'error: ...', exit 2

    import torch

    torch.set_num_threads(config.threads)
    start = time.perf_counter()
    trainer = LiveTrainer(config)
    if args.probe is not None:
        trainer.set_probe(args.probe)
    trainer.history.append(trainer.evaluate())
    if args.steps is not None:
        chunk = int(args.every) if args.every else max(1, args.steps // 20)
        while trainer.step < args.steps:
            trainer.train_for(steps=min(max(1, chunk), args.steps - trainer.step))
    else:
        seconds = 60.0 if args.seconds is None else args.seconds
        chunk = args.every or max(0.05, seconds / 20)
        while trainer.seconds < seconds:
            trainer.train_for(seconds=min(chunk, seconds - trainer.seconds))
    wall = time.perf_counter() - start
    last = trainer.history[-1]
    saved = str(trainer.save(args.save)) if args.save else None
    result = {
        "task": config.task, "model": config.model, "attention": config.attention,
        "exact": last.exact, "alignment_mass": last.alignment_mass,
        "accuracy_by_length": {int(k): v for k, v in last.accuracy_by_length.items()},
        "heldout_loss": last.heldout_loss, "token_accuracy": last.token_accuracy,
        "steps": trainer.step, "seconds": round(trainer.seconds, 3), "wall_seconds": round(wall, 3),
        "steps_per_second": round(trainer.step / trainer.seconds, 2) if trainer.seconds else None,
        "heldout_examples": len(trainer.heldout),
        "settings": config.to_dict(),
        "probe": {"source": list(last.probe_source), "output": list(last.probe_output),
                  "attention": last.attention},
        "history": [s.to_dict(matrices=False) for s in trainer.history],
        "saved": saved,
    }
    lines = [f"{'step':>6} {'seconds':>8} {'train loss':>10} {'held-out loss':>13} {'exact':>6} {'alignment':>9}"]
    for s in trainer.history:
        lines.append(f"{s.step:6d} {s.seconds:8.1f} {'' if s.train_loss is None else f'{s.train_loss:.3f}':>10} "
                     f"{s.heldout_loss:13.3f} {s.exact:6.1%} "
                     f"{'-' if s.alignment_mass is None else f'{s.alignment_mass:.2f}':>9}")
    lines.append(f"{config.task}, {config.model} ({config.attention}): exact {last.exact:.1%} after {trainer.step} "
                 f"steps, {trainer.seconds:.1f} s ({result['steps_per_second']} steps/s); probe "
                 f"{trainer.task.text(last.probe_source)!r} -> {trainer.task.text(t for t in last.probe_output if t != '</s>')!r}"
                 + (f"; saved to {saved}" if saved else ""))
    emit(result, args.json, "\n".join(lines))
    return 0
