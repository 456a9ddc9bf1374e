"""single_thread(): batch-1 inference of the lab models on one intra-op thread."""
from __future__ import annotations

import contextlib

import torch


@contextlib.contextmanager
def single_thread():
    """Run batch-1 decoding on one intra-op thread, restoring the previous count after.

    A step is a handful of tiny matmuls: on a busy 2-core machine two threads made a Seq2Seq step 76 ms instead of
    2.6 ms, and a GPT step 18-21 ms instead of 10-12 ms (the GUI thread and another job want the second core).
    Usable as a decorator too (contextlib).
    """
    previous = torch.get_num_threads()
    if previous != 1:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        if previous != 1:
            torch.set_num_threads(previous)
