"""Qt-free work of the Image Captioning lab: the workers' functions (run through desktop_app.workers.run_task), the
step controller's apply function and view state, and the numpy drawing of attention over a picture.

torch and the engine's captioner are imported inside the functions, so opening the app never pays for them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import numpy as np

from engine.stepping import apply_moves

ENV_MODEL = "ATTENTION_LAB_CAPTION_MODEL"  # another captioner folder (tests, a user's own model)
THUMB = 72  # thumbnail side in pixels


def model_folder() -> Path:
    from engine.caption.load import DECODER_DIR

    return Path(os.environ[ENV_MODEL]) if os.environ.get(ENV_MODEL) else DECODER_DIR


def load_bundle(folder: Path, *, progress, is_cancelled):
    """-> engine.caption.load.CaptionBundle (decoder + CNN), or CaptionLoadError."""
    progress(0.1, "")
    from engine.caption.load import load_captioner

    return load_captioner(folder)


@dataclass(frozen=True)
class PreparedImage:
    name: str
    rgb: np.ndarray  # (H, W, 3) uint8 as loaded (upright)
    display: np.ndarray  # (h, w, 3) uint8, shrunk to at most 640 px for drawing
    thumb_base: np.ndarray  # (THUMB, THUMB, 3) uint8, the picture squeezed for the per-word thumbnails
    features: Any  # engine.caption.stepper.ImageFeatures
    stepper: Any  # engine.caption.stepper.CaptionStepper, not stepped yet
    source_format: str
    source_mode: str
    source_size: tuple[int, int]
    rotated: bool


def shrink(rgb: np.ndarray, longest: int) -> np.ndarray:
    from PIL import Image

    h, w = rgb.shape[:2]
    if max(h, w) <= longest:
        return rgb
    img = Image.fromarray(rgb)
    img.thumbnail((longest, longest), Image.LANCZOS)
    return np.asarray(img, dtype=np.uint8).copy()


def prepare_image(bundle, source: Union[str, Path, bytes], grid: int, name: Optional[str] = None,
                  steps: Union[int, str] = 0, *, progress, is_cancelled) -> PreparedImage:
    """Decode the picture (a path or encoded bytes), run the CNN once at the grid's size, make a stepper and take
    `steps` steps with it ("end": the whole caption), so a grid switch or a lesson lands where it was asked to."""
    from engine.caption.image import load_image, load_image_bytes
    from engine.caption.stepper import CaptionStepper, image_features

    progress(0.1, "")
    image = load_image_bytes(source, name or "pasted image") if isinstance(source, (bytes, bytearray)) \
        else load_image(source)
    if is_cancelled():
        return None
    progress(0.4, "")
    features = image_features(bundle, image.rgb, grid)
    stepper = CaptionStepper(bundle, features)
    apply_moves(stepper, go_to_moves(steps))
    display = shrink(image.rgb, 640)
    return PreparedImage(name=image.name, rgb=image.rgb, display=display, thumb_base=squeeze(display, THUMB),
                         features=features,
                         stepper=stepper, source_format=image.source_format, source_mode=image.source_mode,
                         source_size=image.source_size, rotated=image.rotated)


def go_to_moves(steps: Union[int, str]) -> list[tuple]:
    """The moves from the first step to `steps` steps ("end": until </s>), as the step controller's go_to sends."""
    return [("end",)] if steps == "end" else [("step",)] * max(0, int(steps))


def sample_thumbnail(path: Path, side: int) -> np.ndarray:
    """A sample picture shrunk to fit side x side, (h, w, 3) uint8, for its button."""
    from PIL import Image

    with Image.open(path) as im:
        im = im.convert("RGB")
        im.thumbnail((side, side))
        return np.asarray(im, dtype=np.uint8).copy()


# ---- stepping (the step controller's session is the prepared picture's CaptionStepper) ------------------------------


@dataclass(frozen=True)
class CaptionView:
    """What the views draw after a batch of moves: the steps so far (frozen CaptionSteps, shared, never copied)."""

    steps: tuple  # engine.caption.stepper.CaptionStep, oldest first
    n_steps: int
    finished: bool
    caption: str  # the words so far, </s> excluded


def caption_view(stepper) -> CaptionView:
    steps = stepper.steps
    return CaptionView(steps=steps, n_steps=len(steps), finished=stepper.finished, caption=stepper.caption)


def apply_caption_moves(stepper, moves: Sequence[tuple], *, progress=None, is_cancelled=None) -> CaptionView:
    """StepController's apply: step / back / reset / end / force on the stepper, then the new view state."""
    unknown = apply_moves(stepper, moves)
    if unknown:
        raise ValueError(f"the caption lab has no move {unknown[0]!r}")
    return caption_view(stepper)


def step_shown(view: Optional[CaptionView], selected: Optional[int]):
    """The step the views show: the selected word (clamped to the steps there are), else the latest; None if none."""
    if view is None or not view.steps:
        return None
    index = len(view.steps) - 1 if selected is None else min(max(0, selected), len(view.steps) - 1)
    return view.steps[index]


