"""Amazon ECS (json 1.1): clusters, capacity providers, task definitions and services.

The one idea: ECS answers with normalised objects -- a registered task
definition comes back with the defaults AWS fills in (essential, cpu 0,
portMappings protocol/hostPort, empty lists), a service with its deployment
configuration, deployments and events -- and clients such as hashicorp/aws
compare what they sent with what comes back.  Those defaults live here, in
one place per object.

Time-driven changes (a deleted service going DRAINING -> INACTIVE, Fargate
tasks starting) are advanced lazily from the emulator clock at the start of
every call.  EC2-launched tasks never start: there are no container instances.
"""

import base64
import copy
import datetime
import re
import threading

import store
from errors import AwsError, ServiceBase

_NAME_RE = re.compile(r'^[A-Za-z0-9_-]{1,255}$')
_FARGATE_PROVIDERS = ('FARGATE', 'FARGATE_SPOT')
_CONTAINER_INSIGHTS = ('enabled', 'disabled', 'enhanced')
_MAX_TAGS = 50


def _client(message):
    return AwsError('ClientException', message)


def _invalid(message):
    return AwsError('InvalidParameterException', message)


def _cluster_not_found():
    return AwsError('ClusterNotFoundException', 'Cluster not found.')


def _to_datetime(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc)


def _page(items, token, size, default):
    start = 0
    if token:
        try:
            start = int(base64.b64decode(token.encode()).decode())
        except (ValueError, UnicodeDecodeError):
            raise _invalid('Invalid nextToken.')
        if not 0 <= start <= len(items):
            raise _invalid('Invalid nextToken.')
    size = size or default
    if not 1 <= size <= 100:
        raise _invalid('maxResults must be between 1 and 100.')
    nxt = None
    if start + size < len(items):
        nxt = base64.b64encode(str(start + size).encode()).decode()
    return items[start:start + size], nxt


def _norm_cpu(value):
    """'1 vCPU' -> '1024', '256' -> '256' (AWS stores CPU units)."""
    if value is None:
        return None
    v = value.strip()
    m = re.fullmatch(r'(\d+(?:\.\d+)?)\s*vcpu', v, re.IGNORECASE)
    if m:
        return str(int(float(m.group(1)) * 1024))
    if v.isdigit():
        return v
    raise _client("Invalid 'cpu' setting for task.")


def _norm_memory(value):
    """'2 GB' -> '2048', '512' -> '512' (AWS stores MiB)."""
    if value is None:
        return None
    v = value.strip()
    m = re.fullmatch(r'(\d+(?:\.\d+)?)\s*gb', v, re.IGNORECASE)
    if m:
        return str(int(float(m.group(1)) * 1024))
    if v.isdigit():
        return v
    raise _client("Invalid 'memory' setting for task.")


def _tags_in(tags):
    """ECS tags [{'key','value'}] -> ordered dict, checking AWS's limits."""
    out = {}
    for t in tags or []:
        key = t.get('key')
        if not key:
            raise _invalid('Tag keys must not be empty.')
        out[key] = t.get('value', '')
    if len(out) > _MAX_TAGS:
        raise _invalid('Too many tags. A resource can have at most %d tags.' % _MAX_TAGS)
    return out


def _tags_out(tags):
    return [{'key': k, 'value': v} for k, v in tags.items()]


