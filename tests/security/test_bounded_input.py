"""Out-of-range numbers at every entry: each numeric field of each write operation of the API
schema, and of each browser form, gets 2**31, 2**63, -1 and 1e308 in turn, and the answer is a
400 naming the field, with nothing changed in the database. The bounds themselves are declared
on the model fields (``vca_portal.bounds``)."""

import datetime
import json

import pytest
from django.db import connection
from django.urls import resolve
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.choices import Role
from tests.accounts.endpoints import schema as openapi_schema
from tests.factories.accounts import make_user
from tests.factories.cooperatives import make_cooperative, make_submission, make_union
from tests.factories.inspections import make_complaint, make_inspection, make_plan
from tests.factories.meetings import make_conclusion, make_document, make_meeting
from tests.factories.tasks import make_task, make_unit

OUT_OF_RANGE = [2**31, 2**63, -1, 1e308]
PORTAL_APPS = ("accounts", "cooperatives", "tasks", "meetings", "inspections", "reports")
# Signing out ends the caller's own token; it has no body to bound.
OWN_SESSION = {"/api/v1/auth/logout/", "/api/v1/auth/logoutall/"}


def _resolved(node: dict) -> dict:
    components = openapi_schema()["components"]["schemas"]
    while "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[-1]]
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in node:
            return _resolved(node[combined][0])
    return node


def _is_numeric(node: dict) -> bool:
    return _resolved(node).get("type") in ("integer", "number")


def write_operations() -> list[tuple[str, str, str, list[str]]]:
    """(method, schema path, content type, numeric field paths) of every write operation."""
    found = []
    for path, item in openapi_schema()["paths"].items():
        if path in OWN_SESSION:
            continue
        for method in ("post", "put", "patch"):
            if method not in item:
                continue
            content = item[method].get("requestBody", {}).get("content", {})
            content_type = "application/json" if "application/json" in content else None
            content_type = content_type or next(iter(content), "application/json")
            body = _resolved(content.get(content_type, {}).get("schema", {}))
            fields = {}
            for name, node in body.get("properties", {}).items():
                node = _resolved(node)
                if node.get("readOnly"):
                    continue
                if _is_numeric(node):
                    fields[name] = node
                elif node.get("type") == "array":
                    items = _resolved(node.get("items", {}))
                    if _is_numeric(items):
                        fields[f"{name}[]"] = items
                    for inner, inner_node in items.get("properties", {}).items():
                        inner_node = _resolved(inner_node)
                        if _is_numeric(inner_node) and not inner_node.get("readOnly"):
                            fields[f"{name}[].{inner}"] = inner_node
            found.append((method, path, content_type, fields))
    return found


def declared_valid(node: dict, value) -> bool:
    """Whether the schema declares ``value`` within the field's range; a field without a
    declared range gets every value (its column cannot hold them all)."""
    if "minimum" not in node or "maximum" not in node:
        return False
    return node["minimum"] <= value <= node["maximum"]


def body_with(field: str, value) -> dict:
    if field.endswith("[]"):
        return {field[:-2]: [value]}
    if "[]." in field:
        outer, inner = field.split("[].")
        return {outer: [{inner: value}]}
    return {field: value}


OPERATIONS = [
    (method, path, content_type, field, node)
    for method, path, content_type, fields in write_operations()
    for field, node in fields.items()
]


