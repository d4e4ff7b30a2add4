from iam_support import TRUST_EC2, arn, fails


def test_instance_profile_lifecycle(iam):
    profile = iam.create_instance_profile(InstanceProfileName="web", Path="/p/",
                                          Tags=[{"Key": "k", "Value": "v"}])["InstanceProfile"]
    assert profile["Arn"] == arn("instance-profile", "web", "/p/")
    assert profile["InstanceProfileId"].startswith("AIPA")
    assert profile["Roles"] == []
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_EC2)
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="app")
    got = iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]
    assert [r["RoleName"] for r in got["Roles"]] == ["app"]
    assert got["Tags"] == [{"Key": "k", "Value": "v"}]
    assert [p["InstanceProfileName"] for p in iam.list_instance_profiles_for_role(RoleName="app")["InstanceProfiles"]] == [
        "web"]
    assert [p["InstanceProfileName"] for p in iam.list_instance_profiles(PathPrefix="/p/")["InstanceProfiles"]] == ["web"]
    assert iam.list_instance_profiles(PathPrefix="/q/")["InstanceProfiles"] == []
    assert fails(iam.delete_instance_profile, InstanceProfileName="web") == (
        "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", 409)
    iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="app")
    assert iam.list_instance_profiles_for_role(RoleName="app")["InstanceProfiles"] == []
    iam.delete_instance_profile(InstanceProfileName="web")
    assert iam.list_instance_profiles()["InstanceProfiles"] == []


def test_instance_profile_errors(iam):
    iam.create_instance_profile(InstanceProfileName="web")
    assert fails(iam.create_instance_profile, InstanceProfileName="WEB") == (
        "EntityAlreadyExists", "Instance Profile WEB already exists.", 409)
    assert fails(iam.get_instance_profile, InstanceProfileName="ghost") == (
        "NoSuchEntity", "Instance Profile ghost cannot be found.", 404)
    assert fails(iam.add_role_to_instance_profile, InstanceProfileName="web", RoleName="ghost") == (
        "NoSuchEntity", "The role with name ghost cannot be found.", 404)
    iam.create_role(RoleName="a", AssumeRolePolicyDocument=TRUST_EC2)
    iam.create_role(RoleName="b", AssumeRolePolicyDocument=TRUST_EC2)
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="a")
    assert fails(iam.add_role_to_instance_profile, InstanceProfileName="web", RoleName="b") == (
        "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", 409)
    assert fails(iam.remove_role_from_instance_profile, InstanceProfileName="web", RoleName="b")[0] == "NoSuchEntity"
    assert fails(iam.delete_instance_profile, InstanceProfileName="ghost")[0] == "NoSuchEntity"


def test_instance_profile_tags(iam):
    iam.create_instance_profile(InstanceProfileName="web")
    iam.tag_instance_profile(InstanceProfileName="web", Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    iam.untag_instance_profile(InstanceProfileName="web", TagKeys=["A"])
    assert iam.list_instance_profile_tags(InstanceProfileName="web")["Tags"] == [{"Key": "b", "Value": "2"}]
