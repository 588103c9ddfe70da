"""Writes on meetings and the document register, with their rules: conclusions numbered in
order and turned into tasks in one step, document numbers parsed and unique per issuer, type
and year, attachments checked before anything is saved."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from accounts.models import User
from tasks.models import Task, Unit
from tasks.services import task_create
from vca_portal import clock
from vca_portal.numbers import grouped

from .choices import (
    Attendance,
    DocumentStatus,
    DocumentType,
    MeetingFormat,
    MeetingKind,
    ParticipantRole,
    QuorumRule,
    VoteThreshold,
)
from .models import AgendaItem, Agreement, Conclusion, Document, Meeting, Participant, VoteResult
from .numbers import canonical_issuer, format_number, normalise, parse_number
from .validators import validate_office_file

VCA_ISSUER = "LMHTXVN"


@transaction.atomic
def meeting_create(
    *,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    format: str,  # noqa: A002 (the domain's word)
    created_by=None,
    ends_at: datetime.datetime | None = None,
    location: str = "",
    chaired_by=None,
    chair_name: str = "",
    reviews_month: datetime.date | None = None,
    minutes: str = "",
    agenda: Sequence[str | tuple[str, str]] = (),
    speakers: Sequence[tuple[object, str, str]] = (),
    attendees: Iterable = (),
    guests: Iterable[str] = (),
    quorum_rule: str = QuorumRule.MORE_THAN_HALF,
) -> Meeting:
    """Record a meeting with its ordered agenda. ``speakers`` are (user or None, name, topic);
    ``attendees`` users; ``guests`` names of people without an account."""
    _check_particulars(
        kind=kind,
        format=format,
        starts_at=starts_at,
        ends_at=ends_at,
        reviews_month=reviews_month,
        chaired_by=chaired_by,
    )
    meeting = Meeting.objects.create(
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        format=format,
        location=location,
        chaired_by=chaired_by,
        chair_name=chair_name,
        reviews_month=reviews_month.replace(day=1) if reviews_month else None,
        minutes=minutes,
        quorum_rule=quorum_rule,
        created_by=created_by,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            title=item if isinstance(item, str) else item[0],
            presenter="" if isinstance(item, str) else item[1],
        )
        for position, item in enumerate(agenda, start=1)
    )
    participants = [
        Participant(meeting=meeting, role="speaker", user=user, name=name, topic=topic)
        for user, name, topic in speakers
    ]
    participants += [Participant(meeting=meeting, role="attendee", user=u) for u in attendees]
    participants += [Participant(meeting=meeting, role="guest", name=n) for n in guests if n]
    people = [_person_key(p.user, p.name) for p in participants]
    if len(set(people)) != len(people):
        raise ValidationError({"participants": PERSON_TWICE})
    Participant.objects.bulk_create(participants)
    return meeting


PERSON_TWICE = gettext_lazy("This person is already on the meeting's attendance list.")


def _person_key(user, name: str) -> tuple:
    return ("user", user.pk) if user is not None else ("name", name.strip().casefold())


@transaction.atomic
def meeting_record_attendance(
    *,
    meeting: Meeting,
    user=None,
    name: str = "",
    role: str = ParticipantRole.ATTENDEE,
    attendance: str = Attendance.PRESENT,
    absence_reason: str = "",
    is_voting_member: bool = True,
    agenda_item: AgendaItem | None = None,
    topic: str = "",
) -> Participant:
    """Put one person on a meeting's attendance list: present, online, absent (with the
    reason) or only invited; a person is listed once."""
    name = name.strip()
    errors = {}
    if user is None and not name:
        errors["name"] = _("Choose a user or write the person's name and title.")
    if attendance == Attendance.ABSENT and not absence_reason.strip():
        errors["absence_reason"] = _("Give the reason for the absence.")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        errors["agenda_item"] = _("The agenda item is not one of this meeting's.")
    if errors:
        raise ValidationError(errors)
    Meeting.objects.select_for_update().get(pk=meeting.pk)  # one list change at a time
    key = _person_key(user, name)
    if any(_person_key(p.user, p.name) == key for p in meeting.participants.all()):
        raise ValidationError({"user" if user else "name": PERSON_TWICE})
    participant = Participant(
        meeting=meeting,
        user=user,
        name=name,
        role=role,
        attendance=attendance,
        absence_reason=absence_reason.strip() if attendance == Attendance.ABSENT else "",
        is_voting_member=is_voting_member,
        agenda_item=agenda_item,
        topic=topic,
    )
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as error:  # listed by someone else at the same instant
        raise ValidationError({"name": PERSON_TWICE}) from error
    return participant


@transaction.atomic
def agenda_item_record_discussion(*, item: AgendaItem, discussion: str) -> AgendaItem:
    """What was said on one item of the agenda, for the minutes."""
    item.discussion = discussion.strip()
    item.save(update_fields=["discussion"])
    return item


# Who may chair a meeting: leadership, the alliance's staff and administrators.
CHAIR_ROLES = (Role.LEADERSHIP, Role.STAFF, Role.ADMINISTRATOR)


def chair_candidates():
    """The people a new chair is chosen from (active, in ``CHAIR_ROLES``)."""
    return User.objects.filter(is_active=True, role__in=CHAIR_ROLES).order_by(
        "last_name", "username"
    )


def _check_particulars(
    *,
    kind,
    format,  # noqa: A002
    starts_at,
    ends_at,
    reviews_month,
    chaired_by=None,
) -> None:
    """The rules a meeting's particulars keep, when it is recorded and when it is corrected."""
    errors = {}
    if chaired_by is not None and chaired_by.role not in CHAIR_ROLES:
        errors["chaired_by"] = _("A meeting is chaired by leadership or the alliance's staff.")
    if kind not in MeetingKind.values:
        errors["kind"] = _("Choose the kind of meeting.")
    if format not in MeetingFormat.values:
        errors["format"] = _("Choose how the meeting is held.")
    if ends_at is not None and starts_at is not None and ends_at < starts_at:
        errors["ends_at"] = _("The meeting cannot end before it starts.")
    if kind == MeetingKind.MONTHLY_REVIEW and reviews_month is None:
        errors["reviews_month"] = _("A monthly review states the month it reviews.")
    if errors:
        raise ValidationError(errors)


