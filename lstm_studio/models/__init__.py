"""Models: a recurrent cell plus a head, and the configuration that describes them."""
from __future__ import annotations

from ._classifier import LSTMClassifier, ModelConfig

__all__ = ["LSTMClassifier", "ModelConfig"]
