"""Training as one of several processes, with PyTorch's own engine (``torch.distributed`` + DDP).

``torchrun --nproc_per_node=N -m lstm_studio train ...`` starts N copies of the command with
``RANK``, ``WORLD_SIZE`` and ``LOCAL_RANK`` set. Each joins one process group (``gloo`` on the
CPU, ``nccl`` on CUDA), wraps the model in ``DistributedDataParallel`` (gradients averaged in
backward, so every copy of the weights stays the same) and trains on its shard of every epoch.
Rank 0 alone probes, evaluates and writes; what it finds is broadcast, and every step all
processes agree on the loss and on whether to stop, so no process is ever left waiting for a
collective the others skipped.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import torch
import torch.distributed as dist
from torch import nn

from ._device import resolve_device
from ._parallel import DistributedError, Parallel

T = TypeVar("T")
LAUNCH_VARIABLES = ("RANK", "WORLD_SIZE", "LOCAL_RANK")
DEFAULT_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class Launch:
    """What the launcher (torchrun) told this process: its rank among ``world_size`` and on its machine."""

    rank: int
    world_size: int
    local_rank: int
    master: str = "?"      # MASTER_ADDR:MASTER_PORT, for messages

    @property
    def who(self) -> str:
        return f"process {self.rank} of {self.world_size}"


def detect_launch(environ: Mapping[str, str] | None = None) -> Launch | None:
    """The launch torchrun describes in ``RANK``/``WORLD_SIZE``/``LOCAL_RANK``; ``None`` for a plain run.

    Raises :class:`DistributedError` when only some are set or they make no sense.
    """
    environ = os.environ if environ is None else environ
    present = [name for name in LAUNCH_VARIABLES if name in environ]
    if not present:
        return None
    if len(present) < len(LAUNCH_VARIABLES):
        missing = ", ".join(name for name in LAUNCH_VARIABLES if name not in environ)
        raise DistributedError(f"{', '.join(present)} set but {missing} not: start distributed training with torchrun")
    try:
        rank, world, local = (int(environ[name]) for name in LAUNCH_VARIABLES)
    except ValueError:
        values = ", ".join(f"{name}={environ[name]!r}" for name in LAUNCH_VARIABLES)
        raise DistributedError(f"launch variables are not whole numbers ({values})") from None
    if world < 1 or not 0 <= rank < world or local < 0:
        raise DistributedError(f"launch variables make no sense (RANK={rank}, WORLD_SIZE={world}, LOCAL_RANK={local})")
    master = f"{environ.get('MASTER_ADDR', '?')}:{environ.get('MASTER_PORT', '?')}"
    return Launch(rank, world, local, master)


def distributed_device(name: str | None, local_rank: int) -> torch.device:
    """The device of a process: ``auto``/``cuda`` mean the GPU ``LOCAL_RANK`` (one GPU per process)."""
    name = (name or "auto").lower()
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    try:
        device = resolve_device(name)
    except ValueError as error:
        raise DistributedError(str(error)) from None
    if device.type not in ("cpu", "cuda"):
        raise DistributedError(f"distributed training runs on cpu (gloo) or cuda (nccl), not on {device.type}")
    if device.type == "cuda" and device.index is None:
        count = torch.cuda.device_count()
        if local_rank >= count:
            raise DistributedError(f"LOCAL_RANK {local_rank} has no GPU of its own ({count} here): start at most "
                                   f"{count} processes per machine (--nproc_per_node)")
        device = torch.device("cuda", local_rank)
    return device


def one_line(error: BaseException) -> str:
    """A distributed error as one readable line: no source path, no boilerplate advice."""
    text = (str(error).strip().splitlines() or [type(error).__name__])[0]
    text = re.sub(r"^\[[^\]]*\.(cc|cpp|h):\d+\]\s*", "", text)
    return text.split(" This is typically caused")[0].strip()


def lost_contact(error: BaseException) -> str | None:
    """One line if ``error`` means another process vanished or stopped answering, else ``None``."""
    if isinstance(error, dist.DistError):
        return one_line(error)
    if isinstance(error, RuntimeError):
        text = str(error)
        if any(word in text for word in ("gloo", "NCCL", "Connection reset", "Connection closed", "Broken pipe",
                                         "timed out", "Timed out")):
            return one_line(error)
    return None


class _Stepper(nn.Module):
    """What DDP wraps: the model's plain forward, or its forward with a carried state (truncated BPTT)."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor, state: Any = None, with_state: bool = False) -> Any:
        return self.model.forward_with_state(x, state) if with_state else self.model(x)


class DistributedModel:
    """What a task's ``forward`` receives in a distributed run: calls go through DDP (so gradients are
    averaged across processes); every other attribute is the model's own."""

    def __init__(self, ddp: nn.Module, model: nn.Module) -> None:
        self.ddp, self.module = ddp, model

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.ddp(x)

    def forward_with_state(self, x: torch.Tensor, state: Any = None) -> Any:
        return self.ddp(x, state, True)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)


