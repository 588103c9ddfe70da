"""The cooperative register, the provincial unions and the plan targets: writes with their
rules, shared by the browser forms, the API and imports."""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.access import Capability, has_capability, is_provincial_officer, officer_province_ids
from vca_portal import bounds, clock
from vca_portal.errors import ConflictError

from ..choices import (
    AGRICULTURAL_SUB_SECTORS,
    ENDED_STATUSES,
    NON_AGRICULTURAL_SUB_SECTORS,
    CooperativeKind,
    CooperativeStatus,
    Sector,
    SubSector,
)
from ..models import (
    Cooperative,
    CooperativeFormerName,
    CooperativeMemberCount,
    CooperativeStatusChange,
    PlanTarget,
    Province,
    ProvincialUnion,
)

COOPERATIVE_FIELDS = (
    "name",
    "registration_code",
    "kind",
    "sector",
    "sub_sector",
    "province",
    "status",
    "established_on",
    "dissolved_on",
    "members",
    "charter_capital",
    "tax_code",
    "registering_authority",
)
TAX_CODE_DIGITS = re.compile(r"^[0-9]{10}(?:-?[0-9]{3})?$")


def normalise_tax_code(value) -> str:
    """A cooperative's number (mã số HTX), which is its tax code: 10 digits, or 13 for a
    dependent unit, kept in the usual written form ``0101234567-001`` (entered with or without
    the dash; spaces and dots between digits are ignored). Empty stays empty. Anything else is
    refused with a ``ValidationError`` on ``tax_code``."""
    text = re.sub(r"[\s.]", "", str(value or ""))
    if not text:
        return ""
    if not TAX_CODE_DIGITS.match(text):
        raise ValidationError(
            {
                "tax_code": _(
                    "The tax code has 10 digits, or 13 written as 10 digits, a dash and 3"
                    " digits (0101234567-001); “%(value)s” is neither."
                )
                % {"value": str(value)[:30]}
            }
        )
    digits = text.replace("-", "")
    return digits if len(digits) == 10 else f"{digits[:10]}-{digits[10:]}"


def _require(actor, capability: Capability) -> None:
    if not has_capability(actor, capability):
        raise PermissionDenied(_("You do not have permission to perform this action."))


def _require_register(actor, province: Province) -> None:
    """Staff keep every province's register; a provincial officer their own province's."""
    if has_capability(actor, Capability.MANAGE_REGISTER):
        return
    _require(actor, Capability.EDIT_OWN_PROVINCE)
    if is_provincial_officer(actor) and province.pk in officer_province_ids(actor):
        return
    raise PermissionDenied(_("You may only keep your own province's register."))


def _validate_cooperative(data: dict) -> dict:
    errors: dict[str, str] = {}
    data = dict(data)
    data["name"] = (data.get("name") or "").strip()
    data["registration_code"] = (data.get("registration_code") or "").strip().upper()
    if not data["name"]:
        errors["name"] = _("Enter the name.")
    if not data["registration_code"]:
        errors["registration_code"] = _("Enter the registration code.")
    if data.get("kind") not in CooperativeKind.values:
        errors["kind"] = _("Choose a kind.")
    if data.get("sector") not in Sector.values:
        errors["sector"] = _("Choose a sector.")
    elif data.get("sub_sector") not in SubSector.values or data["sub_sector"] not in (
        AGRICULTURAL_SUB_SECTORS
        if data["sector"] == Sector.AGRICULTURAL
        else NON_AGRICULTURAL_SUB_SECTORS
    ):
        errors["sub_sector"] = _("Choose a sub-sector of the chosen sector.")
    if data.get("status") not in CooperativeStatus.values:
        errors["status"] = _("Choose a status.")
    try:
        data["tax_code"] = normalise_tax_code(data.get("tax_code"))
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    data["registering_authority"] = (data.get("registering_authority") or "").strip()[:255]
    bounds.check(
        Cooperative,
        {"members": data.get("members"), "charter_capital": data.get("charter_capital")},
        errors=errors,
    )
    if "charter_capital" not in errors:
        data["charter_capital"] = Decimal(data["charter_capital"])
    today = clock.today()
    established, dissolved = data.get("established_on"), data.get("dissolved_on")
    if not isinstance(established, datetime.date):
        errors["established_on"] = _("Enter the date of establishment.")
    elif established > today:
        errors["established_on"] = _("The date cannot be in the future.")
    elif not data["province"].is_valid_on(established):
        errors["province"] = _("%(province)s did not exist on %(date)s.") % {
            "province": data["province"].name,
            "date": established.strftime("%d/%m/%Y"),
        }
    if dissolved is not None:
        if not isinstance(dissolved, datetime.date):
            errors["dissolved_on"] = _("Enter a valid date.")
        elif dissolved > today:
            errors["dissolved_on"] = _("The date cannot be in the future.")
        elif isinstance(established, datetime.date) and dissolved < established:
            errors["dissolved_on"] = _(
                "A cooperative cannot be dissolved before it was established."
            )
    if "status" not in errors and "dissolved_on" not in errors:
        if data["status"] in ENDED_STATUSES and dissolved is None:
            errors["dissolved_on"] = _("Enter the date of dissolution.")
        elif data["status"] not in ENDED_STATUSES and dissolved is not None:
            errors["status"] = _(
                "A cooperative with a dissolution date has the status dissolved or bankrupt."
            )
    if errors:
        raise ValidationError(errors)
    return data


