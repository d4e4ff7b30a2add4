"""The ``iamulator`` command: ``server`` serves the mock over HTTP; the least-privilege tools
(``simulate``, ``policy``) work on policies and decision logs without a server."""
from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="iamulator", description="A mock of AWS with IAM at its centre.")
    sub = parser.add_subparsers(dest="command", required=True)
    from iamulator import toolkit_cli
    from iamulator.server import cli as server_cli

    server_cli.add_command(sub)
    toolkit_cli.add_commands(sub)
    args = parser.parse_args(argv)
    return args.run(args) or 0


if __name__ == "__main__":
    sys.exit(main())
