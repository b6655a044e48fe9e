"""Digits for the LSTM: MNIST files, the bundled mini-MNIST, drawn strokes and image files. No Qt here."""
from __future__ import annotations

from ._drawing import MAX_COORDINATE, MAX_POINTS, Drawing, DrawingError
from ._images import ImageError, ink_map, load_image, render_image, render_image_file
from ._inputs import InputItem, iter_inputs
from ._mnist import (ENV_DATA_DIR, ENV_OFFLINE, MNIST_FILES, DigitSet, MnistMissing, default_data_dir,
                     download_mnist, load_digits, load_mini_mnist, load_mnist, raw_folder, read_mnist,
                     resolve_data_dir)
from ._pendigits import TABLET_SIZE, PenDigit, PenDigitsError, parse_writers, read_pendigits, render_pendigits
from ._render import (BOX, PEN_WIDTH, SIZE, DrawingTooSmallError, EmptyDrawingError, Rendering,
                      render_drawing, render_strokes)

__all__ = [
    "BOX", "ENV_DATA_DIR", "ENV_OFFLINE", "MAX_COORDINATE", "MAX_POINTS", "MNIST_FILES", "PEN_WIDTH", "SIZE",
    "TABLET_SIZE", "DigitSet", "Drawing", "DrawingError", "DrawingTooSmallError", "EmptyDrawingError",
    "ImageError", "InputItem", "MnistMissing", "PenDigit", "PenDigitsError", "Rendering", "default_data_dir",
    "download_mnist", "ink_map", "iter_inputs", "load_digits", "load_image", "load_mini_mnist", "load_mnist",
    "parse_writers", "raw_folder", "read_mnist", "read_pendigits", "render_drawing", "render_image",
    "render_image_file", "render_pendigits", "render_strokes", "resolve_data_dir",
]
