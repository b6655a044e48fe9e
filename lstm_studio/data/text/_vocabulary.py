"""Characters to ids and back: a character vocabulary ordered by frequency, with one ``<unk>`` id.

Id 0 is ``<unk>``: every character the vocabulary does not hold encodes to it, and it decodes to U+FFFD
(the replacement character), so ``decode`` always gives one character per id and stays aligned with
the text. U+FFFD itself never gets an id of its own: in a text it already means "unknown" (undecodable
bytes in a file become U+FFFD), so it encodes to ``<unk>`` too, and round trips exactly.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

UNKNOWN_TOKEN = "<unk>"
UNKNOWN_ID = 0
UNKNOWN_CHAR = "\ufffd"
MAX_VOCABULARY_SIZE = 65_536
VOCABULARY_FORMAT = "lstm-studio/char-vocabulary/1"


class VocabularyError(ValueError):
    """A vocabulary (or ids for it) is not valid. ``str()`` is one line."""


def code_points(text: str) -> np.ndarray:
    """The Unicode code points of ``text`` as a uint32 array (lone surrogates included)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


class Vocabulary:
    """Characters with ids ``1 .. len(chars)``; id 0 is ``<unk>``. Immutable.

    Parameters
    ----------
    chars : iterable of str
        Distinct single characters, most frequent first (their ids follow this order).
    """

    __slots__ = ("_chars", "_table", "_sorted_points", "_sorted_ids")

    def __init__(self, chars: Iterable[str]) -> None:
        chars = tuple(chars)
        _check_chars(chars)
        self._chars = chars
        points = np.array([ord(char) for char in chars], dtype=np.uint32)
        # id -> code point, for decode; id 0 decodes to the replacement character.
        self._table = np.concatenate([np.array([ord(UNKNOWN_CHAR)], dtype=np.uint32), points])
        # code point -> id by binary search, for encode: no table over all of Unicode.
        order = np.argsort(points, kind="stable")
        self._sorted_points = points[order]
        self._sorted_ids = (order + 1).astype(np.int64)

    @classmethod
    def from_text(cls, text: str, max_size: int | None = None) -> Vocabulary:
        """The characters of ``text``, most frequent first, ties in code-point order.

        Parameters
        ----------
        text : str
            The training text.
        max_size : int, optional
            Most entries including ``<unk>`` (2 to 65,536); rarer characters become ``<unk>``.
            Default: every character, up to 65,536 entries.
        """
        limit = MAX_VOCABULARY_SIZE if max_size is None else max_size
        if not 2 <= limit <= MAX_VOCABULARY_SIZE:
            raise VocabularyError(f"vocabulary: max_size must be 2 to {MAX_VOCABULARY_SIZE:,}, got {max_size}")
        points, counts = np.unique(code_points(text), return_counts=True)
        keep = points != ord(UNKNOWN_CHAR)
        points, counts = points[keep], counts[keep]
        if len(points) == 0:
            raise VocabularyError("vocabulary: the text has no characters to learn")
        order = np.lexsort((points, -counts))[: limit - 1]  # last key sorts first: count, then code point
        return cls(chr(point) for point in points[order])

    @property
    def chars(self) -> tuple[str, ...]:
        """The known characters; ``chars[i]`` has id ``i + 1``."""
        return self._chars

    def __len__(self) -> int:
        return len(self._chars) + 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vocabulary) and other._chars == self._chars

    def __hash__(self) -> int:
        return hash(self._chars)

    def __repr__(self) -> str:
        return f"Vocabulary({len(self)} entries: {''.join(self._chars[:20])!r}{'...' if len(self) > 21 else ''})"

    def token(self, token_id: int) -> str:
        """How an id is shown to people: its character, or ``"<unk>"`` for id 0."""
        self._check_ids(np.asarray([token_id]))
        return UNKNOWN_TOKEN if token_id == UNKNOWN_ID else self._chars[token_id - 1]

    def encode(self, text: str) -> np.ndarray:
        """Ids of the characters of ``text``: int64 ``[len(text)]``, 0 for unknown characters."""
        points = code_points(text)
        where = np.minimum(np.searchsorted(self._sorted_points, points), len(self._sorted_points) - 1)
        found = self._sorted_points[where] == points
        return np.where(found, self._sorted_ids[where], UNKNOWN_ID)

    def decode(self, ids: Any) -> str:
        """The text of ``ids`` (any integer array-like, a CPU tensor too): one character per id."""
        ids = np.asarray(ids)
        if ids.size and not np.issubdtype(ids.dtype, np.integer):
            raise VocabularyError(f"vocabulary: ids must be integers, got {ids.dtype}")
        ids = ids.reshape(-1).astype(np.int64, copy=False)
        self._check_ids(ids)
        return self._table[ids].tobytes().decode("utf-32-le", "surrogatepass")

    def _check_ids(self, ids: np.ndarray) -> None:
        if ids.size and (ids.min() < 0 or ids.max() >= len(self)):
            bad = ids[(ids < 0) | (ids >= len(self))][0]
            raise VocabularyError(f"vocabulary: id {bad} is outside 0..{len(self) - 1}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description, for a checkpoint's config."""
        return {"format": VOCABULARY_FORMAT, "unknown": UNKNOWN_TOKEN, "chars": list(self._chars)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Vocabulary:
        """The vocabulary ``to_dict`` described, validated; :class:`VocabularyError` if it is not valid."""
        if not isinstance(data, Mapping):
            raise VocabularyError(f"vocabulary: expected a mapping, got {type(data).__name__}")
        if data.get("format") != VOCABULARY_FORMAT:
            raise VocabularyError(f"vocabulary: format {data.get('format')!r} is not {VOCABULARY_FORMAT!r}")
        if data.get("unknown") != UNKNOWN_TOKEN:
            raise VocabularyError(f"vocabulary: unknown token {data.get('unknown')!r} is not {UNKNOWN_TOKEN!r}")
        chars = data.get("chars")
        if not isinstance(chars, (list, tuple)):
            raise VocabularyError(f"vocabulary: chars must be a list, got {type(chars).__name__}")
        return cls(chars)


def _check_chars(chars: tuple[Any, ...]) -> None:
    """Sizes first (before looking at each entry), then types, lengths and duplicates."""
    if not 1 <= len(chars) <= MAX_VOCABULARY_SIZE - 1:
        raise VocabularyError(f"vocabulary: needs 1 to {MAX_VOCABULARY_SIZE - 1:,} characters, got {len(chars):,}")
    seen: set[str] = set()
    for index, char in enumerate(chars):
        if not isinstance(char, str) or len(char) != 1:
            raise VocabularyError(f"vocabulary: chars[{index}] is {_short(char)}, not one character")
        if char == UNKNOWN_CHAR:
            raise VocabularyError(f"vocabulary: chars[{index}] is U+FFFD, which is reserved for {UNKNOWN_TOKEN}")
        if char in seen:
            raise VocabularyError(f"vocabulary: chars[{index}] {char!r} appears twice")
        seen.add(char)


def _short(value: Any) -> str:
    """``repr`` cut to a length that fits in a one-line message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
