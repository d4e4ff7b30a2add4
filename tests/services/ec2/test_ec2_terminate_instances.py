"""TerminateInstances: state changes, what a terminated instance keeps, unknown ids."""
import re

import pytest
from botocore.exceptions import ClientError

from ec2_support import error_of, launch


def test_terminate_reports_the_transition(ec2):
    a, b = [i["InstanceId"] for i in launch(ec2, 2)["Instances"]]
    changes = ec2.terminate_instances(InstanceIds=[b, a])["TerminatingInstances"]
    assert changes == [
        {"InstanceId": b, "CurrentState": {"Code": 32, "Name": "shutting-down"},
         "PreviousState": {"Code": 16, "Name": "running"}},
        {"InstanceId": a, "CurrentState": {"Code": 32, "Name": "shutting-down"},
         "PreviousState": {"Code": 16, "Name": "running"}},
    ]


def test_terminated_instances_stay_listed(ec2):
    launched = launch(ec2, 2)["Instances"]
    gone, kept = launched[0]["InstanceId"], launched[1]["InstanceId"]
    address = launched[0]["PrivateIpAddress"]
    ec2.terminate_instances(InstanceIds=[gone])
    instance = ec2.describe_instances(InstanceIds=[gone])["Reservations"][0]["Instances"][0]
    assert instance["State"] == {"Code": 48, "Name": "terminated"}
    assert instance["StateReason"] == {"Code": "Client.UserInitiatedShutdown",
                                       "Message": "Client.UserInitiatedShutdown: User initiated shutdown"}
    assert re.fullmatch(r"User initiated \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\)", instance["StateTransitionReason"])
    # It has left the network.
    assert "PrivateIpAddress" not in instance and "PublicIpAddress" not in instance
    assert instance["PrivateDnsName"] == "" and instance["NetworkInterfaces"] == []
    assert "SubnetId" not in instance and "VpcId" not in instance
    states = {i["InstanceId"]: i["State"]["Name"]
              for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]}
    assert states == {gone: "terminated", kept: "running"}
    # Its private address is free again.
    assert launch(ec2, SubnetId=launched[1]["SubnetId"], PrivateIpAddress=address)["Instances"][0][
        "PrivateIpAddress"] == address


def test_terminating_again_reports_terminated_both_ways(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    ec2.terminate_instances(InstanceIds=[instance_id])
    again = ec2.terminate_instances(InstanceIds=[instance_id])["TerminatingInstances"][0]
    assert again["CurrentState"] == again["PreviousState"] == {"Code": 48, "Name": "terminated"}


def test_terminated_instances_are_forgotten_after_an_hour(ec2, monkeypatch):
    import time

    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    ec2.terminate_instances(InstanceIds=[instance_id])
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3601)
    assert ec2.describe_instances()["Reservations"] == []


def test_unknown_and_malformed_ids(ec2):
    known = launch(ec2)["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as exc:
        ec2.terminate_instances(InstanceIds=[known, "i-0123456789abcdef0", "i-abcdef12"])
    assert error_of(exc) == ("InvalidInstanceID.NotFound", 400,
                             "The instance IDs 'i-0123456789abcdef0, i-abcdef12' do not exist")
    # Nothing was terminated.
    state = ec2.describe_instances(InstanceIds=[known])["Reservations"][0]["Instances"][0]["State"]
    assert state["Name"] == "running"
    with pytest.raises(ClientError) as exc:
        ec2.terminate_instances(InstanceIds=["web-1"])
    assert error_of(exc) == ("InvalidInstanceID.Malformed", 400, 'Invalid id: "web-1"')


def test_dry_run_changes_nothing(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    with pytest.raises(ClientError) as exc:
        ec2.terminate_instances(InstanceIds=[instance_id], DryRun=True)
    assert error_of(exc)[:2] == ("DryRunOperation", 412)
    state = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]["State"]
    assert state["Name"] == "running"
