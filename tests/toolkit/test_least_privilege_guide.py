"""docs/least-privilege.md, step by step: the guide's code blocks are read from the page and run
(pytest in soft and strict mode, the iamulator commands), and what they print is compared with
what the page shows."""
import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest

import iamulator
from iamulator.authz.evaluator import evaluate
from iamulator.cli import main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GUIDE = os.path.join(ROOT, "docs", "least-privilege.md")
EXAMPLE = os.path.join(ROOT, "examples", "least_privilege")
FOLDER = os.path.join("examples", "least_privilege")
_BLOCK = re.compile(r"<!-- guide: ([\w-]+) -->\n```\w*\n(.*?)```", re.DOTALL)

def guide_blocks() -> dict[str, str]:
    with open(GUIDE, encoding="utf-8") as f:
        text = f.read()
    blocks: dict[str, str] = {}
    for name, body in _BLOCK.findall(text):
        assert name not in blocks, f"two blocks named {name}"
        blocks[name] = body
    return blocks


BLOCKS = guide_blocks()


def example_file(name: str) -> str:
    with open(os.path.join(EXAMPLE, name), encoding="utf-8") as f:
        return f.read()


def run_command(block: str, root) -> tuple[int, str]:
    """An ``iamulator ...`` line of the guide, run in ``root`` as the command would run there."""
    argv = shlex.split(BLOCKS[block])
    assert argv[0] == "iamulator"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv[1:])
    assert err.getvalue() == ""
    return status, out.getvalue()


