"""Amazon EC2 Auto Scaling (query): launch configurations and Auto Scaling groups.

The one idea: a group converges on its desired capacity.  Every call first
advances all groups to the emulator clock -- Pending instances become
InService (and are registered with the group's target groups), Terminating
ones disappear, a group being deleted goes away -- and then launches or
terminates instances through the EC2 emulator until the count matches the
desired capacity, recording a scaling activity for each, as AWS does.  A
failed launch becomes a Failed activity and is retried later.
"""

import base64
import copy
import datetime
import json
import threading

import store
from errors import AwsError, ServiceBase
from svc_autoscaling_blocks import BlocksMixin
from svc_autoscaling_policies import PoliciesMixin
from svc_autoscaling_refresh import RefreshMixin

_PROCESSES = ('Launch', 'Terminate', 'AddToLoadBalancer', 'AlarmNotification', 'AZRebalance',
              'HealthCheck', 'InstanceRefresh', 'ReplaceUnhealthy', 'ScheduledActions')
_METRICS = ('GroupMinSize', 'GroupMaxSize', 'GroupDesiredCapacity', 'GroupInServiceInstances',
            'GroupPendingInstances', 'GroupStandbyInstances', 'GroupTerminatingInstances',
            'GroupTotalInstances', 'GroupInServiceCapacity', 'GroupPendingCapacity',
            'GroupStandbyCapacity', 'GroupTerminatingCapacity', 'GroupTotalCapacity',
            'WarmPoolDesiredCapacity', 'WarmPoolWarmedCapacity', 'WarmPoolPendingCapacity',
            'WarmPoolTerminatingCapacity', 'WarmPoolTotalCapacity',
            'GroupAndWarmPoolDesiredCapacity', 'GroupAndWarmPoolTotalCapacity')
_HEALTH_CHECK_TYPES = ('EC2', 'ELB', 'VPC_LATTICE', 'EBS')
_MAX_TAGS = 50
_ALIVE = ('Pending', 'InService')


def _validation(message):
    return AwsError('ValidationError', message)


def _group_not_found(name):
    return _validation('AutoScalingGroup name not found - AutoScalingGroup %s not found' % name)


def _lc_not_found(name):
    return _validation('Launch configuration name not found - Launch configuration %s not found'
                       % name)


def _to_datetime(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc)


def _iso(t):
    return _to_datetime(t).strftime('%Y-%m-%dT%H:%M:%SZ')


def _page(items, token, size, default=50, limit=100):
    start = 0
    if token:
        try:
            start = int(base64.b64decode(token.encode()).decode())
        except (ValueError, UnicodeDecodeError):
            raise AwsError('InvalidNextToken', 'The token is invalid.')
        if not 0 <= start <= len(items):
            raise AwsError('InvalidNextToken', 'The token is invalid.')
    size = size or default
    if not 1 <= size <= limit:
        raise _validation('MaxRecords must be between 1 and %d' % limit)
    nxt = None
    if start + size < len(items):
        nxt = base64.b64encode(str(start + size).encode()).decode()
    return items[start:start + size], nxt


