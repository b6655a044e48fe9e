"""Run folders: a training run written as open files that anyone can follow, from anywhere. No Qt here.

:class:`RunWriter` writes one (``train --run-dir`` through :class:`TrainingRecorder`, or a
script of your own); :class:`RunFollower` polls one and returns only what is new;
:func:`list_runs` summarises the runs in a folder. The format is in ``docs/run-format.md``.
"""
from __future__ import annotations

from ._format import (FINAL_STATUSES, FORMAT, METRICS_FILE, RUN_FILE, RUNNING, STATUS_FILE, STATUSES, TRACES,
                      WEIGHTS, parse_step_file, step_file_name)
from ._listing import RunSummary, is_run_folder, list_runs, summarize_run
from ._reader import MetricsReader, RunFollower, RunUpdate, WeightsRecord
from ._recorder import TrainingRecorder
from ._status import NOT_RESPONDING, STALE_FACTOR, STARTING, STATES, WAITING, HeartbeatWatch, RunStatus, run_status
from ._thinning import steps_to_delete, steps_to_keep
from ._traces import RunFileError, TraceRecord, read_trace_file, write_trace_file
from ._writer import RunFolderError, RunWriter

__all__ = ["FINAL_STATUSES", "FORMAT", "METRICS_FILE", "NOT_RESPONDING", "RUNNING", "RUN_FILE", "STALE_FACTOR",
           "STARTING", "STATES", "STATUSES", "STATUS_FILE", "TRACES", "WAITING", "WEIGHTS", "HeartbeatWatch",
           "MetricsReader", "RunFileError", "RunFollower", "RunFolderError", "RunStatus", "RunSummary", "RunUpdate",
           "RunWriter", "TraceRecord", "TrainingRecorder", "WeightsRecord", "is_run_folder", "list_runs",
           "parse_step_file", "read_trace_file", "run_status", "step_file_name", "steps_to_delete",
           "steps_to_keep", "summarize_run", "write_trace_file"]
