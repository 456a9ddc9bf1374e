"""Build a model's config dataclass from the dict in a config.json, checking what the dataclass alone would not.

A config.json written by hand or damaged on disk should fail here, naming the field, instead of deep inside a
torch module's constructor ("'>' not supported between 'str' and 'int'").
"""
from __future__ import annotations

import dataclasses
import typing


def config_from_dict(cls, raw):
    """-> cls(**raw), or TypeError / ValueError naming the first bad field (unknown, wrong type, int below 0)."""
    if not isinstance(raw, dict):
        raise TypeError(f"expected an object of fields, got {type(raw).__name__}")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise TypeError(f"unknown field {unknown[0]!r}")
    for name, value in raw.items():
        kind = hints.get(name)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"field {name!r} must be a whole number, not {value!r}")
        if kind is float and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise TypeError(f"field {name!r} must be a number, not {value!r}")
        if kind is bool and not isinstance(value, bool):
            raise TypeError(f"field {name!r} must be true or false, not {value!r}")
        if kind is str and not isinstance(value, str):
            raise TypeError(f"field {name!r} must be text, not {value!r}")
        if kind in (int, float) and value < 0:
            raise ValueError(f"field {name!r} must not be negative ({value})")
    return cls(**raw)
