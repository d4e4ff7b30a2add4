"""GetParametersByPath and DescribeParameters: hierarchy, filters, paging."""
import pytest

from ssm_support import error_of

INVALID_PATH = ("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a "
                "forward slash \"/\". It can't be prefixed with \\\"aws\\\" or \\\"ssm\\\" (case-insensitive). It "
                "must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). "
                "Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "
                "\"/\". Valid example: /get/parameters2-/by1./path0_.")


@pytest.fixture
def tree(ssm):
    for name, type_, tags in [
        ("/app/prod/db/url", "String", {"team": "data"}),
        ("/app/prod/db/password", "SecureString", {"team": "data"}),
        ("/app/prod/api-key", "SecureString", {"team": "web"}),
        ("/app/dev/db/url", "String", {}),
        ("/app/flags", "StringList", {"team": "web"}),
        ("top", "String", {}),
    ]:
        ssm.put_parameter(Name=name, Value=f"value of {name}", Type=type_,
                          Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


def by_path(ssm, **kwargs):
    return [p["Name"] for p in ssm.get_parameters_by_path(**kwargs)["Parameters"]]


class TestGetParametersByPath:
    def test_one_level(self, ssm, tree):
        assert by_path(ssm, Path="/app") == ["/app/flags"]
        assert by_path(ssm, Path="/app/prod/") == ["/app/prod/api-key"]
        assert by_path(ssm, Path="/") == ["top"]

    def test_recursive(self, ssm, tree):
        assert by_path(ssm, Path="/app/prod", Recursive=True) == [
            "/app/prod/api-key", "/app/prod/db/password", "/app/prod/db/url"]
        assert len(by_path(ssm, Path="/", Recursive=True)) == 6

    def test_a_parameter_name_is_not_a_path(self, ssm, tree):
        assert by_path(ssm, Path="/app/prod/db/url", Recursive=True) == []

    def test_filters(self, ssm, tree):
        assert by_path(ssm, Path="/app", Recursive=True,
                       ParameterFilters=[{"Key": "Type", "Values": ["SecureString"]}]) == [
            "/app/prod/api-key", "/app/prod/db/password"]
        assert by_path(ssm, Path="/app", Recursive=True,
                       ParameterFilters=[{"Key": "tag:team", "Values": ["web"]}]) == ["/app/flags", "/app/prod/api-key"]
        assert by_path(ssm, Path="/app", Recursive=True,
                       ParameterFilters=[{"Key": "KeyId", "Values": ["alias/aws/ssm"]}]) == [
            "/app/prod/api-key", "/app/prod/db/password"]

    def test_label_filter_returns_the_labelled_version(self, ssm, tree):
        ssm.put_parameter(Name="/app/prod/db/url", Value="newer", Overwrite=True)
        ssm.label_parameter_version(Name="/app/prod/db/url", ParameterVersion=1, Labels=["golden"])
        found = ssm.get_parameters_by_path(Path="/app", Recursive=True,
                                           ParameterFilters=[{"Key": "Label", "Values": ["golden"]}])["Parameters"]
        assert [(p["Name"], p["Version"], p["Value"]) for p in found] == [
            ("/app/prod/db/url", 1, "value of /app/prod/db/url")]

    @pytest.mark.parametrize("key", ["Name", "Path", "Tier"])
    def test_filter_keys_not_valid_here(self, ssm, tree, key):
        with pytest.raises(ssm.exceptions.InvalidFilterKey) as exc:
            ssm.get_parameters_by_path(Path="/app", ParameterFilters=[{"Key": key, "Values": ["x"]}])
        assert error_of(exc)[2] == (f"The following filter key is not valid: {key}. Valid filter keys include: "
                                    "[Type, KeyId, Label, DataType].")

    @pytest.mark.parametrize("path", ["app", "/app//prod", "/app/bad name"])
    def test_invalid_paths(self, ssm, tree, path):
        with pytest.raises(ssm.exceptions.ClientError) as exc:
            ssm.get_parameters_by_path(Path=path)
        assert error_of(exc) == ("ValidationException", 400, INVALID_PATH)

    def test_paging(self, ssm, tree):
        first = ssm.get_parameters_by_path(Path="/", Recursive=True, MaxResults=4)
        assert len(first["Parameters"]) == 4 and "NextToken" in first
        pages = ssm.get_paginator("get_parameters_by_path").paginate(
            Path="/", Recursive=True, PaginationConfig={"PageSize": 4})
        assert [len(p["Parameters"]) for p in pages] == [4, 2]
        with pytest.raises(ssm.exceptions.InvalidNextToken):
            ssm.get_parameters_by_path(Path="/", NextToken="nonsense")


class TestDescribeParameters:
    def names(self, ssm, **kwargs):
        return [p["Name"] for p in ssm.describe_parameters(**kwargs)["Parameters"]]

    def test_metadata(self, ssm, tree):
        meta = {p["Name"]: p for p in ssm.describe_parameters()["Parameters"]}
        assert set(meta) == {"/app/prod/db/url", "/app/prod/db/password", "/app/prod/api-key", "/app/dev/db/url",
                             "/app/flags", "top"}
        secret = meta["/app/prod/db/password"]
        assert secret["KeyId"] == "alias/aws/ssm" and secret["Version"] == 1 and secret["Tier"] == "Standard"
        assert secret["LastModifiedUser"].startswith("arn:aws:iam::123456789012:")
        assert "Value" not in secret

    @pytest.mark.parametrize("flt,expected", [
        ({"Key": "Name", "Values": ["/app/flags"]}, ["/app/flags"]),
        ({"Key": "Name", "Values": ["/top"]}, ["top"]),
        ({"Key": "Name", "Option": "BeginsWith", "Values": ["/app/prod/db"]},
         ["/app/prod/db/password", "/app/prod/db/url"]),
        ({"Key": "Name", "Option": "Contains", "Values": ["api"]}, ["/app/prod/api-key"]),
        ({"Key": "Path", "Values": ["/app/prod"]}, ["/app/prod/api-key"]),
        ({"Key": "Path", "Option": "Recursive", "Values": ["/app/dev"]}, ["/app/dev/db/url"]),
        ({"Key": "Type", "Values": ["StringList"]}, ["/app/flags"]),
        ({"Key": "tag:team", "Values": ["data"]}, ["/app/prod/db/password", "/app/prod/db/url"]),
        ({"Key": "tag:team"}, ["/app/flags", "/app/prod/api-key", "/app/prod/db/password", "/app/prod/db/url"]),
        ({"Key": "Tier", "Values": ["Advanced"]}, []),
    ])
    def test_parameter_filters(self, ssm, tree, flt, expected):
        assert self.names(ssm, ParameterFilters=[flt]) == expected

    def test_legacy_filters(self, ssm, tree):
        assert self.names(ssm, Filters=[{"Key": "Name", "Values": ["/app/prod/db"]}]) == [
            "/app/prod/db/password", "/app/prod/db/url"]
        assert self.names(ssm, Filters=[{"Key": "Type", "Values": ["SecureString"]},
                                        {"Key": "KeyId", "Values": ["alias/aws/ssm"]}]) == [
            "/app/prod/api-key", "/app/prod/db/password"]

    def test_filter_errors(self, ssm, tree):
        cases = [
            (dict(Filters=[{"Key": "Name", "Values": ["x"]}], ParameterFilters=[{"Key": "Name", "Values": ["x"]}]),
             "ValidationException", "You can use either Filters or ParameterFilters in a single request."),
            (dict(ParameterFilters=[{"Key": "Label", "Values": ["x"]}]), "InvalidFilterKey",
             "The following filter key is not valid: Label. Valid filter keys include: "
             "[Path, Name, Type, KeyId, Tier, DataType]."),
            (dict(ParameterFilters=[{"Key": "Name", "Values": ["a"]}, {"Key": "Name", "Values": ["b"]}]),
             "InvalidFilterKey", "The following filter is duplicated in the request: Name. A request can contain "
                                 "only one occurrence of a specific filter."),
            (dict(ParameterFilters=[{"Key": "Type", "Option": "Contains", "Values": ["String"]}]),
             "InvalidFilterOption", "The following filter option is not valid: Contains. Valid options include: "
                                    "[BeginsWith, Equals]."),
            (dict(ParameterFilters=[{"Key": "Type", "Values": ["Number"]}]), "InvalidFilterValue",
             "The following filter value is not valid: Number. Valid values include: "
             "[String, StringList, SecureString]."),
            (dict(ParameterFilters=[{"Key": "Name"}]), "InvalidFilterValue",
             "The following filter values are missing : null for filter key Name."),
            (dict(ParameterFilters=[{"Key": "Path", "Values": ["/aws/service"]}]), "ValidationException",
             "Filters for common parameters can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). When "
             "using global parameters, please specify within a global namespace."),
        ]
        for kwargs, code, message in cases:
            with pytest.raises(ssm.exceptions.ClientError) as exc:
                ssm.describe_parameters(**kwargs)
            assert error_of(exc) == (code, 400, message), kwargs

    def test_paging(self, ssm, tree):
        pages = list(ssm.get_paginator("describe_parameters").paginate(PaginationConfig={"PageSize": 5}))
        assert [len(p["Parameters"]) for p in pages] == [5, 1]
