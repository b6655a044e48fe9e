"""Checkpoints: round trip, atomic writes, and every kind of bad file refused with one line."""
from __future__ import annotations

import os
import pickle

import pytest
import torch
from torch import nn

from lstm_studio.io import FORMAT, CheckpointError, load_checkpoint, save_checkpoint
from lstm_studio.models import ModelConfig, SequenceModel


@pytest.fixture
def small_model() -> SequenceModel:
    torch.manual_seed(0)
    return SequenceModel(ModelConfig(hidden_size=8, num_layers=2))


def test_round_trip(tmp_path, small_model) -> None:
    path = save_checkpoint(tmp_path / "m.pt", small_model, {"test_accuracy": 0.5})
    checkpoint = load_checkpoint(path)
    assert checkpoint.config == small_model.config
    assert checkpoint.metrics["test_accuracy"] == 0.5
    assert checkpoint.created
    loaded = checkpoint.build_model()
    x = torch.rand(2, 28, 28)
    torch.testing.assert_close(loaded(x), small_model.eval()(x))
    raw = torch.load(path, weights_only=True)
    assert raw["format"] == FORMAT and set(raw) >= {"config", "state_dict", "metrics", "created"}
    assert not [p for p in tmp_path.iterdir() if p.name != "m.pt"], "temporary file left behind"


def test_plain_pytorch_checkpoint_loads(tmp_path) -> None:
    """A file written with plain nn.LSTM / nn.Linear in our layout works."""
    torch.manual_seed(1)
    lstm, head = nn.LSTM(28, 6, 1, batch_first=True), nn.Linear(6, 10)  # what a user writes
    state = {f"lstm.{k}": v for k, v in lstm.state_dict().items()} | {f"head.{k}": v for k, v in head.state_dict().items()}
    torch.save({"format": FORMAT, "config": {"input_size": 28, "hidden_size": 6, "num_layers": 1, "num_classes": 10},
                "state_dict": state, "metrics": {}, "created": "2026-01-01T00:00:00+00:00"}, tmp_path / "plain.pt")
    model = load_checkpoint(tmp_path / "plain.pt").build_model()
    x = torch.rand(3, 28, 28)
    torch.testing.assert_close(model(x), head(lstm(x)[0][:, -1]))
    torch.save(state, tmp_path / "bare.pt")  # a bare state_dict: config inferred from shapes
    assert load_checkpoint(tmp_path / "bare.pt").config.hidden_size == 6


class _Exploit:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_hostile_pickle_is_refused_and_never_runs(tmp_path) -> None:
    marker = tmp_path / "pwned"
    torch.save({"format": FORMAT, "payload": _Exploit(str(marker))}, tmp_path / "evil.pt")
    with open(tmp_path / "evil_raw.pt", "wb") as stream:
        pickle.dump(_Exploit(str(marker)), stream)
    for name in ("evil.pt", "evil_raw.pt"):
        with pytest.raises(CheckpointError, match="refused") as caught:
            load_checkpoint(tmp_path / name)
        assert "\n" not in str(caught.value) and name in str(caught.value)
    assert not marker.exists(), "the pickle's code ran"


