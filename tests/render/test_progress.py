"""The build's progress line: on a terminal only, and never in CI."""

from __future__ import annotations

import io

from collect.render.progress import ProgressLine, progress_line


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_line_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert progress_line(io.StringIO()) is None


def test_no_progress_line_in_ci_even_on_a_terminal(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert progress_line(Terminal()) is None


def test_the_line_counts_pages_and_is_cleared_at_the_end(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    stream = Terminal()
    line = progress_line(stream)
    assert isinstance(line, ProgressLine)
    for done in range(0, 1011):
        line(done, 1010)
    text = stream.getvalue()
    assert "\rrendering pages 0/1010" in text and text.endswith("\rrendering pages 1010/1010")
    assert text.count("\r") < 50  # at most ten updates a second, and the last one always
    line.close()
    assert stream.getvalue().endswith("\r\x1b[K")
