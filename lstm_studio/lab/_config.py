"""What one lab run compares, and the task it runs on.

The defaults are the setting the lab's figures were measured with: one layer of 32 units,
batches of 32, Adam at 5e-3, gradients clipped to norm 1.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from ._cells import DEFAULT_CELLS, CellSpec, LabError, parse_cells

TASKS = ("adding", "temporal_order", "copy", "seq_mnist")
TASK_LABELS = {"adding": "Adding problem", "temporal_order": "Temporal order", "copy": "Copy memory",
               "seq_mnist": "Sequential MNIST"}
#: A length that shows the point of each task on two CPU cores in a couple of minutes.
DEFAULT_LENGTHS = {"adding": 100, "temporal_order": 60, "copy": 50, "seq_mnist": 28}
#: Sequential MNIST reads 784 pixels in equal chunks: these are the lengths that divide them.
MNIST_LENGTHS = tuple(n for n in range(1, 785) if 784 % n == 0)
#: The lengths the generated tasks accept (their classes' ``min_length`` and ``MAX_LENGTH``, kept here so the
#: app's form knows them before PyTorch has loaded; a test keeps the two in step).
MIN_LENGTHS = {"adding": 2, "temporal_order": 10, "copy": 1}
MAX_LENGTH = 5000
#: "Solved" for sequential MNIST (the generated tasks define their own).
MNIST_SOLVED_ACCURACY = 0.9
MAX_STEPS = 10_000_000
MAX_HIDDEN = 4096


@dataclass(frozen=True)
class LabConfig:
    """One comparison: a task at one length, the cells, and the training settings they all share.

    ``cells`` are trained side by side on the same batches. Each starts from the weights
    ``torch.manual_seed(seed)`` gives it, so a cell's result does not depend on which others
    run beside it (and an LSTM with forget bias 1 differs from the plain one only in that bias).
    Every ``eval_every`` steps each cell is scored on the task's fixed held-out set; that
    score is what "solved" is judged on, so ``solved_at_step`` is a multiple of it.
    """

    task: str = "adding"
    length: int = 100
    cells: tuple[CellSpec, ...] = tuple(CellSpec(kind) for kind in DEFAULT_CELLS)
    steps: int = 2000
    seed: int = 0
    hidden_size: int = 32
    num_layers: int = 1
    batch_size: int = 32
    learning_rate: float = 5e-3
    grad_clip: float = 1.0
    eval_every: int = 100
    test_size: int = 1000
    probe_size: int = 8
    device: str = "cpu"
    num_threads: int | None = 1       # small models gain nothing from more, and lose a lot on a busy machine
    snapshot_interval_s: float = 0.1
    probe_budget: float = 0.05        # gradient and gate probes take at most this share of the run
    probe_interval_s: float = 0.5     # and come at most this often

    def __post_init__(self) -> None:
        _check(self)

    def with_length(self, length: int) -> LabConfig:
        return replace(self, length=length)

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["cells"] = [spec.to_dict() for spec in self.cells]
        return values

    def training_key(self) -> dict[str, Any]:
        """The settings that decide a cell's result (all but the cell, the length and how it is shown)."""
        keep = ("task", "seed", "steps", "hidden_size", "num_layers", "batch_size", "learning_rate", "grad_clip",
                "eval_every", "test_size")
        return {name: getattr(self, name) for name in keep}


_POSITIVE_INTS = {"steps": MAX_STEPS, "hidden_size": MAX_HIDDEN, "num_layers": 16, "batch_size": 65_536,
                  "eval_every": MAX_STEPS, "test_size": 100_000, "probe_size": 256}


def _check(config: LabConfig) -> None:
    if config.task not in TASKS:
        raise LabError(f"unknown task {config.task!r} (use {', '.join(TASKS)})")
    for name, limit in _POSITIVE_INTS.items():
        value = getattr(config, name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
            raise LabError(f"{name.replace('_', ' ')} must be a whole number in 1..{limit:,}, got {value!r}")
    if isinstance(config.seed, bool) or not isinstance(config.seed, int) or not 0 <= config.seed < 2 ** 63:
        raise LabError(f"the seed must be a whole number from 0, got {config.seed!r}")
    for name in ("learning_rate", "grad_clip"):
        value = getattr(config, name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf \
                or (name == "learning_rate" and value == 0):
            raise LabError(f"{name.replace('_', ' ')} must be a positive number, got {value!r}")
    if not config.cells or not all(isinstance(spec, CellSpec) for spec in config.cells):
        raise LabError("no cells to compare")
    if len(set(config.cells)) != len(config.cells):
        raise LabError("a cell is listed twice")
    check_length(config.task, config.length)


def check_length(task: str, length: Any) -> int:
    """``length`` if the task accepts it, else :class:`LabError` with one line saying what it accepts."""
    if isinstance(length, bool) or not isinstance(length, int):
        raise LabError(f"the length must be a whole number, got {length!r}")
    if task == "seq_mnist":
        if length not in MNIST_LENGTHS:
            raise LabError(f"sequential MNIST reads the 784 pixels in equal chunks: the length must divide 784 "
                           f"({', '.join(str(n) for n in MNIST_LENGTHS if n >= 28)}), got {length}")
        return length
    minimum = MIN_LENGTHS[task]
    if not minimum <= length <= MAX_LENGTH:
        raise LabError(f"{TASK_LABELS[task].lower()}: the length must be in {minimum}..{MAX_LENGTH}, got {length}")
    return length


def _task_class(name: str) -> type:
    from ..tasks import AddingTask, CopyTask, TemporalOrderTask

    return {"adding": AddingTask, "temporal_order": TemporalOrderTask, "copy": CopyTask}[name]


def make_task(config: LabConfig, digits: Any = None) -> Any:
    """The task of ``config``; sequential MNIST needs ``digits`` (a ``DigitSet``), scored on its first
    ``config.test_size`` test digits."""
    if config.task != "seq_mnist":
        return _task_class(config.task)(config.length, test_size=config.test_size)
    from ..data import DigitSet
    from ..tasks import DigitsTask

    if digits is None:
        raise LabError("sequential MNIST needs the digits (none were given)")
    held_out = DigitSet(digits.train_images, digits.train_labels, digits.test_images[:config.test_size],
                        digits.test_labels[:config.test_size], digits.source, digits.notice)
    chunk = 784 // config.length
    return DigitsTask(held_out, layout="rows" if chunk == 28 else "pixels", chunk=chunk)


def task_metric(task: str) -> Any:
    """The :class:`~lstm_studio.tasks.Metric` a task is scored with (imports the tasks, hence torch)."""
    from ..tasks import ACCURACY, CROSS_ENTROPY, MSE

    return {"adding": MSE, "copy": CROSS_ENTROPY}.get(task, ACCURACY)


def solved_threshold(task: Any) -> float:
    """The score at which the task counts as solved (for accuracy: at least it; otherwise: below it)."""
    return MNIST_SOLVED_ACCURACY if task.name == "digits" else float(task.solved_threshold)


def config_from_dict(values: dict[str, Any]) -> LabConfig:
    """The inverse of :meth:`LabConfig.to_dict` (cells given as dictionaries or ``"lstm-fb1"`` keys)."""
    known = {f.name for f in fields(LabConfig)}
    values = {k: v for k, v in values.items() if k in known}
    cells = values.get("cells")
    if cells is not None:
        values["cells"] = tuple(CellSpec(c["cell"], c.get("forget_bias")) if isinstance(c, dict)
                                else parse_cells(str(c))[0] for c in cells)
    return LabConfig(**values)
