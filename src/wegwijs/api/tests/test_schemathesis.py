"""Property-based API tests: schemathesis generates requests from the OpenAPI schema and checks
that every answer matches the schema (status codes, content types, bodies) and that nothing
answers 500. Runs against the WSGI app in-process with a coordinator's token."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from wegwijs.accounts.models import Role
from wegwijs.socialmap.tests.factories import build_social_map
from wegwijs.testing.factories import weekly_hours
from wegwijs.testing.network import build_network, user_for


@pytest.fixture
def coordinator_token(transactional_db: None) -> str:
    network = build_network()
    weekly_hours(network.rotterdam_centrum)
    build_social_map(network.rotterdam, network.rotterdam_centrum)
    return Token.objects.create(user=user_for(Role.COORDINATOR, network)).key


def test_api_answers_every_generated_request_as_its_schema_promises(
    coordinator_token: str,
) -> None:
    # schemathesis' own pytest plugin does not support pytest 9 yet: drive hypothesis directly.
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    headers = {"Authorization": f"Token {coordinator_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=int(os.environ.get("WEGWIJS_API_EXAMPLES", "15")),
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        def check(case: Any) -> None:
            # Generated writes name organisations by random slugs, which cannot exist: a 400 for
            # schema-valid data is expected there, so that one check is left out.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        check()
