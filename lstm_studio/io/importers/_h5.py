"""HDF5 access that looks before it reads: no links out of the file, no virtual or external
datasets, and no dataset or attribute larger than a sane bound is ever read."""
from __future__ import annotations

import os
from typing import IO, Any

import numpy as np

from ._result import ModelImportError, check_declared

MAX_ATTRIBUTE_BYTES = 16 << 20
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
SIGNATURE_OFFSETS = (0, 512, 1024, 2048, 4096)  # a user block moves the superblock to a power of two


def has_hdf5_signature(head: bytes) -> bool:
    """Whether the first bytes of a file hold an HDF5 superblock signature."""
    return any(head[offset:offset + 8] == HDF5_SIGNATURE for offset in SIGNATURE_OFFSETS)


def open_h5(source: str | os.PathLike[str] | IO[bytes], display: str | os.PathLike[str]) -> Any:
    """Open an HDF5 file read-only; anything unreadable becomes one :class:`ModelImportError`."""
    h5py = require_h5py(display)
    try:
        return h5py.File(source, "r")
    except Exception as error:  # noqa: BLE001 - h5py raises OSError, ValueError, KeyError...
        raise ModelImportError(display, f"not a readable HDF5 file ({_first_line(error)})") from None


def require_h5py(display: str | os.PathLike[str]) -> Any:
    try:
        import h5py
    except ImportError:
        raise ModelImportError(display, "reading Keras files needs h5py: pip install h5py onnx safetensors (LSTM Studio's dependencies)") from None
    return h5py


def child(group: Any, path: str, display: str | os.PathLike[str]) -> Any:
    """``group[path]``, following only hard links inside the file."""
    h5py = require_h5py(display)
    node = group
    for part in [p for p in path.split("/") if p]:
        try:
            link = node.get(part, getlink=True)
        except Exception as error:  # noqa: BLE001
            raise ModelImportError(display, f"cannot read {path} ({_first_line(error)})") from None
        if link is None:
            raise ModelImportError(display, f"{path} is missing")
        if isinstance(link, h5py.ExternalLink):
            raise ModelImportError(display, f"refused: {path} is a link to another file ({link.filename})")
        if isinstance(link, h5py.SoftLink):
            raise ModelImportError(display, f"refused: {path} is a soft link ({link.path})")
        try:
            node = node[part]
        except Exception as error:  # noqa: BLE001
            raise ModelImportError(display, f"cannot read {path} ({_first_line(error)})") from None
    return node


def read_dataset(group: Any, path: str, display: str | os.PathLike[str],
                 expected: tuple[int, ...] | None = None) -> np.ndarray:
    """Read one float dataset after checking its storage, dtype, declared size and shape."""
    h5py = require_h5py(display)
    dataset = child(group, path, display)
    if not isinstance(dataset, h5py.Dataset):
        raise ModelImportError(display, f"{path} is not a dataset")
    plist = dataset.id.get_create_plist()
    if plist.get_layout() == h5py.h5d.VIRTUAL:
        raise ModelImportError(display, f"refused: {path} is a virtual dataset (data in other files)")
    if plist.get_external_count() > 0:
        raise ModelImportError(display, f"refused: {path} keeps its data in an external file")
    if dataset.dtype.kind != "f" or dataset.dtype.itemsize not in (2, 4, 8):
        raise ModelImportError(display, f"{path} holds {dataset.dtype}, not floating point numbers")
    check_declared(display, path, tuple(dataset.shape), dataset.dtype.itemsize)
    if expected is not None and tuple(dataset.shape) != tuple(expected):
        raise ModelImportError(display, f"{path} has shape {list(dataset.shape)}, "
                                        f"the config implies {list(expected)}")
    try:
        return np.asarray(dataset[()], dtype=np.float32)
    except Exception as error:  # noqa: BLE001 - damaged chunks, unknown filters
        raise ModelImportError(display, f"cannot read {path} ({_first_line(error)})") from None


def dataset_shape(group: Any, path: str, display: str | os.PathLike[str]) -> tuple[int, ...]:
    """The declared shape of a dataset, read without touching its data."""
    h5py = require_h5py(display)
    dataset = child(group, path, display)
    if not isinstance(dataset, h5py.Dataset):
        raise ModelImportError(display, f"{path} is not a dataset")
    return tuple(int(d) for d in dataset.shape)


def read_attribute(node: Any, name: str, display: str | os.PathLike[str]) -> Any:
    """An attribute's value, or None when absent; its declared size is checked first."""
    h5py = require_h5py(display)
    try:
        if name not in node.attrs:
            return None
        attribute = h5py.h5a.open(node.id, name.encode())
        count = int(np.prod(attribute.shape)) if attribute.shape else 1
        if count * attribute.dtype.itemsize > MAX_ATTRIBUTE_BYTES:
            raise ModelImportError(display, f"attribute {name!r} declares more than {MAX_ATTRIBUTE_BYTES >> 20} MiB")
        return node.attrs[name]
    except ModelImportError:
        raise
    except Exception as error:  # noqa: BLE001
        raise ModelImportError(display, f"cannot read attribute {name!r} ({_first_line(error)})") from None


def as_text(value: Any) -> str:
    """An HDF5 string attribute (bytes, str or a 0-d array) as text."""
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    # h5py hands undecodable bytes over as surrogate escapes; make them plain replacement characters
    return str(value).encode("utf-8", errors="replace").decode("utf-8")


def as_text_list(value: Any) -> list[str]:
    """An HDF5 list of names (``layer_names``, ``weight_names``) as a list of str."""
    if value is None:
        return []
    return [as_text(item) for item in np.atleast_1d(value).tolist()]


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:160]
