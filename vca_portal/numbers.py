"""A count as the reader's language writes it (26.661 in Vietnamese, 26,661 in English), for
messages built in Python; templates use the ``figure`` filter or ``intcomma``."""

from django.utils import formats


def grouped(value) -> str:
    """26661 -> '26.661' (vi) / '26,661' (en); None -> '–'."""
    if value is None:
        return "–"
    return formats.number_format(value, use_l10n=True, force_grouping=True)
