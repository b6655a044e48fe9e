"""The Text tab's model: one character model snapshot (weights + config + vocabulary), independent of the
digits model the other tabs share, so reading text never disturbs drawing digits and the other way round.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from ...data.text import Corpus, Vocabulary
    from ...models import ModelSnapshot


@dataclass(frozen=True)
class LoadedText:
    """What the background loader hands over: a model snapshot with its vocabulary, and a corpus."""

    snapshot: ModelSnapshot | None
    vocabulary: Vocabulary | None
    corpus: Corpus | None
    corpus_choice: str = "shakespeare"


class TextModelState(QObject):
    """The current character model; ``changed`` says a new snapshot (or vocabulary) is in place."""

    changed = Signal(object)  # ModelSnapshot

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.snapshot: ModelSnapshot | None = None
        self.vocabulary: Vocabulary | None = None
        self._model: Any = None
        self._model_version = -1

    def set(self, snapshot: ModelSnapshot, vocabulary: Vocabulary) -> None:
        self.snapshot, self.vocabulary = snapshot, vocabulary
        self.changed.emit(snapshot)

    def set_weights(self, weights: Any, step: int) -> None:
        """Live weights of the run in progress (same vocabulary and shape)."""
        if self.snapshot is not None and self.vocabulary is not None:
            self.set(self.snapshot.with_weights(weights, step, source="training run"), self.vocabulary)

    @property
    def model(self) -> Any:
        """A CPU model (eval mode) of the current snapshot for the GUI thread, built once per version."""
        if self.snapshot is None:
            return None
        if self._model_version != self.snapshot.version:
            self._model, self._model_version = self.snapshot.build_model(), self.snapshot.version
        return self._model

    @property
    def seq_len(self) -> int:
        return int(self.snapshot.task.get("seq_len", 128)) if self.snapshot is not None else 128


def load_bundled_text(corpus_choice: str = "shakespeare") -> LoadedText:
    """The bundled text model and the bundled Shakespeare (runs in a background thread)."""
    from ...data.text import load_shakespeare
    from ...models import ModelSnapshot, weights_to_numpy
    from ...text import load_text_model

    text_model = load_text_model(None)
    model = text_model.model
    snapshot = ModelSnapshot(model.config, weights_to_numpy(model.state_dict()), "bundled text model",
                             text_model.task, text_model.metrics)
    return LoadedText(snapshot, text_model.vocabulary, load_shakespeare(), corpus_choice)
