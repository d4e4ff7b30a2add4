"""The server over https (a subprocess on a free port, every request checked) and the narrow
policy each client's user gets."""
from __future__ import annotations

import datetime
import ipaddress
import json
import os
import shutil
import subprocess
import sys
import threading

import pytest

from iamulator import settings
from live_server import ROOT as ROOT_KEY  # noqa: F401 (the clients' tests take it from here)

ACCOUNT = settings.DEFAULT_ACCOUNT_ID
REGION = "us-east-1"

# TLS is for the clients' https-only behaviour (botocore sends trailing checksums over https
# only): the server is started with --tls-cert/--tls-key, strict auth being its default.


def require(tool: str) -> str:
    """The tool's path; outside CI a missing tool skips, in CI it fails (these tests must run)."""
    path = shutil.which(tool)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is not installed, and CI must run the client tests")
    pytest.skip(f"{tool} is not installed")


def start_tls_server(port: int, cert: str, key: str) -> subprocess.Popen:
    """The server over https with every request checked, once werkzeug says it is listening
    (it binds before it prints the address)."""
    proc = subprocess.Popen([sys.executable, "-m", "iamulator.server.cli", "server", "-p", str(port),
                             "--tls-cert", cert, "--tls-key", key],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    said = []
    for line in proc.stderr:
        said.append(line)
        if f"Running on https://127.0.0.1:{port}" in line:
            # keep reading what it logs, so that a full pipe never blocks it
            threading.Thread(target=proc.stderr.read, daemon=True).start()
            return proc
    raise RuntimeError(f"the server exited with {proc.wait()}: {''.join(said)}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def self_signed_certificate(directory: str) -> tuple[str, str]:
    """(certificate path, key path) valid for 127.0.0.1 and localhost; the certificate doubles
    as the clients' CA bundle."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return cert_path, key_path


def narrow_policy(bucket: str, queue: str, table: str) -> str:
    """Objects of one bucket, one queue's messages, one table's items: nothing else."""
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": f"arn:aws:s3:::{bucket}/*"},
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}"},
        {"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"],
         "Resource": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{queue}"},
        {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:GetItem"],
         "Resource": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table}"},
    ]})


def denied(user: str, action: str, resource: str) -> str:
    """AWS's message for an action no identity-based policy of ``user`` allows, in each
    service's wording: S3 quotes the resource, SQS lower-cases the action."""
    service = action.partition(":")[0]
    if service == "s3":
        resource = f'"{resource}"'
    elif service == "sqs":
        action = action.lower()
    return (f"User: arn:aws:iam::{ACCOUNT}:user/{user} is not authorized to perform: {action} on resource: "
            f"{resource} because no identity-based policy allows the {action} action")
