"""Schemathesis over every operation of the API schema: no server error and no response that
breaks the schema. ``make test`` runs a few derandomised examples per operation (a fixed seed);
``make fuzz`` runs many more (FUZZ_EXAMPLES)."""

import os

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error, response_schema_conformance

from accounts.choices import Role
from tests.accounts.endpoints import schema as openapi_schema
from tests.factories.accounts import make_user

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: requests must not close the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_headers(db, provinces):
    admin = make_user(Role.ADMINISTRATOR, username="fuzz-admin", is_superuser=True)
    _, token = AuthToken.objects.create(user=admin)
    # The WSGI transport does not decompress; compression has its own tests.
    return {"Authorization": f"Token {token}", "Accept-Encoding": "identity"}


# pytest-django has configured Django before test modules are collected.
schema = schemathesis.openapi.from_dict(openapi_schema())
schema.app = WSGIHandler()


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES,
    derandomize=True,
    # No shrinking: a failure is reported as found, which keeps make test fast.
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
@pytest.mark.django_db
def test_no_operation_errors_or_breaks_its_schema(case, admin_headers):
    case.call_and_validate(
        headers=admin_headers, checks=[not_a_server_error, response_schema_conformance]
    )
