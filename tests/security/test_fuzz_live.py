"""Schemathesis against the live test server (real HTTP through the whole middleware chain),
in both of its generation modes: valid requests, and requests that break the schema (numbers
beyond their ``minimum``/``maximum``, wrong types, missing fields). No answer may be a server
error. ``make test`` runs a few derandomised
examples per operation (a fixed seed); ``FUZZ_EXAMPLES`` raises the count."""

import contextlib
import os

import hypothesis
import pytest
import schemathesis
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup

from accounts.choices import Role
from tests.accounts.endpoints import schema as openapi_schema
from tests.factories.accounts import make_user

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
# Not negative_data_rejection: DRF and django-filter read an invalid ``page_size`` or an empty
# filter value (``?kind=``) as "not given" and answer 200, by design.
CHECKS = [not_a_server_error]


def run_operation(operation, mode, *, base_url, headers, sent: list) -> list[str]:
    """The failures of ``EXAMPLES`` derandomised cases of one operation, as text; each request
    sent is appended to ``sent``."""
    failures = []

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(
        max_examples=EXAMPLES,
        derandomize=True,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        deadline=None,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    def check(case):
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        sent.append((mode, operation.label, response.status_code))
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:  # every failure is reported, none stops the run
            failures.extend(f"{mode.value} {operation.label}: {e}"[:300] for e in group.exceptions)

    # Unsatisfiable: nothing in the operation can be made invalid (no parameters, no body).
    with contextlib.suppress(hypothesis.errors.Unsatisfiable):
        check()
    return failures


@pytest.mark.django_db(transaction=True)
def test_the_live_server_never_errs_and_refuses_what_the_schema_forbids(live_server, provinces):
    admin = make_user(Role.ADMINISTRATOR, username="live-fuzz-admin", is_superuser=True)
    _, token = AuthToken.objects.create(user=admin)
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_dict(openapi_schema())
    failures, sent, operations = [], [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += run_operation(
                operation, mode, base_url=live_server.url, headers=headers, sent=sent
            )
    assert failures == [], "\n".join(failures)
    # Every operation was called, and the negative cases reached most of them.
    assert {label for _mode, label, _status in sent} == {
        result.ok().label for result in schema.get_all_operations()
    }
    negative = {label for mode, label, _status in sent if mode == GenerationMode.NEGATIVE}
    assert len(negative) > operations // 2
