"""legacy_tls against a real HTTPS server on loopback whose certificate only security level 1 accepts.

The certificate (a 1024-bit RSA key, which OpenSSL's default level 2 refuses) is made with the
`openssl` command at test time; without it the tests are skipped.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import pytest

from scrapers.errors import FetchError
from scrapers.http import PoliteClient
from tests.scrapers.loopback import LoopbackServer


@pytest.fixture(scope="module")
def weak_cert(tmp_path_factory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    done = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        capture_output=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"openssl could not make a test certificate: {done.stderr.decode(errors='replace')[:200]}")
    return key, cert


@pytest.fixture
def weak_server(weak_cert):
    key, cert = weak_cert
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.set_ciphers("DEFAULT@SECLEVEL=0")  # the server side must accept its own weak key
    context.load_cert_chain(cert, key)
    with LoopbackServer(tls=context) as server:
        server.page("/", "<html><body><p>Cổng thông tin</p></body></html>")
        yield server, cert


def test_weak_certificate_refused_with_a_hint(weak_server) -> None:
    server, cert = weak_server
    client = PoliteClient(delay=0.0, max_retries=0, verify=str(cert))
    with pytest.raises(FetchError) as err:
        client.fetch(server.url("/"))
    message = str(err.value)
    assert message.startswith(server.url("/")) and "TLS error" in message
    assert message.endswith("(legacy_tls may help)") and "\n" not in message
    client.close()


def test_legacy_tls_host_is_fetched(weak_server) -> None:
    server, cert = weak_server
    client = PoliteClient(delay=0.0, max_retries=0, verify=str(cert))
    client.configure_host(f"127.0.0.1:{server.port}", legacy_tls=True)
    result = client.fetch(server.url("/"))
    assert result.status == 200 and "Cổng thông tin" in (result.text or "")
    client.close()


def test_untrusted_certificate_is_not_blamed_on_legacy_tls(weak_server) -> None:
    server, _ = weak_server
    client = PoliteClient(delay=0.0, max_retries=0)  # the system's CA store does not know this certificate
    client.configure_host(f"127.0.0.1:{server.port}", legacy_tls=True)
    with pytest.raises(FetchError) as err:
        client.fetch(server.url("/"))
    assert "TLS error" in str(err.value) and "legacy_tls may help" not in str(err.value)
    client.close()
