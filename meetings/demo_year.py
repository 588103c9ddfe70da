"""The demo's present: a monthly leadership review for each month of the current year that has
ended, its conclusion notice and the tasks it assigned, and the next review still to come, so
that the portal opened on any day has a living month. Deterministic from the date."""

import datetime
import random
import zoneinfo

from accounts.models import User
from tasks.choices import TaskStatus
from tasks.models import Task, Unit
from vca_portal import clock

from .choices import MeetingFormat, MeetingKind
from .models import Document, Meeting
from .services import (
    Assignment,
    conclusion_create_tasks,
    document_register,
    meeting_add_conclusion,
    meeting_create,
)

SEED = 20260101
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
VCA = "Liên minh Hợp tác xã Việt Nam"
# conclusion (the month it is carried out in), lead unit, supporting units
CONCLUSIONS = [
    (
        "Tổng hợp, phân tích số liệu phát triển HTX tháng {month}; đôn đốc Liên minh HTX các tỉnh, "
        "thành phố chưa gửi báo cáo hoàn thành trước ngày 5 hằng tháng.",
        "ban-ke-hoach-tai-chinh",
        ["van-phong"],
    ),
    (
        "Tiếp tục tư vấn, hỗ trợ HTX xây dựng chuỗi giá trị, xúc tiến tiêu thụ sản phẩm nông "
        "nghiệp trong tháng {month}.",
        "trung-tam-xuc-tien",
        ["ban-ho-tro-phat-trien"],
    ),
    (
        "Hướng dẫn các địa phương triển khai Luật Hợp tác xã năm 2023 và các văn bản hướng dẫn "
        "thi hành; tổng hợp vướng mắc, kiến nghị trong tháng {month}.",
        "ban-chinh-sach",
        [],
    ),
    (
        "Kiểm tra, giám sát việc thực hiện kế hoạch công tác tháng {month} của các ban, đơn vị.",
        "uy-ban-kiem-tra",
        ["ban-to-chuc"],
    ),
]
COMPLETED_SHARE = 0.8  # of the tasks already due


def _month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _month_end(year: int, month: int) -> datetime.date:
    following = _month_after(year, month)
    return datetime.date(*following, 1) - datetime.timedelta(days=1)


def review_day(year: int, month: int) -> datetime.date:
    """The review of a month is held on the third working day of the month after."""
    day = datetime.date(*_month_after(year, month), 1)
    working = 0
    while True:
        if day.weekday() < 5:
            working += 1
            if working == 3:
                return day
        day += datetime.timedelta(days=1)


def review_title(year: int, month: int) -> str:
    next_year, next_month = _month_after(year, month)
    return (
        f"Hội nghị đánh giá công tác lãnh đạo, chỉ đạo của Thường trực tháng {month}/{year} và "
        f"triển khai nhiệm vụ tháng {next_month}/{next_year}"
    )


def reviewed_months(today: datetime.date) -> list[tuple[int, int]]:
    """The months whose review is held this year up to today, and the next one to come."""
    months, (year, month) = [], (today.year - 1, 12)
    while True:
        months.append((year, month))
        if review_day(year, month) > today:
            return months
        year, month = _month_after(year, month)


def load(stdout) -> None:
    today = clock.today()
    if today.year <= 2021:
        return  # the seed's months are the present
    chair = User.objects.filter(username="leader").first()
    reporter = User.objects.filter(username="staff").first()
    units = {unit.code: unit for unit in Unit.objects.all()}
    if not all(code in units for _text, code, _support in CONCLUSIONS):
        return
    made = 0
    for index, (year, month) in enumerate(reviewed_months(today)):
        title = review_title(year, month)
        if Meeting.objects.filter(title=title).exists():
            continue
        made += 1
        _review(year, month, index, title, chair, reporter, units, today)
    if made:
        stdout.write(f"Reviews of {today.year}: {made} meetings with their notices and tasks.")


