"""``lstm-studio train``: train a model on a task, with a progress bar, saving after every epoch.

Launched by ``torchrun``, each process trains its shard (``training/_distributed.py``); rank 0
alone shows the progress bar and writes the checkpoint and the ``--run-dir`` folder.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ._common import CliError, emit_json, note
from ._train_group import (check_same_data, collectively, load_in_turn, quiet_cpp_logs_if_launched, stop_on_signals,
                           weights_agree)


def run_train(args: argparse.Namespace) -> int:
    from ._parser import DIGITS_DEFAULTS
    from ._text import fill_defaults, run_train_text

    if getattr(args, "task", "digits") == "text":
        if "WORLD_SIZE" in os.environ:
            raise CliError("--task text trains in one process (torchrun is for the digits task); run it without "
                           "torchrun, with --run-dir to follow it from elsewhere")
        if args.run_dir:
            _check_outputs(args)
        return run_train_text(args)
    text_only = [flag for flag, name in (("--corpus", "corpus"), ("--minutes", "minutes"), ("--seq-len", "seq_len"),
                                         ("--embedding-size", "embedding_size"))
                 if getattr(args, name, None) is not None]
    if text_only or getattr(args, "no_carry_state", False):
        raise CliError(f"{(text_only or ['--no-carry-state'])[0]} is an option of --task text")
    fill_defaults(args, DIGITS_DEFAULTS)
    quiet_cpp_logs_if_launched()
    from ..training import DistributedError, detect_launch, distributed_training

    try:
        launch = detect_launch()
    except DistributedError as error:
        raise CliError(str(error)) from None
    if launch is None:
        return _train(args, None)
    try:
        with distributed_training(launch, args.device, args.dist_timeout) as parallel:
            return _train(args, parallel)
    except DistributedError as error:
        raise CliError(str(error)) from None
    except CliError as error:
        raise CliError(f"{launch.who}: {error}", error.status) from None


def _train(args: argparse.Namespace, parallel: Any) -> int:
    from ..training import SINGLE_PROCESS, TrainConfig

    parallel = parallel or SINGLE_PROCESS
    main = parallel.is_main
    say = note if main else _silent
    out = Path(args.out)
    collectively(parallel, lambda: _check_outputs(args) if main else None)
    task = load_in_turn(parallel, lambda download: _build_task(args, download, say))
    check_same_data(parallel, task)
    initial = collectively(parallel, lambda: _initial_model(args))
    config = TrainConfig(
        cell=args.cell, hidden_size=args.hidden_size, num_layers=args.layers, dropout=args.dropout,
        forget_bias=args.forget_bias, learning_rate=args.lr, batch_size=args.batch_size, epochs=args.epochs,
        seed=args.seed, device=parallel.device_name or args.device, num_threads=args.threads, augment=args.augment,
        limit_batches=args.limit_batches, probe_every=args.probe_every, lr_schedule=args.lr_schedule)
    trainer = collectively(parallel, lambda: _make_trainer(config, task, initial, parallel))
    say(_starting_line(trainer, task, parallel))
    saver = _Saver(out, trainer, task) if main else None
    recorder = collectively(parallel, lambda: _start_recorder(args.run_dir, trainer, parallel) if main else None)
    result = _train_with_progress(trainer, saver, recorder, parallel)
    if not weights_agree(parallel, trainer.model):
        say("lstm-studio: warning: the processes ended with different weights; the checkpoint holds process 0's")
    if result.status == "diverged":
        say(f"lstm-studio: training diverged: {result.reason}; the learning rate ({config.learning_rate:g}) is "
            f"probably too high; {saver.on_disk() if saver else ''}")
        _finish_recorder(recorder, result)
        return 1
    if main:
        _report(args, saver, task, trainer, result, parallel.world_size)
    _finish_recorder(recorder, result)
    return 0


def _silent(text: str) -> None:
    """Processes other than rank 0 keep quiet: one progress bar, one story."""


def _check_outputs(args: argparse.Namespace) -> None:
    out = Path(args.out)
    if out.is_dir():
        raise CliError(f"--out {out}: is a folder; give a file name such as {out / 'model.pt'}")
    if args.run_dir:
        from ..runs import is_run_folder

        run_dir = Path(args.run_dir)
        if run_dir.exists() and not run_dir.is_dir():
            raise CliError(f"--run-dir {run_dir}: is a file, not a folder")
        if run_dir.is_dir() and is_run_folder(run_dir):
            raise CliError(f"--run-dir {run_dir}: already holds a run; choose a new folder")


def _initial_model(args: argparse.Namespace) -> Any:
    from ..io import CheckpointError, load_any_model

    if not args.checkpoint:
        return None
    try:
        checkpoint = load_any_model(args.checkpoint)
    except CheckpointError as error:
        raise CliError(str(error)) from None
    args.hidden_size, args.layers, args.cell = (checkpoint.config.hidden_size, checkpoint.config.num_layers,
                                                checkpoint.config.cell)
    return checkpoint.build_model()


def _make_trainer(config: Any, task: Any, initial: Any, parallel: Any) -> Any:
    from ..training import Trainer

    try:
        return Trainer(config, task, initial, parallel)
    except ValueError as error:
        raise CliError(str(error)) from None


def _starting_line(trainer: Any, task: Any, parallel: Any) -> str:
    from ..training import describe_device

    where = describe_device(trainer.device, trainer.config.num_threads)
    if parallel.world_size > 1 or parallel.device_name:
        count = f"{parallel.world_size} processes" if parallel.world_size > 1 else "1 process"
        where = f"{count} ({getattr(parallel, 'backend', '?')}), each on {where}"
    return f"training a {trainer.config.cell} on {where} with {task.describe()}"


def _start_recorder(run_dir: str | None, trainer: Any, parallel: Any) -> Any:
    from ..runs import RunFolderError, RunWriter, TrainingRecorder

    if not run_dir:
        return None
    try:
        recorder = TrainingRecorder(RunWriter(run_dir), trainer)
        recorder.start(world_size=parallel.world_size)
    except RunFolderError as error:
        raise CliError(f"--run-dir {error}") from None
    return recorder


def _finish_recorder(recorder: Any, result: Any) -> None:
    if recorder is None:
        return
    recorder.finish(result)
    if recorder.writer.error:
        note(f"lstm-studio: warning: --run-dir: {recorder.writer.error}")


def _report(args: argparse.Namespace, saver: _Saver, task: Any, trainer: Any, result: Any, world_size: int) -> None:
    """Save the final checkpoint, say how it went, and print the JSON line."""
    out = saver.out
    saver.save({**_metrics(task, result.test_metric), "epochs": result.epochs_completed, "steps": result.steps,
                "samples_per_s": result.samples_per_s, "status": result.status, "world_size": world_size})
    metric = task.metric
    note(f"{result.status}: {result.epochs_completed} epoch(s), test {metric.label} {metric.format(result.test_metric)}, "
         f"{result.samples_per_s:,.0f} samples/s; saved {out}")
    if args.json:
        emit_json({"samples_per_s": result.samples_per_s, **_metrics(task, result.test_metric),
                   "metric": metric.name, "epochs": result.epochs_completed, "device": trainer.device.type,
                   "steps": result.steps, "status": result.status, "train_seconds": result.train_seconds,
                   "data": getattr(getattr(task, "digits", None), "source", task.name), "cell": trainer.config.cell,
                   "checkpoint": str(out), "world_size": world_size,
                   **({"run_dir": str(args.run_dir)} if args.run_dir else {})})


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


def _build_task(args: argparse.Namespace, download: bool = True, say: Any = note) -> Any:
    from ..tasks import DigitsTask

    return DigitsTask(_training_digits(args, download, say), augment=args.augment, layout=args.layout,
                      chunk=args.chunk)


def _training_digits(args: argparse.Namespace, download: bool, say: Any) -> Any:
    from ..data import DigitSet, MnistMissing, load_digits, load_mini_mnist

    if args.mini:
        digits = load_mini_mnist()
    else:
        try:
            digits = load_digits(args.data_dir, download=download and not args.no_download, allow_mini=True)
        except MnistMissing as error:  # only when the bundled mini-MNIST itself is missing
            raise CliError(str(error)) from None
        if digits.notice:
            say(f"lstm-studio: notice: {digits.notice}")
    if not args.strokes:
        return digits
    images, labels = _stroke_digits(args.strokes, args.stroke_writers)
    say(f"adding {len(labels):,} rendered pen digits from {args.strokes}")
    return DigitSet(np.concatenate([digits.train_images, images]), np.concatenate([digits.train_labels, labels]),
                    digits.test_images, digits.test_labels, f"{digits.source}+strokes", digits.notice)


def _stroke_digits(path: str, writers_text: str) -> tuple[np.ndarray, np.ndarray]:
    from ..data import PenDigitsError, parse_writers, read_pendigits, render_pendigits

    try:
        writers = parse_writers(writers_text) if writers_text else None
    except ValueError as error:
        raise CliError(f"--stroke-writers: {error}") from None
    widths = (1.8, 2.4, 3.0)  # three pen widths: thin, MNIST-like and bold, as people draw
    try:
        chosen = [digit for digit in read_pendigits(path) if writers is None or digit.writer in writers]
        if not chosen:
            raise CliError(f"--strokes {path}: no digits from writers {writers_text or 'any'}")
        images, labels = render_pendigits(chosen, pen_widths=widths)
    except PenDigitsError as error:  # names the file (and line) itself
        raise CliError(f"--strokes {error}") from None
    left_out = len(chosen) - len(labels) // len(widths)
    if left_out > 0:
        note(f"lstm-studio: notice: --strokes {path}: left out {left_out:,} pen digit(s) too small to read "
             f"(a dot or a tiny scribble)")
    return images, labels


def _train_with_progress(trainer: Any, saver: _Saver | None, recorder: Any, parallel: Any) -> Any:
    """Run the trainer: a progress bar, a save after every epoch and the run folder on rank 0;
    Ctrl+C stops between batches; a lost process ends the run with one line (status 1)."""
    from ..training import lost_contact

    distributed = parallel.world_size > 1 or parallel.device_name is not None
    on_snapshot, on_epoch, bar = _callbacks(trainer, saver, recorder) if parallel.is_main else (None, None, None)
    try:
        with stop_on_signals(trainer, distributed):
            return trainer.run(on_snapshot, on_epoch)
    except KeyboardInterrupt:
        if recorder is not None:
            recorder.fail("interrupted (Ctrl+C)", status="stopped")
        raise
    except Exception as error:
        lost = lost_contact(error) if distributed else None
        reason = f"lost contact with the other training processes ({lost})" if lost else \
            f"{type(error).__name__}: {(str(error).splitlines() or [''])[0]}"
        if recorder is not None:
            recorder.fail(reason)
        if lost:
            raise CliError(f"{reason}; training stopped" + (f"; {saver.on_disk()}" if saver else ""), 1) from None
        raise
    finally:
        if bar is not None:
            bar.close()


def _callbacks(trainer: Any, saver: _Saver | None, recorder: Any) -> tuple[Any, Any, Any]:
    """The main process's snapshot and epoch callbacks (progress bar, checkpoint, run folder) and its bar."""
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
        if recorder is not None:
            recorder.on_snapshot(snapshot)

    def on_epoch(report: Any) -> None:
        bar.write(f"epoch {report.epoch}: train loss {report.train_loss:.4f}, "
                  f"test {metric.label} {metric.format(report.test_metric)}", file=sys.stderr)
        # Save after every epoch so a crash or Ctrl+C loses at most one epoch.
        if saver is not None:
            saver.save_epoch(report)
        if recorder is not None:
            recorder.on_epoch(report)

    return on_snapshot, on_epoch, bar
