"""The background thread that serialises and sends: training only ever hands it references.

The training thread calls :meth:`Publisher.offer` (a ``put_nowait`` of one scalar point into a
bounded queue: a few microseconds) or :meth:`Publisher.offer_trace` (replaces the one pending trace). Everything else —
turning tensors into NumPy arrays, JSON, ZeroMQ — happens in this thread. When the queue is full or
ZeroMQ's send buffer is (``SNDHWM``), messages are dropped and counted; training never waits.

The socket is an ``XPUB`` (a ``PUB`` that also hears subscriptions): a new subscriber gets the
latest hello and trace at once, and while nobody subscribes :attr:`has_listeners` is false so the
watcher skips tracing altogether.
"""
from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from ._messages import TOPIC_PREFIX, encode

SEND_HWM = 16         # messages ZeroMQ queues per subscriber before dropping
#: How long closing waits for the last messages (``bye``) to leave; the publisher's thread waits, not training.
BYE_LINGER_MS = 500
QUEUE_SIZE = 1024     # messages waiting for this thread before the training thread's are dropped
POLL_MS = 100         # how often the thread wakes up to send what waits (subscriptions wake it at once)
HELLO_INTERVAL_S = 1.0


class WatchError(RuntimeError):
    """``ls.watch`` cannot start (a busy port, no recurrent module...). ``str()`` is one line."""


class Publisher:
    """An ``XPUB`` socket bound to ``tcp://host:port`` and the thread that feeds it."""

    def __init__(self, host: str, port: int, hello: Callable[[], dict[str, Any]], run: str, sink: Any = None) -> None:
        try:
            import zmq
        except ImportError:
            raise WatchError("ls.watch needs pyzmq: pip install pyzmq") from None
        self._zmq, self._hello, self.run, self.sink = zmq, hello, run, sink
        self.context = zmq.Context()  # its own, so that closing it can wait for ``bye`` to leave (below)
        self.socket = self.context.socket(zmq.XPUB)
        for option, value in ((zmq.SNDHWM, SEND_HWM), (zmq.LINGER, 0), (zmq.XPUB_VERBOSE, 1)):
            self.socket.setsockopt(option, value)
        try:
            self.socket.bind(f"tcp://{host}:{port}")
        except zmq.ZMQError as error:
            self.socket.close(0)
            self.context.term()
            raise WatchError(f"cannot listen on {host}:{port} ({error}): pass another port= or set "
                             f"LSTM_STUDIO_WATCH_PORT") from None
        self.address = self.socket.getsockopt_string(zmq.LAST_ENDPOINT)
        self._queue: queue.Queue = queue.Queue(QUEUE_SIZE)
        self._trace: tuple[dict, Callable[[], dict]] | None = None
        self._last_trace: list[bytes] | None = None
        self._topics: set[bytes] = set()
        self.new_listener = threading.Event()
        self.dropped = 0
        self.sent = 0
        self.last_error = ""
        self._seq = itertools.count()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lstm-studio-watch", daemon=True)
        self._thread.start()

    # --- called from the training thread ---------------------------------------------------
    @property
    def has_listeners(self) -> bool:
        """Somebody subscribes to traces now (read without a lock: a set's truth value is atomic)."""
        return bool(self._topics)

    def offer(self, point: dict[str, Any]) -> None:
        """Queue one scalar point ``{"step": ..., "values": {...}}``; dropped if the queue is full."""
        try:
            self._queue.put_nowait(point)
        except queue.Full:
            self.dropped += 1

    def offer_trace(self, header: dict[str, Any], arrays: Callable[[], dict]) -> None:
        """Hand over a trace; ``arrays()`` (run in this thread) turns its tensors into NumPy arrays.

        A trace not yet sent is replaced (and counted as dropped): only the newest matters.
        """
        if self._trace is not None:
            self.dropped += 1
        self._trace = (header, arrays)

    def close(self, timeout_s: float = 2.0) -> None:
        """Send ``bye``, stop the thread (bounded wait) and close the socket. Safe to call twice."""
        if self._stop.is_set():
            return
        self._stop.set()
        self._thread.join(timeout_s)

    # --- the thread ------------------------------------------------------------------------
    def _run(self) -> None:
        zmq = self._zmq
        last_hello = 0.0
        try:
            while not self._stop.is_set():
                if self.socket.poll(POLL_MS, zmq.POLLIN):
                    self._read_subscriptions()
                self._drain()
                if time.monotonic() - last_hello >= HELLO_INTERVAL_S:
                    self._send(encode("hello", self._header(self._hello())))
                    last_hello = time.monotonic()
            self._drain()
            self._send(encode("bye", self._header(self._hello())))
        finally:
            # ``bye`` may still sit in ZeroMQ's queue: give it up to BYE_LINGER_MS to reach the subscribers
            # (a closed socket with no linger, as before, dropped it under load), never more.
            self.socket.close(linger=BYE_LINGER_MS)
            self.context.term()
            if self.sink is not None:
                self._write(self.sink.close)

    def _header(self, fields: dict[str, Any]) -> dict[str, Any]:
        return {"run": self.run, "seq": next(self._seq), "time": time.time(), **fields}

    def _read_subscriptions(self) -> None:
        zmq = self._zmq
        while True:
            try:
                event = self.socket.recv(zmq.NOBLOCK)
            except zmq.Again:
                return
            topic = bytes(event[1:])
            if event[:1] == b"\x01":
                self._topics.add(topic)
                self._greet(topic)
            elif event[:1] == b"\x00":
                self._topics.discard(topic)

    def _greet(self, topic: bytes) -> None:
        """A new subscriber: the hello and the latest trace now, and a fresh trace soon."""
        if TOPIC_PREFIX.startswith(topic) or topic.startswith(TOPIC_PREFIX):
            self._send(encode("hello", self._header(self._hello())))
            if self._last_trace is not None:
                self._send(self._last_trace)
            self.new_listener.set()

    def _drain(self) -> None:
        """Send what waits: every scalar point queued since the last wake-up as one message (so a
        loop of thousands of steps a second costs ~20 messages a second), then the newest trace."""
        points = []
        while True:
            try:
                points.append(self._queue.get_nowait())
            except queue.Empty:
                break
        if points:
            self._send(encode("scalars", self._header({"step": points[-1]["step"], "points": points})))
            if self.sink is not None:
                for point in points:
                    self._write(self.sink.scalars, point)
        pending, self._trace = self._trace, None
        if pending is None:
            return
        header, arrays = pending
        try:
            data = arrays()  # may add to the header (the trace's check against the module's own output)
            frames = encode("trace", self._header(header), data)
        except Exception as error:  # noqa: BLE001 - e.g. a device error: said in the hello, never raised
            self.last_error = f"{type(error).__name__}: {str(error).splitlines()[0][:160] if str(error) else ''}"
            self.dropped += 1
            return
        self._last_trace = frames
        self._send(frames)
        if self.sink is not None:
            self._write(self.sink.trace, header, data)

    def _write(self, method: Callable, *args: Any) -> None:
        """A run-folder write; its failure is reported in the hello, never raised into training."""
        try:
            method(*args)
        except Exception as error:  # noqa: BLE001
            self.last_error = f"run folder: {type(error).__name__}: {str(error).splitlines()[0][:160] if str(error) else ''}"

    def _send(self, frames: list[bytes]) -> None:
        zmq = self._zmq
        try:
            self.socket.send_multipart(frames, zmq.NOBLOCK, copy=False)
            self.sent += 1
        except zmq.Again:
            self.dropped += 1
        except zmq.ZMQError:
            self.dropped += 1
