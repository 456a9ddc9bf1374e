"""The Training lab's Qt-free part: settings checked into a message key, trainers built and trained one chunk at a
time in a worker, snapshots turned into the arrays the views draw.

    settings = check_settings({"task": "reverse", "model": "gru:additive", "hidden": 96, "lr": 2e-3, "seed": 0})
    runs = start_runs(settings, probe, progress=..., is_cancelled=...)       # 1 run, or 2 when comparing
    chunk = train_chunk(runs, seconds=0.3, ..., progress=..., is_cancelled=...)  # one Snapshot per run

The engine (engine/train/live.py) does the training and the measures; nothing here computes an attention weight.
torch is imported by the engine inside the worker, never at import time here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

TASKS = ("copy", "reverse", "sort", "date", "en-es")
MODELS = ("gru:none", "gru:dot", "gru:general", "gru:additive", "transformer")  # model:attention
HIDDEN_RANGE = (4, 512)
LR_RANGE = (1e-5, 0.1)
SEED_MAX = 2**31 - 1
CHUNK_SECONDS = 0.4  # a free run trains each run this long between two redraws (evaluation adds ~0.13 s)
LESSON_CHUNK_STEPS = 50  # a fixed step budget (lessons, screenshots) is trained in chunks of this many steps
MAX_STEPS = 100_000


class SettingsRefused(ValueError):
    """A setting the lab refuses: `key` names one of the lab's MESSAGES, `fields` fill it in."""

    def __init__(self, key: str, **fields):
        super().__init__(key)
        self.key, self.fields = key, fields


@dataclass(frozen=True)
class RunSettings:
    task: str = "reverse"
    model: str = "gru:additive"  # one of MODELS
    hidden: int = 96
    lr: float = 2e-3
    seed: int = 0
    compare: bool = False  # a second run, the same but without attention (GRU 'none'), side by side

    def configs(self, small: Optional[dict] = None) -> list:
        """The LiveConfig of each run (the chosen one first). `small`: extra LiveConfig fields (tests: tiny sizes)."""
        from engine.train.live import LiveConfig

        family, _, attention = self.model.partition(":")
        common = dict(task=self.task, hidden=self.hidden, lr=self.lr, seed=self.seed, threads=1, **(small or {}))
        first = LiveConfig(model=family, attention=attention or None, **common)
        if not self.compare:
            return [first]
        return [first, LiveConfig(model="gru", attention="none", **common)]

    def to_dict(self) -> dict:
        return {"task": self.task, "model": self.model, "hidden": self.hidden, "lr": self.lr, "seed": self.seed,
                "compare": self.compare}


def _whole(value) -> Optional[int]:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def parse_lr(value) -> Optional[float]:
    """A learning rate as typed ('0.002', '2e-3', '2E-3') or given; None when it is not a number."""
    if isinstance(value, bool):
        return None
    try:
        lr = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(lr) or math.isinf(lr) else lr


def check_settings(raw: dict) -> RunSettings:
    """Settings as the controls or a lesson give them -> RunSettings; SettingsRefused names the first bad one."""
    base = RunSettings()
    task = raw.get("task", base.task)
    if task not in TASKS:
        raise SettingsRefused("task_unknown", task=task, tasks=", ".join(TASKS))
    model = raw.get("model", base.model)
    if model == "gru":
        model = f"gru:{raw.get('attention') or 'additive'}"
    elif model in ("none", "plain", "dot", "general", "additive"):
        model = f"gru:{'none' if model == 'plain' else model}"
    if model not in MODELS:
        raise SettingsRefused("model_unknown", model=model, models=", ".join(MODELS))
    hidden = _whole(raw.get("hidden", base.hidden))
    if hidden is None or not HIDDEN_RANGE[0] <= hidden <= HIDDEN_RANGE[1]:
        raise SettingsRefused("hidden_range", value=raw.get("hidden"), lo=HIDDEN_RANGE[0], hi=HIDDEN_RANGE[1])
    lr = parse_lr(raw.get("lr", base.lr))
    if lr is None or not LR_RANGE[0] <= lr <= LR_RANGE[1]:
        raise SettingsRefused("lr_range", value=raw.get("lr"), lo=f"{LR_RANGE[0]:g}", hi=f"{LR_RANGE[1]:g}")
    seed = _whole(raw.get("seed", base.seed))
    if seed is None or not 0 <= seed <= SEED_MAX:
        raise SettingsRefused("seed_range", value=raw.get("seed"), hi=SEED_MAX)
    return RunSettings(task=task, model=model, hidden=hidden, lr=lr, seed=seed, compare=bool(raw.get("compare")))


def check_steps(value) -> int:
    steps = _whole(value)
    if steps is None or not 0 <= steps <= MAX_STEPS:
        raise SettingsRefused("steps_range", value=value, hi=MAX_STEPS)
    return steps


