"""Tasks: what a model learns (data, inputs as sequences, head, loss, metric, probes, how inputs look)."""
from __future__ import annotations

from ._adding import ADDING_BASELINE, AddingTask
from ._augment import augment_batch
from ._base import (ACCURACY, MSE, Evaluation, EvaluationInterrupted, Metric, Probe, ShouldStop, Task,
                    evaluate_batches)
from ._copy import CopyTask, copy_baseline
from ._digits import LAYOUTS, DigitsTask, digits_chunk, images_to_sequence, probe_indices
from ._sequence_files import SEQUENCE_SUFFIXES, SequenceError, Sequences, read_sequences, saved_vocabulary
from ._sequences import SequencesTask
from ._synthetic import CROSS_ENTROPY, Drawn, GeneratedTask, MarkedProbe, TokenTask
from ._temporal_order import TemporalOrderTask
from ._text import (BITS_PER_CHAR, TEXT_TRAINING_DEFAULTS, TextTask, detach_state, probe_passages,
                    stream_bits_per_char, text_vocabulary)

__all__ = ["ACCURACY", "ADDING_BASELINE", "BITS_PER_CHAR", "CROSS_ENTROPY", "LAYOUTS", "MSE", "SEQUENCE_SUFFIXES",
           "TEXT_TRAINING_DEFAULTS", "AddingTask", "CopyTask", "DigitsTask", "Drawn", "Evaluation",
           "EvaluationInterrupted", "GeneratedTask", "MarkedProbe", "Metric", "Probe", "SequenceError", "Sequences",
           "SequencesTask", "ShouldStop", "Task", "TemporalOrderTask", "TextTask", "TokenTask", "augment_batch",
           "copy_baseline", "detach_state", "digits_chunk", "evaluate_batches", "images_to_sequence",
           "probe_indices", "probe_passages", "read_sequences", "saved_vocabulary", "stream_bits_per_char",
           "text_vocabulary"]