def _review(year, month, index, title, chair, reporter, units, today) -> None:
    rng = random.Random(f"{SEED}-{year}-{month}")  # noqa: S311 (reproducible demo data)
    day = review_day(year, month)
    starts_at = datetime.datetime.combine(day, datetime.time(8), HANOI)
    next_year, next_month = _month_after(year, month)
    meeting = meeting_create(
        kind=MeetingKind.MONTHLY_REVIEW,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3, minutes=30),
        format=MeetingFormat.HYBRID if month % 3 == 0 else MeetingFormat.IN_PERSON,
        location="Trụ sở Liên minh HTX Việt Nam, số 77 Nguyễn Thái Học, Hà Nội",
        chaired_by=chair,
        chair_name="Chủ tịch Liên minh HTX Việt Nam",
        reviews_month=datetime.date(year, month, 1),
        minutes=(
            f"Thường trực Liên minh HTX Việt Nam đánh giá kết quả công tác tháng {month}/{year}, "
            "tình hình phát triển HTX và việc thực hiện các kết luận của tháng trước; thảo luận "
            f"và thống nhất nhiệm vụ trọng tâm tháng {next_month}/{next_year}."
        )
        if day <= today
        else "",
        agenda=[
            ("Phát biểu khai mạc", "Chủ tịch Liên minh HTX Việt Nam"),
            (f"Báo cáo kết quả công tác tháng {month}/{year}", "Chánh Văn phòng"),
            ("Thảo luận", ""),
            ("Kết luận Hội nghị", "Chủ tịch Liên minh HTX Việt Nam"),
        ],
        speakers=[(reporter, "Chánh Văn phòng Liên minh HTX Việt Nam", "Báo cáo kết quả công tác")]
        if reporter
        else [],
    )
    if day > today:
        return  # still to come: no conclusions yet
    issued_on = day + datetime.timedelta(days=2)
    if issued_on <= today:
        number = _free_number(index, issued_on)
        notice = document_register(
            number=number,
            issued_on=issued_on,
            issuer_name=VCA,
            title=(
                "Thông báo kết luận của Chủ tịch Liên minh Hợp tác xã Việt Nam về công tác "
                f"tháng {month}/{year} và nhiệm vụ tháng {next_month}/{next_year}"
            ),
        )
        meeting.documents.add(notice)
    due_on = _month_end(next_year, next_month)
    for text, lead, supporting in rng.sample(CONCLUSIONS, 3):
        conclusion = meeting_add_conclusion(
            meeting=meeting, text=text.format(month=f"{next_month}/{next_year}")
        )
        tasks = conclusion_create_tasks(
            conclusion=conclusion,
            assignments=[
                Assignment(
                    lead_unit=units[lead],
                    due_on=due_on,
                    supporting_units=[units[code] for code in supporting],
                    is_key=lead == "ban-ke-hoach-tai-chinh",
                )
            ],
            assigned_by=chair,
        )
        for task in tasks:
            _progress(task, rng, today)


def _free_number(index: int, issued_on: datetime.date) -> str:
    """A notice number of the year that the register does not hold yet."""
    number = 40 + index * 57 + issued_on.day
    taken = set(Document.objects.filter(year=issued_on.year).values_list("number", flat=True))
    while f"{number}/TB-LMHTXVN" in taken:
        number += 1
    return f"{number}/TB-LMHTXVN"


def _progress(task: Task, rng: random.Random, today: datetime.date) -> None:
    """Most tasks already due are completed by their due date; the others are overdue, half
    done. Tasks still running are under way."""
    if task.due_on < today and rng.random() < COMPLETED_SHARE:
        span = max((task.due_on - task.assigned_on).days, 0)
        completed_on = task.assigned_on + datetime.timedelta(days=rng.randint(0, span))
        update = {"status": TaskStatus.COMPLETED, "percent_complete": 100}
        update["completed_on"] = completed_on
    elif task.due_on < today or rng.random() < 0.6:
        update = {"status": TaskStatus.IN_PROGRESS, "percent_complete": rng.choice([30, 50, 70])}
    else:
        return
    Task.objects.filter(pk=task.pk).update(**update)
