"""Fixtures shared by the emulator's unit tests.

`running` starts one emulator per test module on a loopback port, with the
credentials the module names in its AK / SK constants, and stops it after
the module's last test; it yields (emulator, base URL).
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import server  # noqa: E402


@pytest.fixture(scope='module')
def running(request):
    emu = server.Emulator(request.module.AK, request.module.SK)
    srv = server.start(emu)
    yield emu, 'http://127.0.0.1:%d' % srv.server_address[1]
    srv.shutdown()
    srv.server_close()
