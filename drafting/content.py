"""What each official document says, built from the portal's data in Vietnamese.

A document's content is plain data: a title, a subtitle and a list of blocks (``heading``,
``paragraph``, ``item``, ``table``, ``chart``), stored on the draft and frozen when it is
issued. The Word file and the PDF are both rendered from it (``render.py``), so they say the
same thing. The number, date, signer and recipients are the draft's own fields.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from inspections.models import InspectionPlan
from meetings.choices import Attendance, MeetingFormat
from meetings.models import Conclusion, Meeting
from reports.choices import ReportKind, ReportStatus
from reports.formatting import vn_int, vn_percent
from reports.models import Report
from tasks.models import Task

from .choices import DraftKind

BODY_NAME = "LIÊN MINH HỢP TÁC XÃ VIỆT NAM"


def vn_date(day: datetime.date) -> str:
    """02/12/2021."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def date_line(day: datetime.date | None) -> str:
    """The date as Decree 30 writes it under the national heading: "ngày 09 tháng 11 năm
    2021" (a day below 10 and the months 1 and 2 with a leading zero). A draft has none yet."""
    if day is None:
        blank = "\u00a0" * 6  # no-break spaces: the clerk writes the day in by hand
        return f"ngày{blank}tháng{blank}năm"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def _clock_time(moment: datetime.datetime) -> str:
    local = _local(moment)
    return f"{local.hour} giờ {local.minute:02d}"


def _paragraph(text: str) -> dict:
    return {"type": "paragraph", "text": text}


def _heading(text: str) -> dict:
    return {"type": "heading", "text": text}


def _item(number: str, text: str, note: str = "") -> dict:
    text = text.strip()
    if note and text and text[-1] not in ".:;!?":
        text += "."
    return {"type": "item", "number": number, "text": text, "note": note}


def _table(columns: list[str], rows: list[list[str]], numeric: list[int] = ()) -> dict:
    return {"type": "table", "columns": columns, "rows": rows, "numeric": list(numeric)}


def _meeting_place(meeting: Meeting) -> str:
    """Where and how it was held, said once: "trực tuyến", "Hội trường A", or both."""
    online = str(MeetingFormat.ONLINE.label).lower()
    place = meeting.location.strip()
    if place.casefold() == online.casefold():
        place = ""
    if meeting.format == MeetingFormat.ONLINE:
        return f"{online} ({place})" if place else online
    if meeting.format == MeetingFormat.HYBRID:
        both = _("in person and online")
        return f"{place} ({both})" if place else both
    return place


def _meeting(meeting_id: int) -> Meeting:
    return (
        Meeting.objects.select_related("chaired_by")
        .prefetch_related(
            "agenda_items",
            "participants__user",
            "participants__agenda_item",
            "votes",
            Prefetch(
                "conclusions",
                queryset=Conclusion.objects.prefetch_related(
                    Prefetch(
                        "tasks",
                        queryset=Task.objects.select_related("lead_unit").prefetch_related(
                            "supporting_units"
                        ),
                    )
                ),
            ),
        )
        .get(pk=meeting_id)
    )


def _assignment_note(conclusion: Conclusion) -> str:
    """Who leads a conclusion's work and by when, from the tasks it became."""
    parts = []
    for task in conclusion.tasks.all():
        text = _("Lead unit: %(unit)s") % {"unit": task.lead_unit.name}
        supporting = [unit.name for unit in task.supporting_units.all()]
        if supporting:
            text += "; " + _("supported by: %(units)s") % {"units": ", ".join(supporting)}
        if task.due_on:
            text += "; " + _("due: %(day)s") % {"day": vn_date(task.due_on)}
        parts.append(text)
    return ". ".join(parts) + "." if parts else ""