# ---- the worker functions ----------------------------------------------------------------------------------------
def start_runs(settings: RunSettings, probe: str = "", small: Optional[dict] = None, *,
               progress: Callable[[float, str], None], is_cancelled: Callable[[], bool]) -> list:
    """Build the trainers (weights from the seed; en-es reads its corpus slice) and evaluate each untrained
    (snapshot 0: uniform-looking attention). `probe` '' = the task's own. ValueError from the engine passes on."""
    from engine.train.live import LiveTrainer

    runs = []
    for config in settings.configs(small):
        if is_cancelled():
            return []
        trainer = LiveTrainer(config)
        if probe.strip():
            trainer.set_probe(probe)
        trainer.history.append(trainer.evaluate())
        runs.append(trainer)
    progress(1.0, "")
    return runs


@dataclass(frozen=True)
class ChunkResult:
    snapshots: tuple  # one Snapshot per run (the last of its history)
    probe_error: str = ""  # the engine's reason when a new probe could not be read (the old one stays)


def train_chunk(runs: Sequence, seconds: Optional[float], steps: Optional[int], probe: Optional[str] = None, *,
                progress: Callable[[float, str], None], is_cancelled: Callable[[], bool]) -> ChunkResult:
    """Train every run for `seconds` or `steps` (each run the same budget, one after the other), after setting the
    new `probe` when one is given. Cancellation is checked before every step (by the engine) and between runs."""
    probe_error = ""
    if probe is not None:
        for trainer in runs:
            try:
                trainer.set_probe(probe) if probe.strip() else setattr(trainer, "probe", trainer.task.default_probe())
            except ValueError as exc:
                probe_error = str(exc)
                break
    snaps = []
    for k, trainer in enumerate(runs):
        if is_cancelled():
            break
        budget = steps if steps is None else max(0, steps)
        snaps.append(trainer.train_for(seconds=seconds, steps=budget, is_cancelled=is_cancelled))
        progress((k + 1) / len(runs), "")
    return ChunkResult(tuple(snaps), probe_error)


def save_runs(runs: Sequence, folder, names: Sequence[str], *, progress, is_cancelled) -> list[Path]:
    """Each run's model.safetensors + config.json + metrics.json (the engine's save): one run in `folder` itself,
    two runs in `folder`/<name>."""
    out = Path(folder)
    if len(runs) == 1:
        return [runs[0].save(out)]
    return [trainer.save(out / name) for trainer, name in zip(runs, names)]


# ---- what the views draw -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Curves:
    steps: np.ndarray
    train_loss: np.ndarray  # nan where a snapshot had no training step (step 0)
    heldout_loss: np.ndarray
    exact: np.ndarray  # 0..100 %
    mass: np.ndarray  # 0..1, nan when undefined


def curves(history: Sequence) -> Curves:
    def column(get) -> np.ndarray:
        return np.array([np.nan if get(s) is None else get(s) for s in history], dtype=float)

    return Curves(steps=column(lambda s: s.step), train_loss=column(lambda s: s.train_loss),
                  heldout_loss=column(lambda s: s.heldout_loss), exact=column(lambda s: 100 * s.exact),
                  mass=column(lambda s: s.alignment_mass))


@dataclass(frozen=True)
class AlignmentView:
    matrix: Optional[np.ndarray]  # (T, S) or None: a model without attention
    rows: tuple  # output tokens (what the model writes)
    cols: tuple  # probe source tokens
    step: int
    exact: float
    mass: Optional[float]


def alignment_view(snapshot) -> AlignmentView:
    rows = tuple(str(t) for t in snapshot.probe_output) or ("</s>",)
    cols = tuple(str(t) for t in snapshot.probe_source)
    matrix = None if snapshot.attention is None else np.asarray(snapshot.attention, dtype=np.float32)
    return AlignmentView(matrix=matrix, rows=rows, cols=cols, step=snapshot.step, exact=snapshot.exact,
                         mass=snapshot.alignment_mass)


def length_bars(snapshot) -> tuple[np.ndarray, np.ndarray]:
    """(source lengths, exact match % at that length) of the held-out set."""
    items = sorted((int(k), float(v)) for k, v in snapshot.accuracy_by_length.items())
    if not items:
        return np.zeros(0), np.zeros(0)
    lengths, values = zip(*items)
    return np.array(lengths, dtype=float), 100 * np.array(values, dtype=float)


def run_names(settings: RunSettings) -> list[str]:
    """Folder names of the runs when saved together (compare): 'reverse_gru_additive', 'reverse_gru_none'."""
    first = f"{settings.task}_{settings.model.replace(':', '_')}"
    return [first, f"{settings.task}_gru_none"] if settings.compare else [first]
