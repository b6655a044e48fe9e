"""Models: a recurrent cell plus a head, and the validated configuration that describes them."""
from __future__ import annotations

from ._config import LIMITS, MAX_PARAMETERS, ConfigError, ModelConfig, validate_config
from ._model import SequenceModel, copy_model, model_from_weights, weights_to_numpy
from ._snapshot import ModelSnapshot

__all__ = ["LIMITS", "MAX_PARAMETERS", "ConfigError", "ModelConfig", "ModelSnapshot", "SequenceModel", "copy_model",
           "model_from_weights", "validate_config", "weights_to_numpy"]
