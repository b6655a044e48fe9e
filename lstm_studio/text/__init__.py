"""Character-level language models: writing text, reading it, and finding what the cells track. No Qt here.

- :func:`load_corpus`: a corpus by name (``shakespeare``, ``python``, ``generated``) or file.
- :func:`load_text_model` / :class:`TextModel`: a character model with its vocabulary (the bundled one by default).
- :func:`sample_text`: the model writes, character by character, at a temperature, reproducibly under a seed.
- :func:`read_text` / :class:`TextReading`: every gate at every character and the top-5 next-character guesses.
- :func:`connectivity`: how strongly a prediction depends on each earlier character (Madsen 2019).
- :func:`find_cells`: units ranked by Pearson ``r`` with per-character signals (Karpathy et al. 2015).
- :func:`span_units`, :func:`search_pattern`: LSTMVis-style on/off patterns and where else they occur.
"""
from __future__ import annotations

from ._connectivity import DEFAULT_WINDOW, Connectivity, connectivity
from ._corpora import CORPUS_NAMES, load_corpus
from ._finder import (MAX_FINDER_CHARS, FinderResult, UnitMatch, find_cells, rank_units, record_states,
                      unit_correlations)
from ._model import BUNDLED_TEXT_MODEL, TextModel, bundled_text_model_path, load_text_model, text_model_from_checkpoint
from ._patterns import SpanMatch, search_pattern, span_units
from ._reading import MAX_READ_CHARS, TOP_K, TextReading, read_text
from ._sampling import MAX_SAMPLE_CHARS, next_char_probabilities, sample_text

__all__ = [
    "BUNDLED_TEXT_MODEL", "CORPUS_NAMES", "DEFAULT_WINDOW", "MAX_FINDER_CHARS", "MAX_READ_CHARS", "MAX_SAMPLE_CHARS",
    "TOP_K", "Connectivity", "FinderResult", "SpanMatch", "TextModel", "TextReading", "UnitMatch",
    "bundled_text_model_path", "connectivity", "find_cells", "load_corpus", "load_text_model",
    "next_char_probabilities", "rank_units", "read_text", "record_states", "sample_text", "search_pattern",
    "span_units", "text_model_from_checkpoint", "unit_correlations",
]
