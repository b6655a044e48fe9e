"""The Train tab's actions (Train, Pause, Stop, New model, Open, Save, Bundled, Download): made once, named
in the current language by :func:`name_actions` (Qt context ``TrainTab``); the File and Training menus
and the tab's buttons show them."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

translate = QCoreApplication.translate


def _action(tab: Any, shortcuts: list[str], slot: Any) -> QAction:
    action = QAction(tab)
    action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.triggered.connect(slot)
    return action


def _name(action: QAction, text: str, tip: str) -> None:
    """An action's text, status tip, and tooltip with its keys."""
    action.setText(text)
    keys = ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts())
    action.setToolTip(f"{tip} ({keys})" if keys else tip)
    action.setStatusTip(tip)


def build_actions(tab: Any) -> None:
    """The tab's actions, as attributes of ``tab`` (``train_action``, ``pause_action``, ...), without words yet."""
    tab.train_action = _action(tab, ["F5", "Ctrl+T"], tab.start_training)
    tab.pause_action = _action(tab, ["Ctrl+P", "F6"], tab.toggle_pause)
    tab.stop_action = _action(tab, ["Shift+F5", "Ctrl+."], tab.stop_training)
    tab.new_model_action = _action(tab, ["Ctrl+N"], tab.new_model)
    tab.open_action = _action(tab, ["Ctrl+O"], lambda: tab.files.open_checkpoint())
    tab.save_action = _action(tab, ["Ctrl+S"], lambda: tab.files.save_checkpoint())
    tab.bundled_action = _action(tab, [], tab.files.load_bundled)
    tab.download_action = _action(tab, [], tab.download_mnist)


def name_actions(tab: Any) -> None:
    """Every action's words in the current language (Pause becomes Resume in ``TrainTab._update_state``)."""
    _name(tab.train_action, translate("TrainTab", "&Train"),
          translate("TrainTab", "Start training with these settings: from random weights, or continuing the current "
                                "model"))
    _name(tab.pause_action, translate("TrainTab", "&Pause"),
          translate("TrainTab", "Pause or resume training (takes effect within one batch)"))
    _name(tab.stop_action, translate("TrainTab", "&Stop"),
          translate("TrainTab", "Stop training after the batch in progress; the weights so far become the current "
                                "model"))
    _name(tab.new_model_action, translate("TrainTab", "&New model"),
          translate("TrainTab", "Start over with random weights of the chosen shape"))
    _name(tab.open_action, translate("TrainTab", "&Open model…"),
          translate("TrainTab", "Open a model: an LSTM Studio checkpoint, a PyTorch state_dict, safetensors, Keras "
                                ".keras/.h5, a TensorFlow 1 checkpoint or ONNX"))
    _name(tab.save_action, translate("TrainTab", "&Save checkpoint…"),
          translate("TrainTab", "Save the current model to a checkpoint file"))
    _name(tab.bundled_action, translate("TrainTab", "Load &bundled model"),
          translate("TrainTab", "Go back to the model that ships with LSTM Studio"))
    _name(tab.download_action, translate("TrainTab", "&Download MNIST…"),
          translate("TrainTab", "Download the full MNIST (about 11 MB) for full-size training"))
