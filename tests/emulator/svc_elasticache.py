"""Amazon ElastiCache (query): cache subnet groups and their tags.

A group's name is kept in lower case (AWS folds it); its ARN is
arn:<partition>:elasticache:<region>:<account>:subnetgroup:<name>.  Tags are
reached by ARN (ListTagsForResource / AddTagsToResource /
RemoveTagsFromResource); the group named `default` takes none."""

import threading

import store
from errors import AwsError, ServiceBase
from svc_subnet_groups import SubnetGroups


class Service(ServiceBase):
    signing_name = 'elasticache'
    model_name = 'elasticache'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        with self._lock:
            self.sg = SubnetGroups(self.emu, 'CacheSubnetGroupNotFoundFault',
                                   'CacheSubnetGroupAlreadyExists', 'InvalidSubnet')

    def snapshot(self):
        with self._lock:
            return {'cache_subnet_groups': sorted(self.sg.groups)}

    def _arn(self, name):
        return store.arn('elasticache', self.emu.region, self.emu.account_id,
                         'subnetgroup:' + name)

    def _out(self, g):
        return {'CacheSubnetGroupName': g['name'],
                'CacheSubnetGroupDescription': g['description'], 'VpcId': g['vpc'],
                'Subnets': [{'SubnetIdentifier': s, 'SubnetAvailabilityZone': {'Name': z},
                             'SupportedNetworkTypes': ['ipv4']} for s, z in g['subnets']],
                'ARN': self._arn(g['name']), 'SupportedNetworkTypes': ['ipv4']}

    def op_CreateCacheSubnetGroup(self, p):
        name = p['CacheSubnetGroupName'].lower()
        if name == 'default':
            raise AwsError('InvalidParameterValue', 'The subnet group name default is reserved.')
        g = self.sg.create(name, p['CacheSubnetGroupDescription'], p['SubnetIds'],
                           store.tags_from_list(p.get('Tags') or []))
        return {'CacheSubnetGroup': self._out(g)}

    def op_DescribeCacheSubnetGroups(self, p):
        name = p.get('CacheSubnetGroupName')
        if name:
            groups = [self.sg.get(name.lower())]
        else:
            groups = [g for k, g in sorted(self.sg.groups.items()) if not self.emu.hidden(k)]
        return {'CacheSubnetGroups': [self._out(g) for g in groups]}

    def op_ModifyCacheSubnetGroup(self, p):
        g = self.sg.modify(p['CacheSubnetGroupName'].lower(),
                           p.get('CacheSubnetGroupDescription'), p.get('SubnetIds'))
        return {'CacheSubnetGroup': self._out(g)}

    def op_DeleteCacheSubnetGroup(self, p):
        self.sg.delete(p['CacheSubnetGroupName'].lower())
        return {}

    def _by_arn(self, arn):
        prefix = self._arn('')
        if not arn.startswith(prefix):
            raise AwsError('InvalidARN', 'The ARN %s is not valid.' % arn)
        return self.sg.get(arn[len(prefix):])

    def op_ListTagsForResource(self, p):
        g = self._by_arn(p['ResourceName'])
        return {'TagList': store.tags_to_list(g['tags'])}

    def op_AddTagsToResource(self, p):
        g = self._by_arn(p['ResourceName'])
        g['tags'].update(store.tags_from_list(p['Tags']))
        if len(g['tags']) > 50:
            raise AwsError('TagQuotaPerResourceExceeded', 'Too many tags')
        return {'TagList': store.tags_to_list(g['tags'])}

    def op_RemoveTagsFromResource(self, p):
        g = self._by_arn(p['ResourceName'])
        for k in p['TagKeys']:
            if k not in g['tags']:
                raise AwsError('TagNotFound', 'The tag key %s does not exist.' % k)
        for k in p['TagKeys']:
            del g['tags'][k]
        return {'TagList': store.tags_to_list(g['tags'])}
