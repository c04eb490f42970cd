"""EC2 instances for svc_ec2.Service: RunInstances (idempotent on
ClientToken), Describe/Terminate/Stop/StartInstances, instance attributes,
credit specifications, metadata options, monitoring, and the EBS volumes an
instance is launched with (DescribeVolumes, volume tags).

The one idea: an instance is a record holding what RunInstances asked for
(or the image/instance type's defaults), and its root volume is a volume
object of its own, attached to it, deleted with it when DeleteOnTermination.
What can only change while an instance is stopped (instance type, user data,
EBS optimisation) is refused while it runs, as EC2 does.  Auto Scaling
launches through run_instances_internal -> _launch with the defaults.
"""

import base64

import store
from errors import AwsError

_STATES = {'pending': 0, 'running': 16, 'shutting-down': 32, 'terminated': 48,
           'stopping': 64, 'stopped': 80}

_DEFAULT_CREDITS = {'t2': 'standard'}   # other burstable families: unlimited


def _ec2():
    import svc_ec2
    return svc_ec2


def _type_info(name):
    from svc_ec2_launch_templates import instance_type_info
    return instance_type_info(name)


def _attr_value(p, key):
    """A {Value: x} member of ModifyInstanceAttribute, or None."""
    v = p.get(key)
    return v.get('Value') if isinstance(v, dict) else None


