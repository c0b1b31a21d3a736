"""A one-line progress display for long builds: on a terminal only, never in CI.

``progress_line()`` gives a callback ``(done, total)`` that rewrites one stderr line
("rendering pages 512/1010") at most ten times a second, or None when stderr is not a
terminal or the ``CI`` variable is set, so logs and captured output stay clean.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

INTERVAL = 0.1


class ProgressLine:
    def __init__(self, stream: TextIO, label: str = "rendering pages"):
        self.stream = stream
        self.label = label
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < INTERVAL:
            return
        self._last = now
        self.stream.write(f"\r{self.label} {done}/{total}")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """Clear the line, so that what is printed next starts at the left margin."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


def progress_line(stream: TextIO | None = None, label: str = "rendering pages") -> ProgressLine | None:
    stream = stream if stream is not None else sys.stderr
    if os.environ.get("CI") or not _is_tty(stream):
        return None
    return ProgressLine(stream, label)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
