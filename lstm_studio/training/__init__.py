"""Training: the loop (generic over task and cell), its snapshots and devices. No Qt here."""
from __future__ import annotations

from ._device import available_devices, describe_device, gui_thread_cap, resolve_device
from ._snapshots import EpochReport, TrainingSnapshot, TrainResult
from ._trainer import Trainer, TrainConfig

__all__ = ["EpochReport", "TrainConfig", "TrainResult", "Trainer", "TrainingSnapshot", "available_devices",
           "describe_device", "gui_thread_cap", "resolve_device"]