def database_fingerprint() -> str:
    """Every row of every portal table, as one digest: equal before and after means nothing
    was written."""
    from django.apps import apps

    tables = sorted(
        model._meta.db_table
        for label in PORTAL_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy
    )
    digests = " UNION ALL ".join(
        f"SELECT '{table}' AS name, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
        f" AS digest FROM {connection.ops.quote_name(table)} t"
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT string_agg(name || digest, ',' ORDER BY name) FROM ({digests}) d")  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def objects(provinces):
    """One of everything, so that the operations on an object reach their body."""
    submission = make_submission("01", 2021, 11, established_agricultural=3)
    cooperative = make_cooperative("01")
    union = make_union(provinces.get_by_code("01", on=datetime.date(2021, 11, 30)))
    plan = make_plan()
    inspection = make_inspection(plan=plan)
    complaint = make_complaint()
    from inspections.models import Recommendation

    recommendation = Recommendation.objects.create(inspection=inspection, text="Khắc phục")
    meeting = make_meeting()
    conclusion = make_conclusion(meeting)
    document = make_document()
    unit = make_unit()
    task = make_task(lead_unit=unit)
    return [
        submission,
        cooperative,
        union,
        plan,
        inspection,
        complaint,
        recommendation,
        meeting,
        conclusion,
        document,
        task,
    ]


@pytest.fixture
def admin_client(objects):
    admin = make_user(Role.ADMINISTRATOR, username="bounds-admin", is_superuser=True)
    _, token = AuthToken.objects.create(user=admin)
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def concrete(path: str, objects) -> str:
    """The path with its ``{id}`` filled with an object its view serves."""
    if "{" not in path:
        return path
    view = resolve(path.replace("{id}", "1")).func
    model = view.cls.queryset.model if getattr(view.cls, "queryset", None) is not None else None
    by_model = {type(obj): obj for obj in objects}
    obj = by_model.get(model) or objects[0]
    return path.replace("{id}", str(obj.pk))


@pytest.mark.django_db
def test_every_numeric_field_refuses_out_of_range_values(admin_client, objects, caplog):
    problems = []
    for method, path, content_type, field, node in OPERATIONS:
        url = concrete(path, objects)
        for value in OUT_OF_RANGE:
            if declared_valid(node, value):  # a charter capital of 2**31 đồng is a real one
                continue
            before = database_fingerprint()
            body = body_with(field, value)
            if content_type == "application/json":
                response = getattr(admin_client, method)(
                    url, json.dumps(body), content_type="application/json"
                )
            else:
                response = getattr(admin_client, method)(url, body, format="multipart")
            text = response.content.decode(errors="replace")
            name = field.replace("[]", "").split(".")[-1]
            if response.status_code != 400 or name not in text:
                problems.append((method, url, field, value, response.status_code, text[:200]))
            elif "database refused a value" in caplog.text:
                # Refused by PostgreSQL and the last safety net, not by a declared bound.
                problems.append((method, url, field, value, "reached the database"))
            caplog.clear()
            if database_fingerprint() != before:
                problems.append((method, url, field, value, "changed the database"))
    assert problems == [], "\n".join(map(str, problems))


# Numbers the portal writes itself, never taken from input.
SYSTEM_WRITTEN = {
    "cooperatives.SubmissionEvent.version",
    "reports.Report.version",
    "reports.Report.attempts",
}


def portal_number_fields():
    import pghistory.models
    from django.apps import apps
    from django.db import models

    for label in PORTAL_APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, pghistory.models.Event):
                continue  # the audit's copies of the tracked models' fields
            for field in model._meta.concrete_fields:
                if isinstance(field, models.AutoField | models.ForeignKey):
                    continue
                if isinstance(field, models.IntegerField | models.DecimalField):
                    yield f"{label}.{model.__name__}.{field.name}", field


def test_every_number_column_declares_its_bounds():
    from django.core.validators import MaxValueValidator, MinValueValidator

    undeclared = []
    for name, field in portal_number_fields():
        if name in SYSTEM_WRITTEN:
            continue
        declared = {type(validator) for validator in field._validators}
        has_max = MaxValueValidator in declared or hasattr(field, "max_digits")
        has_min = MinValueValidator in declared or field.name in ("position", "serial_value")
        if not (has_max and has_min):
            undeclared.append(name)
    assert undeclared == [], undeclared


