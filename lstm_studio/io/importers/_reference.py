"""Run an :class:`ImportedModel` with plain ``torch.nn`` modules: what "loads into nn.LSTM" means."""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ._result import ImportedModel

_MODULES = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


def build_torch_modules(model: ImportedModel) -> tuple[nn.Module, nn.Linear | None]:
    """``nn.LSTM``/``nn.GRU``/``nn.RNN`` (batch first) and the ``nn.Linear`` head, holding the imported weights."""
    config = model.config
    cell = config["cell"]
    recurrent = _MODULES[cell](config["input_size"], config["hidden_size"], config["num_layers"], batch_first=True)
    prefix = f"{cell}."
    recurrent.load_state_dict({k[len(prefix):]: v for k, v in model.state_dict.items() if k.startswith(prefix)})
    head = None
    if config["output_size"]:
        head = nn.Linear(config["hidden_size"], config["output_size"])
        head.load_state_dict({"weight": model.state_dict["head.weight"], "bias": model.state_dict["head.bias"]})
    return recurrent.eval(), head


@torch.no_grad()
def reference_forward(model: ImportedModel, x: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Every step's hidden state of the last layer ``[batch, steps, hidden]`` and the head's output.

    The head reads the last step (``head == "last"``, output ``[batch, classes]``) or every step
    (``"every"``, ``[batch, steps, classes]``), then applies ``head_activation``.
    """
    recurrent, head = build_torch_modules(model)
    hidden = recurrent(torch.as_tensor(np.asarray(x, np.float32)))[0]
    if head is None:
        return hidden.numpy(), None
    scores = head(hidden[:, -1] if model.config["head"] == "last" else hidden)
    activation = model.config["head_activation"]
    if activation == "softmax":
        scores = torch.softmax(scores, dim=-1)
    elif activation == "sigmoid":
        scores = torch.sigmoid(scores)
    return hidden.numpy(), scores.numpy()
