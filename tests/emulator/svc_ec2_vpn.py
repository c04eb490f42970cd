"""EC2: virtual private gateways and their route propagation.  A mixin of
svc_ec2.Service (which keeps them in self.vgws; routes may target them and
DeleteVpc waits for their attachment to go).

  CreateVpnGateway      pending -> available (`gw_delay` seconds, ticked by
                        svc_ec2_vpc_extras.vx_tick); AmazonSideAsn defaults to
                        64512; an AvailabilityZone must be one of the region's.
  Attach/DetachVpnGateway  attaching -> attached, detaching -> detached; the
                        detached attachment stays listed, as AWS shows it.  One
                        VPC at a time (VpnGatewayAttachmentLimitExceeded).
  DeleteVpnGateway      refused while attaching or attached (IncorrectState;
                        a detaching one may go); the gateway is gone at once
                        (EC2 lists it `deleted` for a while, which clients
                        treat as gone too).
  Enable/DisableVgwRoutePropagation  the table's PropagatingVgws; enabling
                        needs the gateway attached to the table's VPC.

Each gateway's `_vpc` is the VPC it is attached (or attaching, detaching) to,
or None: the route code reads it.
"""

import store
from errors import AwsError


class VpnMixin:
    """Virtual private gateways for svc_ec2.Service."""

    def _vgw_out(self, g):
        att = g.get('_att')
        out = {'VpnGatewayId': g['VpnGatewayId'], 'State': g.get('State', 'available'),
               'Type': g['Type'], 'AmazonSideAsn': g['AmazonSideAsn'],
               'VpcAttachments': ([{'State': att['State'], 'VpcId': att['VpcId']}]
                                  if att else []),
               'Tags': store.tags_to_list(g['_tags']) or None}
        if g.get('AvailabilityZone'):
            out['AvailabilityZone'] = g['AvailabilityZone']
        return out

    def op_CreateVpnGateway(self, p):
        if p['Type'] != 'ipsec.1':
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter type is invalid.' % p['Type'])
        zone = p.get('AvailabilityZone')
        if zone and zone not in [z for z, _ in self.zones]:
            raise AwsError('InvalidParameterValue',
                           'Invalid availability zone: [%s]' % zone)
        asn = p.get('AmazonSideAsn')
        if asn is not None and not (64512 <= asn <= 65534 or 4200000000 <= asn <= 4294967294):
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter amazonSideAsn is invalid.' % asn)
        gid = store.new_id('vgw')
        self.vgws[gid] = {'VpnGatewayId': gid, 'Type': p['Type'], '_vpc': None, '_att': None,
                          'AmazonSideAsn': asn or 64512, 'AvailabilityZone': zone,
                          'State': 'pending', '_since': self.emu.now(),
                          '_tags': self._tags_from_specs(p, 'vpn-gateway')}
        self._created(gid)
        return {'VpnGateway': self._vgw_out(self.vgws[gid])}

    def op_AttachVpnGateway(self, p):
        g = self._find('vgw', p['VpnGatewayId'])
        vpc = self._find('vpc', p['VpcId'])
        if g['_vpc'] is not None:
            if g['_vpc'] == vpc['VpcId'] and g['_att']['State'] in ('attaching', 'attached'):
                return {'VpcAttachment': {'State': g['_att']['State'],
                                          'VpcId': vpc['VpcId']}}
            raise AwsError('VpnGatewayAttachmentLimitExceeded',
                           'the VPN gateway %s is already attached' % g['VpnGatewayId'])
        if any(o['_vpc'] == vpc['VpcId'] for o in self.vgws.values()):
            raise AwsError('VpnGatewayAttachmentLimitExceeded',
                           'The VPC %s already has a VPN gateway attached' % vpc['VpcId'])
        g['_vpc'] = vpc['VpcId']
        g['_att'] = {'VpcId': vpc['VpcId'], 'State': 'attaching', '_since': self.emu.now()}
        return {'VpcAttachment': {'State': 'attaching', 'VpcId': vpc['VpcId']}}

    def op_DetachVpnGateway(self, p):
        g = self._find('vgw', p['VpnGatewayId'])
        att = g.get('_att')
        if g['_vpc'] != p['VpcId'] or att is None or att['State'] == 'detached':
            raise AwsError('InvalidVpnGatewayAttachment.NotFound',
                           'The attachment with vpn gateway ID %s and vpc ID %s does not exist'
                           % (g['VpnGatewayId'], p['VpcId']))
        for t in self.rtbs.values():
            if g['VpnGatewayId'] in t.get('_vgws', []):
                t['_vgws'].remove(g['VpnGatewayId'])
        if att['State'] != 'detaching':
            att.update(State='detaching', _since=self.emu.now())
        return {}

    def op_DeleteVpnGateway(self, p):
        g = self._find('vgw', p['VpnGatewayId'])
        att = g.get('_att')
        if att and att['State'] in ('attaching', 'attached'):
            raise AwsError('IncorrectState', 'The VPN gateway %s is attached to a VPC'
                           % g['VpnGatewayId'])
        del self.vgws[g['VpnGatewayId']]
        return {}

    def op_DescribeVpnGateways(self, p):
        from svc_ec2 import apply_filters
        items = (self._find_many('vgw', p['VpnGatewayIds'])
                 if p.get('VpnGatewayIds') else self._visible('vgws'))
        items = apply_filters(items, p.get('Filters'), {
            'vpn-gateway-id': lambda g: g['VpnGatewayId'],
            'attachment.vpc-id': lambda g: g['_att']['VpcId'] if g.get('_att') else None,
            'attachment.state': lambda g: g['_att']['State'] if g.get('_att') else None,
            'availability-zone': lambda g: g.get('AvailabilityZone'),
            'amazon-side-asn': lambda g: str(g['AmazonSideAsn']),
            'state': lambda g: g.get('State', 'available'),
            'type': lambda g: g['Type'],
        })
        return {'VpnGateways': [self._vgw_out(g) for g in items]}

    def op_EnableVgwRoutePropagation(self, p):
        t = self._find('rtb', p['RouteTableId'])
        g = self._find('vgw', p['GatewayId'])
        att = g.get('_att')
        if g['_vpc'] != t['VpcId'] or att is None or att['State'] != 'attached':
            raise AwsError('Gateway.NotAttached', 'resource %s is not attached to network %s'
                           % (g['VpnGatewayId'], t['VpcId']))
        vgws = t.setdefault('_vgws', [])
        if g['VpnGatewayId'] not in vgws:
            vgws.append(g['VpnGatewayId'])
        return {}

    def op_DisableVgwRoutePropagation(self, p):
        t = self._find('rtb', p['RouteTableId'])
        g = self._find('vgw', p['GatewayId'])
        if g['VpnGatewayId'] in t.get('_vgws', []):
            t['_vgws'].remove(g['VpnGatewayId'])
        return {}