# What ``meeting_update`` corrects; the agenda, participants, minutes, conclusions and votes
# have their own steps.
MEETING_PARTICULARS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "format",
    "location",
    "chaired_by",
    "chair_name",
    "reviews_month",
    "quorum_rule",
)


@transaction.atomic
def meeting_update(*, meeting: Meeting, **fields: Any) -> Meeting:
    """Correct a meeting's particulars (any of ``MEETING_PARTICULARS``). The result is checked
    as a whole with the rules of ``meeting_create``; on an error nothing changes."""
    unknown = set(fields) - set(MEETING_PARTICULARS)
    if unknown:
        raise TypeError(f"meeting_update() cannot change {', '.join(sorted(unknown))}")
    values = {name: fields.get(name, getattr(meeting, name)) for name in MEETING_PARTICULARS}
    if "title" in fields and not str(values["title"]).strip():
        raise ValidationError({"title": _("Enter the meeting's title.")})
    _check_particulars(
        kind=values["kind"],
        format=values["format"],
        starts_at=values["starts_at"],
        ends_at=values["ends_at"],
        reviews_month=values["reviews_month"],
        chaired_by=values["chaired_by"],
    )
    if values["reviews_month"]:
        values["reviews_month"] = values["reviews_month"].replace(day=1)
    changed = [name for name, value in values.items() if getattr(meeting, name) != value]
    for name in changed:
        setattr(meeting, name, values[name])
    if changed:
        meeting.save(update_fields=changed)
    return meeting


@transaction.atomic
def meeting_update_minutes(*, meeting: Meeting, minutes: str) -> Meeting:
    """Write the minutes once the meeting has been held (they are audited like every edit)."""
    if meeting.starts_at > clock.now():
        raise ValidationError({"minutes": _("Minutes can be written once the meeting has begun.")})
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes"])
    return meeting


