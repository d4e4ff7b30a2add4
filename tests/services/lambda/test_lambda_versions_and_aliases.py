"""Published versions and aliases."""
import pytest

from lambda_support import ECHO, error_of, function_arn, zip_of


class TestPublishVersion:
    def test_snapshots_latest(self, lam, create):
        create("v", Description="first")
        out = lam.publish_version(FunctionName="v")
        assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert (out["Version"], out["FunctionArn"], out["Description"]) == ("1", function_arn("v", "1"), "first")
        lam.update_function_configuration(FunctionName="v", Timeout=10)
        second = lam.publish_version(FunctionName="v", Description="ten seconds")
        assert (second["Version"], second["Timeout"], second["Description"]) == ("2", 10, "ten seconds")
        # A published version never changes.
        assert lam.get_function_configuration(FunctionName="v", Qualifier="1")["Timeout"] == 3
        assert lam.get_function_configuration(FunctionName="v:2")["Timeout"] == 10

    def test_nothing_changed_returns_the_newest_version(self, lam, create):
        create("v")
        first = lam.publish_version(FunctionName="v")
        again = lam.publish_version(FunctionName="v")
        assert again["Version"] == "1" and again["RevisionId"] == first["RevisionId"]
        lam.update_function_code(FunctionName="v", ZipFile=zip_of({"app.py": ECHO + "# new\n"}))
        assert lam.publish_version(FunctionName="v")["Version"] == "2"

    def test_numbers_are_never_reused(self, lam, create):
        create("v", Publish=True)
        lam.delete_function(FunctionName="v", Qualifier="1")
        lam.update_function_configuration(FunctionName="v", MemorySize=256)
        assert lam.publish_version(FunctionName="v")["Version"] == "2"

    def test_code_sha_and_revision_must_match(self, lam, create):
        created = create("v")
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.publish_version(FunctionName="v", CodeSha256="abc")
        assert error_of(exc)[2] == (f"CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST "
                                    f"({created['CodeSha256']}). Please try again.")
        with pytest.raises(lam.exceptions.PreconditionFailedException):
            lam.publish_version(FunctionName="v", RevisionId="stale")
        assert lam.publish_version(FunctionName="v", CodeSha256=created["CodeSha256"],
                                   RevisionId=created["RevisionId"])["Version"] == "1"

    def test_missing_function(self, lam):
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.publish_version(FunctionName="ghost")
        assert error_of(exc) == ("ResourceNotFoundException", 404, f"Function not found: {function_arn('ghost')}")


class TestListVersionsByFunction:
    def test_latest_first_then_in_order_with_pages(self, lam, create):
        create("v")
        for timeout in (4, 5, 6):
            lam.update_function_configuration(FunctionName="v", Timeout=timeout)
            lam.publish_version(FunctionName="v")
        out = lam.list_versions_by_function(FunctionName="v")
        assert [(v["Version"], v["FunctionArn"]) for v in out["Versions"]] == [
            ("$LATEST", function_arn("v", "$LATEST")), ("1", function_arn("v", "1")),
            ("2", function_arn("v", "2")), ("3", function_arn("v", "3"))]
        first = lam.list_versions_by_function(FunctionName="v", MaxItems=3)
        rest = lam.list_versions_by_function(FunctionName="v", MaxItems=3, Marker=first["NextMarker"])
        assert [v["Version"] for v in first["Versions"] + rest["Versions"]] == ["$LATEST", "1", "2", "3"]
        assert "NextMarker" not in rest
        pages = lam.get_paginator("list_versions_by_function").paginate(FunctionName="v",
                                                                        PaginationConfig={"PageSize": 1})
        assert len([v for p in pages for v in p["Versions"]]) == 4

    def test_missing_function(self, lam):
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.list_versions_by_function(FunctionName="ghost")


