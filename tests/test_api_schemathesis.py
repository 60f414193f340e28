"""schemathesis generates requests from the OpenAPI document for every operation: the API answers none
with a server error, and every answer conforms to the documented schema (status codes, bodies, types)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from gongkai.agencies.tokens import do_create_api_token
from gongkai.testing import Cast

# The OpenAPI document is generated from the code, so loading it needs no database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    # Django closes database connections when a request finishes; its test client turns that off, and
    # calling the WSGI application directly needs the same, or the test's transaction would be closed.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(cast: Cast, settings: Any, tmp_path: Any) -> str:
    settings.MEDIA_ROOT = tmp_path
    return do_create_api_token(cast.clerk, "schemathesis")[1]


@pytest.mark.django_db
@schema.parametrize()
# Derandomised: the same examples every run, so CI is repeatable (run with more examples locally to explore).
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_to_its_openapi_document(case: Any, token: str) -> None:
    cache.clear()  # the rate limit's memory: this test is one client sending many requests
    # Checked: no server error, and every answer's status, content type, headers and body conform to the
    # document. Not checked, as they are about strictness rather than conformance: "schema-valid means
    # accepted" (business rules refuse some well-formed requests with a documented 400) and "schema-invalid
    # means refused" (unknown query parameters are ignored, as HTTP servers commonly do).
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        excluded_checks=[positive_data_acceptance, negative_data_rejection],
    )
