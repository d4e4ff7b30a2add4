"""The pytest plugin, run on small test suites through pytester: fixtures without imports, the
iam_enforced marker, the assertion helpers and the report section of failing tests."""
import pytest

# Here rather than in the folder's conftest: pytest refuses ``pytest_plugins`` in a conftest
# below the root when the whole suite runs.
pytest_plugins = ["pytester"]

POLICY = ('{"Version": "2012-10-17", "Statement": '
          '[{"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"}]}')


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("IAMULATOR_AUTH", raising=False)
    monkeypatch.delenv("INITIAL_NO_AUTH_ACTION_COUNT", raising=False)


def test_fixtures_need_no_import(pytester):
    pytester.makepyfile(f"""
        import json, os

        def test_credentials(aws_credentials):
            assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAIOSFODNN7EXAMPLE"
            assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
            assert "AWS_SESSION_TOKEN" not in os.environ

        def test_aws_yields_a_started_mock(aws):
            import boto3
            from iamulator.server import inprocess
            assert inprocess.is_active()
            assert boto3.client("sts").get_caller_identity()["Account"] == "123456789012"
            assert aws.decisions() == []          # unchecked by default: nothing recorded

        def test_a_user_principal(iam_principal):
            session = iam_principal(policy=json.loads('''{POLICY}'''), name="alice")
            arn = session.client("sts").get_caller_identity()["Arn"]
            assert arn == "arn:aws:iam::123456789012:user/alice"

        def test_a_role_principal_with_a_json_policy(iam_principal):
            session = iam_principal(policy='''{POLICY}''', kind="role", name="worker")
            arn = session.client("sts").get_caller_identity()["Arn"]
            assert arn == "arn:aws:sts::123456789012:assumed-role/worker/worker"
    """)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=4)


