"""Update the app's translations: collect the texts (lupdate), fill them in, check them, build the .qm (lrelease).

Usage, from the repository root::

    .venv/bin/python packaging/update_translations.py                 # lupdate, check, lrelease
    .venv/bin/python packaging/update_translations.py --export todo.json   # the entries still to translate
    .venv/bin/python packaging/update_translations.py --apply todo.json    # fill them in, then as above

The ``.ts`` file (``lstm_studio/app/i18n/translations/lstm_studio_zh_CN.ts``) is the one place
translations live: Qt Linguist opens it, and lupdate keeps every translation whose English text
is unchanged. ``--export`` writes the unfinished entries as JSON (``context``, ``source``,
``comment``, ``translation: ""``); fill in ``translation`` and ``--apply`` the file (a
``context`` of ``"*"`` fills that text in every context). ``--check`` (always run) fails when an
entry is unfinished or a translation lost a placeholder (``{name}``, ``%n``, ``%1``) or an HTML
tag of its source. See docs/translating.md.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "lstm_studio" / "app"
TRANSLATIONS = SOURCES / "i18n" / "translations"
LANGUAGES = ("zh_CN",)
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%n|%\d")
TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b")


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"lstm_studio_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"lstm_studio_{language}.qm"


def tool(name: str) -> str:
    """``pyside6-<name>`` next to this Python (the venv's), else on PATH."""
    local = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(local) if local.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"update_translations: pyside6-{name} not found (it comes with PySide6)")
    return found


def python_sources() -> list[Path]:
    """Every module of the app (the core has no user-facing texts of its own: see app/i18n/_core_texts.py)."""
    return sorted(path for path in SOURCES.rglob("*.py") if "__pycache__" not in path.parts)


def lupdate(language: str, target: Path | None = None) -> None:
    """Collect every marked text into the ``.ts`` (or ``target``), keeping existing translations; drop vanished
    texts."""
    files = [str(path.relative_to(ROOT)) for path in python_sources()]
    command = [tool("lupdate"), *files, "-ts", str(target or ts_path(language).relative_to(ROOT)),
               "-target-language", language, "-source-language", "en", "-no-obsolete", "-locations", "relative"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"lupdate failed:\n{done.stdout}{done.stderr}")
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "lupdate: done")


def lrelease(language: str, out: Path | None = None) -> Path:
    """Build the ``.qm`` that the app loads (finished entries only)."""
    out = out or qm_path(language)
    done = subprocess.run([tool("lrelease"), "-silent", str(ts_path(language)), "-qm", str(out)],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"lrelease failed:\n{done.stdout}{done.stderr}")
    return out


def messages(tree: ET.ElementTree) -> list[tuple[str, ET.Element]]:
    """``(context name, <message>)`` for every message of a ``.ts`` tree."""
    return [(context.findtext("name", ""), message) for context in tree.getroot().iter("context")
            for message in context.iter("message")]


def translations_of(message: ET.Element) -> list[str]:
    """The translation text(s) of a message (one per numerus form)."""
    element = message.find("translation")
    if element is None:
        return []
    forms = element.findall("numerusform")
    return [form.text or "" for form in forms] if forms else [element.text or ""]


def is_unfinished(message: ET.Element) -> bool:
    element = message.find("translation")
    return element is None or element.get("type") in ("unfinished", "vanished", "obsolete") or \
        not any(text.strip() for text in translations_of(message))


def problems(tree: ET.ElementTree) -> list[str]:
    """Unfinished entries, and translations that lost (or invented) a placeholder or an HTML tag."""
    found = []
    for context, message in messages(tree):
        source = message.findtext("source", "")
        where = f"{context}: {source[:70]!r}"
        if is_unfinished(message):
            found.append(f"unfinished: {where}")
            continue
        for text in translations_of(message):
            if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(text)):
                found.append(f"placeholders differ: {where} -> {text[:70]!r}")
            if Counter(t.lower() for t in TAG.findall(source)) != Counter(t.lower() for t in TAG.findall(text)):
                found.append(f"HTML tags differ: {where} -> {text[:70]!r}")
    return found


def export_unfinished(language: str, path: Path) -> int:
    tree = ET.parse(ts_path(language))
    todo = [{"context": context, "source": message.findtext("source", ""), "comment": message.findtext("comment", ""),
             "numerus": message.get("numerus") == "yes", "translation": ""}
            for context, message in messages(tree) if is_unfinished(message)]
    path.write_text(json.dumps(todo, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(todo)} unfinished entries to {path}")
    return len(todo)


def apply(language: str, path: Path) -> int:
    """Fill in the translations of a JSON file (see the module docstring); returns how many were set."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    wanted = {(e["context"], e["source"], e.get("comment", "")): e["translation"] for e in entries
              if e.get("translation")}
    tree = ET.parse(ts_path(language))
    filled = 0
    for context, message in messages(tree):
        key = (message.findtext("source", ""), message.findtext("comment", "") or "")
        text = wanted.get((context, *key), wanted.get(("*", *key)))
        if text is None:
            continue
        element = message.find("translation")
        if element is None:
            element = ET.SubElement(message, "translation")
        element.attrib.pop("type", None)
        for form in list(element):
            element.remove(form)
        if message.get("numerus") == "yes":
            element.text = None
            ET.SubElement(element, "numerusform").text = text
        else:
            element.text = text
        filled += 1
    tree.write(ts_path(language), encoding="utf-8", xml_declaration=True)
    print(f"filled {filled} entries from {path}")
    return filled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--export", type=Path, help="write the unfinished entries to this JSON file and stop")
    parser.add_argument("--apply", type=Path, help="fill in the translations of this JSON file first")
    parser.add_argument("--no-lupdate", action="store_true", help="do not re-read the sources")
    args = parser.parse_args(argv)
    status = 0
    for language in LANGUAGES:
        if not args.no_lupdate:
            lupdate(language)
        if args.export:
            export_unfinished(language, args.export)
            continue
        if args.apply:
            apply(language, args.apply)
            lupdate(language)  # back to lupdate's own layout of the file
        found = problems(ET.parse(ts_path(language)))
        for line in found:
            print(f"{ts_path(language).name}: {line}")
        lrelease(language)
        print(f"built {qm_path(language).relative_to(ROOT)}" + (f" ({len(found)} problems)" if found else ""))
        status = status or (1 if found else 0)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
