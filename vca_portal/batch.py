"""Several reads in one SQL statement.

A page made of many small, independent figures (the dashboard: statistics, trend, tasks,
complaints, meetings) would otherwise send a query per figure. ``QueryBatch`` collects
``.values()`` querysets and sends them as one ``SELECT`` whose columns are the querysets' rows
aggregated to JSON by PostgreSQL (``json_agg`` over each queryset's own SQL, its ordering and
limit kept); each ``Rows`` handle then gives its rows back as dictionaries with the Python
types of their fields (dates, aware datetimes, decimals), as iterating the queryset would.

A function that reads this way is written in two steps, so that callers can combine it with
others: a *plan* that adds its querysets to a batch and returns a function shaping the rows,
and the plain function that runs its own plan::

    def task_summary_plan(batch, *, user, ...) -> Callable[[], dict]:
        totals = batch.add(tasks.values(...).annotate(...))
        return lambda: {"total": totals.first()["total"], ...}

    def task_summary(**arguments) -> dict:
        return run_plan(task_summary_plan, **arguments)
"""

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet, Value
from django.db.models.query import ValuesIterable


class Rows:
    """The rows of one queryset of a batch, available once the batch has run."""

    def __init__(self, converters: dict[str, Callable[[Any], Any]]):
        self._converters = converters
        self._rows: list[dict] | None = None

    @property
    def rows(self) -> list[dict]:
        if self._rows is None:
            raise RuntimeError("The batch of this queryset has not been run.")
        return self._rows

    def first(self) -> dict | None:
        rows = self.rows
        return rows[0] if rows else None

    def _load(self, text: str | None) -> None:
        rows = json.loads(text, parse_float=Decimal) if text else []
        converters = self._converters
        self._rows = [
            {
                key: value if value is None or key not in converters else converters[key](value)
                for key, value in row.items()
            }
            for row in rows
        ]


def _converter(field) -> Callable[[Any], Any]:
    internal = field.get_internal_type()
    if internal in {"DateField", "DateTimeField", "DecimalField", "UUIDField", "TimeField"}:
        return field.to_python
    if internal == "FloatField":
        return float
    return lambda value: value  # JSON already gives str, int, bool, lists and objects


class QueryBatch:
    """Collects ``.values()`` querysets (``add``) and reads them all in one statement (``run``)."""

    def __init__(self):
        self._entries: list[tuple[str, list, Rows]] = []
        self._using: str | None = None
        self._empty: list[Rows] = []

    def add(self, queryset: QuerySet) -> Rows:
        if not issubclass(queryset._iterable_class, ValuesIterable):
            raise TypeError("QueryBatch reads .values() querysets only.")
        using = queryset.db
        if self._using not in (None, using):
            raise ValueError("Every queryset of a batch must use the same database.")
        self._using = using
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. .none(), or a filter on an empty list
            rows = Rows({})
            self._empty.append(rows)
            return rows
        converters = {
            alias: _converter(expression.output_field)
            for expression, _sql, alias in compiler.select
            if alias
        }
        rows = Rows(converters)
        self._entries.append((sql, list(params), rows))
        return rows

    def add_sql(self, sql: str, params: list) -> Rows:
        """A statement of the portal's own (constant SQL, every value a parameter), for what
        the ORM cannot say, e.g. a ``LATERAL`` join; its rows as JSON gives them (numbers,
        text, booleans; dates as ISO text)."""
        rows = Rows({})
        self._entries.append((sql, list(params), rows))
        return rows

    def run(self) -> None:
        for rows in self._empty:
            rows._load(None)
        if not self._entries:
            return
        # Each column: one queryset's rows as JSON text, in its own order. The SQL is Django's
        # own compilation of the querysets, with every value left as a parameter.
        template = "(SELECT coalesce(json_agg(r), '[]')::text FROM ({}) r)"
        columns = ", ".join(template.format(sql) for sql, _params, _rows in self._entries)
        params = [param for _sql, entry_params, _rows in self._entries for param in entry_params]
        with connections[self._using].cursor() as cursor:
            cursor.execute("SELECT " + columns, params)
            values = cursor.fetchone()
        for (_sql, _params, rows), text in zip(self._entries, values, strict=True):
            rows._load(text)


def run_plan(plan: Callable[..., Callable[[], Any]], /, **arguments) -> Any:
    """Run one plan on a batch of its own and return what it shapes."""
    batch = QueryBatch()
    shape = plan(batch, **arguments)
    batch.run()
    return shape()


def aggregate_values(queryset: QuerySet, **aggregates) -> QuerySet:
    """What ``queryset.aggregate(**aggregates)`` computes, as a lazy one-row ``.values()``
    queryset that a batch can read."""
    return queryset.order_by().values(_whole=Value(1)).annotate(**aggregates).values(*aggregates)
