import pytest

from iam_support import S3_READ, arn, fails


@pytest.fixture
def team(iam):
    iam.create_group(GroupName="devs", Path="/eng/")
    for name in ("carol", "alice", "bob"):
        iam.create_user(UserName=name)
    return iam


def test_create_group(iam):
    group = iam.create_group(GroupName="devs", Path="/eng/")["Group"]
    assert group["GroupName"] == "devs"
    assert group["Arn"] == arn("group", "devs", "/eng/")
    assert group["GroupId"].startswith("AGPA") and len(group["GroupId"]) == 21


def test_duplicate_group(iam):
    iam.create_group(GroupName="devs")
    assert fails(iam.create_group, GroupName="DEVS") == (
        "EntityAlreadyExists", "Group with name DEVS already exists.", 409)


def test_get_missing_group(iam):
    assert fails(iam.get_group, GroupName="ghost") == (
        "NoSuchEntity", "The group with name ghost cannot be found.", 404)


def test_get_group_lists_members_sorted(team):
    for name in ("carol", "alice"):
        team.add_user_to_group(GroupName="devs", UserName=name)
    out = team.get_group(GroupName="devs")
    assert out["Group"]["GroupName"] == "devs"
    assert [u["UserName"] for u in out["Users"]] == ["alice", "carol"]
    assert out["IsTruncated"] is False


def test_get_group_paginates_members(team):
    for name in ("carol", "alice", "bob"):
        team.add_user_to_group(GroupName="devs", UserName=name)
    first = team.get_group(GroupName="devs", MaxItems=2)
    assert [u["UserName"] for u in first["Users"]] == ["alice", "bob"]
    rest = team.get_group(GroupName="devs", MaxItems=2, Marker=first["Marker"])
    assert [u["UserName"] for u in rest["Users"]] == ["carol"]


def test_add_user_twice_is_harmless(team):
    team.add_user_to_group(GroupName="devs", UserName="alice")
    team.add_user_to_group(GroupName="devs", UserName="alice")
    assert [u["UserName"] for u in team.get_group(GroupName="devs")["Users"]] == ["alice"]


def test_add_user_errors(team):
    assert fails(team.add_user_to_group, GroupName="ghost", UserName="alice")[0] == "NoSuchEntity"
    assert fails(team.add_user_to_group, GroupName="devs", UserName="ghost") == (
        "NoSuchEntity", "The user with name ghost cannot be found.", 404)


def test_groups_per_user_quota(team):
    for i in range(10):
        team.create_group(GroupName=f"g{i}")
        team.add_user_to_group(GroupName=f"g{i}", UserName="alice")
    assert fails(team.add_user_to_group, GroupName="devs", UserName="alice") == (
        "LimitExceeded", "Cannot exceed quota for GroupsPerUser: 10", 409)


def test_remove_user_from_group(team):
    team.add_user_to_group(GroupName="devs", UserName="alice")
    team.remove_user_from_group(GroupName="devs", UserName="alice")
    assert team.get_group(GroupName="devs")["Users"] == []
    code, message, status = fails(team.remove_user_from_group, GroupName="devs", UserName="alice")
    assert (code, status) == ("NoSuchEntity", 404)
    assert message == "User alice does not belong to group devs."


def test_list_groups_for_user(team):
    team.create_group(GroupName="admins")
    team.add_user_to_group(GroupName="devs", UserName="alice")
    team.add_user_to_group(GroupName="admins", UserName="alice")
    assert [g["GroupName"] for g in team.list_groups_for_user(UserName="alice")["Groups"]] == ["admins", "devs"]
    assert team.list_groups_for_user(UserName="bob")["Groups"] == []
    assert fails(team.list_groups_for_user, UserName="ghost")[0] == "NoSuchEntity"


def test_list_groups_with_prefix(team):
    team.create_group(GroupName="admins")
    assert [g["GroupName"] for g in team.list_groups()["Groups"]] == ["admins", "devs"]
    assert [g["GroupName"] for g in team.list_groups(PathPrefix="/eng/")["Groups"]] == ["devs"]


def test_update_group(team):
    team.add_user_to_group(GroupName="devs", UserName="alice")
    team.update_group(GroupName="devs", NewGroupName="developers", NewPath="/x/")
    group = team.get_group(GroupName="developers")
    assert group["Group"]["Arn"] == arn("group", "developers", "/x/")
    assert [u["UserName"] for u in group["Users"]] == ["alice"]
    assert [g["GroupName"] for g in team.list_groups_for_user(UserName="alice")["Groups"]] == ["developers"]


@pytest.mark.parametrize("setup, message", [
    (lambda iam: iam.add_user_to_group(GroupName="devs", UserName="alice"),
     "Cannot delete entity, must remove users from group first."),
    (lambda iam: iam.put_group_policy(GroupName="devs", PolicyName="p", PolicyDocument=S3_READ),
     "Cannot delete entity, must delete policies first."),
    (lambda iam: iam.attach_group_policy(GroupName="devs", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess"),
     "Cannot delete entity, must detach all policies first."),
])
def test_delete_group_conflicts(team, setup, message):
    setup(team)
    assert fails(team.delete_group, GroupName="devs") == ("DeleteConflict", message, 409)


def test_delete_group(team):
    team.delete_group(GroupName="devs")
    assert team.list_groups()["Groups"] == []
    assert fails(team.delete_group, GroupName="devs")[0] == "NoSuchEntity"
