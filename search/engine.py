"""One search across the portal: accent-insensitive, ranked, and narrowed by the access rule.

``search(user, text, kind=None)`` answers the search page, the API and every list's ``q``
filter (``filter_queryset``). Text is compared folded (``vca_unaccent``: lower case, without
marks, "đ" as "d"), so "hop tac xa" finds "Hợp tác xã". A row matches when every word of the
query appears in its text, or, when no row searched holds them (on the search page, no row of
any kind) and the server has ``pg_trgm``, when the query is similar to a part of it, so one
letter off still finds. Rows are ranked: the exact number
or code first, then rows holding the words as typed, then every word as a whole word, then
inside longer words, then by similarity; among equals, the row saying little else first.

The search page and the API rank a bounded set of candidates per kind, so that a query found in
tens of thousands of rows answers as fast as one found in a hundred: for each way a row can
match (the exact number, the phrase, the whole words, the words inside others, ...), the
``CANDIDATES`` newest rows matching that way, looked for first among the newest ``WINDOW``
rows (read from the primary key: the same work however large the table) and, for a rarer way,
read from the trigram index; the rows merely similar, the most similar. Those are ranked: a row
matching a better way than the others is always first. The hits are counted up to
``COUNT_CAP`` (beyond, "more than 1.000"): newest first from the primary key when the words
are common enough to fill a way's candidates among the newest rows, else from the trigram
index. A list's ``q`` filter ranks every match.

Every kind's rows are first passed through ``accounts.access.visible_to`` and a kind the user
may not read is not searched at all; complainants' names are searched only for those who may
see them (``inspections.selectors.may_see_complainant_details``), and never shown here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import BooleanField, FloatField, Model, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.access import Capability, has_capability, visible_to
from vca_portal import clock

from . import sql

MIN_LENGTH = 2
MAX_LENGTH = 200
MAX_WORDS = 12
GROUP_SIZE = 5
PAGE_SIZE = 20
# Rows ranked per way of matching (at least; a deeper page ranks as many as it shows), and the
# hits counted per kind: counting costs what reading the rows counted does, and 10,001 of a
# common word cost more than the whole page at 10,000 register entries (make bench).
CANDIDATES = 100
COUNT_CAP = 1_000
# The newest rows in which the candidates of a common way of matching are looked for first.
WINDOW = 2_500
SNIPPET_LENGTH = 180


class SearchQueryError(ValueError):
    """A query that cannot be searched; ``message`` says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Query:
    text: str  # as typed, normalised (NFC, single spaces)
    folded: str  # lower case, without marks
    words: tuple[str, ...]

    @property
    def terms(self) -> tuple[tuple[str, ...], ...]:
        """What must be found, each term as its alternatives: "hop tac xa" is also "htx"."""
        folded, terms = f" {self.folded} ", []
        for phrase, alternatives in ABBREVIATIONS.items():
            if f" {phrase} " in folded:
                folded = folded.replace(f" {phrase} ", " ", 1)
                terms.append(alternatives)
        terms.extend((word,) for word in folded.split())
        return tuple(terms)

    @property
    def number(self) -> int | None:
        return int(self.text) if self.text.isdigit() and len(self.text) <= 9 else None


def fold_letter(letter: str) -> str:
    if letter in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", letter)[0].lower()
    return base[0] if base else letter


def fold(text: str) -> str:
    """``text`` lower case and without marks, letter for letter (as long as ``text`` in NFC),
    so that a position in the folded text is the same position in the original."""
    return "".join(fold_letter(letter) for letter in text)


_WORD = re.compile(r"[^\W_]+")

# Abbreviations written either way in names and titles (folded).
ABBREVIATIONS = {
    phrase: alternatives
    for alternatives in [("hop tac xa", "htx"), ("lien minh", "lm")]
    for phrase in alternatives
}


