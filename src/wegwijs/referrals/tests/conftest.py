from __future__ import annotations

import pytest

from wegwijs.referrals.tests.helpers import World, build_world
from wegwijs.testing.network import Network


@pytest.fixture
def world(network: Network) -> World:
    return build_world(network)