def _seed(*parts: int) -> int:
    """A 63-bit seed mixed from whole numbers (NumPy's SeedSequence: well spread, reproducible)."""
    entropy = [part & 0xFFFF_FFFF_FFFF_FFFF for part in parts]
    return int(np.random.SeedSequence(entropy).generate_state(1, np.uint64)[0] >> 1)


class DistributedParallel(Parallel):
    """One process of a ``torch.distributed`` group (made by :func:`start_distributed`)."""

    def __init__(self, launch: Launch, device: torch.device, backend: str, timeout_s: float) -> None:
        self.launch, self.device, self.backend, self.timeout_s = launch, device, backend, timeout_s
        self.rank, self.world_size, self.local_rank = launch.rank, launch.world_size, launch.local_rank
        self.device_name = str(device)
        self._own: torch.Generator | None = None

    def wrap(self, model: nn.Module) -> DistributedModel:
        """DDP around ``model`` (rank 0's weights are broadcast to all), and dropout seeded per process."""
        from torch.nn.parallel import DistributedDataParallel

        ids = [self.device.index] if self.device.type == "cuda" else None
        ddp = DistributedDataParallel(_Stepper(model), device_ids=ids)
        torch.manual_seed(_seed(torch.initial_seed(), 2, self.rank))  # different dropout masks per process
        return DistributedModel(ddp, model)

    def generators(self, generator: torch.Generator, seed: int, epoch: int) -> tuple[torch.Generator, torch.Generator]:
        """The epoch's order from (seed, epoch) on every process; batches from this process's own stream."""
        shared = torch.Generator(device=generator.device).manual_seed(_seed(seed, 0, epoch))
        if self._own is None:
            self._own = torch.Generator(device=generator.device).manual_seed(_seed(seed, 1, self.rank))
        return shared, self._own

    def agree(self, loss: float, samples: int, score: float, count: int,
              stopping: bool) -> tuple[float, int, float, int, bool]:
        """One all-reduce per step: summed loss x samples, samples, score, count and stop requests."""
        values = torch.tensor([loss * samples, samples, score, count, float(stopping)], dtype=torch.float64,
                              device=self.device)
        dist.all_reduce(values)
        loss_sum, total, score, count, stops = values.tolist()
        return loss_sum / max(total, 1.0), int(total), score, int(count), stops > 0

    def on_main(self, work: Callable[[], T]) -> T:
        """Rank 0 runs ``work``; every process gets its result, or raises its exception."""
        payload: list[Any] = [None]
        failure: BaseException | None = None
        if self.is_main:
            try:
                payload[0] = ("value", work())
            except Exception as error:  # noqa: BLE001 - passed on to every process, then raised
                failure = error
                payload[0] = ("error", error if _picklable(error) else RuntimeError(one_line(error)))
        dist.broadcast_object_list(payload, src=0, device=self._object_device())
        kind, value = payload[0]
        if kind == "value":
            return value
        raise failure if failure is not None else value

    def gather(self, value: Any) -> list[Any]:
        """``value`` from every process, in rank order (small picklable values only)."""
        values: list[Any] = [None] * self.world_size
        dist.all_gather_object(values, value)
        return values

    def check(self, problem: str | None) -> None:
        """Raise :class:`DistributedError` on every process if any process has a problem (one line, naming it)."""
        problems = self.gather(problem or None)
        for rank, found in enumerate(problems):
            if found:
                raise DistributedError(found if rank == self.rank else f"process {rank}: {found}")

    def barrier(self) -> None:
        dist.barrier()

    def _object_device(self) -> torch.device | None:
        return self.device if self.backend == "nccl" else None

    def close(self) -> None:
        """Leave the process group (never raises: it runs on every way out, errors included)."""
        with contextlib.suppress(Exception):
            if dist.is_initialized():
                dist.destroy_process_group()


def _picklable(error: BaseException) -> bool:
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 - any failure means: send a plain copy instead
        return False
    return True


def start_distributed(launch: Launch, device_name: str | None = "auto",
                      timeout_s: float = DEFAULT_TIMEOUT_S) -> DistributedParallel:
    """Join the process group torchrun set up; raises :class:`DistributedError` (one line) if it cannot."""
    device = distributed_device(device_name, launch.local_rank)
    backend = "nccl" if device.type == "cuda" else "gloo"
    options: dict[str, Any] = {"backend": backend, "rank": launch.rank, "world_size": launch.world_size,
                               "timeout": _dt.timedelta(seconds=timeout_s)}
    if device.type == "cuda":
        torch.cuda.set_device(device)
        options["device_id"] = device
    try:
        dist.init_process_group(**options)
    except (RuntimeError, ValueError, TimeoutError) as error:
        raise DistributedError(f"{launch.who} could not join the others at {launch.master} ({backend}): "
                               f"{one_line(error)}") from None
    return DistributedParallel(launch, device, backend, timeout_s)


@contextlib.contextmanager
def distributed_training(launch: Launch, device_name: str | None = "auto",
                         timeout_s: float = DEFAULT_TIMEOUT_S) -> Iterator[DistributedParallel]:
    """The process group for the ``with`` block; left on every way out (errors and Ctrl+C included)."""
    parallel = start_distributed(launch, device_name, timeout_s)
    try:
        yield parallel
    finally:
        parallel.close()
