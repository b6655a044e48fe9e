"""Distributed training and run folders: scaling over processes, the cost of --run-dir, and how fast a follower sees a run.

Three measurements, each printed as it goes, then one JSON line with every figure:

``scaling``
    ``lstm-studio train`` (the reference 2 x 128 LSTM, batch 128 per process, full MNIST) as one
    process with 1 thread, one process with 2 threads, and ``torchrun --nproc_per_node=2`` (gloo,
    1 thread each), in interleaved rounds. samples/s is the run's own figure (all processes'
    samples over the training time). The machine's load average is printed around each run:
    on a shared machine it says how much of the CPU the runs really had.
``overhead``
    Two core Trainers in one process, one recording into a run folder exactly as
    ``train --run-dir`` does (TrainingRecorder + RunWriter), one not; they run in alternating
    slices (paused and resumed, as ``bench_train.py`` does) and each slice's rate comes from the
    trainer's own snapshots. The figure is the median of the per-slice ratios.
``follow``
    A RunWriter in a background thread writes a gate trace every ~1.5 s; the Follow tab (offscreen)
    polls the folder. Latency: from the moment the trace file is in place to the moment the tab
    has drawn it into its heatmaps.

Usage: python bench/bench_distributed.py [--data-dir ../shared/mnist] [--parts scaling,overhead,follow]
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: ``../shared/mnist`` beside the project, or beside the folder of worktrees it sits in.
DEFAULT_DATA = next((str(p / "shared" / "mnist") for p in ROOT.parents if (p / "shared" / "mnist").is_dir()),
                    str(ROOT.parent / "shared" / "mnist"))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5 min {five:.2f}) on {os.cpu_count()} cores"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- scaling ----------------------------------------------------------------------------------------
def train_command(kind: str, data_dir: str, batches: int, out: Path) -> list[str]:
    args = ["train", "--data-dir", data_dir, "--no-download", "--epochs", "1", "--limit-batches", str(batches),
            "--out", str(out), "--json", "--device", "cpu"]
    if kind == "1 process, 1 thread":
        return [sys.executable, "-m", "lstm_studio", *args, "--threads", "1"]
    if kind == "1 process, 2 threads":
        return [sys.executable, "-m", "lstm_studio", *args, "--threads", "2"]
    return [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", f"--master_port={free_port()}",
            "-m", "lstm_studio", *args, "--threads", "1"]


def scaling(data_dir: str, rounds: int, batches: int) -> dict:
    kinds = ("1 process, 1 thread", "1 process, 2 threads", "2 processes (gloo), 1 thread each")
    rates: dict[str, list[float]] = {kind: [] for kind in kinds}
    out = Path(tempfile.mkdtemp(prefix="bench-dist-")) / "model.pt"
    for round_index in range(rounds):
        for kind in (kinds if round_index % 2 == 0 else kinds[::-1]):
            before = load()
            done = subprocess.run(train_command(kind, data_dir, batches, out), capture_output=True, text=True,
                                  env=os.environ | {"OMP_NUM_THREADS": "1"}, timeout=1800)
            if done.returncode != 0:
                raise SystemExit(f"{kind} failed: {done.stderr[-800:]}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            if result["data"] != "mnist":
                raise SystemExit(f"MNIST is not in {data_dir} (the run used {result['data']}): give --data-dir")
            rates[kind].append(result["samples_per_s"])
            print(f"round {round_index + 1} {kind}: {result['samples_per_s']:,.0f} samples/s "
                  f"({result['steps']} steps, world size {result['world_size']}); before: {before}; after: {load()}",
                  flush=True)
    medians = {kind: statistics.median(values) for kind, values in rates.items()}
    base, threads2, ddp = (medians[kind] for kind in kinds)
    print(f"scaling: 2 processes / 1 process 1 thread = {ddp / base:.2f}x; 2 processes / 1 process 2 threads = "
          f"{ddp / threads2:.2f}x (medians over {rounds} rounds)", flush=True)
    return {"scaling_samples_per_s": medians, "scaling_all": rates, "scaling_2proc_vs_1thread": ddp / base,
            "scaling_2proc_vs_2threads": ddp / threads2, "scaling_batches_per_process": batches}


# --- overhead of --run-dir -----------------------------------------------------------------------------
def thread_cpu_seconds(native_id: int | None) -> float:
    """User + system CPU time of one thread of this process (Linux /proc), in seconds."""
    fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class SlicedTrainer:
    """A core Trainer in a thread, paused between slices; optionally recording into a run folder."""

    def __init__(self, digits, run_dir: Path | None) -> None:  # noqa: ANN001
        from tqdm import tqdm

        from lstm_studio.runs import RunWriter, TrainingRecorder
        from lstm_studio.tasks import DigitsTask
        from lstm_studio.training import TrainConfig, Trainer

        self.trainer = Trainer(TrainConfig(epochs=1000, device="cpu", num_threads=1), DigitsTask(digits))
        self.recorder = TrainingRecorder(RunWriter(run_dir), self.trainer) if run_dir else None
        if self.recorder is not None:
            self.recorder.start()
        self.sink = open(os.devnull, "w")
        self.bar = tqdm(total=None, file=self.sink, mininterval=0.5)
        self.snapshots: list = []
        self.callback_s = 0.0       # time the recorder took inside the training thread
        self.arrived = threading.Condition()
        self.thread = threading.Thread(target=self.trainer.run, args=(self._on_snapshot,), daemon=True)
        self.trainer.pause()
        self.thread.start()

    def _on_snapshot(self, snapshot) -> None:  # noqa: ANN001 - what the CLI's callback does, plus the recorder
        self.bar.update(snapshot.step - self.bar.n)
        if self.recorder is not None:
            started = time.perf_counter()
            self.recorder.on_snapshot(snapshot)
            self.callback_s += time.perf_counter() - started
        with self.arrived:
            self.snapshots.append(snapshot)
            self.arrived.notify_all()

    def run_for(self, seconds: float) -> float:
        with self.arrived:
            self.arrived.wait_for(lambda: bool(self.snapshots), timeout=60)
            start = self.snapshots[-1]
        self.trainer.resume()
        time.sleep(seconds)
        self.trainer.pause()
        while True:   # the pause emits a snapshot of the exact state: wait for it
            with self.arrived:
                count = len(self.snapshots)
                self.arrived.wait(0.3)
                if len(self.snapshots) == count:
                    end = self.snapshots[-1]
                    break
        return (end.samples_seen - start.samples_seen) / max(1e-9, end.elapsed_s - start.elapsed_s)

    def close(self) -> None:
        self.trainer.stop("benchmark finished")
        self.thread.join(60)
        if self.recorder is not None:
            self.recorder.fail("benchmark finished", status="stopped")
        self.bar.close()
        self.sink.close()


def overhead(data_dir: str, rounds: int, seconds: float) -> dict:
    from lstm_studio.data import DigitSet, load_digits

    full = load_digits(data_dir, download=False)
    digits = DigitSet(full.train_images, full.train_labels, full.test_images[:500], full.test_labels[:500], full.source)
    folder = Path(tempfile.mkdtemp(prefix="bench-rundir-"))
    plain, recording = SlicedTrainer(digits, None), SlicedTrainer(digits, folder / "run")
    plain.run_for(1.0)
    recording.run_for(1.0)
    ratios, plain_rates, recording_rates = [], [], []
    for round_index in range(rounds):
        order = [("plain", plain), ("recording", recording)]
        measured = {name: trainer.run_for(seconds) for name, trainer in (order if round_index % 2 == 0 else order[::-1])}
        plain_rates.append(measured["plain"])
        recording_rates.append(measured["recording"])
        ratios.append(measured["recording"] / measured["plain"])
        print(f"slice {round_index + 1}: without {measured['plain']:,.0f}  with --run-dir "
              f"{measured['recording']:,.0f} samples/s  ratio {ratios[-1]:.3f}; {load()}", flush=True)
    training_s = recording.snapshots[-1].elapsed_s
    writer_cpu_s = thread_cpu_seconds(recording.recorder.writer._thread.native_id)
    plain.close()
    recording.close()
    share = (recording.callback_s + writer_cpu_s) / training_s
    print(f"--run-dir work: {recording.callback_s:.2f} s in the training thread + {writer_cpu_s:.2f} s CPU in the "
          f"writer thread over {training_s:.1f} s of training = {share:.2%}", flush=True)
    files = {sub: len(list((folder / "run" / sub).iterdir())) for sub in ("traces", "weights")}
    size = sum(p.stat().st_size for p in (folder / "run").rglob("*") if p.is_file())
    print(f"--run-dir: median ratio {statistics.median(ratios):.3f} (mean {statistics.fmean(ratios):.3f}); "
          f"folder {size / 1e6:.1f} MB after the slices ({files})", flush=True)
    return {"overhead_work_share": share, "overhead_callback_s": recording.callback_s,
            "overhead_writer_cpu_s": writer_cpu_s, "overhead_training_s": training_s,
            "overhead_ratio_median": statistics.median(ratios), "overhead_ratio_mean": statistics.fmean(ratios),
            "overhead_ratios": [round(r, 4) for r in ratios], "overhead_without": statistics.median(plain_rates),
            "overhead_with": statistics.median(recording_rates), "run_dir_bytes": size, "run_dir_files": files}


# --- follow latency -----------------------------------------------------------------------------------
def write_traces(writer, model, probe, count: int, written: dict[int, float]) -> None:  # noqa: ANN001
    """Every 1.5 s a new trace; ``written[step]``: when its file was in place (renamed, complete)."""
    from lstm_studio.runs import step_file_name

    for step in range(1, count + 1):
        time.sleep(1.5)
        writer.write_trace(step, model.trace(probe), force=True)
        path = writer.folder / "traces" / step_file_name(step, ".npz")
        while not path.exists():
            time.sleep(0.0005)
        written[step] = time.perf_counter()


def follow_latency(count: int) -> dict:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["LSTM_STUDIO_SETTINGS"] = str(Path(tempfile.mkdtemp(prefix="bench-follow-")) / "settings.ini")
    import torch
    from PySide6.QtWidgets import QApplication

    from lstm_studio.app.follow import FollowTab
    from lstm_studio.app.shell._session import Session
    from lstm_studio.app.widgets._style import apply_theme
    from lstm_studio.data import load_mini_mnist
    from lstm_studio.models import SequenceModel
    from lstm_studio.runs import RunWriter

    torch.set_num_threads(1)
    app = QApplication.instance() or QApplication([])
    apply_theme()
    model = SequenceModel()
    probe = torch.tensor(load_mini_mnist().test_images[:16]).float().div(255)
    folder = Path(tempfile.mkdtemp(prefix="bench-follow-run-")) / "run"
    writer = RunWriter(folder, trace_interval_s=0)
    writer.write_config(model=model.config, metric={"name": "accuracy"})
    tab = FollowTab(Session())
    tab.resize(1400, 800)
    tab.show()
    written: dict[int, float] = {}
    drawn: dict[int, float] = {}
    tab._frame_timer.timeout.connect(lambda: drawn.setdefault(tab.drawn_trace_step, time.perf_counter())
                                     if tab.drawn_trace_step is not None else None)
    tab.follow(folder)
    thread = threading.Thread(target=write_traces, args=(writer, model, probe, count, written))
    thread.start()
    deadline = time.perf_counter() + 1.5 * count + 30
    while (thread.is_alive() or len(drawn) < count) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.002)
    thread.join()
    tab.shutdown()
    writer.close()
    latencies = [drawn[step] - written[step] for step in sorted(written) if step in drawn]
    print(f"follow: {len(latencies)}/{count} traces drawn; latency median {statistics.median(latencies):.3f} s, "
          f"max {max(latencies):.3f} s (poll every {tab.poll_interval_s} s)", flush=True)
    return {"follow_latency_median_s": statistics.median(latencies), "follow_latency_max_s": max(latencies),
            "follow_latencies_s": [round(v, 3) for v in latencies], "follow_poll_s": tab.poll_interval_s}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=DEFAULT_DATA)
    parser.add_argument("--parts", default="scaling,overhead,follow")
    parser.add_argument("--rounds", type=int, default=3, help="scaling rounds (each runs all three set-ups)")
    parser.add_argument("--batches", type=int, default=100, help="scaling: batches per process")
    parser.add_argument("--slices", type=int, default=20, help="overhead: slices per side")
    parser.add_argument("--slice-seconds", type=float, default=4.0)
    parser.add_argument("--traces", type=int, default=12, help="follow: traces to time")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    figures: dict = {"machine": f"{os.cpu_count()} cores, {load()} at the start"}
    print(figures["machine"], flush=True)
    if "scaling" in parts:
        figures |= scaling(args.data_dir, args.rounds, args.batches)
    if "overhead" in parts:
        figures |= overhead(args.data_dir, args.slices, args.slice_seconds)
    if "follow" in parts:
        figures |= follow_latency(args.traces)
    figures["load_at_the_end"] = load()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
