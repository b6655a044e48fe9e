"""The TensorFlow checkpoint-index reader: varints, CRC32C, footer, blocks with restart points,
BundleEntryProto decoding, a real index written by TensorFlow, and fuzzing with random bytes."""
from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstm_studio.io.importers import ModelImportError, import_model
from lstm_studio.io.importers._tf_index import (
    TABLE_MAGIC, BlockHandle, IndexFormatError, crc32c, iter_block, masked_crc32c, parse_entry, parse_footer,
    read_block, read_bundle_index, read_table, read_varint)

FOREIGN = Path(__file__).parent / "fixtures" / "foreign"
REAL_INDEX = (FOREIGN / "tf1_lstm.ckpt.index").read_bytes()


# ---------------------------------------------------------------- a tiny table writer (LevelDB format)

def varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def block(entries: list[tuple[bytes, bytes]], restart_interval: int = 2) -> bytes:
    out, restarts, previous = bytearray(), [0], b""
    for number, (key, value) in enumerate(entries):
        if number and number % restart_interval == 0:
            restarts.append(len(out))
        shared = 0
        if number % restart_interval:
            while shared < min(len(key), len(previous)) and key[shared] == previous[shared]:
                shared += 1
        out += varint(shared) + varint(len(key) - shared) + varint(len(value)) + key[shared:] + value
        previous = key
    return bytes(out) + struct.pack(f"<{len(restarts)}I", *restarts) + struct.pack("<I", len(restarts))


def with_trailer(contents: bytes, compression: int = 0) -> bytes:
    return contents + bytes([compression]) + struct.pack("<I", masked_crc32c(contents + bytes([compression])))


def table(entries: list[tuple[bytes, bytes]], compression: int = 0) -> bytes:
    data = block(entries)
    out = with_trailer(data, compression)
    index = block([(entries[-1][0] if entries else b"", varint(0) + varint(len(data)))])
    index_offset = len(out)
    out += with_trailer(index)
    meta = block([])
    meta_offset = len(out)
    out += with_trailer(meta)
    handles = varint(meta_offset) + varint(len(meta)) + varint(index_offset) + varint(len(index))
    return out + handles.ljust(40, b"\0") + struct.pack("<Q", TABLE_MAGIC)


# ---------------------------------------------------------------- primitives

@pytest.mark.parametrize(("encoded", "value"), [(b"\x00", 0), (b"\x01", 1), (b"\x7f", 127), (b"\xac\x02", 300),
                                                (b"\xff\xff\xff\xff\x0f", 2**32 - 1)])
def test_varint_decodes_known_encodings(encoded: bytes, value: int) -> None:
    assert read_varint(encoded + b"tail", 0) == (value, len(encoded))
    assert varint(value) == encoded


def test_varint_refuses_truncation_and_overlong_encodings() -> None:
    with pytest.raises(IndexFormatError, match="past the end"):
        read_varint(b"\x80\x80", 0)
    with pytest.raises(IndexFormatError, match="longer than 5"):
        read_varint(b"\x80" * 6 + b"\x01", 0, max_bytes=5)


def test_crc32c_matches_the_standard_check_value_and_masking() -> None:
    assert crc32c(b"123456789") == 0xE3069283
    assert crc32c(b"") == 0
    crc = crc32c(b"lstm")
    assert masked_crc32c(b"lstm") == ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


# ---------------------------------------------------------------- footer and blocks

def test_footer_of_a_real_tensorflow_index_points_inside_the_file() -> None:
    metaindex, index = parse_footer(REAL_INDEX)
    assert 0 <= index.offset < index.offset + index.size <= len(REAL_INDEX) - 48
    assert metaindex.offset + metaindex.size <= len(REAL_INDEX) - 48


@pytest.mark.parametrize("damage", [lambda b: b[:-1] + b"\x00", lambda b: b[:30]])
def test_footer_without_the_magic_number_is_refused(damage) -> None:
    with pytest.raises(IndexFormatError):
        parse_footer(damage(REAL_INDEX))


def test_block_entries_share_key_prefixes_between_restart_points() -> None:
    entries = [(f"rnn/cell_{i // 3}/kernel{i % 3}".encode(), bytes([i]) * i) for i in range(10)]
    contents = block(entries, restart_interval=4)
    assert list(iter_block(contents)) == entries
    assert struct.unpack("<I", contents[-4:])[0] == 3  # restarts at entries 0, 4 and 8


@pytest.mark.parametrize(("mutate", "problem"), [
    (lambda b: b[:-4] + struct.pack("<I", 10_000), "restart points"),
    (lambda b: b[:-8] + struct.pack("<I", 9_999) + b[-4:], "restart points"),
    (lambda b: b"\x03" + b[1:], "shares a key prefix"),
    (lambda b: b[:2] + b"\x7f" + b[3:], "overruns"),
])
def test_malformed_blocks_are_refused(mutate, problem: str) -> None:
    contents = block([(b"alpha", b"1"), (b"alphabet", b"22"), (b"beta", b"333")], restart_interval=2)
    with pytest.raises(IndexFormatError, match=problem):
        list(iter_block(mutate(contents)))


def test_table_round_trip_and_damage_detection() -> None:
    entries = [(b"", b"\x08\x01"), (b"a/bias", b"\x08\x01"), (b"a/kernel", b"\x08\x01")]
    raw = table(entries)
    assert read_table(raw) == dict(entries)
    damaged = bytearray(raw)
    damaged[8] ^= 0xFF  # inside the data block
    with pytest.raises(IndexFormatError, match="checksum"):
        read_table(bytes(damaged))
    with pytest.raises(IndexFormatError, match="compressed"):
        read_table(table(entries, compression=1))


