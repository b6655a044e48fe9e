"""LSTMVis in the Inspect view: a selected span gives the units on there and off around it; a search finds
other places in the held-out text where they are on together (its states are read once, in the background)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..i18n import translate
from ._chars import shown

if TYPE_CHECKING:
    from ._tab import TextTab

SEARCH_CHARS = 20_000
MIN_SHARE = 0.8   # a match: at least this share of the selected units on at once
CONTEXT = 24


class PatternSearch:
    """Span selection and pattern search for a :class:`TextTab` (holds the held-out states it searched)."""

    def __init__(self, tab: TextTab) -> None:
        self.tab = tab
        self.units = np.zeros(0, dtype=np.int64)
        self.span: tuple[int, int] | None = None
        self.states: np.ndarray | None = None   # h [layers, T, H] over self.text
        self.text = ""
        self.version = -1
        self.pending = False

    def forget_states(self) -> None:
        self.states, self.text, self.version = None, "", -1

    def adopt_states(self, h: np.ndarray | None, text: str) -> None:
        """The cell finder already read the held-out text: reuse its ``h``."""
        if h is not None:
            self.states, self.text = h, text
            self.version = self.tab.state.snapshot.version

    def choose_span(self, start: int, end: int) -> None:
        from ...text import span_units

        inspector, reading = self.tab.inspector, self.tab.reading
        if reading is None:
            return
        self.span = (start, end)
        values = reading.arrays["h"][inspector.layer]
        self.units = span_units(values, start, end, inspector.threshold.value())
        inspector.show_pattern(self.units, self.span)

    def search(self) -> None:
        snapshot = self.tab.state.snapshot
        if snapshot is None or not len(self.units):
            return
        if self.states is not None and self.version == snapshot.version:
            self._show_matches()
            return
        from ...text import record_states

        text, vocabulary = self.tab.held_out_text[:SEARCH_CHARS], self.tab.state.vocabulary
        self.tab.inspector.show_matches(lambda: [translate("TextPatterns", "reading {count} characters of held-out "
                                                           "text…").format(count=f"{len(text):,}")])
        self.pending_version = snapshot.version
        self.tab.jobs.start("states", lambda stop: (text, record_states(snapshot.build_model(), vocabulary, text,
                                                                         ("h",), should_stop=stop)))

    def on_states(self, result: tuple[str, Any]) -> None:
        text, states = result
        if states is None:
            return
        self.states, self.text, self.version = states["h"], text, self.pending_version
        self._show_matches()

    def _show_matches(self) -> None:
        from ...text import search_pattern

        inspector = self.tab.inspector
        length = None if self.span is None else self.span[1] - self.span[0]
        matches = search_pattern(self.states[inspector.layer], self.units, inspector.threshold.value(), MIN_SHARE,
                                 length)
        places = [self._context(m.start, m.end) + (m.share,) for m in matches]
        inspector.show_matches(lambda: [_match_line(*place) for place in places])

    def _context(self, start: int, end: int) -> tuple[int, str, str, str]:
        before = "".join(shown(c) for c in self.text[max(0, start - CONTEXT):start])
        inside = "".join(shown(c) for c in self.text[start:end])
        after = "".join(shown(c) for c in self.text[end:end + CONTEXT])
        return start, before, inside, after


def _match_line(start: int, before: str, inside: str, after: str, share: float) -> str:
    """One place a pattern search found: where, the text around it, and the share of the units on there."""
    on = translate("TextPatterns", "({share} on)").format(share=f"{share:.0%}")
    return f"{start + 1:>6}: {before}[{inside}]{after}   {on}"
