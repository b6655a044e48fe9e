"""Choosing a corpus by name: the bundled Shakespeare, Python's standard library, the generated language, a file."""
from __future__ import annotations

from pathlib import Path

from ..data.text import (DEFAULT_FILE_BYTES, Corpus, CorpusError, generated_corpus, load_shakespeare,
                         open_text_file, python_stdlib_corpus)

#: Corpus names a person can type instead of a file name.
CORPUS_NAMES = ("shakespeare", "python", "generated")
GENERATED_CHARS = 400_000


def load_corpus(spec: str, max_bytes: int = DEFAULT_FILE_BYTES, seed: int = 0) -> Corpus:
    """The corpus ``spec`` names: ``shakespeare``, ``python`` (stdlib source), ``generated`` or a file path.

    Parameters
    ----------
    spec
        A name of :data:`CORPUS_NAMES`, or the path of a UTF-8 text file (a large one is sampled).
    max_bytes
        Most bytes of text read from a file or the standard library; also caps the generated text.
    seed
        Which stdlib files are picked, which generated text is written.

    Raises
    ------
    CorpusError
        One line: the file is missing, binary, empty...
    """
    if spec == "shakespeare":
        return load_shakespeare()
    if spec == "python":
        return python_stdlib_corpus(max_bytes=max_bytes, seed=seed)
    if spec == "generated":
        return generated_corpus(min(GENERATED_CHARS, max_bytes), seed=seed).corpus
    path = Path(spec)
    if not path.exists() and "/" not in spec and "." not in spec:
        raise CorpusError(f"{spec}: no such file, and not a corpus name ({', '.join(CORPUS_NAMES)})")
    return open_text_file(path, max_bytes=max_bytes)
