"""History, the 100-version limit, labels, tags, deletion and the parameter quota."""
import pytest

from iamulator.services.ssm import backend as ssm_backend

from ssm_support import error_of


class TestHistory:
    def test_every_version_oldest_first(self, ssm, frozen):
        ssm.put_parameter(Name="/h", Value="1", Type="String", Description="first")
        frozen.advance(10)
        ssm.put_parameter(Name="/h", Value="2", Overwrite=True, Description="second")
        ssm.label_parameter_version(Name="/h", ParameterVersion=1, Labels=["old"])
        history = ssm.get_parameter_history(Name="/h")["Parameters"]
        assert [(h["Version"], h["Value"], h["Description"]) for h in history] == [(1, "1", "first"),
                                                                                    (2, "2", "second")]
        assert history[0]["Labels"] == ["old"] and "Labels" not in history[1]
        assert history[1]["LastModifiedDate"] > history[0]["LastModifiedDate"]

    def test_paging(self, ssm):
        ssm.put_parameter(Name="/h", Value="0", Type="String")
        for i in range(1, 7):
            ssm.put_parameter(Name="/h", Value=str(i), Overwrite=True)
        pages = list(ssm.get_paginator("get_parameter_history").paginate(Name="/h",
                                                                          PaginationConfig={"PageSize": 3}))
        assert [[h["Version"] for h in p["Parameters"]] for p in pages] == [[1, 2, 3], [4, 5, 6], [7]]

    def test_unknown(self, ssm):
        with pytest.raises(ssm.exceptions.ParameterNotFound):
            ssm.get_parameter_history(Name="/nope")


class TestVersionLimit:
    def test_the_oldest_version_makes_way(self, ssm):
        ssm.put_parameter(Name="/v", Value="1", Type="String")
        for i in range(2, 102):
            ssm.put_parameter(Name="/v", Value=str(i), Overwrite=True)
        versions = [h["Version"] for p in ssm.get_paginator("get_parameter_history").paginate(Name="/v")
                    for h in p["Parameters"]]
        assert versions == list(range(2, 102))
        with pytest.raises(ssm.exceptions.ParameterVersionNotFound):
            ssm.get_parameter(Name="/v:1")

    def test_unless_it_carries_a_label(self, ssm):
        ssm.put_parameter(Name="/v", Value="1", Type="String")
        ssm.label_parameter_version(Name="/v", Labels=["keep"])
        for i in range(2, 101):
            ssm.put_parameter(Name="/v", Value=str(i), Overwrite=True)
        with pytest.raises(ssm.exceptions.ParameterMaxVersionLimitExceeded) as exc:
            ssm.put_parameter(Name="/v", Value="101", Overwrite=True)
        assert error_of(exc)[2] == ("You attempted to create a new version of /v by calling the PutParameter API "
                                    "with the overwrite flag. Version 1, the oldest version, can't be deleted because "
                                    "it has a label associated with it. Move the label to another version of the "
                                    "parameter, and try again.")
        ssm.label_parameter_version(Name="/v", ParameterVersion=100, Labels=["keep"])
        assert ssm.put_parameter(Name="/v", Value="101", Overwrite=True)["Version"] == 101


class TestLabels:
    def test_latest_version_by_default_and_labels_move(self, ssm):
        ssm.put_parameter(Name="/l", Value="1", Type="String")
        ssm.put_parameter(Name="/l", Value="2", Overwrite=True)
        out = ssm.label_parameter_version(Name="/l", Labels=["live"])
        assert out["ParameterVersion"] == 2 and "InvalidLabels" not in out
        ssm.label_parameter_version(Name="/l", ParameterVersion=1, Labels=["live"])
        history = ssm.get_parameter_history(Name="/l")["Parameters"]
        assert history[0]["Labels"] == ["live"] and "Labels" not in history[1]
        assert ssm.get_parameter(Name="/l:live")["Parameter"]["Version"] == 1

    @pytest.mark.parametrize("label", ["1st", "aws-x", "SSMlabel", "has space", "slash/no"])
    def test_invalid_labels_are_returned(self, ssm, label):
        ssm.put_parameter(Name="/l", Value="1", Type="String")
        out = ssm.label_parameter_version(Name="/l", Labels=[label, "fine_label.v-1"])
        assert out["InvalidLabels"] == [label]
        assert ssm.get_parameter_history(Name="/l")["Parameters"][0]["Labels"] == ["fine_label.v-1"]

    def test_ten_labels_per_version(self, ssm):
        ssm.put_parameter(Name="/l", Value="1", Type="String")
        ssm.label_parameter_version(Name="/l", Labels=[f"l{i}" for i in range(10)])
        # Relabelling with labels it already has is fine.
        ssm.label_parameter_version(Name="/l", Labels=["l0", "l1"])
        with pytest.raises(ssm.exceptions.ParameterVersionLabelLimitExceeded) as exc:
            ssm.label_parameter_version(Name="/l", Labels=["eleventh"])
        assert error_of(exc)[2].startswith("A parameter version can have maximum 10 labels.")

    def test_unknown_parameter_or_version(self, ssm):
        with pytest.raises(ssm.exceptions.ParameterNotFound):
            ssm.label_parameter_version(Name="/none", Labels=["x"])
        ssm.put_parameter(Name="/l", Value="1", Type="String")
        with pytest.raises(ssm.exceptions.ParameterVersionNotFound) as exc:
            ssm.label_parameter_version(Name="/l", ParameterVersion=5, Labels=["x"])
        assert error_of(exc)[2] == "Systems Manager could not find version 5 of /l. Verify the version and try again."

    def test_unlabel(self, ssm):
        ssm.put_parameter(Name="/l", Value="1", Type="String")
        ssm.label_parameter_version(Name="/l", Labels=["a", "b"])
        out = ssm.unlabel_parameter_version(Name="/l", ParameterVersion=1, Labels=["a", "zzz"])
        assert (out["RemovedLabels"], out["InvalidLabels"]) == (["a"], ["zzz"])
        assert ssm.get_parameter_history(Name="/l")["Parameters"][0]["Labels"] == ["b"]
        with pytest.raises(ssm.exceptions.ParameterVersionNotFound):
            ssm.unlabel_parameter_version(Name="/l", ParameterVersion=2, Labels=["b"])


