"""``iamulator server [-H HOST] [-p PORT] [--auth strict|count N|off|soft] [--state-dir DIR]``:
every shipped service over HTTP on one port."""
from __future__ import annotations

import os
import re
import sys

ROOT_KEY_ENV = "IAMULATOR_ROOT_ACCESS_KEY_ID"
ROOT_SECRET_ENV = "IAMULATOR_ROOT_SECRET_ACCESS_KEY"
_ACCESS_KEY = re.compile(r"[A-Z0-9]{16,128}\Z")


def add_command(sub) -> None:
    srv = sub.add_parser("server", help="serve every shipped service over HTTP on one port")
    srv.add_argument("-H", "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    srv.add_argument("-p", "--port", type=int, default=5000, help="port (default 5000)")
    srv.add_argument("--auth", nargs="+", metavar=("MODE", "N"),
                     help="strict (default: every request checked), count N (the first N unchecked), "
                          "off (nothing checked) or soft (evaluated and logged, never denied); "
                          "without it INITIAL_NO_AUTH_ACTION_COUNT, if set, is honoured")
    srv.add_argument("--state-dir", metavar="DIR",
                     help="keep state in DIR: restored at start, saved after every change")
    srv.add_argument("--root-access-key", metavar="KEY",
                     help=f"access key id of the default account's root user (or ${ROOT_KEY_ENV})")
    srv.add_argument("--root-secret-key", metavar="SECRET",
                     help=f"its secret access key (or ${ROOT_SECRET_ENV})")
    srv.add_argument("--tls-cert", metavar="PEM", help="serve https with this certificate (needs --tls-key)")
    srv.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    srv.add_argument("--access-log", action="store_true", help="print a line per request on stderr")
    srv.set_defaults(run=run)


def _fail(message: str) -> int:
    print(f"iamulator: {message}", file=sys.stderr, flush=True)
    return 2


def _auth_mode(args):
    from iamulator.server import auth_modes

    if args.auth:
        return auth_modes.parse(args.auth)
    return auth_modes.from_environment() or auth_modes.AuthMode("strict", source="default")


def _root_credentials(args) -> tuple[str, str]:
    """Sets the default account's root credentials from the flags or environment; raises
    ValueError. Runs before authentication is imported, which reads them once."""
    from iamulator import settings

    key = args.root_access_key or os.environ.get(ROOT_KEY_ENV) or None
    secret = args.root_secret_key or os.environ.get(ROOT_SECRET_ENV) or None
    if (key is None) != (secret is None):
        raise ValueError("the root access key and secret key are set together "
                         f"(--root-access-key/--root-secret-key or ${ROOT_KEY_ENV}/${ROOT_SECRET_ENV})")
    if key is not None:
        if not _ACCESS_KEY.match(key):
            raise ValueError(f"a root access key id is 16 to 128 capital letters and digits, not {key!r}")
        if len(secret) < 16:
            raise ValueError("a root secret access key has at least 16 characters")
        settings.DEFAULT_ACCESS_KEY_ID, settings.DEFAULT_SECRET_ACCESS_KEY = key, secret
    return settings.DEFAULT_ACCESS_KEY_ID, settings.DEFAULT_SECRET_ACCESS_KEY


def run(args) -> int:
    try:
        mode = _auth_mode(args)
        key, secret = _root_credentials(args)
    except ValueError as err:
        return _fail(str(err))

    if bool(args.tls_cert) != bool(args.tls_key):
        return _fail("--tls-cert and --tls-key go together")
    for path in (args.tls_cert, args.tls_key):
        if path and not os.path.isfile(path):
            return _fail(f"no such file: {path}")
    try:
        _check_free(args.host, args.port)
    except OSError as err:
        return _fail(f"cannot listen on {args.host}:{args.port}: {err.strerror or err}")

    from iamulator import settings
    from iamulator.authz.gate import GATE
    from iamulator.server import admin, app, dispatch

    persistence = None
    restored = 0
    if args.state_dir:
        from iamulator.server.persistence import Persistence, StateError
        from iamulator.services.state import STORE

        persistence = Persistence(args.state_dir, STORE)
        try:
            persistence.prepare()
            restored = persistence.restore()
        except StateError as err:
            return _fail(f"cannot use the state directory: {err.path}: {err.reason}\n"
                         "iamulator: nothing was changed; move the file away or start with another --state-dir")
        dispatch.AFTER_OPERATION.append(persistence.observer)
    admin.SERVER.auth, admin.SERVER.persistence = mode, persistence
    dispatch.AFTER_OPERATION.append(admin.SERVER.count_operation)
    mode.apply(GATE)

    url = f"{'https' if args.tls_cert else 'http'}://{args.host}:{args.port}"
    print(f"iamulator listening on {url}", flush=True)
    print(f"auth: {mode.describe()}", flush=True)
    if persistence is None:
        print("state: in memory (lost when the server stops)", flush=True)
    else:
        print(f"state: {persistence.directory} ({restored} backends restored; every change saved "
              "before it is answered)", flush=True)
    print(f"root credentials of account {settings.DEFAULT_ACCOUNT_ID}: access key {key}, secret {secret}",
          flush=True)
    print(f"use them: AWS_ACCESS_KEY_ID={key} AWS_SECRET_ACCESS_KEY={secret} "
          f"AWS_ENDPOINT_URL={url} AWS_DEFAULT_REGION={settings.DEFAULT_REGION} aws sts get-caller-identity",
          flush=True)
    print(f"admin: {url}{app.ADMIN_PREFIX}health (open); reset, reset-auth, decisions, snapshot"
          + (" (signed by the root credentials)" if mode.checks else ""), flush=True)
    app.run(args.host, args.port, ssl_context=(args.tls_cert, args.tls_key) if args.tls_cert else None,
            access_log=args.access_log)
    return 0


def _check_free(host: str, port: int) -> None:
    """Raises OSError when the address cannot be bound, before any state is read."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # The server sets SO_REUSEADDR too: a port in TIME_WAIT is free to it.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def main(argv=None) -> int:
    from iamulator.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
