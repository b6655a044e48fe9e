"""Refusals: every unsupported, malformed or unsafe file is one line "FILE: problem", raised before
anything large is allocated, never wrong numbers, a traceback or a crash."""
from __future__ import annotations

import json
import shutil
import struct
import zipfile
from pathlib import Path
from typing import Any, Callable

import h5py
import numpy as np
import onnx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from onnx import helper

from lstm_studio.io.importers import ModelImportError, import_model

FOREIGN = Path(__file__).parent / "fixtures" / "foreign"


def _refused(path: Path, pattern: str, **kwargs: Any) -> str:
    with pytest.raises(ModelImportError, match=pattern) as caught:
        import_model(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{caught.value.path}: ")
    return message


# ---------------------------------------------------------------- Keras configs

def _edited_keras(tmp_path: Path, source: str, edit: Callable[[list[dict]], None]) -> Path:
    """A copy of a .keras fixture whose config.json layers went through ``edit``."""
    with zipfile.ZipFile(FOREIGN / source) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    config = json.loads(members["config.json"])
    edit(config["config"]["layers"])
    members["config.json"] = json.dumps(config).encode()
    target = tmp_path / f"edited-{source}"
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def _layer(layers: list[dict], name: str) -> dict:
    return next(layer for layer in layers if layer["config"].get("name") == name)


@pytest.mark.parametrize(("source", "edit", "problem"), [
    ("keras3_lstm.keras", lambda ls: _layer(ls, "lstm")["config"].update(recurrent_activation="hard_sigmoid"),
     r"layer 'lstm' uses recurrent_activation 'hard_sigmoid'"),
    ("keras3_lstm.keras", lambda ls: _layer(ls, "lstm_1")["config"].update(activation="relu"),
     r"layer 'lstm_1' uses activation 'relu'"),
    ("keras3_lstm.keras", lambda ls: _layer(ls, "lstm")["config"].update(go_backwards=True), "backwards"),
    ("keras3_gru.keras", lambda ls: _layer(ls, "gru_1")["config"].update(reset_after=False),
     r"GRU layer 'gru_1' has reset_after=False"),
    ("keras3_lstm.keras", lambda ls: ls.__setitem__(1, {"class_name": "Bidirectional", "config": {
        "name": "bidirectional", "layer": ls[1]}}), r"layer 'bidirectional' \(Bidirectional\) is not supported"),
    ("keras3_lstm.keras", lambda ls: ls.insert(1, {"class_name": "Conv1D", "config": {"name": "conv1d"}}),
     r"layer 'conv1d' \(Conv1D\)"),
    ("keras3_lstm.keras", lambda ls: ls.insert(1, {"class_name": "Embedding", "config": {"name": "embed"}}),
     r"'embed' \(Embedding\) .*embedding"),
    ("keras3_lstm.keras", lambda ls: ls.insert(3, {"class_name": "MultiHeadAttention", "config": {"name": "mha"}}),
     r"layer 'mha' \(MultiHeadAttention\)"),
    ("keras3_lstm.keras", lambda ls: _layer(ls, "dense")["config"].update(activation="relu"),
     r"layer 'dense' uses activation 'relu'"),
    ("keras3_lstm.keras", lambda ls: _layer(ls, "lstm")["config"].update(return_sequences=False),
     r"layer 'lstm' returns only its last step"),
    ("keras3_lstm.keras", lambda ls: _layer(ls, "lstm_1")["config"].update(units=9), "one width"),
    ("keras3_lstm.keras", lambda ls: [_layer(ls, n)["config"].update(units=8) for n in ("lstm", "lstm_1")],
     r"layers/lstm/cell/vars/0 has shape \[5, 28\], the config implies \[5, 32\]"),
    ("keras3_gru.keras", lambda ls: _layer(ls, "dense_1")["inbound_nodes"][0]["args"][0]["config"]
     .update(keras_history=["gru", 0, 0]), "single chain"),
    ("keras3_simplernn.keras", lambda ls: ls.append({"class_name": "Dense", "config": {"name": "second", "units": 2}}),
     "only one dense head"),
])
def test_unsupported_keras_layers_and_settings_are_refused_naming_the_layer(tmp_path, source, edit, problem) -> None:
    _refused(_edited_keras(tmp_path, source, edit), problem)


def test_hard_sigmoid_in_a_tf_keras_2_h5_is_refused(tmp_path) -> None:
    target = tmp_path / "old.h5"
    shutil.copy(FOREIGN / "tfkeras2_lstm.h5", target)
    with h5py.File(target, "r+") as store:
        config = json.loads(store.attrs["model_config"])
        config["config"]["layers"][2]["config"]["recurrent_activation"] = "hard_sigmoid"
        store.attrs["model_config"] = json.dumps(config).encode()
    _refused(target, r"layer 'lstm_1' uses recurrent_activation 'hard_sigmoid'.*before Keras 2.3")


# ---------------------------------------------------------------- HDF5 safety

def _h5_with_kernel_replaced(tmp_path: Path, replace: Callable[[h5py.Group, str, Path], None]) -> Path:
    target = tmp_path / "model.h5"
    shutil.copy(FOREIGN / "tfkeras2_lstm.h5", target)
    with h5py.File(target, "r+") as store:
        group = store["model_weights/lstm/lstm/lstm_cell"]
        del group["kernel:0"]
        replace(group, "kernel:0", tmp_path)
    return target


def _external_link(group: h5py.Group, name: str, folder: Path) -> None:
    with h5py.File(folder / "elsewhere.h5", "w") as other:
        other["kernel"] = np.zeros((5, 28), np.float32)
    group[name] = h5py.ExternalLink(str(folder / "elsewhere.h5"), "/kernel")


def _virtual(group: h5py.Group, name: str, folder: Path) -> None:
    with h5py.File(folder / "source.h5", "w") as other:
        other["kernel"] = np.zeros((5, 28), np.float32)
    layout = h5py.VirtualLayout((5, 28), np.float32)
    layout[:] = h5py.VirtualSource(str(folder / "source.h5"), "kernel", (5, 28))
    group.create_virtual_dataset(name, layout)


def _external_storage(group: h5py.Group, name: str, folder: Path) -> None:
    (folder / "raw.bin").write_bytes(bytes(5 * 28 * 4))
    group.create_dataset(name, (5, 28), np.float32, external=[(str(folder / "raw.bin"), 0, 5 * 28 * 4)])


def _huge(group: h5py.Group, name: str, folder: Path) -> None:
    group.create_dataset(name, (1 << 20, 1 << 20), np.float32, chunks=(1, 1024))  # declared 4 TiB, stores nothing


def _soft(group: h5py.Group, name: str, folder: Path) -> None:
    group[name] = h5py.SoftLink("/model_weights/lstm/lstm/lstm_cell/bias:0")


@pytest.mark.parametrize(("replace", "problem"), [
    (_external_link, "refused: .*kernel:0 is a link to another file"),
    (_virtual, "refused: .*kernel:0 is a virtual dataset"),
    (_external_storage, "refused: .*kernel:0 keeps its data in an external file"),
    (_huge, r"declares 4398046511104 bytes .*more than the 1024 MiB"),
    (_soft, "refused: .*kernel:0 is a soft link"),
])
def test_hdf5_links_virtual_external_and_huge_datasets_are_refused(tmp_path, replace, problem) -> None:
    _refused(_h5_with_kernel_replaced(tmp_path, replace), problem)


def test_weights_only_hdf5_is_refused(tmp_path) -> None:
    with h5py.File(tmp_path / "weights.h5", "w") as store:
        store["layers/lstm/cell/vars/0"] = np.zeros((5, 28), np.float32)
    _refused(tmp_path / "weights.h5", "weights only, no model architecture")


# ---------------------------------------------------------------- zip safety

def _patched_declared_size(source: Path, target: Path, member: str, declared: int) -> Path:
    """Rewrite a member's uncompressed size in the central directory (what zipfile trusts)."""
    data = bytearray(source.read_bytes())
    start = 0
    while True:
        start = data.index(b"PK\x01\x02", start)
        name_length = struct.unpack("<H", data[start + 28:start + 30])[0]
        if data[start + 46:start + 46 + name_length] == member.encode():
            data[start + 24:start + 28] = struct.pack("<I", declared)
            target.write_bytes(bytes(data))
            return target
        start += 4


def test_zip_member_declaring_gigabytes_is_refused_before_reading(tmp_path) -> None:
    bomb = _patched_declared_size(FOREIGN / "keras3_lstm.keras", tmp_path / "bomb.keras", "model.weights.h5",
                                  3 << 30)
    _refused(bomb, r"zip member model.weights.h5 declares 3221225472 bytes, more than 2 GiB")


def test_zip_member_with_an_absurd_compression_ratio_is_refused(tmp_path) -> None:
    bomb = _patched_declared_size(FOREIGN / "keras3_lstm.keras", tmp_path / "ratio.keras", "config.json", 400 << 20)
    _refused(bomb, r"refused: zip member config.json would expand \d+:1")


def test_real_deflated_bomb_is_refused(tmp_path) -> None:
    with zipfile.ZipFile(tmp_path / "zeros.keras", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", "{}")
        archive.writestr("model.weights.h5", bytes(64 << 20))
    _refused(tmp_path / "zeros.keras", "would expand")


def test_damaged_zip_member_and_foreign_zip_are_refused(tmp_path) -> None:
    data = bytearray((FOREIGN / "keras3_lstm.keras").read_bytes())
    position = data.index(b'"class_name": "Sequential"')
    data[position + 2:position + 12] = b"XXXXXXXXXX"
    (tmp_path / "crc.keras").write_bytes(bytes(data))
    _refused(tmp_path / "crc.keras", "config.json in the zip archive is damaged")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("readme.txt", "hello")
    _refused(tmp_path / "other.zip", "neither a Keras 3 model nor a PyTorch file")


# ---------------------------------------------------------------- TF1 checkpoint files

def _copy_checkpoint(tmp_path: Path, name: str = "tf1_lstm") -> Path:
    for suffix in (".index", ".data-00000-of-00001"):
        shutil.copy(FOREIGN / f"{name}.ckpt{suffix}", tmp_path / f"model.ckpt{suffix}")
    return tmp_path / "model.ckpt"


def test_truncated_data_shard_is_refused_by_offset_check(tmp_path) -> None:
    prefix = _copy_checkpoint(tmp_path)
    shard = tmp_path / "model.ckpt.data-00000-of-00001"
    shard.write_bytes(shard.read_bytes()[:3000])
    _refused(prefix, r"lies at bytes \d+\.\.\d+ but model.ckpt.data-00000-of-00001 has only 3000")


def test_flipped_byte_in_data_shard_fails_its_checksum(tmp_path) -> None:
    prefix = _copy_checkpoint(tmp_path)
    shard = tmp_path / "model.ckpt.data-00000-of-00001"
    data = bytearray(shard.read_bytes())
    data[700] ^= 0x40  # inside cell_0's kernel
    shard.write_bytes(bytes(data))
    _refused(prefix, "basic_lstm_cell/kernel fails its checksum")


def test_missing_index_or_shard_is_one_line(tmp_path) -> None:
    prefix = _copy_checkpoint(tmp_path)
    (tmp_path / "model.ckpt.data-00000-of-00001").unlink()
    _refused(prefix, "data file model.ckpt.data-00000-of-00001 is missing")
    (tmp_path / "model.ckpt.index").unlink()
    _refused(prefix, "no such file")


def test_truncated_index_is_refused(tmp_path) -> None:
    prefix = _copy_checkpoint(tmp_path)
    index = tmp_path / "model.ckpt.index"
    index.write_bytes(index.read_bytes()[:-20])
    _refused(prefix, "damaged or not a TensorFlow checkpoint index")


# ---------------------------------------------------------------- ONNX

def _edited_onnx(tmp_path: Path, source: str, edit: Callable[[onnx.ModelProto], None]) -> Path:
    model = onnx.load(str(FOREIGN / source))
    edit(model)
    target = tmp_path / f"edited-{source}"
    onnx.save(model, str(target))
    return target


def _set_attribute(op_type: str, **values: Any) -> Callable[[onnx.ModelProto], None]:
    def edit(model: onnx.ModelProto) -> None:
        node = next(n for n in model.graph.node if n.op_type == op_type)
        for name, value in values.items():
            kept = [a for a in node.attribute if a.name != name]
            del node.attribute[:]
            node.attribute.extend(kept + [helper.make_attribute(name, value)])
    return edit


def _gather_first_step(model: onnx.ModelProto) -> None:
    gather = next(n for n in model.graph.node if n.op_type == "Gather" and "Gemm" in
                  [c.op_type for c in model.graph.node if n.output[0] in c.input])
    model.graph.initializer.append(onnx.numpy_helper.from_array(np.array(0, np.int64), "first_step"))
    gather.input[1] = "first_step"


@pytest.mark.parametrize(("source", "edit", "problem"), [
    ("torch_lstm.onnx", _set_attribute("LSTM", direction="bidirectional"), "direction='bidirectional'"),
    ("torch_lstm.onnx", _set_attribute("LSTM", direction="reverse"), "direction='reverse'"),
    ("torch_lstm.onnx", _set_attribute("LSTM", clip=3.0), r"clip"),
    ("torch_lstm.onnx", _set_attribute("LSTM", input_forget=1), "input_forget=1"),
    ("torch_lstm.onnx", _set_attribute("LSTM", activations=["Sigmoid", "Relu", "Tanh"]), "activations"),
    ("torch_gru.onnx", _set_attribute("GRU", linear_before_reset=0), "linear_before_reset=0"),
    ("torch_lstm.onnx", _gather_first_step, "does not take the last time step"),
])
def test_onnx_settings_nn_modules_cannot_express_are_refused(tmp_path, source, edit, problem) -> None:
    _refused(_edited_onnx(tmp_path, source, edit), problem)


def test_onnx_external_data_initializers_are_refused(tmp_path) -> None:
    model = onnx.load(str(FOREIGN / "torch_lstm.onnx"))
    onnx.save_model(model, str(tmp_path / "external.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="weights.bin", size_threshold=0)
    _refused(tmp_path / "external.onnx", r"refused: initializer .* keeps its data in an external file")


def test_truncated_onnx_is_refused(tmp_path) -> None:
    data = (FOREIGN / "torch_lstm.onnx").read_bytes()
    (tmp_path / "cut.onnx").write_bytes(data[: len(data) // 2])
    _refused(tmp_path / "cut.onnx", "ONNX")


# ---------------------------------------------------------------- anything else

@pytest.mark.parametrize(("name", "content", "problem"), [
    ("empty.pt", b"", "file is empty"),
    ("noise.bin", bytes(range(256)) * 4, "unrecognised format"),
    ("graph.pb", b"\x0a\x05hello", r"SavedModel / frozen graph \(\.pb\)"),
    ("graph.meta", b"\x0a\x05hello", "holds the graph, not the weights"),
    ("fake.index", b"\x00" * 100, "not a TensorFlow checkpoint index"),
])
def test_empty_random_and_unsupported_files_are_one_line(tmp_path, name, content, problem) -> None:
    (tmp_path / name).write_bytes(content)
    _refused(tmp_path / name, problem)


def test_missing_file_and_plain_folder(tmp_path) -> None:
    _refused(tmp_path / "absent.keras", "no such file")
    _refused(tmp_path, "is a folder")
    (tmp_path / "saved_model.pb").write_bytes(b"\x08\x01")
    _refused(tmp_path, "SavedModel folders are not supported")


SUFFIXES = [".pt", ".keras", ".h5", ".onnx", ".index", ".safetensors", ".bin"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=400), st.sampled_from(SUFFIXES),
       st.sampled_from([b"", b"PK\x03\x04", b"\x89HDF\r\n\x1a\n", b"\x80\x02", b"\x08\x07"]))
def test_random_bytes_raise_only_model_import_error(tmp_path, raw: bytes, suffix: str, magic: bytes) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(magic + raw)
    with pytest.raises(ModelImportError):
        import_model(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["keras3_lstm.keras", "tfkeras2_lstm.h5", "torch_gru.onnx"]),
       st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8),
       st.floats(0.05, 1.0))
def test_damaged_real_files_raise_only_model_import_error(tmp_path, source: str, flips, keep: float) -> None:
    """Flipped bytes and truncation either still import (damage in padding) or fail in one line."""
    data = bytearray((FOREIGN / source).read_bytes())
    for where, value in flips:
        data[int(where * len(data))] = value
    path = tmp_path / f"damaged-{source}"
    path.write_bytes(bytes(data[: max(1, int(len(data) * keep))]))
    try:
        model = import_model(path)
    except ModelImportError as error:
        assert "\n" not in str(error)
    else:
        assert all(np.isfinite(t.numpy()).all() for t in model.state_dict.values())