def parse_query(raw) -> Query:
    """The query as searched, or SearchQueryError with a message for the reader."""
    text = unicodedata.normalize("NFC", str(raw or ""))
    # Control characters (a NUL cannot even reach PostgreSQL) separate words like spaces.
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    if not text:
        raise SearchQueryError(_("Type a word to search for."))
    if len(text) > MAX_LENGTH:
        raise SearchQueryError(
            _("The search text is too long: at most %(limit)d characters.") % {"limit": MAX_LENGTH}
        )
    if len(text) < MIN_LENGTH:
        raise SearchQueryError(
            _("Type at least %(limit)d characters to search.") % {"limit": MIN_LENGTH}
        )
    folded = fold(text)
    words = tuple(dict.fromkeys(_WORD.findall(folded)))
    if not words:
        raise SearchQueryError(_("The search text needs at least one letter or digit."))
    if len(words) > MAX_WORDS:
        raise SearchQueryError(
            _("The search text has too many words: at most %(limit)d.") % {"limit": MAX_WORDS}
        )
    return Query(text=text, folded=" ".join(words), words=words)


@functools.cache
def _trigram_available(vendor_database: str) -> bool:
    with connection.cursor() as cursor:
        return sql.extension_schema(cursor, "pg_trgm") is not None


def trigram_available() -> bool:
    """Whether the server has ``pg_trgm`` (the embedded demo server has not)."""
    return _trigram_available(connection.settings_dict["NAME"])


# Conditions -------------------------------------------------------------------------------


@dataclass
class Condition:
    """A piece of SQL with its parameters."""

    sql: str
    params: list = field(default_factory=list)

    @classmethod
    def all(cls, parts: list[Condition]) -> Condition:
        return cls(" AND ".join(f"({p.sql})" for p in parts), [x for p in parts for x in p.params])

    @classmethod
    def any(cls, parts: list[Condition]) -> Condition:
        return cls(" OR ".join(f"({p.sql})" for p in parts), [x for p in parts for x in p.params])


def contains_words(text_sql: str, query: Query) -> Condition:
    """Every term inside the text (a trigram index answers LIKE)."""
    return Condition.all(
        [
            Condition.any([Condition(f"{text_sql} LIKE %s", [f"%{alt}%"]) for alt in term])
            for term in query.terms
        ]
    )


def whole_words(text_sql: str, query: Query) -> Condition:
    return Condition.all(
        [
            Condition.any([Condition(f"{text_sql} ~ %s", [rf"\m{alt}\M"]) for alt in term])
            for term in query.terms
        ]
    )


def similar(text_sql: str, query: Query) -> Condition | None:
    if not trigram_available():
        return None
    return Condition(f"%s <%% {text_sql}", [query.folded])


def similarity(text_sql: str, query: Query) -> Condition:
    if not trigram_available():
        return Condition("0")
    return Condition(f"word_similarity(%s, {text_sql})", [query.folded])


def text_match(text_sql: str, query: Query, fuzzy: bool) -> Condition:
    """Every word inside the text; with ``fuzzy``, or the query similar to a part of it."""
    parts = [contains_words(text_sql, query)]
    if fuzzy and (similar_text := similar(text_sql, query)) is not None:
        parts.append(similar_text)
    return Condition.any(parts)


def closeness(text_sql: str, query: Query) -> Condition:
    """How much of the text the query is (0-1): among rows holding the words, the one that
    says little else comes first. Cheap, unlike a similarity, for thousands of rows."""
    return Condition(f"least(1, %s::float / greatest(length({text_sql}), 1))", [len(query.folded)])


# Kinds ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    title: str
    meta: str
    snippet: str
    url: str
    rank: float
    title_html: SafeString
    snippet_html: SafeString


