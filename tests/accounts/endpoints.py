"""The API's operations, read from its OpenAPI schema, so that new endpoints are covered by the
generic access tests automatically."""

import functools
import re

PUBLIC = {("post", "/api/v1/auth/token/")}


@functools.cache
def schema() -> dict:
    import json

    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.renderers import JSONRenderer

    # As clients read it: rendered to JSON (decimals and lazy strings become plain values).
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(JSONRenderer().render(generated))


def api_operations() -> list[tuple[str, str]]:
    """(method, concrete path) for every operation, with ``{id}``-style parameters filled."""
    import django

    django.setup()
    operations = []
    for path, item in schema()["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item and (method, path) not in PUBLIC:
                operations.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return sorted(operations)
