"""Python source to learn from: a seeded sample of the running interpreter's own standard library."""
from __future__ import annotations

import os
import platform
import sysconfig
from pathlib import Path

import numpy as np

from ._corpus import Corpus, CorpusError

PSF_LICENCE = "Python Software Foundation License (PSF-2.0), as the Python standard library"
DEFAULT_STDLIB_BYTES = 1_000_000
MAX_STDLIB_BYTES = 64_000_000
#: Folders that hold tests, third-party packages, build debris or generated data (pydoc_data: one 750 kB
#: string of documentation) rather than library code.
SKIPPED_FOLDERS = frozenset({"test", "tests", "idle_test", "site-packages", "dist-packages", "__pycache__",
                             "pydoc_data"})


def stdlib_folder() -> Path:
    """Where the running interpreter keeps its pure-Python standard library."""
    return Path(sysconfig.get_paths()["stdlib"])


def stdlib_sources(root: Path) -> list[Path]:
    """Every library ``.py`` file under ``root``, sorted, without test folders or ``test_*.py`` files."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root, onerror=None):
        # Pruning in place stops os.walk from descending; sorting makes the walk order deterministic.
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED_FOLDERS)
        found.extend(Path(folder) / name for name in files
                     if name.endswith(".py") and not name.startswith("test_"))
    return sorted(found)


def _read_source(path: Path) -> str | None:
    """The file's text with ``\\n`` newlines, or None when it cannot be read as UTF-8."""
    try:
        raw = path.read_bytes()
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except (OSError, UnicodeDecodeError):
        return None


def python_stdlib_corpus(max_bytes: int = DEFAULT_STDLIB_BYTES, seed: int = 0) -> Corpus:
    """Whole ``.py`` files of this interpreter's standard library, picked in a seeded random order.

    Each file is preceded by a header comment naming it. Files are added in the shuffled order as
    long as they fit; one that would overflow the budget is skipped and the next one tried.

    Parameters
    ----------
    max_bytes : int
        Upper bound on the UTF-8 size of the returned text (1,000 to 64,000,000).
    seed : int
        The same seed on the same Python installation gives the same text.

    Returns
    -------
    Corpus
        Python source under the PSF licence; ``sampled`` is True.

    Raises
    ------
    CorpusError
        If ``max_bytes`` is out of range or no readable source file was found.
    """
    if not 1_000 <= max_bytes <= MAX_STDLIB_BYTES:
        raise CorpusError(f"python stdlib: max_bytes must be 1,000 to {MAX_STDLIB_BYTES:,}, got {max_bytes}")
    root = stdlib_folder()
    candidates = stdlib_sources(root)
    order = np.random.default_rng(seed).permutation(len(candidates))
    pieces, used = _fill_budget([candidates[i] for i in order], root, max_bytes)
    if not pieces:
        raise CorpusError(f"python stdlib: no readable .py file under {root} fits in {max_bytes:,} bytes")
    description = (f"Python {platform.python_version()} standard library: {len(pieces):,} of {len(candidates):,} "
                   f"source files sampled (seed {seed}), {used:,} bytes")
    return Corpus("python-stdlib", "".join(pieces), description, PSF_LICENCE, sampled=True)


def _fill_budget(paths: list[Path], root: Path, max_bytes: int) -> tuple[list[str], int]:
    """Headed file texts, in order, as many as fit in ``max_bytes`` UTF-8 bytes."""
    pieces: list[str] = []
    used = 0
    for path in paths:
        # Cheap size check first: a file far over the remaining budget is not even read.
        try:
            if path.stat().st_size > max_bytes - used:
                continue
        except OSError:
            continue
        source = _read_source(path)
        if source is None or not source.strip():
            continue
        piece = f"# ---- {path.relative_to(root).as_posix()} ----\n{source.rstrip()}\n\n"
        size = len(piece.encode("utf-8"))
        if used + size <= max_bytes:
            pieces.append(piece)
            used += size
        if max_bytes - used < 200:  # no library file is that small; stop reading
            break
    return pieces, used
