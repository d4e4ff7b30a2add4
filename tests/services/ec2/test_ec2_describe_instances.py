"""DescribeInstances: ids, filters with EC2's wildcards, pagination."""
import pytest
from botocore.exceptions import ClientError

from ec2_support import ACCOUNT, error_of, launch


def ids_of(response) -> list:
    return [i["InstanceId"] for r in response["Reservations"] for i in r["Instances"]]


def test_empty_account(ec2):
    assert ec2.describe_instances()["Reservations"] == []


def test_reservations_group_instances_in_launch_order(ec2):
    a = launch(ec2, 2)
    b = launch(ec2, 1)
    reservations = ec2.describe_instances()["Reservations"]
    assert [r["ReservationId"] for r in reservations] == [a["ReservationId"], b["ReservationId"]]
    assert [r["OwnerId"] for r in reservations] == [ACCOUNT, ACCOUNT]
    assert ids_of({"Reservations": reservations}) == [i["InstanceId"] for i in a["Instances"] + b["Instances"]]


def test_by_instance_ids(ec2):
    first = launch(ec2, 2)["Instances"]
    second = launch(ec2)["Instances"]
    wanted = [second[0]["InstanceId"], first[1]["InstanceId"], first[1]["InstanceId"]]
    got = ec2.describe_instances(InstanceIds=wanted)
    assert ids_of(got) == [first[1]["InstanceId"], second[0]["InstanceId"]]


@pytest.mark.parametrize("bad", ["i-1", "i-xyz45678", "instance", "i-0123456789abcdef", "I-12345678"])
def test_malformed_ids(ec2, bad):
    with pytest.raises(ClientError) as exc:
        ec2.describe_instances(InstanceIds=[bad])
    assert error_of(exc) == ("InvalidInstanceID.Malformed", 400, f'Invalid id: "{bad}"')


