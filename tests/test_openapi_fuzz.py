"""Fuzz the JSON API from its own OpenAPI document (schemathesis), in-process against the WSGI application.

Every GET operation is called with values drawn from the document, as the national administrator (who reaches
the most), on the cast's small country: no answer may be a server error, and every answer the document
describes must match it. Writes are left to each app's own tests (a fuzzer's writes would only fill the
database with junk, and each write path has its validation tested there). Ten examples an operation keep it
fast; nothing leaves the process.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from careforce.core.services import api_token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _connection_kept_across_requests():
    """The WSGI handler closes the database connection as every request starts and ends; the test's transaction
    lives on that connection (PostgreSQL would lose it). Django's own test client does the same."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(cast) -> str:
    _token, key = api_token_create(actor=cast.admin, name="fuzz")
    return key


@schema.include(method="GET").parametrize()
@settings(
    max_examples=10, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_get_endpoints_answer_without_server_errors_as_documented(case, admin_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


# Random integers are small: the values a database cannot hold are tried on purpose, in every integer parameter
# of every GET operation (a key or a filter of 10^25 must answer 404 or 422, never 500).
HUGE = [10**25, 2**63, -(10**25)]


def _value(parameter: dict):
    """A valid value for a parameter not under test: its example, its default, its minimum, or 1."""
    schema = parameter["schema"]
    if parameter.get("examples") or schema.get("examples"):
        return (parameter.get("examples") or schema["examples"])[0]
    if "default" in schema:
        return schema["default"]
    return schema.get("minimum", 1) if schema.get("type") == "integer" else "x"


def _is_integer(schema: dict) -> bool:
    return schema.get("type") == "integer" or any(s.get("type") == "integer" for s in schema.get("anyOf", []))


def _integer_cases():
    document = schema.raw_schema
    for path, operations in document["paths"].items():
        parameters = operations.get("get", {}).get("parameters", [])
        for parameter in parameters:
            if _is_integer(parameter["schema"]):
                yield path, parameter["in"], parameter["name"], parameters


# The offset is bounded as the limit is (core.api_pagination): a huge one is refused, never sent to the database.
@pytest.mark.parametrize(("path", "where", "name", "parameters"), [
    pytest.param(*c, id=f"{c[0]}:{c[2]}")
    for c in _integer_cases()
])
def test_integers_no_database_can_hold_are_refused(path, where, name, parameters, admin_token):
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {admin_token}")
    for huge in HUGE:
        url, query = path, {}
        for p in parameters:
            value = huge if p["name"] == name else _value(p)
            if p["in"] == "path":
                url = url.replace("{" + p["name"] + "}", str(value))
            elif p["name"] == name or p.get("required"):
                query[p["name"]] = value
        response = client.get(url, query)
        assert response.status_code < 500, f"GET {url}?{query}: {response.status_code}"
        assert response.status_code in (400, 404, 422) or where == "query", f"GET {url}?{query}: {response.status_code}"
