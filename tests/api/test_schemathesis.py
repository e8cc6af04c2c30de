"""Property-based checks of the whole API against its own OpenAPI, on both backends.

Schemathesis generates requests from /openapi.json (a few examples per operation, so that
the suite stays quick) and checks each answer: no server error, a status the operation
declares, a declared content type and headers, and a body that matches the declared schema.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 4  # per operation: enough to catch a route that breaks, bounded for CI
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_every_operation_keeps_its_contract(client: TestClient) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except Exception as exc:  # every operation's failure is reported, not the first only
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert operations > 20
    assert failures == [], "\n\n".join(failures)