@dataclass(frozen=True)
class Kind:
    """One kind of object the search finds."""

    key: str
    label: str
    capability: Capability
    model: Callable[[], type[Model]]
    url_name: str
    related: tuple[str, ...] = ()
    # (query, user) -> SQL condition for an exact number or code, ranked first
    exact: Callable[[Query, object], Condition | None] = lambda query, user: None
    # (query, user, fuzzy) -> further ways a row matches, each with its rank
    also: Callable[[Query, object, bool], list[tuple[Condition, float]]] = (
        lambda query, user, fuzzy: []
    )
    describe: Callable[[Model, Query], tuple[str, str, str]] = lambda obj, query: (str(obj), "", "")

    @property
    def table(self) -> str:
        return self.model()._meta.db_table

    def text_sql(self) -> str:
        """The folded text, kept in a stored column (``sql.STORED_TEXTS``)."""
        return self.column("search_text")

    def column(self, name: str) -> str:
        return f'"{self.table}"."{name}"'

    def rows(self, user) -> QuerySet:
        model = self.model()
        return visible_to(user, model._default_manager.select_related(*self.related))


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _join(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


# Cooperatives: name and registration code; the province by its name.


def _cooperative_model():
    from cooperatives.models import Cooperative

    return Cooperative


def _cooperative_exact(query, user):
    # Codes are kept in capitals (``cooperative_create``): read from their unique index.
    code = KINDS_BY_KEY["cooperative"].column("registration_code")
    return Condition(f"{code} = %s", [query.text.upper()])


def _ids(sql_text: str, condition: Condition) -> list[int]:
    """Ids read first, so that the main query's conditions stay answerable from indexes (a
    subquery inside OR would make PostgreSQL read the whole table)."""
    with connection.cursor() as cursor:
        cursor.execute(f"{sql_text} WHERE {condition.sql}", condition.params)
        return [row[0] for row in cursor.fetchall()]


def _cooperative_in_province(query, user, fuzzy):
    province_name = sql.searched_text(("name",), "cooperatives_province")
    provinces = _ids("SELECT id FROM cooperatives_province", whole_words(province_name, query))
    if not provinces:
        return []
    kind = KINDS_BY_KEY["cooperative"]
    return [(Condition(f"{kind.column('province_id')} = ANY(%s)", [provinces]), 2.0)]


def _describe_cooperative(obj, query):
    return obj.name, _join(obj.registration_code, obj.province.name, obj.get_status_display()), ""


# Documents: number, title, summary, and the text of the attached file.


def _document_model():
    from meetings.models import Document

    return Document


def _document_exact(query, user):
    kind = KINDS_BY_KEY["document"]
    parts = [Condition(f"vca_unaccent({kind.column('number')}) = %s", [fold(query.text)])]
    if query.number is not None:
        parts.append(Condition(f"{kind.column('serial_value')} = %s", [query.number]))
    return Condition.any(parts)


def _document_file_text(query, user, fuzzy):
    text = '"search_documenttext"."search_text"'
    documents = _ids("SELECT document_id FROM search_documenttext", text_match(text, query, fuzzy))
    if not documents:
        return []
    kind = KINDS_BY_KEY["document"]
    return [(Condition(f"{kind.column('id')} = ANY(%s)", [documents]), 1.5)]


def _describe_document(obj, query):
    meta = _join(obj.number, _date(obj.issued_on), obj.issuer_name)
    source = obj.summary
    attached = getattr(obj, "attachment_text", None)
    if attached is not None and attached.text:
        # The words found inside the file, when the summary does not hold them.
        source = obj.summary if _spans(obj.summary, query) else attached.text
    return obj.title, meta, source


# Meetings: title and minutes, and their conclusions.


def _meeting_model():
    from meetings.models import Meeting

    return Meeting


def _meeting_conclusions(query, user, fuzzy):
    text = '"meetings_conclusion"."search_text"'
    meetings = _ids(
        "SELECT DISTINCT meeting_id FROM meetings_conclusion", text_match(text, query, fuzzy)
    )
    if not meetings:
        return []
    kind = KINDS_BY_KEY["meeting"]
    return [(Condition(f"{kind.column('id')} = ANY(%s)", [meetings]), 1.5)]


def _describe_meeting(obj, query):
    return (
        obj.title,
        _join(_date(clock.local_date(obj.starts_at)), obj.get_kind_display()),
        obj.minutes,
    )


# Tasks, inspections, complaints.


def _task_model():
    from tasks.models import Task

    return Task


def _describe_task(obj, query):
    unit = obj.lead_unit.name if obj.lead_unit_id else ""
    return obj.title, _join(unit, _date(obj.due_on), obj.get_status_display()), obj.description


def _inspection_model():
    from inspections.models import Inspection

    return Inspection


def _inspection_exact(query, user):
    kind = KINDS_BY_KEY["inspection"]
    return Condition(
        f"vca_unaccent({kind.column('conclusion_number')}) = %s AND"
        f" {kind.column('conclusion_number')} <> ''",
        [fold(query.text)],
    )


def _describe_inspection(obj, query):
    return (
        obj.title,
        _join(obj.subject_name, _date(obj.start_date), obj.get_status_display()),
        obj.findings,
    )


def _complaint_model():
    from inspections.models import Complaint

    return Complaint


def _complaint_exact(query, user):
    if query.number is None:
        return None
    return Condition(f"{KINDS_BY_KEY['complaint'].column('id')} = %s", [query.number])


def _complainant(query, user, fuzzy):
    """A complainant's name is searched only where the user may read it."""
    from inspections.choices import ComplainantKind
    from inspections.selectors import may_see_complainant_details

    kind = KINDS_BY_KEY["complaint"]
    match = contains_words(kind.column("search_complainant"), query)
    if not may_see_complainant_details(user):
        match = Condition.all(
            [match, Condition(f"{kind.column('complainant_kind')} <> %s", [ComplainantKind.PERSON])]
        )
    return [(match, 1.0)]


def _describe_complaint(obj, query):
    # The complainant never appears here: the complaint's own page decides what may be shown.
    return (
        f"#{obj.pk} {obj.subject}",
        _join(_date(obj.received_on), obj.get_status_display()),
        obj.summary,
    )


KINDS = [
    Kind(
        key="cooperative",
        label=_("Cooperatives"),
        capability=Capability.VIEW_REGISTER,
        model=_cooperative_model,
        url_name="cooperatives:cooperative-detail",
        related=("province",),
        exact=_cooperative_exact,
        also=_cooperative_in_province,
        describe=_describe_cooperative,
    ),
    Kind(
        key="document",
        label=_("Documents"),
        capability=Capability.VIEW_WORK,
        model=_document_model,
        url_name="meetings:document-detail",
        related=("attachment_text",),
        exact=_document_exact,
        also=_document_file_text,
        describe=_describe_document,
    ),
    Kind(
        key="meeting",
        label=_("Meetings"),
        capability=Capability.VIEW_WORK,
        model=_meeting_model,
        url_name="meetings:meeting-detail",
        also=_meeting_conclusions,
        describe=_describe_meeting,
    ),
    Kind(
        key="task",
        label=_("Tasks"),
        capability=Capability.VIEW_WORK,
        model=_task_model,
        url_name="tasks:task-detail",
        related=("lead_unit",),
        describe=_describe_task,
    ),
    Kind(
        key="inspection",
        label=_("Inspections"),
        capability=Capability.VIEW_INSPECTIONS,
        model=_inspection_model,
        url_name="inspections:inspection-detail",
        exact=_inspection_exact,
        describe=_describe_inspection,
    ),
    Kind(
        key="complaint",
        label=_("Complaints"),
        capability=Capability.VIEW_INSPECTIONS,
        model=_complaint_model,
        url_name="inspections:complaint-detail",
        exact=_complaint_exact,
        also=_complainant,
        describe=_describe_complaint,
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
KIND_CHOICES = [(kind.key, kind.label) for kind in KINDS]


def kinds_for(user) -> list[Kind]:
    """The kinds ``user`` may read."""
    return [kind for kind in KINDS if has_capability(user, kind.capability)]


# Matching and ranking ---------------------------------------------------------------------


def matching(kind: Kind, queryset: QuerySet, query: Query, user) -> QuerySet:
    """``queryset`` narrowed to the rows matching ``query``, with their ``search_rank``, best
    first. ``queryset`` must already be what ``user`` may see. Rows merely similar to the
    query are looked for only when no row holds its words: a similarity search reads many
    more rows, and a misspelt query is the one that finds nothing otherwise."""
    exact_rows = _matching(kind, queryset, query, user, fuzzy=False)
    if not trigram_available() or exact_rows.exists():
        return exact_rows
    return _matching(kind, queryset, query, user, fuzzy=True)


@dataclass
class Ranking:
    """How one kind's rows match a query and rank: ``where`` the rows matching, ``rank`` their
    rank, and ``ways`` each way a row can match, with how its candidates are read (newest
    first, or most similar first)."""

    where: Condition
    rank: Condition
    ways: list[tuple[Condition, Condition | None]]


def _ranking(kind: Kind, query: Query, user, *, fuzzy: bool) -> Ranking:
    text = kind.text_sql()
    extras = kind.also(query, user, fuzzy)
    # Numbers and codes have digits: words alone are not compared with every matching row's.
    exact = kind.exact(query, user) if any(c.isdigit() for c in query.text) else None
    where = Condition.any(
        [text_match(text, query, fuzzy), *(condition for condition, _rank in extras)]
    )
    near = closeness(text, query)
    whens, ways = [], []
    if exact is not None:
        whens.append(Condition(f"WHEN {exact.sql} THEN 3", exact.params))
        # An exact number or code is ranked first only among the rows matching.
        ways.append((Condition.all([exact, where]), None))
    for condition, rank in sorted(extras, key=lambda extra: -extra[1]):
        if rank >= 2:
            whens.append(
                Condition(
                    f"WHEN {condition.sql} THEN {rank:.1f} + {near.sql}",
                    condition.params + near.params,
                )
            )
            ways.append((condition, None))
    whole = whole_words(text, query)
    contains = contains_words(text, query)
    holding = [whole, contains]
    if len(query.words) > 1:  # the words as typed, in that order, before them apart
        phrase = Condition(f"{text} ~ %s", [rf"\m{query.folded}\M"])
        whens.append(
            Condition(f"WHEN {phrase.sql} THEN 2.5 + {near.sql}", phrase.params + near.params)
        )
        holding.insert(0, phrase)
    whens.append(Condition(f"WHEN {whole.sql} THEN 2 + {near.sql}", whole.params + near.params))
    whens.append(
        Condition(f"WHEN {contains.sql} THEN 1 + {near.sql}", contains.params + near.params)
    )
    if not fuzzy:  # similar rows are looked for only when no row holds the words
        ways += [(condition, None) for condition in holding]
    for condition, rank in extras:
        if rank < 2:
            whens.append(Condition(f"WHEN {condition.sql} THEN {rank:.1f}", condition.params))
            ways.append((condition, None))
    otherwise = similarity(text, query) if fuzzy else Condition("0")
    if fuzzy and (similar_text := similar(text, query)) is not None:
        # Only their similarity ranks these: the most similar are the candidates.
        distance = Condition(f"%s <<-> {text}", [query.folded])
        ways.append((similar_text, distance))
    rank = Condition(
        "CASE " + " ".join(w.sql for w in whens) + f" ELSE {otherwise.sql} END",
        [p for w in whens for p in w.params] + otherwise.params,
    )
    return Ranking(where=where, rank=rank, ways=ways)


def _ranked(queryset: QuerySet, rank: Condition) -> QuerySet:
    # Only constant SQL is assembled; the query's words are parameters.
    rank_sql = RawSQL(rank.sql, rank.params, output_field=FloatField())  # noqa: S611
    return queryset.annotate(search_rank=rank_sql).order_by("-search_rank", "-pk")


def _matching(kind: Kind, queryset: QuerySet, query: Query, user, *, fuzzy: bool) -> QuerySet:
    ranking = _ranking(kind, query, user, fuzzy=fuzzy)
    where = ranking.where
    matches = RawSQL(where.sql, where.params, output_field=BooleanField())  # noqa: S611
    return _ranked(queryset.filter(matches), ranking.rank)


def _per_way(found: list[tuple[int, int]]) -> dict[int, int]:
    per_way: dict[int, int] = {}
    for _pk, number in found:
        per_way[number] = per_way.get(number, 0) + 1
    return per_way


class RankedHits:
    """One kind's hits as a Paginator reads them: counted up to ``COUNT_CAP``, and each page
    cut from the ranked candidates (``CANDIDATES`` per way of matching, or as many as the
    page needs): the rows holding the query's words or, with ``fuzzy``, those merely similar
    to it (``search`` decides which)."""

    def __init__(self, kind: Kind, queryset: QuerySet, query: Query, user, *, fuzzy: bool):
        self.kind, self.queryset, self.query, self.user = kind, queryset, query, user
        self.fuzzy = fuzzy
        self.ranking = _ranking(kind, query, user, fuzzy=fuzzy)
        self.bound, self.candidates, self.overflows = self._candidates(CANDIDATES)

    @functools.cached_property
    def window_start(self) -> int | None:
        """The id from which the newest ``WINDOW`` rows the user may see begin; None when there
        are no more rows than that."""
        ids = self.queryset.order_by("-pk").values_list("pk", flat=True)
        return next(iter(ids[WINDOW - 1 : WINDOW]), None)

    def _ways_sql(self, ways, bound: int, *, in_window: bool) -> tuple[list[str], list]:
        parts, params = [], []
        for number, (condition, distance) in ways:
            rows = self.queryset
            if in_window:
                # Not answerable from the trigram index: read newest first from the primary
                # key, within the window, until ``bound`` rows are found.
                rows = rows.filter(pk__gte=self.window_start)
                condition = Condition(f"({condition.sql}) IS TRUE", condition.params)
            rows = rows.filter(
                RawSQL(condition.sql, condition.params, output_field=BooleanField())  # noqa: S611
            )
            order = ["-pk"]
            if distance is not None:
                distance_sql = RawSQL(distance.sql, distance.params, output_field=FloatField())  # noqa: S611
                order.insert(0, distance_sql.asc())
            rows = rows.order_by(*order).values_list("pk", Value(number))[:bound]
            part_sql, part_params = rows.query.sql_with_params()
            parts.append(f"({part_sql})")
            params += part_params
        return parts, params

    def _candidates(self, bound: int) -> tuple[int, list[int], bool]:
        """Up to ``bound`` ids per way of matching (the newest, or the most similar), and
        whether any way has more. A way common enough to find its rows among the newest
        ``WINDOW`` is read there, in the time those take to read however large the table;
        only the rarer ways are read from the trigram index, which then has few to give."""
        ways = list(enumerate(self.ranking.ways))
        found = []
        self.dense = False
        if self.window_start is not None:
            common = [way for way in ways if way[1][1] is None]
            found = self._run(*self._ways_sql(common, bound, in_window=True))
            per_way = _per_way(found)
            ways = [way for way in ways if per_way.get(way[0], 0) < bound]
            found = [row for row in found if per_way[row[1]] >= bound]
            # A way filling its candidates among the newest rows matches one row in
            # WINDOW / bound or more, newest first as well as anywhere (rows merely similar
            # are costly to compare one by one, and never read that way).
            self.dense = bool(found) and not self.fuzzy
        if ways:
            found += self._run(*self._ways_sql(ways, bound, in_window=False))
        ids = list(dict.fromkeys(pk for pk, _number in found))
        return bound, ids, any(count >= bound for count in _per_way(found).values())

    @staticmethod
    def _run(parts: list[str], params: list) -> list[tuple[int, int]]:
        if not parts:
            return []
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            return cursor.fetchall()

    @functools.cached_property
    def counted(self) -> int:
        """The matching rows, counted up to one more than ``COUNT_CAP``."""
        if not self.overflows:  # every matching row is a candidate
            return len(self.candidates)
        where = self.ranking.where
        matches = RawSQL(where.sql, where.params, output_field=BooleanField())  # noqa: S611
        rows = self.queryset.filter(matches).order_by()
        if not self.dense:
            # Rarer rows (and rows merely similar, costly to compare one by one): the trigram
            # index finds them, however large the table.
            return rows[: COUNT_CAP + 1].count()
        # Rows so common that COUNT_CAP of them are among the newest few tens of thousands:
        # read newest first from the primary key, stopping at the last one counted, rather
        # than collecting every match from the trigram index (63,000 of 1,000,000 register
        # entries for "hop tac xa nong nghiep"), which PostgreSQL would do, misled by words
        # that appear together far more often than apart.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            counted = rows.order_by("-pk")[: COUNT_CAP + 1].count()
            cursor.execute("SET LOCAL enable_bitmapscan TO DEFAULT")
        return counted

    def count(self) -> int:
        return min(self.counted, COUNT_CAP)

    @property
    def capped(self) -> bool:
        return self.counted > COUNT_CAP

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("RankedHits is read a page at a time")
        stop = index.stop if index.stop is not None else self.count()
        if stop > self.bound and self.overflows:
            self.bound, self.candidates, self.overflows = self._candidates(stop)
        rows = _ranked(self.queryset.filter(pk__in=self.candidates), self.ranking.rank)
        return list(rows[index.start : stop])


def validate_search_text(value) -> None:
    """A form field's validator: an empty value is no filter; anything else must be
    searchable."""
    if value in (None, ""):
        return
    try:
        parse_query(value)
    except SearchQueryError as error:
        raise ValidationError(error.message, code="search") from None


def filter_queryset(kind_key: str, queryset: QuerySet, text: str, user) -> QuerySet:
    """A list's ``q`` filter: the same matching and ranking as the search page. ``queryset``
    is the list's own, already narrowed to what ``user`` may see."""
    query = parse_query(text)
    return matching(KINDS_BY_KEY[kind_key], queryset, query, user)


# Results ----------------------------------------------------------------------------------


@dataclass
class Group:
    kind: Kind
    count: int  # at most COUNT_CAP
    page: object  # django.core.paginator.Page of Hits
    paginator: Paginator
    capped: bool = False  # more than COUNT_CAP hits


@dataclass
class Results:
    query: Query
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def capped(self) -> bool:
        """Whether ``total`` stops short: a kind has more than ``COUNT_CAP`` hits."""
        return any(group.capped for group in self.groups)


def search(user, text, kind: str | None = None, page=1) -> Results:
    """Search everything ``user`` may read (or one ``kind``); a page of hits per kind, or
    ``PAGE_SIZE`` hits of the asked page when one kind is asked. Raises SearchQueryError.
    Rows merely similar to the query are looked for only when no row of any kind searched
    holds its words: a misspelt query is the one that finds nothing otherwise, and a query
    that does find what was typed is not answered with near misses of the other kinds."""
    query = parse_query(text)
    kinds = kinds_for(user)
    if kind:
        kinds = [k for k in kinds if k.key == kind]
    per_page = PAGE_SIZE if kind else GROUP_SIZE
    page = page if kind else 1
    with transaction.atomic(), connection.cursor() as cursor:
        # Each statement reads a few thousand rows at most, newest first: parallel workers
        # cost more to start than that takes (and a busy server has no core to spare).
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        hits = [RankedHits(each, each.rows(user), query, user, fuzzy=False) for each in kinds]
        if not any(rows.candidates for rows in hits) and trigram_available():
            hits = [RankedHits(each, each.rows(user), query, user, fuzzy=True) for each in kinds]
        groups = [_group(rows, per_page, page) for rows in hits]
        cursor.execute("SET LOCAL max_parallel_workers_per_gather TO DEFAULT")
    return Results(query=query, groups=groups)


def _group(rows: RankedHits, per_page: int, page) -> Group:
    each, query = rows.kind, rows.query
    paginator = Paginator(rows, per_page)
    page_obj = paginator.get_page(page)
    page_obj.object_list = [hit(each, obj, query) for obj in page_obj.object_list]
    return Group(
        kind=each, count=paginator.count, page=page_obj, paginator=paginator, capped=rows.capped
    )


def hit(kind: Kind, obj, query: Query) -> Hit:
    title, meta, source = kind.describe(obj, query)
    snippet = excerpt(source, query)
    return Hit(
        kind=kind.key,
        id=obj.pk,
        title=title,
        meta=meta,
        snippet=snippet,
        url=reverse(kind.url_name, args=[obj.pk]),
        rank=round(float(obj.search_rank), 3),
        title_html=highlight(title, query),
        snippet_html=highlight(snippet, query),
    )


def _spans(text: str, query: Query) -> list[tuple[int, int]]:
    folded = fold(text)
    spans = []
    for word in {word for term in query.terms for alt in term for word in alt.split()}:
        start = folded.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def excerpt(text: str, query: Query) -> str:
    """About ``SNIPPET_LENGTH`` characters of ``text`` around the first word found."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    if len(text) <= SNIPPET_LENGTH:
        return text
    spans = _spans(text, query)
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_LENGTH // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + SNIPPET_LENGTH)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def highlight(text: str, query: Query) -> SafeString:
    """``text`` escaped, with each word of the query marked wherever it appears unaccented."""
    text = unicodedata.normalize("NFC", text or "")
    pieces, position = [], 0
    for start, end in _spans(text, query):
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308  (every piece of text is escaped above)