def notice(meeting_id: int) -> dict:
    """The conclusion notice (Thông báo kết luận) of a meeting: who chaired it, when and
    where, then each conclusion with its lead unit and due date."""
    meeting = _meeting(meeting_id)
    conclusions = list(meeting.conclusions.all())
    if not conclusions:
        raise ValidationError(
            _("The meeting has no conclusions yet: record them before drafting its notice.")
        )
    start = _local(meeting.starts_at).date()
    chair = meeting.chair_display
    place = _meeting_place(meeting)
    intro = _(
        "On %(day)s, %(chair)s chaired the %(title)s%(place)s. Having heard the reports and "
        "the opinions of those present, the chair concluded as follows:"
    ) % {
        "day": vn_date(start),
        "chair": chair or _("the Standing Committee"),
        "title": _lower_first(meeting.title),
        "place": f" ({place})" if place else "",
    }
    blocks = [_paragraph(intro)]
    for conclusion in conclusions:
        blocks.append(_item(f"{conclusion.number}.", conclusion.text, _assignment_note(conclusion)))
    blocks.append(
        _paragraph(
            _(
                "The Office of the Vietnam Cooperative Alliance gives notice so that the "
                "departments and units concerned know and carry it out./."
            )
        )
    )
    lead_units = []
    for conclusion in conclusions:
        for task in conclusion.tasks.all():
            if task.lead_unit.name not in lead_units:
                lead_units.append(task.lead_unit.name)
    return {
        "title": "THÔNG BÁO",
        "subtitle": _("Conclusions of the %(title)s") % {"title": _lower_first(meeting.title)},
        "blocks": blocks,
        "suggested_recipients": [
            "Thường trực Liên minh HTX Việt Nam",
            *lead_units,
            "Lưu: VT",
        ],
    }


def minutes(meeting_id: int) -> dict:
    """The minutes (Biên bản) of a meeting: time, place, chair, who attended, the agenda with
    its presenters, the record of the discussion, the votes and the conclusions."""
    meeting = _meeting(meeting_id)
    start = _local(meeting.starts_at)
    blocks = [
        _heading(_("I. Time, place and participants")),
        _paragraph(
            _("Time: from %(time)s on %(day)s.")
            % {"time": _clock_time(meeting.starts_at), "day": vn_date(start.date())}
        ),
    ]
    place = _meeting_place(meeting)
    if place:
        blocks.append(_paragraph(_("Place: %(place)s.") % {"place": _upper_first(place)}))
    if meeting.chair_display:
        blocks.append(_paragraph(_("Chair: %(chair)s.") % {"chair": meeting.chair_display}))
    participants = list(meeting.participants.all())
    present = [p for p in participants if p.attendance in (Attendance.PRESENT, Attendance.ONLINE)]
    if present:
        blocks.append(_paragraph(_("Attending:")))
        for participant in present:
            line = str(participant)
            if participant.attendance == Attendance.ONLINE:
                line += f" ({_('online').lower()})"
            if participant.topic:
                line += f" ({participant.topic})"
            blocks.append(_item("-", line))
    absent = [p for p in participants if p.attendance == Attendance.ABSENT]
    if absent:
        blocks.append(_paragraph(_("Absent:")))
        for participant in absent:
            blocks.append(_item("-", f"{participant} ({participant.absence_reason})"))
    quorum = meeting.quorum()
    if quorum:
        blocks.append(
            _paragraph(
                (
                    _(
                        "%(attending)s of %(members)s voting members attend (%(required)s needed): "
                        "the meeting has a quorum."
                    )
                    if quorum["reached"]
                    else _(
                        "%(attending)s of %(members)s voting members attend (%(required)s needed): "
                        "the meeting has no quorum."
                    )
                )
                % {k: vn_int(v) for k, v in quorum.items() if k != "reached"}
            )
        )
    agenda = list(meeting.agenda_items.all())
    if agenda:
        blocks.append(_heading(_("II. Agenda")))
        for item in agenda:
            note = _("Presented by %(name)s.") % {"name": item.presenter} if item.presenter else ""
            blocks.append(_item(f"{item.position}.", item.title, note))
    blocks.append(_heading(_("III. Proceedings")))
    discussed = False
    for item in agenda:
        speakers = [str(p) for p in participants if p.agenda_item_id == item.pk]
        if not item.discussion and not speakers:
            continue
        discussed = True
        blocks.append(_paragraph(f"{item.position}. {item.title}"))
        if speakers:
            blocks.append(_paragraph(_("Speakers: %(names)s.") % {"names": "; ".join(speakers)}))
        blocks.extend(_paragraph(p.strip()) for p in item.discussion.split("\n") if p.strip())
    text = meeting.minutes.strip()
    if text:
        blocks.extend(_paragraph(p.strip()) for p in text.split("\n") if p.strip())
    elif not discussed:
        blocks.append(_paragraph(_("No record of the discussion was written.")))
    votes = list(meeting.votes.all())
    if votes:
        blocks.append(_heading(_("IV. Votes")))
        for vote in votes:
            blocks.append(_item("-", vote.question, vote_note(vote)))
    conclusions = list(meeting.conclusions.all())
    if conclusions:
        blocks.append(_heading(_("V. Conclusions")))
        for conclusion in conclusions:
            blocks.append(
                _item(f"{conclusion.number}.", conclusion.text, _assignment_note(conclusion))
            )
    if meeting.ends_at:
        end = _local(meeting.ends_at)
        same_day = end.date() == start.date()
        ended = (
            _("The meeting ended at %(time)s the same day.")
            % {"time": _clock_time(meeting.ends_at)}
            if same_day
            else _("The meeting ended at %(time)s on %(day)s.")
            % {"time": _clock_time(meeting.ends_at), "day": vn_date(end.date())}
        )
        blocks.append(_paragraph(ended))
    return {
        "title": "BIÊN BẢN",
        "subtitle": meeting.title,
        "blocks": blocks,
        "suggested_recipients": ["Thường trực Liên minh HTX Việt Nam", "Lưu: VT"],
    }


