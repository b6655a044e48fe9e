#!/usr/bin/env bash
# Build LSTM Studio as a one-folder app (dist/lstm-studio/lstm-studio) with PyInstaller, then
# measure it (size, start-up time) and smoke-test it with a bare environment:
#   1. the GUI starts (offscreen) and loads the bundled model,
#   2. `classify drawing.json --json` answers,
#   3. `train --mini --epochs 1 --limit-batches 5` writes a checkpoint.
#
# Usage: packaging/build_app.sh [--skip-build]      (run from anywhere; Linux)
#
# Environment:
#   PYTHON          interpreter for the build venv (default python3.11)
#   BUILD_VENV      the build venv (default build/pyi-venv; build/ is gitignored)
#   TORCH_SPEC      torch requirement (default torch==2.13.0). Take a CPU-only wheel: PyPI's Linux
#                   wheel pulls ~3 GB of CUDA libraries. Elsewhere, e.g.
#                   PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu TORCH_SPEC='torch==2.13.0+cpu'
#   START_RUNS      how many timed GUI starts (default 3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3.11}"
BUILD_VENV="${BUILD_VENV:-build/pyi-venv}"
TORCH_SPEC="${TORCH_SPEC:-torch==2.13.0}"
START_RUNS="${START_RUNS:-3}"
APP_DIR="dist/lstm-studio"
APP="$APP_DIR/lstm-studio"
VPY="$BUILD_VENV/bin/python"

step() { printf '\n== %s\n' "$*"; }

build_venv() {
    step "build venv $BUILD_VENV ($PYTHON)"
    [ -x "$VPY" ] || "$PYTHON" -m venv "$BUILD_VENV"
    "$VPY" -m pip install --quiet --upgrade pip setuptools wheel
    "$VPY" -m pip install --quiet "$TORCH_SPEC"
    if [ "$("$VPY" -c 'import torch; print(torch.version.cuda is None)')" != "True" ]; then
        echo "warning: $TORCH_SPEC is a CUDA build; the app folder will be several GB (see TORCH_SPEC above)" >&2
    fi
    # The project's other runtime dependencies, read from pyproject.toml; torchvision is left out
    # because it only downloads MNIST and the app works without it (bundled mini-MNIST).
    mapfile -t deps < <("$VPY" - <<'EOF'
import re, tomllib
with open("pyproject.toml", "rb") as stream:
    for requirement in tomllib.load(stream)["project"]["dependencies"]:
        if re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower() not in ("torch", "torchvision"):
            print(requirement)
EOF
)
    "$VPY" -m pip install --quiet "${deps[@]}" "pyinstaller>=6.11"
    # Installed, not editable: only an installed copy has lstm_studio/resources/ (see the spec).
    "$VPY" -m pip install --quiet --no-deps --no-build-isolation --force-reinstall .
    "$VPY" -m pip list 2>/dev/null | grep -iE '^(torch|numpy|pyside6|shiboken6|pyqtgraph|pillow|pyinstaller) '
}

freeze() {
    step "PyInstaller"
    "$BUILD_VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
        --distpath dist --workpath build/pyinstaller packaging/lstm-studio.spec
    # Desktop integration files, laid out as under /usr (or ~/.local): copy share/ there and
    # link bin/lstm-studio to the executable.
    install -Dm644 packaging/lstm-studio.desktop "$APP_DIR/share/applications/lstm-studio.desktop"
    install -Dm644 packaging/io.github.lstm_studio.LSTMStudio.metainfo.xml \
        "$APP_DIR/share/metainfo/io.github.lstm_studio.LSTMStudio.metainfo.xml"
    install -Dm644 resources/icons/lstm-studio.svg "$APP_DIR/share/icons/hicolor/scalable/apps/lstm-studio.svg"
    for size in 16 24 32 48 64 128 256 512; do
        install -Dm644 "resources/icons/lstm-studio-$size.png" \
            "$APP_DIR/share/icons/hicolor/${size}x${size}/apps/lstm-studio.png"
    done
}

