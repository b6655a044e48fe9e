"""Tasks: what a model learns (data, inputs as sequences, head, loss, metric, probes, how inputs look)."""
from __future__ import annotations

from ._augment import augment_batch
from ._base import (ACCURACY, MSE, Evaluation, EvaluationInterrupted, Metric, Probe, ShouldStop, Task,
                    evaluate_batches)
from ._digits import LAYOUTS, DigitsTask, digits_chunk, images_to_sequence, probe_indices
from ._sequence_files import SEQUENCE_SUFFIXES, SequenceError, Sequences, read_sequences, saved_vocabulary
from ._sequences import SequencesTask

__all__ = ["ACCURACY", "LAYOUTS", "MSE", "SEQUENCE_SUFFIXES", "DigitsTask", "Evaluation", "EvaluationInterrupted",
           "Metric", "Probe", "SequenceError", "Sequences", "SequencesTask", "ShouldStop", "Task", "augment_batch",
           "digits_chunk", "evaluate_batches", "images_to_sequence", "probe_indices", "read_sequences", "saved_vocabulary"]
