"""``iamulator simulate`` and ``iamulator policy ...``: the least-privilege tools on the command line."""
from __future__ import annotations


def add_commands(sub) -> None:
    """Adds this module's subcommands to the ``iamulator`` parser (each sets ``run``)."""
