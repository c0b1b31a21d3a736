"""Rendering a large site in forked workers gives the very bytes of rendering it here."""

from __future__ import annotations

import os
import threading

from sitekit import build, sample_copy, tree_hashes

from collect.render import parallel


def test_run_all_runs_every_task_once_in_forked_workers():
    forking = parallel.can_fork()  # not while another thread runs (one a test left behind)
    results = list(parallel.run_all(lambda i: (i, os.getpid()), 6, 2))
    assert sorted(i for i, _pid in results) == list(range(6))
    if forking:
        assert all(pid != os.getpid() for _i, pid in results)
    else:
        assert all(pid == os.getpid() for _i, pid in results)


def test_no_worker_is_forked_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert not parallel.can_fork()
        assert {pid for _i, pid in parallel.run_all(lambda i: (i, os.getpid()), 4, 2)} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_run_all_stays_in_this_process_with_one_worker():
    assert list(parallel.run_all(lambda i: (i, os.getpid()), 3, 1)) == [(i, os.getpid()) for i in range(3)]


def test_a_failure_in_a_worker_reaches_the_caller():
    def task(index: int) -> int:
        if index == 2:
            raise ValueError("page 2 failed")
        return index

    try:
        list(parallel.run_all(task, 4, 2))
    except ValueError as exc:
        assert "page 2 failed" in str(exc)
    else:
        raise AssertionError("the worker's error was lost")


def test_workers_render_the_same_site_as_one_process(tmp_path, monkeypatch):
    ledger = sample_copy(tmp_path)
    monkeypatch.setattr("collect.render.site.PARALLEL_MIN_INVOICES", 0)
    monkeypatch.setenv("COLLECT_JOBS", "1")
    assert build(ledger, tmp_path / "one").exit_code == 0
    monkeypatch.setenv("COLLECT_JOBS", "2")
    assert build(ledger, tmp_path / "two").exit_code == 0
    assert tree_hashes(tmp_path / "two") == tree_hashes(tmp_path / "one")
    # and a rebuild in workers takes the unchanged pages over just the same
    with (ledger / "notes" / "kaida-electric" / "2026-06-18-status-check.md").open("a", encoding="utf-8") as f:
        f.write("\nChecked again.\n")
    assert build(ledger, tmp_path / "two").exit_code == 0
    monkeypatch.setenv("COLLECT_JOBS", "1")
    assert build(ledger, tmp_path / "fresh").exit_code == 0
    assert tree_hashes(tmp_path / "two") == tree_hashes(tmp_path / "fresh")
