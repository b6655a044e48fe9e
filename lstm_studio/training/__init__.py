"""Training: the loop, its snapshots, devices and augmentation. No Qt here."""
from __future__ import annotations

from ._augment import augment_batch
from ._device import available_devices, describe_device, gui_thread_cap, resolve_device
from ._snapshots import EpochReport, TrainingSnapshot, TrainResult
from ._trainer import EvaluationInterrupted, Trainer, TrainConfig, evaluate, probe_indices

__all__ = ["EpochReport", "EvaluationInterrupted", "TrainConfig", "TrainResult", "Trainer", "TrainingSnapshot", "augment_batch",
           "available_devices", "describe_device", "evaluate", "gui_thread_cap", "probe_indices",
           "resolve_device"]
