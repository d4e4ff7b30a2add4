"""The pytest plugin, registered through the ``pytest11`` entry point: fixtures, markers and
assertion helpers for testing least-privilege policies against the mock.

Fixtures: ``aws_credentials`` (fake credentials and region in the environment), ``aws`` (a
started ``mock_aws``, yielding the mock), ``iam_principal`` (a factory of users and roles
with exactly the policy given, returning ``boto3.Session``s), ``assert_denied`` and
``assert_allowed`` (``iamulator.testing``). Marker: ``@pytest.mark.iam_enforced``. A failing
test's report gets an "iamulator denied decisions" section listing its denied decisions.

Nothing heavy is imported until a fixture or marker is used, and a suite that uses neither
pays for nothing but a dictionary lookup per test.
"""
from __future__ import annotations

import sys

import pytest

MARKER = "iam_enforced"
SECTION = "iamulator denied decisions"
_LOG_MODULE = "iamulator.authz.decision_log"
_since = pytest.StashKey[int]()
_override = pytest.StashKey[object]()
#: At most this many denied records are listed in a failing test's report.
REPORT_LIMIT = 20


def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"{MARKER}: every AWS request of the test is authenticated and authorized "
                   "from the first one (iamulator)")


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture
def aws_credentials(monkeypatch):
    """Fake credentials (the mock's default: the default account's root) and region in the
    environment, so that no real AWS credentials can be picked up."""
    from iamulator import settings

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", settings.DEFAULT_ACCESS_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", settings.DEFAULT_SECRET_ACCESS_KEY)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_SECURITY_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", settings.DEFAULT_REGION)


@pytest.fixture
def aws(aws_credentials):
    """A started ``mock_aws`` (fresh state), checking requests as configured
    (``IAMULATOR_AUTH``, ``INITIAL_NO_AUTH_ACTION_COUNT``; strict under ``iam_enforced``)."""
    from iamulator import mock_aws

    with mock_aws() as mock:
        yield mock


@pytest.fixture
def iam_principal(aws):
    """``iam_principal(policy=None, kind="user"|"role", name=None, boundary=None)``: a
    principal with exactly that policy, as a ``boto3.Session``."""
    from iamulator.testing import make_principal

    return make_principal


@pytest.fixture
def assert_denied():
    from iamulator.testing import assert_denied

    return assert_denied


@pytest.fixture
def assert_allowed():
    from iamulator.testing import assert_allowed

    return assert_allowed


# --- the marker and the report -------------------------------------------------------------------

@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    log = sys.modules.get(_LOG_MODULE)
    # Records made before this point belong to earlier tests; without the module loaded,
    # none exist yet.
    item.stash[_since] = log.mark() if log is not None else 0
    if item.get_closest_marker(MARKER) is not None:
        # Before the fixtures: a mock the test starts (the aws fixture, @mock_aws) and one
        # already running for its class or module are strict for this test.
        from iamulator.mock import auth_override

        override = auth_override("strict")
        override.__enter__()
        item.stash[_override] = override


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    yield
    override = item.stash.get(_override, None)
    if override is not None:
        del item.stash[_override]
        override.__exit__(None, None, None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    log = sys.modules.get(_LOG_MODULE)
    if log is None:
        return
    records = log.LOG.records(denied_only=True, since=item.stash.get(_since, 0))
    if records:
        report.sections.append((SECTION, denied_section(records)))


def denied_section(records) -> str:
    """The report section: one line per denied record, then the last one explained."""
    shown = records[-REPORT_LIMIT:]
    lines = []
    if len(records) > len(shown):
        lines.append(f"({len(records) - len(shown)} earlier denied decisions not shown)")
    for r in shown:
        soft = "" if r.enforced else " [not enforced: soft mode]"
        lines.append(f"{r.operation} ({r.service}) {r.result}{soft}: {r.message}")
    lines.append("")
    lines.append("The last one explained:")
    lines.append(shown[-1].explain())
    return "\n".join(lines)
