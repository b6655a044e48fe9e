"""Small pieces the analyses share."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch import Tensor

ShouldStop = Callable[[], bool]


def read_only(array: np.ndarray, dtype: type | np.dtype) -> np.ndarray:
    array = np.ascontiguousarray(array, dtype=dtype)
    array.setflags(write=False)
    return array


def as_batch(inputs: np.ndarray | Tensor) -> Tensor:
    """``[N, T, features]`` float32 from uint8 (0..255, scaled to 0..1) or float inputs; one input gets a batch axis."""
    # A copy: inputs are often read-only arrays, which torch will not wrap.
    tensor = inputs if isinstance(inputs, Tensor) else torch.from_numpy(np.array(inputs))
    if tensor.dtype == torch.uint8:
        tensor = tensor.float().div_(255)
    elif tensor.is_floating_point():
        tensor = tensor.to(torch.float32)
    return tensor.unsqueeze(0) if tensor.dim() == 2 else tensor


def first_leading_step(probs_per_step: np.ndarray, stays: bool = True) -> int:
    """The first step (1-based) at which the final answer leads.

    Parameters
    ----------
    probs_per_step
        ``[T, classes]`` probabilities after reading steps ``1..t``.
    stays
        If true (the default), the answer must lead at that step *and every later one*:
        the step from which the network's mind no longer changes. If false, the first
        step at which it leads at all, even if it loses the lead again later.

    Returns
    -------
    int
        A step in ``1..T``; ``T`` when the answer only leads at the very end.
    """
    leaders = np.asarray(probs_per_step).argmax(axis=-1)
    leads = leaders == leaders[-1]
    if not stays:
        return int(np.argmax(leads)) + 1
    not_leading = np.flatnonzero(~leads)
    return int(not_leading[-1]) + 2 if len(not_leading) else 1
