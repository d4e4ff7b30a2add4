"""``iamulator`` command line: ``iamulator server [-H HOST] [-p PORT]``."""
from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="iamulator", description="A mock of AWS with IAM at its centre.")
    sub = parser.add_subparsers(dest="command", required=True)
    srv = sub.add_parser("server", help="serve every shipped service over HTTP on one port")
    srv.add_argument("-H", "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    srv.add_argument("-p", "--port", type=int, default=5000, help="port (default 5000)")
    args = parser.parse_args(argv)

    if args.command == "server":
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


if __name__ == "__main__":
    sys.exit(main())
