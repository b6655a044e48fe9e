"""Choosing a device and capping torch's threads."""
from __future__ import annotations

import os

import torch


def available_devices() -> list[str]:
    """Device names usable here, best first (always ends with ``"cpu"``)."""
    names = []
    if torch.cuda.is_available():
        names.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        names.append("mps")
    return names + ["cpu"]


def resolve_device(name: str | None = "auto") -> torch.device:
    """``"auto"`` picks cuda, then mps, then cpu; anything else must be available.

    Raises ``ValueError`` with a one-line reason for an unknown or unavailable device.
    """
    name = (name or "auto").lower()
    if name == "auto":
        name = available_devices()[0]
    try:
        device = torch.device(name)
    except RuntimeError:
        raise ValueError(f"unknown device {name!r} (use auto, cpu, cuda or mps)") from None
    if device.type not in available_devices():
        raise ValueError(f"device {name!r} is not available here (available: {', '.join(available_devices())})")
    if device.type == "cuda":
        # cuDNN may run the fused LSTM in TF32; the step-by-step trace uses full float32
        # matmuls. Keep both in float32 so traced gates match what training computes.
        # (A 128-unit LSTM is latency-bound, so TF32 would buy little speed.)
        torch.backends.cudnn.allow_tf32 = False
    return device


def gui_thread_cap() -> int:
    """Intra-op threads for training inside the GUI process: all cores but one for the GUI."""
    return max(1, (os.cpu_count() or 2) - 1)


def describe_device(device: torch.device, threads: int | None = None) -> str:
    """``"cpu (4 threads)"``, ``"cuda (NVIDIA H200)"`` or ``"mps"``.

    ``threads`` is the run's configured cap (``TrainConfig.num_threads``); without one, the
    calling thread's current count. (The trainer applies its cap in the thread that trains, so
    the caller's own count may differ from what the run will use.)
    """
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    threads = threads or torch.get_num_threads()
    return f"cpu ({threads} thread{'' if threads == 1 else 's'})" if device.type == "cpu" else device.type
