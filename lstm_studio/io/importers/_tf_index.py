"""A reader for TensorFlow checkpoint ``.index`` files, without TensorFlow.

The index of a V2 checkpoint (``tensorflow/core/util/tensor_bundle``) is an uncompressed
LevelDB-format table (SSTable): data blocks of prefix-compressed key/value entries followed by
restart points, an index block whose values are handles of the data blocks, and a 48-byte
footer ending in a magic number. Keys are tensor names; the value of the empty key is a
``BundleHeaderProto`` and every other value a ``BundleEntryProto`` saying where a tensor's bytes
lie in the ``.data-NNNNN-of-NNNNN`` shards. Both protos are tiny and decoded here by hand.

Every length, offset and count is checked against the bytes actually present before it is
used, so a damaged or hostile file raises :class:`IndexFormatError`, never anything else.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Iterator

TABLE_MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48          # two block handles padded to 40 bytes, then the 8-byte magic
BLOCK_TRAILER_SIZE = 5    # compression type (1 byte) + masked crc32c (4 bytes)
MAX_ENTRIES = 1_000_000
MAX_KEY_BYTES = 1 << 16
DTYPES = {1: "float32", 2: "float64", 3: "int32", 4: "uint8", 5: "int16", 6: "int8", 7: "string",
          9: "int64", 10: "bool", 14: "bfloat16", 19: "float16"}


class IndexFormatError(ValueError):
    """The bytes are not a well-formed tensor-bundle index; ``str`` is one line."""


@dataclass(frozen=True)
class BlockHandle:
    """Where a block lies in the table file."""

    offset: int
    size: int


@dataclass(frozen=True)
class BundleHeader:
    """``BundleHeaderProto``: how many data shards, and their byte order."""

    num_shards: int = 1
    big_endian: bool = False


@dataclass(frozen=True)
class BundleEntry:
    """``BundleEntryProto``: one tensor's dtype, shape and place in a data shard."""

    dtype: int
    shape: tuple[int, ...]
    shard_id: int
    offset: int
    size: int
    crc32c: int | None
    sliced: bool = False

    @property
    def dtype_name(self) -> str:
        return DTYPES.get(self.dtype, f"dtype {self.dtype}")


# ---------------------------------------------------------------- primitives

def read_varint(buffer: bytes, position: int, max_bytes: int = 10) -> tuple[int, int]:
    """Decode a little-endian base-128 varint; return ``(value, next_position)``."""
    value = shift = 0
    for count in range(max_bytes):
        if position + count >= len(buffer):
            raise IndexFormatError("varint runs past the end of its buffer")
        byte = buffer[position + count]
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, position + count + 1
        shift += 7
    raise IndexFormatError(f"varint longer than {max_bytes} bytes")


def _crc32c_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC_TABLE = _crc32c_table()


def crc32c(data: bytes, crc: int = 0) -> int:
    """CRC-32C (Castagnoli), as LevelDB and TensorFlow compute it."""
    crc ^= 0xFFFFFFFF
    table = _CRC_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data: bytes) -> int:
    """LevelDB/TensorFlow store CRCs masked, so a CRC of data holding CRCs stays meaningful."""
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


# ---------------------------------------------------------------- the table

def parse_block_handle(buffer: bytes, position: int) -> tuple[BlockHandle, int]:
    """A ``BlockHandle`` (varint64 offset, varint64 size) at ``position``."""
    offset, position = read_varint(buffer, position)
    size, position = read_varint(buffer, position)
    return BlockHandle(offset, size), position


def parse_footer(table: bytes) -> tuple[BlockHandle, BlockHandle]:
    """The metaindex and index block handles from the last 48 bytes of a table."""
    if len(table) < FOOTER_SIZE:
        raise IndexFormatError(f"{len(table)} bytes is too short for a table footer")
    footer = table[-FOOTER_SIZE:]
    (magic,) = struct.unpack("<Q", footer[-8:])
    if magic != TABLE_MAGIC:
        raise IndexFormatError("no table magic number at the end (not a TensorFlow checkpoint index)")
    metaindex, position = parse_block_handle(footer, 0)
    index, position = parse_block_handle(footer, position)
    if position > FOOTER_SIZE - 8:
        raise IndexFormatError("footer block handles overrun the footer")
    return metaindex, index


def read_block(table: bytes, handle: BlockHandle, verify: bool = True) -> bytes:
    """A block's contents after checking its bounds, compression type and checksum."""
    end = handle.offset + handle.size
    if end + BLOCK_TRAILER_SIZE > len(table) - FOOTER_SIZE:
        raise IndexFormatError(f"block at {handle.offset} (+{handle.size}) lies outside the table")
    contents = table[handle.offset:end]
    compression = table[end]
    if compression != 0:
        raise IndexFormatError(f"block at {handle.offset} is compressed (type {compression}); "
                               "checkpoint indexes are written uncompressed")
    (stored,) = struct.unpack("<I", table[end + 1:end + BLOCK_TRAILER_SIZE])
    if verify and stored != masked_crc32c(table[handle.offset:end + 1]):
        raise IndexFormatError(f"block at {handle.offset} fails its checksum (damaged file)")
    return contents


def restart_points(block: bytes) -> tuple[list[int], int]:
    """The restart offsets of a block and where its entries end."""
    if len(block) < 4:
        raise IndexFormatError("block too short for its restart count")
    (count,) = struct.unpack("<I", block[-4:])
    entries_end = len(block) - 4 - 4 * count
    if count < 1 or entries_end < 0:
        raise IndexFormatError(f"block declares {count} restart points, impossible in {len(block)} bytes")
    restarts = list(struct.unpack(f"<{count}I", block[entries_end:-4]))
    if restarts[0] != 0 or any(r >= max(entries_end, 1) for r in restarts) or restarts != sorted(restarts):
        raise IndexFormatError("block restart points are out of order or out of range")
    return restarts, entries_end


