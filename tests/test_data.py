"""MNIST files, the bundled mini-MNIST, the fallback notice, and a core that never imports Qt."""
from __future__ import annotations

import gzip
import subprocess
import sys

import numpy as np
import pytest

from lstm_studio.data import MNIST_FILES, MnistMissing, load_digits, load_mini_mnist, load_mnist, read_mnist


def test_reads_the_official_file_format(mnist_dir) -> None:
    """The four IDX files (torchvision's layout) give back exactly the digits written into them."""
    digits = read_mnist(mnist_dir)
    mini = load_mini_mnist()
    assert digits.train_images.shape == (500, 28, 28) and digits.test_images.shape == (300, 28, 28)
    assert digits.train_images.dtype == np.uint8 and digits.train_labels.dtype == np.int64
    assert digits.source == "mnist"
    np.testing.assert_array_equal(digits.train_images, mini.train_images[:500])
    np.testing.assert_array_equal(digits.test_labels, mini.test_labels[:300])


def test_reads_gzipped_files_in_a_plain_folder(mnist_dir, tmp_path) -> None:
    """The files as downloaded (``.gz``), straight in the folder given, read the same."""
    for name in MNIST_FILES:
        data = (mnist_dir / "MNIST" / "raw" / name).read_bytes()
        (tmp_path / f"{name}.gz").write_bytes(gzip.compress(data))
    np.testing.assert_array_equal(read_mnist(tmp_path).test_images, read_mnist(mnist_dir).test_images)


def test_truncated_file_is_reported_not_crashed(mnist_dir, tmp_path) -> None:
    for name in MNIST_FILES:
        data = (mnist_dir / "MNIST" / "raw" / name).read_bytes()
        (tmp_path / name).write_bytes(data[:-10] if name.startswith("t10k-images") else data)
    with pytest.raises(MnistMissing, match="t10k-images-idx3-ubyte.*truncated") as caught:
        read_mnist(tmp_path)
    assert "\n" not in str(caught.value)


def test_mini_mnist_is_stratified_and_small() -> None:
    mini = load_mini_mnist()
    assert mini.train_images.shape == (6000, 28, 28) and mini.test_images.shape == (1000, 28, 28)
    assert np.bincount(mini.train_labels).tolist() == [600] * 10
    assert np.bincount(mini.test_labels).tolist() == [100] * 10
    assert mini.train_images.max() == 255


def test_offline_and_missing_names_the_files_and_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LSTM_STUDIO_OFFLINE", "1")
    with pytest.raises(MnistMissing) as caught:
        load_mnist(tmp_path)
    message = str(caught.value)
    assert all(name in message for name in MNIST_FILES) and str(tmp_path) in message and "\n" not in message


def test_falls_back_to_mini_mnist_with_a_notice(tmp_path) -> None:
    digits = load_digits(tmp_path, download=False)
    assert digits.source == "mini-mnist" and "mini-MNIST" in digits.notice and str(tmp_path) in digits.notice


def test_data_dir_from_environment(mnist_dir, monkeypatch) -> None:
    monkeypatch.setenv("LSTM_STUDIO_DATA", str(mnist_dir))
    assert load_digits(None, download=False).source == "mnist"


def test_core_runs_with_qt_unimportable(tmp_path) -> None:
    """Model, data, training and CLI import no Qt: run a tiny training with PySide6 blocked."""
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None; sys.modules['pyqtgraph'] = None\n"
        "from lstm_studio.cli import main\n"
        f"status = main(['train', '--mini', '--epochs', '1', '--limit-batches', '2', '--hidden-size', '8',"
        f" '--out', r'{tmp_path / 'm.pt'}', '--threads', '1'])\n"
        "assert status == 0, status\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6.', 'pyqtgraph.'))]\n"
        "print('core-ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "core-ok" in done.stdout
