"""User text in spreadsheets (CSV and xlsx exports, report workbooks) is shown as typed and
never run as a formula: the one rule every export uses."""

# What a spreadsheet may read as the start of a formula, or hide one behind.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def safe_text(value):
    """A cell value for an export: text a spreadsheet would run gets a leading apostrophe;
    ``None`` is an empty cell; numbers and dates pass unchanged."""
    if value is None:
        return ""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
