"""StopInstances and StartInstances: the transitions and what an instance keeps while stopped."""
import pytest
from botocore.exceptions import ClientError

from ec2_support import error_of, launch


def describe_one(ec2, instance_id):
    return ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]


def test_stop_then_start(ec2):
    launched = launch(ec2)["Instances"][0]
    instance_id = launched["InstanceId"]
    stopping = ec2.stop_instances(InstanceIds=[instance_id])["StoppingInstances"]
    assert stopping == [{"InstanceId": instance_id, "CurrentState": {"Code": 64, "Name": "stopping"},
                         "PreviousState": {"Code": 16, "Name": "running"}}]
    stopped = describe_one(ec2, instance_id)
    assert stopped["State"] == {"Code": 80, "Name": "stopped"}
    assert stopped["PrivateIpAddress"] == launched["PrivateIpAddress"]
    assert "PublicIpAddress" not in stopped and stopped["PublicDnsName"] == ""
    assert "Association" not in stopped["NetworkInterfaces"][0]
    assert stopped["StateReason"]["Code"] == "Client.UserInitiatedShutdown"
    ec2.get_waiter("instance_stopped").wait(InstanceIds=[instance_id], WaiterConfig={"Delay": 0, "MaxAttempts": 1})

    starting = ec2.start_instances(InstanceIds=[instance_id])["StartingInstances"]
    assert starting == [{"InstanceId": instance_id, "CurrentState": {"Code": 0, "Name": "pending"},
                         "PreviousState": {"Code": 80, "Name": "stopped"}}]
    running = describe_one(ec2, instance_id)
    assert running["State"] == {"Code": 16, "Name": "running"}
    assert running["PublicIpAddress"]
    assert running["StateTransitionReason"] == "" and "StateReason" not in running


def test_repeating_a_transition_reports_the_settled_state(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    again = ec2.start_instances(InstanceIds=[instance_id])["StartingInstances"][0]
    assert again["CurrentState"] == again["PreviousState"] == {"Code": 16, "Name": "running"}
    ec2.stop_instances(InstanceIds=[instance_id])
    again = ec2.stop_instances(InstanceIds=[instance_id])["StoppingInstances"][0]
    assert again["CurrentState"] == again["PreviousState"] == {"Code": 80, "Name": "stopped"}


def test_terminated_instances_cannot_be_stopped_or_started(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    ec2.terminate_instances(InstanceIds=[instance_id])
    with pytest.raises(ClientError) as exc:
        ec2.stop_instances(InstanceIds=[instance_id])
    assert error_of(exc) == ("IncorrectInstanceState", 400,
                             f"This instance '{instance_id}' is not in a state from which it can be stopped.")
    with pytest.raises(ClientError) as exc:
        ec2.start_instances(InstanceIds=[instance_id])
    assert error_of(exc) == ("IncorrectInstanceState", 400,
                             f"The instance '{instance_id}' is not in a state from which it can be started.")


def test_a_stopped_instance_can_be_terminated(ec2):
    instance_id = launch(ec2)["Instances"][0]["InstanceId"]
    ec2.stop_instances(InstanceIds=[instance_id])
    change = ec2.terminate_instances(InstanceIds=[instance_id])["TerminatingInstances"][0]
    assert change["PreviousState"] == {"Code": 80, "Name": "stopped"}
    assert describe_one(ec2, instance_id)["State"]["Name"] == "terminated"


def test_unknown_ids(ec2):
    with pytest.raises(ClientError) as exc:
        ec2.stop_instances(InstanceIds=["i-0123456789abcdef0"])
    assert error_of(exc) == ("InvalidInstanceID.NotFound", 400, "The instance ID 'i-0123456789abcdef0' does not exist")
    with pytest.raises(ClientError) as exc:
        ec2.start_instances(InstanceIds=["nope"])
    assert error_of(exc) == ("InvalidInstanceID.Malformed", 400, 'Invalid id: "nope"')


def test_filter_by_stopped_state(ec2):
    a, b = [i["InstanceId"] for i in launch(ec2, 2)["Instances"]]
    ec2.stop_instances(InstanceIds=[b])
    got = ec2.describe_instances(Filters=[{"Name": "instance-state-name", "Values": ["stopped"]}])
    assert [i["InstanceId"] for r in got["Reservations"] for i in r["Instances"]] == [b]
