"""Tags, reserved concurrency and account settings."""
import pytest

from lambda_support import ECHO, error_of, function_arn, zip_of


class TestTags:
    def test_tag_list_untag(self, lam, create):
        create("t", Tags={"team": "core"})
        arn = function_arn("t")
        assert lam.tag_resource(Resource=arn, Tags={"env": "test", "team": "edge"})[
            "ResponseMetadata"]["HTTPStatusCode"] == 204
        assert lam.list_tags(Resource=arn)["Tags"] == {"team": "edge", "env": "test"}
        lam.untag_resource(Resource=arn, TagKeys=["team", "absent"])
        assert lam.list_tags(Resource=arn)["Tags"] == {"env": "test"}
        assert lam.get_function(FunctionName="t")["Tags"] == {"env": "test"}

    def test_errors(self, lam, create):
        create("t", Publish=True)
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.tag_resource(Resource=function_arn("t", "1"), Tags={"a": "b"})
        assert error_of(exc)[2] == ("Tags on function aliases and versions are not supported. Please specify a "
                                    "function ARN.")
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as exc:
            lam.list_tags(Resource=function_arn("ghost"))
        assert error_of(exc) == ("ResourceNotFoundException", 404, f"Function not found: {function_arn('ghost')}")
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.tag_resource(Resource=function_arn("t"), Tags={f"k{i}": "v" for i in range(51)})
        assert error_of(exc)[2] == "Number of tags exceeds resource tag limit of 50."
        assert lam.list_tags(Resource=function_arn("t"))["Tags"] == {}

    def test_tags_on_creation_count_too(self, lam, create):
        with pytest.raises(lam.exceptions.InvalidParameterValueException):
            create("t", Tags={f"k{i}": "v" for i in range(51)})


class TestConcurrency:
    def test_put_get_delete(self, lam, create):
        create("c")
        assert lam.get_function_concurrency(FunctionName="c").get("ReservedConcurrentExecutions") is None
        assert lam.put_function_concurrency(FunctionName="c", ReservedConcurrentExecutions=50)[
            "ReservedConcurrentExecutions"] == 50
        assert lam.get_function_concurrency(FunctionName="c")["ReservedConcurrentExecutions"] == 50
        assert lam.get_function(FunctionName="c")["Concurrency"] == {"ReservedConcurrentExecutions": 50}
        settings = lam.get_account_settings()
        assert settings["AccountLimit"]["UnreservedConcurrentExecutions"] == 950
        assert lam.delete_function_concurrency(FunctionName="c")["ResponseMetadata"]["HTTPStatusCode"] == 204
        assert "Concurrency" not in lam.get_function(FunctionName="c")

    def test_the_account_keeps_100_unreserved(self, lam, create):
        create("c")
        create("d")
        lam.put_function_concurrency(FunctionName="c", ReservedConcurrentExecutions=800)
        with pytest.raises(lam.exceptions.InvalidParameterValueException) as exc:
            lam.put_function_concurrency(FunctionName="d", ReservedConcurrentExecutions=101)
        assert error_of(exc)[2] == ("Specified ReservedConcurrentExecutions for function decreases account's "
                                    "UnreservedConcurrentExecution below its minimum value of [100].")
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.put_function_concurrency(FunctionName="ghost", ReservedConcurrentExecutions=1)


def test_account_settings(lam, create):
    package = zip_of({"app.py": ECHO})
    create("one")
    create("two", Publish=True)
    settings = lam.get_account_settings()
    assert settings["AccountLimit"] == {"TotalCodeSize": 80530636800, "CodeSizeUnzipped": 262144000,
                                        "CodeSizeZipped": 52428800, "ConcurrentExecutions": 1000,
                                        "UnreservedConcurrentExecutions": 1000}
    assert settings["AccountUsage"] == {"TotalCodeSize": 3 * len(package), "FunctionCount": 2}
