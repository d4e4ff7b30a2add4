"""``iamulator server``: what it prints, its auth modes, root credentials from flags or the
environment, and refusing bad arguments."""
import pytest
from botocore.exceptions import ClientError
from live_server import ROOT, servers  # noqa: F401  (fixture)

ACCOUNT = "123456789012"
BOGUS = {"AccessKeyId": "AKIAAAAAAAAAAAAAAAAA", "SecretAccessKey": "not-the-secret"}
CUSTOM = {"AccessKeyId": "AKIACUSTOMROOT000001", "SecretAccessKey": "custom-root-secret-0123456789"}


def error_code(call, *args, **kwargs):
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    return info.value.response["Error"]["Code"], info.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_default_is_strict_from_the_first_request_and_prints_how_to_use_the_root_key(servers):
    server = servers()
    lines = server.banner()
    assert lines[0] == f"iamulator listening on http://127.0.0.1:{server.port}"
    assert lines[1] == ("auth: strict (every request authenticated and authorized from the first one), "
                        "the default")
    assert lines[2] == "state: in memory (lost when the server stops)"
    assert lines[3] == (f"root credentials of account {ACCOUNT}: access key {ROOT['AccessKeyId']}, "
                        f"secret {ROOT['SecretAccessKey']}")
    assert lines[4].startswith(f"use them: AWS_ACCESS_KEY_ID={ROOT['AccessKeyId']} "
                               f"AWS_SECRET_ACCESS_KEY={ROOT['SecretAccessKey']} AWS_ENDPOINT_URL={server.url}")
    assert lines[5].startswith(f"admin: {server.url}/_iamulator/health (open)")
    # the very first request is checked: a key nobody issued is refused
    assert error_code(server.client("sts", BOGUS).get_caller_identity) == ("InvalidClientTokenId", 403)
    assert server.client("sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"


def test_root_signed_requests_pass_and_a_user_without_policies_is_denied(servers):
    server = servers("--auth", "strict")
    assert server.banner()[1].startswith("auth: strict (")
    iam = server.client("iam")
    iam.create_user(UserName="nobody")
    key = iam.create_access_key(UserName="nobody")["AccessKey"]
    assert error_code(server.client("sqs", key).list_queues) == ("AccessDenied", 403)


def test_environment_count_is_honoured_without_auth_and_said_so(servers):
    server = servers(env={"INITIAL_NO_AUTH_ACTION_COUNT": "2"})
    assert server.banner()[1] == ("auth: the first 2 requests unchecked, every later one authenticated and "
                                  "authorized (from INITIAL_NO_AUTH_ACTION_COUNT)")
    sts = server.client("sts", BOGUS)
    sts.get_caller_identity()
    sts.get_caller_identity()
    assert error_code(sts.get_caller_identity) == ("InvalidClientTokenId", 403)


def test_auth_flag_wins_over_the_environment(servers):
    server = servers("--auth", "count", "1", env={"INITIAL_NO_AUTH_ACTION_COUNT": "50"})
    assert server.banner()[1] == "auth: the first 1 requests unchecked, every later one authenticated and authorized"
    sts = server.client("sts", BOGUS)
    sts.get_caller_identity()
    assert error_code(sts.get_caller_identity)[0] == "InvalidClientTokenId"


def test_off_checks_nothing(servers):
    server = servers("--auth", "off")
    assert server.banner()[1] == "auth: off (nothing checked; any credentials are accepted)"
    s3 = server.client("s3", BOGUS)
    for _ in range(3):
        s3.list_buckets()
    assert server.client("sts", BOGUS).get_caller_identity()["Account"] == ACCOUNT


def test_soft_evaluates_but_never_denies(servers):
    server = servers("--auth", "soft")
    assert server.banner()[1] == "auth: soft (every request evaluated and its decisions logged, none denied)"
    iam = server.client("iam")
    iam.create_user(UserName="powerless")
    key = iam.create_access_key(UserName="powerless")["AccessKey"]
    sqs = server.client("sqs", key)
    url = sqs.create_queue(QueueName="soft-q")["QueueUrl"]
    assert url.endswith(f"/{ACCOUNT}/soft-q")
    # a bad signature is let through too, as the key's principal
    assert server.client("sts", {**key, "SecretAccessKey": "wrong"}).get_caller_identity()["Arn"] == \
        f"arn:aws:iam::{ACCOUNT}:user/powerless"


def test_root_credentials_from_flags(servers):
    server = servers("--root-access-key", CUSTOM["AccessKeyId"], "--root-secret-key", CUSTOM["SecretAccessKey"])
    assert server.banner()[3] == (f"root credentials of account {ACCOUNT}: access key {CUSTOM['AccessKeyId']}, "
                                  f"secret {CUSTOM['SecretAccessKey']}")
    assert server.client("sts", CUSTOM).get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    # the built-in key is no longer the root user's
    assert error_code(server.client("sts").get_caller_identity) == ("InvalidClientTokenId", 403)
    assert server.admin("POST", "reset", key=CUSTOM).status_code == 200
    assert server.admin("POST", "reset").status_code == 403


def test_root_credentials_from_the_environment(servers):
    server = servers(env={"IAMULATOR_ROOT_ACCESS_KEY_ID": CUSTOM["AccessKeyId"],
                          "IAMULATOR_ROOT_SECRET_ACCESS_KEY": CUSTOM["SecretAccessKey"]})
    assert CUSTOM["AccessKeyId"] in server.banner()[3]
    assert server.client("sts", CUSTOM).get_caller_identity()["Account"] == ACCOUNT


@pytest.mark.parametrize("args,env,message", [
    (["--auth", "count", "x"], {}, "auth mode 'count' takes one whole number: --auth count N"),
    (["--auth", "count"], {}, "auth mode 'count' takes one whole number: --auth count N"),
    (["--auth", "loose"], {}, "unknown auth mode 'loose' (one of: strict, count, off, soft)"),
    (["--auth", "off", "3"], {}, "auth mode 'off' takes no argument"),
    ([], {"INITIAL_NO_AUTH_ACTION_COUNT": "many"}, "INITIAL_NO_AUTH_ACTION_COUNT must be an integer, not 'many'"),
    (["--root-access-key", CUSTOM["AccessKeyId"]], {}, "the root access key and secret key are set together"),
    (["--root-access-key", "lower-case", "--root-secret-key", "s" * 20], {},
     "a root access key id is 16 to 128 capital letters and digits, not 'lower-case'"),
    (["--root-access-key", CUSTOM["AccessKeyId"], "--root-secret-key", "short"], {},
     "a root secret access key has at least 16 characters"),
    (["--tls-cert", "cert.pem"], {}, "--tls-cert and --tls-key go together"),
    (["--tls-cert", "/no/cert.pem", "--tls-key", "/no/key.pem"], {}, "no such file: /no/cert.pem"),
])
def test_bad_arguments_exit_2_with_a_reason(servers, args, env, message):
    server = servers(*args, env=env, wait=False)
    assert server.exit_code() == 2
    assert f"iamulator: {message}" in server.stderr()
    assert server.stdout() == ""


def test_a_port_in_use_is_reported(servers):
    first = servers("--auth", "off")
    second = servers("--auth", "off", port=first.port, wait=False)
    assert second.exit_code() == 2
    assert f"iamulator: cannot listen on 127.0.0.1:{first.port}" in second.stderr()
