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
        from iamulator.server import app

        print(f"iamulator listening on http://{args.host}:{args.port}", flush=True)
        print("auth: off (requests are not authenticated yet)", flush=True)
        print("state: in memory (lost when the server stops)", flush=True)
        app.run(args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
