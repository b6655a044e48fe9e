"""Reading people's own sequences: ``.npy``, ``.npz``, CSV and plain text, checked before loading.

Every reader returns :class:`Sequences` (``x`` ``[N, T, F]`` float32, or ``[N, T]`` token ids) or
raises :class:`SequenceError`, whose ``str`` is one line naming the file and the problem. Sizes
are read from headers (the ``.npy`` header of a file or of an ``.npz`` member, read with
``numpy.lib.format`` as ``np.load(..., mmap_mode="r")`` does; the file size of a CSV) and bounded
before anything is allocated; then exactly the declared bytes are read. Nothing is unpickled.
"""
from __future__ import annotations

import csv
import io
import math
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

#: At most this many values (N × T × F) in one file: 256 MiB as float32.
MAX_VALUES = 64 << 20
#: At most this many steps per sequence.
MAX_STEPS = 1_000_000
#: CSV and text files larger than this are refused before reading.
MAX_TEXT_BYTES = 64 << 20
SEQUENCE_SUFFIXES = (".npy", ".npz", ".csv", ".tsv", ".txt")
_HEADER_READERS = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}


class SequenceError(ValueError):
    """Input sequences that cannot be used. ``str()`` is one line: ``"FILE: problem"``."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path, self.problem = str(path), problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class Sequences:
    """Sequences read from one file.

    Attributes
    ----------
    x
        ``[N, T, F]`` float32 features, or ``[N, T]`` int64 token ids; read-only.
    names
        One name per sequence: the file, or ``file[3]`` when it holds several.
    labels
        ``[N]`` (or ``[N, T]``) targets when the file holds them (``y`` in an ``.npz``), else ``None``.
    columns
        The features' names when the file gives them (a CSV header), else ``()``.
    """

    x: np.ndarray
    names: tuple[str, ...]
    labels: np.ndarray | None = None
    columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("x", "labels"):
            array = getattr(self, name)
            if array is not None:
                array = np.ascontiguousarray(array)
                array.setflags(write=False)
                object.__setattr__(self, name, array)

    def __len__(self) -> int:
        return len(self.x)

    @property
    def is_tokens(self) -> bool:
        return self.x.ndim == 2

    @property
    def num_steps(self) -> int:
        return int(self.x.shape[1])

    @property
    def num_features(self) -> int:
        return 1 if self.is_tokens else int(self.x.shape[2])


def read_sequences(path: str | os.PathLike[str], input_size: int, vocab_size: int = 0,
                   vocabulary: Any = None) -> Sequences:
    """Read the sequences in ``path`` for a model reading ``input_size`` features per step.

    Parameters
    ----------
    path
        ``.npy`` (``[T, F]`` or ``[N, T, F]``), ``.npz`` (the array named ``x``, else the first;
        ``y`` holds labels), CSV/TSV (one row per step, every column a feature, a header row
        allowed) or ``.txt`` (characters, for a model with a vocabulary).
    input_size
        Features per step the model reads (``F`` must equal it).
    vocab_size
        Above 0 the model reads token ids in ``0..vocab_size-1`` (``[T]`` or ``[N, T]`` integers).
    vocabulary
        The model's :class:`~lstm_studio.data.text.Vocabulary`, needed for ``.txt`` files.
    """
    path = Path(path)
    if not path.is_file():
        raise SequenceError(path, "no such file" if not path.exists() else "is a folder, not a file")
    suffix = path.suffix.lower()
    columns: tuple[str, ...] = ()
    if suffix == ".npy":
        x, labels = _read_npy(path), None
    elif suffix == ".npz":
        x, labels = _read_npz(path)
    elif suffix in (".csv", ".tsv"):
        (x, columns), labels = _read_csv(path), None
        x = x[None]
    elif suffix == ".txt":
        return _read_text(path, vocab_size, vocabulary)
    else:
        raise SequenceError(path, f"unknown kind of sequence file {suffix or '(no suffix)'} "
                                  f"(use {', '.join(SEQUENCE_SUFFIXES)})")
    x = _shape_for_model(path, x, input_size, vocab_size)
    labels = _check_labels(path, labels, len(x))
    names = (str(path),) if len(x) == 1 else tuple(f"{path}[{i}]" for i in range(len(x)))
    return Sequences(x, names, labels, columns if len(columns) == x.shape[-1] else ())


def saved_vocabulary(task: Any) -> Any:
    """The character :class:`~lstm_studio.data.text.Vocabulary` saved in a model's task (``task["vocabulary"]``), or ``None``."""
    saved = task.get("vocabulary") if isinstance(task, dict) else None
    if not isinstance(saved, dict):
        return None
    from ..data.text import Vocabulary, VocabularyError

    try:
        return Vocabulary.from_dict(saved)
    except VocabularyError:
        return None