# Run the frozen app with nothing of Python's around it: no venv or pyenv on PATH, no
# PYTHONPATH/PYTHONHOME, a fresh HOME (so no MNIST or settings from this machine), no network use.
SANDBOX="$(mktemp -d)"
trap 'rm -rf "$SANDBOX"' EXIT
bare() {
    env -i PATH=/usr/bin:/bin HOME="$SANDBOX/home" TMPDIR="$SANDBOX" LANG=C.UTF-8 \
        LSTM_STUDIO_OFFLINE=1 QT_QPA_PLATFORM=offscreen "$@"
}

RESULTS=()
check() {  # check NAME COMMAND...: run it bare, record PASS/FAIL with its wall time
    local name="$1"; shift
    local start_ms status=0
    start_ms=$(date +%s%3N)
    bare "$@" >"$SANDBOX/$name.out" 2>&1 || status=$?
    local ms=$(( $(date +%s%3N) - start_ms ))
    local seconds; seconds=$(printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10)))
    if [ "$status" -eq 0 ]; then RESULTS+=("PASS  $name  (${seconds} s)"); else RESULTS+=("FAIL  $name  (exit $status)"); fi
    sed 's/^/    /' "$SANDBOX/$name.out" | tail -n 8
    return 0
}

measure_and_smoke() {
    mkdir -p "$SANDBOX/home"
    step "size"
    SIZE="$(du -sh "$APP_DIR" | cut -f1)"
    for part in "$APP_DIR" "$APP_DIR/_internal/torch" "$APP_DIR/_internal/PySide6" "$APP_DIR/_internal/lstm_studio"; do
        du -sh "$part"
    done
    ls "$APP_DIR"/_internal/libpython3*.so* >/dev/null  # the interpreter travels with the app

    step "start-up: lstm-studio --version"
    check version timeout 60 "$APP" --version

    step "start-up: GUI window shown (LSTM_STUDIO_QUIT_AFTER_MS=300, offscreen), $START_RUNS runs"
    STARTS=()
    for run in $(seq 1 "$START_RUNS"); do
        check "gui-$run" timeout 180 env LSTM_STUDIO_QUIT_AFTER_MS=300 "$APP"
        local shown loaded
        shown=$(grep -o 'window visible after [0-9.]* s' "$SANDBOX/gui-$run.out" | grep -o '[0-9.]* s' || echo '?')
        loaded=$(grep -o 'ready (.*) after [0-9.]* s' "$SANDBOX/gui-$run.out" | grep -o '[0-9.]* s$' || echo '?')
        STARTS+=("run $run: window $shown, model $loaded;")
        grep -q 'window visible after' "$SANDBOX/gui-$run.out" || RESULTS+=("FAIL  gui-$run: window never shown")
        grep -q 'ready (' "$SANDBOX/gui-$run.out" || RESULTS+=("FAIL  gui-$run: model never loaded")
    done

    step "smoke: classify a stroke drawing of a 7"
    check classify timeout 180 "$APP" classify "$ROOT/packaging/smoke-drawing-7.json" --json
    grep -q '"digit": 7' "$SANDBOX/classify.out" || RESULTS+=("FAIL  classify: did not answer 7")

    step "smoke: train on the bundled mini-MNIST"
    check train timeout 600 "$APP" train --mini --epochs 1 --limit-batches 5 --threads 2 --out "$SANDBOX/x.pt"
    [ -s "$SANDBOX/x.pt" ] || RESULTS+=("FAIL  train: no checkpoint written")
    check classify-trained timeout 180 "$APP" classify --checkpoint "$SANDBOX/x.pt" "$ROOT/packaging/smoke-drawing-7.json" --json

    step "summary ($(uname -m), $(nproc) cores, torch $("$VPY" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo '?'))"
    echo "folder: $APP_DIR  size: $SIZE ($(find "$APP_DIR" -type f | wc -l) files)"
    echo "GUI start (seconds since the process began, offscreen): ${STARTS[*]}"
    printf '%s\n' "${RESULTS[@]}"
    ! printf '%s\n' "${RESULTS[@]}" | grep -q '^FAIL'
}

if [ "${1:-}" != "--skip-build" ]; then
    build_venv
    freeze
fi
measure_and_smoke