class InstancesMixin:
    """Instances and their volumes (see the module docstring)."""

    def inst_reset(self):
        self.instances = {}
        self.reservations = {}
        self.volumes = {}
        self.inst_tokens = {}

    def inst_snapshot(self):
        return {
            'instances': sorted(i for i, x in self.instances.items()
                                if x['_state'] != 'terminated'),
            'volumes': sorted(self.volumes),
        }

    def inst_any_resource(self, rid):
        if rid.startswith('vol-') and rid in self.volumes:
            return 'volume', self.volumes[rid]
        return None

    # -- launch ----------------------------------------------------------------------------

    def _new_volume(self, inst, device, ebs, tags):
        vtype = ebs.get('VolumeType') or 'gp2'
        size = ebs['VolumeSize']
        if vtype in ('gp3', 'io1', 'io2'):
            iops = ebs.get('Iops') or 3000
        elif vtype == 'gp2':
            iops = max(100, min(16000, 3 * size))
        else:
            iops = None
        if ebs.get('Iops') and vtype not in ('gp3', 'io1', 'io2'):
            raise AwsError('InvalidParameterCombination',
                           'The parameter iops is not supported for %s volumes.' % vtype)
        if ebs.get('Throughput') and vtype != 'gp3':
            raise AwsError('InvalidParameterCombination',
                           'The parameter throughput is not supported for %s volumes.' % vtype)
        vid = store.new_id('vol')
        encrypted = bool(ebs.get('Encrypted') or ebs.get('KmsKeyId'))
        vol = {'VolumeId': vid, 'Size': size, 'VolumeType': vtype, 'Iops': iops,
               'Throughput': (ebs.get('Throughput') or 125) if vtype == 'gp3' else None,
               'Encrypted': encrypted,
               'KmsKeyId': (ebs.get('KmsKeyId') or 'arn:aws:kms:%s:%s:key/aws-ebs-default'
                            % (self.region, self.account)) if encrypted else None,
               'SnapshotId': ebs.get('SnapshotId') or '',
               'AvailabilityZone': inst['AvailabilityZone'],
               'CreateTime': inst['LaunchTime'], '_tags': dict(tags),
               '_instance': inst['InstanceId'], '_device': device,
               '_delete_on_termination': ebs.get('DeleteOnTermination', True)}
        self.volumes[vid] = vol
        self._created(vid)
        return vid

    def _inst_volumes(self, inst, mappings, tags):
        """The image's root volume (overridden by a mapping of its device) and
        any further EBS mappings; ids in launch order."""
        image = self.images[inst['ImageId']]
        root = self._image_out(image)['BlockDeviceMappings'][0]
        by_device = {m['DeviceName']: m for m in mappings or []}
        base = dict(root['Ebs'])
        override = (by_device.pop(root['DeviceName'], None) or {}).get('Ebs') or {}
        if override.get('VolumeSize') and override['VolumeSize'] < base['VolumeSize']:
            raise AwsError('InvalidBlockDeviceMapping',
                           'Volume of size %dGB is smaller than snapshot \'%s\', expect size '
                           '>= %dGB' % (override['VolumeSize'], base['SnapshotId'],
                                        base['VolumeSize']))
        base.update({k: v for k, v in override.items() if v is not None})
        ids = [self._new_volume(inst, root['DeviceName'], base, tags)]
        for dev, m in by_device.items():
            ebs = m.get('Ebs')
            if not ebs:
                continue
            if not ebs.get('VolumeSize') and not ebs.get('SnapshotId'):
                raise AwsError('InvalidBlockDeviceMapping',
                               'The request must contain the parameter size or snapshotId')
            ebs = dict(ebs)
            ebs.setdefault('VolumeSize', 8)
            ids.append(self._new_volume(inst, dev, ebs, tags))
        return ids

    def _launch(self, image_id, instance_type, subnet_id, group_ids, user_data, tags,
                key_name, count, iam_instance_profile=None, hidden_ok=False, params=None):
        p = params or {}
        if not image_id:
            raise AwsError('MissingParameter', 'The request must contain the parameter ImageId')
        if not (image_id.startswith('ami-') and _ec2()._ID_RE.match(image_id)):
            raise AwsError('InvalidAMIID.Malformed', 'Invalid id: "%s"' % image_id)
        if image_id not in self.images:
            raise AwsError('InvalidAMIID.NotFound',
                           "The image id '[%s]' does not exist" % image_id)
        if not subnet_id:
            raise AwsError('VPCIdNotSpecified', 'No default VPC for this user')
        subnet = self._find('subnet', subnet_id, hidden_ok=hidden_ok)
        if not group_ids:
            group_ids = [self.vpcs[subnet['VpcId']]['_default_sg']]
        for g in group_ids:
            sg = self._find('sg', g, hidden_ok=hidden_ok)
            if sg['VpcId'] != subnet['VpcId']:
                raise AwsError('InvalidParameter',
                               'Security group %s and subnet %s belong to different networks.'
                               % (g, subnet_id))
        if key_name:
            raise AwsError('InvalidKeyPair.NotFound',
                           "The key pair '%s' does not exist" % key_name)
        info = _type_info(instance_type)
        arch = self.images[image_id]['Architecture']
        if info and arch not in info['ProcessorInfo']['SupportedArchitectures']:
            raise AwsError('InvalidParameterValue',
                           "The architecture '%s' of the specified instance type does not match "
                           "the architecture '%s' of the specified AMI."
                           % (info['ProcessorInfo']['SupportedArchitectures'][0], arch))
        private_ip = p.get('PrivateIpAddress')
        public = subnet['_map_public']
        for ni in p.get('NetworkInterfaces') or []:
            if ni.get('AssociatePublicIpAddress') is not None:
                public = ni['AssociatePublicIpAddress']
            private_ip = private_ip or ni.get('PrivateIpAddress')
        if private_ip:
            import ipaddress
            if ipaddress.ip_address(private_ip) not in ipaddress.ip_network(subnet['CidrBlock']):
                raise AwsError('InvalidParameterValue',
                               'Address %s does not fall within the subnet\'s address range'
                               % private_ip)
            if any(e['PrivateIpAddress'] == private_ip for e in self.enis.values()):
                raise AwsError('InvalidIPAddress.InUse',
                               'Address %s is in use.' % private_ip)
        family = instance_type.split('.', 1)[0]
        al2023 = self.images[image_id]['Name'].startswith('al2023-')
        meta = p.get('MetadataOptions') or {}
        credits = (p.get('CreditSpecification') or {}).get('CpuCredits')
        if credits and not (info and info['BurstablePerformanceSupported']):
            raise AwsError('InvalidParameterCombination',
                           'The parameter creditSpecification is not supported for %s instance '
                           'types.' % instance_type)
        res_id = store.new_id('r')
        ids = []
        vol_tags = self._tags_from_specs(p, 'volume')
        for n in range(count):
            iid = store.new_id('i')
            eni = self._new_eni(subnet, group_ids, 'Primary network interface', 'interface',
                                None, public, iid)
            if private_ip and n == 0:
                eni['PrivateIpAddress'] = private_ip
            vcpus = info['VCpuInfo']['DefaultVCpus'] if info else 2
            inst = {
                'InstanceId': iid, 'ImageId': image_id, 'InstanceType': instance_type,
                'SubnetId': subnet_id, 'VpcId': subnet['VpcId'], '_eni': eni['NetworkInterfaceId'],
                '_groups': list(group_ids), '_state': 'running', '_tags': dict(tags),
                '_user_data': user_data, 'KeyName': key_name, 'AmiLaunchIndex': n,
                'LaunchTime': self.emu.now().replace(microsecond=0),
                'AvailabilityZone': subnet['AvailabilityZone'], '_reservation': res_id,
                '_profile': iam_instance_profile,
                '_profile_assoc': ('iip-assoc-' + store.hex_digits(17)) if iam_instance_profile
                else None,
                '_token': p.get('ClientToken') or '',
                '_disable_api_termination': bool(p.get('DisableApiTermination')),
                '_disable_api_stop': bool(p.get('DisableApiStop')),
                '_shutdown': p.get('InstanceInitiatedShutdownBehavior') or 'stop',
                '_ebs_optimized': bool(p.get('EbsOptimized')),
                '_monitoring': 'enabled' if (p.get('Monitoring') or {}).get('Enabled')
                else 'disabled',
                '_metadata': {
                    'HttpTokens': meta.get('HttpTokens') or ('required' if al2023
                                                             else 'optional'),
                    'HttpPutResponseHopLimit': meta.get('HttpPutResponseHopLimit')
                    or (2 if al2023 else 1),
                    'HttpEndpoint': meta.get('HttpEndpoint') or 'enabled',
                    'HttpProtocolIpv6': meta.get('HttpProtocolIpv6') or 'disabled',
                    'InstanceMetadataTags': meta.get('InstanceMetadataTags') or 'disabled'},
                '_credits': (credits or _DEFAULT_CREDITS.get(family, 'unlimited'))
                if info and info['BurstablePerformanceSupported'] else None,
                '_cpu': {'CoreCount': max(1, vcpus // 2) if vcpus > 1 else 1,
                         'ThreadsPerCore': 2 if vcpus > 1 else 1},
                '_source_dest_check': True,
            }
            self.instances[iid] = inst
            inst['_volumes'] = self._inst_volumes(inst, p.get('BlockDeviceMappings'), vol_tags)
            self._created(iid)
            ids.append(iid)
        self.reservations[res_id] = ids
        return {'ReservationId': res_id, 'Instances': ids}

    def _terminate(self, inst):
        prev = inst['_state']
        if prev != 'terminated':
            inst['_state'] = 'terminated'
            self.enis.pop(inst['_eni'], None)
            for vid in inst.get('_volumes') or []:
                vol = self.volumes.get(vid)
                if vol is None:
                    continue
                if vol['_delete_on_termination']:
                    del self.volumes[vid]
                else:
                    vol['_instance'] = None
            inst['_volumes'] = []
        return prev

    # -- describe ----------------------------------------------------------------------

    def _instance_out(self, i):
        state = i['_state']
        eni = self.enis.get(i['_eni'])
        out = {'InstanceId': i['InstanceId'], 'ImageId': i['ImageId'],
               'InstanceType': i['InstanceType'], 'AmiLaunchIndex': i['AmiLaunchIndex'],
               'LaunchTime': i['LaunchTime'],
               'Architecture': self.images[i['ImageId']]['Architecture']
               if i['ImageId'] in self.images else 'x86_64',
               'State': {'Code': _STATES[state], 'Name': state},
               'Placement': {'AvailabilityZone': i['AvailabilityZone'], 'Tenancy': 'default',
                             'GroupName': ''},
               'Monitoring': {'State': i.get('_monitoring', 'disabled')}, 'Hypervisor': 'xen',
               'RootDeviceName': '/dev/xvda', 'RootDeviceType': 'ebs',
               'VirtualizationType': 'hvm', 'EbsOptimized': i.get('_ebs_optimized', False),
               'EnaSupport': True,
               'Tags': _ec2()._tag_list(i['_tags']) or None, 'ProductCodes': [],
               'BlockDeviceMappings': [], 'ClientToken': i.get('_token', ''),
               'SourceDestCheck': i.get('_source_dest_check', True),
               'SecurityGroups': [{'GroupId': g, 'GroupName': self.sgs[g]['GroupName']}
                                  for g in i['_groups'] if g in self.sgs],
               'PrivateDnsName': '', 'PublicDnsName': '', 'StateTransitionReason': '',
               'CpuOptions': dict(i.get('_cpu') or {'CoreCount': 1, 'ThreadsPerCore': 2}),
               'CapacityReservationSpecification': {'CapacityReservationPreference': 'open'},
               'HibernationOptions': {'Configured': False},
               'MetadataOptions': dict(i.get('_metadata') or {
                   'HttpTokens': 'optional', 'HttpPutResponseHopLimit': 1,
                   'HttpEndpoint': 'enabled', 'HttpProtocolIpv6': 'disabled',
                   'InstanceMetadataTags': 'disabled'}, State='applied'),
               'EnclaveOptions': {'Enabled': False},
               'MaintenanceOptions': {'AutoRecovery': 'default'},
               'PlatformDetails': 'Linux/UNIX', 'UsageOperation': 'RunInstances',
               'UsageOperationUpdateTime': i['LaunchTime'], 'BootMode': 'uefi-preferred',
               'CurrentInstanceBootMode': 'legacy-bios'}
        if state in ('stopped', 'stopping'):
            out['StateTransitionReason'] = 'User initiated'
        for vid in i.get('_volumes') or []:
            vol = self.volumes.get(vid)
            if vol is not None:
                out['BlockDeviceMappings'].append({
                    'DeviceName': vol['_device'],
                    'Ebs': {'AttachTime': i['LaunchTime'],
                            'DeleteOnTermination': vol['_delete_on_termination'],
                            'Status': 'attached', 'VolumeId': vid}})
        if i['KeyName']:
            out['KeyName'] = i['KeyName']
        if i['_profile']:
            out['IamInstanceProfile'] = {'Arn': i['_profile'] if i['_profile'].startswith(
                'arn:') else 'arn:aws:iam::%s:instance-profile/%s' % (self.account, i['_profile']),
                'Id': 'AIPA' + i['InstanceId'][2:].upper()}
        if state != 'terminated':
            out['SubnetId'] = i['SubnetId']
            out['VpcId'] = i['VpcId']
        if eni is not None:
            dashed = eni['PrivateIpAddress'].replace('.', '-')
            out['PrivateIpAddress'] = eni['PrivateIpAddress']
            out['PrivateDnsName'] = ('ip-%s.ec2.internal' % dashed if self.region == 'us-east-1'
                                     else 'ip-%s.%s.compute.internal' % (dashed, self.region))
            out['PrivateDnsNameOptions'] = {'HostnameType': 'ip-name',
                                            'EnableResourceNameDnsARecord': False,
                                            'EnableResourceNameDnsAAAARecord': False}
            if eni['_public_ip'] and state != 'stopped':
                out['PublicIpAddress'] = eni['_public_ip']
                out['PublicDnsName'] = 'ec2-%s.compute-1.amazonaws.com' % \
                    eni['_public_ip'].replace('.', '-')
            e = self._eni_out(eni)
            nic = {
                'NetworkInterfaceId': e['NetworkInterfaceId'], 'SubnetId': e['SubnetId'],
                'VpcId': e['VpcId'], 'Description': e['Description'],
                'OwnerId': self.account, 'Status': 'in-use', 'MacAddress': e['MacAddress'],
                'PrivateIpAddress': e['PrivateIpAddress'],
                'PrivateDnsName': out['PrivateDnsName'],
                'PrivateIpAddresses': [{'Primary': True,
                                        'PrivateIpAddress': e['PrivateIpAddress'],
                                        'PrivateDnsName': out['PrivateDnsName']}],
                'SourceDestCheck': out['SourceDestCheck'],
                'Groups': e['Groups'], 'InterfaceType': 'interface', 'Ipv6Addresses': [],
                'Attachment': {'AttachmentId': e['Attachment']['AttachmentId'],
                               'DeviceIndex': 0, 'Status': 'attached',
                               'AttachTime': i['LaunchTime'], 'DeleteOnTermination': True,
                               'NetworkCardIndex': 0}}
            if 'PublicIpAddress' in out:
                assoc = {'IpOwnerId': 'amazon', 'PublicIp': out['PublicIpAddress'],
                         'PublicDnsName': out['PublicDnsName']}
                nic['Association'] = assoc
                nic['PrivateIpAddresses'][0]['Association'] = assoc
            out['NetworkInterfaces'] = [nic]
        else:
            out['NetworkInterfaces'] = []
        return out

    def _reservation_out(self, res_id, instances):
        groups = instances[0]['_groups'] if instances else []
        return {'ReservationId': res_id, 'OwnerId': self.account,
                'Groups': [{'GroupId': g, 'GroupName': self.sgs[g]['GroupName']}
                           for g in groups if g in self.sgs],
                'Instances': [self._instance_out(i) for i in instances]}

    # -- operations --------------------------------------------------------------------

    def op_RunInstances(self, p):
        count = p['MaxCount']
        if p['MinCount'] < 1 or count < p['MinCount']:
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter minCount is invalid.' % p['MinCount'])
        token = p.get('ClientToken')
        if token and token in self.inst_tokens:
            res_id = self.inst_tokens[token]
            return self._reservation_out(res_id, [self.instances[i]
                                                  for i in self.reservations[res_id]])
        subnet_id = p.get('SubnetId')
        groups = list(p.get('SecurityGroupIds') or [])
        for ni in p.get('NetworkInterfaces') or []:
            subnet_id = subnet_id or ni.get('SubnetId')
            groups += ni.get('Groups') or []
        if p.get('SecurityGroups'):
            raise AwsError('InvalidParameterCombination',
                           'The parameter groupName cannot be used with the parameter subnet')
        if p.get('NetworkInterfaces') and (p.get('SubnetId') or p.get('SecurityGroupIds')):
            raise AwsError('InvalidParameterCombination',
                           'Network interfaces and an instance-level subnet ID may not be '
                           'specified on the same request')
        user_data = p.get('UserData')
        if user_data is not None:
            try:
                base64.b64decode(user_data, validate=True)
            except ValueError:
                raise AwsError('InvalidParameterValue',
                               'Invalid BASE64 encoding of user data.')
        profile = p.get('IamInstanceProfile') or {}
        res = self._launch(p.get('ImageId'), p.get('InstanceType', 'm1.small'), subnet_id,
                           groups, user_data,
                           self._tags_from_specs(p, 'instance'), p.get('KeyName'), count,
                           iam_instance_profile=profile.get('Arn') or profile.get('Name'),
                           params=p)
        if token:
            self.inst_tokens[token] = res['ReservationId']
        insts = [self.instances[i] for i in res['Instances']]
        for i in insts:
            i['_state'] = 'pending'
        out = self._reservation_out(res['ReservationId'], insts)
        for i in insts:
            i['_state'] = 'running'
        return out

    def op_DescribeInstances(self, p):
        if p.get('InstanceIds'):
            items = self._find_many('i', p['InstanceIds'])
        else:
            items = self._visible('instances')
        items = _ec2().apply_filters(items, p.get('Filters'), {
            'instance-id': lambda i: i['InstanceId'],
            'instance-state-name': lambda i: i['_state'],
            'instance-state-code': lambda i: _STATES[i['_state']],
            'instance-type': lambda i: i['InstanceType'],
            'image-id': lambda i: i['ImageId'],
            'subnet-id': lambda i: i['SubnetId'],
            'vpc-id': lambda i: i['VpcId'],
            'availability-zone': lambda i: i['AvailabilityZone'],
            'instance.group-id': lambda i: i['_groups'],
            'reservation-id': lambda i: i['_reservation'],
            'client-token': lambda i: i.get('_token', ''),
            'owner-id': lambda i: self.account,
        })
        page, nxt = self._page(items, p)
        by_res = {}
        for i in page:
            by_res.setdefault(i['_reservation'], []).append(i)
        return {'Reservations': [self._reservation_out(r, insts)
                                 for r, insts in by_res.items()], 'NextToken': nxt}

    def op_TerminateInstances(self, p):
        insts = self._find_many('i', p['InstanceIds'])
        for i in insts:
            if i.get('_disable_api_termination') and i['_state'] != 'terminated':
                raise AwsError('OperationNotPermitted',
                               "The instance '%s' may not be terminated. Modify its "
                               "'disableApiTermination' instance attribute and try again."
                               % i['InstanceId'])
        out = []
        for i in insts:
            prev = self._terminate(i)
            out.append({'InstanceId': i['InstanceId'],
                        'PreviousState': {'Code': _STATES[prev], 'Name': prev},
                        'CurrentState': {'Code': 48, 'Name': 'terminated'}})
        return {'TerminatingInstances': out}

    def _live(self, iid):
        inst = self._find('i', iid)
        if inst['_state'] == 'terminated':
            raise AwsError('IncorrectInstanceState',
                           "The instance '%s' is not in a state from which it can be modified."
                           % iid)
        return inst

    def op_StopInstances(self, p):
        insts = [self._live(i) for i in p['InstanceIds']]
        out = []
        for i in insts:
            if i.get('_disable_api_stop') and not p.get('Force'):
                raise AwsError('OperationNotPermitted',
                               "The instance '%s' may not be stopped. Modify its "
                               "'disableApiStop' instance attribute and try again."
                               % i['InstanceId'])
        for i in insts:
            prev = i['_state']
            i['_state'] = 'stopped'
            out.append({'InstanceId': i['InstanceId'],
                        'PreviousState': {'Code': _STATES[prev], 'Name': prev},
                        'CurrentState': {'Code': 64, 'Name': 'stopping'}})
        return {'StoppingInstances': out}

    def op_StartInstances(self, p):
        insts = [self._live(i) for i in p['InstanceIds']]
        out = []
        for i in insts:
            prev = i['_state']
            i['_state'] = 'running'
            out.append({'InstanceId': i['InstanceId'],
                        'PreviousState': {'Code': _STATES[prev], 'Name': prev},
                        'CurrentState': {'Code': 0, 'Name': 'pending'}})
        return {'StartingInstances': out}

    def op_DescribeInstanceAttribute(self, p):
        i = self._live(p['InstanceId'])
        attr = p['Attribute']
        out = {'InstanceId': i['InstanceId']}
        if attr == 'instanceType':
            out['InstanceType'] = {'Value': i['InstanceType']}
        elif attr == 'userData':
            out['UserData'] = {'Value': i['_user_data']} if i['_user_data'] else {}
        elif attr == 'disableApiTermination':
            out['DisableApiTermination'] = {'Value': i.get('_disable_api_termination', False)}
        elif attr == 'disableApiStop':
            out['DisableApiStop'] = {'Value': i.get('_disable_api_stop', False)}
        elif attr == 'instanceInitiatedShutdownBehavior':
            out['InstanceInitiatedShutdownBehavior'] = {'Value': i.get('_shutdown', 'stop')}
        elif attr == 'rootDeviceName':
            out['RootDeviceName'] = {'Value': '/dev/xvda'}
        elif attr == 'blockDeviceMapping':
            out['BlockDeviceMappings'] = self._instance_out(i)['BlockDeviceMappings']
        elif attr == 'groupSet':
            out['Groups'] = [{'GroupId': g} for g in i['_groups']]
        elif attr == 'sourceDestCheck':
            out['SourceDestCheck'] = {'Value': i.get('_source_dest_check', True)}
        elif attr == 'ebsOptimized':
            out['EbsOptimized'] = {'Value': i.get('_ebs_optimized', False)}
        elif attr == 'enaSupport':
            out['EnaSupport'] = {'Value': True}
        elif attr == 'enclaveOptions':
            out['EnclaveOptions'] = {'Enabled': False}
        elif attr == 'productCodes':
            out['ProductCodes'] = []
        else:   # kernel, ramdisk, sriovNetSupport
            pass
        return out

    def op_ModifyInstanceAttribute(self, p):
        i = self._live(p['InstanceId'])
        running = i['_state'] != 'stopped'
        legacy = p.get('Attribute')
        if legacy:   # Attribute + Value form
            key = {'instanceType': 'InstanceType', 'userData': 'UserData',
                   'disableApiTermination': 'DisableApiTermination',
                   'disableApiStop': 'DisableApiStop',
                   'instanceInitiatedShutdownBehavior': 'InstanceInitiatedShutdownBehavior',
                   'sourceDestCheck': 'SourceDestCheck', 'ebsOptimized': 'EbsOptimized',
                   'groupSet': None}.get(legacy)
            if key is None or p.get('Value') is None:
                raise AwsError('InvalidParameterCombination',
                               'The attribute %s cannot be modified with a Value.' % legacy)
            value = p['Value']
            if key in ('DisableApiTermination', 'DisableApiStop', 'SourceDestCheck',
                       'EbsOptimized'):
                value = value.lower() == 'true'
            p = {key: {'Value': value}}
        changes = [k for k in ('InstanceType', 'UserData', 'DisableApiTermination',
                               'DisableApiStop', 'InstanceInitiatedShutdownBehavior',
                               'SourceDestCheck', 'EbsOptimized', 'Groups',
                               'BlockDeviceMappings')
                   if p.get(k) is not None]
        if len(changes) != 1:
            raise AwsError('InvalidParameterCombination',
                           'Exactly one attribute must be modified per request.')
        what = changes[0]
        if what in ('InstanceType', 'UserData', 'EbsOptimized') and running:
            raise AwsError('IncorrectInstanceState',
                           "The instance '%s' is not in the 'stopped' state." % i['InstanceId'])
        if what == 'InstanceType':
            new = _attr_value(p, what)
            info = _type_info(new)
            arch = self.images[i['ImageId']]['Architecture'] if i['ImageId'] in self.images \
                else 'x86_64'
            if info is None:
                raise AwsError('InvalidParameterValue',
                               "Invalid value '%s' for InstanceType." % new)
            if arch not in info['ProcessorInfo']['SupportedArchitectures']:
                raise AwsError('InvalidParameterValue',
                               "The instance type '%s' does not support the '%s' architecture."
                               % (new, arch))
            i['InstanceType'] = new
            i['_cpu'] = {'CoreCount': max(1, info['VCpuInfo']['DefaultVCpus'] // 2),
                         'ThreadsPerCore': 2 if info['VCpuInfo']['DefaultVCpus'] > 1 else 1}
            if info['BurstablePerformanceSupported']:
                i['_credits'] = i.get('_credits') or _DEFAULT_CREDITS.get(
                    new.split('.')[0], 'unlimited')
            else:
                i['_credits'] = None
        elif what == 'UserData':
            # A blob: the wire carried it base64-encoded, the parser decoded it;
            # EC2 keeps (and describes) it base64-encoded, as RunInstances sends it.
            v = _attr_value(p, what)
            if isinstance(v, bytes):
                v = base64.b64encode(v).decode()
            i['_user_data'] = v or None
        elif what == 'DisableApiTermination':
            i['_disable_api_termination'] = bool(_attr_value(p, what))
        elif what == 'DisableApiStop':
            i['_disable_api_stop'] = bool(_attr_value(p, what))
        elif what == 'InstanceInitiatedShutdownBehavior':
            v = _attr_value(p, what)
            if v not in ('stop', 'terminate'):
                raise AwsError('InvalidParameterValue',
                               "Value (%s) for parameter value is invalid. Valid values are "
                               "'stop' and 'terminate'." % v)
            i['_shutdown'] = v
        elif what == 'SourceDestCheck':
            i['_source_dest_check'] = bool(_attr_value(p, what))
        elif what == 'EbsOptimized':
            i['_ebs_optimized'] = bool(_attr_value(p, what))
        elif what == 'BlockDeviceMappings':
            by_device = {self.volumes[v]['_device']: self.volumes[v]
                         for v in i.get('_volumes') or [] if v in self.volumes}
            for m in p['BlockDeviceMappings']:
                vol = by_device.get(m.get('DeviceName'))
                if vol is None:
                    raise AwsError('InvalidInstanceAttributeValue',
                                   'No device is currently mapped at %s' % m.get('DeviceName'))
                ebs = m.get('Ebs') or {}
                if ebs.get('DeleteOnTermination') is not None:
                    vol['_delete_on_termination'] = bool(ebs['DeleteOnTermination'])
        elif what == 'Groups':
            groups = p['Groups']
            for g in groups:
                sg = self._find('sg', g)
                if sg['VpcId'] != i['VpcId']:
                    raise AwsError('InvalidGroup.NotFound',
                                   "The security group '%s' does not exist in VPC '%s'"
                                   % (g, i['VpcId']))
            i['_groups'] = list(groups)
            eni = self.enis.get(i['_eni'])
            if eni is not None:
                eni['_groups'] = list(groups)
        return {}

    def op_ModifyNetworkInterfaceAttribute(self, p):
        eid = p['NetworkInterfaceId']
        eni = self.enis.get(eid)
        if eni is None or self.emu.hidden(eid):
            raise AwsError('InvalidNetworkInterfaceID.NotFound',
                           "The networkInterface ID '%s' does not exist" % eid)
        given = [k for k in ('Groups', 'SourceDestCheck', 'Description', 'Attachment')
                 if p.get(k) is not None]
        if len(given) != 1:
            raise AwsError('InvalidParameterCombination',
                           'Exactly one attribute must be modified per request.')
        if p.get('Groups') is not None:
            for g in p['Groups']:
                sg = self._find('sg', g)
                if sg['VpcId'] != eni['VpcId']:
                    raise AwsError('InvalidGroup.NotFound',
                                   "The security group '%s' does not exist in VPC '%s'"
                                   % (g, eni['VpcId']))
            eni['_groups'] = list(p['Groups'])
            inst = self.instances.get(eni.get('_instance') or '')
            if inst is not None and inst['_eni'] == eid:
                inst['_groups'] = list(p['Groups'])
        elif p.get('SourceDestCheck') is not None:
            inst = self.instances.get(eni.get('_instance') or '')
            if inst is not None and inst['_eni'] == eid:
                inst['_source_dest_check'] = bool(p['SourceDestCheck'].get('Value'))
        elif p.get('Description') is not None:
            eni['Description'] = p['Description'].get('Value') or ''
        else:
            raise AwsError('InvalidParameterCombination',
                           'Changing an attachment is not supported by the emulator.')
        return {}

    # -- instance profiles -------------------------------------------------------------

    def _profile_arn(self, name_or_arn):
        if name_or_arn.startswith('arn:'):
            return name_or_arn
        return 'arn:aws:iam::%s:instance-profile/%s' % (self.account, name_or_arn)

    def _assoc_out(self, i):
        return {'AssociationId': i['_profile_assoc'], 'InstanceId': i['InstanceId'],
                'IamInstanceProfile': {'Arn': self._profile_arn(i['_profile']),
                                       'Id': 'AIPA' + i['InstanceId'][2:].upper()},
                'State': 'associated', 'Timestamp': i['LaunchTime']}

    def _profile_spec(self, p):
        spec = p.get('IamInstanceProfile') or {}
        value = spec.get('Arn') or spec.get('Name')
        if not value:
            raise AwsError('InvalidParameterValue',
                           'Value () for parameter iamInstanceProfile is invalid.')
        return value

    def _assoc_find(self, assoc_id):
        for i in self.instances.values():
            if i.get('_profile_assoc') == assoc_id and i['_state'] != 'terminated':
                return i
        raise AwsError('InvalidAssociationID.NotFound',
                       "The association ID '%s' does not exist" % assoc_id)

    def op_DescribeIamInstanceProfileAssociations(self, p):
        items = [i for i in self.instances.values()
                 if i.get('_profile') and i['_state'] != 'terminated']
        for i in items:
            i.setdefault('_profile_assoc', 'iip-assoc-' + store.hex_digits(17))
        if p.get('AssociationIds'):
            items = [i for i in items if i['_profile_assoc'] in p['AssociationIds']]
        items = _ec2().apply_filters(items, p.get('Filters'), {
            'instance-id': lambda i: i['InstanceId'],
            'state': lambda i: 'associated',
        })
        page, nxt = self._page(items, p)
        return {'IamInstanceProfileAssociations': [self._assoc_out(i) for i in page],
                'NextToken': nxt}

    def op_AssociateIamInstanceProfile(self, p):
        i = self._live(p['InstanceId'])
        if i.get('_profile'):
            raise AwsError('IncorrectState',
                           "There is an existing association for instance %s" % i['InstanceId'])
        i['_profile'] = self._profile_spec(p)
        i['_profile_assoc'] = 'iip-assoc-' + store.hex_digits(17)
        return {'IamInstanceProfileAssociation': dict(self._assoc_out(i), State='associating')}

    def op_ReplaceIamInstanceProfileAssociation(self, p):
        i = self._assoc_find(p['AssociationId'])
        i['_profile'] = self._profile_spec(p)
        i['_profile_assoc'] = 'iip-assoc-' + store.hex_digits(17)
        return {'IamInstanceProfileAssociation': dict(self._assoc_out(i), State='associating')}

    def op_DisassociateIamInstanceProfile(self, p):
        i = self._assoc_find(p['AssociationId'])
        out = dict(self._assoc_out(i), State='disassociating')
        i['_profile'] = None
        i['_profile_assoc'] = None
        return {'IamInstanceProfileAssociation': out}

    def op_MonitorInstances(self, p):
        out = []
        for iid in p['InstanceIds']:
            self._live(iid)['_monitoring'] = 'enabled'
            out.append({'InstanceId': iid, 'Monitoring': {'State': 'pending'}})
        return {'InstanceMonitorings': out}

    def op_UnmonitorInstances(self, p):
        out = []
        for iid in p['InstanceIds']:
            self._live(iid)['_monitoring'] = 'disabled'
            out.append({'InstanceId': iid, 'Monitoring': {'State': 'disabling'}})
        return {'InstanceMonitorings': out}

    def op_DescribeInstanceCreditSpecifications(self, p):
        if p.get('InstanceIds'):
            items = self._find_many('i', p['InstanceIds'])
        else:
            items = [i for i in self._visible('instances') if i['_state'] != 'terminated']
        out = []
        for i in items:
            if not i.get('_credits'):
                if p.get('InstanceIds'):
                    raise AwsError('InvalidParameterCombination',
                                   'The instance ID \'%s\' is not valid. The instance type of '
                                   'the specified instance does not support CPU credits.'
                                   % i['InstanceId'])
                continue
            out.append({'InstanceId': i['InstanceId'], 'CpuCredits': i['_credits']})
        page, nxt = self._page(out, p)
        return {'InstanceCreditSpecifications': page, 'NextToken': nxt}

    def op_ModifyInstanceCreditSpecification(self, p):
        ok, bad = [], []
        for spec in p['InstanceCreditSpecifications']:
            iid = spec.get('InstanceId')
            inst = self.instances.get(iid)
            credits = spec.get('CpuCredits')
            if inst is None or inst['_state'] == 'terminated':
                bad.append({'InstanceId': iid, 'Error': {
                    'Code': 'InvalidInstanceID.NotFound',
                    'Message': "The instance ID '%s' does not exist" % iid}})
            elif not inst.get('_credits'):
                bad.append({'InstanceId': iid, 'Error': {
                    'Code': 'InvalidInstanceType',
                    'Message': 'The instance type does not support CPU credits.'}})
            elif credits not in ('standard', 'unlimited'):
                bad.append({'InstanceId': iid, 'Error': {
                    'Code': 'InvalidParameterValue',
                    'Message': "Invalid value '%s' for CpuCredits" % credits}})
            else:
                inst['_credits'] = credits
                ok.append({'InstanceId': iid})
        return {'SuccessfulInstanceCreditSpecifications': ok,
                'UnsuccessfulInstanceCreditSpecifications': bad}

    def op_ModifyInstanceMetadataOptions(self, p):
        i = self._live(p['InstanceId'])
        meta = i.setdefault('_metadata', {})
        for k in ('HttpTokens', 'HttpPutResponseHopLimit', 'HttpEndpoint', 'HttpProtocolIpv6',
                  'InstanceMetadataTags'):
            if p.get(k) is not None:
                meta[k] = p[k]
        return {'InstanceId': i['InstanceId'],
                'InstanceMetadataOptions': dict(meta, State='pending')}

    def op_ModifyInstanceMaintenanceOptions(self, p):
        i = self._live(p['InstanceId'])
        return {'InstanceId': i['InstanceId'], 'AutoRecovery': p.get('AutoRecovery') or 'default'}

    # -- volumes -------------------------------------------------------------------------

    def _volume_out(self, v):
        out = {'VolumeId': v['VolumeId'], 'Size': v['Size'], 'VolumeType': v['VolumeType'],
               'Encrypted': v['Encrypted'], 'SnapshotId': v['SnapshotId'],
               'AvailabilityZone': v['AvailabilityZone'], 'CreateTime': v['CreateTime'],
               'State': 'in-use' if v['_instance'] else 'available',
               'MultiAttachEnabled': False, 'Tags': _ec2()._tag_list(v['_tags']) or None,
               'Attachments': []}
        if v['Iops'] is not None:
            out['Iops'] = v['Iops']
        if v['Throughput'] is not None:
            out['Throughput'] = v['Throughput']
        if v['KmsKeyId']:
            out['KmsKeyId'] = v['KmsKeyId']
        if v['_instance']:
            inst = self.instances[v['_instance']]
            out['Attachments'] = [{'AttachTime': inst['LaunchTime'], 'Device': v['_device'],
                                   'InstanceId': v['_instance'], 'State': 'attached',
                                   'VolumeId': v['VolumeId'],
                                   'DeleteOnTermination': v['_delete_on_termination']}]
        return out

    def op_DescribeVolumes(self, p):
        if p.get('VolumeIds'):
            items = []
            for vid in p['VolumeIds']:
                if not (vid.startswith('vol-') and _ec2()._ID_RE.match(vid)):
                    raise AwsError('InvalidVolumeID.Malformed', 'Invalid id: "%s"' % vid)
                if vid not in self.volumes:
                    raise AwsError('InvalidVolume.NotFound',
                                   "The volume '%s' does not exist." % vid)
                items.append(self.volumes[vid])
        else:
            items = list(self.volumes.values())
        items = _ec2().apply_filters(items, p.get('Filters'), {
            'volume-id': lambda v: v['VolumeId'],
            'attachment.instance-id': lambda v: v['_instance'],
            'attachment.device': lambda v: v['_device'] if v['_instance'] else None,
            'attachment.delete-on-termination': lambda v: v['_delete_on_termination'],
            'availability-zone': lambda v: v['AvailabilityZone'],
            'volume-type': lambda v: v['VolumeType'],
            'size': lambda v: v['Size'],
            'encrypted': lambda v: v['Encrypted'],
            'status': lambda v: 'in-use' if v['_instance'] else 'available',
        })
        page, nxt = self._page(items, p)
        return {'Volumes': [self._volume_out(v) for v in page], 'NextToken': nxt}

    def op_ModifyVolume(self, p):
        vid = p['VolumeId']
        v = self.volumes.get(vid)
        if v is None:
            raise AwsError('InvalidVolume.NotFound', "The volume '%s' does not exist." % vid)
        size = p.get('Size')
        if size is not None and size < v['Size']:
            raise AwsError('InvalidParameterValue',
                           'New size cannot be smaller than existing size')
        before = self._volume_out(v)
        if size is not None:
            v['Size'] = size
        if p.get('VolumeType'):
            v['VolumeType'] = p['VolumeType']
        if p.get('Iops') is not None:
            v['Iops'] = p['Iops']
        if p.get('Throughput') is not None:
            v['Throughput'] = p['Throughput']
        if v['VolumeType'] == 'gp2':
            v['Iops'], v['Throughput'] = max(100, min(16000, 3 * v['Size'])), None
        elif v['VolumeType'] == 'gp3':
            # gp3's baseline unless given (a gp2 volume's burst IOPS do not carry over)
            if before['VolumeType'] != 'gp3':
                v['Iops'] = p.get('Iops') or 3000
                v['Throughput'] = p.get('Throughput') or 125
        return {'VolumeModification': {
            'VolumeId': vid, 'ModificationState': 'completed', 'Progress': 100,
            'OriginalSize': before['Size'], 'TargetSize': v['Size'],
            'OriginalVolumeType': before['VolumeType'], 'TargetVolumeType': v['VolumeType'],
            'StartTime': self.emu.now().replace(microsecond=0)}}

    def op_DescribeVolumesModifications(self, p):
        out = []
        for vid in p.get('VolumeIds') or []:
            v = self.volumes.get(vid)
            if v is None:
                raise AwsError('InvalidVolume.NotFound', "The volume '%s' does not exist." % vid)
            out.append({'VolumeId': vid, 'ModificationState': 'completed', 'Progress': 100,
                        'TargetSize': v['Size'], 'TargetVolumeType': v['VolumeType']})
        return {'VolumesModifications': out}