@transaction.atomic
def meeting_add_conclusion(*, meeting: Meeting, text: str) -> Conclusion:
    """Add the next numbered conclusion to a meeting."""
    if not text.strip():
        raise ValidationError({"text": _("Write the conclusion.")})
    Meeting.objects.select_for_update().get(pk=meeting.pk)  # numbers are given one at a time
    last = meeting.conclusions.aggregate(last=Max("number"))["last"] or 0
    return Conclusion.objects.create(meeting=meeting, number=last + 1, text=text.strip())


@transaction.atomic
def meeting_record_vote(
    *,
    meeting: Meeting,
    question: str,
    votes_for: int,
    votes_cast: int,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
    voters: int | None = None,
    is_secret: bool = False,
    threshold: str = VoteThreshold.MAJORITY_OF_CAST,
) -> VoteResult:
    """Record a vote: for, against and abstaining among the votes cast, of those entitled to
    vote (the rest did not vote), open or secret, and the threshold it needed."""
    parts = [votes_for, votes_cast, votes_against, votes_abstain, voters]
    if any(value is not None and value < 0 for value in parts):
        raise ValidationError({"votes_for": _("Votes cannot be negative.")})
    if votes_for > votes_cast:
        raise ValidationError({"votes_for": _("There cannot be more votes for than votes cast.")})
    counted = votes_for + (votes_against or 0) + (votes_abstain or 0)
    if counted > votes_cast:
        raise ValidationError(
            {
                "votes_cast": _(
                    "For, against and abstaining add up to %(counted)s, more than the "
                    "%(cast)s votes cast."
                )
                % {"counted": grouped(counted), "cast": grouped(votes_cast)}
            }
        )
    if voters is not None and votes_cast > voters:
        raise ValidationError(
            {
                "voters": _("%(cast)s votes cast is more than the %(voters)s entitled to vote.")
                % {"cast": grouped(votes_cast), "voters": grouped(voters)}
            }
        )
    if threshold != VoteThreshold.MAJORITY_OF_CAST and voters is None:
        raise ValidationError(
            {"voters": _("This threshold counts those entitled to vote: give their number.")}
        )
    return VoteResult.objects.create(
        meeting=meeting,
        question=question,
        votes_for=votes_for,
        votes_cast=votes_cast,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        voters=voters,
        is_secret=is_secret,
        threshold=threshold,
    )


@dataclass
class Assignment:
    """One task to create from a conclusion."""

    lead_unit: Unit
    due_on: datetime.date | None
    title: str = ""
    supporting_units: Sequence[Unit] = field(default_factory=list)
    is_key: bool = False


@transaction.atomic
def conclusion_create_tasks(
    *,
    conclusion: Conclusion,
    assignments: Sequence[Assignment],
    assigned_by,
    assigned_on: datetime.date | None = None,
) -> list[Task]:
    """Turn a conclusion into one task per lead unit, all or none. A task's title defaults to
    the conclusion's text."""
    if not assignments:
        raise ValidationError(_("Name at least one lead unit."))
    # The meeting's day in Hà Nội, not in UTC: an early-morning meeting is on the same day.
    assigned_on = assigned_on or timezone.localdate(conclusion.meeting.starts_at)
    return [
        task_create(
            title=assignment.title or conclusion.text,
            lead_unit=assignment.lead_unit,
            supporting_units=assignment.supporting_units,
            due_on=assignment.due_on,
            is_key=assignment.is_key,
            conclusion=conclusion,
            assigned_by=assigned_by,
            assigned_on=assigned_on,
        )
        for assignment in assignments
    ]


def _duplicate_error(number: str, year: int) -> ValidationError:
    message = _("Document %(number)s of %(year)d is already in the register.") % {
        "number": number,
        "year": year,
    }
    return ValidationError({"number": message})


@transaction.atomic
def document_register(
    *,
    number: str,
    title: str,
    year: int | None = None,
    issued_on: datetime.date | None = None,
    issuer_name: str = "",
    summary: str = "",
    file=None,
    cites: Iterable[Document] = (),
    meetings: Iterable[Meeting] = (),
    created_by=None,
) -> Document:
    """Put a document in the register. Its number is parsed; an unrecognised number is kept
    as written and flagged. The year comes from the issue date, the number or ``year``."""
    document = Document(created_by=created_by)
    _fill_document(
        document,
        number=number,
        title=title,
        year=year,
        issued_on=issued_on,
        issuer_name=issuer_name,
        summary=summary,
        file=file,
    )
    _save_document(document)
    document.cites.set(cites)
    document.meetings.set(meetings)
    return document


