"""The listening side: a ZeroMQ ``SUB`` socket that yields decoded :class:`WatchMessage` objects.

Used by the desktop app (in a worker thread) and by anything else that wants to read a watched
script: ``Subscriber("localhost", 5557).receive(timeout_ms=100)``. No torch is needed to receive;
:func:`module_traces` turns a trace message into :class:`~lstm_studio.cells.Trace` objects.
"""
from __future__ import annotations

from typing import Any

from ._messages import TOPIC_PREFIX, MessageError, WatchMessage, decode

RECEIVE_HWM = 1000


class Subscriber:
    """Subscribes to every LSTM Studio message published at ``tcp://host:port``.

    Connecting never fails for a script that is not running yet: ZeroMQ keeps trying, and
    messages arrive once it publishes. Malformed messages are counted in :attr:`rejected` and skipped.
    """

    def __init__(self, host: str = "localhost", port: int = 5557) -> None:
        import zmq

        self._zmq = zmq
        self.address = f"tcp://{host}:{int(port)}"
        self.socket = zmq.Context.instance().socket(zmq.SUB)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.setsockopt(zmq.RCVHWM, RECEIVE_HWM)
        self.socket.setsockopt(zmq.SUBSCRIBE, TOPIC_PREFIX)
        try:
            self.socket.connect(self.address)
        except zmq.ZMQError as error:
            self.socket.close(0)
            raise ValueError(f"{self.address}: cannot connect ({error})") from None
        self.rejected = 0
        self.last_problem = ""

    def receive(self, timeout_ms: int = 100) -> WatchMessage | None:
        """The next well-formed message, or ``None`` when none came within ``timeout_ms``."""
        zmq = self._zmq
        while self.socket.poll(timeout_ms, zmq.POLLIN):
            frames = self.socket.recv_multipart(zmq.NOBLOCK, copy=True)
            try:
                return decode(frames)
            except MessageError as error:
                self.rejected += 1
                self.last_problem = str(error)
                timeout_ms = 0
        return None

    def close(self) -> None:
        self.socket.close(0)

    def __enter__(self) -> Subscriber:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def module_traces(message: WatchMessage) -> dict[str, Any]:
    """``{module name: Trace}`` of a ``trace`` message (fields ``[layers, batch, T, H]``, inputs ``[batch, T, F]``)."""
    from ..cells import Trace

    traces = {}
    for module in message.header.get("modules", []):
        name = module.get("name")
        fields = {field: message.arrays.get(f"{name}/{field}") for field in module.get("fields", [])}
        if not fields or any(value is None or value.ndim != 4 for value in fields.values()):
            continue
        traces[name] = Trace(module.get("cell", ""), fields, inputs=message.arrays.get(f"{name}/inputs"))
    return traces
