"""Captioned scenes made by a program: real photos (scikit-image's samples, cropped to their subject) and coloured
shapes placed on a canvas at known boxes, with the caption the placement implies.

    "a cat to the left of a red ball"      two objects side by side: the left one is named first
    "an astronaut above a rocket"          one above the other: the upper one is named first
    "a blue square"                        one object alone

No caption data set exists offline, so the captioner learns from these; its vocabulary is VOCAB_WORDS and nothing
else. Every scene comes from a seed (numpy Generator), so a data set is reproducible. The photo crops and textures
are the small files in assets/images/caption/ (written by ``python -m engine.train.caption convert``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np

ASSETS = Path(__file__).resolve().parents[2] / "assets"
PARTS = ASSETS / "images" / "caption" / "parts"  # photo crops (<word>.png) and textures (texture_<name>.jpg)
PHOTO_WORDS = ("cat", "astronaut", "cup", "rocket", "horse", "man")  # skimage: chelsea, astronaut, coffee, rocket,
#                                                                        horse, camera
SHAPES = ("ball", "square", "triangle")
COLOURS = {"red": (215, 35, 35), "green": (35, 155, 50), "blue": (35, 70, 215), "yellow": (240, 205, 25)}
TEXTURES = ("grass", "brick", "gravel")
RELATION_WORDS = ("to", "the", "left", "of", "above")
SPECIALS = ("<pad>", "<s>", "</s>", "<unk>")
VOCAB_WORDS = SPECIALS + ("a", "an") + RELATION_WORDS + tuple(COLOURS) + SHAPES + PHOTO_WORDS


@dataclass(frozen=True)
class SceneObject:
    words: tuple[str, ...]  # ("red", "ball") or ("cat",)
    box: tuple[float, float, float, float]  # (x0, y0, x1, y1) in [0, 1] of the canvas
    colour: Optional[tuple[int, int, int]] = None  # RGB for shapes


@dataclass(frozen=True)
class Scene:
    objects: tuple[SceneObject, ...]  # in caption order
    relation: str  # "left" | "above" | "single"
    background: str  # "plain" or a texture name
    background_rgb: tuple[int, int, int]
    texture_offset: tuple[float, float]  # where the texture crop starts (fractions)

    @property
    def words(self) -> tuple[str, ...]:
        first = self.objects[0].words
        out = [article(first)] + list(first)
        if self.relation == "single":
            return tuple(out)
        second = self.objects[1].words
        out += ["to", "the", "left", "of"] if self.relation == "left" else ["above"]
        return tuple(out + [article(second)] + list(second))

    @property
    def caption(self) -> str:
        return " ".join(self.words)

    def word_boxes(self) -> list[Optional[tuple[float, float, float, float]]]:
        """Per caption word, the box of the object it names (colour and noun), None for the other words."""
        boxes: list[Optional[tuple]] = []
        for i, obj in enumerate(self.objects):
            if i == 1:
                boxes += [None] * (4 if self.relation == "left" else 1)
            boxes += [None] + [obj.box] * len(obj.words)
        return boxes


def article(words: tuple[str, ...]) -> str:
    return "an" if words[0][0] in "aeiou" else "a"


def _random_object(rng: np.random.Generator) -> tuple[tuple[str, ...], float, Optional[tuple]]:
    """-> words, aspect (width / height), colour; photos and shapes equally often."""
    if rng.random() < 0.5:
        word = PHOTO_WORDS[rng.integers(len(PHOTO_WORDS))]
        return (word,), photo_aspect(word), None
    shape = SHAPES[rng.integers(len(SHAPES))]
    name = list(COLOURS)[rng.integers(len(COLOURS))]
    jitter = rng.integers(-20, 21, size=3)
    colour = tuple(int(v) for v in np.clip(np.array(COLOURS[name]) + jitter, 0, 255))
    return (name, shape), 1.0, colour


def _box(cx: float, cy: float, size: float, aspect: float) -> tuple[float, float, float, float]:
    w, h = (size, size / aspect) if aspect >= 1 else (size * aspect, size)
    x0 = min(max(cx - w / 2, 0.02), 0.98 - w)
    y0 = min(max(cy - h / 2, 0.02), 0.98 - h)
    return (x0, y0, x0 + w, y0 + h)


def _overlap(a, b, margin: float = 0.02) -> bool:
    return not (a[2] + margin <= b[0] or b[2] + margin <= a[0] or a[3] + margin <= b[1] or b[3] + margin <= a[1])


def random_scene(rng: np.random.Generator) -> Scene:
    relation = "single" if rng.random() < 0.15 else ("left" if rng.random() < 0.5 else "above")
    bg = "plain" if rng.random() < 0.5 else TEXTURES[rng.integers(len(TEXTURES))]
    bg_rgb = tuple(int(v) for v in rng.integers(150, 256, size=3))
    offset = (float(rng.random()), float(rng.random()))
    if relation == "single":
        words, aspect, colour = _random_object(rng)
        size = rng.uniform(0.35, 0.6)
        box = _box(rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7), size, aspect)
        return Scene((SceneObject(words, box, colour),), relation, bg, bg_rgb, offset)
    first, second = _random_object(rng), _random_object(rng)
    for _ in range(100):
        along = (rng.uniform(0.18, 0.38), rng.uniform(0.62, 0.82))  # first object's centre, then the second's
        across = (rng.uniform(0.25, 0.75), None)
        across = (across[0], float(np.clip(across[0] + rng.uniform(-0.15, 0.15), 0.2, 0.8)))
        sizes = (rng.uniform(0.26, 0.42), rng.uniform(0.26, 0.42))
        boxes = []
        for k, (words, aspect, _) in enumerate((first, second)):
            cx, cy = (along[k], across[k]) if relation == "left" else (across[k], along[k])
            boxes.append(_box(cx, cy, sizes[k], aspect))
        if not _overlap(boxes[0], boxes[1]):
            break
    objs = tuple(SceneObject(o[0], b, o[2]) for o, b in zip((first, second), boxes))
    return Scene(objs, relation, bg, bg_rgb, offset)


def make_scenes(n: int, seed: int) -> list[Scene]:
    rng = np.random.default_rng(seed)
    return [random_scene(rng) for _ in range(n)]


# ---- drawing ----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _part(name: str):
    from PIL import Image

    for ext in (".png", ".jpg"):
        path = PARTS / f"{name}{ext}"
        if path.is_file():
            img = Image.open(path)
            img.load()
            return img
    raise FileNotFoundError(f"scene part {name!r} not found in {PARTS} (run `python -m engine.train.caption convert`)")


def photo_aspect(word: str) -> float:
    w, h = _part(word).size
    return w / h


def render_scene(scene: Scene, side: int = 448) -> np.ndarray:
    """-> (side, side, 3) uint8 RGB."""
    from PIL import Image, ImageDraw

    if scene.background == "plain":
        canvas = Image.new("RGB", (side, side), scene.background_rgb)
    else:
        tex = _part(f"texture_{scene.background}").convert("L")
        crop = max(16, min(tex.size) // 2)
        ox = int(scene.texture_offset[0] * (tex.size[0] - crop))
        oy = int(scene.texture_offset[1] * (tex.size[1] - crop))
        grey = np.asarray(tex.crop((ox, oy, ox + crop, oy + crop)).resize((side, side), Image.BILINEAR),
                          dtype=np.float32) / 255.0
        tint = np.asarray(scene.background_rgb, dtype=np.float32)
        canvas = Image.fromarray((tint * (0.45 + 0.55 * grey[:, :, None])).clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(canvas)
    for obj in scene.objects:
        x0, y0, x1, y1 = (int(round(v * side)) for v in obj.box)
        if obj.colour is None:
            part = _part(obj.words[-1]).convert("RGBA").resize((max(1, x1 - x0), max(1, y1 - y0)), Image.LANCZOS)
            canvas.paste(part, (x0, y0), part)
        elif obj.words[-1] == "ball":
            draw.ellipse((x0, y0, x1, y1), fill=obj.colour)
        elif obj.words[-1] == "square":
            draw.rectangle((x0, y0, x1, y1), fill=obj.colour)
        else:
            draw.polygon([((x0 + x1) / 2, y0), (x1, y1), (x0, y1)], fill=obj.colour)
    return np.asarray(canvas, dtype=np.uint8).copy()


# ---- the localisation metric ------------------------------------------------------------------------------------


def peak_in_box(attention: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    """True when the centre of the most attended cell of ``attention`` (g, g) lies inside ``box`` (fractions)."""
    g = attention.shape[0]
    row, col = divmod(int(np.argmax(attention)), attention.shape[1])
    cx, cy = (col + 0.5) / g, (row + 0.5) / g
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def localisation(attentions: list[np.ndarray], scenes: list[Scene]) -> tuple[Optional[float], int]:
    """Share of object-word steps whose attention peak lies in that object's box, over scenes whose caption was
    produced with teacher forcing or matched, and the number of such steps. attentions[i]: (T_i, g, g)."""
    hits = total = 0
    for att, scene in zip(attentions, scenes):
        for t, box in enumerate(scene.word_boxes()):
            if box is None or t >= len(att):
                continue
            total += 1
            hits += peak_in_box(att[t], box)
    return (hits / total if total else None), total
