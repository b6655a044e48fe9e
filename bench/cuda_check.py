"""CUDA check, for a machine with a GPU: traced gates vs cuDNN's fused LSTM, and one epoch's time.

Runs the bundled model on the GPU: the fused path (cuDNN) and the step-by-step trace path on the
same MNIST test digits, reporting the largest |h| and |c| difference (target <= 1e-5), then
trains one full MNIST epoch with `lstm-studio train --device cuda` (target < 3 s).

Usage: python bench/cuda_check.py [--data-dir ../shared/mnist]
Prints its figures and, last, one JSON line. Exits 1 if CUDA is unavailable.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

from lstm_studio.data import read_mnist
from lstm_studio.io import load_bundled
from lstm_studio.training import resolve_device

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_train import studio_cli  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(Path(__file__).resolve().parents[2] / "shared" / "mnist"))
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("CUDA is not available here", file=sys.stderr)
        return 1
    device = resolve_device("cuda")
    model = load_bundled().build_model(device)
    digits = read_mnist(Path(args.data_dir))
    x = torch.tensor(digits.test_images[:512], device=device).float().div_(255)
    with torch.no_grad():
        output, (h_n, c_n) = model.cell(x)
        trace = model.cell.trace_tensors(x)
    figures = {
        "gpu": torch.cuda.get_device_name(device),
        "max_abs_diff_h": float((trace["h"][-1] - output).abs().max()),
        "max_abs_diff_h_n": float((trace["h"][:, :, -1] - h_n).abs().max()),
        "max_abs_diff_c_n": float((trace["c"][:, :, -1] - c_n).abs().max()),
    }
    result = studio_cli(args.data_dir, "cuda", 10**9, Path("/tmp/cuda_check_model.pt"))
    figures["epoch_seconds"] = result["train_seconds"]
    figures["samples_per_s"] = result["samples_per_s"]
    figures["test_accuracy_after_one_epoch"] = result["test_accuracy"]
    for key, value in figures.items():
        print(f"{key}: {value}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