def test_iam_enforced_checks_every_request_and_the_helpers_assert(pytester):
    pytester.makepyfile(f"""
        import pytest

        @pytest.mark.iam_enforced
        def test_enforced(iam_principal, assert_denied, assert_allowed, aws):
            sqs = iam_principal(policy='''{POLICY}''').client("sqs")
            assert assert_allowed(sqs.list_queues)["ResponseMetadata"]["HTTPStatusCode"] == 200
            err = assert_denied(lambda: sqs.create_queue(QueueName="jobs"), action="sqs:CreateQueue")
            assert err.response["Error"]["Code"] == "AccessDenied"
            assert [r.action for r in aws.decisions()] == ["sqs:ListQueues", "sqs:CreateQueue"]

        def test_not_enforced(iam_principal, aws):
            sqs = iam_principal(policy='''{POLICY}''').client("sqs")
            sqs.create_queue(QueueName="jobs")

        @pytest.mark.iam_enforced
        class TestEnforcedClass:
            def test_with_the_decorator(self):
                import boto3
                from botocore.exceptions import ClientError
                from iamulator import mock_aws
                from iamulator.testing import assert_denied, make_principal

                with mock_aws():
                    sqs = make_principal().client("sqs")
                    assert_denied(sqs.list_queues, action="sqs:ListQueues")

        def test_soft_run_is_not_denied(iam_principal, assert_denied, monkeypatch):
            from iamulator import mock_aws
            with mock_aws(auth="soft"):
                sqs = iam_principal().client("sqs")
                with pytest.raises(AssertionError, match="soft mode is on"):
                    assert_denied(sqs.list_queues)
    """)
    result = pytester.runpytest("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=4)


def test_assertion_failures_explain_themselves(pytester):
    pytester.makepyfile(f"""
        import pytest

        @pytest.mark.iam_enforced
        def test_allowed_fails(iam_principal, assert_allowed):
            sqs = iam_principal(policy='''{POLICY}''', name="bob").client("sqs")
            assert_allowed(lambda: sqs.create_queue(QueueName="jobs"))

        @pytest.mark.iam_enforced
        def test_wrong_action(iam_principal, assert_denied):
            sqs = iam_principal(name="carol").client("sqs")
            assert_denied(sqs.list_queues, action="sqs:CreateQueue")

        def test_unchecked(iam_principal, assert_denied):
            sqs = iam_principal(name="dave").client("sqs")
            assert_denied(sqs.list_queues)
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines([
        "*AssertionError: expected the call to be allowed, but it was denied: An error occurred "
        "(AccessDenied) when calling the CreateQueue operation: User: "
        "arn:aws:iam::123456789012:user/bob is not authorized to perform: sqs:createqueue*",
        "*Decision: ImplicitlyDenied (decided by identity-based policy)*",
    ])
    result.stdout.fnmatch_lines(["*the last denied action is sqs:ListQueues, not sqs:CreateQueue*"])
    result.stdout.fnmatch_lines(["*expected the call to be denied, but it succeeded (the request "
                                 "was not checked*"])


def test_a_failing_test_reports_its_denied_decisions(pytester):
    pytester.makepyfile("""
        import pytest

        @pytest.mark.iam_enforced
        def test_earlier(iam_principal):
            sqs = iam_principal(name="early").client("sqs")
            with pytest.raises(Exception):
                sqs.list_queues()

        @pytest.mark.iam_enforced
        def test_fails(iam_principal):
            sqs = iam_principal(name="erin").client("sqs")
            sqs.create_queue(QueueName="jobs")

        @pytest.mark.iam_enforced
        def test_fails_without_denials(aws):
            assert False
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines([
        "*- iamulator denied decisions -*",
        "CreateQueue (sqs) ImplicitlyDenied: User: arn:aws:iam::123456789012:user/erin is not "
        "authorized to perform: sqs:CreateQueue on resource: "
        "arn:aws:sqs:us-east-1:123456789012:jobs because no identity-based policy allows the "
        "sqs:CreateQueue action",
        "The last one explained:",
        "Request: sqs:CreateQueue on arn:aws:sqs:us-east-1:123456789012:jobs by "
        "arn:aws:iam::123456789012:user/erin (user)",
    ])
    out = result.stdout.str()
    assert out.count("iamulator denied decisions") == 1
    assert "user/early" not in out


def test_the_marker_is_registered(pytester):
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.iam_enforced: every AWS request of the test is "
                                 "authenticated and authorized from the first one (iamulator)"])


def test_a_suite_not_using_it_imports_nothing_heavy(pytester):
    pytester.makepyfile("""
        import sys

        def test_plain():
            loaded = [m for m in sys.modules
                      if m.startswith(("boto3", "botocore", "iamulator.authz", "iamulator.services",
                                       "iamulator.server"))]
            assert loaded == []
            assert "iamulator.pytest_plugin" in sys.modules      # the plugin is loaded
    """)
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_documented_example_passes(pytester):
    import os
    import re

    page = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "pytest-plugin.md")
    with open(page, encoding="utf-8") as f:
        (example,) = re.findall(r"```python\n(.*?)```", f.read(), re.S)
    pytester.makepyfile(example)
    pytester.runpytest("-p", "no:cacheprovider", "--strict-markers").assert_outcomes(passed=1)


def test_the_marker_holds_in_a_running_mock_and_the_mode_comes_back_after(pytester):
    pytester.makepyfile("""
        import pytest
        from iamulator import mock_aws
        from iamulator.authz.gate import GATE

        @pytest.fixture(scope="module")
        def module_mock():
            with mock_aws(auth="off"):
                yield

        def test_off_first(module_mock):
            assert GATE.limit == float("inf")

        @pytest.mark.iam_enforced
        def test_strict_inside_the_running_mock(module_mock):
            assert (GATE.limit, GATE.soft) == (0, False)

        def test_off_again(module_mock):
            assert GATE.limit == float("inf")
    """)
    pytester.makepyfile(test_module_marker="""
        import pytest

        pytestmark = pytest.mark.iam_enforced

        def test_strict_with_aws(iam_principal, assert_denied):
            assert_denied(iam_principal().client("sqs").list_queues)
    """)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=4)