# --- NumPy files ----------------------------------------------------------------------
def _check_declared(path: Path, what: str, shape: tuple[int, ...], dtype: np.dtype) -> None:
    if dtype.kind not in "biuf":
        raise SequenceError(path, f"{what} holds {dtype} values, not numbers")
    if not 1 <= len(shape) <= 3:
        raise SequenceError(path, f"{what} has shape {list(shape)}: expected [T, F] or [N, T, F]")
    if math.prod(shape) > MAX_VALUES:
        raise SequenceError(path, f"{what} has {math.prod(shape):,} values (shape {list(shape)}); at most "
                                  f"{MAX_VALUES:,} are read")
    if 0 in shape:
        raise SequenceError(path, f"{what} is empty (shape {list(shape)})")


def _read_npy(path: Path) -> np.ndarray:
    try:
        with open(path, "rb") as stream:
            return _read_array(path, stream, "the array")
    except OSError as error:
        raise SequenceError(path, f"cannot read ({error.strerror or error})") from None


def _read_npz(path: Path) -> tuple[np.ndarray, np.ndarray | None]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = {name[:-4]: name for name in archive.namelist() if name.endswith(".npy")}
            if not members:
                raise SequenceError(path, "holds no arrays")
            key = "x" if "x" in members else next(iter(members))
            with archive.open(members[key]) as stream:
                x = _read_array(path, stream, f"array {key!r}")
            labels = None
            if "y" in members and key != "y":
                with archive.open(members["y"]) as stream:
                    labels = _read_array(path, stream, "labels 'y'")
    except zipfile.BadZipFile:
        raise SequenceError(path, "not an .npz file (not a zip archive)") from None
    except OSError as error:
        raise SequenceError(path, f"cannot read ({error.strerror or error})") from None
    return x, labels


def _read_array(path: Path, stream: Any, what: str) -> np.ndarray:
    """One ``.npy`` array from ``stream``: its header is read and checked before its data, and
    exactly the bytes it declares are read (never a pickle)."""
    try:
        version = np.lib.format.read_magic(stream)
        read_header = _HEADER_READERS.get(version)
        if read_header is None:
            raise ValueError(f".npy format version {version}")
        shape, fortran, dtype = read_header(stream)
    except ValueError as error:
        raise SequenceError(path, f"{what} is not a plain .npy array ({str(error).splitlines()[0][:80]})") from None
    _check_declared(path, what, shape, dtype)
    size = math.prod(shape) * dtype.itemsize
    data = stream.read(size)
    if len(data) != size:
        raise SequenceError(path, f"{what} is truncated: its header declares {size:,} bytes, the file holds "
                                  f"{len(data):,}")
    array = np.frombuffer(data, dtype=dtype)
    return array.reshape(shape[::-1]).T if fortran else array.reshape(shape)


