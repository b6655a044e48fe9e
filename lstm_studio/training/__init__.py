"""Training: the loop (generic over task and cell), its snapshots and devices, alone or distributed. No Qt here."""
from __future__ import annotations

from ._control import RunControl
from ._device import available_devices, describe_device, gui_thread_cap, resolve_device
from ._distributed import (DistributedModel, DistributedParallel, Launch, detect_launch, distributed_training,
                           lost_contact, start_distributed)
from ._parallel import SINGLE_PROCESS, DistributedError, Parallel
from ._snapshots import EpochReport, TrainingSnapshot, TrainResult
from ._trainer import Trainer, TrainConfig

__all__ = ["SINGLE_PROCESS", "DistributedError", "DistributedModel", "DistributedParallel", "EpochReport", "Launch",
           "Parallel", "RunControl", "TrainConfig", "TrainResult", "Trainer", "TrainingSnapshot", "available_devices",
           "describe_device", "detect_launch", "distributed_training", "gui_thread_cap", "lost_contact",
           "resolve_device", "start_distributed"]
