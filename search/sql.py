"""The SQL the search engine stands on, shared by its migrations and the engine itself.

``vca_unaccent(text)`` folds text for comparison: lower case, without Vietnamese tone and
vowel marks, "đ" as "d". It is IMMUTABLE so that the trigram indexes can be built on it. It
uses PostgreSQL's ``unaccent`` where the server has it, else a translation of the Vietnamese
letters (the same result for Vietnamese text); trigram similarity needs ``pg_trgm``.
"""

import unicodedata

# Every Vietnamese letter with a mark, lower and upper case; the fallback maps each to its base.
_VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"


def _base(letter: str) -> str:
    return "d" if letter in "đĐ" else unicodedata.normalize("NFD", letter)[0]


_MARKED = _VIETNAMESE + _VIETNAMESE.upper()
_PLAIN = "".join(_base(letter) for letter in _MARKED)

# (table, index name, columns): the text each kind is searched on, folded as one string. The
# engine builds the same expression (``searched_text``) so that PostgreSQL uses the index.
# The migrations build these indexes: a change here needs a new migration.
INDEXED_TEXTS = [
    ("cooperatives_cooperative", "search_cooperative_trgm", ("name", "registration_code")),
    ("meetings_document", "search_document_trgm", ("number", "title", "summary")),
    ("meetings_meeting", "search_meeting_trgm", ("title", "minutes")),
    ("meetings_conclusion", "search_conclusion_trgm", ("text",)),
    ("tasks_task", "search_task_trgm", ("title", "description")),
    (
        "inspections_inspection",
        "search_inspection_trgm",
        ("title", "subject_name", "findings", "conclusion_number"),
    ),
    ("inspections_complaint", "search_complaint_trgm", ("subject", "summary")),
    ("inspections_complaint", "search_complainant_trgm", ("complainant_name",)),
]


ATTACHMENT_TEXT = ("search_documenttext", "search_document_text_trgm", ("text",))


# (table, stored column, index name, columns): since 0003 the folded text is kept in a stored
# generated column of each table, so that neither the index's recheck nor the ranking folds
# every row again; the trigram index is on that column.
STORED_TEXTS = [
    (
        "cooperatives_cooperative",
        "search_text",
        "search_cooperative_trgm",
        ("name", "registration_code"),
    ),
    ("meetings_document", "search_text", "search_document_trgm", ("number", "title", "summary")),
    ("meetings_meeting", "search_text", "search_meeting_trgm", ("title", "minutes")),
    ("meetings_conclusion", "search_text", "search_conclusion_trgm", ("text",)),
    ("tasks_task", "search_text", "search_task_trgm", ("title", "description")),
    (
        "inspections_inspection",
        "search_text",
        "search_inspection_trgm",
        ("title", "subject_name", "findings", "conclusion_number"),
    ),
    ("inspections_complaint", "search_text", "search_complaint_trgm", ("subject", "summary")),
    (
        "inspections_complaint",
        "search_complainant",
        "search_complainant_trgm",
        ("complainant_name",),
    ),
    ("search_documenttext", "search_text", "search_document_text_trgm", ("text",)),
]


def add_stored_text(cursor, table: str, column: str, index: str, columns) -> None:
    """The folded text as a stored generated column of ``table``, with its trigram index in
    place of the index on the expression."""
    cursor.execute(f"DROP INDEX IF EXISTS {index}")
    cursor.execute(
        f"ALTER TABLE {_quote(table)} ADD COLUMN IF NOT EXISTS {_quote(column)} text"
        f" GENERATED ALWAYS AS ({searched_text(columns)}) STORED"
    )
    schema = extension_schema(cursor, "pg_trgm")
    if schema is not None:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {_quote(table)} USING gin"
            f" ({_quote(column)} {_quote(schema)}.gin_trgm_ops)"
        )


def drop_stored_text(cursor, table: str, column: str, index: str, columns) -> None:
    cursor.execute(f"ALTER TABLE {_quote(table)} DROP COLUMN IF EXISTS {_quote(column)}")
    create_trigram_index(cursor, table, index, columns)


def create_trigram_index(cursor, table: str, name: str, columns: tuple[str, ...]) -> None:
    """The GIN trigram index of a searched text, where the server has ``pg_trgm``."""
    schema = extension_schema(cursor, "pg_trgm")
    if schema is None:
        return
    cursor.execute(
        f'CREATE INDEX IF NOT EXISTS {name} ON "{table}" USING gin'
        f" (({searched_text(columns)}) {_quote(schema)}.gin_trgm_ops)"
    )


def extension_schema(cursor, name: str) -> str | None:
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = %s",
        [name],
    )
    row = cursor.fetchone()
    return row[0] if row else None


def create_extensions(cursor) -> None:
    cursor.execute("SELECT name FROM pg_available_extensions WHERE name IN ('unaccent', 'pg_trgm')")
    for (name,) in cursor.fetchall():
        cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")


def unaccent_function_sql(unaccent_schema: str | None) -> str:
    if unaccent_schema:
        body = (
            f"SELECT lower({_quote(unaccent_schema)}.unaccent("
            f"'{unaccent_schema}.unaccent'::regdictionary, translate($1, 'đĐ', 'dD')))"
        )
    else:
        body = f"SELECT lower(translate($1, '{_MARKED}', '{_PLAIN}'))"
    return (
        "CREATE OR REPLACE FUNCTION vca_unaccent(text) RETURNS text"
        f" LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ {body} $$"
    )


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def searched_text(columns: tuple[str, ...], table: str | None = None) -> str:
    """``vca_unaccent(a || ' ' || b)`` over ``columns`` (all NOT NULL), qualified by ``table``."""
    prefix = f"{_quote(table)}." if table else ""
    joined = " || ' ' || ".join(f"{prefix}{_quote(column)}" for column in columns)
    return f"vca_unaccent({joined})"