def _fill_document(
    document: Document,
    *,
    number: str,
    title: str,
    year: int | None,
    issued_on: datetime.date | None,
    issuer_name: str,
    summary: str,
    file,
    known_year: int | None = None,
) -> None:
    """Check a document's particulars as a whole and set them on ``document`` (unsaved). The
    year is ``year``, else the issue date's, else the number's, else ``known_year``."""
    parsed = parse_number(number)
    year = year or (issued_on.year if issued_on else None) or parsed.year or known_year
    errors = {}
    if not title.strip():
        errors["title"] = _("Enter the document's title.")
    if year is None:
        errors["year"] = _("Give the issue date or the year of the document.")
    elif issued_on is not None and issued_on.year != year:
        errors["issued_on"] = _("The issue date is not in the document's year.")
    if file:
        try:
            validate_office_file(file)
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    for name, value in parsed.document_fields().items():
        setattr(document, name, value)
    document.year = year
    document.issued_on = issued_on
    document.issuer_name = issuer_name
    document.title = title.strip()
    document.summary = summary
    if file:
        document.file = file


def _save_document(document: Document) -> None:
    """Save a checked document; its number must be free (a clear error, also when another
    registration takes the number at the same instant)."""
    if _number_taken(document):
        raise _duplicate_error(document.number, document.year)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as error:
        raise _duplicate_error(document.number, document.year) from error


ISSUED_IS_FIXED = gettext_lazy(
    "An issued document cannot be changed: draft a correction that replaces it."
)
DRAFT_CHANGES_BY_DRAFTING = gettext_lazy(
    "A draft is changed on its drafting page, and gets its number when it is issued."
)

# What ``document_update`` corrects.
DOCUMENT_FIELDS = (
    "number",
    "title",
    "year",
    "issued_on",
    "issuer_name",
    "summary",
    "file",
    "cites",
    "meetings",
)


@transaction.atomic
def document_update(*, document: Document, **fields: Any) -> Document:
    """Correct a registered document (any of ``DOCUMENT_FIELDS``), checked as a whole with the
    rules of ``document_register``; on an error nothing changes. Without ``year``, a new issue
    date or number decides the year as at registration, and the year stays when neither says
    one; without ``file``, the file stays."""
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"document_update() cannot change {', '.join(sorted(unknown))}")
    if document.status != DocumentStatus.RECORDED:
        raise ValidationError(ISSUED_IS_FIXED if document.is_issued else DRAFT_CHANGES_BY_DRAFTING)
    cites = fields.get("cites")
    if cites is not None and any(cited.pk == document.pk for cited in cites):
        raise ValidationError({"cites": _("A document cannot cite itself.")})
    try:
        _fill_document(
            document,
            number=fields.get("number", document.number),
            title=fields.get("title", document.title),
            year=fields.get("year"),
            issued_on=fields.get("issued_on", document.issued_on),
            issuer_name=fields.get("issuer_name", document.issuer_name),
            summary=fields.get("summary", document.summary),
            file=fields.get("file"),
            known_year=document.year,
        )
        _save_document(document)
    except ValidationError:
        document.refresh_from_db()  # the caller's object keeps what is stored
        raise
    if cites is not None:
        document.cites.set(cites)
    if "meetings" in fields:
        document.meetings.set(fields["meetings"])
    return document


def documents_by_numbers(numbers: str | Iterable[str]) -> list[Document]:
    """The registered documents with these numbers (a comma-separated text or a list); a
    number that is not in the register is an error, not silently dropped."""
    if isinstance(numbers, str):
        numbers = numbers.split(",")
    wanted = [normalise(n) for n in numbers if n.strip()]
    found = {d.number: d for d in Document.objects.filter(number__in=wanted)}
    unknown = [n for n in wanted if n not in found]
    if unknown:
        raise ValidationError(
            {"cites": _("Not in the register: %(numbers)s.") % {"numbers": ", ".join(unknown)}}
        )
    return [found[n] for n in wanted]


