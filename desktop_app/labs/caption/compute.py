"""Worker functions of the Image Captioning lab (Qt-free; run through desktop_app.workers.run_task).

torch and the engine's captioner are imported inside the functions, so opening the app never pays for them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Union

import numpy as np

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


def prepare_image(bundle, source: Union[str, Path, bytes], grid: int, name: Optional[str] = None, *,
                  progress, is_cancelled) -> PreparedImage:
    """Decode the picture (a path or encoded bytes), run the CNN once at the grid's size, make a stepper."""
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
    return PreparedImage(name=image.name, rgb=image.rgb, display=shrink(image.rgb, 640), features=features,
                         stepper=stepper, source_format=image.source_format, source_mode=image.source_mode,
                         source_size=image.source_size, rotated=image.rotated)


def beam(bundle, features, width: int, *, progress, is_cancelled):
    from engine.caption.stepper import beam_caption

    return beam_caption(bundle, features, width=width)


# ---- drawing helpers (numpy only; the views turn the arrays into images) ------------------------------------------


def upsample(grid: np.ndarray, height: int, width: int, smooth: bool) -> np.ndarray:
    """(g, g) -> (height, width) float32: bilinear between cell centres (smooth) or blocks (raw cells)."""
    g_rows, g_cols = grid.shape
    if not smooth:
        rows = np.minimum((np.arange(height) * g_rows) // max(1, height), g_rows - 1)
        cols = np.minimum((np.arange(width) * g_cols) // max(1, width), g_cols - 1)
        return grid[rows][:, cols].astype(np.float32)
    # pixel centre -> continuous cell coordinate, clamped to the outer cell centres
    y = np.clip((np.arange(height) + 0.5) / height * g_rows - 0.5, 0, g_rows - 1)
    x = np.clip((np.arange(width) + 0.5) / width * g_cols - 0.5, 0, g_cols - 1)
    y0, x0 = np.floor(y).astype(int), np.floor(x).astype(int)
    y1, x1 = np.minimum(y0 + 1, g_rows - 1), np.minimum(x0 + 1, g_cols - 1)
    wy, wx = (y - y0)[:, None], (x - x0)[None, :]
    g = grid.astype(np.float32)
    top = g[y0][:, x0] * (1 - wx) + g[y0][:, x1] * wx
    bottom = g[y1][:, x0] * (1 - wx) + g[y1][:, x1] * wx
    return (top * (1 - wy) + bottom * wy).astype(np.float32)


_HEAT = np.array([[0, 0, 0], [120, 0, 160], [230, 40, 40], [255, 200, 0], [255, 255, 230]], dtype=np.float32)


def heat_colours(values: np.ndarray) -> np.ndarray:
    """values in [0, 1] (..., ) -> (..., 3) uint8 on a black-purple-red-yellow-white ramp."""
    v = np.clip(values, 0, 1) * (len(_HEAT) - 1)
    i = np.minimum(v.astype(int), len(_HEAT) - 2)
    f = (v - i)[..., None]
    return (_HEAT[i] * (1 - f) + _HEAT[i + 1] * f).astype(np.uint8)


def overlay(display: np.ndarray, attention: np.ndarray, opacity: float, smooth: bool) -> np.ndarray:
    """The picture with the attention drawn over it: attended parts keep their light, the rest darkens, and a heat
    colour marks the weight. -> (h, w, 3) uint8."""
    h, w = display.shape[:2]
    a = upsample(attention, h, w, smooth)
    a = a / a.max() if a.max() > 0 else a
    base = display.astype(np.float32)
    heat = heat_colours(a).astype(np.float32)
    light = 1.0 - opacity * 0.75 * (1.0 - a[..., None])  # unattended parts darken; opacity 0: the photo alone
    tint = opacity * 0.5 * a[..., None]  # a heat colour only where the weight is high
    mixed = base * light * (1 - tint) + heat * tint
    return mixed.clip(0, 255).astype(np.uint8)


def thumbnail(display: np.ndarray, attention: np.ndarray, side: int = THUMB) -> np.ndarray:
    """A small square picture of one word's attention (always smooth, full opacity)."""
    from PIL import Image

    small = np.asarray(Image.fromarray(display).resize((side, side), Image.BILINEAR), dtype=np.uint8)
    return overlay(small, attention, 0.85, True)