def vote_note(vote) -> str:
    """A vote as the minutes state it: "200/226 phiếu tán thành (88,5%) …; thông qua"."""
    share = vn_percent(vote.percent_for) if vote.percent_for is not None else "–"
    parts = [
        _("%(for)s of %(cast)s votes for (%(share)s)")
        % {"for": vn_int(vote.votes_for), "cast": vn_int(vote.votes_cast), "share": share}
    ]
    if vote.votes_against is not None:
        parts.append(_("%(n)s against") % {"n": vn_int(vote.votes_against)})
    if vote.votes_abstain is not None:
        parts.append(_("%(n)s abstaining") % {"n": vn_int(vote.votes_abstain)})
    if vote.not_voting is not None:
        parts.append(_("%(n)s not voting") % {"n": vn_int(vote.not_voting)})
    parts.append(str(_("secret ballot") if vote.is_secret else _("open vote")))
    result = _("passed") if vote.passed else _("not passed")
    return "; ".join(parts) + f": {result} ({vote.get_threshold_display().lower()})."


def month_report(month: datetime.date) -> dict:
    """The monthly report (Báo cáo) from the month's latest built statistical report: its
    narrative, its tables and its charts."""
    report = (
        Report.objects.filter(
            kind=ReportKind.MONTH,
            year=month.year,
            month=month.month,
            status=ReportStatus.READY,
        )
        .order_by("-version")
        .first()
    )
    if report is None:
        raise ValidationError(
            _(
                "The statistical report of %(month)s has not been built yet: build it on the "
                "Reports page first."
            )
            % {"month": f"{month.month:02d}/{month.year}"}
        )
    snapshot = report.snapshot
    blocks = [_heading(_("I. Overview"))]
    blocks.extend(_paragraph(p) for p in report.narrative.split("\n") if p.strip())
    statistics = snapshot.get("statistics", {})
    if statistics.get("available"):
        blocks.append(_heading(_("II. Cooperatives in the month")))
        rows = []
        for key, label in (
            ("agricultural", _("Agricultural")),
            ("non_agricultural", _("Non-agricultural")),
            ("total", _("Total")),
        ):
            rows.append(
                [
                    str(label),
                    _figure(statistics["established"].get(key)),
                    _figure(statistics["dissolved"].get(key)),
                    _figure(statistics.get("active", {}).get(key))
                    if isinstance(statistics.get("active"), dict)
                    else (_figure(statistics.get("active_total")) if key == "total" else ""),
                ]
            )
        blocks.append(
            _table(
                [_("Sector"), _("Established"), _("Dissolved"), _("Active at month end")],
                rows,
                numeric=[1, 2, 3],
            )
        )
        provinces = statistics.get("provinces") or []
        if provinces:
            blocks.append(_heading(_("III. By province")))
            blocks.append(
                _table(
                    [_("Province"), _("Established"), _("Dissolved"), _("Active")],
                    [
                        [
                            p["name"],
                            _figure((p.get("established") or {}).get("total")),
                            _figure((p.get("dissolved") or {}).get("total")),
                            _figure(p.get("active_total")),
                        ]
                        for p in provinces
                    ],
                    numeric=[1, 2, 3],
                )
            )
    trend = snapshot.get("trend", {})
    if trend.get("available") and trend.get("months"):
        months = trend["months"]
        labels = [f"{m['month']:02d}/{m['year']}" for m in months]
        blocks.append(_heading(_("IV. The last 24 months")))
        blocks.append(
            {
                "type": "chart",
                "chart": "line",
                "caption": _("Active cooperatives at the end of each month"),
                "labels": labels,
                "series": [
                    {"name": _("Active"), "values": [m.get("active_total") for m in months]}
                ],
            }
        )
        blocks.append(
            {
                "type": "chart",
                "chart": "bars",
                "caption": _("Cooperatives established and dissolved each month"),
                "labels": labels,
                "series": [
                    {"name": _("Established"), "values": [m.get("established") for m in months]},
                    {"name": _("Dissolved"), "values": [m.get("dissolved") for m in months]},
                ],
            }
        )
    tasks = snapshot.get("tasks", {})
    summary = tasks.get("summary") if tasks.get("available") else None
    if summary:
        blocks.append(_heading(_("V. Tasks")))
        blocks.append(
            _paragraph(
                _("%(done)s/%(total)s tasks completed.")
                % {
                    "done": vn_int(summary.get("completed", 0)),
                    "total": vn_int(summary.get("total", 0)),
                }
            )
        )
    return {
        "title": "BÁO CÁO",
        "subtitle": _("Cooperative development in %(month)s")
        % {"month": f"{month.month:02d}/{month.year}"},
        "blocks": blocks,
        "source_report": {"id": report.pk, "version": report.version},
        "suggested_recipients": [
            "Ban Thường vụ Liên minh HTX Việt Nam",
            "Liên minh HTX các tỉnh, thành phố",
            "Lưu: VT",
        ],
    }