def _number_taken(document: Document) -> bool:
    """Another document of the register has this document's number (in its year)."""
    others = Document.objects.exclude(pk=document.pk) if document.pk else Document.objects
    if document.number_parsed:
        return others.filter(
            number_parsed=True,
            issuer_code=document.issuer_code,
            doc_type=document.doc_type,
            year=document.year,
            serial_value=document.serial_value,
        ).exists()
    return (
        bool(document.number)
        and others.filter(number_parsed=False, number=document.number, year=document.year).exists()
    )


def _last_serial(*, issuer: str, year: int) -> int:
    """The highest serial of the body's one sequence in ``year``, whatever the type."""
    last = Document.objects.filter(
        number_parsed=True, issuer_code=canonical_issuer(issuer), year=year
    ).aggregate(last=Max("serial_value"))["last"]
    return last or 0


def document_next_number(
    *, doc_type: str, year: int, issuer: str = VCA_ISSUER, department: str = ""
) -> dict:
    """The next free serial of an issuing body in a year, and the number it makes for this
    type. A body numbers everything it issues in one sequence per year (Decree 30/2020/NĐ-CP,
    art. 15): after 842/TB-LMHTXVN comes 843/KH-LMHTXVN."""
    if doc_type not in DocumentType.values or not doc_type:
        raise ValidationError({"doc_type": _("Choose a document type.")})
    issuer = canonical_issuer(issuer)
    serial = _last_serial(issuer=issuer, year=year) + 1
    return {
        "doc_type": doc_type,
        "year": year,
        "issuer": issuer,
        "serial": serial,
        "number": format_number(
            serial=serial, doc_type=doc_type, issuer=issuer, department=department
        ),
    }


# pg_advisory_xact_lock's first key: "numbering of issued documents".
_NUMBERING_LOCK = 7_300_002


def document_take_number(
    *, document: Document, doc_type: str, on: datetime.date, issuer: str = VCA_ISSUER
) -> Document:
    """Issue a draft: give it the next number of its body's sequence in ``on``'s year and
    that date, and fix it. Runs in the caller's transaction, under a lock held until that
    transaction ends, so two clerks issuing at once get two consecutive numbers, and an issue
    that fails afterwards rolls its number back with it (no gap)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("document_take_number() must run inside the issuing transaction")
    if document.status != DocumentStatus.DRAFT:
        raise ValidationError(_("Only a draft can be issued; this document already has a number."))
    issuer = canonical_issuer(issuer)
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
            [_NUMBERING_LOCK, f"{issuer}/{on.year}"],
        )
    proposal = document_next_number(doc_type=doc_type, year=on.year, issuer=issuer)
    for name, value in parse_number(proposal["number"]).document_fields().items():
        setattr(document, name, value)
    document.year = on.year
    document.issued_on = on
    document.status = DocumentStatus.ISSUED
    document.save()
    return document


@transaction.atomic
def agreement_register(
    *,
    kind: str,
    partner: str,
    country: str,
    title: str,
    signed_on: datetime.date | None = None,
    year: int | None = None,
    number: str = "",
    summary: str = "",
    file=None,
    meetings: Iterable[Meeting] = (),
    created_by=None,
) -> Agreement:
    """An international cooperation agreement: its document in the register and its partner."""
    if Agreement.objects.filter(kind=kind, partner=partner, signed_on=signed_on).exists():
        raise ValidationError(
            {"partner": _("This agreement with this partner on this date is already recorded.")}
        )
    document = document_register(
        number=number,
        title=title,
        year=year or (signed_on.year if signed_on else None),
        issued_on=signed_on,
        issuer_name=_("Vietnam Cooperative Alliance and %(partner)s") % {"partner": partner},
        summary=summary,
        file=file,
        meetings=meetings,
        created_by=created_by,
    )
    try:
        with transaction.atomic():
            return Agreement.objects.create(
                document=document, kind=kind, partner=partner, country=country, signed_on=signed_on
            )
    except IntegrityError:  # recorded at the same moment by someone else
        raise ValidationError(
            {"partner": _("This agreement with this partner on this date is already recorded.")}
        ) from None
