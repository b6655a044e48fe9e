"""CUDA check, for a machine with a GPU: traced gates vs cuDNN's fused LSTM, one epoch's time, and NCCL.

Runs the bundled model on the GPU: the fused path (cuDNN) and the step-by-step trace path on the
same MNIST test digits, reporting the largest |h| and |c| difference (target <= 1e-5), then
trains one full MNIST epoch with `lstm-studio train --device cuda` (target < 3 s), then the same
epoch as a distributed run, `torchrun --nproc_per_node=1 -m lstm_studio train --device cuda`
(one process, NCCL, DistributedDataParallel, with --run-dir), and checks its checkpoint and run
folder. With more than one GPU, `--gpus N` also runs N processes.

Usage: python bench/cuda_check.py [--data-dir ../shared/mnist] [--gpus N] [--skip-ddp]
Prints its figures and, last, one JSON line. Exits 1 if CUDA is unavailable or a check fails.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
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
    parser.add_argument("--gpus", type=int, default=1, help="also train with this many NCCL processes (one per GPU)")
    parser.add_argument("--skip-ddp", action="store_true", help="skip the torchrun / NCCL runs")
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
    ok = True
    if not args.skip_ddp:
        for processes in sorted({1, max(1, min(args.gpus, torch.cuda.device_count()))}):
            ddp, problem = nccl_epoch(args.data_dir, processes)
            figures |= {f"nccl_{processes}proc_{key}": value for key, value in ddp.items()}
            if problem:
                print(f"NCCL with {processes} process(es): {problem}", file=sys.stderr)
                ok = False
    for key, value in figures.items():
        print(f"{key}: {value}")
    print(json.dumps(figures))
    return 0 if ok else 1


def nccl_epoch(data_dir: str, processes: int) -> tuple[dict, str]:
    """One full MNIST epoch under torchrun on ``processes`` GPUs (NCCL); its figures and a problem, if any."""
    from lstm_studio.io import load_checkpoint
    from lstm_studio.runs import list_runs

    folder = Path(tempfile.mkdtemp(prefix="cuda-check-ddp-"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "torch.distributed.run", f"--nproc_per_node={processes}",
               f"--master_port={port}", "-m", "lstm_studio", "train", "--device", "cuda", "--data-dir", data_dir,
               "--no-download", "--epochs", "1", "--out", str(folder / "model.pt"),
               "--run-dir", str(folder / "run"), "--json", "--dist-timeout", "120"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, env=os.environ)
    if done.returncode != 0:
        return {"exit_status": done.returncode}, f"torchrun failed: {done.stderr.strip()[-1500:]}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    checkpoint = load_checkpoint(folder / "model.pt")
    (run,) = list_runs(folder)
    figures = {"epoch_seconds": result["train_seconds"], "samples_per_s": result["samples_per_s"],
               "test_accuracy": result["test_accuracy"], "world_size": result["world_size"],
               "checkpoint_world_size": checkpoint.metrics.get("world_size"), "run_state": run.status.state,
               "traces": len(list((folder / "run" / "traces").iterdir()))}
    problem = ""
    if result["world_size"] != processes or run.status.state != "finished" or "nccl" not in done.stderr:
        problem = f"unexpected result {figures}; stderr: {done.stderr.strip()[-800:]}"
    return figures, problem


if __name__ == "__main__":
    sys.exit(main())