def iter_block(block: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Every ``(key, value)`` of a block, rebuilding prefix-compressed keys."""
    restarts, entries_end = restart_points(block)
    restart_set = set(restarts)
    key = b""
    position = 0
    while position < entries_end:
        start = position
        shared, position = read_varint(block, position, 5)
        unshared, position = read_varint(block, position, 5)
        value_size, position = read_varint(block, position, 5)
        if start in restart_set and shared:
            raise IndexFormatError("an entry at a restart point shares a key prefix")
        if shared > len(key) or position + unshared + value_size > entries_end:
            raise IndexFormatError("block entry overruns its block")
        key = key[:shared] + block[position:position + unshared]
        if len(key) > MAX_KEY_BYTES:
            raise IndexFormatError("block entry key is absurdly long")
        position += unshared
        yield key, block[position:position + value_size]
        position += value_size


def read_table(table: bytes, verify: bool = True) -> dict[bytes, bytes]:
    """Every key and value of a table, in key order."""
    _, index_handle = parse_footer(table)
    entries: dict[bytes, bytes] = {}
    for _, handle_bytes in iter_block(read_block(table, index_handle, verify)):
        handle, used = parse_block_handle(handle_bytes, 0)
        if used != len(handle_bytes):
            raise IndexFormatError("index entry is not a block handle")
        for key, value in iter_block(read_block(table, handle, verify)):
            if len(entries) >= MAX_ENTRIES:
                raise IndexFormatError(f"more than {MAX_ENTRIES} entries")
            entries[key] = value
    return entries


# ---------------------------------------------------------------- the protos

def proto_fields(buffer: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """``(field_number, wire_type, value)`` of a protobuf message (varint, fixed and bytes fields)."""
    position = 0
    while position < len(buffer):
        key, position = read_varint(buffer, position)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise IndexFormatError("protobuf field number 0")
        if wire == 0:
            value, position = read_varint(buffer, position)
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            if position + width > len(buffer):
                raise IndexFormatError("protobuf fixed field runs past the end")
            value = int.from_bytes(buffer[position:position + width], "little")
            position += width
        elif wire == 2:
            length, position = read_varint(buffer, position)
            if position + length > len(buffer):
                raise IndexFormatError("protobuf bytes field runs past the end")
            value, position = buffer[position:position + length], position + length
        else:
            raise IndexFormatError(f"protobuf wire type {wire} is not used by checkpoint indexes")
        yield number, wire, value


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _shape(buffer: bytes) -> tuple[int, ...]:
    dims = []
    for number, wire, value in proto_fields(buffer):
        if number == 3 and wire == 0 and value:
            raise IndexFormatError("tensor shape of unknown rank")
        if number == 2 and wire == 2:
            size = 0
            for dim_number, dim_wire, dim_value in proto_fields(value):  # type: ignore[arg-type]
                if dim_number == 1 and dim_wire == 0:
                    size = _signed(dim_value)  # type: ignore[arg-type]
            if size < 0:
                raise IndexFormatError(f"tensor shape has a negative dimension {size}")
            dims.append(size)
    return tuple(dims)


def parse_entry(buffer: bytes) -> BundleEntry:
    """Decode a ``BundleEntryProto``."""
    fields = {"dtype": 0, "shape": (), "shard_id": 0, "offset": 0, "size": 0, "crc32c": None, "sliced": False}
    for number, wire, value in proto_fields(buffer):
        if number == 1 and wire == 0:
            fields["dtype"] = value
        elif number == 2 and wire == 2:
            fields["shape"] = _shape(value)  # type: ignore[arg-type]
        elif number in (3, 4, 5) and wire == 0:
            fields[("shard_id", "offset", "size")[number - 3]] = _signed(value)  # type: ignore[arg-type]
        elif number == 6 and wire == 5:
            fields["crc32c"] = value
        elif number == 7:
            fields["sliced"] = True
    if min(fields["shard_id"], fields["offset"], fields["size"]) < 0:  # type: ignore[type-var]
        raise IndexFormatError("tensor entry has a negative shard, offset or size")
    return BundleEntry(**fields)  # type: ignore[arg-type]


def parse_header(buffer: bytes) -> BundleHeader:
    """Decode a ``BundleHeaderProto`` (the value of the empty key)."""
    num_shards, big_endian = 1, False
    for number, wire, value in proto_fields(buffer):
        if number == 1 and wire == 0:
            num_shards = _signed(value)  # type: ignore[arg-type]
        elif number == 2 and wire == 0:
            big_endian = value == 1
    if not 1 <= num_shards <= 100_000:
        raise IndexFormatError(f"checkpoint header declares {num_shards} data shards")
    return BundleHeader(num_shards, big_endian)


def read_bundle_index(table: bytes, verify: bool = True) -> tuple[BundleHeader, dict[str, BundleEntry]]:
    """The header and every tensor entry of a checkpoint ``.index`` file's bytes.

    Raises
    ------
    IndexFormatError
        For anything malformed, with a one-line reason.
    """
    entries = read_table(table, verify)
    if b"" not in entries:
        raise IndexFormatError("no bundle header (not a TensorFlow V2 checkpoint index)")
    header = parse_header(entries.pop(b""))
    tensors = {}
    for key, value in entries.items():
        try:
            name = key.decode("utf-8")
        except UnicodeDecodeError:
            raise IndexFormatError("a tensor name is not UTF-8") from None
        tensors[name] = parse_entry(value)
    return header, tensors