def force_moves(view: CaptionView, index: int, token_id: int) -> list[tuple]:
    """Write `token_id` as word `index` instead: take back the words from there on, then force it."""
    return [("back",)] * (view.n_steps - index) + [("force", int(token_id))]


def last_named_object(view: CaptionView) -> Optional[int]:
    """Index of the caption's last photo word or shape (what a screenshot selects), or None."""
    from engine.caption.scenes import PHOTO_WORDS, SHAPES

    named = [s.index for s in view.steps if s.word in PHOTO_WORDS + SHAPES]
    return named[-1] if named else None


def caption_html(view: Optional[CaptionView], current_index: Optional[int]) -> str:
    """The caption so far as rich text: the shown word bold and underlined, an ellipsis while it goes on."""
    if view is None:
        return ""
    parts = []
    for s in view.steps:
        word = "&lt;/s&gt;" if s.word == "</s>" else s.word
        parts.append(f"<b><u>{word}</u></b>" if s.index == current_index else word)
    if not view.finished:
        parts.append("<span style='color:#999'>…</span>")
    return " ".join(parts)


def beam(bundle, features, width: int, *, progress, is_cancelled):
    from engine.caption.stepper import beam_caption

    return beam_caption(bundle, features, width=width)


# ---- drawing helpers (numpy only; the views turn the arrays into images) ------------------------------------------


@lru_cache(maxsize=16)
def _interpolation(size: int, cells: int, smooth: bool) -> np.ndarray:
    """(size, cells) weights mapping cell values to pixels along one axis: linear between cell centres (clamped at
    the outer centres) or nearest cell (raw blocks)."""
    out = np.zeros((size, cells), dtype=np.float32)
    rows = np.arange(size)
    if not smooth:
        out[rows, np.minimum(rows * cells // max(1, size), cells - 1)] = 1.0
        return out
    x = np.clip((rows + 0.5) / size * cells - 0.5, 0, cells - 1)
    lo = np.floor(x).astype(int)
    hi = np.minimum(lo + 1, cells - 1)
    frac = (x - lo).astype(np.float32)
    np.add.at(out, (rows, lo), 1 - frac)
    np.add.at(out, (rows, hi), frac)
    return out


def upsample(grid: np.ndarray, height: int, width: int, smooth: bool) -> np.ndarray:
    """(g, g) -> (height, width) float32: bilinear between cell centres (smooth) or blocks (raw cells).
    Separable, so two small matrix products: W_rows (h, g) @ grid (g, g) @ W_cols^T (g, w)."""
    g_rows, g_cols = grid.shape
    return (_interpolation(height, g_rows, smooth) @ grid.astype(np.float32)
            @ _interpolation(width, g_cols, smooth).T)


_HEAT = np.array([[0, 0, 0], [120, 0, 160], [230, 40, 40], [255, 200, 0], [255, 255, 230]], dtype=np.float32)
_HEAT_LUT = np.stack([np.interp(np.linspace(0, len(_HEAT) - 1, 256), np.arange(len(_HEAT)), _HEAT[:, c])
                      for c in range(3)], axis=1).astype(np.float32)  # (256, 3)


def heat_colours(values: np.ndarray) -> np.ndarray:
    """values in [0, 1] (...) -> (..., 3) uint8 on a black-purple-red-yellow-white ramp (a 256-entry table)."""
    return _HEAT_LUT[(np.clip(values, 0, 1) * 255).astype(np.uint8)].astype(np.uint8)


def overlay(display: np.ndarray, attention: np.ndarray, opacity: float, smooth: bool) -> np.ndarray:
    """The picture with the attention drawn over it: attended parts keep their light, the rest darkens, and a heat
    colour marks the weight. -> (h, w, 3) uint8."""
    h, w = display.shape[:2]
    a = upsample(attention, h, w, smooth)
    peak = float(a.max())
    if peak > 0:
        a *= 1.0 / peak
    a3 = a[..., None]
    tint = (opacity * 0.5) * a3  # a heat colour only where the weight is high
    keep = (1.0 - opacity * 0.75 * (1.0 - a3)) * (1.0 - tint)  # unattended parts darken; opacity 0: the photo alone
    heat = _HEAT_LUT[(a * 255).astype(np.uint8)]
    mixed = display * keep + heat * tint
    np.clip(mixed, 0, 255, out=mixed)
    return mixed.astype(np.uint8)


def squeeze(rgb: np.ndarray, side: int) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.fromarray(rgb).resize((side, side), Image.BILINEAR), dtype=np.uint8).copy()


def thumbnail(thumb_base: np.ndarray, attention: np.ndarray) -> np.ndarray:
    """A small square picture of one word's attention (always smooth, strong opacity)."""
    return overlay(thumb_base, attention, 0.85, True)
