"""Rendering pages on every core: forked workers that inherit the computed state.

Pages are independent files, so they can be rendered in any order by any process and
still come out the same bytes. Workers are forked once the ledger is computed: they
share its memory with the parent instead of receiving a pickled copy, render the pages
they are given straight into the staging folder, and send back only each file's name
and digest.

The pool is used only where it pays and is safe: more than one CPU, ``fork`` available,
no other thread running in this process (``collect serve`` builds on a watcher thread),
and enough work to outweigh starting the workers. ``COLLECT_JOBS`` sets the number of
processes (1: render in this process).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
from collections.abc import Callable, Iterator
from typing import TypeVar

from collect.processes import can_fork

T = TypeVar("T")

_TASK: Callable[[int], object] | None = None


def run_all(task: Callable[[int], T], count: int, processes: int) -> Iterator[T]:
    """``task(i)`` for every ``i`` in ``range(count)``, in ``processes`` forked workers (or
    in this process when that is 1 or forking is not safe); results in completion order."""
    with started(task, count, processes) as results:
        yield from results


@contextlib.contextmanager
def started(task: Callable[[int], T], count: int, processes: int) -> Iterator[Iterator[T]]:
    """Like ``run_all``, but the workers start at once, so that this process can do other
    work while they render; leaving the block stops them. In this process the tasks run
    only as the results are read."""
    global _TASK
    if processes <= 1 or count <= 1 or not can_fork():
        yield (task(index) for index in range(count))
        return
    _TASK = task
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(processes, count), initializer=_start) as pool:
            yield pool.imap_unordered(_run, range(count), chunksize=1)
    finally:
        _TASK = None


def _start() -> None:
    # what the worker inherited lives as long as it does: no collection need walk it
    gc.freeze()


def _run(index: int):
    assert _TASK is not None, "a worker started without its task"
    return _TASK(index)
