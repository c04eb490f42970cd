"""EC2 launch templates and their versions.  A mixin of svc_ec2.Service.

  CreateLaunchTemplate            the template and its version 1 (default and
                                  latest); tags from TagSpecifications of type
                                  `launch-template`; ClientToken idempotent
  CreateLaunchTemplateVersion     version latest+1, optionally based on
                                  SourceVersion (its data overlaid by the new
                                  data, as AWS merges top-level members)
  DescribeLaunchTemplates         by ids or names (an unknown one is an
                                  error), filters, paging
  DescribeLaunchTemplateVersions  of one template: Versions (numbers,
                                  `$Latest`, `$Default`), Min/MaxVersion,
                                  filters, paging; without a template, the
                                  listed versions of every template
  ModifyLaunchTemplate            SetDefaultVersion
  DeleteLaunchTemplate            the template and every version
  DeleteLaunchTemplateVersions    versions other than the default
  DescribeInstanceTypes           by name (the model checks it is one of
                                  EC2's): a small table of families and sizes
                                  (vCPUs, memory, burstable or not), others
                                  sized by name; t* families are burstable

What a version stores is the request's LaunchTemplateData, projected onto the
response shape (ResponseLaunchTemplateData) through the service model, so
every member the model has round-trips.  As AWS does, CreateLaunchTemplate
does not refuse an image that does not exist: it answers a `Warning` with
the error and creates the template anyway; an instance profile is checked
only when something launches from the template (see
instance_profile_usable, used by Auto Scaling).  MetadataOptions read back
with EC2's defaults filled in (HttpEndpoint `enabled`, HttpProtocolIpv6 and
InstanceMetadataTags `disabled`, State `applied`).
"""

import datetime
import re

import store
from errors import AwsError

_NAME_RE = re.compile(r'^[a-zA-Z0-9().\-/_]{3,128}$')
_LT_ID_RE = re.compile(r'^lt-[0-9a-f]{17}$')


# family -> (burstable, current generation, {size: (vcpus, memory MiB)})
_SIZES_T = {'nano': (2, 512), 'micro': (2, 1024), 'small': (2, 2048), 'medium': (2, 4096),
            'large': (2, 8192), 'xlarge': (4, 16384), '2xlarge': (8, 32768)}
_SIZES_M = {'large': (2, 8192), 'xlarge': (4, 16384), '2xlarge': (8, 32768),
            '4xlarge': (16, 65536)}
_SIZES_C = {'large': (2, 4096), 'xlarge': (4, 8192), '2xlarge': (8, 16384),
            '4xlarge': (16, 32768)}
_INSTANCE_FAMILIES = {
    't2': (True, True, _SIZES_T), 't3': (True, True, _SIZES_T),
    't3a': (True, True, _SIZES_T), 't4g': (True, True, _SIZES_T),
    'm1': (False, False, {'small': (1, 1740), 'medium': (1, 3840), 'large': (2, 7680)}),
    'm5': (False, True, _SIZES_M), 'm6i': (False, True, _SIZES_M),
    'm7g': (False, True, _SIZES_M), 'c5': (False, True, _SIZES_C),
    'c6i': (False, True, _SIZES_C), 'r5': (False, True, _SIZES_M),
}


_BURSTABLE = ('t1', 't2', 't3', 't3a', 't4g')


def _generic_size(size):
    """(vcpus, memory MiB) of a size of a family not in the table."""
    m = re.match(r'^(\d*)xlarge$', size)
    if m:
        vcpus = 4 * int(m.group(1) or 1)
    else:
        vcpus = {'nano': 1, 'micro': 1, 'small': 1, 'medium': 1, 'large': 2,
                 'metal': 96}.get(size)
    return (vcpus, vcpus * 4096) if vcpus else None


def instance_type_info(name):
    """The DescribeInstanceTypes item for name, or None when unknown.  The
    service model has already checked the name is one of EC2's types; those
    of families outside the table get sizes by their name."""
    family, _, size = (name or '').partition('.')
    fam = _INSTANCE_FAMILIES.get(family)
    if fam is not None and size in fam[2]:
        burst, current, sizes = fam
        vcpus, mem = sizes[size]
    else:
        gen = _generic_size(size)
        if not family or gen is None:
            return None
        burst, current, (vcpus, mem) = family in _BURSTABLE, True, gen
    return {'InstanceType': name, 'CurrentGeneration': current,
            'FreeTierEligible': name in ('t2.micro', 't3.micro'),
            'BurstablePerformanceSupported': burst, 'BareMetal': False,
            'Hypervisor': 'nitro' if family not in ('t2', 'm1') else 'xen',
            'VCpuInfo': {'DefaultVCpus': vcpus},
            'MemoryInfo': {'SizeInMiB': mem},
            'ProcessorInfo': {'SupportedArchitectures':
                              ['arm64'] if family.endswith('g') else ['x86_64']}}


