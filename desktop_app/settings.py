"""Persistent settings: one INI file, typed getters that fall back to defaults on anything odd.

The file is at the platform's usual place, or at $ATTENTION_LAB_SETTINGS (tests point it at a tmp file).
A corrupt or unreadable file is moved aside to `<name>.bak` and the app starts from defaults, rather than
refusing to open in front of a class.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

SETTINGS_ENV = "ATTENTION_LAB_SETTINGS"
ORGANIZATION = "AttentionLab"
APPLICATION = "attention-lab"


def _looks_corrupt(path: Path) -> bool:
    """QSettings' INI reader is lenient and silently ignores binary junk, so check the bytes ourselves."""
    try:
        raw = path.read_bytes()
    except OSError:
        return True
    if b"\x00" in raw:
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


class Settings:
    """A thin, typed wrapper over QSettings(IniFormat)."""

    def __init__(self, path: str | os.PathLike | None = None):
        if path is None:
            path = os.environ.get(SETTINGS_ENV) or None
        if path is None:
            probe = QSettings(QSettings.IniFormat, QSettings.UserScope, ORGANIZATION, APPLICATION)
            path = probe.fileName()
        self.path = Path(path)
        self.recovered_from_corrupt = False
        if self.path.exists() and _looks_corrupt(self.path):
            self._move_aside()
        self._qs = QSettings(str(self.path), QSettings.IniFormat)
        if self._qs.status() != QSettings.NoError:
            del self._qs
            self._move_aside()
            self._qs = QSettings(str(self.path), QSettings.IniFormat)

    def _move_aside(self) -> None:
        backup = self.path.with_name(self.path.name + ".bak")
        try:
            shutil.copyfile(self.path, backup)
        except OSError:
            pass  # unreadable: nothing to keep, but still start fresh
        try:
            self.path.unlink()
        except OSError:
            pass
        self.recovered_from_corrupt = True

    # typed access -------------------------------------------------------------------------------------------
    def get_str(self, key: str, default: str, allowed: tuple[str, ...] | None = None) -> str:
        value = self._qs.value(key, default)
        if not isinstance(value, str) or (allowed is not None and value not in allowed):
            return default
        return value

    def get_int(self, key: str, default: int, lo: int | None = None, hi: int | None = None) -> int:
        value = self._qs.value(key, default)
        try:
            number = int(value)
        except (TypeError, ValueError):
            return default
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            return default
        return number

    def get_bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) else None

    def set(self, key: str, value) -> None:
        self._qs.setValue(key, value)

    def remove(self, key: str) -> None:
        self._qs.remove(key)

    def contains(self, key: str) -> bool:
        return self._qs.contains(key)

    def sync(self) -> None:
        self._qs.sync()
