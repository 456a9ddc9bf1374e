"""Open any picture Pillow can read as an (H, W, 3) uint8 RGB array, or say clearly why not.

Accepted: PNG, JPEG, WebP, BMP, GIF (first frame), TIFF, ...; grey, palette, RGBA (composited on white), CMYK,
16-bit and float images; the EXIF orientation tag is applied so a phone photo stands the right way up. Huge pictures
are shrunk (longest side MAX_SIDE) while decoding. Refused with ImageInputError (``kind`` names the reason):
missing file, empty file, not an image, truncated or corrupt data, and decompression bombs (more than MAX_PIXELS).
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import numpy as np

MAX_PIXELS = 60_000_000  # width x height beyond which a file is refused (a 16-bit 60 MP image is ~360 MB decoded)
MAX_SIDE = 2048  # decoded pictures are shrunk to this longest side; the CNN sees 224 or 448 px anyway
MAX_BYTES = 200 * 1024 * 1024


class ImageInputError(ValueError):
    """A file that cannot be used as a picture; ``kind`` is one of KINDS, the message says why in words."""

    KINDS = ("missing", "empty", "not_image", "truncated", "corrupt", "too_large")

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class LoadedImage:
    rgb: np.ndarray  # (H, W, 3) uint8, upright
    source_format: str  # "PNG", "JPEG", ...
    source_mode: str  # Pillow mode before conversion: "L", "RGBA", "CMYK", "I;16", ...
    source_size: tuple[int, int]  # (width, height) as stored, before orientation and shrinking
    rotated: bool  # True when an EXIF orientation tag turned or mirrored the picture
    name: str  # file name (or the name given for bytes)


def _to_rgb(img) -> np.ndarray:
    """Any Pillow mode -> (H, W, 3) uint8."""
    from PIL import Image

    mode = img.mode
    if mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        arr = np.asarray(img, dtype=np.float64)
        if mode == "F" or arr.min() < 0:  # float or signed: stretch to the visible range
            lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
            arr = (arr - lo) / (hi - lo) * 255.0 if hi > lo else np.zeros_like(arr)
        elif arr.max() > 255:  # 16-bit samples
            arr = arr / 257.0
        grey = np.nan_to_num(arr).clip(0, 255).round().astype(np.uint8)
        return np.repeat(grey[:, :, None], 3, axis=2)
    if mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba)
    return np.asarray(img.convert("RGB"), dtype=np.uint8).copy()


def _open(stream, name: str) -> LoadedImage:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(stream)
            fmt, mode, size = img.format or "?", img.mode, img.size
            if size[0] * size[1] > MAX_PIXELS:
                raise ImageInputError("too_large", f"{name}: {size[0]} x {size[1]} pixels is too large "
                                                   f"(more than {MAX_PIXELS // 1_000_000} million); "
                                                   "refused as a possible decompression bomb")
            if size[0] < 1 or size[1] < 1:
                raise ImageInputError("corrupt", f"{name}: the picture has no pixels ({size[0]} x {size[1]})")
            if getattr(img, "n_frames", 1) > 1:
                img.seek(0)  # animated GIF / WebP / multi-page TIFF: the first frame
            if fmt == "JPEG":
                img.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode big JPEGs at a reduced scale directly
            img.load()
            rotated = _has_orientation(img)
            img = ImageOps.exif_transpose(img)
            if max(img.size) > MAX_SIDE:
                img.thumbnail((MAX_SIDE, MAX_SIDE), Image.LANCZOS)
            rgb = _to_rgb(img)
    except ImageInputError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageInputError("too_large", f"{name}: refused as a possible decompression bomb ({exc})") from None
    except UnidentifiedImageError:
        raise ImageInputError("not_image", f"{name}: not a picture format that can be read "
                                           "(PNG, JPEG, WebP, BMP, GIF, TIFF ...)") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError, struct_error()) as exc:
        text = str(exc)
        kind = "truncated" if "truncated" in text.lower() or "end of file" in text.lower() or isinstance(exc, EOFError) \
            else "corrupt"
        reason = "the file is truncated (cut off before the end)" if kind == "truncated" \
            else f"the picture data is damaged ({text or type(exc).__name__})"
        raise ImageInputError(kind, f"{name}: {reason}") from None
    except MemoryError:
        raise ImageInputError("too_large", f"{name}: too large to decode in memory") from None
    return LoadedImage(rgb=rgb, source_format=fmt, source_mode=mode, source_size=size, rotated=bool(rotated),
                       name=name)


def struct_error():
    import struct

    return struct.error


def _has_orientation(img) -> bool:
    try:
        return int(img.getexif().get(0x0112, 1)) not in (0, 1)
    except Exception:
        return False


def load_image(path: Union[str, Path]) -> LoadedImage:
    """Read a picture file. Raises ImageInputError with a reason in words."""
    path = Path(path)
    name = path.name or str(path)
    if not path.exists():
        raise ImageInputError("missing", f"{path}: file not found")
    if path.is_dir():
        raise ImageInputError("not_image", f"{path}: is a folder, not a picture")
    try:
        size = path.stat().st_size
        if size == 0:
            raise ImageInputError("empty", f"{name}: the file is empty (0 bytes)")
        if size > MAX_BYTES:
            raise ImageInputError("too_large", f"{name}: {size / 1e6:.0f} MB is too large for a picture")
        data = path.read_bytes()
    except OSError as exc:
        raise ImageInputError("missing", f"{name}: cannot be read ({exc.strerror or exc})") from None
    return _open(io.BytesIO(data), name)


def load_image_bytes(data: bytes, name: str = "pasted image") -> LoadedImage:
    """Read a picture from memory (clipboard, drag and drop of data)."""
    if not data:
        raise ImageInputError("empty", f"{name}: no data")
    if len(data) > MAX_BYTES:
        raise ImageInputError("too_large", f"{name}: {len(data) / 1e6:.0f} MB is too large for a picture")
    return _open(io.BytesIO(bytes(data)), name)
