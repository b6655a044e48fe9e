"""People's own sequences: .npy/.npz/CSV/text read for a model, bad files refused in one line."""
from __future__ import annotations

import zipfile

import numpy as np
import pytest
import torch

from lstm_studio.data.text import Vocabulary
from lstm_studio.models import ModelConfig, SequenceModel
from lstm_studio.tasks import SequenceError, SequencesTask, read_sequences
from lstm_studio.training import TrainConfig, Trainer


def test_npy_of_one_or_many_sequences(tmp_path) -> None:
    one, many = np.random.rand(6, 5), np.random.rand(3, 6, 5).astype(np.float32)
    np.save(tmp_path / "one.npy", one)
    np.save(tmp_path / "many.npy", many)
    single = read_sequences(tmp_path / "one.npy", 5)
    assert single.x.shape == (1, 6, 5) and single.x.dtype == np.float32 and single.names == (str(tmp_path / "one.npy"),)
    np.testing.assert_array_equal(read_sequences(tmp_path / "many.npy", 5).x, many)
    assert read_sequences(tmp_path / "many.npy", 5).names[2] == f"{tmp_path / 'many.npy'}[2]"


def test_npz_takes_x_else_the_first_array_and_y_as_labels(tmp_path) -> None:
    x = np.random.rand(4, 7, 2)
    np.savez(tmp_path / "named.npz", other=np.zeros(3), x=x, y=np.array([0, 1, 1, 0]))
    np.savez(tmp_path / "first.npz", np.asfortranarray(x[0]))
    named = read_sequences(tmp_path / "named.npz", 2)
    np.testing.assert_allclose(named.x, x.astype(np.float32))
    np.testing.assert_array_equal(named.labels, [0, 1, 1, 0])
    np.testing.assert_allclose(read_sequences(tmp_path / "first.npz", 2).x[0], x[0].astype(np.float32))