class TestAliases:
    def test_create_get_update_delete(self, lam, create):
        create("a", Publish=True)
        out = lam.create_alias(FunctionName="a", Name="live", FunctionVersion="1", Description="prod")
        assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert {k: out[k] for k in ("AliasArn", "Name", "FunctionVersion", "Description")} == {
            "AliasArn": function_arn("a", "live"), "Name": "live", "FunctionVersion": "1", "Description": "prod"}
        got = lam.get_alias(FunctionName="a", Name="live")
        assert got["RevisionId"] == out["RevisionId"] and "RoutingConfig" not in got
        lam.update_function_configuration(FunctionName="a", Timeout=20)
        lam.publish_version(FunctionName="a")
        updated = lam.update_alias(FunctionName="a", Name="live", FunctionVersion="2",
                                   RevisionId=out["RevisionId"])
        assert updated["FunctionVersion"] == "2" and updated["Description"] == "prod"
        assert updated["RevisionId"] != out["RevisionId"]
        # The alias reads as the version it points to.
        config = lam.get_function_configuration(FunctionName="a", Qualifier="live")
        assert config["Timeout"] == 20 and config["FunctionArn"] == function_arn("a", "live")
        assert lam.delete_alias(FunctionName="a", Name="live")["ResponseMetadata"]["HTTPStatusCode"] == 204
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.get_alias(FunctionName="a", Name="live")
        assert error_of(exc) == ("ResourceNotFoundException", 404,
                                 f"Cannot find alias arn: {function_arn('a', 'live')}")
        lam.delete_alias(FunctionName="a", Name="live")      # deleting again is fine

    def test_alias_of_latest(self, lam, create):
        create("a")
        assert lam.create_alias(FunctionName="a", Name="dev", FunctionVersion="$LATEST")["FunctionVersion"] == \
            "$LATEST"

    def test_creation_errors(self, lam, create):
        create("a", Publish=True)
        lam.create_alias(FunctionName="a", Name="live", FunctionVersion="1")
        with pytest.raises(lam.exceptions.ResourceConflictException) as exc:
            lam.create_alias(FunctionName="a", Name="live", FunctionVersion="1")
        assert error_of(exc) == ("ResourceConflictException", 409,
                                 f"Alias already exists: {function_arn('a', 'live')}")
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.create_alias(FunctionName="a", Name="next", FunctionVersion="5")
        assert error_of(exc)[2] == f"Function not found: {function_arn('a', '5')}"
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.create_alias(FunctionName="ghost", Name="x", FunctionVersion="1")
        with pytest.raises(lam.exceptions.ClientError) as exc:
            lam.create_alias(FunctionName="a", Name="123", FunctionVersion="1")
        assert error_of(exc)[0] == "ValidationException"

    def test_routing_config(self, lam, create):
        create("a", Publish=True)
        lam.update_function_configuration(FunctionName="a", Timeout=9)
        lam.publish_version(FunctionName="a")
        out = lam.create_alias(FunctionName="a", Name="canary", FunctionVersion="1",
                               RoutingConfig={"AdditionalVersionWeights": {"2": 0.25}})
        assert out["RoutingConfig"] == {"AdditionalVersionWeights": {"2": 0.25}}
        # Version 2 carries traffic: it cannot go.
        with pytest.raises(lam.exceptions.ResourceConflictException):
            lam.delete_function(FunctionName="a", Qualifier="2")
        cleared = lam.update_alias(FunctionName="a", Name="canary", RoutingConfig={"AdditionalVersionWeights": {}})
        assert "RoutingConfig" not in cleared

    @pytest.mark.parametrize("primary,weights,message", [
        ("$LATEST", {"1": 0.5}, "$LATEST is not supported for an alias pointing to more than 1 version"),
        ("1", {"1": 0.5}, "Invalid function version 1. Function version 1 is already included in routing "
                          "configuration."),
        ("1", {"7": 0.5}, "Invalid function version 7. Only published versions can be used in routing "
                          "configuration."),
    ])
    def test_routing_errors(self, lam, create, primary, weights, message):
        create("a", Publish=True)
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.create_alias(FunctionName="a", Name="c", FunctionVersion=primary,
                             RoutingConfig={"AdditionalVersionWeights": weights})
        assert error_of(exc)[2] == message

    def test_weight_out_of_range(self, lam, create):
        create("a", Publish=True)
        lam.update_function_configuration(FunctionName="a", Timeout=9)
        lam.publish_version(FunctionName="a")
        with pytest.raises(lam.exceptions.ClientError) as exc:
            lam.create_alias(FunctionName="a", Name="c", FunctionVersion="1",
                             RoutingConfig={"AdditionalVersionWeights": {"2": 1.5}})
        assert error_of(exc)[0] == "ValidationException"

    def test_update_errors(self, lam, create):
        create("a", Publish=True)
        lam.create_alias(FunctionName="a", Name="live", FunctionVersion="1")
        with pytest.raises(lam.exceptions.PreconditionFailedException):
            lam.update_alias(FunctionName="a", Name="live", Description="x", RevisionId="stale")
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.update_alias(FunctionName="a", Name="missing", Description="x")
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.update_alias(FunctionName="a", Name="live", FunctionVersion="4")

    def test_list_aliases(self, lam, create):
        create("a", Publish=True)
        for name, version in (("zeta", "1"), ("alpha", "$LATEST"), ("mid", "1")):
            lam.create_alias(FunctionName="a", Name=name, FunctionVersion=version)
        assert [a["Name"] for a in lam.list_aliases(FunctionName="a")["Aliases"]] == ["alpha", "mid", "zeta"]
        assert [a["Name"] for a in lam.list_aliases(FunctionName="a", FunctionVersion="1")["Aliases"]] == [
            "mid", "zeta"]
        first = lam.list_aliases(FunctionName="a", MaxItems=2)
        rest = lam.list_aliases(FunctionName="a", MaxItems=2, Marker=first["NextMarker"])
        assert [a["Name"] for a in first["Aliases"] + rest["Aliases"]] == ["alpha", "mid", "zeta"]

    def test_deleting_the_function_deletes_its_aliases(self, lam, create):
        create("a", Publish=True)
        lam.create_alias(FunctionName="a", Name="live", FunctionVersion="1")
        lam.delete_function(FunctionName="a")
        create("a")
        assert lam.list_aliases(FunctionName="a")["Aliases"] == []
        assert lam.list_versions_by_function(FunctionName="a")["Versions"][-1]["Version"] == "$LATEST"

    def test_deleting_an_alias_through_delete_function_is_refused(self, lam, create):
        create("a", Publish=True)
        lam.create_alias(FunctionName="a", Name="live", FunctionVersion="1")
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.delete_function(FunctionName="a", Qualifier="live")
        assert error_of(exc)[2] == "Deletion of aliases is not currently supported."