@pytest.mark.parametrize("case, expected", [
    ("truncated", "truncated"),
    ("empty", "empty"),
    ("text", "not a PyTorch checkpoint"),
    ("list", "not an LSTM Studio checkpoint"),
    ("format", "format"),
    ("shape", "shape"),
    ("missing", "missing"),
    ("nan", "not finite"),
    ("absent", "no such file"),
    ("huge_hidden", "hidden_size"),
    ("million_layers", "num_layers"),
    ("dropout_text", "dropout"),
    ("config_list", "config"),
])
def test_bad_files_give_one_line(tmp_path, small_model, case: str, expected: str) -> None:
    good = save_checkpoint(tmp_path / "good.pt", small_model)
    path = tmp_path / f"{case}.pt"
    state = small_model.state_dict()
    config = small_model.config.to_dict()
    if case == "truncated":
        path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "text":
        path.write_text("hello, I am not a checkpoint")
    elif case == "list":
        torch.save([1, 2, 3], path)
    elif case == "format":
        torch.save({"format": "other/9", "config": config, "state_dict": state}, path)
    elif case == "shape":
        torch.save({"format": FORMAT, "config": config | {"hidden_size": 9}, "state_dict": state}, path)
    elif case == "missing":
        torch.save({"format": FORMAT, "config": config,
                    "state_dict": {k: v for k, v in state.items() if k != "head.bias"}}, path)
    elif case == "nan":
        torch.save({"format": FORMAT, "config": config,
                    "state_dict": state | {"head.bias": torch.full((10,), float("nan"))}}, path)
    elif case == "huge_hidden":  # 1.4 KB that claims 30,000 units: refused before anything is allocated
        torch.save({"format": FORMAT, "config": config | {"hidden_size": 30000}, "state_dict": state}, path)
    elif case == "million_layers":
        torch.save({"format": FORMAT, "config": config | {"num_layers": 1_000_000}, "state_dict": state}, path)
    elif case == "dropout_text":
        torch.save({"format": FORMAT, "config": config | {"dropout": "abc"}, "state_dict": state}, path)
    elif case == "config_list":
        torch.save({"format": FORMAT, "config": [1, 2], "state_dict": state}, path)
    with pytest.raises(CheckpointError) as caught:
        load_checkpoint(path)
    message = str(caught.value)
    assert expected in message and str(path) in message and "\n" not in message


def test_a_lying_config_costs_no_memory(tmp_path, small_model) -> None:
    """The config claims 30,000 units; the tensors are tiny. Refused from shapes alone, quickly."""
    import resource
    import time

    state = small_model.state_dict()
    torch.save({"format": FORMAT, "config": small_model.config.to_dict() | {"hidden_size": 30000},
                "state_dict": state}, tmp_path / "liar.pt")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(CheckpointError, match="hidden_size|shape"):
        load_checkpoint(tmp_path / "liar.pt")
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 200, f"refusing a lying config grew memory by {grown_mib:.0f} MiB"
    assert time.perf_counter() - started < 5


def test_format_1_files_keep_loading(tmp_path, small_model) -> None:
    state = small_model.state_dict()
    torch.save({"format": "lstm-studio/1", "config": {"input_size": 28, "hidden_size": 8, "num_layers": 2,
                                                      "num_classes": 10, "dropout": 0.2},
                "state_dict": state, "metrics": {"test_accuracy": 0.9}, "created": "2026-11-27"}, tmp_path / "v1.pt")
    checkpoint = load_checkpoint(tmp_path / "v1.pt")
    assert checkpoint.config == small_model.config and checkpoint.task == {}
    x = torch.rand(2, 28, 28)
    torch.testing.assert_close(checkpoint.build_model()(x), small_model.eval()(x))


@pytest.mark.parametrize("cell", ["gru", "rnn", "lstm_peephole", "lstm_no_forget"])
def test_every_cell_round_trips_with_its_own_names(tmp_path, cell: str) -> None:
    model = SequenceModel(ModelConfig(cell=cell, hidden_size=5, num_layers=2)).eval()
    path = save_checkpoint(tmp_path / f"{cell}.pt", model, task={"name": "digits", "layout": "rows"})
    raw = torch.load(path, weights_only=True)
    assert raw["format"] == "lstm-studio/2" and f"{cell}.weight_hh_l1" in raw["state_dict"]
    checkpoint = load_checkpoint(path)
    assert checkpoint.config.cell == cell and checkpoint.task["layout"] == "rows"
    x = torch.rand(2, 28, 28)
    torch.testing.assert_close(checkpoint.build_model()(x), model(x))


def test_interrupted_save_keeps_the_old_file(tmp_path, small_model, monkeypatch) -> None:
    path = save_checkpoint(tmp_path / "m.pt", small_model, {"version": 1})
    before = path.read_bytes()

    def crash(obj, stream, *args, **kwargs):
        stream.write(b"partial data")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(torch, "save", crash)
    with pytest.raises(OSError):
        save_checkpoint(path, small_model, {"version": 2})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.pt"]


def test_saved_file_has_ordinary_permissions(tmp_path, small_model) -> None:
    path = save_checkpoint(tmp_path / "m.pt", small_model)
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
