"""The one protocol every decoder stepper implements (Seq2Seq, Transformer, GPT, captioning), and the moves on it.

A stepper decodes one token per ``step()``; ``back()`` pops the last step (a pop, nothing recomputed); ``reset()``
returns to the first step; ``force(token_id)`` emits a chosen token instead of the model's; ``run_to_end(limit)``
steps until the decoder finishes (or ``limit`` more steps). ``steps`` holds the traces made so far, oldest first.
The app's step controller sends lists of moves and never needs to know which model it drives.
"""
from __future__ import annotations

from typing import Optional, Protocol, Sequence, TypeVar, runtime_checkable

StepT = TypeVar("StepT", covariant=True)

# A move: ("step",), ("back",), ("reset",), ("end",) or ("force", token_id). Labs add their own (e.g. GPT's
# ("sampling", ...)) and hand the rest to apply_moves.
Move = tuple


@runtime_checkable
class Stepper(Protocol[StepT]):
    @property
    def steps(self) -> Sequence[StepT]: ...

    @property
    def finished(self) -> bool: ...

    def step(self) -> StepT: ...

    def back(self) -> Optional[StepT]: ...

    def reset(self) -> None: ...

    def force(self, token_id: int) -> StepT: ...

    def run_to_end(self, limit: Optional[int] = None) -> Sequence[StepT]: ...


def run_to_end(stepper, limit: Optional[int] = None) -> tuple:
    """Step until ``stepper.finished`` (or ``limit`` more steps); the steps made. Shared by every stepper."""
    made = []
    while not stepper.finished and (limit is None or len(made) < limit):
        made.append(stepper.step())
    return tuple(made)


def apply_move(stepper: Stepper, move: Move) -> bool:
    """Apply one standard move; False when ``move`` is not one of them (the caller handles its own kinds).

    A step or force past the end, or a back at the start, is a no-op: a held key never raises."""
    kind = move[0]
    if kind == "step":
        if not stepper.finished:
            stepper.step()
    elif kind == "force":
        if not stepper.finished:
            stepper.force(int(move[1]))
    elif kind == "back":
        stepper.back()
    elif kind == "reset":
        stepper.reset()
    elif kind == "end":
        stepper.run_to_end()
    else:
        return False
    return True


def apply_moves(stepper: Stepper, moves: Sequence[Move]) -> list[Move]:
    """Apply the standard moves in order; returns the moves it did not know (in order, for the caller)."""
    return [move for move in moves if not apply_move(stepper, move)]
