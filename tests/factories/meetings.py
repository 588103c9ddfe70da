import datetime
import itertools
import zoneinfo

from meetings.choices import MeetingFormat, MeetingKind
from meetings.models import Conclusion, Document, Meeting
from meetings.numbers import parse_number

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
_counter = itertools.count(1)


def make_meeting(**fields) -> Meeting:
    fields.setdefault("title", f"Hội nghị {next(_counter)}")
    fields.setdefault("kind", MeetingKind.OTHER)
    fields.setdefault("format", MeetingFormat.ONLINE)
    fields.setdefault("starts_at", datetime.datetime(2021, 12, 2, 8, tzinfo=HANOI))
    return Meeting.objects.create(**fields)


def make_conclusion(meeting: Meeting | None = None, **fields) -> Conclusion:
    meeting = meeting or make_meeting()
    fields.setdefault("number", meeting.conclusions.count() + 1)
    fields.setdefault("text", "Tập trung hoàn thành Kế hoạch công tác năm 2021.")
    return Conclusion.objects.create(meeting=meeting, **fields)


def make_document(number: str | None = None, year: int = 2021, **fields) -> Document:
    parsed = parse_number(number or f"{next(_counter)}/TB-LMHTXVN")
    fields.setdefault("title", f"Văn bản {parsed.number}")
    return Document.objects.create(**parsed.document_fields(), year=year, **fields)