class TestTags:
    def test_add_list_remove(self, ssm):
        ssm.put_parameter(Name="/t", Value="1", Type="String", Tags=[{"Key": "env", "Value": "dev"}])
        ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/t",
                                 Tags=[{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "core"}])
        tags = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/t")["TagList"]
        assert tags == [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "core"}]
        ssm.remove_tags_from_resource(ResourceType="Parameter", ResourceId="/t", TagKeys=["env", "absent"])
        assert ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/t")["TagList"] == [
            {"Key": "team", "Value": "core"}]

    def test_unknown_resources(self, ssm):
        with pytest.raises(ssm.exceptions.InvalidResourceId):
            ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/missing")
        with pytest.raises(ssm.exceptions.InvalidResourceId):
            ssm.add_tags_to_resource(ResourceType="Document", ResourceId="doc", Tags=[{"Key": "k", "Value": "v"}])

    def test_fifty_tags_at_most(self, ssm):
        ssm.put_parameter(Name="/t", Value="1", Type="String")
        ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/t",
                                 Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
        with pytest.raises(ssm.exceptions.TooManyTagsError):
            ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/t", Tags=[{"Key": "one-more", "Value": "v"}])


class TestDeletion:
    def test_delete_and_recreate_starts_over(self, ssm):
        ssm.put_parameter(Name="/d", Value="1", Type="String", Tags=[{"Key": "k", "Value": "v"}])
        ssm.put_parameter(Name="/d", Value="2", Overwrite=True)
        ssm.delete_parameter(Name="/d")
        with pytest.raises(ssm.exceptions.ParameterNotFound):
            ssm.get_parameter(Name="/d")
        with pytest.raises(ssm.exceptions.ParameterNotFound) as exc:
            ssm.delete_parameter(Name="/d")
        assert error_of(exc) == ("ParameterNotFound", 400, "")
        assert ssm.put_parameter(Name="/d", Value="new", Type="String")["Version"] == 1
        assert ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/d")["TagList"] == []

    def test_delete_parameters(self, ssm):
        ssm.put_parameter(Name="/a", Value="1", Type="String")
        ssm.put_parameter(Name="b", Value="1", Type="String")
        out = ssm.delete_parameters(Names=["/a", "/missing", "/b"])
        assert (out["DeletedParameters"], out["InvalidParameters"]) == (["/a", "/b"], ["/missing"])
        assert ssm.describe_parameters()["Parameters"] == []


def test_standard_parameter_quota(ssm, monkeypatch):
    monkeypatch.setitem(ssm_backend.TIER_LIMITS, "Standard", 3)
    for i in range(3):
        ssm.put_parameter(Name=f"/q{i}", Value="v", Type="String")
    with pytest.raises(ssm.exceptions.ParameterLimitExceeded) as exc:
        ssm.put_parameter(Name="/q3", Value="v", Type="String")
    assert error_of(exc)[2] == ("You have reached the maximum number of standard parameters for this AWS account and "
                                "Region (3). To add more parameters, either delete existing parameters or upgrade to "
                                "the advanced-parameter tier (charges apply).")
    # New versions of existing parameters, advanced parameters and freed places are still fine.
    ssm.put_parameter(Name="/q0", Value="v2", Overwrite=True)
    ssm.put_parameter(Name="/adv", Value="v", Type="String", Tier="Advanced")
    ssm.delete_parameter(Name="/q1")
    ssm.put_parameter(Name="/q3", Value="v", Type="String")