class Service(ServiceBase):
    signing_name = 'ecs'
    model_name = 'ecs'

    drain_seconds = 1.0         # DRAINING -> INACTIVE after DeleteService
    task_start_seconds = 2.0    # Fargate tasks reach RUNNING
    delete_td_seconds = 1.0     # DELETE_IN_PROGRESS task definitions disappear
    cp_update_seconds = 0.5     # capacity provider UPDATE_IN_PROGRESS -> UPDATE_COMPLETE
    cp_delete_seconds = 1.0     # deleted capacity provider ACTIVE -> INACTIVE

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        with self._lock:
            self.clusters = {}          # name -> record
            self.task_defs = {}         # family -> {revision: record}
            self.services = {}          # (cluster name, service name) -> record
            self.namespaces = {}        # Cloud Map namespace name -> ARN
            self.last_revision = {}     # family -> highest revision ever (never reused)
            self.capacity_providers = {}    # name -> record (Auto Scaling group providers)

    def snapshot(self):
        """Live objects only: INACTIVE clusters, services and task definitions, which
        AWS keeps describing for a while, are not left-overs of a deployment."""
        with self._lock:
            self._advance()
            return {
                'clusters': sorted(c['arn'] for c in self.clusters.values()
                                   if c['status'] == 'ACTIVE'),
                'services': sorted(s['arn'] for s in self.services.values()
                                   if s['status'] != 'INACTIVE'),
                'task_definitions': sorted(td['td']['taskDefinitionArn']
                                           for revs in self.task_defs.values()
                                           for td in revs.values()
                                           if td['td']['status'] == 'ACTIVE'),
                'capacity_providers': sorted(cp['arn'] for cp in self.capacity_providers.values()
                                             if cp['status'] != 'INACTIVE'),
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

    def _arn(self, resource):
        return store.arn('ecs', self.emu.region, self.emu.account_id, resource)

    def _visible(self, arn):
        return not self.emu.hidden(arn)

    def _peer(self, *names):
        for n in names:
            svc = self.emu.services.get(n)
            if svc is not None:
                return svc
        return None

    def _split_arn(self, value, kind):
        """The resource part after '<kind>/' of one of our ECS ARNs, else None."""
        prefix = 'arn:aws:ecs:%s:%s:%s/' % (self.emu.region, self.emu.account_id, kind)
        if value.startswith(prefix):
            return value[len(prefix):]
        return None

    # -- time ----------------------------------------------------------------

    def _advance(self):
        now = self._now()
        for svc in self.services.values():
            if svc['status'] == 'DRAINING' and now >= svc['drain_at']:
                svc['status'] = 'INACTIVE'
                svc['running'] = 0
            if svc['status'] == 'ACTIVE':
                self._advance_tasks(svc, now)
        for cp in self.capacity_providers.values():
            if cp['update_status'] == 'UPDATE_IN_PROGRESS' and now >= cp['settle_at']:
                cp['update_status'] = 'UPDATE_COMPLETE'
            if cp['update_status'] == 'DELETE_IN_PROGRESS' and now >= cp['settle_at']:
                cp['update_status'] = 'DELETE_COMPLETE'
                cp['status'] = 'INACTIVE'
        for family in list(self.task_defs):
            revs = self.task_defs[family]
            for rev in [r for r, td in revs.items()
                        if td['td']['status'] == 'DELETE_IN_PROGRESS'
                        and now >= td['delete_at']]:
                del revs[rev]

    def _advance_tasks(self, svc, now):
        desired = svc['desired']
        if svc['running'] > desired:
            svc['running'] = desired
        if svc['fargate'] and svc['running'] < desired and \
                now - svc['changed'] >= self.task_start_seconds:
            svc['running'] = desired
            self._event(svc, '(service %s) has reached a steady state.' % svc['name'],
                        svc['changed'] + self.task_start_seconds)

    def _event(self, svc, message, when=None):
        svc['events'].insert(0, {'id': store.new_uuid(),
                                 'createdAt': _to_datetime(when or self._now()),
                                 'message': message})
        del svc['events'][100:]

    # -- clusters --------------------------------------------------------------

    def _cluster_name(self, ident):
        ident = ident or 'default'
        if ident.startswith('arn:'):
            name = self._split_arn(ident, 'cluster')
            return name
        return ident

    def _cluster(self, ident, active=True):
        name = self._cluster_name(ident)
        c = self.clusters.get(name) if name else None
        if c is None or not self._visible(c['arn']) or (active and c['status'] != 'ACTIVE'):
            raise _cluster_not_found()
        return c

    def _namespace_arn(self, ns):
        if ns.startswith('arn:'):
            return ns
        if ns not in self.namespaces:
            self.namespaces[ns] = 'arn:aws:servicediscovery:%s:%s:namespace/ns-%s' % (
                self.emu.region, self.emu.account_id, store.hex_digits(16))
        return self.namespaces[ns]

    @staticmethod
    def _check_settings(settings):
        for s in settings or []:
            if s.get('name') != 'containerInsights':
                raise _invalid('Invalid cluster setting name: %s' % s.get('name'))
            if s.get('value') not in _CONTAINER_INSIGHTS:
                raise _invalid('Invalid value for containerInsights setting: %s. Valid values '
                               'are enabled, disabled and enhanced.' % s.get('value'))

    @staticmethod
    def _merge_settings(current, new):
        merged = {s['name']: s['value'] for s in current}
        merged.update((s['name'], s['value']) for s in new or [])
        return [{'name': k, 'value': v} for k, v in merged.items()]

    def _check_providers(self, providers, strategy):
        for p in providers or []:
            if p not in _FARGATE_PROVIDERS and self._active_cp(p) is None:
                raise _invalid("The specified capacity provider '%s' does not exist. Specify a "
                               "valid capacity provider and try again." % p)
        for item in strategy or []:
            if item['capacityProvider'] not in (providers or []):
                raise _invalid('The specified capacity provider strategy cannot contain a '
                               'capacity provider that is not associated with the cluster. '
                               'Associate the capacity provider with the cluster or specify a '
                               'valid capacity provider and try again.')

    def op_CreateCluster(self, p):
        name = p.get('clusterName') or 'default'
        if not _NAME_RE.match(name):
            raise _invalid('Cluster name can have up to 255 characters and contain letters '
                           '(uppercase and lowercase), numbers, underscores, and hyphens.')
        self._check_settings(p.get('settings'))
        self._check_providers(p.get('capacityProviders'), p.get('defaultCapacityProviderStrategy'))
        tags = _tags_in(p.get('tags'))
        existing = self.clusters.get(name)
        if existing is not None and existing['status'] == 'ACTIVE':
            return {'cluster': self._cluster_out(existing, full=True)}
        c = {
            'arn': self._arn('cluster/%s' % name), 'name': name, 'status': 'ACTIVE',
            'settings': self._merge_settings([{'name': 'containerInsights',
                                               'value': 'disabled'}], p.get('settings')),
            'configuration': copy.deepcopy(p.get('configuration')),
            'scd': None, 'tags': tags,
            'providers': list(p.get('capacityProviders') or []),
            'strategy': copy.deepcopy(p.get('defaultCapacityProviderStrategy') or []),
        }
        if p.get('serviceConnectDefaults'):
            c['scd'] = {'namespace': self._namespace_arn(p['serviceConnectDefaults']['namespace'])}
        self.clusters[name] = c
        self.emu.note_created(c['arn'])
        return {'cluster': self._cluster_out(c, full=True)}

    def _cluster_services(self, c, statuses=('ACTIVE',)):
        return [s for s in self.services.values()
                if s['cluster'] == c['name'] and s['status'] in statuses]

    def _cluster_out(self, c, include=(), full=False):
        active = self._cluster_services(c)
        running = sum(s['running'] for s in active)
        out = {
            'clusterArn': c['arn'], 'clusterName': c['name'], 'status': c['status'],
            'registeredContainerInstancesCount': 0, 'runningTasksCount': running,
            'pendingTasksCount': 0, 'activeServicesCount': len(active),
            'statistics': [], 'capacityProviders': list(c['providers']),
            'defaultCapacityProviderStrategy': copy.deepcopy(c['strategy']),
        }
        if full or 'SETTINGS' in include:
            out['settings'] = copy.deepcopy(c['settings'])
        if (full or 'CONFIGURATIONS' in include) and c['configuration']:
            out['configuration'] = copy.deepcopy(c['configuration'])
        if (full or 'TAGS' in include) and (c['tags'] or 'TAGS' in include):
            out['tags'] = _tags_out(c['tags'])
        if c['scd']:
            out['serviceConnectDefaults'] = dict(c['scd'])
        if 'STATISTICS' in include:
            out['statistics'] = self._statistics(c)
        if 'ATTACHMENTS' in include:
            out['attachments'] = []
        return out

    def _statistics(self, c):
        counts = {}
        for status, label in (('ACTIVE', 'active'), ('DRAINING', 'draining')):
            for s in self._cluster_services(c, (status,)):
                kind = 'Fargate' if s['fargate'] else 'EC2'
                key = '%s%sServiceCount' % (label, kind)
                counts[key] = counts.get(key, 0) + 1
        for s in self._cluster_services(c):
            kind = 'Fargate' if s['fargate'] else 'EC2'
            key = 'running%sTasksCount' % kind
            counts[key] = counts.get(key, 0) + s['running']
        names = ['runningEC2TasksCount', 'runningFargateTasksCount', 'pendingEC2TasksCount',
                 'pendingFargateTasksCount', 'activeEC2ServiceCount',
                 'activeFargateServiceCount', 'drainingEC2ServiceCount',
                 'drainingFargateServiceCount']
        return [{'name': n, 'value': str(counts.get(n, 0))} for n in names]

    def op_DescribeClusters(self, p):
        include = set(p.get('include') or [])
        out, failures = [], []
        for ident in p.get('clusters') or ['default']:
            name = self._cluster_name(ident)
            c = self.clusters.get(name) if name else None
            if c is None or not self._visible(c['arn']):
                arn = ident if ident.startswith('arn:') else self._arn('cluster/%s' % ident)
                failures.append({'arn': arn, 'reason': 'MISSING'})
            else:
                out.append(self._cluster_out(c, include))
        return {'clusters': out, 'failures': failures}

    def op_ListClusters(self, p):
        arns = [c['arn'] for c in self.clusters.values() if c['status'] == 'ACTIVE']
        page, nxt = _page(arns, p.get('nextToken'), p.get('maxResults'), 100)
        out = {'clusterArns': page}
        if nxt:
            out['nextToken'] = nxt
        return out

    def op_UpdateCluster(self, p):
        c = self._cluster(p['cluster'])
        self._check_settings(p.get('settings'))
        if p.get('settings'):
            c['settings'] = self._merge_settings(c['settings'], p['settings'])
        if p.get('configuration') is not None:
            c['configuration'] = copy.deepcopy(p['configuration'])
        if p.get('serviceConnectDefaults'):
            c['scd'] = {'namespace': self._namespace_arn(p['serviceConnectDefaults']['namespace'])}
        return {'cluster': self._cluster_out(c, full=True)}

    def op_UpdateClusterSettings(self, p):
        c = self._cluster(p['cluster'])
        self._check_settings(p['settings'])
        c['settings'] = self._merge_settings(c['settings'], p['settings'])
        return {'cluster': self._cluster_out(c, full=True)}

    def op_PutClusterCapacityProviders(self, p):
        c = self._cluster(p['cluster'])
        self._check_providers(p['capacityProviders'], p['defaultCapacityProviderStrategy'])
        for name in c['providers']:
            if name in p['capacityProviders']:
                continue
            for svc in self._cluster_services(c, ('ACTIVE', 'DRAINING')):
                if any(i['capacityProvider'] == name for i in svc['cps']):
                    raise AwsError('ResourceInUseException',
                                   'The specified capacity provider is in use and cannot be '
                                   'removed.')
        c['providers'] = list(p['capacityProviders'])
        c['strategy'] = copy.deepcopy(p['defaultCapacityProviderStrategy'])
        return {'cluster': self._cluster_out(c, full=True)}

    def op_DeleteCluster(self, p):
        c = self._cluster(p['cluster'])
        if self._cluster_services(c, ('ACTIVE', 'DRAINING')):
            raise AwsError('ClusterContainsServicesException',
                           'The Cluster cannot be deleted while Services are active.')
        c['status'] = 'INACTIVE'
        return {'cluster': self._cluster_out(c, full=True)}

    # -- capacity providers ------------------------------------------------------
    #
    # An Auto Scaling group provider names an existing group (svc_autoscaling)
    # by ARN; AWS fills in the managed scaling settings the request leaves
    # out.  An update is UPDATE_IN_PROGRESS for a moment, a delete
    # DELETE_IN_PROGRESS before the provider turns INACTIVE (still described
    # by name for a while, as AWS does).

    _CP_SCALING_DEFAULTS = (('status', 'DISABLED'), ('targetCapacity', 100),
                            ('minimumScalingStepSize', 1), ('maximumScalingStepSize', 10000),
                            ('instanceWarmupPeriod', 300))

    def _cp_ident(self, ident):
        if ident.startswith('arn:'):
            return self._split_arn(ident, 'capacity-provider')
        return ident

    def _active_cp(self, ident):
        cp = self.capacity_providers.get(self._cp_ident(ident) or '')
        if cp is None or cp['status'] == 'INACTIVE' or not self._visible(cp['arn']):
            return None
        return cp

    def _asg_by_arn(self, arn):
        asg = self._peer('autoscaling')
        if asg is None:
            return None
        for g in asg.groups.values():
            if g['arn'] == arn and not g.get('status'):
                return g
        return None

    def _cp_scaling(self, current, new):
        ms = dict(current or self._CP_SCALING_DEFAULTS)
        if current is None and new is not None and new.get('status') is None:
            ms['status'] = 'ENABLED'
        for k, v in (new or {}).items():
            ms[k] = v
        if ms['minimumScalingStepSize'] > ms['maximumScalingStepSize']:
            raise _invalid('The minimum scaling step size must be less than or equal to the '
                           'maximum scaling step size.')
        return ms

    @staticmethod
    def _cp_check_protection(prov):
        if prov['managedTerminationProtection'] == 'ENABLED' and \
                prov['managedScaling']['status'] != 'ENABLED':
            raise _invalid('The managed termination protection setting for the capacity '
                           'provider is invalid. To enable managed termination protection for '
                           'a capacity provider, managed scaling must be turned on.')

    def op_CreateCapacityProvider(self, p):
        name = p['name']
        if not _NAME_RE.match(name):
            raise _client('The capacity provider name can have up to 255 characters and '
                          'contain letters (uppercase and lowercase), numbers, underscores, '
                          'and hyphens.')
        if name.lower().startswith(('aws', 'ecs', 'fargate')):
            raise _client("The capacity provider name cannot begin with 'aws', 'ecs', or "
                          "'fargate'.")
        if p.get('managedInstancesProvider') is not None:
            raise _invalid('Managed instances capacity providers are not supported by this '
                           'emulator.')
        agp = p.get('autoScalingGroupProvider')
        if agp is None:
            raise _invalid('An Auto Scaling group provider must be specified.')
        if self._active_cp(name) is not None:
            raise _client('The specified capacity provider already exists. To change the '
                          'configuration of an existing capacity provider, update the '
                          'capacity provider.')
        if self._asg_by_arn(agp['autoScalingGroupArn']) is None:
            raise _client('The specified Auto Scaling group ARN is invalid or does not exist. '
                          'Specify a valid ARN and try again.')
        for other in self.capacity_providers.values():
            if other['status'] != 'INACTIVE' and \
                    other['asgp']['autoScalingGroupArn'] == agp['autoScalingGroupArn']:
                raise _client('The specified Auto Scaling group ARN is already being used by '
                              'another capacity provider. Specify a unique Auto Scaling group '
                              'and try again.')
        prov = {'autoScalingGroupArn': agp['autoScalingGroupArn'],
                'managedScaling': self._cp_scaling(None, agp.get('managedScaling')),
                'managedTerminationProtection': agp.get('managedTerminationProtection',
                                                        'DISABLED'),
                'managedDraining': agp.get('managedDraining', 'ENABLED')}
        self._cp_check_protection(prov)
        cp = {'arn': self._arn('capacity-provider/%s' % name), 'name': name,
              'status': 'ACTIVE', 'update_status': None, 'reason': None, 'settle_at': 0,
              'asgp': prov, 'tags': _tags_in(p.get('tags'))}
        self.capacity_providers[name] = cp
        self.emu.note_created(cp['arn'])
        return {'capacityProvider': self._cp_out(cp, True)}

    def _cp_out(self, cp, tags=False):
        out = {'capacityProviderArn': cp['arn'], 'name': cp['name'], 'status': cp['status'],
               'type': 'EC2_AUTOSCALING', 'autoScalingGroupProvider': copy.deepcopy(cp['asgp'])}
        if cp['update_status']:
            out['updateStatus'] = cp['update_status']
        if cp['reason']:
            out['updateStatusReason'] = cp['reason']
        if tags:
            out['tags'] = _tags_out(cp['tags'])
        return out

    def op_DescribeCapacityProviders(self, p):
        include_tags = 'TAGS' in (p.get('include') or [])
        idents = p.get('capacityProviders')
        out, failures = [], []
        if idents is None:
            for name in _FARGATE_PROVIDERS:
                out.append({'capacityProviderArn': self._arn('capacity-provider/%s' % name),
                            'name': name, 'status': 'ACTIVE', 'type': 'FARGATE'
                            if name == 'FARGATE' else 'FARGATE_SPOT'})
            out.extend(self._cp_out(cp, include_tags) for cp in self.capacity_providers.values()
                       if cp['status'] != 'INACTIVE' and self._visible(cp['arn']))
        else:
            for ident in idents:
                name = self._cp_ident(ident)
                cp = self.capacity_providers.get(name or '')
                if name in _FARGATE_PROVIDERS:
                    out.append({'capacityProviderArn': self._arn('capacity-provider/%s' % name),
                                'name': name, 'status': 'ACTIVE', 'type': name})
                elif cp is None or not self._visible(cp['arn']):
                    arn = ident if ident.startswith('arn:') else self._arn(
                        'capacity-provider/%s' % ident)
                    failures.append({'arn': arn, 'reason': 'MISSING'})
                else:
                    out.append(self._cp_out(cp, include_tags))
        page, nxt = _page(out, p.get('nextToken'), p.get('maxResults'), 10)
        res = {'capacityProviders': page, 'failures': failures}
        if nxt:
            res['nextToken'] = nxt
        return res

    def op_UpdateCapacityProvider(self, p):
        cp = self._active_cp(p['name'])
        if cp is None:
            raise _client('The specified capacity provider does not exist. Specify a valid '
                          'name or ARN and try again.')
        if cp['update_status'] in ('UPDATE_IN_PROGRESS', 'DELETE_IN_PROGRESS'):
            raise AwsError('UpdateInProgressException',
                           'There is already a current update in progress for the capacity '
                           'provider.')
        upd = p.get('autoScalingGroupProvider')
        if upd is None:
            raise _invalid('An Auto Scaling group provider update must be specified.')
        prov = copy.deepcopy(cp['asgp'])
        prov['managedScaling'] = self._cp_scaling(prov['managedScaling'],
                                                  upd.get('managedScaling'))
        for key in ('managedTerminationProtection', 'managedDraining'):
            if upd.get(key) is not None:
                prov[key] = upd[key]
        self._cp_check_protection(prov)
        cp['asgp'] = prov
        cp['update_status'] = 'UPDATE_IN_PROGRESS'
        cp['settle_at'] = self._now() + self.cp_update_seconds
        return {'capacityProvider': self._cp_out(cp)}

    def op_DeleteCapacityProvider(self, p):
        cp = self._active_cp(p['capacityProvider'])
        if cp is None or cp['update_status'] == 'DELETE_IN_PROGRESS':
            raise _client('The specified capacity provider does not exist. Specify a valid '
                          'name or ARN and try again.')
        for c in self.clusters.values():
            if c['status'] == 'ACTIVE' and cp['name'] in c['providers']:
                raise _client('The specified capacity provider is in use and cannot be '
                              'deleted. Disassociate it from cluster %s and try again.'
                              % c['name'])
        cp['update_status'] = 'DELETE_IN_PROGRESS'
        cp['settle_at'] = self._now() + self.cp_delete_seconds
        return {'capacityProvider': self._cp_out(cp)}

    def set_capacity_provider_scaling(self, name, **fields):
        """Test hook: change a provider's managed scaling as if from the console."""
        with self._lock:
            cp = self._active_cp(name)
            if cp is None:
                raise KeyError(name)
            cp['asgp']['managedScaling'].update(fields)

    # -- task definitions --------------------------------------------------------

    def _normalise_container(self, c, network_mode, task_memory, fargate):
        out = copy.deepcopy(c)
        name = out.get('name')
        if not name:
            raise _client('Container.name should not be null or empty.')
        if not _NAME_RE.match(name):
            raise _client('Container.name contains invalid characters.')
        if not out.get('image'):
            raise _client('Container.image should not be null or empty.')
        if not task_memory and not out.get('memory') and not out.get('memoryReservation'):
            raise _client("Invalid setting for container '%s'. At least one of 'memory' or "
                          "'memoryReservation' must be specified." % name)
        if out.get('memory') and out.get('memoryReservation') and \
                out['memoryReservation'] > out['memory']:
            raise _client("Invalid setting for container '%s'. The memory reservation must be "
                          "less than or equal to the memory limit." % name)
        if fargate and out.get('links'):
            raise _client('Links are not supported when networkMode=awsvpc.')
        out.setdefault('cpu', 0)
        out.setdefault('essential', True)
        mappings = []
        for pm in out.get('portMappings') or []:
            pm = dict(pm)
            pm.setdefault('protocol', 'tcp')
            if pm.get('containerPort') is not None:
                if network_mode in ('awsvpc', 'host'):
                    if pm.get('hostPort') not in (None, pm['containerPort']):
                        raise _client('When networkMode=%s, the host ports and container ports '
                                      'in port mappings must match.' % network_mode)
                    pm['hostPort'] = pm['containerPort']
                else:
                    pm.setdefault('hostPort', 0)
            mappings.append(pm)
        out['portMappings'] = mappings
        for key in ('environment', 'mountPoints', 'volumesFrom', 'systemControls'):
            out.setdefault(key, [])
        if out.get('healthCheck'):
            hc = out['healthCheck']
            hc.setdefault('interval', 30)
            hc.setdefault('timeout', 5)
            hc.setdefault('retries', 3)
        return out

    @staticmethod
    def _requires_attributes(td):
        names = []
        for c in td['containerDefinitions']:
            log = (c.get('logConfiguration') or {}).get('logDriver')
            if log:
                names.append('com.amazonaws.ecs.capability.logging-driver.%s' % log)
                if log == 'awslogs' and td.get('executionRoleArn'):
                    names.append('ecs.capability.execution-role-awslogs')
            if c.get('memoryReservation'):
                names.append('com.amazonaws.ecs.capability.docker-remote-api.1.21')
        if td.get('taskRoleArn'):
            names.append('com.amazonaws.ecs.capability.task-iam-role')
        if td['networkMode'] == 'awsvpc':
            names.append('ecs.capability.task-eni')
        names.append('com.amazonaws.ecs.capability.docker-remote-api.1.18')
        return [{'name': n} for n in dict.fromkeys(names)]

    @staticmethod
    def _normalise_volume(v):
        v = copy.deepcopy(v)
        configured = any(v.get(k) for k in ('host', 'dockerVolumeConfiguration',
                                             'efsVolumeConfiguration',
                                             'fsxWindowsFileServerVolumeConfiguration',
                                             's3filesVolumeConfiguration'))
        if not configured and not v.get('configuredAtLaunch'):
            v['host'] = {}
        if v.get('dockerVolumeConfiguration') is not None:
            v['dockerVolumeConfiguration'].setdefault('scope', 'task')
        return v

    def op_RegisterTaskDefinition(self, p):
        family = p['family']
        if not _NAME_RE.match(family):
            raise _client('Family contains invalid characters. Up to 255 letters (uppercase '
                          'and lowercase), numbers, hyphens, and underscores are allowed.')
        containers = p['containerDefinitions']
        if not containers:
            raise _client('Container list cannot be empty.')
        network_mode = p.get('networkMode') or 'bridge'
        requires = list(p.get('requiresCompatibilities') or [])
        cpu, memory = _norm_cpu(p.get('cpu')), _norm_memory(p.get('memory'))
        fargate = 'FARGATE' in requires
        if fargate:
            if network_mode != 'awsvpc':
                raise _client('Fargate only supports network mode \u2018awsvpc\u2019.')
            if not cpu:
                raise _client("Fargate requires that 'cpu' be defined at the task level.")
            if not memory:
                raise _client("Fargate requires that 'memory' be defined at the task level.")
        names = [c.get('name') for c in containers]
        if len(set(names)) != len(names):
            raise _client('Container names must be unique within a task definition.')
        defs = [self._normalise_container(c, network_mode, memory, network_mode == 'awsvpc')
                for c in containers]
        tags = _tags_in(p.get('tags'))
        revs = self.task_defs.setdefault(family, {})
        revision = max(list(revs) + [self._last_revision(family)]) + 1
        arn = self._arn('task-definition/%s:%d' % (family, revision))
        compat = ['EC2'] if network_mode == 'awsvpc' else ['EXTERNAL', 'EC2']
        if network_mode == 'awsvpc' and cpu and memory:
            compat.append('FARGATE')
        td = {
            'taskDefinitionArn': arn, 'containerDefinitions': defs, 'family': family,
            'networkMode': network_mode, 'revision': revision,
            'volumes': [self._normalise_volume(v) for v in p.get('volumes') or []],
            'status': 'ACTIVE',
            'placementConstraints': copy.deepcopy(p.get('placementConstraints') or []),
            'compatibilities': compat,
            'registeredAt': _to_datetime(self._now()),
            'registeredBy': 'arn:aws:iam::%s:root' % self.emu.account_id,
            'enableFaultInjection': bool(p.get('enableFaultInjection', False)),
        }
        for key in ('taskRoleArn', 'executionRoleArn', 'ipcMode', 'pidMode',
                    'proxyConfiguration', 'inferenceAccelerators', 'ephemeralStorage',
                    'runtimePlatform'):
            if p.get(key) is not None:
                td[key] = copy.deepcopy(p[key])
        if requires:
            td['requiresCompatibilities'] = requires
        if cpu:
            td['cpu'] = cpu
        if memory:
            td['memory'] = memory
        td['requiresAttributes'] = self._requires_attributes(td)
        revs[revision] = {'td': td, 'tags': tags}
        self.last_revision[family] = revision
        self.emu.note_created(arn)
        out = {'taskDefinition': copy.deepcopy(td)}
        if tags:
            out['tags'] = _tags_out(tags)
        return out

    def _last_revision(self, family):
        return self.last_revision.get(family, 0)

    def _parse_td(self, ident):
        """(family, revision or None) of 'family', 'family:rev' or an ARN."""
        rest = self._split_arn(ident, 'task-definition') if ident.startswith('arn:') else ident
        if rest is None:
            raise _client('Unable to describe task definition.')
        if ':' in rest:
            family, rev = rest.rsplit(':', 1)
            if not rev.isdigit():
                raise _client('Invalid revision number. Number: %s' % rev)
            return family, int(rev)
        if ident.startswith('arn:'):
            raise _client('Invalid revision number. Number: ')
        return rest, None

    def _find_td(self, ident, latest_active=True):
        family, rev = self._parse_td(ident)
        revs = self.task_defs.get(family, {})
        if rev is None:
            active = [r for r, td in revs.items() if td['td']['status'] == 'ACTIVE'
                      and self._visible(td['td']['taskDefinitionArn'])]
            if not active or not latest_active:
                return None
            return revs[max(active)]
        rec = revs.get(rev)
        if rec is None or not self._visible(rec['td']['taskDefinitionArn']):
            return None
        return rec

    def op_DescribeTaskDefinition(self, p):
        rec = self._find_td(p['taskDefinition'])
        if rec is None:
            raise _client('Unable to describe task definition.')
        out = {'taskDefinition': copy.deepcopy(rec['td'])}
        if 'TAGS' in (p.get('include') or []):
            out['tags'] = _tags_out(rec['tags'])
        return out

    def op_DeregisterTaskDefinition(self, p):
        family, rev = self._parse_td(p['taskDefinition'])
        if rev is None:
            raise _client('Invalid revision number. Number: %s' % family)
        rec = self.task_defs.get(family, {}).get(rev)
        if rec is None:
            raise _client('The specified task definition does not exist.')
        td = rec['td']
        if td['status'] == 'DELETE_IN_PROGRESS':
            raise _client('The specified task definition is in the process of being deleted.')
        if td['status'] == 'ACTIVE':
            td['status'] = 'INACTIVE'
            td['deregisteredAt'] = _to_datetime(self._now())
        return {'taskDefinition': copy.deepcopy(td)}

    def op_DeleteTaskDefinitions(self, p):
        idents = p['taskDefinitions']
        if not 1 <= len(idents) <= 10:
            raise _invalid('You can specify between 1 and 10 task definitions.')
        done, failures = [], []
        for ident in idents:
            try:
                family, rev = self._parse_td(ident)
            except AwsError:
                failures.append({'arn': ident, 'reason': 'The specified task definition does '
                                                         'not exist.'})
                continue
            rec = self.task_defs.get(family, {}).get(rev) if rev is not None else None
            arn = self._arn('task-definition/%s:%s' % (family, rev))
            if rec is None:
                failures.append({'arn': arn, 'reason': 'The specified task definition does '
                                                       'not exist.'})
            elif rec['td']['status'] == 'ACTIVE':
                failures.append({'arn': arn, 'reason': 'The specified task definition is '
                                 'still in ACTIVE status. Please deregister the target and try '
                                 'again.'})
            else:
                td = rec['td']
                if td['status'] != 'DELETE_IN_PROGRESS':
                    td['status'] = 'DELETE_IN_PROGRESS'
                    td['deleteRequestedAt'] = _to_datetime(self._now())
                    rec['delete_at'] = self._now() + self.delete_td_seconds
                done.append(copy.deepcopy(td))
        return {'taskDefinitions': done, 'failures': failures}

    def op_ListTaskDefinitions(self, p):
        status = p.get('status') or 'ACTIVE'
        family = p.get('familyPrefix')
        items = []
        for fam in sorted(self.task_defs):
            if family and fam != family:
                continue
            for rev in sorted(self.task_defs[fam]):
                td = self.task_defs[fam][rev]['td']
                if td['status'] == status:
                    items.append(td['taskDefinitionArn'])
        if p.get('sort') == 'DESC':
            items.reverse()
        page, nxt = _page(items, p.get('nextToken'), p.get('maxResults'), 100)
        out = {'taskDefinitionArns': page}
        if nxt:
            out['nextToken'] = nxt
        return out

    # -- services ------------------------------------------------------------

    def _service_key(self, cluster, ident):
        """(cluster name, service name) for a service name or ARN."""
        if ident.startswith('arn:'):
            rest = self._split_arn(ident, 'service')
            if rest is None:
                return None
            if '/' in rest:
                cname, sname = rest.split('/', 1)
                if cname != cluster['name']:
                    return None
                return cluster['name'], sname
            return cluster['name'], rest
        return cluster['name'], ident

    def _service(self, cluster, ident):
        key = self._service_key(cluster, ident)
        svc = self.services.get(key) if key else None
        if svc is None or not self._visible(svc['arn']):
            raise AwsError('ServiceNotFoundException', 'Service not found.')
        return svc

    def _resolve_td_for_service(self, ident):
        try:
            rec = self._find_td(ident)
        except AwsError:
            rec = None
        if rec is None:
            raise _invalid('TaskDefinition not found.')
        if rec['td']['status'] != 'ACTIVE':
            raise _invalid('TaskDefinition is inactive')
        return rec['td']

    def _role_arn(self, role):
        if role.startswith('arn:'):
            return role
        return 'arn:aws:iam::%s:role/%s' % (self.emu.account_id, role.lstrip('/'))

    def _check_network(self, td, netconf, fargate):
        if td['networkMode'] != 'awsvpc':
            if netconf:
                raise _invalid('Network Configuration is not valid for the given networkMode '
                               'of this task definition.')
            return None
        if not netconf or not netconf.get('awsvpcConfiguration'):
            raise _invalid("Network Configuration must be provided when networkMode 'awsvpc' "
                           'is specified.')
        cfg = copy.deepcopy(netconf['awsvpcConfiguration'])
        ec2 = self.emu.services['ec2']
        if not cfg.get('subnets'):
            raise _invalid('subnets can not be empty.')
        for sid in cfg['subnets']:
            try:
                ec2.get_subnet(sid)
            except AwsError as e:
                raise _invalid('Error retrieving subnet information for [%s]: %s (ErrorCode: %s)'
                               % (sid, e.message, e.code))
        for sg in cfg.get('securityGroups') or []:
            try:
                ec2.get_security_group(sg)
            except AwsError as e:
                raise _invalid('Error retrieving security group information for [%s]: %s '
                               '(ErrorCode: %s)' % (sg, e.message, e.code))
        if cfg.get('assignPublicIp') == 'ENABLED' and not fargate:
            raise _invalid('Assign public IP is not supported for this launch type.')
        cfg.setdefault('assignPublicIp', 'DISABLED')
        return {'awsvpcConfiguration': cfg}

    def _check_load_balancers(self, td, lbs):
        if not lbs:
            return []
        elb = self._peer('elasticloadbalancing', 'elbv2')
        out = []
        for lb in lbs:
            lb = copy.deepcopy(lb)
            tg_arn = lb.get('targetGroupArn')
            if not tg_arn and not lb.get('loadBalancerName'):
                raise _invalid('Either targetGroupArn or loadBalancerName must be specified.')
            if tg_arn:
                tg = elb.find_target_group_internal(tg_arn) if elb else None
                if tg is None:
                    # What ECS answers when it cannot see the target group (hashicorp/aws
                    # retries it as an IAM propagation delay).
                    raise _invalid('Unable to assume role and validate the specified '
                                   'targetGroupArn. Please verify that the ECS service role '
                                   'being passed has the proper permissions.')
                if not tg['LoadBalancerArns']:
                    raise _invalid('The target group with targetGroupArn %s does not have an '
                                   'associated load balancer.' % tg_arn)
                if td['networkMode'] == 'awsvpc' and tg['TargetType'] != 'ip':
                    raise _invalid('The provided target group %s has target type %s, which is '
                                   'incompatible with the awsvpc network mode specified in the '
                                   'task definition.' % (tg_arn, tg['TargetType']))
            container = lb.get('containerName')
            defs = {c['name']: c for c in td['containerDefinitions']}
            if container not in defs:
                raise _invalid('The container %s does not exist in the task definition.'
                               % container)
            ports = [pm.get('containerPort') for pm in defs[container]['portMappings']]
            if lb.get('containerPort') not in ports:
                raise _invalid('The container %s did not have a container port %s defined.'
                               % (container, lb.get('containerPort')))
            out.append(lb)
        return out

    def _uses_fargate(self, launch_type, strategy):
        if launch_type:
            return launch_type == 'FARGATE'
        return any(s['capacityProvider'] in _FARGATE_PROVIDERS for s in strategy or [])

    def _new_deployment(self, svc):
        now = self._now()
        return {'id': 'ecs-svc/%019d' % (int(store.hex_digits(15), 16) % 10**19),
                'created': now, 'updated': now, 'td': svc['td']}

    def op_CreateService(self, p):
        c = self._cluster(p.get('cluster'))
        name = p['serviceName']
        if not _NAME_RE.match(name):
            raise _invalid('Service name can have up to 255 characters and contain letters '
                           '(uppercase and lowercase), numbers, underscores, and hyphens.')
        existing = self.services.get((c['name'], name))
        if existing is not None and existing['status'] != 'INACTIVE':
            if p.get('clientToken') and p['clientToken'] == existing['token']:
                return {'service': self._service_out(existing)}
            raise _invalid('Creation of service was not idempotent.')
        controller = copy.deepcopy(p.get('deploymentController') or {'type': 'ECS'})
        strategy = p.get('schedulingStrategy') or 'REPLICA'
        if p.get('launchType') and p.get('capacityProviderStrategy'):
            raise _invalid('Specifying both a launch type and capacity provider strategy is not '
                           'supported. Remove one and try again.')
        cps = copy.deepcopy(p.get('capacityProviderStrategy') or [])
        launch_type = p.get('launchType')
        if not launch_type and not cps:
            if c['strategy']:
                cps = copy.deepcopy(c['strategy'])
            else:
                launch_type = 'EC2'
        for item in cps:
            if item['capacityProvider'] not in c['providers']:
                raise _invalid('The specified capacity provider strategy cannot contain a '
                               'capacity provider that is not associated with the cluster. '
                               'Associate the capacity provider with the cluster or specify a '
                               'valid capacity provider and try again.')
        fargate = self._uses_fargate(launch_type, cps)
        if not p.get('taskDefinition'):
            if controller['type'] != 'EXTERNAL':
                raise _invalid('TaskDefinition can not be blank.')
            td = None
        else:
            td = self._resolve_td_for_service(p['taskDefinition'])
            if fargate and 'FARGATE' not in td['compatibilities']:
                raise _invalid('Task definition does not support launch_type FARGATE.')
        desired = p.get('desiredCount')
        if strategy == 'DAEMON':
            if fargate:
                raise _invalid('The daemon scheduling strategy does not support the FARGATE '
                               'launch type.')
            desired = 0
        elif desired is None:
            desired = 0
        if desired < 0:
            raise _invalid('Desired count must be 0 or greater.')
        netconf = self._check_network(td, p.get('networkConfiguration'), fargate) if td else None
        lbs = self._check_load_balancers(td, p.get('loadBalancers')) if td else []
        if p.get('healthCheckGracePeriodSeconds') is not None and not lbs:
            raise _invalid('Health check grace period is only valid for services configured to '
                           'use load balancers')
        if p.get('role') and td and td['networkMode'] == 'awsvpc':
            raise _invalid('You cannot specify an IAM role for services that require a service '
                           'linked role.')
        if p.get('role') and not lbs:
            raise _invalid('You cannot specify an IAM role for services that do not use a load '
                           'balancer.')
        dc = {'deploymentCircuitBreaker': {'enable': False, 'rollback': False},
              'maximumPercent': 100 if strategy == 'DAEMON' else 200,
              'minimumHealthyPercent': 0 if strategy == 'DAEMON' else 100}
        for k, v in (p.get('deploymentConfiguration') or {}).items():
            dc[k] = copy.deepcopy(v)
        if dc['maximumPercent'] < dc['minimumHealthyPercent']:
            raise _invalid('Maximum percent must be greater than or equal to minimum healthy '
                           'percent.')
        now = self._now()
        svc = {
            'arn': self._arn('service/%s/%s' % (c['name'], name)), 'name': name,
            'cluster': c['name'], 'status': 'ACTIVE', 'desired': desired, 'running': 0,
            'td': td['taskDefinitionArn'] if td else None, 'launch_type': launch_type,
            'cps': cps, 'fargate': fargate, 'netconf': netconf, 'lbs': lbs,
            'registries': copy.deepcopy(p.get('serviceRegistries') or []),
            'dc': dc, 'controller': controller, 'strategy': strategy,
            'grace': p.get('healthCheckGracePeriodSeconds', 0 if lbs else None),
            'role': self._role_arn(p['role']) if p.get('role') else None,
            'placement_constraints': copy.deepcopy(p.get('placementConstraints') or []),
            'placement_strategy': copy.deepcopy(p.get('placementStrategy') or []),
            'platform_version': p.get('platformVersion') or ('LATEST' if fargate else None),
            'propagate': p.get('propagateTags') or 'NONE',
            'managed_tags': bool(p.get('enableECSManagedTags', False)),
            'exec': bool(p.get('enableExecuteCommand', False)),
            'az_rebalancing': p.get('availabilityZoneRebalancing'),
            'tags': _tags_in(p.get('tags')), 'token': p.get('clientToken'),
            'created': now, 'changed': now, 'events': [], 'deployments': [],
        }
        svc['deployments'] = [self._new_deployment(svc)] if td else []
        if desired > 0 and not fargate:
            self._event(svc, '(service %s) was unable to place a task because no container '
                        'instance met all of its requirements. Reason: No Container Instances '
                        'were found in your cluster. For more information, see the '
                        'Troubleshooting section of the Amazon ECS Developer Guide.' % name)
        self.services[(c['name'], name)] = svc
        self.emu.note_created(svc['arn'])
        return {'service': self._service_out(svc)}

    def _deployment_out(self, svc, dep, primary):
        running = svc['running'] if primary else 0
        desired = svc['desired'] if primary else 0
        out = {'id': dep['id'], 'status': 'PRIMARY' if primary else 'ACTIVE',
               'taskDefinition': dep['td'], 'desiredCount': desired, 'pendingCount': 0,
               'runningCount': running, 'failedTasks': 0,
               'createdAt': _to_datetime(dep['created']),
               'updatedAt': _to_datetime(dep['updated'])}
        if svc['launch_type']:
            out['launchType'] = svc['launch_type']
        if svc['cps']:
            out['capacityProviderStrategy'] = copy.deepcopy(svc['cps'])
        if svc['fargate']:
            out['platformVersion'] = '1.4.0'
            out['platformFamily'] = 'Linux'
        if svc['netconf']:
            out['networkConfiguration'] = copy.deepcopy(svc['netconf'])
        if primary:
            done = running == desired
            out['rolloutState'] = 'COMPLETED' if done else 'IN_PROGRESS'
            out['rolloutStateReason'] = 'ECS deployment %s %s.' % (
                dep['id'], 'completed' if done else 'in progress')
        return out

    def _service_out(self, svc, include_tags=False):
        out = {
            'serviceArn': svc['arn'], 'serviceName': svc['name'],
            'clusterArn': self._arn('cluster/%s' % svc['cluster']),
            'loadBalancers': copy.deepcopy(svc['lbs']),
            'serviceRegistries': copy.deepcopy(svc['registries']),
            'status': svc['status'], 'desiredCount': svc['desired'],
            'runningCount': svc['running'], 'pendingCount': 0,
            'deploymentConfiguration': copy.deepcopy(svc['dc']),
            'deployments': [self._deployment_out(svc, d, i == 0)
                            for i, d in enumerate(svc['deployments'])],
            'events': copy.deepcopy(svc['events']),
            'createdAt': _to_datetime(svc['created']),
            'placementConstraints': copy.deepcopy(svc['placement_constraints']),
            'placementStrategy': copy.deepcopy(svc['placement_strategy']),
            'schedulingStrategy': svc['strategy'],
            'deploymentController': copy.deepcopy(svc['controller']),
            'createdBy': 'arn:aws:iam::%s:root' % self.emu.account_id,
            'enableECSManagedTags': svc['managed_tags'],
            'propagateTags': svc['propagate'],
            'enableExecuteCommand': svc['exec'],
        }
        if svc['td']:
            out['taskDefinition'] = svc['td']
        if svc['launch_type']:
            out['launchType'] = svc['launch_type']
        if svc['cps']:
            out['capacityProviderStrategy'] = copy.deepcopy(svc['cps'])
        if svc['platform_version']:
            out['platformVersion'] = svc['platform_version']
            out['platformFamily'] = 'Linux'
        if svc['netconf']:
            out['networkConfiguration'] = copy.deepcopy(svc['netconf'])
        if svc['grace'] is not None:
            out['healthCheckGracePeriodSeconds'] = svc['grace']
        if svc['role']:
            out['roleArn'] = svc['role']
        if svc['az_rebalancing']:
            out['availabilityZoneRebalancing'] = svc['az_rebalancing']
        if include_tags:
            out['tags'] = _tags_out(svc['tags'])
        return out

    def op_DescribeServices(self, p):
        c = self._cluster(p.get('cluster'), active=False)
        idents = p['services']
        if len(idents) > 10:
            raise _invalid('Services cannot have more than 10 elements.')
        include_tags = 'TAGS' in (p.get('include') or [])
        out, failures = [], []
        for ident in idents:
            key = self._service_key(c, ident)
            svc = self.services.get(key) if key else None
            if svc is None or not self._visible(svc['arn']):
                arn = ident if ident.startswith('arn:') else self._arn(
                    'service/%s/%s' % (c['name'], ident))
                failures.append({'arn': arn, 'reason': 'MISSING'})
            else:
                out.append(self._service_out(svc, include_tags))
        return {'services': out, 'failures': failures}

    def op_ListServices(self, p):
        c = self._cluster(p.get('cluster'))
        items = []
        for svc in self.services.values():
            if svc['cluster'] != c['name'] or svc['status'] == 'INACTIVE':
                continue
            if p.get('launchType') and svc['launch_type'] != p['launchType']:
                continue
            if p.get('schedulingStrategy') and svc['strategy'] != p['schedulingStrategy']:
                continue
            items.append(svc['arn'])
        page, nxt = _page(items, p.get('nextToken'), p.get('maxResults'), 10)
        out = {'serviceArns': page}
        if nxt:
            out['nextToken'] = nxt
        return out

    def op_UpdateService(self, p):
        c = self._cluster(p.get('cluster'))
        svc = self._service(c, p['service'])
        if svc['status'] != 'ACTIVE':
            raise AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')
        redeploy = bool(p.get('forceNewDeployment'))
        td = None
        if svc['td']:
            family, rev = self._parse_td(svc['td'].split('task-definition/', 1)[1])
            td = self.task_defs.get(family, {}).get(rev, {}).get('td')
        if p.get('taskDefinition'):
            new_td = self._resolve_td_for_service(p['taskDefinition'])
            if svc['fargate'] and 'FARGATE' not in new_td['compatibilities']:
                raise _invalid('Task definition does not support launch_type FARGATE.')
            if new_td['taskDefinitionArn'] != svc['td']:
                redeploy = True
            td = new_td
        if p.get('desiredCount') is not None:
            if svc['strategy'] == 'DAEMON':
                raise _invalid('Desired count cannot be set for services using the DAEMON '
                               'scheduling strategy.')
            if p['desiredCount'] < 0:
                raise _invalid('Desired count must be 0 or greater.')
        netconf = svc['netconf']
        if p.get('networkConfiguration') is not None or (td and p.get('taskDefinition')):
            netconf = self._check_network(td, p.get('networkConfiguration') or svc['netconf'],
                                          svc['fargate']) if td else None
        lbs = svc['lbs']
        if p.get('loadBalancers') is not None:
            lbs = self._check_load_balancers(td, p['loadBalancers']) if td else []
        dc = copy.deepcopy(svc['dc'])
        for k, v in (p.get('deploymentConfiguration') or {}).items():
            dc[k] = copy.deepcopy(v)
        if dc['maximumPercent'] < dc['minimumHealthyPercent']:
            raise _invalid('Maximum percent must be greater than or equal to minimum healthy '
                           'percent.')
        # Everything validated: apply.
        if p.get('capacityProviderStrategy') is not None:
            svc['cps'] = copy.deepcopy(p['capacityProviderStrategy'])
            svc['launch_type'] = None if svc['cps'] else svc['launch_type']
            svc['fargate'] = self._uses_fargate(svc['launch_type'], svc['cps'])
            redeploy = True
        if p.get('desiredCount') is not None and p['desiredCount'] != svc['desired']:
            svc['desired'] = p['desiredCount']
            svc['changed'] = self._now()
        if td:
            svc['td'] = td['taskDefinitionArn']
        svc['netconf'], svc['lbs'], svc['dc'] = netconf, lbs, dc
        for key, field in (('healthCheckGracePeriodSeconds', 'grace'),
                           ('placementConstraints', 'placement_constraints'),
                           ('placementStrategy', 'placement_strategy'),
                           ('serviceRegistries', 'registries'), ('propagateTags', 'propagate'),
                           ('enableECSManagedTags', 'managed_tags'),
                           ('enableExecuteCommand', 'exec'),
                           ('availabilityZoneRebalancing', 'az_rebalancing'),
                           ('platformVersion', 'platform_version'),
                           ('deploymentController', 'controller')):
            if p.get(key) is not None:
                svc[field] = copy.deepcopy(p[key])
        if redeploy and svc['td']:
            # No tasks run on the old deployment, so it is gone as soon as the new one starts.
            svc['deployments'] = [self._new_deployment(svc)]
            svc['running'] = 0
            svc['changed'] = self._now()
        elif svc['deployments']:
            svc['deployments'][0]['updated'] = self._now()
        return {'service': self._service_out(svc)}

    def op_DeleteService(self, p):
        c = self._cluster(p.get('cluster'))
        svc = self._service(c, p['service'])
        if svc['status'] != 'ACTIVE':
            raise AwsError('ServiceNotActiveException', 'Service was not ACTIVE.')
        if svc['desired'] > 0 and svc['strategy'] == 'REPLICA' and not p.get('force'):
            raise _invalid('The service cannot be stopped while it is scaled above 0.')
        svc['status'] = 'DRAINING'
        svc['desired'] = 0
        svc['running'] = 0
        svc['drain_at'] = self._now() + self.drain_seconds
        return {'service': self._service_out(svc)}

    # -- tags -------------------------------------------------------------------

    def _tag_target(self, arn):
        """The tag dict of the resource an ECS ARN names."""
        rest = self._split_arn(arn, 'cluster')
        if rest is not None:
            c = self.clusters.get(rest)
            if c is None or c['status'] != 'ACTIVE':
                raise _cluster_not_found()
            return c['tags']
        rest = self._split_arn(arn, 'service')
        if rest is not None:
            cname, _, sname = rest.rpartition('/')
            for svc in self.services.values():
                if svc['name'] == sname and (not cname or svc['cluster'] == cname) and \
                        svc['status'] != 'INACTIVE':
                    return svc['tags']
            raise AwsError('ResourceNotFoundException', 'The specified resource is not found.')
        rest = self._split_arn(arn, 'capacity-provider')
        if rest is not None:
            cp = self._active_cp(rest)
            if cp is None:
                raise AwsError('ResourceNotFoundException', 'The specified resource is not found.')
            return cp['tags']
        rest = self._split_arn(arn, 'task-definition')
        if rest is not None:
            rec = self._find_td(rest) if ':' in rest else None
            if rec is None:
                raise AwsError('ResourceNotFoundException', 'The specified resource is not found.')
            return rec['tags']
        raise _invalid('The ARN provided is invalid.')

    def op_TagResource(self, p):
        tags = self._tag_target(p['resourceArn'])
        merged = dict(tags)
        merged.update(_tags_in(p['tags']))
        if len(merged) > _MAX_TAGS:
            raise _invalid('Too many tags. A resource can have at most %d tags.' % _MAX_TAGS)
        tags.clear()
        tags.update(merged)
        return {}

    def op_UntagResource(self, p):
        tags = self._tag_target(p['resourceArn'])
        for k in p['tagKeys']:
            tags.pop(k, None)
        return {}

    def op_ListTagsForResource(self, p):
        return {'tags': _tags_out(self._tag_target(p['resourceArn']))}
