"""`python -m engine <command> ... [--json]`: every capability of the engine, without Qt.

Each command lives in a module with ``register(subparsers)``; the module is listed in COMMAND_MODULES and imported
only to build the parser, so torch is imported by the commands that need it, when they run.
"""
from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from typing import Any, Optional, Sequence

import numpy as np

COMMAND_MODULES = [
    "engine.commands.positional",
    "engine.commands.transformer",
    "engine.commands.seq2seq",
    "engine.commands.bert",
    "engine.commands.caption",
    "engine.commands.gpt",
    "engine.commands.whatif",
    "engine.commands.train_live",
]


class EngineInputError(ValueError):
    """Bad input from the user: printed as a one-line message with exit code 2, never a traceback."""


def to_jsonable(obj: Any) -> Any:
    """numpy arrays / tensors / dataclasses -> plain lists and numbers for json.dumps."""
    if hasattr(obj, "detach") and hasattr(obj, "numpy"):  # torch.Tensor, without importing torch here
        obj = obj.detach().cpu().numpy()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, (np.floating, np.integer)):
        return obj.item()
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_jsonable(getattr(obj, k)) for k in obj.__dataclass_fields__}
    return obj


def emit(result: dict, as_json: bool, text: Optional[str] = None) -> None:
    """Print a command's result: JSON when asked for, else the given human-readable text."""
    if as_json:
        json.dump(to_jsonable(result), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(text if text is not None else json.dumps(to_jsonable(result), ensure_ascii=False, indent=1))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m engine", description="Attention Lab engine: models and their insides.")
    sub = parser.add_subparsers(dest="command", metavar="<command>")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        # argparse reads a text that begins with '-' ("-:", "- hello") as an option and stops with its usage
        # message; say how to pass such a text
        if exc.code == 2 and any(a.startswith("-") and not re.fullmatch(r"--?[A-Za-z][\w-]*(=.*)?", a)
                                 for a in argv[1:]):
            print("hint: a text that begins with '-' goes last, after '--': "
                  "python -m engine generate --steps 5 -- '-text'", file=sys.stderr)
        raise
    try:
        return int(args.run(args) or 0)
    except (EngineInputError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (`... --json | head`): not an error of ours; keep Python quiet at exit too
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