def test_unknown_ids(ec2):
    known = launch(ec2)["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as exc:
        ec2.describe_instances(InstanceIds=["i-0123456789abcdef0"])
    assert error_of(exc) == ("InvalidInstanceID.NotFound", 400,
                             "The instance ID 'i-0123456789abcdef0' does not exist")
    with pytest.raises(ClientError) as exc:
        ec2.describe_instances(InstanceIds=["i-12345678", known, "i-0123456789abcdef0"])
    assert error_of(exc) == ("InvalidInstanceID.NotFound", 400,
                             "The instance IDs 'i-12345678, i-0123456789abcdef0' do not exist")


def test_a_malformed_id_is_reported_before_unknown_ones(ec2):
    with pytest.raises(ClientError) as exc:
        ec2.describe_instances(InstanceIds=["i-12345678", "bogus"])
    assert error_of(exc)[0] == "InvalidInstanceID.Malformed"


@pytest.fixture
def fleet(ec2):
    web = launch(ec2, 2, InstanceType="t3.micro", KeyName="ops",
                 TagSpecifications=[{"ResourceType": "instance",
                                     "Tags": [{"Key": "Name", "Value": "web-a"}, {"Key": "tier", "Value": "front"}]}],
                 Placement={"AvailabilityZone": "us-east-1b"})
    db = launch(ec2, 1, ImageId="ami-0abcdef1234567890", InstanceType="r5.large",
                TagSpecifications=[{"ResourceType": "instance",
                                    "Tags": [{"Key": "Name", "Value": "db*1"}, {"Key": "tier", "Value": "back"}]}])
    plain = launch(ec2, 1)
    return {"web": [i["InstanceId"] for i in web["Instances"]], "db": [db["Instances"][0]["InstanceId"]],
            "plain": [plain["Instances"][0]["InstanceId"]], "web_reservation": web["ReservationId"],
            "db_private_ip": db["Instances"][0]["PrivateIpAddress"], "web_subnet": web["Instances"][0]["SubnetId"],
            "vpc": plain["Instances"][0]["VpcId"]}


def select(ec2, *filters):
    return sorted(ids_of(ec2.describe_instances(Filters=[{"Name": n, "Values": v} for n, v in filters])))


@pytest.mark.parametrize("filters, expected", [
    ([("instance-type", ["t3.micro"])], ["web"]),
    ([("instance-type", ["t3.*"])], ["web"]),
    ([("instance-type", ["t3.micro", "r5.large"])], ["web", "db"]),
    ([("image-id", ["ami-0abcdef1234567890"])], ["db"]),
    ([("tag:Name", ["web-*"])], ["web"]),
    ([("tag:Name", ["web-?"])], ["web"]),
    ([("tag:Name", ["web-??"])], []),
    ([("tag:Name", ["db\\*1"])], ["db"]),          # an escaped star is a literal one
    ([("tag:Name", ["db\\*"])], []),
    ([("tag:Name", ["WEB-A"])], []),               # values are case-sensitive
    ([("tag:tier", ["front", "back"])], ["web", "db"]),
    ([("tag:missing", ["*"])], []),
    ([("tag-key", ["tier"])], ["web", "db"]),
    ([("tag-key", ["ti*"])], ["web", "db"]),
    ([("tag-value", ["back"])], ["db"]),
    ([("key-name", ["ops"])], ["web"]),
    ([("availability-zone", ["us-east-1b"])], ["web"]),
    ([("availability-zone", ["us-east-1a"])], ["db", "plain"]),
    ([("instance-state-name", ["running"])], ["web", "db", "plain"]),
    ([("instance-state-code", ["16"])], ["web", "db", "plain"]),
    ([("instance-state-name", ["pending", "stopped"])], []),
    ([("tag:tier", ["front"]), ("instance-type", ["r5.large"])], []),   # filters AND together
    ([("tag:tier", ["*"]), ("instance-type", ["r5.large"])], ["db"]),
    ([("architecture", ["x86_64"])], ["web", "db", "plain"]),
    ([("owner-id", [ACCOUNT])], ["web", "db", "plain"]),
])
def test_filters(ec2, fleet, filters, expected):
    assert select(ec2, *filters) == sorted(i for group in expected for i in fleet[group])


def test_filters_on_network_and_reservation(ec2, fleet):
    assert select(ec2, ("reservation-id", [fleet["web_reservation"]])) == sorted(fleet["web"])
    assert select(ec2, ("private-ip-address", [fleet["db_private_ip"]])) == fleet["db"]
    assert select(ec2, ("private-ip-address", ["172.31.*"])) == sorted(fleet["web"] + fleet["db"] + fleet["plain"])
    assert select(ec2, ("subnet-id", [fleet["web_subnet"]])) == sorted(fleet["web"])
    assert select(ec2, ("vpc-id", [fleet["vpc"]])) == sorted(fleet["web"] + fleet["db"] + fleet["plain"])
    assert select(ec2, ("instance-id", [fleet["db"][0]])) == fleet["db"]
    assert select(ec2, ("instance-id", ["i-*"])) == sorted(fleet["web"] + fleet["db"] + fleet["plain"])
    assert select(ec2, ("dns-name", ["ec2-*.compute-1.amazonaws.com"])) == sorted(
        fleet["web"] + fleet["db"] + fleet["plain"])
    assert select(ec2, ("instance.group-name", ["default"])) == sorted(fleet["web"] + fleet["db"] + fleet["plain"])


def test_filters_combine_with_instance_ids(ec2, fleet):
    got = ec2.describe_instances(InstanceIds=fleet["web"] + fleet["db"],
                                 Filters=[{"Name": "tag:tier", "Values": ["back"]}])
    assert ids_of(got) == fleet["db"]


def test_unknown_filter_name(ec2, fleet):
    with pytest.raises(ClientError) as exc:
        ec2.describe_instances(Filters=[{"Name": "colour", "Values": ["blue"]}])
    assert error_of(exc) == ("InvalidParameterValue", 400, "The filter 'colour' is invalid")


def test_filter_with_no_values_matches_nothing(ec2, fleet):
    assert select(ec2, ("instance-type", [])) == []


def test_pagination(ec2):
    launched = []
    for _ in range(4):
        launched += [i["InstanceId"] for i in launch(ec2, 3)["Instances"]]
    first = ec2.describe_instances(MaxResults=5)
    assert ids_of(first) == launched[:5]
    # A reservation split across pages appears on both, with its instances on each.
    assert [len(r["Instances"]) for r in first["Reservations"]] == [3, 2]
    second = ec2.describe_instances(MaxResults=5, NextToken=first["NextToken"])
    assert ids_of(second) == launched[5:10]
    third = ec2.describe_instances(MaxResults=5, NextToken=second["NextToken"])
    assert ids_of(third) == launched[10:]
    assert "NextToken" not in third
    assert "NextToken" not in ec2.describe_instances(MaxResults=12)


def test_paginator_walks_every_instance_with_filters(ec2):
    launched = []
    for i in range(7):
        kind = "even" if i % 2 == 0 else "odd"
        launched.append((launch(ec2, TagSpecifications=[{"ResourceType": "instance",
                                                         "Tags": [{"Key": "kind", "Value": kind}]}])
                         ["Instances"][0]["InstanceId"], kind))
    pages = ec2.get_paginator("describe_instances").paginate(
        Filters=[{"Name": "tag:kind", "Values": ["even"]}], PaginationConfig={"PageSize": 5})
    assert [i for p in pages for i in ids_of(p)] == [i for i, kind in launched if kind == "even"]
    all_pages = ec2.get_paginator("describe_instances").paginate(PaginationConfig={"PageSize": 5})
    assert [i for p in all_pages for i in ids_of(p)] == [i for i, _ in launched]


def test_token_survives_instances_leaving(ec2):
    launched = [i["InstanceId"] for i in launch(ec2, 8)["Instances"]]
    first = ec2.describe_instances(MaxResults=5)
    from iamulator.services.state import STORE

    backend = STORE.backend("ec2", ACCOUNT, "us-east-1")
    del backend.instances[launched[2]]
    rest = ec2.describe_instances(MaxResults=5, NextToken=first["NextToken"])
    assert ids_of(rest) == launched[5:]


@pytest.mark.parametrize("value, message", [
    (4, "Value ( 4 ) for parameter maxResults is invalid. Expecting a value greater than 5."),
    (1001, "Value ( 1001 ) for parameter maxResults is invalid. Expecting a value less than 1000."),
])
def test_max_results_bounds(ec2, value, message):
    with pytest.raises(ClientError) as exc:
        ec2.describe_instances(MaxResults=value)
    assert error_of(exc) == ("InvalidParameterValue", 400, message)


def test_max_results_cannot_be_combined_with_instance_ids(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as exc:
        ec2.describe_instances(InstanceIds=[instance_id], MaxResults=5)
    assert error_of(exc) == ("InvalidParameterCombination", 400,
                             "The parameter instancesSet cannot be used with the parameter maxResults")
    with pytest.raises(ClientError) as exc:
        list(ec2.get_paginator("describe_instances").paginate(InstanceIds=[instance_id],
                                                              PaginationConfig={"PageSize": 100}))
    assert error_of(exc)[0] == "InvalidParameterCombination"


def test_bad_next_token(ec2):
    launch(ec2)
    with pytest.raises(ClientError) as exc:
        ec2.describe_instances(MaxResults=5, NextToken="garbage")
    assert error_of(exc) == ("InvalidPaginationToken", 400, "Invalid pagination token: garbage")


def test_dry_run(ec2):
    with pytest.raises(ClientError) as exc:
        ec2.describe_instances(DryRun=True)
    assert error_of(exc) == ("DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set.")
