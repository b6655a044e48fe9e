"""Training a character model in a worker thread: the Train tab's controller with a text task.

Only how the trainer is built differs (a :class:`~lstm_studio.tasks.TextTask` on a corpus); starting,
pausing, stopping and the queued signals are the Train tab's.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QThread, Qt

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

    def start(self, request: TextTrainingRequest) -> None:  # type: ignore[override]
        if self._thread is not None:
            raise RuntimeError("a training run is already in progress")
        thread = QThread()
        thread.setObjectName("lstm-studio-text-training")
        worker = _TextTrainingWorker(request)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.snapshot.connect(self._relay_snapshot)
        worker.epoch_finished.connect(self._relay_epoch)
        worker.device_chosen.connect(self._relay_device)
        worker.failed.connect(self._relay_failed)
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        worker.finished.connect(self._on_worker_finished)
        self._thread, self._worker, self._paused = thread, worker, False
        thread.start()
        self.started.emit()
