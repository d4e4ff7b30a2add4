"""Moto's README example, unchanged but for the import line."""
import boto3

from iamulator import mock_ec2


def add_servers(ami_id, count):
    client = boto3.client('ec2', region_name='us-west-1')
    client.run_instances(ImageId=ami_id, MinCount=count, MaxCount=count)


@mock_ec2
def test_add_servers():
    add_servers('ami-1234abcd', 2)

    client = boto3.client('ec2', region_name='us-west-1')
    instances = client.describe_instances()['Reservations'][0]['Instances']
    assert len(instances) == 2
    instance1 = instances[0]
    assert instance1['ImageId'] == 'ami-1234abcd'


@mock_ec2
def test_one_reservation_per_call():
    add_servers('ami-1234abcd', 2)
    add_servers('ami-5678abcd', 1)
    reservations = boto3.client('ec2', region_name='us-west-1').describe_instances()['Reservations']
    assert [len(r['Instances']) for r in reservations] == [2, 1]
    assert [r['Instances'][0]['ImageId'] for r in reservations] == ['ami-1234abcd', 'ami-5678abcd']