def _save_cooperative(cooperative: Cooperative) -> Cooperative:
    try:
        with transaction.atomic():
            cooperative.save()
    except IntegrityError:
        others = Cooperative.objects.exclude(pk=cooperative.pk)
        if others.filter(registration_code=cooperative.registration_code).exists():
            raise ValidationError(
                {"registration_code": _("This registration code is already in the register.")}
            ) from None
        if cooperative.tax_code and others.filter(tax_code=cooperative.tax_code).exists():
            raise ValidationError(
                {"tax_code": _("This tax code is already in the register.")}
            ) from None
        raise
    return cooperative


def _status_day(data: dict, status_on: datetime.date | None) -> datetime.date:
    """The day a status took effect: the dissolution date for an ended one, else the day given
    (not in the future, not before the cooperative was established), else today."""
    if data["status"] in ENDED_STATUSES:
        return data["dissolved_on"]
    if status_on is None:
        return max(clock.today(), data["established_on"])
    if not isinstance(status_on, datetime.date) or status_on > clock.today():
        raise ValidationError({"status_on": _("The date cannot be in the future.")})
    if status_on < data["established_on"]:
        raise ValidationError(
            {"status_on": _("The status cannot change before the cooperative was established.")}
        )
    return status_on


@transaction.atomic
def cooperative_create(
    *,
    actor,
    province: Province,
    name: str,
    registration_code: str,
    sector: str,
    sub_sector: str,
    established_on: datetime.date,
    kind: str = CooperativeKind.COOPERATIVE,
    status: str = CooperativeStatus.ACTIVE,
    dissolved_on: datetime.date | None = None,
    members: int = 0,
    charter_capital: Decimal | int = 0,
    tax_code: str = "",
    registering_authority: str = "",
    status_on: datetime.date | None = None,
) -> Cooperative:
    """Add a cooperative to the register of a province that existed on its founding date; a
    status other than active is recorded in its status history from ``status_on``."""
    _require_register(actor, province)
    data = _validate_cooperative(
        {
            "province": province,
            "name": name,
            "registration_code": registration_code,
            "kind": kind,
            "sector": sector,
            "sub_sector": sub_sector,
            "status": status,
            "established_on": established_on,
            "dissolved_on": dissolved_on,
            "members": members,
            "charter_capital": charter_capital,
            "tax_code": tax_code,
            "registering_authority": registering_authority,
        }
    )
    cooperative = _save_cooperative(Cooperative(**data))
    if cooperative.status != CooperativeStatus.ACTIVE:
        CooperativeStatusChange.objects.create(
            cooperative=cooperative, status=cooperative.status, on=_status_day(data, status_on)
        )
    return cooperative


