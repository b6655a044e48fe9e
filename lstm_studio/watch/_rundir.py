"""Writing what ``ls.watch`` publishes into a run folder, through :mod:`lstm_studio.runs`' ``RunWriter``.

The adapter maps the watcher's events onto ``RunWriter``'s calls — ``write_config`` once,
``log_metrics(step, **scalars)`` per :func:`~lstm_studio.watch.log`, ``write_trace(step, trace,
probe_labels)`` per trace (the first traced module's :class:`~lstm_studio.cells.Trace`) and
``set_status`` — and is called only from the publisher's thread, so files never slow training.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np

from ._publisher import WatchError


def open_run_folder(run_dir: str | os.PathLike[str], description: dict[str, Any]) -> RunFolder:
    """A :class:`RunFolder` writing to ``run_dir``; :class:`WatchError` when run folders are unavailable."""
    from ..runs import RunFolderError, RunWriter

    try:
        return RunFolder(RunWriter(run_dir), description)
    except RunFolderError as error:
        raise WatchError(f"run_dir: {error}") from None


class RunFolder:
    """The watcher's events as ``RunWriter`` calls (see the module docstring)."""

    def __init__(self, writer: Any, description: dict[str, Any]) -> None:
        self.writer = writer
        details = dict(description)
        details["model_class"] = details.pop("model", None)  # RunWriter's ``model`` is a ModelConfig
        writer.write_config(source="ls.watch", **details)
        writer.set_status("running")

    def scalars(self, point: dict[str, Any]) -> None:
        values = {name: value for name, value in point["values"].items() if value is not None}
        self.writer.log_metrics(point["step"], **values)

    def trace(self, header: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        from ..cells import Trace

        module = header["modules"][0]
        name = module["name"]
        trace = Trace(module["cell"], {field: arrays[f"{name}/{field}"] for field in module["fields"]},
                      inputs=arrays[f"{name}/inputs"])
        labels = header.get("labels")
        self.writer.write_trace(header["step"], trace, None if labels is None else np.asarray(labels))

    def close(self) -> None:
        self.writer.close("finished")
