"""One process of a distributed test run (tests/test_distributed.py starts two, with torchrun's variables).

Through the public API only (``detect_launch``, ``distributed_training``, ``Trainer``), in one
process group, it trains three times and writes what it saw to ``OUT/rank<r>.json`` and its
final weights of the first run to ``OUT/rank<r>.npz``:

1. a normal run (which samples each process trained on, the losses rank 0 reported);
2. a run where only process 1 asks to stop, during its third step's backward;
3. a run where only process 1's loss turns NaN, at its fourth step.

Usage: python tests/ddp_worker.py OUT
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import torch

from lstm_studio.data import DigitSet, load_mini_mnist
from lstm_studio.tasks import DigitsTask
from lstm_studio.training import TrainConfig, Trainer, detect_launch, distributed_training

CONFIG = dict(hidden_size=16, num_layers=1, batch_size=32, device="cpu", probe_size=4, num_threads=1,
              learning_rate=5e-3, snapshot_interval_s=0.0, probe_every=5)


class RecordingTask(DigitsTask):
    """Digits that remember which training samples each batch held."""

    def __init__(self, digits: DigitSet) -> None:
        super().__init__(digits)
        self.seen: list[list[int]] = []   # per epoch, the sample indices of this process's batches

    def start_epoch(self, generator: torch.Generator, batch_size: int) -> None:
        super().start_epoch(generator, batch_size)
        self.seen.append([])

    def batch(self, index: int, batch_size: int, generator: torch.Generator):  # noqa: ANN201
        self.seen[-1].extend(int(i) for i in self._order[index * batch_size:(index + 1) * batch_size])
        return super().batch(index, batch_size, generator)


def stop_during_backward(trainer: Trainer, at_step: int) -> None:
    """Ask ``trainer`` to stop from inside backward of step ``at_step``: after the step's agreement,
    before the next batch (the moment a local stop check would leave the other process waiting)."""
    calls = []

    def hook(grad: torch.Tensor) -> torch.Tensor:
        calls.append(1)
        if len(calls) == at_step:
            trainer.stop("process 1 asked to stop")
        return grad
    trainer.model.head.bias.register_hook(hook)


class NanOnOneProcess(DigitsTask):
    """Process ``who``'s loss becomes NaN at its fourth step."""

    def __init__(self, digits: DigitSet, rank: int, who: int) -> None:
        super().__init__(digits)
        self.rank, self.who, self.calls = rank, who, 0

    def loss(self, outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        self.calls += 1
        loss = super().loss(outputs, targets)
        return loss * float("nan") if self.rank == self.who and self.calls == 4 else loss


def _digits() -> DigitSet:
    mini = load_mini_mnist()
    return DigitSet(mini.train_images[:640], mini.train_labels[:640], mini.test_images[:200],
                    mini.test_labels[:200], "tiny")


def main(out: Path) -> int:
    torch.set_num_threads(1)
    launch = detect_launch()
    assert launch is not None, "run me with torchrun's RANK, WORLD_SIZE and LOCAL_RANK set"
    digits = _digits()
    with distributed_training(launch, "cpu", timeout_s=60) as parallel:
        task = RecordingTask(digits)
        trainer = Trainer(TrainConfig(**CONFIG, epochs=8), task, parallel=parallel)
        snapshots = []
        result = trainer.run(on_snapshot=snapshots.append)
        np.savez(out / f"rank{launch.rank}.npz", **{k: v.numpy() for k, v in trainer.model.state_dict().items()})

        stopper = Trainer(TrainConfig(**CONFIG, epochs=2), DigitsTask(digits), parallel=parallel)
        if launch.rank == 1:
            stop_during_backward(stopper, at_step=3)
        stopped = stopper.run()

        nan_trainer = Trainer(TrainConfig(**CONFIG, epochs=2), NanOnOneProcess(digits, launch.rank, who=1),
                              parallel=parallel)
        diverged = nan_trainer.run()
        finite = all(bool(torch.isfinite(p).all()) for p in nan_trainer.model.parameters())
    report = {
        "rank": launch.rank, "status": result.status, "steps": result.steps, "samples_seen": result.samples_seen,
        "test_metric": result.test_metric, "seen": task.seen, "batches_per_epoch": trainer.batches_per_epoch(),
        "losses": [s.loss for s in snapshots if math.isfinite(s.loss)],
        "traced": sum(1 for s in snapshots if s.trace is not None),
        "stopped": [stopped.status, stopped.steps, stopped.reason],
        "diverged": [diverged.status, diverged.steps, diverged.reason, finite],
    }
    (out / f"rank{launch.rank}.json").write_text(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
