"""The text task: held-out split, truncated BPTT with carried state, bits per character, checkpoints, time limits."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lstm_studio.data.text import Vocabulary, generated_corpus
from lstm_studio.io import load_checkpoint, save_checkpoint
from lstm_studio.models import SequenceModel
from lstm_studio.tasks import BITS_PER_CHAR, TextTask, stream_bits_per_char
from lstm_studio.text import load_text_model, sample_text
from lstm_studio.training import TrainConfig, Trainer

pytestmark = pytest.mark.usefixtures("torch_threads")  # batch-of-one work: one thread, as the app runs it

TEXT = generated_corpus(12_000, seed=3).corpus


@pytest.fixture
def task() -> TextTask:
    return TextTask(TEXT, seq_len=16, embedding_size=8, probe_chars=20)


def tiny_model(task: TextTask, hidden: int = 8, layers: int = 2) -> SequenceModel:
    torch.manual_seed(0)
    return SequenceModel(task.model_config(hidden, layers, 0.0)).eval()


def test_task_describes_a_character_model(task) -> None:
    config = task.model_config(32, 2)
    assert task.metric is BITS_PER_CHAR and not task.metric.higher_is_better
    assert config.vocab_size == config.output_size == len(task.vocabulary) and config.head == "every"
    assert config.input_size == 8 and task.baseline == pytest.approx(math.log2(len(task.vocabulary)))
    assert task.to_dict()["vocabulary"] == task.vocabulary.to_dict() and task.to_dict()["seq_len"] == 16


def test_held_out_text_is_the_tail_and_never_trained_on() -> None:
    # The training part uses a..e only, the held-out tail f..j only: a batch holding a held-out character
    # would hold <unk> (id 0), since the vocabulary comes from the training part.
    text = "abcde" * 2_000 + "fghij" * 250
    task = TextTask(text, seq_len=10, embedding_size=4, held_out=0.1)
    assert len(task.train_ids) + len(task.held_out_ids) == len(text)
    assert np.array_equal(np.concatenate([task.train_ids, task.held_out_ids]), task.vocabulary.encode(text))
    assert task.held_out_text == text[-len(task.held_out_ids):] and set(task.held_out_text) == set("fghij")
    generator = torch.Generator().manual_seed(0)
    task.start_epoch(generator, 8)
    seen = np.concatenate([np.concatenate([x.numpy().ravel(), y.numpy().ravel()])
                           for x, y in (task.batch(k, 8, generator) for k in range(task.batches_per_epoch(8)))])
    assert seen.min() > 0  # no held-out character (they are all <unk> to this vocabulary)
    assert all(set(passage) <= set("fghij") for passage in task.probe_passages(3))


def test_carried_state_equals_reading_the_concatenated_streams(task) -> None:
    model = tiny_model(task)
    generator = torch.Generator().manual_seed(1)
    task.start_epoch(generator, 4)
    (x0, _), (x1, _) = task.batch(0, 4, generator), task.batch(1, 4, generator)
    with torch.no_grad():
        first, second = task.forward(model, x0), task.forward(model, x1)
        whole = model(torch.cat([x0, x1], dim=1))
    # Batch 1 continues every stream of batch 0, and the state flows from one to the next.
    assert torch.equal(x1[:, 0], task.batch(0, 4, generator)[1][:, -1])
    torch.testing.assert_close(torch.cat([first, second], dim=1), whole, rtol=1e-5, atol=1e-6)
    task.start_epoch(generator, 4)  # a new epoch starts from a zero state
    with torch.no_grad():
        restarted = task.forward(model, task.batch(0, 4, generator)[0])
        fresh = model(task.batch(0, 4, generator)[0])
    torch.testing.assert_close(restarted, fresh)


def test_without_carried_state_every_batch_starts_from_zero() -> None:
    task = TextTask(TEXT, seq_len=16, embedding_size=8, carry_state=False)
    model = tiny_model(task)
    generator = torch.Generator().manual_seed(1)
    task.start_epoch(generator, 4)
    task.forward(model, task.batch(0, 4, generator)[0])
    with torch.no_grad():
        second = task.forward(model, task.batch(1, 4, generator)[0])
    torch.testing.assert_close(second, model(task.batch(1, 4, generator)[0]))


def test_held_out_bits_per_char_equal_a_direct_computation(task) -> None:
    model = tiny_model(task)
    evaluation = task.evaluate(model)
    ids = torch.as_tensor(task.held_out_ids)
    streams = 16
    row = (len(ids) - 1) // streams
    with torch.no_grad():
        logits = model(ids[: streams * row].reshape(streams, row))
    direct = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids[1: streams * row + 1].reshape(streams, row)
                             .reshape(-1)) / math.log(2)
    assert evaluation.count == streams * row
    assert evaluation.metric == pytest.approx(float(direct), rel=1e-5)
    assert evaluation.loss == pytest.approx(evaluation.metric * math.log(2), rel=1e-6)
    one, _, count = stream_bits_per_char(model.forward_with_state, task.held_out_ids, streams=1, steps=7)
    with torch.no_grad():
        whole = model(ids[:-1][None])[0]
    assert count == len(ids) - 1
    assert one == pytest.approx(float(F.cross_entropy(whole, ids[1:])) / math.log(2), rel=1e-5)


def test_vocabulary_and_model_round_trip_through_a_checkpoint(task, tmp_path) -> None:
    model = tiny_model(task)
    path = save_checkpoint(tmp_path / "text.pt", model, {"val_bits_per_char": 3.0}, task=task.to_dict())
    loaded = load_text_model(path)
    assert loaded.vocabulary == task.vocabulary and loaded.seq_len == 16
    assert loaded.vocabulary.chars == Vocabulary.from_dict(load_checkpoint(path).task["vocabulary"]).chars
    for name, value in model.state_dict().items():
        assert torch.equal(loaded.model.state_dict()[name], value)
    assert sample_text(loaded.model, loaded.vocabulary, "(a", 40, seed=5) == \
        sample_text(model, task.vocabulary, "(a", 40, seed=5)


def test_a_digits_checkpoint_is_not_taken_for_a_text_model(tmp_path) -> None:
    from lstm_studio.io import CheckpointError

    path = save_checkpoint(tmp_path / "digits.pt", SequenceModel(), task={"name": "digits"})
    with pytest.raises(CheckpointError, match="digits.pt.*not on text"):
        load_text_model(path)


def test_trainer_learns_text_and_stops_at_its_time_limit(task) -> None:
    config = TrainConfig(hidden_size=16, num_layers=1, dropout=0.0, learning_rate=1e-2, batch_size=8, epochs=1000,
                         num_threads=1, device="cpu", max_seconds=1.5, lr_schedule="cosine", probe_size=2)
    trainer = Trainer(config, task)
    before = task.evaluate(trainer.model).metric
    snapshots = []
    result = trainer.run(snapshots.append)
    assert result.status == "finished" and "time limit" in result.reason
    assert result.test_metric is not None and result.test_metric < before
    assert snapshots[-1].trace.tokens.shape == (2, 20) and snapshots[-1].metric_name == "bits_per_char"
