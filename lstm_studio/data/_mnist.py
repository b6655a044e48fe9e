"""MNIST on disk: where it lives, reading it, downloading it, and the bundled mini-MNIST."""
from __future__ import annotations

import gzip
import math
import os
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

MNIST_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
               "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
ENV_DATA_DIR = "LSTM_STUDIO_DATA"
ENV_OFFLINE = "LSTM_STUDIO_OFFLINE"
MINI_MNIST_RESOURCE = "mini_mnist.npz"
#: No IDX file is read beyond this (MNIST's largest, the training images, is 47 MB).
MAX_IDX_BYTES = 128 * 2**20


class MnistMissing(FileNotFoundError):
    """Full MNIST is not on disk and could not be downloaded. ``str()`` is one line."""

    def __init__(self, folder: Path, reason: str = "") -> None:
        self.folder = folder
        self.reason = reason
        why = f" ({reason})" if reason else ""
        super().__init__(f"MNIST not found in {folder}: need {', '.join(MNIST_FILES)} "
                         f"(or their .gz), and downloading failed{why}. Pass --data-dir DIR "
                         f"or set {ENV_DATA_DIR}.")


@dataclass(frozen=True)
class DigitSet:
    """Images ``[N, 28, 28]`` uint8 (ink bright on black) and labels ``[N]`` int64."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    source: str  # "mnist" or "mini-mnist"
    notice: str = ""  # shown to the user when we fell back to something smaller

    @property
    def description(self) -> str:
        return f"{self.source}: {len(self.train_labels):,} train / {len(self.test_labels):,} test digits"


def default_data_dir() -> Path:
    """``$LSTM_STUDIO_DATA`` if set, else the per-user data folder."""
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("lstm-studio", appauthor=False)) / "mnist"


def resolve_data_dir(data_dir: str | os.PathLike[str] | None) -> Path:
    """The data folder: the argument, else ``$LSTM_STUDIO_DATA``, else the per-user folder."""
    return Path(data_dir).expanduser() if data_dir else default_data_dir()


def raw_folder(root: Path) -> Path:
    """Where the four files are: torchvision's ``<root>/MNIST/raw``, or ``root`` itself."""
    for candidate in (root / "MNIST" / "raw", root / "raw", root):
        if all(_find(candidate, name) for name in MNIST_FILES):
            return candidate
    return root / "MNIST" / "raw"


