"""Screenshots of bringing your own model and script (1400 × 900): ``python docs/screenshots/grab_byo.py``.

* ``inspect_sequence.png``: a plain PyTorch model (``nn.LSTM(3, 24) + nn.Linear``, trained here for a
  few seconds to tell which of three sensors bumped), saved with ``torch.save(model.state_dict())``,
  opened with File → Open model… and fed a CSV of 40 steps of the three sensors.
* ``attach.png``: ``examples/watch_my_lstm.py`` running in another process, attached with
  File → Attach to a running script….

Runs offscreen when there is no display. Takes about a minute.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SIZE = (1400, 900)


def sensor_batch(rng: np.random.Generator, count: int, steps: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Three noisy sensors; one of them bumps once, in the second half. The label is which."""
    x = rng.normal(0, 0.15, size=(count, steps, 3)).astype(np.float32)
    labels = rng.integers(0, 3, size=count)
    starts = rng.integers(steps // 2, steps - 8, size=count)
    bump = np.exp(-0.5 * ((np.arange(steps)[None] - starts[:, None] - 2) / 1.5) ** 2)
    x[np.arange(count), :, labels] += bump
    return x, labels


def train_sensor_model(folder: Path) -> tuple[Path, Path]:
    """A user's model trained with plain PyTorch and saved as a state_dict; a CSV of one sequence."""
    import torch
    from torch import nn

    class SensorClassifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lstm, self.out = nn.LSTM(3, 24, batch_first=True), nn.Linear(24, 3)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.out(self.lstm(x)[0][:, -1])

    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    model = SensorClassifier()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(400):
        x, y = sensor_batch(rng, 32)
        loss = nn.functional.cross_entropy(model(torch.from_numpy(x)), torch.from_numpy(y))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    print(f"sensor model: last loss {loss.item():.3f}")
    torch.save(model.state_dict(), folder / "sensors.pt")
    x, _ = sensor_batch(np.random.default_rng(7), 1)
    csv = folder / "sensors.csv"
    csv.write_text("temperature,vibration,current\n" + "\n".join(",".join(f"{v:.4f}" for v in row) for row in x[0]))
    return folder / "sensors.pt", csv


def grab(widget, name: str) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    widget.resize(*SIZE)
    for _ in range(20):
        QApplication.processEvents()
        time.sleep(0.02)
    widget.grab().save(str(HERE / name))
    print(f"wrote {HERE / name}")


def wait(condition, seconds: float) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from lstm_studio.app import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="lstm-studio-byo-"))
    model_path, csv_path = train_sensor_model(folder)
    window = MainWindow()
    window.show()
    wait(lambda: window.session.is_ready, 120)
    window.train_tab.files.open_checkpoint(str(model_path))
    window.own_models.open_sequence(str(csv_path))
    inspect = window.inspect_tab
    wait(lambda: inspect.sequence_shown, 30)
    cell = inspect.trace.cell_state[0, 0]  # [T, H]: show the unit the bump moves most, just after it
    step = int(np.abs(np.diff(cell, axis=0)).max(axis=1).argmax()) + 2
    inspect.select_unit(0, int(np.abs(cell[step - 1] - cell[step - 3]).argmax()))
    inspect.set_step(step)
    grab(window, "inspect_sequence.png")

    script = subprocess.Popen([sys.executable, str(ROOT / "examples" / "watch_my_lstm.py"), "--port", "0",
                               "--steps", "100000", "--delay", "0.01"], stderr=subprocess.PIPE, text=True)
    try:
        line = script.stderr.readline()
        port = int(line.split("tcp://127.0.0.1:")[1].split()[0])
        attached = window.own_models.attach_to_script("localhost", port)
        wait(lambda: (attached.run.last_step or 0) >= 900 and attached.run.traces, 600)
        attached.panels.probe_picker.select(2)
        wait(lambda: False, 1.0)
        grab(attached, "attach.png")
        attached.close()
    finally:
        script.terminate()
        script.wait(30)
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
