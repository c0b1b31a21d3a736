"""``collect serve``: builds, serves on 127.0.0.1, rebuilds when a ledger file changes.

The server runs as a real subprocess; every wait is bounded.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

STARTUP_SECONDS = 30
REBUILD_SECONDS = 15

INVOICES = """\
- {number: AC/2026/0001, customer: acme, issued: 2026-08-01, amount: %s}
"""


@pytest.fixture
def server(ledger_dir, tmp_path):
    ledger = ledger_dir({
        "customers/acme.yaml": "id: acme\nname: 艾克米\nowner: 王静\n",
        "invoices/2026.yaml": INVOICES % "1000.00",
    })
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "collect", "--ledger", str(ledger), "--as-of", "2026-11-22", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", env=env, cwd=tmp_path)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    url, seen, deadline = None, [], time.monotonic() + STARTUP_SECONDS
    while url is None and time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        match = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
        url = match.group(1) if match else None

    def stop() -> int:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        return proc.returncode

    try:
        assert url, "collect serve printed no URL:\n" + "".join(seen)
        yield ledger, url, scratch, stop
    finally:
        stop()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, seconds: float = REBUILD_SECONDS) -> str:
    deadline, page = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            page = get(url)
        except urllib.error.URLError:  # between the two renames of the output swap
            page = ""
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds}s; last page:\n{page[:2000]}")


def test_serve_builds_serves_and_rebuilds_on_change(server):
    ledger, url, scratch, stop = server
    index = get(url)
    assert "<title>总览 · 上海澄远贸易有限公司</title>" in index and "¥1,000.00" in index

    # same size, new content: the watcher must not rely on sizes alone
    (ledger / "invoices" / "2026.yaml").write_text(INVOICES % "4321.00", encoding="utf-8")
    wait_for(url + "customers/acme.html", "¥4,321.00")

    (ledger / "customers" / "broken.yaml").write_text("id: broken\nname: [unclosed\n", encoding="utf-8")
    page = wait_for(url, 'class="banner bad"')
    assert "¥4,321.00" in page  # the rest of the ledger still shows
    assert "customers/broken.yaml:3:1" in get(url + "quality.html")


def test_serve_stops_on_sigterm_and_removes_its_build_folder(server):
    ledger, url, scratch, stop = server
    assert url.startswith("http://127.0.0.1:")
    assert any(scratch.iterdir())  # the private build folder
    assert stop() == 0
    assert not any(scratch.iterdir())