def _find(folder: Path, name: str) -> Path | None:
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def _read_idx(path: Path) -> np.ndarray:
    """One IDX file (uint8 data only, as MNIST's), validated before it is shaped.

    Raises
    ------
    ValueError
        One line naming the file: not IDX, truncated, or larger than MNIST's files could be.
    """
    # The IDX format is a big-endian header then raw bytes; reading it here keeps the
    # ~4 s torchvision import out of start-up (torchvision is used only to download).
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as stream:
            data = stream.read(MAX_IDX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise ValueError(f"{path.name}: cannot read ({getattr(error, 'strerror', None) or error})") from None
    if len(data) > MAX_IDX_BYTES:
        raise ValueError(f"{path.name}: larger than {MAX_IDX_BYTES // 2**20} MiB, not an MNIST file")
    if len(data) < 4 or data[:3] != b"\x00\x00\x08" or not 1 <= data[3] <= 3:
        raise ValueError(f"{path.name}: not an IDX file of bytes (magic {data[:4].hex() or 'missing'})")
    dims = data[3]
    header = 4 + 4 * dims
    if len(data) < header:
        raise ValueError(f"{path.name} is truncated")
    shape = tuple(int.from_bytes(data[4 + 4 * k: 8 + 4 * k], "big") for k in range(dims))
    if math.prod(shape) != len(data) - header:
        raise ValueError(f"{path.name} is truncated or has extra bytes (header says {shape})")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def _checked(arrays: list[np.ndarray]) -> list[np.ndarray]:
    """Images ``[N, 28, 28]`` with labels ``[N]`` in 0..9, for training and test; else ValueError."""
    for images, labels, split in ((arrays[0], arrays[1], "train"), (arrays[2], arrays[3], "test")):
        if images.ndim != 3 or images.shape[1:] != (28, 28):
            raise ValueError(f"{split} images are {images.shape}, not [N, 28, 28]")
        if labels.shape != images.shape[:1]:
            raise ValueError(f"{split} labels {labels.shape} do not match {len(images)} images")
        if labels.size and int(labels.max()) > 9:
            raise ValueError(f"{split} labels hold {int(labels.max())}; digits are 0-9")
    return arrays


def read_mnist(root: Path) -> DigitSet:
    """Read the four official files under ``root``; raise :class:`MnistMissing` if absent or unreadable."""
    folder = raw_folder(root)
    paths = [_find(folder, name) for name in MNIST_FILES]
    if not all(paths):
        raise MnistMissing(folder, "files absent")
    try:
        arrays = _checked([_read_idx(p) for p in paths])  # type: ignore[arg-type]
    except ValueError as error:
        raise MnistMissing(folder, f"unreadable: {error}") from None
    train_x, train_y, test_x, test_y = arrays
    return DigitSet(train_x, train_y.astype(np.int64), test_x, test_y.astype(np.int64), "mnist")


def download_mnist(root: Path) -> None:
    """Download MNIST into ``root`` with torchvision (which shows a progress bar)."""
    if os.environ.get(ENV_OFFLINE):
        raise MnistMissing(raw_folder(root), f"offline: {ENV_OFFLINE} is set")
    import socket

    try:
        import torchvision
    except ImportError:  # the frozen app ships without it: it is only the downloader
        raise MnistMissing(raw_folder(root), "torchvision is not installed, so MNIST cannot be downloaded") from None

    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(20)
    try:
        torchvision.datasets.MNIST(root=str(root), train=True, download=True)
        torchvision.datasets.MNIST(root=str(root), train=False, download=True)
    except Exception as error:  # noqa: BLE001 - any network failure means "missing"
        raise MnistMissing(raw_folder(root), _short(error)) from None
    finally:
        socket.setdefaulttimeout(previous)


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:160]


def load_mnist(data_dir: str | os.PathLike[str] | None = None, download: bool = True) -> DigitSet:
    """Full MNIST from ``data_dir`` (see :func:`resolve_data_dir`), downloading it if missing."""
    root = resolve_data_dir(data_dir)
    try:
        return read_mnist(root)
    except MnistMissing:
        if not download:
            raise
    download_mnist(root)
    return read_mnist(root)


def load_mini_mnist() -> DigitSet:
    """The stratified mini-MNIST bundled with the package (see ``resources/README.md``)."""
    with resources.files("lstm_studio.resources").joinpath(MINI_MNIST_RESOURCE).open("rb") as stream:
        archive = np.load(stream)
        arrays = {key: archive[key] for key in archive.files}
    return DigitSet(arrays["train_images"], arrays["train_labels"].astype(np.int64),
                    arrays["test_images"], arrays["test_labels"].astype(np.int64), "mini-mnist")


def load_digits(data_dir: str | os.PathLike[str] | None = None, download: bool = True,
                allow_mini: bool = True) -> DigitSet:
    """Full MNIST if present or downloadable, else (if allowed) the bundled mini-MNIST with a notice."""
    try:
        return load_mnist(data_dir, download=download)
    except MnistMissing as missing:
        if not allow_mini:
            raise
        mini = load_mini_mnist()
        notice = (f"Full MNIST unavailable ({missing.reason}); using the bundled mini-MNIST "
                  f"({len(mini.train_labels):,} train / {len(mini.test_labels):,} test digits). "
                  f"Put MNIST in {missing.folder} for full training.")
        return DigitSet(mini.train_images, mini.train_labels, mini.test_images, mini.test_labels,
                        mini.source, notice)
