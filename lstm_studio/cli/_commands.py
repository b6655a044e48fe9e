"""The four headless commands. Each returns an exit status; errors raise :class:`CliError`."""
from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

import numpy as np


class CliError(Exception):
    """A user-facing failure: printed as one line on stderr, exit status 2 (or ``status``)."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def _load_model(path: str | None, device: str = "cpu"):
    from ..io import CheckpointError, load_checkpoint_or_bundled
    from ..training import resolve_device

    try:
        checkpoint = load_checkpoint_or_bundled(path)
        return checkpoint, checkpoint.build_model(resolve_device(device))
    except (CheckpointError, ValueError) as error:
        raise CliError(str(error)) from None


def _emit_json(payload: dict) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


# --- train ---------------------------------------------------------------------------------
def run_train(args: argparse.Namespace) -> int:
    from ..io import CheckpointError, load_checkpoint, save_checkpoint
    from ..training import TrainConfig, Trainer, describe_device

    out = Path(args.out)
    if out.is_dir():
        raise CliError(f"--out {out}: is a folder; give a file name such as {out / 'model.pt'}")
    digits = _training_digits(args)
    initial = None
    if args.checkpoint:
        try:
            checkpoint = load_checkpoint(args.checkpoint)
        except CheckpointError as error:
            raise CliError(str(error)) from None
        initial = checkpoint.build_model()
        args.hidden_size, args.layers = checkpoint.config.hidden_size, checkpoint.config.num_layers
    config = TrainConfig(
        hidden_size=args.hidden_size, num_layers=args.layers, dropout=args.dropout, learning_rate=args.lr,
        batch_size=args.batch_size, epochs=args.epochs, seed=args.seed, device=args.device,
        num_threads=args.threads, augment=args.augment, limit_batches=args.limit_batches,
        probe_every=args.probe_every, lr_schedule=args.lr_schedule)
    try:
        trainer = Trainer(config, digits, initial)
    except ValueError as error:
        raise CliError(str(error)) from None
    device = describe_device(trainer.device)
    print(f"training on {device} with {digits.description}", file=sys.stderr)

    def save(metrics: dict) -> None:
        try:
            save_checkpoint(out, trainer.model, metrics | {"data": digits.source},
                            {"training": config.to_dict()})
        except OSError as error:
            raise CliError(f"--out {out}: cannot write ({error.strerror or error})") from None

    result = _train_with_progress(trainer, save)
    if result.status == "diverged":
        print(f"lstm-studio: training diverged: {result.reason}; {out} was not written", file=sys.stderr)
        return 1
    save({"test_accuracy": result.test_accuracy, "epochs": result.epochs_completed, "steps": result.steps,
          "samples_per_s": result.samples_per_s, "status": result.status})
    accuracy = "n/a" if result.test_accuracy is None else f"{result.test_accuracy:.4f}"
    print(f"{result.status}: {result.epochs_completed} epoch(s), test accuracy {accuracy}, "
          f"{result.samples_per_s:,.0f} samples/s; saved {out}", file=sys.stderr)
    if args.json:
        _emit_json({"samples_per_s": result.samples_per_s, "test_accuracy": result.test_accuracy,
                    "epochs": result.epochs_completed, "device": trainer.device.type, "steps": result.steps,
                    "status": result.status, "train_seconds": result.train_seconds, "data": digits.source,
                    "checkpoint": str(out)})
    return 0


def _training_digits(args: argparse.Namespace):
    from ..data import DigitSet, MnistMissing, load_digits, load_mini_mnist

    if args.mini:
        digits = load_mini_mnist()
    else:
        try:
            digits = load_digits(args.data_dir, download=not args.no_download, allow_mini=True)
        except MnistMissing as error:  # only when the bundled mini-MNIST itself is missing
            raise CliError(str(error)) from None
        if digits.notice:
            print(f"lstm-studio: notice: {digits.notice}", file=sys.stderr)
    if not args.strokes:
        return digits
    images, labels = _stroke_digits(args.strokes, args.stroke_writers)
    print(f"adding {len(labels):,} rendered pen digits from {args.strokes}", file=sys.stderr)
    return DigitSet(np.concatenate([digits.train_images, images]), np.concatenate([digits.train_labels, labels]),
                    digits.test_images, digits.test_labels, f"{digits.source}+strokes", digits.notice)


def _stroke_digits(path: str, writers_text: str):
    from ..data import PenDigitsError, parse_writers, read_pendigits, render_pendigits

    try:
        writers = parse_writers(writers_text) if writers_text else None
    except ValueError as error:
        raise CliError(f"--stroke-writers: {error}") from None
    try:
        pen = read_pendigits(path)
        chosen = [digit for digit in pen if writers is None or digit.writer in writers]
        if not chosen:
            raise CliError(f"--strokes {path}: no digits from writers {writers_text or 'any'}")
        # Three pen widths: thin, MNIST-like and bold, as people draw.
        widths = (1.8, 2.4, 3.0)
        images, labels = render_pendigits(chosen, pen_widths=widths)
    except PenDigitsError as error:  # names the file (and line) itself
        raise CliError(f"--strokes {error}") from None
    if (left_out := len(chosen) - len(labels) // len(widths)) > 0:
        print(f"lstm-studio: notice: --strokes {path}: left out {left_out:,} pen digit(s) too small to read "
              f"(a dot or a tiny scribble)", file=sys.stderr)
    return images, labels


def _train_with_progress(trainer, save):
    from tqdm import tqdm

    total = trainer.config.epochs * _batches_per_epoch(trainer)
    bar = tqdm(total=total, unit="batch", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

    def on_snapshot(snapshot) -> None:
        if snapshot.loss == snapshot.loss:  # skip NaN: no step since the last snapshot
            bar.set_postfix_str(f"epoch {min(snapshot.epoch + 1, snapshot.epochs)}/{snapshot.epochs} "
                                f"loss {snapshot.loss:.3f} {snapshot.samples_per_s:,.0f} samples/s", refresh=False)
        # update() redraws at most every mininterval: the bar costs the loop nothing.
        bar.update(snapshot.epoch * snapshot.batches_per_epoch + snapshot.batch - bar.n)

    def on_epoch(report) -> None:
        bar.write(f"epoch {report.epoch}: train loss {report.train_loss:.4f}, "
                  f"test accuracy {report.test_accuracy:.4f}", file=sys.stderr)
        # Save after every epoch so a crash or Ctrl+C loses at most one epoch.
        save({"test_accuracy": report.test_accuracy, "epochs": report.epoch, "status": "in progress"})

    previous = signal.getsignal(signal.SIGINT)

    def interrupt(signum, frame) -> None:  # noqa: ANN001
        trainer.stop("interrupted (Ctrl+C)")
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, interrupt)
    try:
        return trainer.run(on_snapshot, on_epoch)
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()


def _batches_per_epoch(trainer) -> int:
    size = len(trainer.digits.train_labels)
    batches = -(-size // trainer.config.batch_size)
    return min(batches, trainer.config.limit_batches or batches)


# --- evaluate ------------------------------------------------------------------------------
def run_evaluate(args: argparse.Namespace) -> int:
    import torch

    from ..data import MnistMissing, load_mnist
    from ..training import evaluate

    checkpoint, model = _load_model(args.checkpoint, args.device)
    try:
        digits = load_mnist(args.data_dir, download=not args.no_download)
    except MnistMissing as error:
        raise CliError(str(error)) from None
    images = torch.tensor(digits.test_images, device=model.device)
    labels = torch.tensor(digits.test_labels, device=model.device)
    accuracy, loss, _ = evaluate(model, images, labels)
    if args.json:
        _emit_json({"accuracy": accuracy, "n": len(labels), "loss": loss})
    else:
        print(f"accuracy {accuracy:.4f} on {len(labels):,} MNIST test digits (loss {loss:.4f})")
    return 0


# --- classify ------------------------------------------------------------------------------
def run_classify(args: argparse.Namespace) -> int:
    import torch

    from ..data import iter_inputs

    _, model = _load_model(args.checkpoint)
    failures = 0
    for path in args.inputs:
        for item in iter_inputs(path):
            if item.rendering is None:
                failures += 1
                print(f"lstm-studio: {item.error}", file=sys.stderr)
                if args.json:
                    _emit_json({"input": item.name, "digit": None, "probs": None, "error": item.error})
                continue
            x = torch.from_numpy(item.rendering.image).unsqueeze(0)
            probs = model.predict_proba(x)[0].tolist()
            digit = int(np.argmax(probs))
            if args.json:
                _emit_json({"input": item.name, "digit": digit, "probs": probs})
            else:
                print(f"{item.name}: {digit} ({probs[digit]:.1%})")
    return 2 if failures else 0


# --- inspect -------------------------------------------------------------------------------
def run_inspect(args: argparse.Namespace) -> int:
    import torch

    from ..data import iter_inputs
    from ..io._export import save_trace_csv, save_trace_npz

    for option, target in (("--out", args.out), ("--csv", args.csv)):
        if target and Path(target).is_dir():  # found before any work, and before writing the other file
            raise CliError(f"{option} {target}: is a folder; give a file name such as {Path(target) / 'gates.npz'}")
    _, model = _load_model(args.checkpoint)
    items = list(iter_inputs(args.input))
    if len(items) != 1:
        raise CliError(f"{args.input}: inspect takes one digit; this file holds {len(items)}")
    item = items[0]
    if item.rendering is None:
        raise CliError(item.error)
    trace = model.trace(torch.from_numpy(item.rendering.image).unsqueeze(0))
    try:
        save_trace_npz(args.out, trace)
        if args.csv:
            save_trace_csv(args.csv, trace)
    except OSError as error:
        raise CliError(f"cannot write {error.filename}: {error.strerror}") from None
    final = trace.probs_per_step[0, -1]
    print(f"{args.input}: {int(final.argmax())} ({final.max():.1%}); gates of {trace.num_layers} layer(s) x "
          f"{trace.num_steps} steps x {trace.hidden_size} units saved to {args.out}", file=sys.stderr)
    return 0
