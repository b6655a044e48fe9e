"""The character vocabulary, the held-out split, and training batches (streams for truncated BPTT, random windows)."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lstm_studio.data.text import (MAX_VOCABULARY_SIZE, UNKNOWN_CHAR, UNKNOWN_ID, Vocabulary, VocabularyError,
                                   random_windows, sequence_batches, split_text)

# --- vocabulary -----------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_any_unicode_text_round_trips_through_its_vocabulary(text: str) -> None:
    assume(text.replace(UNKNOWN_CHAR, ""))
    vocabulary = Vocabulary.from_text(text)
    ids = vocabulary.encode(text)
    assert ids.dtype == np.int64 and ids.shape == (len(text),)
    assert vocabulary.decode(ids) == text
    assert len(vocabulary) == len(set(text) - {UNKNOWN_CHAR}) + 1
    stored = json.loads(json.dumps(vocabulary.to_dict()))  # as in a checkpoint's JSON-safe config
    assert Vocabulary.from_dict(stored) == vocabulary
    assert (Vocabulary.from_dict(stored).encode(text) == ids).all()


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=100), st.text(max_size=100))
def test_unknown_characters_encode_to_unk_and_keep_alignment(known: str, other: str) -> None:
    assume(known.replace(UNKNOWN_CHAR, ""))
    vocabulary = Vocabulary.from_text(known)
    ids = vocabulary.encode(other)
    decoded = vocabulary.decode(ids)
    assert len(decoded) == len(other)  # one character per id, so signals stay aligned
    for char, token_id, back in zip(other, ids, decoded, strict=True):
        in_vocabulary = char in vocabulary.chars
        assert (token_id != UNKNOWN_ID) == in_vocabulary
        assert back == (char if in_vocabulary else UNKNOWN_CHAR)


def test_characters_are_ordered_by_frequency_then_code_point() -> None:
    vocabulary = Vocabulary.from_text("bbaacd\n")
    assert vocabulary.chars == ("a", "b", "\n", "c", "d")
    assert list(vocabulary.encode("abz")) == [1, 2, UNKNOWN_ID]
    assert vocabulary.token(0) == "<unk>" and vocabulary.token(2) == "b"


def test_max_size_keeps_the_most_frequent_characters() -> None:
    vocabulary = Vocabulary.from_text("aaaabbbcc\ufffd\ufffd\ufffd\ufffd\ufffdd", max_size=3)
    assert len(vocabulary) == 3 and vocabulary.chars == ("a", "b")  # U+FFFD is <unk>, never its own entry
    assert vocabulary.decode(vocabulary.encode("abcd")) == "ab\ufffd\ufffd"
    with pytest.raises(VocabularyError, match="max_size"):
        Vocabulary.from_text("abc", max_size=1)
    with pytest.raises(VocabularyError, match="no characters"):
        Vocabulary.from_text("")


def test_decode_refuses_ids_outside_the_vocabulary() -> None:
    vocabulary = Vocabulary.from_text("abc")
    assert vocabulary.decode(torch.tensor([1, 2, 3])) == vocabulary.decode(np.array([1, 2, 3]))
    with pytest.raises(VocabularyError, match="id 4 is outside 0..3"):
        vocabulary.decode([1, 4])
    with pytest.raises(VocabularyError, match="id -1"):
        vocabulary.decode([-1])
    with pytest.raises(VocabularyError, match="integers"):
        vocabulary.decode([1.0])


GOOD = {"format": "lstm-studio/char-vocabulary/1", "unknown": "<unk>", "chars": ["a", "b"]}


@pytest.mark.parametrize(("data", "problem"), [
    (["a", "b"], "expected a mapping"),
    ({**GOOD, "format": "other/1"}, "format"),
    ({**GOOD, "unknown": "?"}, "unknown token"),
    ({**GOOD, "chars": "ab"}, "must be a list"),
    ({**GOOD, "chars": []}, "needs 1 to"),
    ({**GOOD, "chars": ["a", 7]}, "chars[1] is 7, not one character"),
    ({**GOOD, "chars": ["a", "bc"]}, "not one character"),
    ({**GOOD, "chars": ["a", "x" * 10_000]}, "not one character"),
    ({**GOOD, "chars": ["a", "b", "a"]}, "chars[2] 'a' appears twice"),
    ({**GOOD, "chars": ["a", UNKNOWN_CHAR]}, "reserved"),
    ({**GOOD, "chars": ["a"] * MAX_VOCABULARY_SIZE}, f"got {MAX_VOCABULARY_SIZE:,}"),
])
def test_from_dict_refuses_bad_data_in_one_line(data, problem: str) -> None:
    with pytest.raises(VocabularyError) as caught:
        Vocabulary.from_dict(data)
    message = str(caught.value)
    assert problem in message and "\n" not in message and len(message) < 200


# --- held-out split ----------------------------------------------------------------------------------------------


def test_split_holds_out_the_contiguous_tail_without_overlap() -> None:
    text = "".join(chr(65 + i % 26) for i in range(1_003))
    train, held_out = split_text(text, held_out=0.1)
    assert train + held_out == text and len(held_out) == 101  # ceil(100.3)
    assert len(split_text("x" * 30, 0.1).held_out) == 3  # not 4, though 30 * 0.1 > 3 in floating point
    ids = np.arange(1_003)
    train_ids, held_ids = split_text(ids, 0.25)
    assert np.shares_memory(train_ids, ids) and not np.intersect1d(train_ids, held_ids).size
    assert train_ids[-1] + 1 == held_ids[0] and len(train_ids) + len(held_ids) == 1_003
    with pytest.raises(ValueError, match="strictly between"):
        split_text(text, held_out=1.0)
    with pytest.raises(ValueError, match="too short"):
        split_text("a", held_out=0.5)


# --- streams for truncated BPTT -------------------------------------------------------------------------------


def test_stream_batches_have_targets_one_step_ahead_and_continue_each_stream() -> None:
    ids = np.arange(10_000, dtype=np.int64)  # each id is its own position: easy to follow
    batches = sequence_batches(ids, seq_len=25, batch_size=8)
    assert len(batches) == 49 and batches.stream_len == 49 * 25
    collected = [batch for batch in batches]
    assert len(collected) == 49
    for x, y in collected:
        assert x.shape == y.shape == (8, 25) and x.dtype == np.int64
        assert (y == x + 1).all()  # y is the next character of x
        assert np.shares_memory(x, ids)  # views, not copies
    streams = np.concatenate([x for x, _ in collected], axis=1)
    # Each stream reads a contiguous slice, batch after batch, and stream b + 1 starts where stream b ends.
    assert (streams == np.arange(8 * batches.stream_len).reshape(8, -1)).all()


def test_stream_offset_is_reproducible_under_a_seed_and_keeps_the_batch_count() -> None:
    ids = np.arange(2_001, dtype=np.int64)
    assert len(sequence_batches(ids, seq_len=50, batch_size=4)) == 10
    shifted = sequence_batches(ids, seq_len=50, batch_size=4, seed=7)
    again = sequence_batches(ids, seq_len=50, batch_size=4, seed=7)
    assert shifted.offset == again.offset and 0 <= shifted.offset < 50
    epochs = [sequence_batches(ids, 50, 4, seed=seed) for seed in range(20)]
    assert len({epoch.offset for epoch in epochs}) > 1 and {len(epoch) for epoch in epochs} == {9}
    assert shifted.batch(0)[0][0, 0] == shifted.offset
    last_x, last_y = shifted.batch(8)
    assert last_y.max() == 4 * shifted.stream_len + shifted.offset <= 2_000
    tight = sequence_batches(np.arange(201), seq_len=50, batch_size=4, seed=7)  # exactly 4 x 50 + 1
    assert tight.offset == 0 and len(tight) == 1
    with pytest.raises(ValueError, match="too few"):
        sequence_batches(np.arange(200), seq_len=50, batch_size=4)
    with pytest.raises(IndexError):
        tight.batch(1)


def test_stream_batches_on_a_torch_device_match_the_numpy_ones() -> None:
    ids = np.random.default_rng(0).integers(0, 60, size=5_000)
    on_device = sequence_batches(ids, 30, 6, seed=1, device="cpu")
    in_numpy = sequence_batches(ids, 30, 6, seed=1)
    for (x, y), (x_np, y_np) in zip(on_device, in_numpy, strict=True):
        assert isinstance(x, torch.Tensor) and x.dtype == torch.int64 and x.shape == (6, 30)
        assert (x.numpy() == x_np).all() and (y.numpy() == y_np).all()


# --- random windows -------------------------------------------------------------------------------------------


def test_random_windows_are_reproducible_contiguous_and_shifted() -> None:
    ids = np.arange(3_000, dtype=np.int64)
    first = list(random_windows(ids, 40, 5, seed=3, n_batches=6))
    again = list(random_windows(ids, 40, 5, seed=np.random.default_rng(3), n_batches=6))
    other = list(random_windows(ids, 40, 5, seed=4, n_batches=6))
    assert len(first) == 6
    assert all((x == x2).all() and (y == y2).all() for (x, y), (x2, y2) in zip(first, again, strict=True))
    assert any((x != x2).any() for (x, _), (x2, _) in zip(first, other, strict=True))
    for x, y in first:
        assert x.shape == y.shape == (5, 40)
        assert (np.diff(x, axis=1) == 1).all() and (y == x + 1).all() and y.max() < 3_000
    on_device = list(random_windows(ids, 40, 5, seed=3, n_batches=6, device="cpu"))
    assert all((x.numpy() == x_np).all() for (x, _), (x_np, _) in zip(on_device, first, strict=True))


def test_random_windows_check_their_arguments_at_once() -> None:
    with pytest.raises(ValueError, match="too few"):
        random_windows(np.arange(10), 10, 2)  # raised by the call, not at the first batch
    with pytest.raises(ValueError, match="1-D integer"):
        random_windows(np.zeros((4, 4), dtype=np.int64), 2, 2)
    assert len(list(random_windows(np.arange(11), 10, 2, n_batches=3))) == 3
