"""Checkpoints fuzzed: random bytes, cut files, hostile configs and tensors give one CheckpointError line, never
a crash, a traceback or an allocation the file does not hold."""
from __future__ import annotations

import io
import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from lstm_studio.io import FORMAT, CheckpointError, load_checkpoint, save_checkpoint
from lstm_studio.models import ModelConfig, SequenceModel

from fuzzing import examples

pytestmark = pytest.mark.usefixtures("torch_threads")


@pytest.fixture(scope="module")
def good_bytes() -> bytes:
    torch.manual_seed(0)
    model = SequenceModel(ModelConfig(hidden_size=4, num_layers=1))
    stream = io.BytesIO()
    torch.save({"format": FORMAT, "config": model.config.to_dict(), "state_dict": model.state_dict()}, stream)
    return stream.getvalue()


def _refused_in_one_line(path) -> None:  # noqa: ANN001
    with pytest.raises(CheckpointError) as caught:
        load_checkpoint(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message


@examples(40)
@given(st.binary(max_size=2000))
def test_random_bytes(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "random.pt"
    path.write_bytes(data)
    _refused_in_one_line(path)


@examples(40)
@given(cut=st.integers(1, 10_000), flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)),
                                                   max_size=4))
def test_cut_or_damaged_real_files(tmp_path_factory, good_bytes: bytes, cut: int, flips: list) -> None:
    data = bytearray(good_bytes[:min(cut, len(good_bytes) - 1)])
    for at, value in flips:
        if data:
            data[at % len(data)] = value
    path = tmp_path_factory.mktemp("fuzz") / "damaged.pt"
    path.write_bytes(bytes(data))
    try:
        checkpoint = load_checkpoint(path)
    except CheckpointError as error:
        assert "\n" not in str(error)
    else:  # a flip inside a weight's bytes can leave a valid file: then it must still be a usable model
        assert all(torch.isfinite(t).all() for t in checkpoint.state_dict.values())


numbers = st.one_of(st.integers(-10**400, 10**400), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                    st.text(max_size=5), st.none(), st.lists(st.integers(), max_size=3))


@examples(60)
@given(field=st.sampled_from(["cell", "input_size", "hidden_size", "num_layers", "output_size", "dropout", "head",
                              "head_activation", "vocab_size", "forget_bias"]), value=numbers)
def test_any_value_in_any_config_field(tmp_path_factory, field: str, value) -> None:  # noqa: ANN001
    model = SequenceModel(ModelConfig(hidden_size=4, num_layers=1))
    config = model.config.to_dict() | {field: value}
    path = tmp_path_factory.mktemp("fuzz") / "config.pt"
    torch.save({"format": FORMAT, "config": config, "state_dict": model.state_dict()}, path)
    try:
        checkpoint = load_checkpoint(path)
    except CheckpointError as error:
        assert "\n" not in str(error)
    else:  # accepted only when the value really is valid and matches the tensors
        assert getattr(checkpoint.config, field) == value or (isinstance(value, float) and math.isnan(value))


@examples(30)
@given(shape=st.lists(st.integers(0, 5), min_size=0, max_size=3), dtype=st.sampled_from(
    [torch.float32, torch.float64, torch.int64, torch.bool, torch.float16]))
def test_any_tensor_in_place_of_a_weight(tmp_path_factory, shape: list, dtype) -> None:  # noqa: ANN001
    model = SequenceModel(ModelConfig(hidden_size=4, num_layers=1))
    state = dict(model.state_dict())
    state["lstm.weight_hh_l0"] = torch.zeros(shape, dtype=dtype)
    path = tmp_path_factory.mktemp("fuzz") / "tensor.pt"
    torch.save({"format": FORMAT, "config": model.config.to_dict(), "state_dict": state}, path)
    _refused_in_one_line(path)


def test_a_good_file_still_loads_after_all_that(tmp_path) -> None:
    model = SequenceModel(ModelConfig(hidden_size=4, num_layers=1))
    checkpoint = load_checkpoint(save_checkpoint(tmp_path / "good.pt", model))
    assert checkpoint.config == model.config
