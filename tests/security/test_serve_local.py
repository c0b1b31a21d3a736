"""``collect serve`` shows the unredacted site (letters too) to this machine only.

It binds to 127.0.0.1, and it answers only requests addressed to 127.0.0.1 or
localhost: a web page that makes its own host name resolve to 127.0.0.1 (DNS
rebinding) gets a 403, not the ledger's contacts.
"""

from __future__ import annotations

import functools
import http.client
import http.server
import os
import threading

import pytest

from collect.serve import _Handler


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<p>the unredacted site</p>", encoding="utf-8")
    (root / "secret.txt").write_text("outside", encoding="utf-8")
    return root / "site"


@pytest.fixture(scope="module")
def served(site):
    handler = functools.partial(_Handler, directory=os.fspath(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port: int, host: str | None, path: str = "/index.html") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}"])
def test_the_site_is_served_to_this_machine(served, host):
    status, body = get(served, host.format(port=served))
    assert status == 200 and b"unredacted" in body


@pytest.mark.parametrize("host", ["attacker.example:{port}", "127.0.0.1.attacker.example:{port}",
                                  "127.0.0.1:{other}", None])
def test_a_request_for_another_host_is_refused(served, host):
    header = None if host is None else host.format(port=served, other=served + 1)
    status, body = get(served, header)
    assert status == 403 and b"unredacted" not in body


def test_no_path_leaves_the_output_folder(served):
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "//../secret.txt"):
        status, body = get(served, f"127.0.0.1:{served}", path)
        assert b"outside" not in body, path
