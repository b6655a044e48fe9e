"""Per-character signals for the cell finder: ground truth of the generated language, hand-made cases, Python."""
from __future__ import annotations

import io
import tokenize

import numpy as np
import pytest

from lstm_studio.data.text import (SIGNALS, TRUTH_NAMES, bracket_depth, compute_signals, end_of_word,
                                   generated_corpus, indentation, inside_comment, inside_parentheses, inside_quotes,
                                   inside_string, load_shakespeare, position_in_line)
from lstm_studio.data.text._stdlib import stdlib_folder

#: Signals whose value at t depends only on text[: t + 1].
CAUSAL = ("inside_quotes", "bracket_depth", "inside_parentheses", "position_in_line", "indentation", "inside_comment")


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_signals_equal_the_generators_ground_truth(seed: int) -> None:
    corpus, truth = generated_corpus(40_000, seed=seed)
    assert set(truth) == set(SIGNALS) == set(TRUTH_NAMES)
    computed = compute_signals(corpus.text)
    for name in SIGNALS:
        mismatch = np.flatnonzero(computed[name] != truth[name])
        where = mismatch[0] if len(mismatch) else 0
        assert not len(mismatch), f"{name} differs at {where}: {corpus.text[max(0, where - 30): where + 5]!r}"
        assert computed[name].dtype == np.float32 and computed[name].shape == (40_000,)
    assert 0 < truth["inside_comment"].mean() < 0.5 and 0 < truth["inside_quotes"].mean() < 0.5


def test_causal_signals_of_a_prefix_are_the_prefix_of_the_signals() -> None:
    text = generated_corpus(5_000, seed=9).corpus.text + load_shakespeare().text[:5_000]
    whole = compute_signals(text, CAUSAL)
    for cut in (1, 17, 2_500, 4_999, 7_777):
        for name, values in compute_signals(text[:cut], CAUSAL).items():
            assert (values == whole[name][:cut]).all(), (name, cut)


def _values(function, text: str) -> list[float]:
    return function(text).tolist()


def test_quotes_and_brackets_by_hand() -> None:
    assert _values(inside_quotes, 'say "hi" ok') == [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0]
    assert _values(inside_quotes, '"a\nb"') == [1, 1, 1, 1, 0]  # prose quotes run over lines
    # The opener already counts, the closer no longer does; an unmatched closer is ignored.
    assert _values(bracket_depth, "a(b[c]d)e)f{") == [0, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1]
    assert _values(bracket_depth, "))(") == [0, 0, 1]
    assert _values(inside_parentheses, "f(x[1])[y]") == [0, 1, 1, 1, 1, 1, 0, 0, 0, 0]


def test_columns_indentation_and_word_ends_by_hand() -> None:
    assert _values(position_in_line, "ab\ncd\n\nx") == [0, 1, 2, 0, 1, 2, 0, 0]
    # Leading spaces counted as they are read, then held for the rest of the line, newline included.
    assert _values(indentation, "  ab\n\tx\n y \nz") == [1, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0]
    assert _values(end_of_word, "hi, there_1 x") == [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]
    for name, signal in SIGNALS.items():
        assert signal.function("").shape == (0,) and signal.description, name


def test_python_comments_and_strings_by_hand() -> None:
    source = 'x = "#no"  # yes\ny = \'it\\\'s\' + r"\\"" + """a\n#b"""\nz = \'open\n'
    comment = inside_comment(source)
    string = inside_string(source)
    def marked(values) -> str:
        return "".join(char for char, value in zip(source, values, strict=True) if value)
    assert marked(comment) == "# yes"  # the '#' inside the string is not a comment
    # Opening quotes are inside, closing quotes are not; escapes and triple quotes are honoured;
    # an unterminated string ends at its line's end.
    assert marked(string) == '"#no' + "'it\\'s" + '"\\"' + '"""a\n#b' + "'open"


def _offsets(text: str) -> list[int]:
    starts, total = [], 0
    for line in text.splitlines(keepends=True):
        starts.append(total)
        total += len(line)
    return starts + [total]


def _tokenize_truth(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Comments and strings as Python's own tokenizer sees them, and a mask of what it models the same way."""
    comment, string = np.zeros(len(text), bool), np.zeros(len(text), bool)
    comparable = np.ones(len(text), bool)
    line_starts = _offsets(text)
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        start = line_starts[token.start[0] - 1] + token.start[1]
        end = line_starts[token.end[0] - 1] + token.end[1]
        if token.type == tokenize.COMMENT:
            comment[start:end] = True
        elif token.type == tokenize.STRING:
            literal = token.string
            first_quote = min(i for i in (literal.find("'"), literal.find('"')) if i >= 0)
            quote = literal[first_quote:first_quote + 3] if literal[first_quote:first_quote + 3] in ("'''", '"""') \
                else literal[first_quote]
            string[start + first_quote: end - len(quote)] = True
        elif tokenize.tok_name[token.type].startswith("FSTRING"):  # Python 3.12+: nested f-string quotes
            comparable[start:end] = False
    return comment, string, comparable


@pytest.mark.parametrize("module", ["textwrap.py", "json/decoder.py", "shlex.py", "email/_header_value_parser.py"])
def test_python_lexer_agrees_with_pythons_tokenizer_on_the_stdlib(module: str) -> None:
    text = (stdlib_folder() / module).read_text(encoding="utf-8")
    comment, string, comparable = _tokenize_truth(text)
    assert comment.any() and string.any()
    assert (inside_comment(text).astype(bool)[comparable] == comment[comparable]).all()
    assert (inside_string(text).astype(bool)[comparable] == string[comparable]).all()


def test_unknown_signal_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown signal 'sarcasm'"):
        compute_signals("text", ["bracket_depth", "sarcasm"])
