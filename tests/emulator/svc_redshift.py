"""Amazon Redshift (query): cluster subnet groups and their tags.

Names are lower-case letters, digits and hyphens (AWS refuses others and
`default`); the ARN is arn:<partition>:redshift:<region>:<account>:
subnetgroup:<name>.  Tags come back inside the group and are changed by ARN
(CreateTags / DeleteTags)."""

import re
import threading

import store
from errors import AwsError, ServiceBase
from svc_subnet_groups import SubnetGroups

_NAME_RE = re.compile(r'^[0-9a-z-]{1,255}$')


class Service(ServiceBase):
    signing_name = 'redshift'
    model_name = 'redshift'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        with self._lock:
            self.sg = SubnetGroups(self.emu, 'ClusterSubnetGroupNotFoundFault',
                                   'ClusterSubnetGroupAlreadyExists', 'InvalidSubnet')

    def snapshot(self):
        with self._lock:
            return {'cluster_subnet_groups': sorted(self.sg.groups)}

    def _arn(self, name):
        return store.arn('redshift', self.emu.region, self.emu.account_id,
                         'subnetgroup:' + name)

    def _out(self, g):
        return {'ClusterSubnetGroupName': g['name'], 'Description': g['description'],
                'VpcId': g['vpc'], 'SubnetGroupStatus': 'Complete',
                'Subnets': [{'SubnetIdentifier': s, 'SubnetAvailabilityZone': {'Name': z},
                             'SubnetStatus': 'Active'} for s, z in g['subnets']],
                'Tags': store.tags_to_list(g['tags']), 'SupportedClusterIpAddressTypes':
                ['ipv4']}

    def op_CreateClusterSubnetGroup(self, p):
        name = p['ClusterSubnetGroupName']
        if not _NAME_RE.match(name) or name == 'default':
            raise AwsError('InvalidParameterValue', 'The subnet group name %s is not valid: '
                           'lowercase letters, digits and hyphens, not "default".' % name)
        g = self.sg.create(name, p['Description'], p['SubnetIds'],
                           store.tags_from_list(p.get('Tags') or []))
        return {'ClusterSubnetGroup': self._out(g)}

    def op_DescribeClusterSubnetGroups(self, p):
        name = p.get('ClusterSubnetGroupName')
        if name:
            groups = [self.sg.get(name)]
        else:
            groups = [g for k, g in sorted(self.sg.groups.items()) if not self.emu.hidden(k)]
        return {'ClusterSubnetGroups': [self._out(g) for g in groups]}

    def op_ModifyClusterSubnetGroup(self, p):
        g = self.sg.modify(p['ClusterSubnetGroupName'], p.get('Description'), p['SubnetIds'])
        return {'ClusterSubnetGroup': self._out(g)}

    def op_DeleteClusterSubnetGroup(self, p):
        self.sg.delete(p['ClusterSubnetGroupName'])
        return {}

    def _by_arn(self, arn):
        prefix = self._arn('')
        if not arn.startswith(prefix):
            raise AwsError('InvalidTag', 'The ARN %s is not valid.' % arn)
        return self.sg.get(arn[len(prefix):])

    def op_CreateTags(self, p):
        g = self._by_arn(p['ResourceName'])
        g['tags'].update(store.tags_from_list(p['Tags']))
        return {}

    def op_DeleteTags(self, p):
        g = self._by_arn(p['ResourceName'])
        for k in p['TagKeys']:
            g['tags'].pop(k, None)
        return {}
