"""Watching what a page does in the browser tests."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Watch:
    """What a page did: console messages, script errors, failed requests, every URL asked for."""

    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def clear(self) -> None:
        for found in (self.console, self.errors, self.failed, self.requests):
            found.clear()

    def problems(self) -> list[str]:
        outside = [u for u in self.requests
                   if not u.startswith(("http://127.0.0.1:", "file://", "about:", "data:"))]
        return self.console + self.errors + self.failed + [f"request outside: {u}" for u in outside]


def watch(page) -> Watch:
    seen = Watch()
    page.on("console", lambda m: seen.console.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning", "assert") else None)
    page.on("pageerror", lambda e: seen.errors.append(f"page error: {e}"))
    # ERR_ABORTED is the next navigation cancelling a late request (the favicon), not a fault
    page.on("requestfailed", lambda r: seen.failed.append(f"request failed: {r.url} {r.failure}")
            if "ERR_ABORTED" not in (r.failure or "") else None)
    page.on("response", lambda r: seen.failed.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: seen.requests.append(r.url))
    return seen