@transaction.atomic
def cooperative_update(
    *, actor, cooperative: Cooperative, status_on: datetime.date | None = None, **changes
) -> Cooperative:
    """Change a register entry; moving it to another province needs the right to both. A new
    status goes into its history from ``status_on`` (the dissolution date for dissolved or
    bankrupt; default today); a new name keeps the old one as a former name."""
    unknown = set(changes) - set(COOPERATIVE_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in unknown})
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    _require_register(actor, cooperative.province)
    if "province" in changes and changes["province"] != cooperative.province:
        _require_register(actor, changes["province"])
    data = _validate_cooperative(
        {**{field: getattr(cooperative, field) for field in COOPERATIVE_FIELDS}, **changes}
    )
    status_changed = data["status"] != cooperative.status
    day = _status_day(data, status_on) if status_changed else None
    former_name = cooperative.name if data["name"] != cooperative.name else None
    for field, value in data.items():
        setattr(cooperative, field, value)
    cooperative = _save_cooperative(cooperative)
    if status_changed:
        CooperativeStatusChange.objects.create(
            cooperative=cooperative, status=cooperative.status, on=day
        )
    if former_name:
        CooperativeFormerName.objects.create(
            cooperative=cooperative, name=former_name, used_until=clock.today()
        )
    return cooperative


@transaction.atomic
def cooperative_record_members(
    *,
    actor,
    cooperative: Cooperative,
    on: datetime.date,
    official: int,
    associate: int = 0,
    legal_persons: int = 0,
) -> CooperativeMemberCount:
    """Record the members of a cooperative on a day, by type (replacing that day's record);
    the latest record's total becomes the register's member count."""
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    _require_register(actor, cooperative.province)
    errors: dict[str, str] = {}
    bounds.check(
        CooperativeMemberCount,
        {"official": official, "associate": associate, "legal_persons": legal_persons},
        errors=errors,
    )
    if not isinstance(on, datetime.date):
        errors["on"] = _("Enter a valid date.")
    elif on > clock.today():
        errors["on"] = _("The date cannot be in the future.")
    elif on < cooperative.established_on:
        errors["on"] = _("The date is before the cooperative was established.")
    if not errors and legal_persons > official + associate:
        errors["legal_persons"] = _("Legal persons cannot outnumber the members.")
    if not errors and official + associate > bounds.MEMBERS_MAX:
        errors["official"] = _("Too many members for one cooperative.")
    if errors:
        raise ValidationError(errors)
    record, _created = CooperativeMemberCount.objects.update_or_create(
        cooperative=cooperative,
        on=on,
        defaults={"official": official, "associate": associate, "legal_persons": legal_persons},
    )
    latest = cooperative.member_counts.order_by("-on").first()
    if latest.total != cooperative.members:
        cooperative.members = latest.total
        cooperative.save(update_fields=["members", "updated_at"])
    return record


@transaction.atomic
def cooperative_delete(*, actor, cooperative: Cooperative) -> None:
    """Remove an entry made in error (a dissolved cooperative is kept, with its date)."""
    _require_register(actor, cooperative.province)
    cooperative.delete()


@transaction.atomic
def provincial_union_set_charter(
    *,
    actor,
    union: ProvincialUnion,
    charter_decision_number: str,
    charter_approved_on: datetime.date | None,
) -> ProvincialUnion:
    """Record (or clear, with an empty number and no date) the approval of a union's charter by
    the provincial People's Committee (staff)."""
    _require(actor, Capability.MANAGE_REGISTER)
    number = (charter_decision_number or "").strip()
    errors = {}
    if bool(number) != (charter_approved_on is not None):
        errors["charter_approved_on" if number else "charter_decision_number"] = _(
            "Give both the decision number and its date, or neither."
        )
    elif charter_approved_on is not None and charter_approved_on > clock.today():
        errors["charter_approved_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    union.charter_decision_number = number
    union.charter_approved_on = charter_approved_on
    union.save(update_fields=["charter_decision_number", "charter_approved_on"])
    return union


@transaction.atomic
def plan_target_set(
    *,
    actor,
    year: int,
    active_target: int,
    province: Province | None = None,
    note: str = "",
) -> PlanTarget:
    """Set the year's target of active cooperatives, national or (optionally) for a province
    that exists in that year."""
    _require(actor, Capability.MANAGE_PLANS)
    errors = {}
    bounds.check(PlanTarget, {"year": year, "active_target": active_target}, errors=errors)
    if province is not None and "year" not in errors:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if province.valid_from > end or (province.valid_to and province.valid_to < start):
            errors["province"] = _("%(province)s did not exist in %(year)d.") % {
                "province": province.name,
                "year": year,
            }
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            target, _created = PlanTarget.objects.update_or_create(
                year=year,
                province=province,
                defaults={"active_target": active_target, "note": (note or "").strip()},
            )
    except IntegrityError:
        raise ConflictError(
            _("The target was set by someone else at the same time; try again.")
        ) from None
    return target
