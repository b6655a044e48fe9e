"""``evaluate``, ``classify`` and ``inspect``: a digits model on the MNIST test set, on files, on one input;
any model on sequence files (see ``_sequences.py``)."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from ._common import CliError, emit_json, load_model, note
from ._sequences import classify_file, evaluate_file, is_sequence_file


def _digits_model(path: str | None, device: str = "cpu", loaded: tuple[Any, Any] | None = None) -> tuple[Any, Any, int]:
    """``(checkpoint, model, pixels per step)`` of a digits model; another task's model is refused."""
    from ..tasks import digits_chunk

    checkpoint, model = loaded or load_model(path, device)
    if (checkpoint.task or {}).get("name") == "sequences":
        raise CliError(f"{path}: this model reads sequences of {checkpoint.config.input_size} features per step, "
                       "not digits: give it .npy, .npz or .csv sequences (evaluate: --data FILE.npz with x and y)")
    try:
        chunk = digits_chunk(checkpoint.task, checkpoint.config.input_size)
    except ValueError as error:
        raise CliError(f"{path or 'bundled model'}: {error}") from None
    if checkpoint.config.head != "last" or checkpoint.config.output_size != 10:
        raise CliError(f"{path}: this model does not classify digits into 10 classes at the last step")
    return checkpoint, model, chunk


def run_evaluate(args: argparse.Namespace) -> int:
    from ..data import MnistMissing, load_mnist
    from ..tasks import DigitsTask

    if args.data:
        checkpoint, model = load_model(args.checkpoint, args.device)
        evaluate_file(args, checkpoint, model)
        return 0
    checkpoint, model, chunk = _digits_model(args.checkpoint, args.device)
    try:
        digits = load_mnist(args.data_dir, download=not args.no_download)
    except MnistMissing as error:
        raise CliError(str(error)) from None
    layout = "rows" if chunk == 28 else "pixels"
    evaluation = DigitsTask(digits, layout=layout, chunk=chunk).evaluate(model)
    if args.json:
        emit_json({"accuracy": evaluation.metric, "n": evaluation.count, "loss": evaluation.loss})
    else:
        print(f"accuracy {evaluation.metric:.4f} on {evaluation.count:,} MNIST test digits (loss {evaluation.loss:.4f})")
    return 0


def run_classify(args: argparse.Namespace) -> int:
    import torch

    from ..data import iter_inputs
    from ..tasks import images_to_sequence

    loaded = load_model(args.checkpoint)
    images = [path for path in args.inputs if not is_sequence_file(path)]
    _, model, chunk = _digits_model(args.checkpoint, loaded=loaded) if images else (*loaded, 0)
    failures = 0
    for path in args.inputs:
        if is_sequence_file(path):
            failures += classify_file(args, loaded[0], model, path)
            continue
        for item in iter_inputs(path):
            if item.rendering is None:
                failures += 1
                note(f"lstm-studio: {item.error}")
                if args.json:
                    emit_json({"input": item.name, "digit": None, "probs": None, "error": item.error})
                continue
            x = images_to_sequence(torch.from_numpy(item.rendering.image).unsqueeze(0), chunk)
            probs = model.predict_proba(x)[0].tolist()
            digit = int(np.argmax(probs))
            if args.json:
                emit_json({"input": item.name, "digit": digit, "probs": probs})
            else:
                print(f"{item.name}: {digit} ({probs[digit]:.1%})")
    return 2 if failures else 0


def run_inspect(args: argparse.Namespace) -> int:
    import torch

    from ..data import iter_inputs
    from ..tasks import images_to_sequence

    for option, target in (("--out", args.out), ("--csv", args.csv)):
        if target and Path(target).is_dir():  # found before any work, and before writing the other file
            raise CliError(f"{option} {target}: is a folder; give a file name such as {Path(target) / 'gates.npz'}")
    _, model, chunk = _digits_model(args.checkpoint)
    items = list(iter_inputs(args.input))
    if len(items) != 1:
        raise CliError(f"{args.input}: inspect takes one digit; this file holds {len(items)}")
    item = items[0]
    if item.rendering is None:
        raise CliError(item.error)
    trace = model.trace(images_to_sequence(torch.from_numpy(item.rendering.image).unsqueeze(0), chunk))
    _write_trace(args, trace)
    final = trace.probs_per_step[0, -1]
    note(f"{args.input}: {int(final.argmax())} ({final.max():.1%}); {', '.join(trace.names)} of "
         f"{trace.num_layers} layer(s) x {trace.num_steps} steps x {trace.hidden_size} units saved to {args.out}")
    return 0


def _write_trace(args: argparse.Namespace, trace: Any) -> None:
    from ..io import save_trace_csv, save_trace_npz

    for path, write in ((args.out, save_trace_npz), (args.csv, save_trace_csv)):
        if not path:
            continue
        try:
            write(path, trace)
        except IsADirectoryError:
            raise CliError(f"{path}: is a folder; give a file name such as {path.rstrip('/')}/gates.npz") from None
        except OSError as error:
            raise CliError(f"cannot write {path}: {error.strerror or error}") from None