# --- CSV -----------------------------------------------------------------------------
def _read_csv(path: Path) -> tuple[np.ndarray, tuple[str, ...]]:
    """``([T, F], names)``: one row per step, every column a feature; a first row of names gives the names."""
    text = _read_text_file(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(text)
    rows: list[list[float]] = []
    header: tuple[str, ...] = ()
    width = 0
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if not cells or all(not cell.strip() for cell in cells):
            continue
        values = _numbers(cells)
        if values is None:
            if rows or number > 1:
                bad = next(c for c in cells if _number(c) is None)
                raise SequenceError(path, f"row {number}: {bad.strip()[:30]!r} is not a number (every column is "
                                          "a feature; only the first row may hold names)")
            header = tuple(cell.strip()[:40] for cell in cells)
            continue
        if width and len(values) != width:
            raise SequenceError(path, f"row {number} has {len(values)} columns, the rows before it {width}")
        width = len(values)
        rows.append(values)
        if len(rows) > MAX_STEPS:
            raise SequenceError(path, f"more than {MAX_STEPS:,} rows (steps)")
    if not rows:
        raise SequenceError(path, "holds no rows of numbers")
    return np.array(rows, dtype=np.float64), header


def _read_text_file(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise SequenceError(path, f"file is {size / 2**20:.0f} MiB; at most {MAX_TEXT_BYTES >> 20} MiB are read")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SequenceError(path, "not UTF-8 text") from None
    except OSError as error:
        raise SequenceError(path, f"cannot read ({error.strerror or error})") from None


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _numbers(cells: list[str]) -> list[float] | None:
    values = [_number(cell) for cell in cells]
    return None if any(v is None for v in values) else values  # type: ignore[return-value]


# --- text ----------------------------------------------------------------------------
def _read_text(path: Path, vocab_size: int, vocabulary: Any) -> Sequences:
    if not vocab_size:
        raise SequenceError(path, "a text file is for character models; this model reads numbers (use .npy, "
                                  ".npz or .csv)")
    if vocabulary is None:
        raise SequenceError(path, "this model reads token ids but no vocabulary was saved with it: give the "
                                  "ids as a .npy file")
    text = _read_text_file(path)
    if not text:
        raise SequenceError(path, "file is empty")
    if len(text) > MAX_STEPS:
        raise SequenceError(path, f"{len(text):,} characters; at most {MAX_STEPS:,} are read")
    ids = vocabulary.encode(text)
    return Sequences(ids[None].astype(np.int64), (str(path),))


# --- checks against the model --------------------------------------------------------
def _shape_for_model(path: Path, x: np.ndarray, input_size: int, vocab_size: int) -> np.ndarray:
    if vocab_size:
        return _token_ids(path, x, vocab_size)
    if x.ndim == 1:
        x = x[:, None] if input_size == 1 else x[None]
    x = x[None] if x.ndim == 2 else x
    if x.shape[2] != input_size:
        raise SequenceError(path, f"{x.shape[2]} features per step (shape {list(x.shape)}), but the model reads "
                                  f"{input_size}")
    if x.shape[1] > MAX_STEPS:
        raise SequenceError(path, f"{x.shape[1]:,} steps; at most {MAX_STEPS:,} are read")
    finite = np.isfinite(x)
    if not finite.all():
        n, t, f = (int(i) for i in np.argwhere(~finite)[0])
        where = f"sequence {n}, " if len(x) > 1 else ""
        raise SequenceError(path, f"{where}step {t + 1}, feature {f + 1} is {x[n, t, f]} (values must be finite)")
    return x.astype(np.float32)


def _token_ids(path: Path, x: np.ndarray, vocab_size: int) -> np.ndarray:
    if x.dtype.kind not in "iu" or x.ndim > 2:
        raise SequenceError(path, f"this model reads token ids: give integers of shape [T] or [N, T] "
                                  f"(got {x.dtype}, {list(x.shape)})")
    x = x[None] if x.ndim == 1 else x
    if x.min() < 0 or x.max() >= vocab_size:
        raise SequenceError(path, f"token id {int(x.max() if x.max() >= vocab_size else x.min())} is outside "
                                  f"0..{vocab_size - 1}")
    return x.astype(np.int64)


def _check_labels(path: Path, labels: np.ndarray | None, count: int) -> np.ndarray | None:
    if labels is None:
        return None
    if len(labels) != count:
        raise SequenceError(path, f"'y' holds {len(labels)} labels for {count} sequences")
    if not np.isfinite(labels).all():
        raise SequenceError(path, "'y' holds NaN or infinite labels")
    return labels
