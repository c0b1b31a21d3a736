"""``collect serve``: build into a private folder, serve it on 127.0.0.1, rebuild on change.

The server only ever binds to the loopback address. Builds run with ``keep_going`` so a
ledger error shows in the browser (banner and data-quality page) instead of stopping
the server; an unexpected failure is shown as a page of its own.
"""

from __future__ import annotations

import functools
import html
import http.server
import os
import signal
import threading
import time
from pathlib import Path
from typing import Callable

POLL_SECONDS = 1.0


def ledger_fingerprint(roots: list[Path]) -> tuple:
    """Names, sizes and modification times of every file under the watched folders."""
    items = []
    for root in roots:
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
                stat = path.stat()
                items.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(items)


def error_page(out: Path, message: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>collect: build failed</title></head>"
        f"<body><h1>The build failed</h1><pre>{html.escape(message)}</pre>"
        "<p>Fix the ledger and save: the site rebuilds by itself.</p></body></html>",
        encoding="utf-8",
    )


class Watcher(threading.Thread):
    def __init__(self, roots: list[Path], rebuild: Callable[[], None]):
        super().__init__(daemon=True)
        self.roots = roots
        self.rebuild = rebuild
        self.last = ledger_fingerprint(roots)
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(POLL_SECONDS):
            current = ledger_fingerprint(self.roots)
            if current != self.last:
                self.last = current
                self.rebuild()


LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files of the build, to this machine only.

    Binding to 127.0.0.1 keeps other machines out, but not a web page open in the same
    browser: through DNS rebinding (a host name of its own made to resolve to 127.0.0.1)
    it could read the unredacted site, letters included. Such a request names that host
    in its ``Host`` header, so a request for any host but this machine's is refused."""

    def log_message(self, format: str, *args) -> None:  # quiet: one line per rebuild is enough
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_head(self):
        if not local_host(self.headers.get("Host", ""), self.server.server_address[1]):
            self.send_error(403, "collect serve answers requests for 127.0.0.1 and localhost only")
            return None
        return super().send_head()


def local_host(host: str, port: int) -> bool:
    """Whether a ``Host`` header names this machine (with the server's port, if any)."""
    name, colon, given = host.strip().lower().rpartition(":")
    if not colon or name == "[":  # no port, or an IPv6 address without one
        name, given = host.strip().lower(), str(port)
    return name in LOCAL_HOSTS and given == str(port)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(out: Path, port: int, build: Callable[[], str], watch: list[Path], echo: Callable[[str], None]) -> None:
    def rebuild() -> None:
        started = time.perf_counter()
        try:
            summary = build()
        except Exception as exc:  # shown in the browser; the server keeps running
            error_page(out, f"{type(exc).__name__}: {exc}")
            echo(f"build failed: {exc}")
            return
        echo(f"{summary} in {time.perf_counter() - started:.1f}s")

    rebuild()
    handler = functools.partial(_Handler, directory=os.fspath(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    watcher = Watcher(watch, rebuild)
    watcher.start()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # a plain `kill` stops as cleanly as Ctrl-C
    try:
        echo(f"serving http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stopped.set()
        server.server_close()