def _now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


class LaunchTemplatesMixin:
    """Launch templates for svc_ec2.Service (see the module docstring)."""

    def lt_reset(self):
        self.launch_templates = {}
        self.lt_tokens = {}

    def lt_snapshot(self):
        return {'launch_templates': sorted(self.launch_templates)}

    def lt_any_resource(self, rid):
        if rid.startswith('lt-') and rid in self.launch_templates:
            return 'launch-template', self.launch_templates[rid]
        return None

    # -- data ---------------------------------------------------------------------

    def _lt_project(self, value, shape_name):
        """value (request form) as the response shape shape_name has it."""
        shape = self.emu.models['ec2'].shape(shape_name)
        kind = shape['type']
        if kind == 'structure':
            out = {}
            for name, member in shape['members'].items():
                if isinstance(value, dict) and value.get(name) is not None:
                    out[name] = self._lt_project(value[name], member['shape'])
            return out
        if kind == 'list':
            return [self._lt_project(v, shape['member']['shape']) for v in value]
        return value

    def _lt_data(self, req):
        data = self._lt_project(req or {}, 'ResponseLaunchTemplateData')
        mo = data.get('MetadataOptions')
        if mo is not None:
            mo.setdefault('HttpEndpoint', 'enabled')
            mo.setdefault('HttpProtocolIpv6', 'disabled')
            mo.setdefault('InstanceMetadataTags', 'disabled')
            mo['State'] = 'applied'
        for spec in data.get('TagSpecifications') or []:
            if spec.get('Tags'):
                self._check_tags(spec['Tags'])
        return data

    def _lt_warning(self, data):
        errors = []
        image = data.get('ImageId')
        if image and not image.startswith('resolve:ssm:') and image not in self.images:
            errors.append({'Code': 'InvalidAMIID.NotFound',
                           'Message': "The image id '[%s]' does not exist" % image})
        for g in data.get('SecurityGroupIds') or []:
            if g not in self.sgs:
                errors.append({'Code': 'InvalidGroup.NotFound',
                               'Message': "The security group '%s' does not exist" % g})
        return {'Errors': errors} if errors else None

    # -- lookups ------------------------------------------------------------------

    def _lt_by_id(self, lt_id):
        if not _LT_ID_RE.match(lt_id or ''):
            raise AwsError('InvalidLaunchTemplateId.Malformed',
                           'The specified ID for the launch template (%s) is malformed.' % lt_id)
        lt = self.launch_templates.get(lt_id)
        if lt is None or self.emu.hidden(lt_id):
            raise AwsError('InvalidLaunchTemplateId.NotFound',
                           'The specified launch template, with template ID %s, does not exist.'
                           % lt_id)
        return lt

    def _lt_by_name(self, name):
        for k, lt in self.launch_templates.items():
            if lt['LaunchTemplateName'] == name and not self.emu.hidden(k):
                return lt
        raise AwsError('InvalidLaunchTemplateName.NotFoundException',
                       'The specified launch template, with template name %s, does not exist.'
                       % name)

    def _lt_target(self, p):
        lt_id, name = p.get('LaunchTemplateId'), p.get('LaunchTemplateName')
        if lt_id and name:
            raise AwsError('InvalidParameterCombination',
                           'You can specify either a launch template ID or a launch template '
                           'name in the request, but not both.')
        if lt_id:
            return self._lt_by_id(lt_id)
        if name:
            return self._lt_by_name(name)
        raise AwsError('MissingParameter',
                       'The request must include either the launch template ID or the launch '
                       'template name.')

    def launch_template_version(self, lt_id=None, name=None, version=None):
        """(template, version) for other services (Auto Scaling): version is a
        number, `$Latest`, `$Default` or None (the default)."""
        lt = self._lt_by_id(lt_id) if lt_id else self._lt_by_name(name)
        return lt, self._lt_version(lt, version or '$Default')

    def instance_profile_usable(self, spec):
        """Whether the launch template data's IamInstanceProfile ({'Arn' or
        'Name'}) may be used by an instance now; True without IAM."""
        if not spec:
            return True
        iam = self.emu.services.get('iam')
        if iam is None or not hasattr(iam, 'profile_usable'):
            return True
        return iam.profile_usable(spec.get('Arn') or spec.get('Name') or '')

    def _lt_version(self, lt, ref):
        if ref == '$Latest':
            n = lt['LatestVersionNumber']
        elif ref == '$Default':
            n = lt['DefaultVersionNumber']
        else:
            try:
                n = int(ref)
            except (TypeError, ValueError):
                raise AwsError('InvalidLaunchTemplateId.VersionNotFound',
                               'Could not find launch template version %s for template %s.'
                               % (ref, lt['LaunchTemplateId']))
        v = lt['_versions'].get(n)
        if v is None:
            raise AwsError('InvalidLaunchTemplateId.VersionNotFound',
                           'Could not find launch template version %s for template %s.'
                           % (ref, lt['LaunchTemplateId']))
        return v

    def _lt_out(self, lt):
        return {'LaunchTemplateId': lt['LaunchTemplateId'],
                'LaunchTemplateName': lt['LaunchTemplateName'],
                'CreateTime': lt['CreateTime'],
                'CreatedBy': 'arn:aws:iam::%s:root' % self.account,
                'DefaultVersionNumber': lt['DefaultVersionNumber'],
                'LatestVersionNumber': lt['LatestVersionNumber'],
                'Tags': store.tags_to_list(lt['_tags']) or None}

    def _lt_version_out(self, lt, v):
        return {'LaunchTemplateId': lt['LaunchTemplateId'],
                'LaunchTemplateName': lt['LaunchTemplateName'],
                'VersionNumber': v['VersionNumber'],
                'VersionDescription': v.get('VersionDescription'),
                'CreateTime': v['CreateTime'],
                'CreatedBy': 'arn:aws:iam::%s:root' % self.account,
                'DefaultVersion': v['VersionNumber'] == lt['DefaultVersionNumber'],
                'LaunchTemplateData': v['LaunchTemplateData']}

    def _lt_new_version(self, lt, p, base=None):
        data = dict(base or {})
        data.update(self._lt_data(p.get('LaunchTemplateData')))
        n = lt['LatestVersionNumber'] + 1
        v = {'VersionNumber': n, 'VersionDescription': p.get('VersionDescription'),
             'CreateTime': _now(), 'LaunchTemplateData': data}
        lt['_versions'][n] = v
        lt['LatestVersionNumber'] = n
        return v

    # -- operations ---------------------------------------------------------------

    def op_CreateLaunchTemplate(self, p):
        name = p['LaunchTemplateName']
        token = p.get('ClientToken')
        if token and token in self.lt_tokens:
            lt = self.launch_templates.get(self.lt_tokens[token])
            if lt is not None:
                return {'LaunchTemplate': self._lt_out(lt)}
        if not _NAME_RE.match(name):
            raise AwsError('InvalidLaunchTemplateName.MalformedException',
                           'A launch template name must be between 3 and 128 characters, and '
                           'may contain letters, numbers, and the following characters: '
                           '- ( ) . / _.')
        if any(x['LaunchTemplateName'] == name for x in self.launch_templates.values()):
            raise AwsError('InvalidLaunchTemplateName.AlreadyExistsException',
                           'Launch template name already in use.')
        tags = self._tags_from_specs(p, 'launch-template')
        lt_id = store.new_id('lt')
        lt = {'LaunchTemplateId': lt_id, 'LaunchTemplateName': name, 'CreateTime': _now(),
              'DefaultVersionNumber': 1, 'LatestVersionNumber': 0, '_versions': {},
              '_tags': tags}
        v = self._lt_new_version(lt, p)
        self.launch_templates[lt_id] = lt
        if token:
            self.lt_tokens[token] = lt_id
        self._created(lt_id)
        return {'LaunchTemplate': self._lt_out(lt),
                'Warning': self._lt_warning(v['LaunchTemplateData'])}

    def op_CreateLaunchTemplateVersion(self, p):
        lt = self._lt_target(p)
        token = p.get('ClientToken')
        if token and (lt['LaunchTemplateId'], token) in self.lt_tokens:
            n = self.lt_tokens[(lt['LaunchTemplateId'], token)]
            return {'LaunchTemplateVersion': self._lt_version_out(lt, lt['_versions'][n])}
        base = None
        if p.get('SourceVersion'):
            base = self._lt_version(lt, p['SourceVersion'])['LaunchTemplateData']
        v = self._lt_new_version(lt, p, base)
        if token:
            self.lt_tokens[(lt['LaunchTemplateId'], token)] = v['VersionNumber']
        return {'LaunchTemplateVersion': self._lt_version_out(lt, v),
                'Warning': self._lt_warning(v['LaunchTemplateData'])}

    def op_DescribeLaunchTemplates(self, p):
        ids, names = p.get('LaunchTemplateIds'), p.get('LaunchTemplateNames')
        if ids:
            items = [self._lt_by_id(i) for i in ids]
        elif names:
            items = [self._lt_by_name(n) for n in names]
        else:
            items = [x for k, x in sorted(self.launch_templates.items())
                     if not self.emu.hidden(k)]
        from svc_ec2 import apply_filters
        items = apply_filters(items, p.get('Filters'), {
            'launch-template-name': lambda x: x['LaunchTemplateName'],
            'create-time': lambda x: x['CreateTime'],
        })
        page, nxt = self._page(items, p)
        return {'LaunchTemplates': [self._lt_out(x) for x in page], 'NextToken': nxt}

    def op_DescribeLaunchTemplateVersions(self, p):
        has_target = p.get('LaunchTemplateId') or p.get('LaunchTemplateName')
        refs = p.get('Versions') or []
        if has_target:
            lt = self._lt_target(p)
            if refs:
                rows = [(lt, self._lt_version(lt, r)) for r in refs]
            else:
                lo = int(p['MinVersion']) if p.get('MinVersion') else 1
                hi = int(p['MaxVersion']) if p.get('MaxVersion') else lt['LatestVersionNumber']
                rows = [(lt, v) for n, v in sorted(lt['_versions'].items()) if lo <= n <= hi]
        else:
            if refs and any(r not in ('$Latest', '$Default') for r in refs):
                raise AwsError('InvalidParameterCombination',
                               'A launch template ID or name is required with version numbers.')
            rows = []
            for k, lt in sorted(self.launch_templates.items()):
                if self.emu.hidden(k):
                    continue
                wanted = refs or ['$Latest']
                seen = set()
                for r in wanted:
                    v = self._lt_version(lt, r)
                    if v['VersionNumber'] not in seen:
                        seen.add(v['VersionNumber'])
                        rows.append((lt, v))
        from svc_ec2 import apply_filters
        rows = apply_filters([dict(lt=lt, v=v, _tags={}) for lt, v in rows], p.get('Filters'), {
            'image-id': lambda r: r['v']['LaunchTemplateData'].get('ImageId'),
            'instance-type': lambda r: r['v']['LaunchTemplateData'].get('InstanceType'),
            'is-default-version': lambda r: (r['v']['VersionNumber']
                                             == r['lt']['DefaultVersionNumber']),
            'kernel-id': lambda r: r['v']['LaunchTemplateData'].get('KernelId'),
            'ram-disk-id': lambda r: r['v']['LaunchTemplateData'].get('RamDiskId'),
        })
        page, nxt = self._page(rows, p)
        return {'LaunchTemplateVersions': [self._lt_version_out(r['lt'], r['v']) for r in page],
                'NextToken': nxt}

    def op_ModifyLaunchTemplate(self, p):
        lt = self._lt_target(p)
        ref = p.get('DefaultVersion')
        if ref:
            v = self._lt_version(lt, ref)
            lt['DefaultVersionNumber'] = v['VersionNumber']
        return {'LaunchTemplate': self._lt_out(lt)}

    def op_DeleteLaunchTemplate(self, p):
        lt = self._lt_target(p)
        del self.launch_templates[lt['LaunchTemplateId']]
        return {'LaunchTemplate': self._lt_out(lt)}

    def op_DeleteLaunchTemplateVersions(self, p):
        lt = self._lt_target(p)
        ok, bad = [], []
        for ref in p['Versions']:
            try:
                n = int(ref)
            except ValueError:
                n = None
            row = {'LaunchTemplateId': lt['LaunchTemplateId'],
                   'LaunchTemplateName': lt['LaunchTemplateName'], 'VersionNumber': n}
            if n is None or n not in lt['_versions']:
                bad.append(dict(row, ResponseError={
                    'Code': 'launchTemplateVersionDoesNotExist',
                    'Message': 'The specified launch template version does not exist.'}))
            elif n == lt['DefaultVersionNumber']:
                bad.append(dict(row, ResponseError={
                    'Code': 'launchTemplateVersionIsDefault',
                    'Message': 'The default version of a launch template cannot be deleted.'}))
            else:
                del lt['_versions'][n]
                ok.append(row)
        return {'SuccessfullyDeletedLaunchTemplateVersions': ok or None,
                'UnsuccessfullyDeletedLaunchTemplateVersions': bad or None}

    def op_DescribeInstanceTypes(self, p):
        names = p.get('InstanceTypes') or []
        if names:
            unknown = [n for n in names if instance_type_info(n) is None]
            if unknown:
                raise AwsError('InvalidInstanceType',
                               'The following supplied instance types do not exist: [%s]'
                               % ', '.join(unknown))
        else:
            names = ['%s.%s' % (f, s) for f, (_, _, sizes) in sorted(_INSTANCE_FAMILIES.items())
                     for s in sizes]
        items = [instance_type_info(n) for n in names]
        from svc_ec2 import apply_filters
        items = apply_filters([dict(i, _tags={}) for i in items], p.get('Filters'), {
            'instance-type': lambda i: i['InstanceType'],
            'burstable-performance-supported': lambda i: i['BurstablePerformanceSupported'],
            'current-generation': lambda i: i['CurrentGeneration'],
        })
        page, nxt = self._page(items, p)
        return {'InstanceTypes': [{k: v for k, v in i.items() if k != '_tags'} for i in page],
                'NextToken': nxt}
