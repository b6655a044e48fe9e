"""``ls.watch(model, probe=...)`` and ``ls.log(step, loss=...)``: a user's own training loop, live.

:func:`log` is the clock. Every call publishes its scalars; when the step is due (``every`` steps
after the last trace, or at once when a new listener subscribes) and somebody listens (or a run
folder is written), the probe goes through the whole model once and each recurrent module's
gates are replayed on its current weights (see ``_modules.py``). Tracing runs in the training
thread, between two of its steps, so the weights are those of one step; it is held to
``budget`` (1 %) of the time since ``watch`` started, so a slow trace is simply made rarer.
Everything after that — NumPy, JSON, sockets, files — happens in the publisher's thread.
"""
from __future__ import annotations

import atexit
import math
import os
import platform
import secrets
import socket
import sys
import time
from typing import Any

import numpy as np

from ._modules import Recurrent, find_recurrent, probe_pass, trace_module
from ._messages import finite_or_none
from ._publisher import Publisher, WatchError

DEFAULT_PORT = 5557
DEFAULT_HOST = "127.0.0.1"
DEFAULT_EVERY = 100
DEFAULT_BUDGET = 0.01
#: A trace carrying more values than this is cut to fewer probe sequences (64 MiB as float32).
MAX_TRACE_VALUES = 16 << 20

_current: Watcher | None = None


def default_port() -> int:
    """``$LSTM_STUDIO_WATCH_PORT``, else 5557."""
    text = os.environ.get("LSTM_STUDIO_WATCH_PORT", "")
    try:
        return int(text) if text else DEFAULT_PORT
    except ValueError:
        raise WatchError(f"LSTM_STUDIO_WATCH_PORT={text!r} is not a port number") from None


