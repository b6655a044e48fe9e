"""Tasks: what a model learns (data, inputs as sequences, head, loss, metric, probes, how inputs look)."""
from __future__ import annotations

from ._augment import augment_batch
from ._base import (ACCURACY, MSE, Evaluation, EvaluationInterrupted, Metric, Probe, ShouldStop, Task,
                    evaluate_batches)
from ._digits import LAYOUTS, DigitsTask, digits_chunk, images_to_sequence, probe_indices
from ._text import BITS_PER_CHAR, TEXT_TRAINING_DEFAULTS, TextTask, detach_state, probe_passages, stream_bits_per_char, text_vocabulary

__all__ = ["ACCURACY", "BITS_PER_CHAR", "LAYOUTS", "MSE", "DigitsTask", "Evaluation", "EvaluationInterrupted", "Metric", "Probe",
           "ShouldStop", "Task", "augment_batch", "digits_chunk", "evaluate_batches", "images_to_sequence",
           "probe_indices", "TEXT_TRAINING_DEFAULTS", "TextTask", "detach_state", "probe_passages", "stream_bits_per_char", "text_vocabulary"]
