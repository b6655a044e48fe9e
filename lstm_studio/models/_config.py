"""A model's shape, validated field by field before anything is built.

Every way a model comes in (a checkpoint, a foreign file, the Train form, the command line)
goes through :func:`validate_config`, so a file that lies about its shape is refused with
one line naming the field, before a single tensor is allocated.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any

from ..cells import CELLS, FORGET_BIAS_CELLS, parameter_shapes

#: Bounds that no real recurrent model here comes near; they stop absurd claims early.
LIMITS = {"input_size": 1_000_000, "hidden_size": 16_384, "num_layers": 64, "output_size": 1_000_000,
          "vocab_size": 1_000_000}
#: A model whose weights would exceed this many parameters is refused outright.
MAX_PARAMETERS = 2_000_000_000
HEADS = ("last", "every", "none")
HEAD_ACTIVATIONS = ("softmax", "sigmoid", "linear")


class ConfigError(ValueError):
    """A model configuration that cannot be built. ``str()`` is one line naming the field."""

    def __init__(self, field_name: str, problem: str) -> None:
        self.field = field_name
        self.problem = problem
        super().__init__(f"config field {field_name!r}: {problem}")


@dataclass(frozen=True)
class ModelConfig:
    """Shape of a :class:`~lstm_studio.models.SequenceModel`. These keys are what a checkpoint's ``config`` holds.

    Attributes
    ----------
    cell
        ``"lstm"``, ``"gru"``, ``"rnn"``, ``"lstm_peephole"`` or ``"lstm_no_forget"``.
    input_size
        Features per step (28 pixels of a digit row); with :attr:`vocab_size` the embedding size.
    hidden_size, num_layers, dropout
        As in ``nn.LSTM`` (dropout between layers while training).
    output_size
        Outputs of the linear head (10 digit classes, 1 for a regression, the vocabulary for text).
    head
        ``"last"``: one output after the last step; ``"every"``: an output at every step;
        ``"none"``: no head, the model outputs the last layer's ``h``.
    head_activation
        How outputs are read: ``"softmax"`` (classes), ``"sigmoid"`` (independent probabilities)
        or ``"linear"`` (values).
    vocab_size
        When above 0 the inputs are token ids, embedded by ``nn.Embedding(vocab_size, input_size)``.
    forget_bias
        The LSTM cells' initial forget-gate bias (``None``: PyTorch's default initialisation).
    """

    cell: str = "lstm"
    input_size: int = 28
    hidden_size: int = 128
    num_layers: int = 2
    output_size: int = 10
    dropout: float = 0.2
    head: str = "last"
    head_activation: str = "softmax"
    vocab_size: int = 0
    forget_bias: float | None = None

    def __post_init__(self) -> None:
        _check_fields(self)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def output_kind(self) -> str:
        """``"probs"`` when outputs are probabilities, ``"values"`` for a regression or no head."""
        return "probs" if self.head != "none" and self.head_activation != "linear" else "values"

    def parameter_shapes(self) -> dict[str, tuple[int, ...]]:
        """Every parameter of the model by ``state_dict`` name, computed without allocating."""
        shapes = {f"{self.cell}.{name}": shape for name, shape in
                  parameter_shapes(self.cell, self.input_size, self.hidden_size, self.num_layers).items()}
        if self.vocab_size:
            shapes = {"embedding.weight": (self.vocab_size, self.input_size)} | shapes
        if self.head != "none":
            shapes |= {"head.weight": (self.output_size, self.hidden_size), "head.bias": (self.output_size,)}
        return shapes

    def parameter_count(self) -> int:
        return sum(math.prod(shape) for shape in self.parameter_shapes().values())


_INTEGERS = ("input_size", "hidden_size", "num_layers", "output_size", "vocab_size")


def _check_fields(config: ModelConfig) -> None:
    if not isinstance(config.cell, str) or config.cell not in CELLS:
        raise ConfigError("cell", f"{config.cell!r} is not a known cell ({', '.join(CELLS)})")
    for name in _INTEGERS:
        value = getattr(config, name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(name, f"must be a whole number, got {_short(value)}")
        low = 0 if name in ("vocab_size", "output_size") else 1
        if not low <= value <= LIMITS[name]:
            raise ConfigError(name, f"{value} is out of range ({low}..{LIMITS[name]:,})")
    if isinstance(config.dropout, bool) or not isinstance(config.dropout, (int, float)) \
            or not 0.0 <= config.dropout < 1.0:
        raise ConfigError("dropout", f"must be a number in [0, 1), got {_short(config.dropout)}")
    if config.head not in HEADS:
        raise ConfigError("head", f"must be one of {', '.join(HEADS)}, got {_short(config.head)}")
    if config.head_activation not in HEAD_ACTIVATIONS:
        raise ConfigError("head_activation", f"must be one of {', '.join(HEAD_ACTIVATIONS)}, "
                                             f"got {_short(config.head_activation)}")
    if config.head != "none" and config.output_size < 1:
        raise ConfigError("output_size", "a model with a head needs at least one output")
    _check_forget_bias(config)
    count = config.parameter_count()
    if count > MAX_PARAMETERS:
        raise ConfigError("hidden_size", f"the model would have {count:,} parameters (limit {MAX_PARAMETERS:,})")


def _check_forget_bias(config: ModelConfig) -> None:
    value = config.forget_bias
    if value is None:
        return
    # abs() first: a 400-digit integer is not finite as a float, and math.isfinite would overflow on it.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or abs(value) > 100 or not math.isfinite(value):
        raise ConfigError("forget_bias", f"must be a finite number (or null), got {_short(value)}")
    if config.cell not in FORGET_BIAS_CELLS:
        raise ConfigError("forget_bias", f"a {config.cell} cell has no forget gate")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def validate_config(raw: Any) -> ModelConfig:
    """Build a :class:`ModelConfig` from a checkpoint's ``config`` dictionary, or raise :class:`ConfigError`.

    Unknown keys (``task``, ``training`` ...) are ignored; missing ones take their defaults,
    except the shape: ``input_size``, ``hidden_size`` and ``num_layers`` must be given.
    Format-1 files called the outputs ``num_classes``.
    """
    if not isinstance(raw, dict):
        raise ConfigError("config", f"must be a dictionary, got {type(raw).__name__}")
    values = dict(raw)
    if "output_size" not in values and "num_classes" in values:
        values["output_size"] = values["num_classes"]
    for name in ("input_size", "hidden_size", "num_layers"):
        if name not in values:
            raise ConfigError(name, "is missing")
    known = {f.name for f in fields(ModelConfig)}
    try:
        return ModelConfig(**{k: v for k, v in values.items() if k in known})
    except TypeError as error:  # e.g. an int-like object that refuses comparison
        raise ConfigError("config", str(error).splitlines()[0][:120]) from None
