"""``classify``, ``inspect`` and ``evaluate`` on people's own sequences (``.npy``, ``.npz``, CSV, text).

Any model reads them: its own, or one opened from another framework. The sequences must have
as many features per step as the model reads; see :func:`~lstm_studio.tasks.read_sequences`.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from ._common import CliError, emit_json, load_model, note


def is_sequence_file(path: str) -> bool:
    """Whether ``path`` names a sequence file (by its suffix) rather than an image or a drawing."""
    from ..tasks import SEQUENCE_SUFFIXES

    return Path(path).suffix.lower() in SEQUENCE_SUFFIXES


def read_for_model(path: str, checkpoint: Any) -> Any:
    """The sequences in ``path`` checked against the model's input; errors become :class:`CliError`."""
    from ..tasks import SequenceError, read_sequences, saved_vocabulary

    config = checkpoint.config
    try:
        return read_sequences(path, config.input_size, config.vocab_size, saved_vocabulary(checkpoint.task))
    except SequenceError as error:
        raise CliError(str(error)) from None


def outputs_of(model: Any, x: np.ndarray) -> np.ndarray:
    """``[N, outputs]``: the activated outputs after each sequence's last step (h for a model without head)."""
    import torch

    with torch.no_grad():
        outputs = model.predict_proba(torch.from_numpy(np.array(x)))
    if outputs.dim() == 3:
        outputs = outputs[:, -1]
    return outputs.cpu().numpy()


def describe_outputs(config: Any, outputs: np.ndarray) -> dict[str, Any]:
    """``{"class": k | None, "outputs": [...], "output_kind": "probs" | "values"}`` for one sequence."""
    classifies = config.head != "none" and config.output_size > 1
    return {"class": int(np.argmax(outputs)) if classifies else None, "outputs": [float(v) for v in outputs],
            "output_kind": config.output_kind}


def classify_file(args: argparse.Namespace, checkpoint: Any, model: Any, path: str) -> int:
    """Print the class (or the outputs) of every sequence in ``path``; returns 1 if the file was refused.

    A bad file is one line on stderr (and, with ``--json``, a line with ``"error"``), and the
    other inputs are still classified.
    """
    try:
        sequences = read_for_model(path, checkpoint)
    except CliError as error:
        note(f"lstm-studio: {error}")
        if args.json:
            emit_json({"input": path, "digit": None, "probs": None, "class": None, "error": str(error)})
        return 1
    outputs = outputs_of(model, sequences.x)
    for name, row in zip(sequences.names, outputs):
        result = describe_outputs(checkpoint.config, row)
        if args.json:
            emit_json({"input": name, **result})
        elif result["class"] is not None:
            share = f" ({row[result['class']]:.1%})" if result["output_kind"] == "probs" else ""
            print(f"{name}: class {result['class']}{share}")
        else:
            print(f"{name}: outputs {', '.join(f'{v:.4g}' for v in row)}")
    return 0


def run_inspect_any(args: argparse.Namespace) -> int:
    """``inspect``: a sequence file for any model, else a digit (image or drawing) as before."""
    from ._digits import _write_trace, run_inspect

    if not is_sequence_file(args.input):
        return run_inspect(args)
    checkpoint, model = load_model(args.checkpoint)
    inspect_file(args, checkpoint, model, _write_trace)
    return 0


def inspect_file(args: argparse.Namespace, checkpoint: Any, model: Any, write_trace: Any) -> None:
    """Trace one sequence of ``args.input`` (``--index``) and write its arrays."""
    import torch

    sequences = read_for_model(args.input, checkpoint)
    index = args.index
    if not 0 <= index < len(sequences):
        raise CliError(f"{args.input}: --index {index} is out of range (the file holds {len(sequences)} "
                       f"sequence{'s' if len(sequences) != 1 else ''})")
    if len(sequences) > 1 and index == 0:
        note(f"{args.input} holds {len(sequences)} sequences: inspecting the first (--index chooses another)")
    trace = model.trace(torch.from_numpy(sequences.x[index:index + 1].copy()))
    write_trace(args, trace)
    summary = ""
    if trace.outputs is not None:
        result = describe_outputs(checkpoint.config, trace.outputs[0, -1])
        summary = f"class {result['class']}; " if result["class"] is not None else ""
    note(f"{sequences.names[index]}: {summary}{', '.join(trace.names)} of {trace.num_layers} layer(s) x "
         f"{trace.num_steps} steps x {trace.hidden_size} units saved to {args.out}")


def evaluate_file(args: argparse.Namespace, checkpoint: Any, model: Any) -> None:
    """The model's metric on the labelled sequences of ``--data``."""
    from ..tasks import SequenceError, SequencesTask

    sequences = read_for_model(args.data, checkpoint)
    try:
        task = SequencesTask(sequences, checkpoint.config, args.data)
        evaluation = task.evaluate(model)
    except SequenceError as error:
        raise CliError(str(error)) from None
    metric = task.metric
    if args.json:
        emit_json({"metric": metric.name, metric.name: evaluation.metric, "n": len(sequences),
                   "loss": evaluation.loss})
    else:
        print(f"{metric.label} {metric.format(evaluation.metric)} on {len(sequences):,} sequences of {args.data} "
              f"(loss {evaluation.loss:.4f})")