def test_csv_rows_are_steps_with_or_without_a_header(tmp_path) -> None:
    (tmp_path / "header.csv").write_text("temperature,pressure\n1.5,2\n3,4e-1\n\n5,-6\n")
    (tmp_path / "plain.tsv").write_text("1\t2\n3\t4\n")
    np.testing.assert_allclose(read_sequences(tmp_path / "header.csv", 2).x[0], [[1.5, 2], [3, 0.4], [5, -6]])
    np.testing.assert_allclose(read_sequences(tmp_path / "plain.tsv", 2).x[0], [[1, 2], [3, 4]])


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("words.csv", "a,b\n1,2\n3,oops\n", "row 3: 'oops' is not a number"),
    ("ragged.csv", "1,2\n3\n", "row 2 has 1 columns, the rows before it 2"),
    ("nan.csv", "1,2\n3,nan\n", "step 2, feature 2 is nan"),
    ("wide.csv", "1,2,3\n", "3 features per step"),
    ("empty.csv", "x,y\n", "holds no rows of numbers"),
    ("latin1.csv", b"caf\xe9,1\n", "not UTF-8"),
    ("data.json", "{}", "unknown kind of sequence file .json"),
])
def test_bad_text_files_are_one_line_naming_the_file(tmp_path, name, content, problem) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(SequenceError) as caught:
        read_sequences(path, 2)
    message = str(caught.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_arrays_are_checked_before_they_are_loaded(tmp_path) -> None:
    """A header that declares billions of values is refused without reading them."""
    header = {"descr": "<f4", "fortran_order": False, "shape": (100_000, 1000, 5)}
    with open(tmp_path / "huge.npy", "wb") as stream:
        np.lib.format.write_array_header_1_0(stream, header)  # the header only: no data follows
    with pytest.raises(SequenceError, match="500,000,000 values"):
        read_sequences(tmp_path / "huge.npy", 5)
    with open(tmp_path / "short.npy", "wb") as stream:
        np.lib.format.write_array_header_1_0(stream, header | {"shape": (2, 5)})
        stream.write(b"\0" * 12)
    with pytest.raises(SequenceError, match="truncated: its header declares 40 bytes, the file holds 12"):
        read_sequences(tmp_path / "short.npy", 5)
    with zipfile.ZipFile(tmp_path / "huge.npz", "w") as archive:
        with archive.open("x.npy", "w") as member:
            np.lib.format.write_array_header_1_0(member, header)
    with pytest.raises(SequenceError, match="500,000,000 values"):
        read_sequences(tmp_path / "huge.npz", 5)


@pytest.mark.parametrize(("array", "problem"), [
    (np.array(["a", "b"]), "not numbers"),
    (np.zeros((2, 0, 3)), "is empty"),
    (np.zeros((1, 2, 3, 4)), "expected [T, F] or [N, T, F]"),
])
def test_arrays_of_the_wrong_kind_are_refused(tmp_path, array, problem) -> None:
    np.save(tmp_path / "bad.npy", array)
    with pytest.raises(SequenceError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        read_sequences(tmp_path / "bad.npy", 3)


def test_object_arrays_are_never_unpickled(tmp_path) -> None:
    np.save(tmp_path / "objects.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(SequenceError, match="holds object values, not numbers"):
        read_sequences(tmp_path / "objects.npy", 1)


def test_token_models_read_ids_and_text_through_their_vocabulary(tmp_path) -> None:
    vocabulary = Vocabulary("abc ")
    (tmp_path / "text.txt").write_text("a cab")
    ids = read_sequences(tmp_path / "text.txt", 8, vocab_size=len(vocabulary), vocabulary=vocabulary)
    assert ids.x.dtype == np.int64 and vocabulary.decode(ids.x[0]) == "a cab"
    np.save(tmp_path / "ids.npy", np.array([1, 2, 9]))
    with pytest.raises(SequenceError, match="token id 9 is outside 0..4"):
        read_sequences(tmp_path / "ids.npy", 8, vocab_size=5)
    with pytest.raises(SequenceError, match="no vocabulary was saved"):
        read_sequences(tmp_path / "text.txt", 8, vocab_size=5)
    with pytest.raises(SequenceError, match="reads numbers"):
        read_sequences(tmp_path / "text.txt", 8)


def test_sequences_task_evaluates_and_trains_on_labelled_sequences(tmp_path, torch_threads) -> None:
    """A task over the user's file: accuracy as the model itself computes it, and a run that learns."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 5, 3)).astype(np.float32)
    y = (x[:, :, 0].sum(axis=1) > 0).astype(np.int64)  # the sign of a sum: learnable in a few epochs
    np.savez(tmp_path / "data.npz", x=x, y=y)
    config = ModelConfig(input_size=3, hidden_size=16, num_layers=1, output_size=2, dropout=0.0)
    task = SequencesTask(read_sequences(tmp_path / "data.npz", 3), config)
    model = SequenceModel(config)
    before = task.evaluate(model)
    with torch.no_grad():
        expected = (model(torch.from_numpy(x)).argmax(-1).numpy() == y).mean()
    assert before.metric == pytest.approx(expected) and before.count == 64
    trainer = Trainer(TrainConfig(hidden_size=16, num_layers=1, dropout=0.0, learning_rate=0.03, batch_size=16,
                                  epochs=15, probe_every=0), task, model)
    result = trainer.run()
    assert result.test_metric > max(before.metric, 0.8)
    assert task.probe(4).x.shape == (4, 5, 3)


def test_sequences_task_needs_labels_that_fit_the_model(tmp_path) -> None:
    np.savez(tmp_path / "bad.npz", x=np.zeros((2, 3, 1)), y=np.array([0, 7]))
    config = ModelConfig(input_size=1, hidden_size=4, num_layers=1, output_size=3)
    with pytest.raises(SequenceError, match="label 7 is outside the model's classes 0..2"):
        SequencesTask(read_sequences(tmp_path / "bad.npz", 1), config)
    np.save(tmp_path / "plain.npy", np.zeros((3, 1)))
    unlabelled = SequencesTask(read_sequences(tmp_path / "plain.npy", 1), config)
    with pytest.raises(SequenceError, match="holds no labels"):
        unlabelled.evaluate(SequenceModel(config))
