"""ListSecrets (filters, sorting, paging) and BatchGetSecretValue."""
import pytest

from sm_support import error_of


@pytest.fixture
def catalog(sm, frozen):
    specs = [
        ("prod/db/password", "Primary database", [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "core"}]),
        ("prod/api/key", "Payments API key", [{"Key": "env", "Value": "prod"}]),
        ("dev/db/password", "database for developers", [{"Key": "env", "Value": "dev"}]),
        ("Shared-Token", None, []),
    ]
    for name, description, tags in specs:
        kwargs = {"Description": description} if description else {}
        sm.create_secret(Name=name, SecretString="x", Tags=tags, **kwargs)
        frozen.advance(60)
    return [s[0] for s in specs]


def names(sm, **kwargs):
    return [s["Name"] for s in sm.list_secrets(**kwargs)["SecretList"]]


class TestFilters:
    @pytest.mark.parametrize("key,values,expected", [
        ("name", ["prod/"], ["prod/db/password", "prod/api/key"]),
        ("name", ["prod/", "dev/"], ["prod/db/password", "prod/api/key", "dev/db/password"]),
        ("name", ["Prod/"], []),                            # case-sensitive
        ("name", ["!prod/"], ["dev/db/password", "Shared-Token"]),
        ("tag-key", ["team"], ["prod/db/password"]),
        ("tag-key", ["e"], ["prod/db/password", "prod/api/key", "dev/db/password"]),
        ("tag-value", ["prod"], ["prod/db/password", "prod/api/key"]),
        ("tag-value", ["!prod"], ["dev/db/password", "Shared-Token"]),
        ("description", ["primary"], ["prod/db/password"]),  # not case-sensitive
        ("description", ["payments api"], ["prod/api/key"]),
        ("all", ["database"], ["prod/db/password", "dev/db/password"]),
        ("all", ["DB PASS"], ["prod/db/password", "dev/db/password"]),
        ("all", ["core"], ["prod/db/password"]),
        ("all", ["token"], ["Shared-Token"]),
        ("primary-region", ["us-east-1"], []),
        ("owning-service", ["rds"], []),
    ])
    def test_filter(self, sm, catalog, key, values, expected):
        assert names(sm, Filters=[{"Key": key, "Values": values}]) == expected

    def test_filters_are_anded(self, sm, catalog):
        got = names(sm, Filters=[{"Key": "tag-value", "Values": ["prod"]}, {"Key": "name", "Values": ["prod/db"]}])
        assert got == ["prod/db/password"]

    def test_unknown_filter_key_is_a_validation_error(self, sm, catalog):
        from botocore.config import Config
        import boto3

        raw = boto3.client("secretsmanager", region_name="us-east-1",
                           config=Config(parameter_validation=False))
        with pytest.raises(raw.exceptions.ClientError) as exc:
            raw.list_secrets(Filters=[{"Key": "colour", "Values": ["red"]}])
        code, status, message = error_of(exc)
        assert (code, status) == ("ValidationException", 400)
        assert message.startswith("1 validation error detected: Value 'colour' at 'filters.1.member.key' "
                                  "failed to satisfy constraint: Member must satisfy enum value set:")


class TestSortingAndPaging:
    def test_created_date_ascending_by_default(self, sm, catalog):
        assert names(sm) == catalog
        assert names(sm, SortOrder="desc") == list(reversed(catalog))

    def test_by_name(self, sm, catalog):
        assert names(sm, SortBy="name") == sorted(catalog)
        assert names(sm, SortBy="name", SortOrder="desc") == sorted(catalog, reverse=True)

    def test_by_last_changed(self, sm, catalog, frozen):
        frozen.advance(60)
        sm.update_secret(SecretId="prod/db/password", Description="touched")
        assert names(sm, SortBy="last-changed-date")[-1] == "prod/db/password"

    def test_paginator_walks_every_page(self, sm, catalog):
        pages = list(sm.get_paginator("list_secrets").paginate(PaginationConfig={"PageSize": 3}))
        assert [len(p["SecretList"]) for p in pages] == [3, 1]
        assert [s["Name"] for p in pages for s in p["SecretList"]] == catalog

    def test_bad_token(self, sm, catalog):
        with pytest.raises(sm.exceptions.InvalidNextTokenException) as exc:
            sm.list_secrets(NextToken="not-a-token")
        assert error_of(exc)[:2] == ("InvalidNextTokenException", 400)

    def test_listing_shows_versions_to_stages(self, sm, catalog):
        entry = sm.list_secrets(Filters=[{"Key": "name", "Values": ["Shared"]}])["SecretList"][0]
        assert list(entry["SecretVersionsToStages"].values()) == [["AWSCURRENT"]]
        assert "VersionIdsToStages" not in entry


class TestBatchGetSecretValue:
    def test_by_ids_with_errors_for_the_missing(self, sm, catalog):
        out = sm.batch_get_secret_value(SecretIdList=["prod/api/key", "missing", "dev/db/password"])
        assert [v["Name"] for v in out["SecretValues"]] == ["prod/api/key", "dev/db/password"]
        assert all(v["SecretString"] == "x" and v["VersionStages"] == ["AWSCURRENT"] for v in out["SecretValues"])
        assert out["Errors"] == [{"SecretId": "missing", "ErrorCode": "ResourceNotFoundException",
                                  "Message": "Secrets Manager can't find the specified secret."}]

    def test_a_scheduled_secret_is_an_error_entry(self, sm, catalog):
        sm.delete_secret(SecretId="Shared-Token")
        out = sm.batch_get_secret_value(SecretIdList=["Shared-Token"])
        assert out["SecretValues"] == []
        assert out["Errors"][0]["ErrorCode"] == "InvalidRequestException"

    def test_by_filters_with_paging(self, sm, catalog):
        first = sm.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["prod/", "dev/"]}], MaxResults=2)
        assert [v["Name"] for v in first["SecretValues"]] == ["prod/db/password", "prod/api/key"]
        rest = sm.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["prod/", "dev/"]}], MaxResults=2,
                                         NextToken=first["NextToken"])
        assert [v["Name"] for v in rest["SecretValues"]] == ["dev/db/password"]
        assert "NextToken" not in rest

    def test_ids_or_filters_but_not_both(self, sm, catalog):
        for kwargs in ({}, {"SecretIdList": ["a"], "Filters": [{"Key": "name", "Values": ["a"]}]}):
            with pytest.raises(sm.exceptions.InvalidParameterException) as exc:
                sm.batch_get_secret_value(**kwargs)
            assert error_of(exc)[2] == "Either 'SecretIdList' or 'Filters' must be provided, but not both."

    def test_max_results_needs_filters(self, sm, catalog):
        with pytest.raises(sm.exceptions.InvalidParameterException):
            sm.batch_get_secret_value(SecretIdList=["prod/api/key"], MaxResults=5)
