"""Training a character model in a worker thread: the Train tab's controller with a text task.

Only how the trainer is built differs (a :class:`~lstm_studio.tasks.TextTask` on a corpus); starting,
pausing, stopping and the queued signals are the Train tab's.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..train._controller import TrainingController, _TrainingWorker


@dataclass(frozen=True)
class TextTrainingRequest:
    """Everything one text run needs, captured in the GUI thread.

    The task is built there (its vocabulary and probe passage are what the tab shows) and handed over:
    from then on only the training thread uses it.
    """

    config: Any                         # TrainConfig
    task: Any                           # tasks.TextTask
    model_config: Any                   # ModelConfig of the model the run trains
    initial_weights: Mapping[str, np.ndarray]  # read-only copies: the weights the run starts from


class _TextTrainingWorker(_TrainingWorker):
    def _build_trainer(self) -> Any:
        from ...models import model_from_weights
        from ...training import Trainer

        request = self.request
        # Built here, in the worker thread, so torch's thread cap applies to this thread.
        model = model_from_weights(request.model_config, request.initial_weights).train()
        return Trainer(request.config, request.task, model)


class TextTrainingController(TrainingController):
    """Starts, pauses and stops text runs, one at a time (signals as :class:`TrainingController`'s)."""

    worker_class = _TextTrainingWorker
    thread_name = "lstm-studio-text-training"
