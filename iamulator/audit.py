"""The decision log in process: ``decisions()``, ``clear_decisions()``, ``explain()``,
``save_decisions()``.

Every authorization check of a checked request leaves a record (see docs/decision-log.md);
the log is cleared when the outermost mock starts.
"""
from __future__ import annotations

import json
import os


def decisions(denied_only: bool = False) -> list:
    """The recorded ``DecisionRecord``s, oldest first; ``denied_only``: those not allowed
    (denials soft mode let through and rejected credentials included)."""
    from iamulator.authz.decision_log import LOG

    return LOG.records(denied_only)


def clear_decisions() -> None:
    from iamulator.authz.decision_log import LOG

    LOG.clear()


def explain(record=None) -> str:
    """The readable trace of ``record`` (a ``DecisionRecord``), by default of the last denied
    one: every policy, statement and condition the evaluator looked at, and why."""
    if record is None:
        denied = decisions(denied_only=True)
        if not denied:
            raise LookupError("no denied decision is recorded: requests are only logged once "
                              "they are checked (mock_aws(auth=\"strict\") or \"soft\", "
                              "set_initial_no_auth_action_count, IAMULATOR_AUTH)")
        record = denied[-1]
    explain_record = getattr(record, "explain", None)
    if explain_record is None:
        raise TypeError("explain() takes a DecisionRecord (from iamulator.decisions()), not "
                        f"{type(record).__name__}: a saved record no longer has its policies")
    return explain_record()


def log_document(records) -> dict:
    """The log file's JSON shape: ``{"decisions": [record dict, ...]}``."""
    return {"decisions": [r.as_dict() for r in records]}


def save_decisions(path, denied_only: bool = False) -> str:
    """Writes the log to ``path`` as ``{"decisions": [...]}`` and returns the path."""
    path = os.fspath(path)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(log_document(decisions(denied_only)), f, indent=1)
        f.write("\n")
    return path
