import json

import pytest

from iam_support import S3_READ, TRUST_EC2, allow, fails, policy

OWNERS = [
    ("user", "UserName", lambda iam: iam.create_user(UserName="owner")),
    ("group", "GroupName", lambda iam: iam.create_group(GroupName="owner")),
    ("role", "RoleName", lambda iam: iam.create_role(RoleName="owner", AssumeRolePolicyDocument=TRUST_EC2)),
]


def calls(iam, kind):
    return (getattr(iam, f"put_{kind}_policy"), getattr(iam, f"get_{kind}_policy"),
            getattr(iam, f"list_{kind}_policies"), getattr(iam, f"delete_{kind}_policy"))


@pytest.mark.parametrize("kind, name_param, create", OWNERS)
def test_put_get_list_delete(iam, kind, name_param, create):
    create(iam)
    put, get, list_, delete = calls(iam, kind)
    put(**{name_param: "owner"}, PolicyName="b-read", PolicyDocument=S3_READ)
    put(**{name_param: "owner"}, PolicyName="a-read", PolicyDocument=S3_READ)
    got = get(**{name_param: "owner"}, PolicyName="b-read")
    assert got[name_param] == "owner"
    assert got["PolicyName"] == "b-read"
    assert got["PolicyDocument"] == json.loads(S3_READ)
    assert list_(**{name_param: "owner"})["PolicyNames"] == ["a-read", "b-read"]
    page = list_(**{name_param: "owner"}, MaxItems=1)
    assert page["PolicyNames"] == ["a-read"] and page["IsTruncated"] is True
    assert list_(**{name_param: "owner"}, Marker=page["Marker"])["PolicyNames"] == ["b-read"]
    delete(**{name_param: "owner"}, PolicyName="b-read")
    assert list_(**{name_param: "owner"})["PolicyNames"] == ["a-read"]
    assert fails(get, **{name_param: "owner"}, PolicyName="b-read") == (
        "NoSuchEntity", f"The {kind} policy with name b-read cannot be found.", 404)
    assert fails(delete, **{name_param: "owner"}, PolicyName="b-read") == (
        "NoSuchEntity", f"The {kind} policy with name b-read cannot be found.", 404)


@pytest.mark.parametrize("kind, name_param, create", OWNERS)
def test_put_replaces_the_document(iam, kind, name_param, create):
    create(iam)
    put, get, _, _ = calls(iam, kind)
    put(**{name_param: "owner"}, PolicyName="p", PolicyDocument=S3_READ)
    other = policy(allow("sqs:*"))
    put(**{name_param: "owner"}, PolicyName="p", PolicyDocument=other)
    assert get(**{name_param: "owner"}, PolicyName="p")["PolicyDocument"] == json.loads(other)


@pytest.mark.parametrize("kind, name_param, create", OWNERS)
def test_missing_owner(iam, kind, name_param, create):
    put, get, list_, _ = calls(iam, kind)
    assert fails(put, **{name_param: "ghost"}, PolicyName="p", PolicyDocument=S3_READ) == (
        "NoSuchEntity", f"The {kind} with name ghost cannot be found.", 404)
    assert fails(list_, **{name_param: "ghost"})[0] == "NoSuchEntity"


def test_document_is_kept_as_sent(iam):
    iam.create_user(UserName="owner")
    text = '{\n  "Version": "2012-10-17",\n  "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}\n}'
    iam.put_user_policy(UserName="owner", PolicyName="p", PolicyDocument=text)
    raw = []
    iam.meta.events.register("after-call.iam.GetUserPolicy", lambda http_response, **kw: raw.append(http_response.text))
    iam.get_user_policy(UserName="owner", PolicyName="p")
    from urllib.parse import quote
    assert f"<PolicyDocument>{quote(text, safe='')}</PolicyDocument>" in raw[0]


@pytest.mark.parametrize("document, message", [
    ("{not json", "Syntax errors in policy."),
    (policy({"Effect": "Allow", "Action": "s3:*"}), "Policy statement must contain resources."),
    (policy({"Effect": "Allow", "Resource": "*"}), "Policy statement must contain actions."),
    (policy({"Action": "s3:*", "Resource": "*"}), "Missing required field Effect"),
    (policy({"Effect": "Permit", "Action": "s3:*", "Resource": "*"}), "The policy failed legacy parsing"),
    (policy(allow("s3:*", Principal="*")), "Policy document should not specify a principal."),
    (policy(allow("GetObject")), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
    (policy(allow("s3:*", "bucket")), 'Resource bucket must be in ARN format or "*".'),
    (policy(allow("s3:*", Sid="not ok")),
     "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"),
    (policy(allow("s3:*", Condition={"StringLikeish": {"aws:username": "x"}})), "Syntax errors in policy."),
    (json.dumps({"Version": "2001-01-01", "Statement": [allow()]}), "The policy failed legacy parsing"),
])
def test_documents_are_validated_by_the_policy_parser(iam, document, message):
    iam.create_user(UserName="owner")
    assert fails(iam.put_user_policy, UserName="owner", PolicyName="p", PolicyDocument=document) == (
        "MalformedPolicyDocument", message, 400)
    with pytest.raises(iam.exceptions.MalformedPolicyDocumentException):
        iam.put_user_policy(UserName="owner", PolicyName="p", PolicyDocument=document)


@pytest.mark.parametrize("kind, name_param, create, limit", [
    ("user", "UserName", OWNERS[0][2], 2048),
    ("group", "GroupName", OWNERS[1][2], 5120),
    ("role", "RoleName", OWNERS[2][2], 10240),
])
def test_inline_size_quota_counts_all_inline_policies(iam, kind, name_param, create, limit):
    create(iam)
    put = getattr(iam, f"put_{kind}_policy")
    # Each document is a little over 40% of the quota: two fit, a third does not.
    resources = [f"arn:aws:s3:::bucket-{i:04d}/*" for i in range(limit * 4 // 10 // 28)]
    document = policy(allow("s3:GetObject", resources))
    put(**{name_param: "owner"}, PolicyName="one", PolicyDocument=document)
    put(**{name_param: "owner"}, PolicyName="two", PolicyDocument=document)
    put(**{name_param: "owner"}, PolicyName="two", PolicyDocument=document)   # replacing is not adding
    assert fails(put, **{name_param: "owner"}, PolicyName="three", PolicyDocument=document) == (
        "LimitExceeded", f"Maximum policy size of {limit} bytes exceeded for {kind} owner", 409)


def test_policy_text_outside_latin1_is_refused(raw_iam):
    raw_iam.create_user(UserName="owner")
    code, message, status = fails(raw_iam.put_user_policy, UserName="owner", PolicyName="p",
                                  PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                                      allow("s3:*", "arn:aws:s3:::b\u0100")]}, ensure_ascii=False))
    assert (code, status) == ("ValidationError", 400)
    assert "at 'policyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern" in message
