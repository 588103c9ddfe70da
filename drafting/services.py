"""Drafting and issuing official documents: the rules, in one place for the pages, the API
and the Celery task.

* Drafting makes a register entry in the ``draft`` state (no number yet) with its content
  built from the data, and asks Celery to render its Word file and PDF.
* Issuing checks the signer and recipients, takes the next number of the alliance's one
  sequence for the year in the same transaction (``meetings.services.document_take_number``),
  fixes the date and the content, and renders the final files once; they are stored with their
  SHA-256 and never rendered again. A correction is a new draft that replaces the issued one.
"""

import datetime
import hashlib
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from inspections.models import InspectionPlan
from meetings.choices import DocumentStatus
from meetings.models import Conclusion, Document, Meeting
from meetings.services import document_take_number
from vca_portal import clock

from . import content as contents
from . import render
from .choices import DOC_TYPE, DraftKind, RenderState
from .models import Download, DraftedDocument

log = logging.getLogger(__name__)

ISSUER_NAME = "Liên minh Hợp tác xã Việt Nam"

# Who signs each kind unless the clerk says otherwise (Decree 30: TM., KT., TL. before the
# authority; the name is the clerk's to fill).
DEFAULT_SIGNERS = {
    DraftKind.NOTICE: ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
    DraftKind.MINUTES: ("", "CHỦ TRÌ"),
    DraftKind.MONTH_REPORT: ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    DraftKind.PLAN: ("", "CHỦ TỊCH"),
}

# What a draft's page and the API may change before it is issued.
EDITABLE_FIELDS = (
    "place",
    "signer_authority",
    "signer_title",
    "signer_name",
    "secretary_name",
    "recipients",
)


class _Source:
    """The kind and source a draft is built from, before the draft exists."""

    def __init__(self, kind, meeting=None, month=None, plan=None):
        self.kind = kind
        self.meeting_id = meeting.pk if meeting else None
        self.month = month
        self.plan_id = plan.pk if plan else None


def _check_source(kind: str, meeting, month, plan) -> None:
    if kind not in DraftKind.values:
        raise ValidationError({"kind": _("Choose what to draft.")})
    if kind in (DraftKind.NOTICE, DraftKind.MINUTES) and meeting is None:
        raise ValidationError({"meeting": _("Choose the meeting the document is drafted from.")})
    if kind == DraftKind.MONTH_REPORT:
        if month is None:
            raise ValidationError({"month": _("Choose the month of the report.")})
        if month >= clock.today().replace(day=1):
            raise ValidationError(
                {"month": _("A month's report is drafted once the month has ended.")}
            )
    if kind == DraftKind.PLAN and plan is None:
        raise ValidationError({"plan": _("Choose the inspection plan.")})


def _chair_name(meeting: Meeting) -> str:
    """The chair's name as signed: "Nguyễn Ngọc Bảo" of "Nguyễn Ngọc Bảo, Bí thư …"."""
    if meeting.chair_name:
        return meeting.chair_name.split(",")[0].strip()
    return meeting.chaired_by.get_full_name() if meeting.chaired_by else ""


@transaction.atomic
def draft_create(
    *,
    kind: str,
    meeting: Meeting | None = None,
    month: datetime.date | None = None,
    plan: InspectionPlan | None = None,
    created_by=None,
    replaces: Document | None = None,
    **fields: Any,
) -> DraftedDocument:
    """Draft a document of ``kind`` from its source (a meeting for a notice or minutes, the
    first day of a past month for a report, an inspection plan). Its files are rendered by
    Celery after the draft is saved."""
    month = month.replace(day=1) if month else None
    _check_source(kind, meeting, month, plan)
    meeting = meeting if kind in (DraftKind.NOTICE, DraftKind.MINUTES) else None
    month = month if kind == DraftKind.MONTH_REPORT else None
    plan = plan if kind == DraftKind.PLAN else None
    built = contents.build(_Source(kind, meeting, month, plan))
    authority, title = DEFAULT_SIGNERS[kind]
    defaults = {
        "signer_authority": authority,
        "signer_title": title,
        "signer_name": _chair_name(meeting) if kind == DraftKind.MINUTES else "",
        "recipients": "\n".join(built.pop("suggested_recipients", [])),
    }
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"draft_create() got unexpected fields {', '.join(sorted(unknown))}")
    today = clock.today()
    document = Document(
        status=DocumentStatus.DRAFT,
        number="",
        doc_type=DOC_TYPE[kind],
        year=today.year,
        issuer_name=ISSUER_NAME,
        title=_register_title(built)[:500],
        created_by=created_by,
    )
    document.full_clean(exclude=["file"])
    document.save()
    if meeting is not None:
        document.meetings.add(meeting)
    drafted = DraftedDocument(
        document=document,
        kind=kind,
        meeting=meeting,
        month=month,
        plan=plan,
        content=built,
        replaces=replaces,
        created_by=created_by,
        **{**defaults, **fields},
    )
    _validate(drafted)
    drafted.save()
    _render_later(drafted)
    return drafted


