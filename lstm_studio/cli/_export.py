"""``lstm-studio export``: a model (any format LSTM Studio reads) to ``.safetensors`` or ONNX."""
from __future__ import annotations

import argparse

from ._common import CliError, emit_json, load_model, note


def run_export(args: argparse.Namespace) -> int:
    from ..io import ExportError, describe_config, export_model

    checkpoint, model = load_model(args.checkpoint)
    try:
        written = export_model(args.to, model, task=checkpoint.task, metrics=checkpoint.metrics)
    except ExportError as error:
        raise CliError(str(error)) from None
    kind = written.suffix.lstrip(".").lower()
    note(f"wrote {written} ({kind}: {describe_config(checkpoint.config)})")
    if args.json:
        emit_json({"file": str(written), "format": kind, "bytes": written.stat().st_size,
                   "cell": checkpoint.config.cell})
    return 0