def plan(plan_id: int) -> dict:
    """An inspection plan (Kế hoạch): its purpose and subjects, then its inspections."""
    plan = InspectionPlan.objects.prefetch_related("inspections__subject_province").get(pk=plan_id)
    blocks = [_heading(_("I. Purpose and subjects"))]
    themes = [line.strip() for line in plan.themes.splitlines() if line.strip()]
    if themes:
        blocks.extend(_item("-", theme) for theme in themes)
    else:
        blocks.append(_paragraph(plan.title))
    inspections = list(plan.inspections.all().order_by("start_date", "id"))
    blocks.append(_heading(_("II. Inspections")))
    if inspections:
        blocks.append(
            _table(
                [pgettext("ordinal", "No."), _("Inspection"), _("Subject"), _("From"), _("To")],
                [
                    [
                        str(index),
                        inspection.title,
                        _subject(inspection),
                        vn_date(inspection.start_date),
                        vn_date(inspection.end_date) if inspection.end_date else "",
                    ]
                    for index, inspection in enumerate(inspections, start=1)
                ],
            )
        )
    else:
        blocks.append(_paragraph(_("No inspection has been scheduled under this plan yet.")))
    blocks.append(_heading(_("III. Organisation")))
    blocks.append(
        _paragraph(
            _(
                "The Inspection Committee leads the plan's inspections and reports their results "
                "to the Standing Committee."
            )
        )
    )
    return {
        "title": "KẾ HOẠCH",
        "subtitle": plan.title,
        "blocks": blocks,
        "suggested_recipients": [
            "Thường trực Liên minh HTX Việt Nam",
            "Ủy ban Kiểm tra",
            "Lưu: VT",
        ],
    }


def _subject(inspection) -> str:
    name = inspection.subject_name
    province = inspection.subject_province.name if inspection.subject_province_id else ""
    if name and province:
        return f"{name} ({province})"
    return name or province


def _figure(value) -> str:
    return vn_int(value) if value is not None else "–"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


BUILDERS = {
    DraftKind.NOTICE: lambda source: notice(source.meeting_id),
    DraftKind.MINUTES: lambda source: minutes(source.meeting_id),
    DraftKind.MONTH_REPORT: lambda source: month_report(source.month),
    DraftKind.PLAN: lambda source: plan(source.plan_id),
}


def build(source) -> dict:
    """The content of a draft (anything with ``kind`` and its source's id), in Vietnamese."""
    with override("vi"):
        return BUILDERS[source.kind](source)