def _register_title(built: dict) -> str:
    title = built.get("title", "").capitalize()
    subtitle = built.get("subtitle", "")
    return f"{title} {subtitle[:1].lower()}{subtitle[1:]}".strip() if subtitle else title


def _validate(drafted: DraftedDocument) -> None:
    try:
        drafted.full_clean(exclude=["document", "docx", "pdf", "content", "replaces"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


@transaction.atomic
def draft_update(*, drafted: DraftedDocument, **fields: Any) -> DraftedDocument:
    """Change a draft's place, signer, secretary or recipients and render it again; an issued
    document cannot change."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"draft_update() cannot change {', '.join(sorted(unknown))}")
    drafted = DraftedDocument.objects.select_for_update().get(pk=drafted.pk)
    _refuse_if_issued(drafted)
    for name, value in fields.items():
        setattr(drafted, name, value.strip() if isinstance(value, str) else value)
    _validate(drafted)
    drafted.render_state = RenderState.PENDING
    drafted.render_progress = 0
    drafted.save()
    _render_later(drafted)
    return drafted


@transaction.atomic
def draft_refresh(*, drafted: DraftedDocument) -> DraftedDocument:
    """Build a draft's content again from the data as it is now (new conclusions, a newer
    report) and render it again."""
    drafted = DraftedDocument.objects.select_for_update().get(pk=drafted.pk)
    _refuse_if_issued(drafted)
    built = contents.build(drafted)
    built.pop("suggested_recipients", None)
    drafted.content = built
    drafted.document.title = _register_title(built)[:500]
    drafted.document.save(update_fields=["title"])
    drafted.render_state = RenderState.PENDING
    drafted.render_progress = 0
    drafted.save()
    _render_later(drafted)
    return drafted


def _refuse_if_issued(drafted: DraftedDocument) -> None:
    if drafted.is_issued:
        raise ValidationError(
            _("An issued document cannot be changed: draft a correction that replaces it.")
        )


def issue_problems(drafted: DraftedDocument) -> dict[str, str]:
    """What stops a draft from being issued, by field: a signer and recipients are required."""
    problems = {}
    if not drafted.signer_title.strip():
        problems["signer_title"] = _("Enter the signer's title (e.g. CHÁNH VĂN PHÒNG).")
    if not drafted.signer_name.strip():
        problems["signer_name"] = _("Enter the name of the person who signs the document.")
    if not drafted.recipient_lines:
        problems["recipients"] = _("Enter at least one recipient (Nơi nhận), one per line.")
    if drafted.kind == DraftKind.MINUTES and not drafted.secretary_name.strip():
        problems["secretary_name"] = _("Enter the secretary who signs the minutes.")
    return problems


def draft_issue(*, drafted: DraftedDocument, issued_by=None) -> DraftedDocument:
    """Issue a draft: number, date and content fixed in one transaction (nothing is issued when
    anything is missing or fails), then its final files rendered once."""
    with transaction.atomic():
        drafted = (
            DraftedDocument.objects.select_for_update(of=("self",))
            .select_related("document", "replaces")
            .get(pk=drafted.pk)
        )
        if drafted.is_issued:
            raise ValidationError(_("This document has already been issued."))
        problems = issue_problems(drafted)
        if problems:
            raise ValidationError(problems)
        today = clock.today()
        document = document_take_number(
            document=drafted.document, doc_type=DOC_TYPE[drafted.kind], on=today
        )
        drafted.issued_at = clock.now()
        drafted.issued_by = issued_by
        drafted.render_state = RenderState.PENDING
        drafted.render_progress = 0
        drafted.save()
        if drafted.kind == DraftKind.NOTICE:
            # The conclusions this notice announced link to it (a correction takes over).
            announced = Conclusion.objects.filter(meeting=drafted.meeting_id)
            if drafted.replaces_id is None:
                announced = announced.filter(notice__isnull=True)
            announced.update(notice=document)
        if drafted.kind == DraftKind.PLAN:
            plan = InspectionPlan.objects.select_for_update(of=("self",)).get(pk=drafted.plan_id)
            if plan.document_id is None or plan.document_id == drafted.replaces_id:
                plan.document = document
                plan.save(update_fields=["document"])
        _render_later(drafted)
    return drafted


@transaction.atomic
def correction_create(*, document: Document, created_by=None) -> DraftedDocument:
    """A new draft with the same source as an issued document, to replace it when issued."""
    original = DraftedDocument.objects.filter(document=document).first()
    if original is None or not original.is_issued:
        raise ValidationError(_("Only a document issued here can be corrected here."))
    if DraftedDocument.objects.filter(replaces=document).exists():
        raise ValidationError(_("A correction of this document has already been drafted."))
    return draft_create(
        kind=original.kind,
        meeting=original.meeting,
        month=original.month,
        plan=original.plan,
        created_by=created_by,
        replaces=document,
        **{name: getattr(original, name) for name in EDITABLE_FIELDS},
    )


def _render_later(drafted: DraftedDocument) -> None:
    from .tasks import render_document

    drafted_id = drafted.pk
    transaction.on_commit(lambda: render_document.delay(drafted_id))


def _set_state(drafted_id: int, **fields) -> None:
    DraftedDocument.objects.filter(pk=drafted_id).update(**fields)


def draft_render(*, drafted_id: int) -> DraftedDocument | None:
    """Render a document's Word file and PDF and store them with their SHA-256. An issued
    document's files are rendered once and then never again."""
    drafted = DraftedDocument.objects.select_related("document").filter(pk=drafted_id).first()
    if drafted is None:
        return None
    if drafted.is_issued and drafted.files_ready:
        return drafted
    _set_state(drafted_id, render_state=RenderState.RENDERING, render_progress=10)
    with override("vi"):
        charts = render.chart_images(drafted)
        docx = render.render_docx(drafted, charts)
        _set_state(drafted_id, render_progress=50)
        pdf = render.render_pdf(drafted, charts)
    _set_state(drafted_id, render_progress=90)
    with transaction.atomic():
        current = DraftedDocument.objects.select_for_update().get(pk=drafted_id)
        if current.issued_at != drafted.issued_at or (current.is_issued and current.files_ready):
            return current  # issued meanwhile (another render comes), or already stored
        name = _file_name(current)
        for field, data in (("docx", docx), ("pdf", pdf)):
            old = getattr(current, field)
            if old:
                old.delete(save=False)
            getattr(current, field).save(f"{name}.{field}", ContentFile(data), save=False)
            setattr(current, f"{field}_sha256", hashlib.sha256(data).hexdigest())
        current.render_state = RenderState.READY
        current.render_progress = 100
        current.render_error = ""
        current.rendered_at = clock.now()
        current.save()
    return current


def draft_render_failed(*, drafted_id: int, error: str) -> None:
    _set_state(drafted_id, render_state=RenderState.FAILED, render_error=error[:2000])


def _file_name(drafted: DraftedDocument) -> str:
    if drafted.document.is_issued:
        return slugify(drafted.document.number.replace("/", "-").replace("Đ", "D")) or "document"
    return f"du-thao-{drafted.kind.replace('_', '-')}-{drafted.pk}"


def checked_file(drafted: DraftedDocument, file_format: str) -> bytes:
    """A document's stored file, checked against its SHA-256: a file changed on disk is never
    handed out as the issued document."""
    field = getattr(drafted, file_format)
    with field.open("rb") as handle:
        data = handle.read()
    expected = getattr(drafted, f"{file_format}_sha256")
    if hashlib.sha256(data).hexdigest() != expected:
        log.error("document %s: the stored %s does not match its checksum", drafted.pk, file_format)
        raise ValidationError(
            _("The stored file does not match its checksum; tell the administrator.")
        )
    return data


def download_record(
    *, drafted: DraftedDocument, file_format: str, user, request_id: str = "", via_api=False
) -> Download:
    return Download.objects.create(
        drafted=drafted,
        file_format=file_format,
        user=user,
        request_id=request_id[:64],
        via_api=via_api,
    )
