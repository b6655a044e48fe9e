"""A drawing as vector strokes: the model object behind the canvas, plus stroke JSON."""
from __future__ import annotations

import json
import math
import os
import reprlib
from collections.abc import Callable, Iterable
from typing import Any

Point = tuple[float, float]
Stroke = list[Point]

#: Coordinates beyond this (in canvas pixels) are refused as nonsense.
MAX_COORDINATE = 1e6
#: More points than this in one drawing are refused rather than rendered slowly.
MAX_POINTS = 1_000_000
#: Stroke files larger than this are refused before reading (a million points is about 20 MiB).
MAX_FILE_BYTES = 64 * 2**20


class DrawingError(ValueError):
    """A drawing that cannot be used (bad JSON, NaN, huge coordinates...). ``str()`` is one line."""


class Drawing:
    """Strokes in canvas pixels (y pointing down) on a ``width`` x ``height`` canvas.

    Widgets render it and turn pointer events into :meth:`begin_stroke`,
    :meth:`add_point` and :meth:`end_stroke`; listeners hear every change, with
    ``finished=True`` when a stroke ends (the moment to classify).
    """

    def __init__(self, width: float = 280, height: float = 280,
                 strokes: Iterable[Iterable[Point]] = ()) -> None:
        self.width = float(width)
        self.height = float(height)
        self.strokes: list[Stroke] = [[(float(x), float(y)) for x, y in stroke] for stroke in strokes]
        self._drawing = False
        self._listeners: list[Callable[[bool], None]] = []

    # --- listening -------------------------------------------------------------------
    def subscribe(self, listener: Callable[[bool], None]) -> Callable[[], None]:
        """Call ``listener(finished)`` on every change. Returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _notify(self, finished: bool) -> None:
        for listener in list(self._listeners):
            listener(finished)

    # --- editing ---------------------------------------------------------------------
    def begin_stroke(self, x: float, y: float) -> None:
        self.strokes.append([(float(x), float(y))])
        self._drawing = True
        self._notify(False)

    def add_point(self, x: float, y: float) -> None:
        if not self._drawing:
            return
        last = self.strokes[-1][-1]
        if (x - last[0]) ** 2 + (y - last[1]) ** 2 < 0.25:  # sub-pixel jitter adds nothing
            return
        self.strokes[-1].append((float(x), float(y)))
        self._notify(False)

    def end_stroke(self) -> None:
        if self._drawing:
            self._drawing = False
            self._notify(True)

    def undo(self) -> None:
        """Remove the last stroke."""
        if self.strokes:
            self.strokes.pop()
            self._drawing = False
            self._notify(True)

    def clear(self) -> None:
        self.strokes = []
        self._drawing = False
        self._notify(True)

    def replace(self, other: Drawing) -> None:
        """Take another drawing's canvas size and strokes (e.g. after loading a file)."""
        self.width, self.height = other.width, other.height
        self.strokes = [list(stroke) for stroke in other.strokes]
        self._drawing = False
        self._notify(True)

    @property
    def is_empty(self) -> bool:
        return not any(self.strokes)

    @property
    def num_points(self) -> int:
        return sum(len(stroke) for stroke in self.strokes)

    # --- files -----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"width": self.width, "height": self.height,
                "strokes": [[[x, y] for x, y in stroke] for stroke in self.strokes]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: Any) -> Drawing:
        """Validate and build; raise :class:`DrawingError` naming the first problem."""
        if not isinstance(data, dict):
            raise DrawingError("stroke JSON must be an object with width, height and strokes")
        for key in ("width", "height", "strokes"):
            if key not in data:
                raise DrawingError(f"stroke JSON lacks the field {key!r}")
        width, height = (_number(data[key], key) for key in ("width", "height"))
        if width <= 0 or height <= 0:
            raise DrawingError(f"canvas size must be positive, got {width} x {height}")
        strokes = data["strokes"]
        if not isinstance(strokes, list):
            raise DrawingError("'strokes' must be a list of strokes")
        total = sum(len(s) for s in strokes if isinstance(s, list))
        if total > MAX_POINTS:
            raise DrawingError(f"drawing has {total:,} points; at most {MAX_POINTS:,} are accepted")
        return cls(width, height, [_stroke(s, index) for index, s in enumerate(strokes)])

    @classmethod
    def from_json(cls, text: str | bytes) -> Drawing:
        """Parse stroke JSON; raise :class:`DrawingError` (one line) for anything unusable.

        Numbers are read as floats whatever their size, so a 5,000-digit integer is "out of
        range", never an overflow or Python's integer-string limit.
        """
        try:
            data = json.loads(text, parse_int=float, parse_constant=float)
        except (json.JSONDecodeError, RecursionError) as error:
            raise DrawingError(f"not valid JSON ({error})") from None
        except (UnicodeDecodeError, TypeError, ValueError) as error:  # bytes that are not text
            raise DrawingError(f"not valid JSON ({_first_line(error)})") from None
        return cls.from_dict(data)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write stroke JSON atomically: a failed save leaves the old file as it was.

        Raises
        ------
        OSError
            Naming ``path`` (e.g. it is a folder, or its folder is missing or read-only).
        """
        # Imported here: the io package imports torch, which reading drawings never needs.
        from ..io._atomic import atomic_write

        with atomic_write(path, "w") as stream:
            stream.write(self.to_json())

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Drawing:
        """Read a stroke JSON file (at most ``MAX_FILE_BYTES``); raise :class:`DrawingError`."""
        try:
            with open(path, "rb") as stream:
                data = stream.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise DrawingError(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MiB: not a drawing")
            text = data.decode("utf-8")
        except OSError as error:
            raise DrawingError(f"cannot read {path} ({error.strerror or error})") from None
        except UnicodeDecodeError:
            raise DrawingError(f"cannot read {path} (not UTF-8 text)") from None
        return cls.from_json(text)


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:120]


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DrawingError(f"{what} must be a number, got {_brief(value)}")
    try:
        value = float(value)
    except OverflowError:  # an int beyond any float
        raise DrawingError(f"{what} is out of range (limit {MAX_COORDINATE:g})") from None
    if not math.isfinite(value):
        raise DrawingError(f"{what} is not a finite number ({value})")
    if abs(value) > MAX_COORDINATE:
        raise DrawingError(f"{what} is out of range ({value:g}; limit {MAX_COORDINATE:g})")
    return value


def _brief(value: Any) -> str:
    """A short one-line repr of user data, however large or deeply nested."""
    return _BRIEF.repr(value)


_BRIEF = reprlib.Repr()
_BRIEF.maxlevel, _BRIEF.maxlist, _BRIEF.maxdict, _BRIEF.maxstring, _BRIEF.maxother = 2, 4, 3, 40, 40


def _stroke(points: Any, index: int) -> Stroke:
    if not isinstance(points, list):
        raise DrawingError(f"stroke {index} must be a list of [x, y] points")
    stroke: Stroke = []
    for point in points:
        if not isinstance(point, (list, tuple)) or len(point) != 2:
            raise DrawingError(f"stroke {index} has a point that is not [x, y]: {_brief(point)}")
        stroke.append((_number(point[0], f"x in stroke {index}"), _number(point[1], f"y in stroke {index}")))
    return stroke
