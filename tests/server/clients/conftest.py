import os
import sys

import pytest

# tests/server holds live_server, the server-starting helper every server test shares.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from clients_support import self_signed_certificate, start_tls_server, stop_server  # noqa: E402
from live_server import LiveServer, free_port  # noqa: E402


@pytest.fixture(scope="session")
def server():
    """The endpoint of ``iamulator server --auth strict``."""
    live = LiveServer("--auth", "strict")
    yield live.url
    live.stop()


@pytest.fixture(scope="session")
def tls_server(tmp_path_factory):
    """(endpoint, CA bundle) of the same server over https."""
    cert, key = self_signed_certificate(str(tmp_path_factory.mktemp("tls")))
    port = free_port()
    proc = start_tls_server(port, cert, key)
    yield f"https://127.0.0.1:{port}", cert
    stop_server(proc)
