"""The one check every model loader makes on a weights file before ``load_state_dict``.

    state = check_state_dict(model, load_file(path), "additive/model.safetensors", error=ModelLoadError)
    model.load_state_dict(state)

One rule for all families: the file must hold exactly the tensors the model expects. A missing tensor and an
unexpected tensor are both errors that name the tensor and the file (a checkpoint with a stray tensor was made for
another model, and loading the rest of it silently would hide that). Then every tensor must have the expected
shape, a floating-point dtype and finite values. Tensors come back cast to float32 (files may store float16).

A loader that legitimately stores fewer tensors than the module holds (a weight tied to another, stored once; a
BatchNorm counter) passes the expected names without them; a loader that maps foreign names (Hugging Face BERT)
renames before calling, in one declared place. Nothing is dropped here.
"""
from __future__ import annotations

from typing import Mapping, Union

import torch
import torch.nn as nn
from torch import Tensor

Expected = Union[nn.Module, Mapping[str, Tensor], Mapping[str, tuple]]


class StateDictError(ValueError):
    """The default error type; loaders pass their own (ModelLoadError, CaptionLoadError, ...)."""


def _names(names: list[str], n: int = 3) -> str:
    return ", ".join(names[:n]) + (f" (and {len(names) - n} more)" if len(names) > n else "")


def _shape(value) -> tuple:
    return tuple(value.shape) if isinstance(value, Tensor) else tuple(value)


def check_state_dict(expected: Expected, state: Mapping[str, Tensor], where: str,
                     error: type[Exception] = StateDictError, finite: bool = True) -> dict[str, Tensor]:
    """The tensors of ``state`` as float32, after checking them against ``expected`` (a module, whose state_dict
    is used, or a mapping of name -> tensor or shape). Raises ``error("<where>: ...")`` naming the first problem:
    missing tensors, unexpected tensors, a shape, a dtype, NaN or infinite values (``finite=False`` skips the last,
    for callers that check after loading)."""
    if isinstance(expected, nn.Module):
        expected = expected.state_dict()
    missing = sorted(set(expected) - set(state))
    if missing:
        raise error(f"{where}: missing tensor{'s' if len(missing) > 1 else ''} {_names(missing)}")
    unexpected = sorted(set(state) - set(expected))
    if unexpected:
        raise error(f"{where}: unexpected tensor{'s' if len(unexpected) > 1 else ''} {_names(unexpected)} "
                    "(not part of this model)")
    out = {}
    for key in sorted(state):
        tensor, shape = state[key], _shape(expected[key])
        if not isinstance(tensor, Tensor):
            raise error(f"{where}: {key} is not a tensor")
        if tuple(tensor.shape) != shape:
            raise error(f"{where}: tensor {key} has shape {tuple(tensor.shape)}, the config expects {shape}")
        if not tensor.is_floating_point():
            raise error(f"{where}: tensor {key} is {tensor.dtype}, not floating point")
        tensor = tensor.to(torch.float32)
        if finite and not bool(torch.isfinite(tensor).all()):
            raise error(f"{where}: tensor {key} contains NaN or infinite values")
        out[key] = tensor
    return out
