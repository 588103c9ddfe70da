"""The range of every number the portal stores, declared once on its model field.

A model field states its bounds with Django's ``MinValueValidator`` / ``MaxValueValidator`` (its
column's own range is added by Django); everything that takes a number for that field reads the
bounds from it:

* the services check incoming values with ``check`` (the browser form, the API and the Excel
  upload all call them), so a figure out of range never reaches PostgreSQL;
* API input serializers build the field with ``serializer_field``, browser forms with
  ``form_field``, which refuse it before the service is called, with the same message, and the
  OpenAPI schema shows the range (``minimum`` / ``maximum``).

The message names the field: "Số HTX thành lập mới, nông nghiệp phải là số nguyên từ 0 đến
100.000."
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# The first and last calendar year the portal records (documents since 1945; plans far ahead).
FIRST_YEAR = 1945
LAST_YEAR = 2100
# Monthly figures and reports start with the alliance's statistics in the 2000s.
FIRST_REPORTING_YEAR = 2000

# Cooperatives established, dissolved or active in one province in one month, or a year's
# target: Việt Nam has about 30,000 cooperatives in all, so a count above this is a typing
# error, not a figure.
COUNT_MAX = 100_000
# Members of one cooperative (a people's credit fund may have tens of thousands).
MEMBERS_MAX = 10_000_000
# Votes at one meeting (the national congress has a few hundred delegates).
VOTES_MAX = 100_000
# A document's serial number within its year, and a position or number within one meeting.
SERIAL_MAX = 999_999
POSITION_MAX = 9_999
# Edits of one record: far more than any record will see, well inside the column.
VERSION_MAX = 2**31 - 1


def count(maximum: int = COUNT_MAX) -> list:
    return [MinValueValidator(0), MaxValueValidator(maximum)]


def percent() -> list:
    return [MinValueValidator(0), MaxValueValidator(100)]


def year(first: int = FIRST_YEAR) -> list:
    return [MinValueValidator(first), MaxValueValidator(LAST_YEAR)]


def month() -> list:
    return [MinValueValidator(1), MaxValueValidator(12)]


def limits(field: models.Field) -> tuple[int | Decimal | None, int | Decimal | None]:
    """The narrowest (minimum, maximum) the field's validators allow, its column's included; a
    ``DecimalField`` without validators is bounded by its digits."""
    low = high = None
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            value = validator.limit_value
            low = value if low is None else max(low, value)
        elif isinstance(validator, MaxValueValidator):
            value = validator.limit_value
            high = value if high is None else min(high, value)
    if isinstance(field, models.DecimalField) and high is None:
        high = Decimal(10) ** (field.max_digits - field.decimal_places) - 1
    return low, high


def _message(field: models.Field) -> str:
    low, high = limits(field)
    name = capfirst(field.verbose_name)

    def _figure(value) -> str:
        # Quantities grouped (100.000), years written plainly (2100).
        return str(value) if field.name == "year" else f"{value:,}".replace(",", ".")

    if low is not None and high is not None:
        return _("%(field)s must be a whole number from %(min)s to %(max)s.") % {
            "field": name,
            "min": _figure(low),
            "max": _figure(high),
        }
    if low is not None:
        return _("%(field)s must be a whole number, %(min)s or more.") % {
            "field": name,
            "min": _figure(low),
        }
    return _("%(field)s must be a whole number.") % {"field": name}


def message(model: type[models.Model], name: str) -> str:
    """The field's out-of-range message, in the request's language."""
    return _message(model._meta.get_field(name))


def _form_message(model: type[models.Model], name: str) -> str:
    # Django formats a form error with its parameters (``message % params``).
    return message(model, name).replace("%", "%%")


_lazy_message = lazy(message, str)
_lazy_form_message = lazy(_form_message, str)


def check(model: type[models.Model], values: dict, *, errors: dict | None = None) -> dict:
    """``errors`` (a new dict by default) with the message of each of ``values`` that is not a
    whole number within its model field's bounds; money (``DecimalField``) may be a
    ``Decimal`` without fractional part."""
    errors = {} if errors is None else errors
    for name, value in values.items():
        if name in errors:
            continue
        field = model._meta.get_field(name)
        low, high = limits(field)
        if isinstance(field, models.DecimalField):
            try:
                number = Decimal(value)
                whole = number.is_finite() and number == number.to_integral_value()
            except (InvalidOperation, TypeError, ValueError):
                whole = False
        else:
            number = value
            whole = isinstance(value, int) and not isinstance(value, bool)
        if not whole or (low is not None and number < low) or (high is not None and number > high):
            errors[name] = _message(field)
    return errors


def refuse_out_of_range(model: type[models.Model], values: dict) -> None:
    """``check``, raising the ``ValidationError`` keyed by field that the services raise."""
    errors = check(model, values)
    if errors:
        raise ValidationError(errors)


def _range_kwargs(model: type[models.Model], name: str, *, lazy_text=_lazy_message) -> dict:
    low, high = limits(model._meta.get_field(name))
    text = lazy_text(model, name)
    return {
        "min_value": low,
        "max_value": high,
        "error_messages": {
            "invalid": text,
            "min_value": text,
            "max_value": text,
            "max_string_length": text,
        },
    }


def serializer_field(model: type[models.Model], name: str, **kwargs):
    """An API input field for ``model.name``: an integer (or a whole amount of money) within
    the model field's bounds."""
    from rest_framework import serializers

    field = model._meta.get_field(name)
    bounds = _range_kwargs(model, name)
    if isinstance(field, models.DecimalField):
        bounds["error_messages"] |= dict.fromkeys(
            ("max_digits", "max_decimal_places", "max_whole_digits"),
            bounds["error_messages"]["invalid"],
        )
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            **(bounds | kwargs),
        )
    return serializers.IntegerField(**(bounds | kwargs))


def form_field(model: type[models.Model], name: str, **kwargs) -> forms.Field:
    """A browser form field for ``model.name`` within the model field's bounds."""
    field = model._meta.get_field(name)
    bounds = _range_kwargs(model, name, lazy_text=_lazy_form_message)
    bounds["error_messages"].pop("max_string_length")
    low, high = bounds["min_value"], bounds["max_value"]
    attrs = {"step": 1, "inputmode": "numeric"}
    if low is not None:
        attrs["min"] = low
    if high is not None:
        attrs["max"] = high
    kwargs.setdefault("label", capfirst(field.verbose_name))
    kwargs.setdefault("widget", forms.NumberInput(attrs=attrs))
    kwargs["error_messages"] = bounds["error_messages"] | kwargs.get("error_messages", {})
    if isinstance(field, models.DecimalField):
        kwargs["error_messages"] |= dict.fromkeys(
            ("max_digits", "max_decimal_places", "max_whole_digits"),
            kwargs["error_messages"]["invalid"],
        )
        return forms.DecimalField(
            min_value=low,
            max_value=high,
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            **kwargs,
        )
    return forms.IntegerField(min_value=low, max_value=high, **kwargs)
