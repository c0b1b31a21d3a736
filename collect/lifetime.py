"""Ending the ``collect`` process without freeing what it built.

A loaded ledger is millions of small objects; freeing them one by one when a command
ends took a tenth of a rebuild at 50,000 invoices, for memory the operating system takes
back at once anyway. ``run`` (the ``collect`` command) ends the process with ``os._exit``
after the exit handlers and a flush of the output; objects handed to ``outlive`` are
kept to that point. Run in-process (tests, ``CliRunner``), nothing is kept: ``outlive``
does nothing unless ``run`` started the process's command.
"""

from __future__ import annotations

import atexit
import os
import sys
from collections import deque
from collections.abc import Callable

# A few at most: a one-shot command hands over two or three groups; a long-running one
# (``collect serve`` rebuilding on every change) must not pile up every ledger it loaded.
_kept: deque = deque(maxlen=4)
_exiting_fast = False


def outlive(*objects) -> None:
    """Keep ``objects`` to the end of the process when it ends through ``run`` (the last
    few handed over; older ones are freed as usual)."""
    if _exiting_fast:
        _kept.append(objects)


def run(command: Callable[[], object]) -> None:
    """``command()`` (a Click command in standalone mode), then end the process with its
    exit code: exit handlers run and output is flushed, nothing else is torn down. An
    exception other than SystemExit propagates as usual (traceback, normal exit)."""
    global _exiting_fast
    _exiting_fast = True
    try:
        command()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (collect status | head): nothing to do
            pass
    os._exit(code)
