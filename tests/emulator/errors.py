"""AWS errors as the emulator raises them.

Every service raises AwsError; the core turns it into the error body of the
request's wire protocol (ec2 XML, query XML or json).  The one idea: a service
only says *what* went wrong (code, message, HTTP status, who is at fault); how
that looks on the wire is the protocol layer's business.
"""


class AwsError(Exception):
    """An error AWS would answer with.

    code    -- the AWS error code, e.g. 'InvalidVpcID.NotFound'
    message -- the human-readable message AWS would send
    status  -- HTTP status (400 for client errors, 403 auth, 500/503 server)
    sender  -- True when the caller is at fault (query protocol <Type>Sender</Type>)
    """

    def __init__(self, code, message, status=400, sender=True):
        super().__init__('%s: %s' % (code, message))
        self.code = code
        self.message = message
        self.status = status
        self.sender = sender


def invalid_action(op):
    """The error every service answers for an operation it does not serve."""
    return AwsError('InvalidAction',
                    'The action %s is not valid for this web service.' % op)


class ServiceBase:
    """Optional helper base for svc_*.py modules.

    Dispatches `handle(op, params)` to `self.op_<Op>(params)`; a service may
    also implement handle itself.  Subclasses set signing_name and model_name.
    """

    signing_name = None
    model_name = None

    def handle(self, op, params):
        fn = getattr(self, 'op_' + op, None)
        if fn is None:
            raise invalid_action(op)
        return fn(params) or {}

    def operations(self):
        """Names of the operations this service serves."""
        return sorted(n[3:] for n in dir(self) if n.startswith('op_'))
