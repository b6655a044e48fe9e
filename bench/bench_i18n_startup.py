"""Start-up in English and in Chinese, side by side: when the window is visible, when the model is ready.

Usage: ``.venv/bin/python bench/bench_i18n_startup.py [--runs 5]``. Each run starts the app in a
new process (offscreen unless a display is set) with ``LSTM_STUDIO_QUIT_AFTER_MS=100`` and reads
the times it prints (seconds since the process started); the two languages alternate so that the
machine's load falls on both alike. Prints the medians and the ratio Chinese / English.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def start_once(language: str, folder: Path) -> tuple[float, float]:
    env = {**os.environ, "LSTM_STUDIO_QUIT_AFTER_MS": "100", "LSTM_STUDIO_LANGUAGE": language,
           "LSTM_STUDIO_SETTINGS": str(folder / f"{language}.ini"), "LSTM_STUDIO_OFFLINE": "1",
           "LSTM_STUDIO_DATA": str(folder / "no-mnist")}
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run([sys.executable, "-m", "lstm_studio"], capture_output=True, text=True, env=env, timeout=300)
    visible = re.search(r"window visible after ([\d.]+) s", out.stdout)
    ready = re.search(r"ready \(.*\) after ([\d.]+) s", out.stdout)
    if visible is None or ready is None:
        raise SystemExit(f"the app did not report its start-up ({language}):\n{out.stdout}{out.stderr[-2000:]}")
    return float(visible.group(1)), float(ready.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="starts per language")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-i18n-"))
    times: dict[str, list[tuple[float, float]]] = {"en": [], "zh_CN": []}
    start_once("en", folder)  # warm the file cache for both
    for _ in range(args.runs):
        for language in times:
            times[language].append(start_once(language, folder))
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; {args.runs} starts per language")
    medians = {}
    for language, runs in times.items():
        visible = statistics.median(v for v, _ in runs)
        ready = statistics.median(r for _, r in runs)
        medians[language] = (visible, ready)
        print(f"{language:6s} window visible {visible:.2f} s, model ready {ready:.2f} s (median)")
    print(f"Chinese / English: window visible x{medians['zh_CN'][0] / medians['en'][0]:.2f}, "
          f"model ready x{medians['zh_CN'][1] / medians['en'][1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