class Watcher:
    """Publishes one model's scalars and gates; made by :func:`watch`. See the module docstring."""

    def __init__(self, model: Any, probe: Any, every: int = DEFAULT_EVERY, port: int | None = None,
                 host: str | None = None, run_dir: str | os.PathLike[str] | None = None,
                 probe_labels: Any = None, budget: float = DEFAULT_BUDGET) -> None:
        if not isinstance(every, int) or isinstance(every, bool) or every < 1:
            raise WatchError(f"every must be a whole number of steps, at least 1 (got {every!r})")
        if not 0 < budget <= 1:
            raise WatchError(f"budget must be a share of time in (0, 1] (got {budget!r})")
        self.model, self.probe, self.every, self.budget = model, probe, every, budget
        self.recurrent: list[Recurrent] = find_recurrent(model)
        if not self.recurrent:
            raise WatchError(f"no nn.LSTM, nn.GRU or nn.RNN inside this {type(model).__name__}: nothing to watch")
        self.probe_labels = None if probe_labels is None else np.asarray(_numpy(probe_labels))
        self.step: int | None = None
        self.traces = 0
        self.trace_seconds = 0.0
        self.problems: dict[str, str] = {item.name: item.problem for item in self.recurrent if item.problem}
        self._next_trace = 0
        self._started = time.perf_counter()
        sink = None
        if run_dir is not None:
            from ._rundir import open_run_folder

            sink = open_run_folder(run_dir, self.describe())
        port = default_port() if port is None else port
        self.publisher = Publisher(host or os.environ.get("LSTM_STUDIO_WATCH_HOST", DEFAULT_HOST), port,
                                   self.describe, secrets.token_hex(6), sink)
        self.publishing = sink is not None

    @property
    def address(self) -> str:
        """Where subscribers connect: ``tcp://127.0.0.1:5557``."""
        return self.publisher.address

    def describe(self) -> dict[str, Any]:
        """The hello: the script, the modules, how far it got (sent every second and to new listeners)."""
        publisher = getattr(self, "publisher", None)
        return {"script": os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python",
                "argv": sys.argv[1:20], "pid": os.getpid(), "hostname": socket.gethostname(),
                "python": platform.python_version(), "torch": _torch_version(), "model": type(self.model).__name__,
                "every": self.every, "budget": self.budget, "step": self.step, "traces": self.traces,
                "trace_seconds": round(self.trace_seconds, 4),
                "modules": [item.describe() for item in self.recurrent],
                "dropped": publisher.dropped if publisher else 0,
                "error": publisher.last_error if publisher else ""}

    # --- the clock -------------------------------------------------------------------------
    def log(self, step: int, **scalars: Any) -> None:
        """Publish ``scalars`` at ``step`` and trace the probe if it is due. Never blocks, never raises
        for a full queue or an absent listener."""
        step = int(step)
        if self.step is not None and step < self.step:
            self._next_trace = step  # the step counter went back (a new run in the same script)
        self.step = step
        values = {name: value if type(value) is float and math.isfinite(value) else finite_or_none(_scalar(value))
                  for name, value in scalars.items()}
        self.publisher.offer({"step": step, "values": values})
        if self._due(step):
            try:
                self.trace_now(step)
            except Exception as error:  # noqa: BLE001 - the user's training goes on; the reason is published
                self._trace_failed(error)

    def _trace_failed(self, error: Exception) -> None:
        """Say once on stderr (and in every hello) why the probe could not be traced; training goes on."""
        message = f"{type(error).__name__}: {(str(error).splitlines() or [''])[0][:160]}"
        if not self.publisher.last_error:
            print(f"lstm-studio: tracing the probe failed ({message}); training goes on, the gates are not "
                  f"published", file=sys.stderr)
        self.publisher.last_error = message

    def _due(self, step: int) -> bool:
        publisher = self.publisher
        wanted = publisher.new_listener.is_set() or step >= self._next_trace
        if not wanted or not (publisher.has_listeners or self.publishing):
            return False
        elapsed = time.perf_counter() - self._started
        return self.traces == 0 or self.trace_seconds <= self.budget * elapsed

    def trace_now(self, step: int | None = None) -> bool:
        """Trace the probe on the current weights and hand it to the publisher (whatever ``every`` says).

        Returns False when no module could be traced (the reasons are in :attr:`problems`).
        """
        started = time.perf_counter()
        self.publisher.new_listener.clear()
        step = self.step if step is None else int(step)
        self._next_trace = (step or 0) + self.every
        captured = probe_pass(self.model, self.recurrent, self.probe)
        modules, tensors = [], {}
        for item in self.recurrent:
            if item.problem:
                continue
            if item.name not in captured:
                self.problems[item.name] = "not called when the probe went through the model"
                continue
            try:
                fields, inputs, own = trace_module(item, captured[item.name])
            except ValueError as error:
                self.problems[item.name] = str(error)
                continue
            modules.append(_module_header(item, fields))
            tensors[item.name] = (fields, inputs, own)
        if modules:
            self._hand_over(step, modules, tensors)
        self.traces += 1
        self.trace_seconds += time.perf_counter() - started
        return bool(modules)

    def _hand_over(self, step: int | None, modules: list[dict], tensors: dict[str, tuple]) -> None:
        batch = _batch_that_fits(modules)
        for module in modules:
            module["batch"] = min(module["batch"], batch)
        header = {"step": step, "modules": modules, "problems": dict(self.problems), "labels": None}
        labels = self.probe_labels
        if labels is not None and labels.ndim >= 1:
            header["labels"] = [_label(value) for value in labels[:batch]]

        def arrays() -> dict[str, np.ndarray]:  # runs in the publisher's thread
            return _to_numpy(tensors, modules, batch)

        self.publisher.offer_trace(header, arrays)

    def close(self) -> None:
        """Send ``bye`` and stop publishing (also done at interpreter exit)."""
        self.publisher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _module_header(item: Recurrent, fields: dict[str, Any]) -> dict[str, Any]:
    layers, batch, steps, hidden = next(iter(fields.values())).shape
    return {"name": item.name, "cell": item.cell, "fields": list(fields), "layers": layers, "batch": batch,
            "steps": steps, "hidden": hidden}


