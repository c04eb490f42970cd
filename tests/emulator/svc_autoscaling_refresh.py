"""Amazon EC2 Auto Scaling instance refreshes.  A mixin of svc_autoscaling.Service.

  StartInstanceRefresh       one refresh at a time per group (another one
                             Pending or InProgress: InstanceRefreshInProgress);
                             Strategy Rolling (default) or ReplaceRootVolume;
                             the group's live instances are the ones to update
  DescribeInstanceRefreshes  newest first, by ids, paged
  CancelInstanceRefresh      the active refresh becomes Cancelled
                             (ActiveInstanceRefreshNotFound without one)

A refresh is InProgress when started and Successful `refresh_seconds` later
(checked whenever it is described or another is started).
"""

import store
from errors import AwsError


class RefreshMixin:
    """Instance refreshes for svc_autoscaling.Service (see the module docstring)."""

    refresh_seconds = 1.0

    def _refreshes(self, g):
        now = self._now()
        rs = g.setdefault('refreshes', [])
        for r in rs:
            if r['Status'] == 'InProgress' and now >= r['_done_at']:
                r['Status'], r['PercentageComplete'] = 'Successful', 100
                r['InstancesToUpdate'] = 0
                r['EndTime'] = self._ts(now)
        return rs

    def _ts(self, t):
        from svc_autoscaling import _to_datetime
        return _to_datetime(t)

    def op_StartInstanceRefresh(self, p):
        g = self._group(p['AutoScalingGroupName'])
        rs = self._refreshes(g)
        if any(r['Status'] in ('Pending', 'InProgress', 'Cancelling') for r in rs):
            raise AwsError('InstanceRefreshInProgress', 'An Instance Refresh is already in '
                           'progress and blocks the execution of this Instance Refresh.')
        strategy = p.get('Strategy') or 'Rolling'
        now = self._now()
        alive = [i for i in g['instances'] if i['state'] in ('Pending', 'InService')]
        r = {'InstanceRefreshId': store.new_uuid(), 'AutoScalingGroupName': g['name'],
             'Status': 'InProgress', 'StatusReason': None, 'StartTime': self._ts(now),
             'PercentageComplete': 0, 'InstancesToUpdate': len(alive), 'Strategy': strategy,
             '_done_at': now + self.refresh_seconds}
        if p.get('Preferences') is not None:
            r['Preferences'] = dict(p['Preferences'])
        if p.get('DesiredConfiguration') is not None:
            r['DesiredConfiguration'] = dict(p['DesiredConfiguration'])
        rs.insert(0, r)
        return {'InstanceRefreshId': r['InstanceRefreshId']}

    def op_DescribeInstanceRefreshes(self, p):
        g = self._group(p['AutoScalingGroupName'], deleting_ok=True)
        rs = self._refreshes(g)
        ids = p.get('InstanceRefreshIds')
        rows = [{k: v for k, v in r.items() if not k.startswith('_') and v is not None}
                for r in rs if not ids or r['InstanceRefreshId'] in ids]
        from svc_autoscaling import _page
        page, nxt = _page(rows, p.get('NextToken'), p.get('MaxRecords'))
        out = {'InstanceRefreshes': page}
        if nxt:
            out['NextToken'] = nxt
        return out

    def op_CancelInstanceRefresh(self, p):
        g = self._group(p['AutoScalingGroupName'])
        for r in self._refreshes(g):
            if r['Status'] in ('Pending', 'InProgress'):
                r['Status'], r['EndTime'] = 'Cancelled', self._ts(self._now())
                return {'InstanceRefreshId': r['InstanceRefreshId']}
        raise AwsError('ActiveInstanceRefreshNotFound', 'No in progress or pending Instance '
                       'Refresh found for Auto Scaling group %s' % g['name'])
