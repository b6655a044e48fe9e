"""``lstm-studio train``: train a model on a task, with a progress bar, saving after every epoch."""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ._common import CliError, emit_json, note


def run_train(args: argparse.Namespace) -> int:
    from ..io import CheckpointError, load_checkpoint
    from ..training import TrainConfig, Trainer, describe_device
    from ._parser import DIGITS_DEFAULTS
    from ._text import fill_defaults, run_train_text

    if getattr(args, "task", "digits") == "text":
        return run_train_text(args)
    fill_defaults(args, DIGITS_DEFAULTS)

    out = Path(args.out)
    if out.is_dir():
        raise CliError(f"--out {out}: is a folder; give a file name such as {out / 'model.pt'}")
    task = _build_task(args)
    initial = None
    if args.checkpoint:
        try:
            checkpoint = load_checkpoint(args.checkpoint)
        except CheckpointError as error:
            raise CliError(str(error)) from None
        initial = checkpoint.build_model()
        args.hidden_size, args.layers, args.cell = (checkpoint.config.hidden_size, checkpoint.config.num_layers,
                                                    checkpoint.config.cell)
    config = TrainConfig(
        cell=args.cell, hidden_size=args.hidden_size, num_layers=args.layers, dropout=args.dropout,
        forget_bias=args.forget_bias, learning_rate=args.lr, batch_size=args.batch_size, epochs=args.epochs,
        seed=args.seed, device=args.device, num_threads=args.threads, augment=args.augment,
        limit_batches=args.limit_batches, probe_every=args.probe_every, lr_schedule=args.lr_schedule)
    try:
        trainer = Trainer(config, task, initial)
    except ValueError as error:
        raise CliError(str(error)) from None
    note(f"training a {config.cell} on {describe_device(trainer.device, config.num_threads)} with {task.describe()}")
    saver = _Saver(out, trainer, task)
    result = _train_with_progress(trainer, saver)
    if result.status == "diverged":
        note(f"lstm-studio: training diverged: {result.reason}; {saver.on_disk()}")
        return 1
    saver.save({**_metrics(task, result.test_metric), "epochs": result.epochs_completed, "steps": result.steps,
                "samples_per_s": result.samples_per_s, "status": result.status})
    metric = task.metric
    note(f"{result.status}: {result.epochs_completed} epoch(s), test {metric.label} {metric.format(result.test_metric)}, "
         f"{result.samples_per_s:,.0f} samples/s; saved {out}")
    if args.json:
        emit_json({"samples_per_s": result.samples_per_s, **_metrics(task, result.test_metric),
                   "metric": metric.name, "epochs": result.epochs_completed, "device": trainer.device.type,
                   "steps": result.steps, "status": result.status, "train_seconds": result.train_seconds,
                   "data": getattr(getattr(task, "digits", None), "source", task.name), "cell": config.cell,
                   "checkpoint": str(out)})
    return 0


def _metrics(task: Any, value: float | None) -> dict[str, Any]:
    """``{"test_accuracy": ...}`` for digits (the name the README documents), ``{"test_<metric>": ...}`` otherwise."""
    return {f"test_{task.metric.name}": value}


class _Saver:
    """Writes the run's checkpoint and remembers what is on disk, so a failure can say so."""

    def __init__(self, out: Path, trainer: Any, task: Any) -> None:
        self.out, self.trainer, self.task = out, trainer, task
        self.saved_epoch: int | None = None
        self.saved_metric: float | None = None

    def save(self, metrics: dict) -> None:
        from ..io import save_checkpoint

        data = getattr(getattr(self.task, "digits", None), "source", self.task.name)
        try:
            save_checkpoint(self.out, self.trainer.model, metrics | {"data": data}, task=self.task.to_dict(),
                            training=self.trainer.config.to_dict())
        except OSError as error:
            raise CliError(f"--out {self.out}: cannot write ({error.strerror or error})") from None

    def save_epoch(self, report: Any) -> None:
        self.save({**_metrics(self.task, report.test_metric), "epochs": report.epoch, "status": "in progress"})
        self.saved_epoch, self.saved_metric = report.epoch, report.test_metric

    def on_disk(self) -> str:
        if self.saved_epoch is None:
            return f"nothing was written to {self.out}"
        metric = self.task.metric
        return (f"{self.out} holds the weights after epoch {self.saved_epoch} "
                f"(test {metric.label} {metric.format(self.saved_metric)})")


def _build_task(args: argparse.Namespace) -> Any:
    from ..tasks import DigitsTask

    return DigitsTask(_training_digits(args), augment=args.augment, layout=args.layout, chunk=args.chunk)


def _training_digits(args: argparse.Namespace) -> Any:
    from ..data import DigitSet, MnistMissing, load_digits, load_mini_mnist

    if args.mini:
        digits = load_mini_mnist()
    else:
        try:
            digits = load_digits(args.data_dir, download=not args.no_download, allow_mini=True)
        except MnistMissing as error:  # only when the bundled mini-MNIST itself is missing
            raise CliError(str(error)) from None
        if digits.notice:
            note(f"lstm-studio: notice: {digits.notice}")
    if not args.strokes:
        return digits
    images, labels = _stroke_digits(args.strokes, args.stroke_writers)
    note(f"adding {len(labels):,} rendered pen digits from {args.strokes}")
    return DigitSet(np.concatenate([digits.train_images, images]), np.concatenate([digits.train_labels, labels]),
                    digits.test_images, digits.test_labels, f"{digits.source}+strokes", digits.notice)


def _stroke_digits(path: str, writers_text: str) -> tuple[np.ndarray, np.ndarray]:
    from ..data import parse_writers, read_pendigits, render_pendigits

    try:
        writers = parse_writers(writers_text) if writers_text else None
        pen = read_pendigits(path)
    except (OSError, ValueError, IndexError) as error:
        raise CliError(f"--strokes {path}: {error}") from None
    chosen = [digit for digit in pen if writers is None or digit.writer in writers]
    if not chosen:
        raise CliError(f"--strokes {path}: no digits from writers {writers_text or 'any'}")
    # Three pen widths: thin, MNIST-like and bold, as people draw.
    return render_pendigits(chosen, pen_widths=(1.8, 2.4, 3.0))


def _train_with_progress(trainer: Any, saver: _Saver) -> Any:
    from tqdm import tqdm

    metric = trainer.task.metric
    total = trainer.config.epochs * trainer.batches_per_epoch()
    bar = tqdm(total=total, unit="batch", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

    def on_snapshot(snapshot: Any) -> None:
        if snapshot.loss == snapshot.loss:  # skip NaN: no step since the last snapshot
            bar.set_postfix_str(f"epoch {min(snapshot.epoch + 1, snapshot.epochs)}/{snapshot.epochs} "
                                f"loss {snapshot.loss:.3f} {snapshot.samples_per_s:,.0f} samples/s", refresh=False)
        # update() redraws at most every mininterval: the bar costs the loop nothing.
        bar.update(snapshot.epoch * snapshot.batches_per_epoch + snapshot.batch - bar.n)

    def on_epoch(report: Any) -> None:
        bar.write(f"epoch {report.epoch}: train loss {report.train_loss:.4f}, "
                  f"test {metric.label} {metric.format(report.test_metric)}", file=sys.stderr)
        # Save after every epoch so a crash or Ctrl+C loses at most one epoch.
        saver.save_epoch(report)

    previous = signal.getsignal(signal.SIGINT)

    def interrupt(signum: int, frame: Any) -> None:
        trainer.stop("interrupted (Ctrl+C)")
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, interrupt)
    try:
        return trainer.run(on_snapshot, on_epoch)
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()
