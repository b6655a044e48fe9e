"""Shared pieces of the fuzz tests: example counts, and what every refusal must look like."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: Multiplies every fuzz test's example count (1 in CI; e.g. 50 when hunting for bugs).
SCALE = max(1, int(os.environ.get("LSTM_STUDIO_FUZZ_SCALE", "1")))


def examples(count: int) -> settings:
    """Settings for a fuzz test of ``count`` examples (times ``SCALE``), fixtures allowed."""
    return settings(max_examples=count * SCALE, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


def assert_one_line(error: BaseException) -> None:
    """A refusal a person can read: one non-empty line, no traceback text."""
    message = str(error)
    assert message.strip() and "\n" not in message and "Traceback" not in message, repr(message)