def portal_forms():
    from django import forms

    seen, pending = [], list(forms.Form.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.split(".")[0] in PORTAL_APPS and form not in seen:
            seen.append(form)
    return sorted(seen, key=lambda form: f"{form.__module__}.{form.__name__}")


def test_every_form_refuses_out_of_range_numbers():
    from django import forms

    checked, problems = 0, []
    for form_class in portal_forms():
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.IntegerField | forms.DecimalField):
                continue
            if field.min_value is None or field.max_value is None:
                problems.append((form_class.__name__, name, "no range"))
                continue
            for value in OUT_OF_RANGE:
                if field.min_value <= value <= field.max_value:
                    continue
                checked += 1
                form = form_class.__new__(form_class)
                forms.Form.__init__(form, data={name: str(value)})
                if name not in form.errors or not form.errors[name][0]:
                    problems.append((form_class.__name__, name, value))
    assert checked
    assert problems == []


# Every write operation and every form, with a 10,000-deep JSON array and 10,000 fields -------

DEEP_ARRAY = "[" * 10_000 + "]" * 10_000
TEN_THOUSAND_FIELDS = "&".join(f"f{i}=1" for i in range(10_000))


def _message_of(response) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode(errors="replace")


WRITE_PATHS = sorted({(method, path) for method, path, _type, _fields in write_operations()})


@pytest.mark.django_db
def test_every_write_operation_refuses_a_deep_array_and_10000_fields(admin_client, objects):
    problems = []
    for method, path in WRITE_PATHS:
        url = concrete(path, objects)
        for body, content_type in (
            (DEEP_ARRAY, "application/json"),
            (TEN_THOUSAND_FIELDS, "application/x-www-form-urlencoded"),
        ):
            before = database_fingerprint()
            response = getattr(admin_client, method)(url, body, content_type=content_type)
            message = _message_of(response)
            if not 400 <= response.status_code < 500 or "detail" not in message:
                problems.append((method, url, content_type, response.status_code, message[:200]))
            if database_fingerprint() != before:
                problems.append((method, url, content_type, "changed the database"))
    assert problems == [], "\n".join(map(str, problems))


def browser_paths() -> list[str]:
    """Every page of the browser interface, as a route with its converters (``<int:pk>``)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(("api/", "admin/", "i18n/")):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted(found)


def fillings(route: str, objects) -> list[str]:
    """The route with its converters filled, one way per object that could be meant."""
    import re

    fixed = {
        "<int:year>": "2021",
        "<int:month>": "11",
        "<str:fmt>": "xlsx",
        "<int:province_id>": str(objects[0].province_id),
    }
    for converter, value in fixed.items():
        route = route.replace(converter, value)
    keys = sorted(set(re.findall(r"<int:\w+>", route)))
    if not keys:
        return [route]
    return [
        re.sub(r"<int:\w+>", str(obj.pk), route)
        for obj in {type(obj): obj for obj in objects}.values()
    ]


@pytest.mark.django_db
def test_every_form_refuses_10000_fields_with_a_message(provinces, objects):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.ADMINISTRATOR, username="forms-admin", is_superuser=True))
    problems, refused = [], 0
    for route in browser_paths():
        if route == "/accounts/logout/":
            continue  # it would end the session the walk runs in
        for url in fillings(route, objects):
            before = database_fingerprint()
            response = client.post(
                url, TEN_THOUSAND_FIELDS, content_type="application/x-www-form-urlencoded"
            )
            if response.status_code in (404, 405):
                continue  # no such object here, or a page that takes no form
            if response.status_code == 302 and database_fingerprint() == before:
                break  # not a form for this user (sent elsewhere without reading it)
            page = response.content.decode(errors="replace")
            if response.status_code == 400 and "1000" in page:
                refused += 1
            else:
                problems.append((url, response.status_code, page[:120]))
            if database_fingerprint() != before:
                problems.append((url, "changed the database"))
            break
    assert refused > 10
    assert problems == [], "\n".join(map(str, problems))
