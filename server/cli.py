"""``iamulator server [-H HOST] [-p PORT]``: every shipped service over HTTP on one port."""
from __future__ import annotations

import sys


def add_command(sub) -> None:
    srv = sub.add_parser("server", help="serve every shipped service over HTTP on one port")
    srv.add_argument("-H", "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    srv.add_argument("-p", "--port", type=int, default=5000, help="port (default 5000)")
    srv.set_defaults(run=run)


def run(args) -> int:
    from iamulator import settings
    from iamulator.authz.gate import GATE
    from iamulator.server import app

    limit = settings.initial_no_auth_action_count()
    GATE.reset(limit)
    print(f"iamulator listening on http://{args.host}:{args.port}", flush=True)
    if limit == float("inf"):
        print("auth: off (set INITIAL_NO_AUTH_ACTION_COUNT=N to check every request after the first N)",
              flush=True)
    else:
        print(f"auth: the first {limit} requests unchecked, every later one authenticated and authorized",
              flush=True)
    print("state: in memory (lost when the server stops)", flush=True)
    app.run(args.host, args.port)
    return 0


def main(argv=None) -> int:
    from iamulator.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
