"""Keras model configs as Keras 2 (standalone and tf.keras) and Keras 3 write them, parsed into a plan."""
from __future__ import annotations

import pytest

from lstm_studio.io.importers import ModelImportError
from lstm_studio.io.importers._keras_config import plan_from_config


def _keras2_functional(*layers: tuple[str, dict]) -> dict:
    """A Keras 2 functional config: each layer's inbound_nodes is [[[previous, 0, 0, {}]]]."""
    entries, previous = [], None
    for class_name, config in layers:
        inbound = [] if previous is None else [[[previous, 0, 0, {}]]]
        entries.append({"class_name": class_name, "name": config["name"], "config": config, "inbound_nodes": inbound})
        previous = config["name"]
    return {"class_name": "Model", "config": {"name": "model", "layers": entries}}


LSTM = {"units": 4, "activation": "tanh", "recurrent_activation": "sigmoid", "return_sequences": True}


def test_keras2_functional_chain_with_activation_layer_after_a_linear_dense() -> None:
    plan = plan_from_config("m.h5", _keras2_functional(
        ("InputLayer", {"name": "input_1", "batch_input_shape": [None, 10, 3]}),
        ("LSTM", {"name": "lstm", **LSTM}),
        ("LSTM", {"name": "lstm_2", **LSTM}),
        ("Dense", {"name": "dense", "units": 2, "activation": "linear"}),
        ("Activation", {"name": "act", "activation": "softmax"}),
    ))
    assert (plan.cell, plan.head, plan.head_activation, plan.declared_input_size) == ("lstm", "every", "softmax", 3)
    assert [layer.weights_key for layer in plan.recurrent] == ["lstm", "lstm_1"]  # Keras 3 numbers by class
    assert [layer.name for layer in plan.recurrent] == ["lstm", "lstm_2"]          # legacy .h5 uses the names


def test_keras2_functional_branch_is_refused() -> None:
    config = _keras2_functional(
        ("InputLayer", {"name": "input_1", "batch_input_shape": [None, 10, 3]}),
        ("LSTM", {"name": "lstm", **LSTM}),
        ("Dense", {"name": "dense", "units": 2}),
    )
    config["config"]["layers"][2]["inbound_nodes"] = [[["input_1", 0, 0, {}]]]  # Dense reads the input directly
    with pytest.raises(ModelImportError, match="layer 'dense' does not simply follow 'lstm'"):
        plan_from_config("m.h5", config)


@pytest.mark.parametrize(("layers", "problem"), [
    ([("TimeDistributed", {"name": "td"})], r"'td' \(TimeDistributed\) .*plain Dense"),
    ([("LSTM", {"name": "a", **LSTM}), ("GRU", {"name": "b", "units": 4, "reset_after": True})], "mixed cell kinds"),
    ([("Dense", {"name": "d", "units": 2})], "before any recurrent layer"),
    ([("Masking", {"name": "m"})], "no LSTM, GRU or SimpleRNN layer"),
    ([("LSTM", {"name": "a", **LSTM, "units": 0})], "bad units"),
    ([("LSTM", {"name": "a", **LSTM}), ("Activation", {"name": "act", "activation": "softmax"})],
     "not directly after a linear Dense"),
])
def test_layer_sequences_nn_modules_cannot_express_are_refused(layers, problem) -> None:
    config = {"class_name": "Sequential", "config": {"layers": [{"class_name": c, "config": cfg} for c, cfg in layers]}}
    with pytest.raises(ModelImportError, match=problem):
        plan_from_config("m.keras", config)


def test_malformed_configs_are_refused() -> None:
    for config, problem in (([], "missing or not a dictionary"), ({"class_name": "Custom", "config": {"layers": []}},
                            "class 'Custom' is not supported"),
                            ({"class_name": "Sequential", "config": {"layers": [3]}}, "malformed layer")):
        with pytest.raises(ModelImportError, match=problem):
            plan_from_config("m.keras", config)
