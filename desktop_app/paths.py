"""Where the app's read-only files live. The one place that knows the layout, source tree or frozen."""
from __future__ import annotations

import sys
from pathlib import Path


def assets_dir() -> Path:
    """The `assets/` folder: next to the package in a source checkout, under sys._MEIPASS when frozen by PyInstaller."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "assets"
    return Path(__file__).resolve().parent.parent / "assets"


def font_path() -> Path:
    return assets_dir() / "fonts" / "NanumGothic.ttf"


def i18n_dir() -> Path:
    return assets_dir() / "i18n"


def licenses_path() -> Path:
    return assets_dir() / "LICENSES.md"
