import pytest

from clients_support import self_signed_certificate, start_server, stop_server, free_port


@pytest.fixture(scope="session")
def server():
    """The endpoint of ``iamulator server`` over http, every request checked."""
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


@pytest.fixture(scope="session")
def tls_server(tmp_path_factory):
    """(endpoint, CA bundle) of the same server over https."""
    cert, key = self_signed_certificate(str(tmp_path_factory.mktemp("tls")))
    port = free_port()
    proc = start_server(port, tls=(cert, key))
    yield f"https://127.0.0.1:{port}", cert
    stop_server(proc)
