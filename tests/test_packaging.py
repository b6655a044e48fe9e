"""Packaging: desktop entry, AppStream metainfo, icons, and a wheel that works once installed.

The PyInstaller build itself is too slow for CI; ``packaging/build_app.sh`` builds and smoke-tests it.
"""
from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import pytest
from PIL import Image

import lstm_studio

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
DESKTOP_FILE = PACKAGING / "lstm-studio.desktop"
METAINFO = PACKAGING / "io.github.lstm_studio.LSTMStudio.metainfo.xml"
SMOKE_DRAWING = PACKAGING / "smoke-drawing-7.json"


def _pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as stream:
        return tomllib.load(stream)


def _script_name() -> str:
    scripts = _pyproject()["project"]["scripts"]
    assert scripts.get("lstm-studio") == "lstm_studio.__main__:main"
    return "lstm-studio"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_launches_the_installed_command() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "LSTM Studio"
    assert entry["GenericName"] and entry["Comment"]
    assert entry["Exec"].split()[0] == _script_name()
    assert entry["Icon"] == "lstm-studio" and (ICONS / "lstm-studio.svg").is_file()
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and entry["Keywords"].endswith(";")
    assert {"Education", "Science", "ArtificialIntelligence"} <= set(entry["Categories"].split(";"))


def test_metainfo_names_the_desktop_file_binary_and_current_version() -> None:
    component = ElementTree.parse(METAINFO).getroot()
    assert component.tag == "component" and component.get("type") == "desktop-application"
    assert component.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert component.find("launchable[@type='desktop-id']").text == DESKTOP_FILE.name
    assert component.findtext("provides/binary") == _script_name()
    assert component.findtext("metadata_license") == "CC0-1.0"
    assert component.findtext("project_license") == _pyproject()["project"]["license"]["text"] == "MIT"
    assert component.findtext("name") == _desktop_entry()["Name"]
    assert component.find("content_rating").get("type").startswith("oars-")
    assert component.find("url[@type='homepage']").text.startswith("https://")
    assert component.find("releases/release").get("version") == lstm_studio.__version__
    assert [c.text for c in component.findall("categories/category")][:2] == ["Education", "Science"]


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_has_its_size_and_a_transparent_rounded_corner(size: int) -> None:
    with Image.open(ICONS / f"lstm-studio-{size}.png") as image:
        image.load()
        assert image.format == "PNG" and image.size == (size, size) and image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0, "corners outside the rounded square are transparent"
        assert image.getpixel((size // 2, size // 2))[3] == 255, "the middle is opaque"


def test_icon_svg_is_square_and_renders_to_the_requested_size(qapp, tmp_path) -> None:
    sys.path.insert(0, str(PACKAGING))
    try:
        import make_icons
    finally:
        sys.path.remove(str(PACKAGING))
    svg = ElementTree.parse(ICONS / "lstm-studio.svg").getroot()
    assert svg.get("viewBox") == "0 0 256 256"
    assert make_icons.ICON_SIZES == ICON_SIZES
    make_icons.render_png(ICONS / "lstm-studio.svg", 40, tmp_path / "icon.png")
    with Image.open(tmp_path / "icon.png") as image:
        assert image.size == (40, 40) and image.getpixel((20, 20))[3] == 255


def test_pyinstaller_spec_and_launcher_are_valid_python() -> None:
    spec = (PACKAGING / "lstm-studio.spec").read_text(encoding="utf-8")
    compile(spec, "lstm-studio.spec", "exec")
    compile((PACKAGING / "lstm_studio_launcher.py").read_text(encoding="utf-8"), "launcher", "exec")
    assert "lstm_studio_launcher.py" in spec
    for resource in ("model.pt", "mini_mnist.npz", "icons/lstm-studio.svg", "icons/lstm-studio-48.png"):
        assert f'"{resource}"' in spec and (ROOT / "resources" / resource).is_file()
    assert '"lstm_studio_zh_CN.qm"' in spec and '"qtbase_zh_CN.qm"' in spec
    assert (ROOT / "lstm_studio" / "app" / "i18n" / "translations" / "lstm_studio_zh_CN.qm").is_file()


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the checkout's packaged files (so the tree stays clean)."""
    source = tmp_path_factory.mktemp("checkout")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    for folder in ("lstm_studio", "resources"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
         "--no-cache-dir", "--quiet", "-w", str(out)],
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = out.glob("lstm_studio-*.whl")
    return wheel


def test_wheel_holds_every_module_resource_and_the_entry_point(built_wheel: Path) -> None:
    with zipfile.ZipFile(built_wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "lstm_studio").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert sources and not sources - names, f"modules missing from the wheel: {sorted(sources - names)}"
    resources = ["model.pt", "mini_mnist.npz", "__init__.py", "icons/lstm-studio.svg",
                 *(f"icons/lstm-studio-{size}.png" for size in ICON_SIZES)]
    missing = [r for r in resources if f"lstm_studio/resources/{r}" not in names]
    assert not missing, f"resources missing from the wheel: {missing}"
    assert "lstm_studio/app/i18n/translations/lstm_studio_zh_CN.qm" in names  # the Chinese app (docs/translating.md)
    assert "lstm-studio = lstm_studio.__main__:main" in entry_points


def test_installed_wheel_classifies_a_drawing_with_its_bundled_model(built_wheel: Path, tmp_path) -> None:
    site = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-cache-dir", "--quiet", "--target", str(site),
         str(built_wheel)], capture_output=True, text=True, timeout=180)
    assert install.returncode == 0, install.stderr[-2000:]
    # Dependencies come from this venv; lstm_studio must come from the installed copy, not the checkout.
    program = (
        "import json, sys; from importlib import resources; import lstm_studio; from lstm_studio.cli import main; "
        "print(json.dumps([lstm_studio.__file__, str(resources.files('lstm_studio.resources'))])); "
        "sys.exit(main(['classify', sys.argv[1], '--json']))")
    environment = {**os.environ, "PYTHONPATH": str(site), "LSTM_STUDIO_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", program, str(SMOKE_DRAWING)], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    where, answer = (json.loads(line) for line in done.stdout.splitlines())
    assert all(Path(path).is_relative_to(site) for path in where), where
    assert answer["digit"] == 7 and answer["probs"][7] > 0.5


def test_without_torchvision_training_falls_back_to_the_bundled_mini_mnist(monkeypatch, tmp_path) -> None:
    """The frozen app ships without torchvision (only the MNIST downloader): no crash, a clear notice."""
    from lstm_studio.data import load_digits

    monkeypatch.delenv("LSTM_STUDIO_OFFLINE", raising=False)
    monkeypatch.setitem(sys.modules, "torchvision", None)  # makes `import torchvision` fail
    digits = load_digits(tmp_path / "mnist", download=True, allow_mini=True)
    assert digits.source == "mini-mnist"
    assert "torchvision is not installed" in digits.notice