def start_pytest(block: str, root) -> subprocess.Popen:
    """``IAMULATOR_AUTH=... pytest ...`` of the guide, in a fresh process as a user runs it."""
    words = shlex.split(BLOCKS[block])
    env = {**os.environ, "COLUMNS": "80"}       # the width of pytest's section headers
    while "=" in words[0]:
        key, _, value = words.pop(0).partition("=")
        env[key] = value
    assert words[0] == "pytest"
    return subprocess.Popen([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *words[1:]],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    """The exit status and output of a pytest run."""
    out, _ = process.communicate(timeout=300)
    return process.returncode, out


def workspace(base, source=None):
    """A folder holding examples/least_privilege/ with the example's code, or a copy of ``source``."""
    if source is not None:
        shutil.copytree(source, base, dirs_exist_ok=True)
        return base
    folder = base / FOLDER
    folder.mkdir(parents=True)
    for name in ("upload_handler.py", "test_upload_handler.py"):
        shutil.copy(os.path.join(EXAMPLE, name), folder / name)
    (folder / "policy.json").write_text(BLOCKS["first-policy"])
    return base


def decisions(root) -> list[dict]:
    with open(root / FOLDER / "decisions.json", encoding="utf-8") as f:
        return json.load(f)["decisions"]


@pytest.fixture(scope="module")
def soft_run(tmp_path_factory):
    root = workspace(tmp_path_factory.mktemp("soft"))
    return root, finish(start_pytest("soft-run", root))


@pytest.fixture(scope="module")
def generated(soft_run, tmp_path_factory):
    root = workspace(tmp_path_factory.mktemp("generated"), soft_run[0])
    status, out = run_command("generate", root)
    assert (status, out) == (0, "")
    return root


@pytest.fixture(scope="module")
def strict_runs(generated, tmp_path_factory):
    """Step 7 with the generated policy and step 8 without its DynamodbPutItem statement,
    side by side: {"generated": (folder, (status, output)), "removed": ...}."""
    removed = workspace(tmp_path_factory.mktemp("removed"), generated)
    path = removed / FOLDER / "policy.json"
    policy = json.loads(path.read_text())
    policy["Statement"] = [st for st in policy["Statement"] if st["Sid"] != "DynamodbPutItem"]
    path.write_text(json.dumps(policy, indent=4))
    runs = {"generated": generated, "removed": removed}
    started = {name: start_pytest("strict-run", root) for name, root in runs.items()}
    return {name: (runs[name], finish(process)) for name, process in started.items()}


# --- the page shows the example's files as they are --------------------------------------------

def test_step_1_the_handler_on_the_page_is_the_example():
    assert BLOCKS["handler"] == example_file("upload_handler.py")


def test_step_2_the_test_on_the_page_is_the_example():
    assert BLOCKS["test"] == example_file("test_upload_handler.py")


def test_step_6_the_policy_on_the_page_is_the_examples_policy():
    assert BLOCKS["policy"] == example_file("policy.json")


def test_the_commands_the_page_runs_are_the_ones_it_shows():
    assert set(BLOCKS) == {"handler", "test", "first-policy", "soft-run", "denied-record", "diff-guess",
                           "diff-guess-output", "generate", "policy", "strict-run", "access-denied",
                           "denied-section", "simulate", "simulate-output"}


# --- running the steps --------------------------------------------------------------------------

def test_step_3_the_soft_run_passes_with_the_first_guess(soft_run):
    _, (status, out) = soft_run
    assert status == 0, out
    assert "1 passed" in out


def test_step_4_the_log_holds_the_denial_the_page_shows(soft_run):
    root, _ = soft_run
    records = decisions(root)
    handler_calls = [(r["action"], r["resource"], r["result"], r["enforced"]) for r in records
                     if r["principal"] == "arn:aws:iam::123456789012:user/uploader"]
    assert handler_calls == [
        ("s3:PutObject", "arn:aws:s3:::uploads-bucket/uploads/a1.txt", "Allowed", True),
        ("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:123456789012:table/uploads", "ImplicitlyDenied", False),
        ("s3:PutObject", "arn:aws:s3:::uploads-bucket/uploads/b2.txt", "Allowed", True),
        ("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:123456789012:table/uploads", "ImplicitlyDenied", False),
    ]
    shown = json.loads(BLOCKS["denied-record"])
    first_denial = next(r for r in records if r["result"] != "Allowed")
    # the time and the request id are the only fields that differ from run to run
    assert first_denial == {**shown, "time": first_denial["time"], "request_id": first_denial["request_id"]}
    assert BLOCKS["denied-record"] == json.dumps(shown, indent=2) + "\n"


def test_step_5_the_diff_of_the_guess_prints_what_the_page_shows(soft_run):
    status, out = run_command("diff-guess", soft_run[0])
    assert status == 1
    assert out == BLOCKS["diff-guess-output"]


def test_step_6_generating_gives_the_policy_on_the_page(generated, soft_run):
    text = (generated / FOLDER / "policy.json").read_text()
    assert text == BLOCKS["policy"]
    # the policy allows every call the handler made, and nothing the root user did
    policy = json.loads(text)
    for r in decisions(soft_run[0]):
        d = evaluate(r["action"], r["resource"], "arn:aws:iam::123456789012:user/uploader", identity_policies=[policy])
        assert d.allowed == (r["principal"].endswith(":user/uploader")), r


def test_step_7_the_strict_run_passes_with_the_generated_policy(strict_runs):
    root, (status, out) = strict_runs["generated"]
    assert status == 0, out
    records = decisions(root)
    assert records and all(r["result"] == "Allowed" and r["enforced"] for r in records)


def test_step_8_a_removed_permission_fails_with_the_precise_access_denied(strict_runs):
    root, (status, out) = strict_runs["removed"]
    assert status == 1, out
    assert BLOCKS["access-denied"].strip() in [line.lstrip("E").strip() for line in out.splitlines()]
    # the report section shows the block's lines in that order ("..." stands for lines left out)
    lines = iter(out.splitlines())
    for expected in BLOCKS["denied-section"].splitlines():
        if expected != "...":
            assert expected in lines, f"{expected!r} not in the report (in order):\n{out}"
    status, out = run_command("simulate", root)
    assert status == 1
    assert out == BLOCKS["simulate-output"]


def test_step_8_the_diff_against_the_failed_run_names_the_missing_call(strict_runs):
    root, _ = strict_runs["removed"]
    report = iamulator.policy_diff(root / FOLDER / "policy.json", root / FOLDER / "decisions.json",
                                   principal="arn:aws:iam::*:user/uploader")
    assert report["missing"] == [{"action": "dynamodb:PutItem",
                                  "resource": "arn:aws:dynamodb:us-east-1:123456789012:table/uploads"}]
