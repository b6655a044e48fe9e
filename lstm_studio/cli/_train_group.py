"""``train`` as one of several processes: setting up together, stopping together, telling one story.

Every step of the set-up that can fail (bad arguments, missing data, a bad checkpoint, an
unwritable run folder) runs as a *collective*: each process tries, then all compare notes, and
if any failed, every process stops with the same one line. A process that failed alone would
leave the others waiting for it until the group's timeout.
"""
from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ._common import CliError

T = TypeVar("T")
LAUNCH_NAMES = ("RANK", "WORLD_SIZE", "LOCAL_RANK")
#: Ctrl+C reaches every process twice under torchrun (from the terminal, then relayed by torchrun):
#: repeats within this many seconds are the same request.
SIGNAL_GRACE_S = 3.0


def quiet_cpp_logs_if_launched() -> None:
    """Before torch is imported: in a launched run, keep PyTorch's C++ connection logs (a stack of
    frames per retry) off the terminal; this command prints one line instead. ``TORCH_CPP_LOG_LEVEL=INFO``
    brings them back."""
    if any(name in os.environ for name in LAUNCH_NAMES):
        os.environ.setdefault("TORCH_CPP_LOG_LEVEL", "FATAL")


def collectively(parallel: Any, work: Callable[[], T]) -> T:
    """Run ``work`` on every process; if it raised :class:`CliError` on any, raise on all (one line)."""
    if parallel.world_size == 1:
        return work()
    from ..training import DistributedError

    problem, value = None, None
    try:
        value = work()
    except CliError as error:
        problem = str(error)
    try:
        parallel.check(problem)
    except DistributedError as error:
        raise CliError(str(error)) from None
    return value


def load_in_turn(parallel: Any, load: Callable[[bool], T]) -> T:
    """``load(download_allowed)`` on the first process of every machine, then on the others (which
    then find the files the first one downloaded instead of downloading them again, at once)."""
    if parallel.world_size == 1:
        return load(True)
    first = getattr(parallel, "local_rank", 0) == 0
    loaded = collectively(parallel, lambda: load(True) if first else None)
    return collectively(parallel, lambda: loaded if first else load(False))


def check_same_data(parallel: Any, task: Any) -> None:
    """Every process must train on the same data: compare a short signature of it."""
    if parallel.world_size == 1:
        return
    mine = (task.describe(), task.batches_per_epoch(1))
    signatures = parallel.gather(mine)
    if any(signature != signatures[0] for signature in signatures):
        seen = "; ".join(f"process {rank}: {sig[0]}, {sig[1]:,} examples" for rank, sig in enumerate(signatures))
        raise CliError(f"the processes see different training data ({seen}): give every machine the same "
                       f"--data-dir (or --mini)")


def weights_checksum(model: Any) -> tuple[float, float]:
    """Two sums over every weight: equal on every process of a healthy distributed run."""
    import torch

    with torch.no_grad():
        flat = torch.cat([p.detach().double().flatten().cpu() for p in model.parameters()])
        ramp = torch.linspace(-1.0, 1.0, flat.numel(), dtype=torch.float64)
        return float(flat.sum()), float((flat * ramp).sum())


def weights_agree(parallel: Any, model: Any) -> bool:
    """Whether every process ends with the same weights (DDP keeps them so; this checks it)."""
    if parallel.world_size == 1:
        return True
    sums = parallel.gather(weights_checksum(model))
    return all(value == sums[0] for value in sums)


@contextlib.contextmanager
def stop_on_signals(trainer: Any, distributed: bool) -> Iterator[None]:
    """Ctrl+C stops training between batches (the checkpoint is saved); in a distributed run so does
    SIGTERM (what torchrun sends when it shuts the processes down). A second Ctrl+C after the
    grace period falls through to the usual KeyboardInterrupt."""
    names = [signal.SIGINT] + ([signal.SIGTERM] if distributed else [])
    previous = {number: signal.getsignal(number) for number in names}
    grace = SIGNAL_GRACE_S if distributed else 0.0
    first_at: list[float] = []

    def handle(number: int, frame: Any) -> None:
        now = time.monotonic()
        if not first_at:
            first_at.append(now)
            trainer.stop("interrupted (Ctrl+C)" if number == signal.SIGINT else "terminated (SIGTERM)")
            if grace == 0:
                signal.signal(number, previous[number])
            return
        if now - first_at[0] < grace:
            return
        signal.signal(number, previous[number])
        os.kill(os.getpid(), number)

    for number in names:
        signal.signal(number, handle)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
