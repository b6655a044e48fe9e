"""Text for a character-level LSTM: corpora, the character vocabulary, batches and per-character signals.

Pure Python and NumPy (torch only to put batches on a device); no Qt here.

- Corpora: :func:`load_shakespeare` (bundled), :func:`python_stdlib_corpus`, :func:`generated_corpus`
  (a synthetic language with known structure and its true signals), :func:`open_text_file` (any file,
  sampled when large).
- :class:`Vocabulary`: characters by frequency, id 0 is ``<unk>``; ``to_dict``/``from_dict`` for checkpoints.
- :func:`split_text` (last share held out), :func:`sequence_batches` (streams for truncated BPTT),
  :func:`random_windows`.
- :data:`SIGNALS`: per-character signals (quotes, bracket depth, column, indentation, comments, ...).
"""
from __future__ import annotations

from ._batches import StreamBatches, TextSplit, random_windows, sequence_batches, split_text
from ._corpus import SHAKESPEARE_PLAYS, Corpus, CorpusError, load_shakespeare
from ._files import DEFAULT_FILE_BYTES, open_text_file
from ._generated import TRUTH_NAMES, GeneratedCorpus, generated_corpus
from ._signals import (SIGNALS, Signal, bracket_depth, compute_signals, end_of_word, indentation, inside_comment,
                       inside_parentheses, inside_quotes, inside_string, position_in_line)
from ._stdlib import python_stdlib_corpus
from ._vocabulary import MAX_VOCABULARY_SIZE, UNKNOWN_CHAR, UNKNOWN_ID, UNKNOWN_TOKEN, Vocabulary, VocabularyError

__all__ = [
    "DEFAULT_FILE_BYTES", "MAX_VOCABULARY_SIZE", "SHAKESPEARE_PLAYS", "SIGNALS", "TRUTH_NAMES", "UNKNOWN_CHAR",
    "UNKNOWN_ID", "UNKNOWN_TOKEN", "Corpus", "CorpusError", "GeneratedCorpus", "Signal", "StreamBatches",
    "TextSplit", "Vocabulary", "VocabularyError", "bracket_depth", "compute_signals", "end_of_word",
    "generated_corpus", "indentation", "inside_comment", "inside_parentheses", "inside_quotes", "inside_string",
    "load_shakespeare", "open_text_file", "position_in_line", "python_stdlib_corpus", "random_windows",
    "sequence_batches", "split_text",
]
