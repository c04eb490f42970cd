"""What ElastiCache's and Redshift's subnet groups have in common: a named
set of subnets of one VPC (each must exist, all in the same VPC, no
repeats), described with each subnet's zone.  svc_elasticache and
svc_redshift keep one SubnetGroups store each."""

from errors import AwsError


class SubnetGroups:
    def __init__(self, emu, not_found, exists, bad_subnet):
        self.emu = emu
        self.groups = {}
        self.not_found, self.exists, self.bad_subnet = not_found, exists, bad_subnet

    def subnets(self, ids):
        """[(subnet id, zone)] and the one VPC of ids."""
        if not ids:
            raise AwsError('InvalidParameterValue', 'At least one subnet id is required')
        ec2 = self.emu.services['ec2']
        out, vpcs = [], set()
        for sid in ids:
            try:
                s = ec2.get_subnet(sid)
            except AwsError:
                raise AwsError(self.bad_subnet, 'The subnet ID %s does not exist' % sid)
            if any(x == sid for x, _ in out):
                continue
            out.append((sid, s['AvailabilityZone']))
            vpcs.add(s['VpcId'])
        if len(vpcs) != 1:
            raise AwsError('InvalidParameterValue', 'The subnets of a subnet group must all '
                           'be in the same VPC')
        return out, vpcs.pop()

    def get(self, name):
        g = self.groups.get(name)
        if g is None or self.emu.hidden(name):
            raise AwsError(self.not_found, 'Subnet group %s not found.' % name)
        return g

    def create(self, name, description, subnet_ids, tags):
        if name in self.groups:
            raise AwsError(self.exists, 'Subnet group %s already exists.' % name)
        subnets, vpc = self.subnets(subnet_ids)
        g = {'name': name, 'description': description, 'subnets': subnets, 'vpc': vpc,
             'tags': dict(tags)}
        self.groups[name] = g
        self.emu.note_created(name)
        return g

    def modify(self, name, description, subnet_ids):
        g = self.get(name)
        if subnet_ids:
            g['subnets'], g['vpc'] = self.subnets(subnet_ids)
        if description is not None:
            g['description'] = description
        return g

    def delete(self, name):
        self.get(name)
        del self.groups[name]
