"""Character-level language modelling: predict every next character, trained by truncated BPTT.

A batch is ``batch_size`` parallel streams over the training text, ``seq_len`` characters each
(:func:`~lstm_studio.data.text.sequence_batches`); batch ``k + 1`` continues every stream where
batch ``k`` stopped, so :meth:`TextTask.forward` carries the recurrent state (detached) from one
batch to the next and the model sees context far beyond ``seq_len``. The state is reset when an
epoch starts. The metric is bits per character on the held-out tail of the text, read the same
way: streams with carried state.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from ..data.text import Corpus, Vocabulary, VocabularyError, sequence_batches, split_text
from ._base import Evaluation, EvaluationInterrupted, Metric, Probe, ShouldStop, Task

BITS_PER_CHAR = Metric("bits_per_char", "bits per character", higher_is_better=False)
LN2 = math.log(2.0)
#: Held-out text is read as this many parallel streams, ``EVAL_STEPS`` characters per forward pass.
EVAL_STREAMS, EVAL_STEPS = 16, 256
MAX_PROBES = 8
#: How ``lstm-studio train --task text`` and the Text tab train a new character model, chosen side by side
#: against a plain loop by ``bench/bench_text_defaults.py`` (the README says what each choice bought).
TEXT_TRAINING_DEFAULTS = {"seq_len": 64, "hidden_size": 128, "num_layers": 2, "embedding_size": 64,
                          "batch_size": 64, "learning_rate": 5e-3, "lr_schedule": "cosine", "dropout": 0.0}

StepFunction = Callable[[Tensor, Any], tuple[Tensor, Any]]


def detach_state(state: Any) -> Any:
    """A recurrent state (a tensor, or a tuple of them such as LSTM's ``(h, c)``) cut from its graph."""
    if state is None:
        return None
    if isinstance(state, Tensor):
        return state.detach()
    return tuple(part.detach() for part in state)


def text_vocabulary(task: dict[str, Any] | None) -> Vocabulary:
    """The vocabulary a text model's checkpoint stores in its task; ``ValueError`` (one line) otherwise."""
    task = dict(task or {})
    if task.get("name") != "text":
        raise ValueError(f"this model was trained on {task.get('name', 'digits')!r}, not on text")
    try:
        return Vocabulary.from_dict(task.get("vocabulary"))
    except VocabularyError as error:
        raise ValueError(f"the checkpoint's {error}") from None


@torch.no_grad()
def stream_bits_per_char(step: StepFunction, ids: np.ndarray, streams: int = EVAL_STREAMS,
                         steps: int = EVAL_STEPS, device: Any = "cpu",
                         should_stop: ShouldStop | None = None) -> tuple[float, float, int]:
    """``(bits per character, mean loss in nats, characters scored)`` of ``step`` predicting ``ids``.

    The text is cut into ``streams`` contiguous rows read in parallel, ``steps`` characters at a
    time, the state carried from one slice to the next (so every character is predicted from all
    of its row before it). At most ``streams - 1`` characters at the very end are not scored.

    Parameters
    ----------
    step
        ``step(x, state) -> (logits [streams, T, vocab], state)``; ``state`` is ``None`` at first.
    ids
        The encoded text, 1-D.
    """
    ids = np.asarray(ids, dtype=np.int64)
    if len(ids) < 2:
        raise ValueError(f"{len(ids)} characters are too few to score (need at least 2)")
    streams = max(1, min(streams, (len(ids) - 1) // 2))
    row = (len(ids) - 1) // streams
    data = torch.as_tensor(ids[: streams * row + 1], device=device)
    rows_x = data[:-1].reshape(streams, row)
    rows_y = data[1:].reshape(streams, row)
    state, total = None, 0.0
    for start in range(0, row, steps):
        if should_stop is not None and should_stop():
            raise EvaluationInterrupted
        logits, state = step(rows_x[:, start:start + steps], state)
        target = rows_y[:, start:start + steps]
        total += float(F.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1), reduction="sum"))
    count = streams * row
    return total / count / LN2, total / count, count


def probe_passages(held_out: str, count: int = 1, length: int = 80) -> list[str]:
    """``count`` fixed passages of ``held_out`` text, ``length`` characters, evenly spaced, each starting a line
    (when a line starts within 200 characters of its even place)."""
    length = min(length, len(held_out))
    spare = max(0, len(held_out) - length)
    passages = []
    for k in range(max(1, count)):
        start = spare * k // max(1, count)
        newline = held_out.find("\n", start, min(spare, start + 200))
        start = newline + 1 if newline >= 0 else start
        passages.append(held_out[start:start + length])
    return passages


class TextTask(Task):
    """Predict the next character of a text, at every character (a character-level language model).

    Parameters
    ----------
    corpus
        The text (a :class:`~lstm_studio.data.text.Corpus`, or a plain string).
    vocabulary
        Characters to ids; default: those of the training part, most frequent first.
    seq_len
        Characters per batch and stream: how far back gradients flow (the state flows further).
    embedding_size
        Size of each character's learnt embedding (the cell's input size).
    held_out
        Share of the text, at its end, kept out of training for measuring bits per character.
    probe_chars
        Length of each probe passage (fixed held-out text whose gates are traced while training).
    carry_state
        Carry the recurrent state across consecutive batches (truncated BPTT); False restarts
        every batch from a zero state.
    """

    name = "text"
    display = "text"
    metric = BITS_PER_CHAR
    head = "every"
    head_activation = "softmax"

    def __init__(self, corpus: Corpus | str, vocabulary: Vocabulary | None = None,
                 seq_len: int = TEXT_TRAINING_DEFAULTS["seq_len"],
                 embedding_size: int = 64, held_out: float = 0.1, probe_chars: int = 80,
                 carry_state: bool = True) -> None:
        if isinstance(corpus, str):
            corpus = Corpus("text", corpus, f"a text of {len(corpus):,} characters", "unknown")
        if seq_len < 1 or embedding_size < 1 or probe_chars < 2:
            raise ValueError(f"seq_len, embedding_size and probe_chars must be positive, got {seq_len}, "
                             f"{embedding_size}, {probe_chars}")
        self.corpus, self.seq_len, self.held_out_share = corpus, seq_len, held_out
        self.carry_state, self.probe_chars = carry_state, probe_chars
        train_text, held_text = split_text(corpus.text, held_out)
        self.vocabulary = vocabulary or Vocabulary.from_text(train_text)
        ids = self.vocabulary.encode(corpus.text)
        self.train_ids, self.held_out_ids = split_text(ids, held_out)
        self.held_out_text = held_text
        self.input_size, self.output_size = embedding_size, len(self.vocabulary)
        self.vocab_size = len(self.vocabulary)
        self.baseline = math.log2(len(self.vocabulary))  # guessing uniformly
        self.device = torch.device("cpu")
        self._batches: Any = None
        self._state: Any = None

    # --- description -------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "vocabulary": self.vocabulary.to_dict(), "seq_len": self.seq_len,
                "embedding_size": self.input_size, "corpus": self.corpus.name, "held_out": self.held_out_share,
                "carry_state": self.carry_state}

    def describe(self) -> str:
        return (f"text ({self.corpus.name}, {self.corpus.n_chars:,} characters, {len(self.vocabulary)} symbols, "
                f"{self.seq_len} characters per sequence)")

    # --- data --------------------------------------------------------------------------
    def batches_per_epoch(self, batch_size: int) -> int:
        """Batches in one pass over the training text; ``ValueError`` (one line) when it is too short."""
        return len(sequence_batches(self.train_ids, self.seq_len, batch_size, seed=0))

    def start_epoch(self, generator: torch.Generator, batch_size: int) -> None:
        # A new random offset per epoch cuts the text at other places; the state starts from zero.
        seed = int(torch.randint(0, 2**31 - 1, (1,), generator=generator, device=generator.device))
        self._batches = sequence_batches(self.train_ids, self.seq_len, batch_size, seed=seed, device=self.device)
        self._state = None

    def batch(self, index: int, batch_size: int, generator: torch.Generator) -> tuple[Tensor, Tensor]:
        return self._batches.batch(index)

    def forward(self, model: Any, x: Tensor) -> Tensor:
        """Logits ``[batch, T, vocab]``, starting from the state the previous batch of this epoch ended in."""
        outputs, state = model.forward_with_state(x, self._state if self.carry_state else None)
        self._state = detach_state(state)
        return outputs

    # --- scoring -----------------------------------------------------------------------
    def batch_score(self, outputs: Tensor, targets: Tensor) -> tuple[float, int]:
        """``(summed cross-entropy in nats, characters)``: :meth:`score` turns it into bits per character."""
        loss = F.cross_entropy(outputs.reshape(-1, outputs.shape[-1]), targets.reshape(-1), reduction="sum")
        return float(loss), int(targets.numel())

    def score(self, total: float, count: int, loss_sum: float) -> float:
        return total / count / LN2 if count else float("nan")

    def probe_passages(self, count: int = 1) -> list[str]:
        """``count`` fixed passages of held-out text, ``probe_chars`` long, each starting a line."""
        return probe_passages(self.held_out_text, max(1, min(count, MAX_PROBES)), self.probe_chars)

    def probe(self, count: int = 4) -> Probe:
        passages = self.probe_passages(count)
        x = torch.from_numpy(np.stack([self.vocabulary.encode(text) for text in passages]))
        names = tuple(repr(text[:24]) for text in passages)
        return Probe(x, None, names)

    def evaluate(self, model: Any, batch_size: int = 1000, should_stop: ShouldStop | None = None) -> Evaluation:
        """Bits per character on the held-out text (streams with carried state, eval mode)."""
        was_training = model.training
        model.eval()
        try:
            bits, loss, count = stream_bits_per_char(model.forward_with_state, self.held_out_ids,
                                                     device=model.device, should_stop=should_stop)
        finally:
            model.train(was_training)
        return Evaluation(bits, loss, count)
