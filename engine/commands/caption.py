"""`python -m engine caption IMAGE [--grid 7|14] [--beam K] --json`: caption a picture, one attention grid per word.

--model takes a captioner folder (default: the shipped one in assets/models/caption/decoder).
"""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("caption", help="caption a picture with the Show-Attend-Tell captioner (attention per word)")
    p.add_argument("image", help="picture file (PNG, JPEG, WebP, BMP, GIF, TIFF ...)")
    p.add_argument("--grid", type=int, choices=(7, 14), default=7,
                   help="feature grid: 7 (7 x 7 cells, 224 px) or 14 (14 x 14 cells, 448 px)")
    p.add_argument("--beam", type=int, default=1, help="beam width 1..10 (1 = greedy, with top-k per word)")
    p.add_argument("--model", default=None, help="captioner folder with config.json, model.safetensors, vocab.json")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_caption)


def run_caption(args) -> int:
    from engine.caption.image import load_image
    from engine.caption.load import DECODER_DIR, load_captioner
    from engine.caption.stepper import CaptionStepper, beam_caption, image_features
    from engine.cli import emit

    image = load_image(args.image)  # ImageInputError (a ValueError) -> exit 2 with its reason
    bundle = load_captioner(args.model or DECODER_DIR)
    feats = image_features(bundle, image.rgb, args.grid)
    result = {"image": image.name, "image_size": [int(image.rgb.shape[1]), int(image.rgb.shape[0])],
              "source_format": image.source_format, "source_mode": image.source_mode,
              "exif_rotated": image.rotated, "grid": feats.grid, "cnn_input_px": feats.side, "beam": args.beam}
    if args.beam == 1:
        stepper = CaptionStepper(bundle, feats)
        steps = stepper.run_to_end()
        result.update({
            "words": stepper.words, "caption": stepper.caption,
            "attention": [s.attention for s in steps if s.token_id != bundle.config.eos_id],
            "word_probs": [s.word_prob for s in steps if s.token_id != bundle.config.eos_id],
            "top_k": [{"words": s.top_words, "probs": s.top_probs} for s in steps],
            "log_prob": steps[-1].log_prob if steps else 0.0})
    else:
        beam = beam_caption(bundle, feats, width=args.beam)
        result.update({"words": beam.words, "caption": " ".join(beam.words), "attention": beam.attention,
                       "log_prob": beam.score, "normalized_score": beam.normalized_score})
    result["vocabulary"] = bundle.content_words
    emit(result, args.json, f"{result['caption']}  [{feats.grid}x{feats.grid} grid]")
    return 0