def _batch_that_fits(modules: list[dict]) -> int:
    """How many probe sequences a trace may carry under :data:`MAX_TRACE_VALUES` (at least one)."""
    per_sample = sum(m["steps"] * m["hidden"] * (len(m["fields"]) * m["layers"] + 2) for m in modules)
    return max(1, min(min(m["batch"] for m in modules), MAX_TRACE_VALUES // max(1, per_sample)))


def _to_numpy(tensors: dict[str, tuple], modules: list[dict], batch: int) -> dict[str, np.ndarray]:
    """Every field, the module's input and its own output, as float32 arrays; records in each module's
    header how far the trace's last-layer ``h`` is from the module's own output (a live self-check)."""
    import torch

    arrays: dict[str, np.ndarray] = {}
    for module in modules:
        fields, inputs, own = tensors[module["name"]]
        for name, value in fields.items():
            arrays[f"{module['name']}/{name}"] = value[:, :batch].to("cpu", torch.float32).numpy()
        arrays[f"{module['name']}/inputs"] = inputs[:batch].to("cpu", torch.float32).numpy()
        if own is not None and own.shape[-1] == module["hidden"]:
            own = own[:batch].to("cpu", torch.float32).numpy()
            arrays[f"{module['name']}/output"] = own
            module["output_gap"] = float(np.abs(arrays[f"{module['name']}/h"][-1] - own).max())
    return arrays


def _scalar(value: Any) -> float:
    try:
        return float(value.item() if hasattr(value, "item") else value)
    except (TypeError, ValueError):
        return math.nan


def _label(value: Any) -> Any:
    value = np.asarray(value)
    return value.item() if value.ndim == 0 else value.tolist()


def _numpy(value: Any) -> Any:
    return value.detach().cpu().numpy() if hasattr(value, "detach") else value


def _torch_version() -> str:
    torch = sys.modules.get("torch")
    return getattr(torch, "__version__", "")


# --- the module-level API --------------------------------------------------------------------
def watch(model: Any, probe: Any, every: int = DEFAULT_EVERY, port: int | None = None, run_dir: Any = None,
          *, host: str | None = None, probe_labels: Any = None, budget: float = DEFAULT_BUDGET) -> Watcher:
    """Publish ``model``'s gates on ``probe`` and the scalars of :func:`log` while your script trains.

    Parameters
    ----------
    model : torch.nn.Module
        Any model holding one or more ``nn.LSTM``, ``nn.GRU`` or ``nn.RNN`` (found by
        ``named_modules()``).
    probe : Tensor, tuple or dict
        An input of your model (a small batch): ``model(probe)``, ``model(*probe)`` or ``model(**probe)``.
    every : int
        Trace the probe every ``every`` steps of :func:`log` (default 100).
    port : int, optional
        TCP port to publish on (default ``$LSTM_STUDIO_WATCH_PORT`` or 5557; 0: any free port).
    run_dir : path, optional
        Also write a run folder there (needs :mod:`lstm_studio.runs`).
    host : str, optional
        Interface to listen on (default ``$LSTM_STUDIO_WATCH_HOST`` or ``127.0.0.1``; ``0.0.0.0`` for
        every interface).
    probe_labels : array-like, optional
        One label per probe sequence, shown beside its gates.
    budget : float
        The share of the script's time tracing may take (default 0.01).

    Returns
    -------
    Watcher
        Also the target of :func:`log`. A previous watcher of this process is closed first.
    """
    global _current
    if _current is not None:
        _current.close()
    _current = Watcher(model, probe, every, port, host, run_dir, probe_labels, budget)
    print(f"lstm-studio: watching {_current.recurrent[0].name if len(_current.recurrent) == 1 else 'the model'} "
          f"on {_current.address} (File > Attach to a running script…)", file=sys.stderr)
    return _current


def log(step: int, loss: Any = None, **scalars: Any) -> None:
    """Publish ``loss`` and any other ``scalars`` at ``step`` through the current :func:`watch`; trace if due.

    Without a watcher it does nothing. Tensors are read with ``.item()`` (which waits for the GPU):
    pass Python numbers where you have them.
    """
    if _current is None:
        return
    if loss is not None:
        scalars = {"loss": loss, **scalars}
    _current.log(step, **scalars)


def current() -> Watcher | None:
    """The watcher :func:`log` publishes through, if any."""
    return _current


@atexit.register
def _close_at_exit() -> None:
    if _current is not None:
        _current.close()
