"""Cutting encoded text into training sequences: a held-out tail, streams for truncated BPTT, random windows.

Every batch is ``(x, y)`` with ``y`` the next character of each ``x``: ``y[b, t] == x[b, t + 1]``
within a batch. Batches are views of one array (NumPy, or one tensor moved to the device once), so
cutting them costs nothing; treat them as read-only.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import numpy as np

if TYPE_CHECKING:
    import torch

Sliceable = TypeVar("Sliceable", str, np.ndarray)
Batch = tuple[Any, Any]  # (x, y): two NumPy int64 views [batch, seq_len], or two torch int64 tensors
Seed = int | np.random.Generator | None


class TextSplit(NamedTuple):
    """A text (or its ids) cut in two contiguous parts: ``train`` then ``held_out``."""

    train: Any
    held_out: Any


def split_text(text: Sliceable, held_out: float = 0.1) -> TextSplit:
    """Hold out the last ``held_out`` share of a text (or of its ids) for measuring, keep the rest to train on.

    The two parts are contiguous and do not overlap: ``train + held_out == text``. For arrays they are views.

    Parameters
    ----------
    text : str or np.ndarray
        The whole text or its ids.
    held_out : float
        Share of the text held out, strictly between 0 and 1 (rounded up to whole characters).
    """
    if not 0.0 < held_out < 1.0:
        raise ValueError(f"held_out must be strictly between 0 and 1, got {held_out}")
    held = math.ceil(len(text) * held_out - 1e-9)  # 30 * 0.1 is 3.0000000000000004 in floating point
    if held >= len(text):
        raise ValueError(f"a text of {len(text):,} characters is too short to hold out {held_out:.0%} of it")
    return TextSplit(text[: len(text) - held], text[len(text) - held:])


def _check_ids(ids: Any, seq_len: int, batch_size: int) -> np.ndarray:
    ids = np.asarray(ids)
    if ids.ndim != 1 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must be a 1-D integer array, got shape {ids.shape} of {ids.dtype}")
    if seq_len < 1 or batch_size < 1:
        raise ValueError(f"seq_len and batch_size must be at least 1, got {seq_len} and {batch_size}")
    if len(ids) < batch_size * seq_len + 1:
        raise ValueError(f"{len(ids):,} characters are too few for {batch_size} x {seq_len} "
                         f"(need {batch_size * seq_len + 1:,})")
    return ids.astype(np.int64, copy=False)


class StreamBatches:
    """``batch_size`` parallel streams over contiguous slices of the text, cut into ``seq_len`` steps.

    Stream ``b`` reads its own slice from start to end, ``seq_len`` characters per batch, so batch
    ``k + 1`` continues every stream where batch ``k`` stopped: carry the recurrent state across
    batches (detached) for truncated backpropagation through time. Iterate for ``(x, y)`` batches.
    """

    def __init__(self, ids: np.ndarray, seq_len: int, batch_size: int, offset: int = 0,
                 n_batches: int | None = None, device: str | torch.device | None = None) -> None:
        self.seq_len, self.batch_size, self.offset = seq_len, batch_size, offset
        most = (len(ids) - offset - 1) // batch_size // seq_len
        self.n_batches = most if n_batches is None else min(n_batches, most)
        self.stream_len = self.n_batches * seq_len
        data = ids[offset: offset + batch_size * self.stream_len + 1]
        # Row b is data[b * stream_len : (b + 1) * stream_len + 1]: its x and, one further, its y.
        self._rows: Any  # a NumPy view, or a torch view of one tensor on the device
        if device is None:
            self._rows = np.lib.stride_tricks.as_strided(
                data, shape=(batch_size, self.stream_len + 1), strides=(self.stream_len * data.strides[0],
                                                                         data.strides[0]), writeable=False)
        else:
            import torch

            tensor = torch.as_tensor(np.ascontiguousarray(data), device=device)  # one transfer per epoch
            self._rows = tensor.as_strided((batch_size, self.stream_len + 1), (self.stream_len, 1))

    def __len__(self) -> int:
        return self.n_batches

    def batch(self, index: int) -> Batch:
        """Batch ``index`` (0-based): ``x`` and ``y``, each ``[batch_size, seq_len]``."""
        if not 0 <= index < self.n_batches:
            raise IndexError(f"batch {index} is outside 0..{self.n_batches - 1}")
        start = index * self.seq_len
        return self._rows[:, start: start + self.seq_len], self._rows[:, start + 1: start + self.seq_len + 1]

    def __iter__(self) -> Iterator[Batch]:
        return (self.batch(index) for index in range(self.n_batches))


def sequence_batches(ids: Any, seq_len: int, batch_size: int, *, seed: Seed = None,
                     device: str | torch.device | None = None) -> StreamBatches:
    """One epoch of batches for truncated BPTT with carried state (see :class:`StreamBatches`).

    Parameters
    ----------
    ids : array-like of int
        The encoded text, 1-D.
    seq_len : int
        Steps per batch (the truncation length).
    batch_size : int
        Parallel streams.
    seed : int or np.random.Generator, optional
        When given, the streams start at a random offset below ``seq_len``, so each epoch cuts the
        text at different places, and every seed gives the same number of batches (at most one fewer
        than without a seed, which starts at 0).
    device : str or torch.device, optional
        None gives NumPy views; a device gives torch tensors there (the text is moved once).
    """
    ids = _check_ids(ids, seq_len, batch_size)
    if seed is None:
        return StreamBatches(ids, seq_len, batch_size, device=device)
    # As many batches as any offset below seq_len leaves room for (at least one: then the offset is smaller).
    n_batches = max(1, (len(ids) - seq_len) // batch_size // seq_len)
    spare = len(ids) - 1 - n_batches * batch_size * seq_len
    offset = int(np.random.default_rng(seed).integers(0, min(seq_len - 1, spare) + 1))
    return StreamBatches(ids, seq_len, batch_size, offset, n_batches, device)


def random_windows(ids: Any, seq_len: int, batch_size: int, *, seed: Seed = None, n_batches: int | None = None,
                   device: str | torch.device | None = None) -> Iterator[Batch]:
    """Batches of ``batch_size`` windows at random places (no state carried between batches).

    Parameters
    ----------
    ids, seq_len, batch_size, device
        As for :func:`sequence_batches`.
    seed : int or np.random.Generator, optional
        The same seed gives the same windows.
    n_batches : int, optional
        How many batches; None never stops.
    """
    ids = _check_ids(ids, seq_len, 1)  # checked here, not at the first batch: the generator below is lazy
    if batch_size < 1 or (n_batches is not None and n_batches < 0):
        raise ValueError(f"batch_size must be at least 1 and n_batches not negative, got {batch_size}, {n_batches}")
    if device is None:
        windows: Any = np.lib.stride_tricks.sliding_window_view(ids, seq_len + 1)
    else:
        import torch

        windows = torch.as_tensor(ids, device=device).unfold(0, seq_len + 1, 1)
    return _draw_windows(windows, batch_size, np.random.default_rng(seed), n_batches, device)


def _draw_windows(windows: Any, batch_size: int, rng: np.random.Generator, n_batches: int | None,
                  device: str | torch.device | None) -> Iterator[Batch]:
    produced = 0
    while n_batches is None or produced < n_batches:
        starts: Any = rng.integers(0, len(windows), size=batch_size)
        if device is not None:
            import torch

            starts = torch.as_tensor(starts, device=device)
        rows = windows[starts]  # a small copy: [batch_size, seq_len + 1]
        yield rows[:, :-1], rows[:, 1:]
        produced += 1
