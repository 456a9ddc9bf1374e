"""`make bench`: every benchmark in bench/, one table; each figure is a ratio or percentile against a reference
measured in the same run. The table is printed and written into README.md between the bench markers.

Run: .venv/bin/python bench/all.py [--no-readme] [--only NAME ...]
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
from _timing import HEADER  # noqa: E402

BENCH = Path(__file__).resolve().parent
README = BENCH.parent / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
FIRST = ["startup", "labs", "seq2seq_step", "lab_steps", "transformer_view", "gru", "bert"]  # the rest follow by name


def scripts(only: list[str] | None) -> list[Path]:
    found = {p.stem: p for p in BENCH.glob("*.py") if not p.stem.startswith("_") and p.stem != "all"}
    names = [n for n in FIRST if n in found] + sorted(n for n in found if n not in FIRST)
    return [found[n] for n in names if not only or n in only]


def table_rows(output: str) -> list[str]:
    header = set(HEADER.splitlines())
    return [line for line in output.splitlines() if line.startswith("| ") and line not in header]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    rows: list[str] = []
    notes: list[str] = []
    for script in scripts(args.only):
        t0 = time.time()
        proc = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True)
        found = table_rows(proc.stdout)
        rows += found
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
        print(f"{script.name}: {len(found)} rows, {time.time() - t0:.0f} s, {status}", file=sys.stderr, flush=True)
        if proc.returncode != 0:
            notes.append(f"{script.name} failed: {(proc.stderr or proc.stdout).strip().splitlines()[-1:]}")
    import torch

    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
               f"torch {torch.__version__}, {time.strftime('%Y-%m-%d')}")
    table = "\n".join([f"Measured by `make bench` on {machine}.", "", HEADER, *rows, *[f"\n{n}" for n in notes]])
    print(table)
    if not args.no_readme and not args.only and README.is_file():
        text = README.read_text(encoding="utf-8")
        if START in text and END in text:
            head, rest = text.split(START, 1)
            _old, tail = rest.split(END, 1)
            README.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")
            print(f"written into {README.name}", file=sys.stderr)


if __name__ == "__main__":
    main()
