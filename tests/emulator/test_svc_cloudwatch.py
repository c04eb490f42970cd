"""CloudWatch (awsQuery, the protocol hashicorp/aws 5.100.0 sends) over the wire: metric alarms."""

import pytest

from awsclient import AwsCallError, Client

AK = 'AKIATESTCW0000000001'
SK = 'test/cloudwatch/secret'
POLICY = ('arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:0b5f3c3e-1111-2222-3333-'
          '444455556666:autoScalingGroupName/web:policyName/scale-up')


@pytest.fixture
def c(running):
    running[0].reset()
    return Client(running[1], AK, SK)


def error_of(fn, *a, **kw):
    with pytest.raises(AwsCallError) as ei:
        fn(*a, **kw)
    return ei.value


def alarm(**kw):
    p = dict(AlarmName='cpu-high', ComparisonOperator='GreaterThanOrEqualToThreshold',
             EvaluationPeriods=2, MetricName='CPUUtilization', Namespace='AWS/EC2', Period=120,
             Statistic='Average', Threshold=80.0, AlarmActions=[POLICY],
             Dimensions=[{'Name': 'AutoScalingGroupName', 'Value': 'web'}])
    p.update(kw)
    return p


def test_put_describe_update_tags_delete(c):
    c.call('monitoring', 'PutMetricAlarm', Tags=[{'Key': 'env', 'Value': 'dev'}], **alarm())
    a = c.call('monitoring', 'DescribeAlarms', AlarmNames=['cpu-high'])['MetricAlarms'][0]
    assert a['AlarmArn'] == 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high'
    assert a['Threshold'] == 80.0 and a['AlarmActions'] == [POLICY]
    assert a['StateValue'] == 'INSUFFICIENT_DATA' and a['ActionsEnabled'] is True
    assert a['Dimensions'] == [{'Name': 'AutoScalingGroupName', 'Value': 'web'}]
    assert 'TreatMissingData' not in a
    c.call('monitoring', 'PutMetricAlarm', **alarm(Threshold=90.0, TreatMissingData='breaching'))
    a = c.call('monitoring', 'DescribeAlarms', AlarmNames=['cpu-high'])['MetricAlarms'][0]
    assert a['Threshold'] == 90.0 and a['TreatMissingData'] == 'breaching'
    arn = a['AlarmArn']
    c.call('monitoring', 'TagResource', ResourceARN=arn, Tags=[{'Key': 'team', 'Value': 'a'}])
    c.call('monitoring', 'UntagResource', ResourceARN=arn, TagKeys=['env'])
    assert c.call('monitoring', 'ListTagsForResource',
                  ResourceARN=arn)['Tags'] == [{'Key': 'team', 'Value': 'a'}]
    c.call('monitoring', 'DeleteAlarms', AlarmNames=['cpu-high'])
    assert c.call('monitoring', 'DescribeAlarms')['MetricAlarms'] == []


def test_metric_math_alarm(c):
    q = [{'Id': 'e1', 'Expression': 'm1 * 2', 'Label': 'double', 'ReturnData': True},
         {'Id': 'm1', 'ReturnData': False, 'MetricStat': {
             'Metric': {'MetricName': 'CPUUtilization', 'Namespace': 'AWS/EC2',
                        'Dimensions': [{'Name': 'AutoScalingGroupName', 'Value': 'web'}]},
             'Period': 60, 'Stat': 'p90'}}]
    c.call('monitoring', 'PutMetricAlarm', AlarmName='math',
           ComparisonOperator='GreaterThanThreshold', EvaluationPeriods=1, Threshold=1.0,
           Metrics=q)
    a = c.call('monitoring', 'DescribeAlarms', AlarmNames=['math'])['MetricAlarms'][0]
    assert [m['Id'] for m in a['Metrics']] == ['e1', 'm1']
    assert a['Metrics'][1]['MetricStat']['Metric']['Dimensions'][0]['Value'] == 'web'


def test_cross_field_checks(c):
    assert error_of(c.call, 'monitoring', 'PutMetricAlarm',
                    **alarm(ExtendedStatistic='p99')).code == 'InvalidParameterCombination'
    assert error_of(c.call, 'monitoring', 'PutMetricAlarm',
                    **alarm(Period=45)).code == 'InvalidParameterValue'
    assert error_of(c.call, 'monitoring', 'PutMetricAlarm',
                    **alarm(AlarmActions=['not-an-arn'])).code == 'ValidationError'
    assert error_of(c.call, 'monitoring', 'PutMetricAlarm',
                    **alarm(ComparisonOperator='Bigger')).code == 'ValidationError'
    assert error_of(c.call, 'monitoring', 'DeleteAlarms',
                    AlarmNames=['nope']).code == 'ResourceNotFound'
