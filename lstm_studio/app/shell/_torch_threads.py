"""Small torch work in the GUI thread runs on one intra-op thread."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def one_torch_thread() -> Iterator[None]:
    """Run batch-of-one work (a trace, a gradient) on one torch thread, then restore the count.

    For one 28x28 digit, more threads only add OpenMP hand-offs; with training on the other
    cores they spin and wait (measured: 30-70 ms per trace instead of ~2 ms). torch keeps
    this count per OS thread, so the training thread and background workers keep theirs.
    """
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)