def test_block_handle_outside_the_file_is_refused() -> None:
    with pytest.raises(IndexFormatError, match="outside the table"):
        read_block(REAL_INDEX, BlockHandle(len(REAL_INDEX) - 10, 500))


# ---------------------------------------------------------------- protos

def test_bundle_entry_proto_fields_are_decoded() -> None:
    shape = b"\x12\x02\x08\x0c" + b"\x12\x02\x08\x1c"  # dim { size: 12 } dim { size: 28 }
    encoded = (b"\x08\x01" + b"\x12" + bytes([len(shape)]) + shape + b"\x18\x00" + b"\x20" + varint(632)
               + b"\x28" + varint(1344) + b"\x35" + struct.pack("<I", 105972089))
    entry = parse_entry(encoded)
    assert (entry.dtype_name, entry.shape, entry.shard_id, entry.offset, entry.size, entry.crc32c) == (
        "float32", (12, 28), 0, 632, 1344, 105972089)


def test_negative_offsets_and_unknown_wire_types_are_refused() -> None:
    with pytest.raises(IndexFormatError, match="negative"):
        parse_entry(b"\x20" + b"\xff" * 9 + b"\x01")  # offset = -1 as a 10-byte varint
    with pytest.raises(IndexFormatError, match="wire type"):
        parse_entry(b"\x0b")


def test_real_index_lists_every_variable_tensorflow_saved() -> None:
    header, entries = read_bundle_index(REAL_INDEX)
    assert header.num_shards == 1 and not header.big_endian
    assert entries["rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel"].shape == (12, 28)
    assert entries["rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel"].shape == (14, 28)
    assert entries["dense/kernel"].shape == (7, 3) and entries["beta1_power"].shape == ()
    assert len(entries) == 20  # 6 weights, 12 Adam slots, 2 beta powers
    data = (FOREIGN / "tf1_lstm.ckpt.data-00000-of-00001").read_bytes()
    bias = entries["dense/bias"]
    assert masked_crc32c(data[bias.offset:bias.offset + bias.size]) == bias.crc32c


# ---------------------------------------------------------------- fuzzing

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_random_bytes_raise_only_index_format_error(raw: bytes) -> None:
    try:
        read_bundle_index(raw)
    except IndexFormatError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(REAL_INDEX) - 1), st.integers(0, 255)), min_size=1, max_size=6),
       st.booleans())
def test_damaged_real_index_raises_only_index_format_error(flips, verify: bool) -> None:
    damaged = bytearray(REAL_INDEX)
    for position, value in flips:
        damaged[position] = value
    try:
        read_bundle_index(bytes(damaged), verify=verify)
    except IndexFormatError:
        pass


# ---------------------------------------------------------------- whole checkpoints written with this writer

def _rewritten_checkpoint(tmp_path: Path, rename: dict[str, str], extra: bytes = b"", target: str = "") -> Path:
    """A copy of the real checkpoint whose index entries are renamed, and one entry's proto extended
    (protobuf keeps the last value of a repeated scalar field, so appended fields override)."""
    entries = read_table(REAL_INDEX)
    rebuilt = {}
    for key, value in entries.items():
        name = key.decode()
        rebuilt[rename.get(name, name).encode()] = value + (extra if name == target else b"")
    (tmp_path / "model.ckpt.index").write_bytes(table(sorted(rebuilt.items())))
    (tmp_path / "model.ckpt.data-00000-of-00001").write_bytes(
        (FOREIGN / "tf1_lstm.ckpt.data-00000-of-00001").read_bytes())
    return tmp_path / "model.ckpt"


def test_rewritten_index_still_imports(tmp_path) -> None:
    model = import_model(_rewritten_checkpoint(tmp_path, {}))
    assert model.config["num_layers"] == 2 and model.config["output_size"] == 3


def test_index_offset_outside_the_data_file_is_refused(tmp_path) -> None:
    kernel = "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel"
    prefix = _rewritten_checkpoint(tmp_path, {}, extra=b"\x20" + varint(10**9), target=kernel)
    with pytest.raises(ModelImportError, match=rf"{kernel} lies at bytes 1000000000\.\.1000001344 but "
                                               r"model.ckpt.data-00000-of-00001 has only 9704"):
        import_model(prefix)


def test_index_size_disagreeing_with_the_shape_is_refused(tmp_path) -> None:
    kernel = "rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel"
    prefix = _rewritten_checkpoint(tmp_path, {}, extra=b"\x28" + varint(8), target=kernel)
    with pytest.raises(ModelImportError, match=r"declares 8 bytes for shape \[14, 28\]"):
        import_model(prefix)


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel", "bidirectional_rnn/fw/basic_lstm_cell/kernel",
     "bidirectional"),
    ("dense/bias", "rnn/lstm_cell/w_f_diag", "peephole"),
    ("dense/bias", "rnn/lstm_cell/projection/kernel", "num_proj"),
    ("dense/bias", "rnn/gru_cell/gates/kernel", "GRUCell"),
    ("rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel", "rnn/multi_rnn_cell/cell_3/basic_lstm_cell/kernel",
     "numbered"),
])
def test_tf1_networks_nn_lstm_cannot_express_are_refused(tmp_path, old, new, problem) -> None:
    renames = {old: new}
    if "cell_3" in new:
        renames["rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias"] = "rnn/multi_rnn_cell/cell_3/basic_lstm_cell/bias"
    with pytest.raises(ModelImportError, match=problem) as caught:
        import_model(_rewritten_checkpoint(tmp_path, renames))
    assert "\n" not in str(caught.value)
