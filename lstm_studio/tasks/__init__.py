"""Tasks: what a model learns (data, inputs as sequences, head, loss, metric, probes, how inputs look)."""
from __future__ import annotations
