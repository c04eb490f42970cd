"""EC2: the account's default VPC.  A mixin of svc_ec2.Service.

An AWS account comes with a default VPC in each region: 172.31.0.0/16,
DNS hostnames on, an internet gateway with a 0.0.0.0/0 route in the main
route table, and one default /20 subnet per zone that maps public
addresses on launch.  CreateDefaultVpc builds exactly that when the region
has none (DefaultVpcAlreadyExists otherwise); DeleteVpc deletes it like any
VPC, after its dependencies.

After a reset the emulator has NO default VPC, because most tests count the
VPCs, subnets and gateways they make; a test that wants the account as AWS
delivers it calls the control hook `ensure-default-vpc` (or CreateDefaultVpc
through the API, as hashicorp/aws's aws_default_vpc does when it finds none).
"""

from errors import AwsError

_DEFAULT_CIDR = '172.31.0.0/16'


class DefaultVpcMixin:
    """The default VPC for svc_ec2.Service (see the module docstring)."""

    def _default_vpc(self):
        return next((v for v in self.vpcs.values() if v.get('_is_default')), None)

    def op_CreateDefaultVpc(self, p):
        if self._default_vpc() is not None:
            raise AwsError('DefaultVpcAlreadyExists',
                           'A Default VPC already exists for this account in this region.')
        vpc_id = self.op_CreateVpc({'CidrBlock': _DEFAULT_CIDR})['Vpc']['VpcId']
        vpc = self.vpcs[vpc_id]
        vpc['_is_default'] = True
        vpc['_attrs']['enableDnsHostnames'] = True
        igw = self.op_CreateInternetGateway({})['InternetGateway']['InternetGatewayId']
        self.op_AttachInternetGateway({'InternetGatewayId': igw, 'VpcId': vpc_id})
        self.op_CreateRoute({'RouteTableId': vpc['_main_rtb'],
                             'DestinationCidrBlock': '0.0.0.0/0', 'GatewayId': igw})
        for i, zone in enumerate(self.zones):
            sid = self.op_CreateSubnet({
                'VpcId': vpc_id, 'CidrBlock': '172.31.%d.0/20' % (16 * i),
                'AvailabilityZone': zone[0]})['Subnet']['SubnetId']
            self.subnets[sid]['_map_public'] = True
            self.subnets[sid]['_default_for_az'] = True
        return {'Vpc': self._vpc_out(vpc)}

    def control_ensure_default_vpc(self, body):
        """Test hook: the region's default VPC, made as AWS makes it if missing."""
        with self._lock:
            vpc = self._default_vpc()
            if vpc is None:
                vpc = self.vpcs[self.op_CreateDefaultVpc({})['Vpc']['VpcId']]
            return {'VpcId': vpc['VpcId'],
                    'SubnetIds': sorted(s['SubnetId'] for s in self.subnets.values()
                                        if s['VpcId'] == vpc['VpcId']),
                    'InternetGatewayIds': sorted(g for g, x in self.igws.items()
                                                 if x['_vpc'] == vpc['VpcId'])}
