"""SequenceModel (cell + head) and ModelConfig, validated field by field before anything is built."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from lstm_studio.cells import Trace
from lstm_studio.models import ConfigError, ModelConfig, ModelSnapshot, SequenceModel, validate_config


def test_state_dict_names_are_plain_pytorch_names_under_the_cell() -> None:
    for cell in ("lstm", "gru", "rnn"):
        model = SequenceModel(ModelConfig(cell=cell, hidden_size=8, num_layers=2))
        assert set(model.state_dict()) == {f"{cell}.{kind}_l{layer}" for kind in
                                           ("weight_ih", "weight_hh", "bias_ih", "bias_hh") for layer in (0, 1)} \
            | {"head.weight", "head.bias"}
        assert model.cell is getattr(model, cell)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn", "lstm_peephole", "lstm_no_forget"])
def test_per_step_outputs_end_at_the_fast_path_prediction(cell: str, torch_threads) -> None:
    torch.manual_seed(3)
    model = SequenceModel(ModelConfig(cell=cell, hidden_size=16)).eval()
    x = torch.rand(3, 28, 28)
    trace = model.trace(x)
    assert trace.cell == cell and trace.probs_per_step.shape == (3, 28, 10)
    np.testing.assert_allclose(trace.probs_per_step.sum(-1), 1, atol=1e-5)
    np.testing.assert_allclose(trace.probs_per_step[:, -1], model.predict_proba(x).numpy(), atol=1e-5)
    np.testing.assert_array_equal(trace.inputs, x.numpy())


def test_heads_every_step_and_token_inputs(torch_threads) -> None:
    config = ModelConfig(input_size=5, hidden_size=6, num_layers=1, output_size=7, head="every", vocab_size=7)
    model = SequenceModel(config).eval()
    ids = torch.randint(0, 7, (2, 9))
    assert model(ids).shape == (2, 9, 7)
    trace = model.trace(ids)
    np.testing.assert_array_equal(trace.tokens, ids.numpy())
    np.testing.assert_allclose(trace.probs_per_step, torch.softmax(model(ids), -1).detach().numpy(), atol=1e-5)
    regression = SequenceModel(ModelConfig(input_size=2, hidden_size=4, num_layers=1, output_size=1,
                                           head_activation="linear")).eval()
    trace = regression.trace(torch.rand(3, 5, 2))
    assert trace.output_kind == "values" and trace.probs_per_step is None and trace.outputs.shape == (3, 5, 1)


def test_trace_hooks_receive_immutable_traces(torch_threads) -> None:
    model = SequenceModel(ModelConfig(hidden_size=4, num_layers=1))
    received: list[Trace] = []
    handle = model.register_trace_hook(received.append)
    model.trace(torch.rand(2, 28, 28))
    assert len(received) == 1 and received[0].forget_gate.shape == (1, 2, 28, 4)
    with pytest.raises(ValueError):
        received[0].forget_gate[0, 0, 0, 0] = 1.0  # read-only: safe to share across threads
    handle.remove()
    model.trace(torch.rand(1, 28, 28))
    assert len(received) == 1


@pytest.mark.parametrize("raw, field", [
    ({"input_size": 28, "hidden_size": 30000, "num_layers": 2}, "hidden_size"),
    ({"input_size": 28, "hidden_size": 128, "num_layers": 1_000_000}, "num_layers"),
    ({"input_size": 28, "hidden_size": 128, "num_layers": 2, "dropout": "abc"}, "dropout"),
    ({"input_size": 28, "hidden_size": 128, "num_layers": 2, "dropout": 1.5}, "dropout"),
    ({"input_size": 28, "hidden_size": 128.0, "num_layers": 2}, "hidden_size"),
    ({"input_size": True, "hidden_size": 128, "num_layers": 2}, "input_size"),
    ({"input_size": 28, "hidden_size": -3, "num_layers": 2}, "hidden_size"),
    ({"input_size": 28, "hidden_size": 8, "num_layers": 2, "cell": "transformer"}, "cell"),
    ({"input_size": 28, "hidden_size": 8, "num_layers": 2, "head": "middle"}, "head"),
    ({"input_size": 28, "hidden_size": 8, "num_layers": 2, "cell": "gru", "forget_bias": 1.0}, "forget_bias"),
    ({"input_size": 28, "hidden_size": 8, "num_layers": 2, "forget_bias": float("nan")}, "forget_bias"),
    ({"input_size": 10**6, "hidden_size": 16384, "num_layers": 64}, "hidden_size"),
    ({"hidden_size": 8, "num_layers": 2}, "input_size"),
])
def test_bad_config_fields_are_named(raw: dict, field: str) -> None:
    with pytest.raises(ConfigError) as caught:
        validate_config(raw)
    assert caught.value.field == field and "\n" not in str(caught.value)


def test_a_format_1_config_still_reads() -> None:
    config = validate_config({"input_size": 28, "hidden_size": 128, "num_layers": 2, "num_classes": 10,
                              "dropout": 0.2, "task": {"name": "digits"}})
    assert config == ModelConfig()
    assert config.parameter_count() == sum(p.numel() for p in SequenceModel(config).parameters())


def test_snapshots_are_versioned_immutable_and_say_what_they_show() -> None:
    model = SequenceModel(ModelConfig(hidden_size=4, num_layers=1))
    first = ModelSnapshot.of_model(model, "bundled model")
    live = first.with_weights(model.weights_copy(), step=1240, source="training run")
    assert live.version > first.version and live.label == "weights after step 1,240" and live.is_live
    assert first.label == "bundled model" and not first.is_live
    with pytest.raises(ValueError):
        first.weights["head.bias"][0] = 1.0
    with pytest.raises(TypeError):
        first.weights["extra"] = np.zeros(1)  # type: ignore[index]
    rebuilt = live.build_model()
    torch.testing.assert_close(rebuilt.head.bias, model.head.bias)