class Service(PoliciesMixin, RefreshMixin, BlocksMixin, ServiceBase):
    signing_name = 'autoscaling'
    model_name = 'autoscaling'

    launch_seconds = 1.0      # Pending -> InService
    terminate_seconds = 1.0   # Terminating -> gone
    delete_seconds = 1.0      # 'Delete in progress' -> gone
    retry_seconds = 10.0      # wait after a failed launch before trying again

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        with self._lock:
            self.lcs = {}           # name -> LaunchConfiguration dict (AWS shape)
            self.groups = {}        # name -> record
            self.activities = []    # every activity, newest last, deleted groups included

    def snapshot(self):
        with self._lock:
            self._advance()
            return {
                'launch_configurations': sorted(self.lcs),
                'auto_scaling_groups': sorted(self.groups),
                'instances': sorted([i['id'] for g in self.groups.values()
                                     for i in g['instances']] +
                                    [i['id'] for g in self.groups.values()
                                     for i in g.get('warm_instances') or []]),
            }

    def handle(self, op, params):
        with self._lock:
            self._advance()
            return super().handle(op, params or {})

    # -- plumbing ------------------------------------------------------------

    def _now(self):
        t = self.emu.now()
        if isinstance(t, datetime.datetime):
            return t.timestamp()
        return float(t)

    def _ec2(self):
        return self.emu.services['ec2']

    def _elb(self):
        for name in ('elasticloadbalancing', 'elbv2'):
            svc = self.emu.services.get(name)
            if svc is not None:
                return svc
        return None

    def _arn(self, kind, name):
        return store.arn('autoscaling', self.emu.region, self.emu.account_id,
                         '%s:%s:%sName/%s' % (kind, store.new_uuid(), kind, name))

    def _group(self, name, deleting_ok=False):
        g = self.groups.get(name)
        if g is None or self.emu.hidden(g['arn']):
            raise _group_not_found(name)
        if g['status'] and not deleting_ok:
            raise _validation('AutoScalingGroup %s is pending delete.' % name)
        return g

    # -- launch configurations ---------------------------------------------------

    def op_CreateLaunchConfiguration(self, p):
        name = p['LaunchConfigurationName']
        if name in self.lcs:
            raise AwsError('AlreadyExists', 'Launch Configuration by this name already exists - '
                           'A launch configuration already exists with the name %s' % name)
        image, itype = p.get('ImageId'), p.get('InstanceType')
        if p.get('InstanceId') and (not image or not itype):
            inst = self._ec2().describe_instance_internal(p['InstanceId'])
            if inst is None:
                raise _validation('Invalid instance id %s' % p['InstanceId'])
            image, itype = image or inst.get('ImageId'), itype or inst.get('InstanceType')
        if not image:
            raise _validation('ImageId must be specified when InstanceId is not provided')
        if not itype:
            raise _validation('InstanceType must be specified when InstanceId is not provided')
        get_image = getattr(self._ec2(), 'get_image', None)
        if get_image is not None:
            try:
                get_image(image)
            except AwsError:
                raise _validation("The image id '[%s]' does not exist" % image)
        lc = {
            'LaunchConfigurationName': name,
            'LaunchConfigurationARN': self._arn('launchConfiguration', name),
            'ImageId': image, 'InstanceType': itype,
            'KeyName': p.get('KeyName') or '',
            'SecurityGroups': list(p.get('SecurityGroups') or []),
            'ClassicLinkVPCSecurityGroups': list(p.get('ClassicLinkVPCSecurityGroups') or []),
            'UserData': p.get('UserData') or '',
            'KernelId': p.get('KernelId') or '', 'RamdiskId': p.get('RamdiskId') or '',
            'BlockDeviceMappings': copy.deepcopy(p.get('BlockDeviceMappings') or []),
            'InstanceMonitoring': copy.deepcopy(p.get('InstanceMonitoring') or {'Enabled': True}),
            'CreatedTime': _to_datetime(self._now()),
            'EbsOptimized': bool(p.get('EbsOptimized', False)),
        }
        for key in ('ClassicLinkVPCId', 'SpotPrice', 'IamInstanceProfile', 'PlacementTenancy',
                    'AssociatePublicIpAddress', 'MetadataOptions'):
            if p.get(key) is not None:
                lc[key] = copy.deepcopy(p[key])
        self.lcs[name] = lc
        self.emu.note_created(lc['LaunchConfigurationARN'])
        return {}

    def op_DescribeLaunchConfigurations(self, p):
        names = p.get('LaunchConfigurationNames')
        if names:
            found = [self.lcs[n] for n in dict.fromkeys(names) if n in self.lcs]
        else:
            found = [self.lcs[n] for n in sorted(self.lcs)]
        found = [lc for lc in found if not self.emu.hidden(lc['LaunchConfigurationARN'])]
        page, nxt = _page(found, p.get('NextToken'), p.get('MaxRecords'))
        out = {'LaunchConfigurations': copy.deepcopy(page)}
        if nxt:
            out['NextToken'] = nxt
        return out

    def op_DeleteLaunchConfiguration(self, p):
        name = p['LaunchConfigurationName']
        if name not in self.lcs:
            raise _lc_not_found(name)
        for g in self.groups.values():
            if g['lc'] == name:
                raise AwsError('ResourceInUse', 'Cannot delete launch configuration %s because '
                               'it is attached to AutoScalingGroup %s' % (name, g['name']))
        del self.lcs[name]
        return {}

    # -- groups: validation ----------------------------------------------------------

    @staticmethod
    def _sizes(min_size, max_size, desired, current=None):
        if min_size > max_size:
            raise _validation('Max bound, %d, must be greater than or equal to min bound, %d'
                              % (max_size, min_size))
        if desired is None:
            desired = min_size if current is None else min(max(current, min_size), max_size)
        elif not min_size <= desired <= max_size:
            raise _validation('Desired capacity:%d must be between the specified min size:%d and '
                              'max size:%d' % (desired, min_size, max_size))
        return desired

    def _subnets(self, zone_identifier):
        """[(subnet id, zone)] of a comma-separated VPCZoneIdentifier."""
        out, vpcs = [], set()
        for sid in dict.fromkeys(s.strip() for s in zone_identifier.split(',') if s.strip()):
            try:
                sub = self._ec2().get_subnet(sid)
            except AwsError:
                raise _validation("The subnet ID '%s' does not exist" % sid)
            out.append((sid, sub['AvailabilityZone']))
            vpcs.add(sub.get('VpcId'))
        if len(vpcs) > 1:
            raise _validation('The subnets must all be in the same VPC.')
        return out

    def _check_target_groups(self, arns):
        elb = self._elb()
        for arn in arns or []:
            if elb is None or elb.find_target_group_internal(arn) is None:
                raise _validation('Provided Target Groups may not be valid. Please ensure they '
                                  'exist and try again.')

    @staticmethod
    def _check_health_check_type(value):
        if value is not None and any(v.strip() not in _HEALTH_CHECK_TYPES
                                     for v in value.split(',')):
            raise _validation("Health check type '%s' is not valid. Valid values are EC2, ELB, "
                              'VPC_LATTICE and EBS.' % value)

    @staticmethod
    def _tags_in(name, tags):
        out = {}
        for t in tags or []:
            if t.get('ResourceId') not in (None, name):
                raise _validation('Tag resource id %s does not match the group name %s'
                                  % (t['ResourceId'], name))
            out[t['Key']] = {'Value': t.get('Value') or '',
                             'PropagateAtLaunch': bool(t.get('PropagateAtLaunch', False))}
        if len(out) > _MAX_TAGS:
            raise AwsError('LimitExceeded', 'The number of tags exceeds the limit of %d for an '
                           'Auto Scaling group.' % _MAX_TAGS)
        return out

    # -- groups: operations -----------------------------------------------------------

    def op_CreateAutoScalingGroup(self, p):
        name = p['AutoScalingGroupName']
        if name in self.groups:
            raise AwsError('AlreadyExists', 'AutoScalingGroup by this name already exists - A '
                           'group with the name %s already exists' % name)
        sources = [k for k in ('LaunchConfigurationName', 'LaunchTemplate', 'MixedInstancesPolicy',
                               'InstanceId') if p.get(k)]
        if len(sources) != 1:
            raise _validation('Valid requests must contain either LaunchTemplate, '
                              'LaunchConfigurationName, InstanceId or MixedInstancesPolicy '
                              'parameter.')
        lc = p.get('LaunchConfigurationName')
        if lc and lc not in self.lcs:
            raise _lc_not_found(lc)
        lt_spec, mixed = self._lt_sources(p)
        desired = self._sizes(p['MinSize'], p['MaxSize'], p.get('DesiredCapacity'))
        subnets = self._subnets(p['VPCZoneIdentifier']) if p.get('VPCZoneIdentifier') else []
        azs = sorted({az for _, az in subnets}) or list(p.get('AvailabilityZones') or [])
        if not azs:
            raise _validation('At least one Availability Zone or VPC Subnet is required.')
        self._check_target_groups(p.get('TargetGroupARNs'))
        if p.get('TrafficSources'):
            self._traffic_check(p['TrafficSources'])
        if p.get('LoadBalancerNames'):
            raise _validation('Provided Load Balancers may not be valid. Please ensure they exist '
                              'and try again.')
        self._check_health_check_type(p.get('HealthCheckType'))
        tags = self._tags_in(name, p.get('Tags'))
        now = self._now()
        g = {
            'name': name, 'arn': self._arn('autoScalingGroup', name), 'lc': lc,
            'lt': lt_spec, 'mixed': mixed,
            'min': p['MinSize'], 'max': p['MaxSize'], 'desired': desired,
            'cooldown': p.get('DefaultCooldown', 300),
            'hc_type': p.get('HealthCheckType') or 'EC2',
            'hc_grace': p.get('HealthCheckGracePeriod', 0),
            'subnets': subnets, 'azs': azs,
            'zone_identifier': ','.join(s for s, _ in subnets) if subnets else None,
            'tgs': list(dict.fromkeys(p.get('TargetGroupARNs') or [])),
            'termination': list(p.get('TerminationPolicies') or ['Default']),
            'protect': bool(p.get('NewInstancesProtectedFromScaleIn', False)),
            'tags': tags, 'suspended': {}, 'metrics': {},
            'instances': [], 'created': now, 'status': None, 'delete_at': None,
            'retry_at': 0.0,
            'cause': 'At %s a user request created an AutoScalingGroup changing the desired '
                     'capacity from 0 to %d.' % (_iso(now), desired),
            'extra': {}, 'warm': None, 'warm_instances': [], 'hooks': {}, 'traffic': [],
        }
        for key in ('MaxInstanceLifetime', 'CapacityRebalance', 'PlacementGroup',
                    'DefaultInstanceWarmup', 'Context', 'DesiredCapacityType',
                    'InstanceMaintenancePolicy', 'AvailabilityZoneDistribution',
                    'CapacityReservationSpecification', 'AvailabilityZoneImpairmentPolicy',
                    'DeletionProtection', 'InstanceLifecyclePolicy', 'ServiceLinkedRoleARN'):
            if p.get(key) is not None:
                g['extra'][key] = copy.deepcopy(p[key])
        self.groups[name] = g
        if p.get('TrafficSources'):
            self._traffic_attach(g, p['TrafficSources'], now)
        self.emu.note_created(g['arn'])
        self._converge(g)
        return {}

    def op_UpdateAutoScalingGroup(self, p):
        g = self._group(p['AutoScalingGroupName'])
        min_size = p.get('MinSize', g['min'])
        max_size = p.get('MaxSize', g['max'])
        desired = self._sizes(min_size, max_size, p.get('DesiredCapacity'), g['desired'])
        lc = p.get('LaunchConfigurationName')
        if lc and lc not in self.lcs:
            raise _lc_not_found(lc)
        lt_spec, mixed = self._lt_sources(p)
        subnets = None
        if p.get('VPCZoneIdentifier'):
            subnets = self._subnets(p['VPCZoneIdentifier'])
        self._check_health_check_type(p.get('HealthCheckType'))
        # Validated: apply.
        if desired != g['desired']:
            g['cause'] = ('At %s a user request update of AutoScalingGroup constraints to min: '
                          '%d, max: %d, desired: %d changing the desired capacity from %d to %d.'
                          % (_iso(self._now()), min_size, max_size, desired, g['desired'],
                             desired))
            g['retry_at'] = 0.0
        g['min'], g['max'], g['desired'] = min_size, max_size, desired
        if lc:
            g['lc'], g['lt'], g['mixed'] = lc, None, None
        if lt_spec:
            g['lt'], g['lc'], g['mixed'] = lt_spec, None, None
        if mixed:
            g['mixed'], g['lc'], g['lt'] = mixed, None, None
        if subnets is not None:
            g['subnets'] = subnets
            g['azs'] = sorted({az for _, az in subnets})
            g['zone_identifier'] = ','.join(s for s, _ in subnets)
        elif p.get('AvailabilityZones') and not g['subnets']:
            g['azs'] = list(p['AvailabilityZones'])
        for key, field in (('DefaultCooldown', 'cooldown'), ('HealthCheckType', 'hc_type'),
                           ('HealthCheckGracePeriod', 'hc_grace'),
                           ('TerminationPolicies', 'termination'),
                           ('NewInstancesProtectedFromScaleIn', 'protect')):
            if p.get(key) is not None:
                g[field] = copy.deepcopy(p[key])
        for key in ('MaxInstanceLifetime', 'CapacityRebalance', 'PlacementGroup',
                    'DefaultInstanceWarmup', 'Context', 'DesiredCapacityType',
                    'InstanceMaintenancePolicy', 'AvailabilityZoneDistribution',
                    'CapacityReservationSpecification', 'AvailabilityZoneImpairmentPolicy',
                    'DeletionProtection', 'InstanceLifecyclePolicy', 'ServiceLinkedRoleARN'):
            if p.get(key) is not None:
                g['extra'][key] = copy.deepcopy(p[key])
        self._converge(g)
        return {}

    def op_DeleteAutoScalingGroup(self, p):
        g = self._group(p['AutoScalingGroupName'], deleting_ok=True)
        if g['status']:
            return {}
        force = bool(p.get('ForceDelete'))
        protection = g['extra'].get('DeletionProtection', 'none')
        if protection == 'prevent-all-deletion' or (protection == 'prevent-force-deletion'
                                                    and force):
            raise _validation('Deletion protection is enabled for AutoScalingGroup %s.'
                              % g['name'])
        if not force:
            if any(i['state'] in ('Pending', 'Terminating') for i in g['instances']):
                raise AwsError('ScalingActivityInProgress', 'You cannot delete an '
                               'AutoScalingGroup while there are scaling activities in progress '
                               'for that group.')
            if g['instances']:
                raise AwsError('ResourceInUse', 'You cannot delete an AutoScalingGroup while '
                               'there are instances or pending Spot instance request(s) still in '
                               'the group.')
        now = self._now()
        g['status'] = 'Delete in progress'
        g['desired'] = g['min'] = g['max'] = 0
        g['cause'] = 'At %s a user request deleted the AutoScalingGroup.' % _iso(now)
        victims = [i for i in g['instances'] if i['state'] in _ALIVE]
        self._terminate(g, victims, now, forced=True)
        self._warm_terminate(g, [i for i in g.get('warm_instances') or []
                                 if i['state'] != 'Terminating'], now)
        g['warm'] = None
        g['delete_at'] = now + max(self.delete_seconds, self.terminate_seconds if victims else 0)
        return {}

    # -- convergence ---------------------------------------------------------------

    def _advance(self):
        now = self._now()
        for name in list(self.groups):
            g = self.groups[name]
            for inst in list(g['instances']):
                if inst['state'] == 'Pending' and now >= inst['launched'] + self.launch_seconds:
                    inst['state'] = 'InService'
                    self._finish(inst, inst['launched'] + self.launch_seconds)
                    elb = self._elb()
                    for tg in self._traffic_elbv2(g):
                        if elb is not None:
                            elb.register_targets_internal(tg, [inst['id']])
                elif inst['state'] == 'Terminating' and now >= inst['term_at']:
                    self._finish(inst, inst['term_at'])
                    g['instances'].remove(inst)
            for inst in list(g.get('warm_instances') or []):
                if inst['state'] == 'Terminating' and now >= inst['term_at']:
                    g['warm_instances'].remove(inst)
            if g['status'] and now >= g['delete_at'] and not g['instances'] \
                    and not g.get('warm_instances'):
                del self.groups[name]
                continue
            self._traffic_advance(g, now)
            self._converge(g)
            self._warm_advance(g, now)

    def _converge(self, g):
        """Launch or terminate instances until the group holds its desired capacity."""
        if g['status']:
            return
        now = self._now()
        alive = [i for i in g['instances'] if i['state'] in _ALIVE]
        if len(alive) < g['desired'] and 'Launch' not in g['suspended'] and now >= g['retry_at']:
            for _ in range(g['desired'] - len(alive)):
                if not self._launch(g, now):
                    break
        elif len(alive) > g['desired'] and 'Terminate' not in g['suspended']:
            extra = len(alive) - g['desired']
            self._terminate(g, self._victims(g, alive, extra), now)

    # -- launch templates -------------------------------------------------------------

    def _lt_resolve(self, spec):
        """A group's launch template specification, checked against EC2's launch
        templates and completed with both id and name, as AWS answers it."""
        lt_id, name = spec.get('LaunchTemplateId'), spec.get('LaunchTemplateName')
        if bool(lt_id) == bool(name):
            raise _validation('Valid requests must contain either launchTemplateId or '
                              'LaunchTemplateName.')
        ec2 = self._ec2()
        try:
            lt, _ = ec2.launch_template_version(lt_id, name, spec.get('Version'))
        except AwsError as e:
            if 'VersionNotFound' in e.code:
                raise _validation('You must use a valid fully-formed launch template. %s'
                                  % e.message)
            raise _validation('You must use a valid fully-formed launch template. The '
                              'specified launch template, with template %s, does not exist.'
                              % ('ID %s' % lt_id if lt_id else 'name %s' % name))
        out = {'LaunchTemplateId': lt['LaunchTemplateId'],
               'LaunchTemplateName': lt['LaunchTemplateName']}
        if spec.get('Version'):
            out['Version'] = spec['Version']
        return out

    def _lt_sources(self, p):
        """(LaunchTemplate, MixedInstancesPolicy) of a create or update, resolved."""
        lt_spec = self._lt_resolve(p['LaunchTemplate']) if p.get('LaunchTemplate') else None
        mixed = copy.deepcopy(p.get('MixedInstancesPolicy'))
        if mixed:
            lt = mixed.get('LaunchTemplate') or {}
            spec = lt.get('LaunchTemplateSpecification')
            if not spec:
                raise _validation('A launch template specification is required in the mixed '
                                  'instances policy.')
            lt['LaunchTemplateSpecification'] = self._lt_resolve(spec)
            # AWS answers every setting of the distribution, defaults included.
            dist = mixed.get('InstancesDistribution') or {}
            if not dist.get('SpotMaxPrice'):
                dist.pop('SpotMaxPrice', None)
            dist.setdefault('OnDemandAllocationStrategy', 'prioritized')
            dist.setdefault('OnDemandBaseCapacity', 0)
            dist.setdefault('OnDemandPercentageAboveBaseCapacity', 100)
            dist.setdefault('SpotAllocationStrategy', 'lowest-price')
            if dist['SpotAllocationStrategy'] == 'lowest-price':
                dist.setdefault('SpotInstancePools', 2)
            if dist['OnDemandAllocationStrategy'] not in ('prioritized', 'lowest-price'):
                raise _validation('Valid values for OnDemandAllocationStrategy are: '
                                  'prioritized, lowest-price')
            if dist['SpotAllocationStrategy'] not in (
                    'lowest-price', 'capacity-optimized', 'capacity-optimized-prioritized',
                    'price-capacity-optimized'):
                raise _validation('Valid values for SpotAllocationStrategy are: lowest-price, '
                                  'capacity-optimized, capacity-optimized-prioritized, '
                                  'price-capacity-optimized')
            mixed['InstancesDistribution'] = dist
            overrides = lt.get('Overrides') or []
            for o in overrides:
                if o.get('InstanceType') and o.get('InstanceRequirements'):
                    raise _validation('You must specify either InstanceType or '
                                      'InstanceRequirements in an override, not both.')
            for o in lt.get('Overrides') or []:
                if o.get('LaunchTemplateSpecification'):
                    o['LaunchTemplateSpecification'] = self._lt_resolve(
                        o['LaunchTemplateSpecification'])
        return lt_spec, mixed

    def _lt_launch_data(self, g):
        """What an instance of a group launching from a launch template (or a mixed
        instances policy's first override) gets, in launch configuration form."""
        spec, itype = g['lt'], None
        if g['mixed']:
            lt = g['mixed']['LaunchTemplate']
            spec = lt['LaunchTemplateSpecification']
            overrides = lt.get('Overrides') or []
            if overrides:
                spec = overrides[0].get('LaunchTemplateSpecification') or spec
                itype = overrides[0].get('InstanceType')
        if not spec:
            return None
        try:
            _, v = self._ec2().launch_template_version(spec['LaunchTemplateId'], None,
                                                       spec.get('Version'))
        except AwsError as e:
            raise _validation(e.message)
        data = v['LaunchTemplateData']
        groups = list(data.get('SecurityGroupIds') or [])
        for ni in data.get('NetworkInterfaces') or []:
            groups += ni.get('Groups') or []
        profile = data.get('IamInstanceProfile') or {}
        if profile and not self._ec2().instance_profile_usable(profile):
            raise AwsError('InvalidParameterValue', 'Value (%s) for parameter '
                           'iamInstanceProfile.name is invalid. Invalid IAM Instance Profile '
                           'name' % (profile.get('Name') or profile.get('Arn')))
        return {'ImageId': data.get('ImageId'),
                'InstanceType': itype or data.get('InstanceType') or 'm1.small',
                'SecurityGroups': groups, 'UserData': data.get('UserData'),
                'KeyName': data.get('KeyName'),
                'IamInstanceProfile': profile.get('Arn') or profile.get('Name')}

    def _pick_subnet(self, g):
        """The subnet of the zone holding the fewest live instances (AWS balances zones)."""
        if not g['subnets']:
            return None, g['azs'][0] if g['azs'] else None
        counts = {}
        for i in g['instances']:
            if i['state'] in _ALIVE:
                counts[i['az']] = counts.get(i['az'], 0) + 1
        return min(g['subnets'], key=lambda s: counts.get(s[1], 0))

    def _launch(self, g, now):
        alive = sum(1 for i in g['instances'] if i['state'] in _ALIVE)
        subnet, az = self._pick_subnet(g)
        activity = self._activity(g, now, 'Launching a new EC2 instance', (
            '%s  At %s an instance was started in response to a difference between desired and '
            'actual capacity, increasing the capacity from %d to %d.'
            % (g['cause'], _iso(now), alive, g['desired'])), subnet, az)
        try:
            lc = self.lcs.get(g['lc']) if g['lc'] else self._lt_launch_data(g)
            if lc is None:
                raise _validation('The launch configuration of the group no longer exists.')
            tags = {'aws:autoscaling:groupName': g['name']}
            tags.update((k, v['Value']) for k, v in sorted(g['tags'].items())
                        if v['PropagateAtLaunch'])
            iid = self._ec2().run_instances_internal(
                lc['ImageId'], lc['InstanceType'], subnet, lc['SecurityGroups'],
                lc['UserData'] or None, tags, key_name=lc['KeyName'] or None,
                iam_instance_profile=lc.get('IamInstanceProfile'))
        except AwsError as e:
            activity.update(StatusCode='Failed', Progress=100, EndTime=_to_datetime(now),
                            StatusMessage=('%s Launching EC2 instance failed.' % e.message)[:255],
                            Description='Launching a new EC2 instance.  Status Reason: %s '
                                        'Launching EC2 instance failed.' % e.message)
            g['retry_at'] = now + self.retry_seconds
            return False
        activity['Description'] = 'Launching a new EC2 instance: %s' % iid
        g['instances'].append({
            'id': iid, 'az': az, 'subnet': subnet, 'state': 'Pending', 'launched': now,
            'term_at': None, 'lc': g['lc'], 'type': lc['InstanceType'],
            'protected': g['protect'], 'activity': activity,
        })
        return True

    @staticmethod
    def _victims(g, alive, count):
        """Instances to take out on scale-in: unprotected, from the fullest zone, newest first."""
        pool = [i for i in alive if not i['protected']]
        chosen = []
        while pool and len(chosen) < count:
            zones = {}
            for i in alive:
                if i not in chosen:
                    zones[i['az']] = zones.get(i['az'], 0) + 1
            pool.sort(key=lambda i: (-zones.get(i['az'], 0), -i['launched']))
            chosen.append(pool.pop(0))
        return chosen

    def _terminate(self, g, victims, now, forced=False):
        if not victims:
            return
        alive = sum(1 for i in g['instances'] if i['state'] in _ALIVE)
        elb = self._elb()
        for inst in victims:
            cause = ('%s  At %s an instance was taken out of service in response to a '
                     'difference between desired and actual capacity, shrinking the capacity '
                     'from %d to %d.  At %s instance %s was selected for termination.'
                     % (g['cause'], _iso(now), alive, g['desired'], _iso(now), inst['id']))
            if forced:
                cause = '%s  At %s instance %s was terminated.' % (g['cause'], _iso(now),
                                                                   inst['id'])
            self._finish(inst, now)
            inst['activity'] = self._activity(g, now, 'Terminating EC2 instance: %s' % inst['id'],
                                              cause, inst['subnet'], inst['az'])
            inst['state'] = 'Terminating'
            inst['term_at'] = now + self.terminate_seconds
            if elb is not None:
                for tg in self._traffic_elbv2(g):
                    elb.deregister_targets_internal(tg, [inst['id']])
        self._ec2().terminate_instances_internal([i['id'] for i in victims])

    def _activity(self, g, now, description, cause, subnet, az):
        details = {}
        if subnet:
            details['Subnet ID'] = subnet
        if az:
            details['Availability Zone'] = az
        activity = {
            'ActivityId': store.new_uuid(), 'AutoScalingGroupName': g['name'],
            'AutoScalingGroupARN': g['arn'], 'Description': description, 'Cause': cause,
            'StartTime': _to_datetime(now), 'StatusCode': 'InProgress', 'Progress': 50,
            'Details': json.dumps(details, separators=(',', ':')),
        }
        self.activities.append(activity)
        return activity

    @staticmethod
    def _finish(inst, when):
        act = inst.get('activity')
        if act is not None and act['StatusCode'] == 'InProgress':
            act.update(StatusCode='Successful', Progress=100, EndTime=_to_datetime(when))

    # -- describe -----------------------------------------------------------------------

    def _group_out(self, g, include_instances=True):
        out = {
            'AutoScalingGroupName': g['name'], 'AutoScalingGroupARN': g['arn'],
            'MinSize': g['min'], 'MaxSize': g['max'], 'DesiredCapacity': g['desired'],
            'DefaultCooldown': g['cooldown'], 'AvailabilityZones': list(g['azs']),
            'LoadBalancerNames': [], 'TargetGroupARNs': list(g['tgs']),
            'HealthCheckType': g['hc_type'], 'HealthCheckGracePeriod': g['hc_grace'],
            'CreatedTime': _to_datetime(g['created']),
            'SuspendedProcesses': [{'ProcessName': k, 'SuspensionReason': v}
                                   for k, v in g['suspended'].items()],
            'EnabledMetrics': [{'Metric': k, 'Granularity': v} for k, v in g['metrics'].items()],
            'Tags': self._tags_out(g),
            'TerminationPolicies': list(g['termination']),
            'NewInstancesProtectedFromScaleIn': g['protect'],
            'ServiceLinkedRoleARN': 'arn:aws:iam::%s:role/aws-service-role/autoscaling.amazonaws.'
                                    'com/AWSServiceRoleForAutoScaling' % self.emu.account_id,
            'CapacityRebalance': False,
            'TrafficSources': self._traffic_out(g),
            'AvailabilityZoneDistribution': {'CapacityDistributionStrategy':
                                             'balanced-best-effort'},
            'CapacityReservationSpecification': {'CapacityReservationPreference': 'default'},
        }
        if include_instances:
            out['Instances'] = [self._instance_out(g, i) for i in g['instances']]
        if g['lc']:
            out['LaunchConfigurationName'] = g['lc']
        if g['lt']:
            out['LaunchTemplate'] = copy.deepcopy(g['lt'])
        if g['mixed']:
            out['MixedInstancesPolicy'] = copy.deepcopy(g['mixed'])
        if g['zone_identifier'] is not None:
            out['VPCZoneIdentifier'] = g['zone_identifier']
        if g['status']:
            out['Status'] = g['status']
        warm = self._warm_out(g)
        if warm:
            out['WarmPoolConfiguration'] = warm
            out['WarmPoolSize'] = len([i for i in g['warm_instances']
                                       if i['state'] != 'Terminating'])
        out.update(copy.deepcopy(g['extra']))
        return out

    @staticmethod
    def _instance_out(g, i):
        out = {'InstanceId': i['id'], 'InstanceType': i['type'], 'AvailabilityZone': i['az'],
               'LifecycleState': i['state'], 'HealthStatus': 'Healthy',
               'ProtectedFromScaleIn': i['protected']}
        if i['lc']:
            out['LaunchConfigurationName'] = i['lc']
        return out

    def _tags_out(self, g):
        return [{'ResourceId': g['name'], 'ResourceType': 'auto-scaling-group', 'Key': k,
                 'Value': v['Value'], 'PropagateAtLaunch': v['PropagateAtLaunch']}
                for k, v in sorted(g['tags'].items())]

    @staticmethod
    def _tag_filter_match(g, filters):
        for f in filters or []:
            name, values = f.get('Name') or '', f.get('Values') or []
            if name == 'tag-key':
                ok = any(k in values for k in g['tags'])
            elif name == 'tag-value':
                ok = any(v['Value'] in values for v in g['tags'].values())
            elif name.startswith('tag:'):
                tag = g['tags'].get(name[4:])
                ok = tag is not None and tag['Value'] in values
            else:
                raise _validation('Filter name %s is not valid' % name)
            if not ok:
                return False
        return True

    def op_DescribeAutoScalingGroups(self, p):
        names = p.get('AutoScalingGroupNames')
        if names:
            found = [self.groups[n] for n in dict.fromkeys(names) if n in self.groups]
        else:
            found = [self.groups[n] for n in sorted(self.groups)]
        found = [g for g in found if not self.emu.hidden(g['arn'])
                 and self._tag_filter_match(g, p.get('Filters'))]
        page, nxt = _page(found, p.get('NextToken'), p.get('MaxRecords'))
        include = p.get('IncludeInstances', True)
        out = {'AutoScalingGroups': [self._group_out(g, include) for g in page]}
        if nxt:
            out['NextToken'] = nxt
        return out

    def op_DescribeScalingActivities(self, p):
        name = p.get('AutoScalingGroupName')
        live = {g['arn'] for g in self.groups.values()}
        items = []
        for a in reversed(self.activities):
            if name and a['AutoScalingGroupName'] != name:
                continue
            if not p.get('IncludeDeletedGroups') and a['AutoScalingGroupARN'] not in live:
                continue
            if p.get('ActivityIds') and a['ActivityId'] not in p['ActivityIds']:
                continue
            items.append(a)
        page, nxt = _page(items, p.get('NextToken'), p.get('MaxRecords'), default=100)
        out = {'Activities': copy.deepcopy(page)}
        for a in out['Activities']:
            if a['AutoScalingGroupARN'] not in live:
                a['AutoScalingGroupState'] = 'Deleted'
        if nxt:
            out['NextToken'] = nxt
        return out

    # -- tags -------------------------------------------------------------------------

    def _tag_group(self, t):
        if t.get('ResourceType') not in (None, 'auto-scaling-group'):
            raise _validation('Invalid resource type %s; only auto-scaling-group is supported'
                              % t.get('ResourceType'))
        if not t.get('ResourceId'):
            raise _validation('ResourceId is required for tags')
        return self._group(t['ResourceId'], deleting_ok=True)

    def op_CreateOrUpdateTags(self, p):
        changes = []
        for t in p['Tags']:
            changes.append((self._tag_group(t), t))
        for g in {id(g): g for g, _ in changes}.values():
            keys = set(g['tags']) | {t['Key'] for gg, t in changes if gg is g}
            if len(keys) > _MAX_TAGS:
                raise AwsError('LimitExceeded', 'The number of tags exceeds the limit of %d for an '
                               'Auto Scaling group.' % _MAX_TAGS)
        for g, t in changes:
            g['tags'][t['Key']] = {'Value': t.get('Value') or '',
                                   'PropagateAtLaunch': bool(t.get('PropagateAtLaunch', False))}
        return {}

    def op_DeleteTags(self, p):
        for t in p['Tags']:
            self._tag_group(t)['tags'].pop(t['Key'], None)
        return {}

    def op_DescribeTags(self, p):
        filters = p.get('Filters') or []
        items = []
        for name in sorted(self.groups):
            g = self.groups[name]
            if self.emu.hidden(g['arn']):
                continue
            for tag in self._tags_out(g):
                if all(self._tag_matches(tag, f) for f in filters):
                    items.append(tag)
        page, nxt = _page(items, p.get('NextToken'), p.get('MaxRecords'))
        out = {'Tags': page}
        if nxt:
            out['NextToken'] = nxt
        return out

    @staticmethod
    def _tag_matches(tag, f):
        name, values = f.get('Name'), f.get('Values') or []
        field = {'auto-scaling-group': 'ResourceId', 'key': 'Key', 'value': 'Value',
                 'propagate-at-launch': 'PropagateAtLaunch'}.get(name)
        if field is None:
            raise _validation('Filter name %s is not valid' % name)
        value = tag[field]
        if isinstance(value, bool):
            value = 'true' if value else 'false'
        return value in values

    # -- load balancer target groups -------------------------------------------------------

    def op_AttachLoadBalancerTargetGroups(self, p):
        g = self._group(p['AutoScalingGroupName'])
        self._check_target_groups(p['TargetGroupARNs'])
        elb = self._elb()
        for arn in p['TargetGroupARNs']:
            if arn in g['tgs']:
                continue
            g['tgs'].append(arn)
            ids = [i['id'] for i in g['instances'] if i['state'] == 'InService']
            if ids:
                elb.register_targets_internal(arn, ids)
        return {}

    def op_DetachLoadBalancerTargetGroups(self, p):
        g = self._group(p['AutoScalingGroupName'])
        elb = self._elb()
        for arn in p['TargetGroupARNs']:
            if arn not in g['tgs']:
                continue
            g['tgs'].remove(arn)
            ids = [i['id'] for i in g['instances'] if i['state'] == 'InService']
            if ids and elb is not None:
                elb.deregister_targets_internal(arn, ids)
        return {}

    def op_DescribeLoadBalancerTargetGroups(self, p):
        g = self._group(p['AutoScalingGroupName'], deleting_ok=True)
        elb = self._elb()
        ours = {i['id'] for i in g['instances'] if i['state'] == 'InService'}
        items = []
        for arn in g['tgs']:
            states = elb.target_states_internal(arn) if elb is not None else {}
            healthy = any(states.get(i) == 'healthy' for i in ours)
            items.append({'LoadBalancerTargetGroupARN': arn,
                          'State': 'InService' if healthy else 'Added'})
        page, nxt = _page(items, p.get('NextToken'), p.get('MaxRecords'))
        out = {'LoadBalancerTargetGroups': page}
        if nxt:
            out['NextToken'] = nxt
        return out

    # -- small group settings -----------------------------------------------------------

    def op_SetInstanceProtection(self, p):
        g = self._group(p['AutoScalingGroupName'])
        by_id = {i['id']: i for i in g['instances']}
        for iid in p['InstanceIds']:
            if iid not in by_id:
                raise _validation('The instance %s is not part of Auto Scaling group %s.'
                                  % (iid, g['name']))
        for iid in p['InstanceIds']:
            by_id[iid]['protected'] = bool(p['ProtectedFromScaleIn'])
        return {}

    @staticmethod
    def _process_names(names):
        bad = [n for n in names or [] if n not in _PROCESSES]
        if bad:
            raise _validation('Invalid processes: %s' % ', '.join(bad))
        return list(names or _PROCESSES)

    def op_SuspendProcesses(self, p):
        g = self._group(p['AutoScalingGroupName'])
        now = _iso(self._now())
        for name in self._process_names(p.get('ScalingProcesses')):
            g['suspended'].setdefault(name, 'User suspended at %s' % now)
        return {}

    def op_ResumeProcesses(self, p):
        g = self._group(p['AutoScalingGroupName'])
        for name in self._process_names(p.get('ScalingProcesses')):
            g['suspended'].pop(name, None)
        self._converge(g)
        return {}

    def op_EnableMetricsCollection(self, p):
        g = self._group(p['AutoScalingGroupName'])
        if p['Granularity'] != '1Minute':
            raise _validation('Valid granularity values are: [1Minute]')
        metrics = p.get('Metrics') or list(_METRICS)
        bad = [m for m in metrics if m not in _METRICS]
        if bad:
            raise _validation('Invalid metrics: %s' % ', '.join(bad))
        for m in metrics:
            g['metrics'][m] = p['Granularity']
        return {}

    def op_DisableMetricsCollection(self, p):
        g = self._group(p['AutoScalingGroupName'])
        for m in p.get('Metrics') or list(g['metrics']):
            g['metrics'].pop(m, None)
        return {}
