"""How many processes a step may use, and whether it may fork them: shared by the parsing
pool (``collect.load``) and the render workers (``collect.render.parallel``)."""

from __future__ import annotations

import multiprocessing
import os
import threading


def _count(name: str) -> int | None:
    """A positive whole number from the environment variable ``name``, if it holds one."""
    configured = os.environ.get(name, "").strip()
    return int(configured) if configured.isdigit() and int(configured) > 0 else None


def workers() -> int:
    """``COLLECT_JOBS``, else the CPUs this process may run on."""
    configured = _count("COLLECT_JOBS")
    if configured is not None:
        return configured
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Forking is available and safe: no other thread runs in this process (``collect
    serve`` builds on a watcher thread), whose locks a fork would copy held."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def count_setting(name: str, default: int) -> int:
    """A positive whole number from the environment variable ``name``, else ``default``."""
    configured = _count(name)
    return default if configured is None else configured
