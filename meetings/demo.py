"""Demo meetings and documents of November–December 2021, from the seed article, and those of
the current year (``demo_year``)."""

import datetime
import zoneinfo

from accounts.models import User
from tasks.models import Task, Unit

from . import demo_year
from .choices import AgreementKind, MeetingFormat, MeetingKind
from .models import Agreement, Document, Meeting
from .services import (
    Assignment,
    agreement_register,
    conclusion_create_tasks,
    document_register,
    meeting_add_conclusion,
    meeting_create,
    meeting_record_vote,
)

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
VCA = "Liên minh Hợp tác xã Việt Nam"

# number, issued on (None: the article gives no date), year, issuer, title, cites
DOCUMENTS = [
    (
        "13-NQ/TW",
        datetime.date(2002, 3, 18),
        2002,
        "Ban Chấp hành Trung ương Đảng",
        "Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa IX về tiếp tục "
        "đổi mới, phát triển và nâng cao hiệu quả kinh tế tập thể",
        [],
    ),
    (
        "1328/QĐ-TTg",
        datetime.date(2021, 7, 23),
        2021,
        "Thủ tướng Chính phủ",
        "Quyết định phê duyệt Điều lệ Liên minh Hợp tác xã Việt Nam",
        [],
    ),
    (
        "576/KH-LMHTXVN",
        datetime.date(2021, 8, 25),
        2021,
        VCA,
        "Kế hoạch tổ chức thực hiện Quyết định số 1328/QĐ-TTg phê duyệt Điều lệ Liên minh "
        "Hợp tác xã Việt Nam",
        ["1328/QĐ-TTg"],
    ),
    (
        "105/NQ-CP",
        datetime.date(2021, 9, 9),
        2021,
        "Chính phủ",
        "Nghị quyết về hỗ trợ doanh nghiệp, hợp tác xã, hộ kinh doanh trong bối cảnh dịch Covid-19",
        [],
    ),
    (
        "503/CTr-LMHTXVN",
        None,
        2021,
        VCA,
        "Chương trình số 503/CTr-LMHTXVN của Liên minh Hợp tác xã Việt Nam",
        ["105/NQ-CP"],
    ),
    (
        "758/KH-LMHTX",
        datetime.date(2021, 10, 26),
        2021,
        "Chủ tịch Liên minh Hợp tác xã Việt Nam",
        "Kế hoạch thực hiện giám sát, báo cáo Đoàn giám sát Quốc hội việc thực hành tiết "
        "kiệm, chống lãng phí giai đoạn 2016 – 2021",
        [],
    ),
    (
        "784/TB-LMHTXVN",
        datetime.date(2021, 11, 9),
        2021,
        VCA,
        "Thông báo kết luận của Chủ tịch Liên minh Hợp tác xã Việt Nam về công tác tháng 11/2021",
        [],
    ),
    (
        "842/TB-LMHTXVN",
        datetime.date(2021, 11, 23),
        2021,
        VCA,
        "Thông báo kết luận của Chủ tịch về kế hoạch triển khai một số công việc và sự kiện "
        "trọng tâm tháng cuối năm 2021, đầu năm 2022",
        [],
    ),
]

AGREEMENTS = [
    (
        AgreementKind.MEMORANDUM,
        "Satake",
        "Biên bản ghi nhớ giữa Liên minh Hợp tác xã Việt Nam và Satake Nhật Bản",
    ),
    (
        AgreementKind.COOPERATION,
        "Công ty cổ phần Sorimachi",
        "Thỏa thuận hợp tác giữa Liên minh Hợp tác xã Việt Nam và Công ty cổ phần Sorimachi "
        "Nhật Bản",
    ),
]

REVIEW_TITLE = (
    "Hội nghị đánh giá công tác lãnh đạo, chỉ đạo của Thường trực tháng 11/2021 và triển "
    "khai nhiệm vụ tháng 12/2021"
)
REVIEW_MINUTES = (
    "Tháng 11/2021, thực hiện Nghị quyết của Ban Chấp hành Liên minh HTX Việt Nam và Thông "
    "báo kết luận số 784/TB-LMHTXVN ngày 9/11/2021, hệ thống Liên minh HTX Việt Nam đã triển "
    "khai kịp thời các giải pháp phát triển kinh tế tập thể, HTX; tiếp tục xác định công tác "
    "tư vấn, hỗ trợ và xúc tiến thương mại, cung ứng dịch vụ cho thành viên là nhiệm vụ trọng "
    "tâm. Thường trực đã chỉ đạo các ban, đơn vị trực thuộc hoàn thành 80/122 đầu việc. "
    "Chương trình công tác năm 2021 còn 43 đầu việc của các ban, đơn vị và 22 Tờ trình của "
    "Thường trực cần tập trung hoàn thành. Trong tháng 11, cả nước thành lập mới 189 HTX "
    "(148 HTX nông nghiệp và 41 HTX phi nông nghiệp); giải thể 30 HTX (21 HTX nông nghiệp và "
    "9 HTX phi nông nghiệp), nâng tổng số HTX đang hoạt động lên 26.661 HTX (vượt 15,5% kế "
    "hoạch)."
)
# conclusion, lead unit, supporting units, due on
CONCLUSIONS = [
    (
        "Phối hợp với Bộ Kế hoạch và Đầu tư và các địa phương tổ chức thành công Hội nghị toàn "
        "quốc Tổng kết 20 năm thực hiện Nghị quyết số 13-NQ/TW và Tổng kết 10 năm thi hành Luật "
        "HTX năm 2012 trong lĩnh vực phi nông nghiệp vào ngày 7/12/2021.",
        "ban-chinh-sach",
        ["van-phong"],
        datetime.date(2021, 12, 7),
    ),
    (
        "Tập trung thực hiện các công việc theo kết luận của Chủ tịch tại Thông báo số "
        "842/TB-LMHTXVN ngày 23/11/2021 về kế hoạch triển khai một số công việc và sự kiện "
        "trọng tâm tháng cuối năm 2021, đầu năm 2022.",
        "van-phong",
        [],
        datetime.date(2021, 12, 31),
    ),
    (
        "Tiếp tục tổ chức thực hiện hiệu quả Quyết định số 1328/QĐ-TTg ngày 23/7/2021 của Thủ "
        "tướng Chính phủ phê duyệt Điều lệ Liên minh HTX Việt Nam (Kế hoạch số 576/KH-LMHTXVN "
        "ngày 25/8/2021).",
        "ban-to-chuc",
        ["ban-chinh-sach"],
        datetime.date(2021, 12, 31),
    ),
    (
        "Tập trung hoàn thành Kế hoạch công tác năm 2021; Kế hoạch NSNN năm 2021 theo đúng tiến "
        "độ; xây dựng phương án và dự kiến phân bổ kế hoạch NSNN năm 2022 cho các đơn vị.",
        "ban-ke-hoach-tai-chinh",
        [],
        datetime.date(2021, 12, 31),
    ),
]


def _at(year, month, day, hour=8, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HANOI)


def load(stdout) -> None:
    documents = _load_documents()
    _load_agreements()
    _load_meetings(documents)
    # November's tasks carry out the conclusions notified in 784/TB-LMHTXVN.
    Task.objects.filter(
        due_on__year=2021,
        due_on__month=11,
        document__isnull=True,
        conclusion__isnull=True,
        programme__isnull=True,
    ).update(document=documents["784/TB-LMHTXVN"])
    demo_year.load(stdout)  # the current year's reviews, notices and tasks
    stdout.write(f"Meetings: {Meeting.objects.count()}, documents: {Document.objects.count()}.")


def _load_documents() -> dict[str, Document]:
    documents = {}
    for number, issued_on, year, issuer, title, cites in DOCUMENTS:
        document = Document.objects.filter(number=number, year=year).first()
        if document is None:
            document = document_register(
                number=number,
                year=year,
                issued_on=issued_on,
                issuer_name=issuer,
                title=title,
                cites=[documents[c] for c in cites],
            )
        documents[number] = document
    return documents


def _load_agreements() -> None:
    for kind, partner, title in AGREEMENTS:
        if not Agreement.objects.filter(partner=partner).exists():
            agreement_register(
                kind=kind, partner=partner, country="Nhật Bản", title=title, year=2021
            )


def _load_meetings(documents: dict[str, Document]) -> None:
    chair = User.objects.filter(username="leader").first()
    reporter = User.objects.filter(username="staff").first()
    if not Meeting.objects.filter(title=REVIEW_TITLE).exists():
        review = meeting_create(
            kind=MeetingKind.MONTHLY_REVIEW,
            title=REVIEW_TITLE,
            starts_at=_at(2021, 12, 2),
            ends_at=_at(2021, 12, 2, 11, 30),
            format=MeetingFormat.ONLINE,
            location="Trực tuyến",
            chaired_by=chair,
            chair_name="Nguyễn Ngọc Bảo, Bí thư Đảng đoàn, Chủ tịch Liên minh HTX Việt Nam",
            reviews_month=datetime.date(2021, 11, 1),
            minutes=REVIEW_MINUTES,
            agenda=[
                ("Phát biểu khai mạc", "Nguyễn Ngọc Bảo"),
                (
                    "Báo cáo kết quả công tác tháng 11/2021, nhiệm vụ tháng 12/2021",
                    "Phạm Ngọc Toại",
                ),
                ("Thảo luận", ""),
                ("Kết luận Hội nghị", "Nguyễn Ngọc Bảo"),
            ],
            speakers=[
                (
                    reporter,
                    "Phạm Ngọc Toại, Chánh Văn phòng Liên minh HTX Việt Nam",
                    "Báo cáo kết quả công tác tháng 11/2021",
                )
            ],
        )
        review.documents.add(documents["784/TB-LMHTXVN"], documents["842/TB-LMHTXVN"])
        units = {unit.code: unit for unit in Unit.objects.all()}
        for text, lead, supporting, due_on in CONCLUSIONS:
            conclusion = meeting_add_conclusion(meeting=review, text=text)
            conclusion_create_tasks(
                conclusion=conclusion,
                assignments=[
                    Assignment(
                        lead_unit=units[lead],
                        due_on=due_on,
                        supporting_units=[units[s] for s in supporting],
                        is_key=True,
                    )
                ],
                assigned_by=chair,
            )
    assembly_title = "Đại hội đồng Liên minh HTX quốc tế khu vực Châu Á – Thái Bình Dương (ICA-AP)"
    if not Meeting.objects.filter(title=assembly_title).exists():
        assembly = meeting_create(
            kind=MeetingKind.CONFERENCE,
            title=assembly_title,
            starts_at=_at(2021, 11, 28),
            ends_at=_at(2021, 12, 3, 17),
            format=MeetingFormat.ONLINE,
            location="Trực tuyến",
            guests=["Đoàn Liên minh HTX Việt Nam tham dự trực tuyến"],
        )
        meeting_record_vote(
            meeting=assembly,
            question="Bầu Chủ tịch Liên minh HTX Việt Nam vào Ban Lãnh đạo Liên minh HTX quốc tế "
            "khu vực Châu Á – Thái Bình Dương, nhiệm kỳ 4 năm",
            votes_for=200,
            votes_cast=226,
        )
    conference_title = (
        "Hội nghị toàn quốc Tổng kết 20 năm thực hiện Nghị quyết số 13-NQ/TW và Tổng kết 10 năm "
        "thi hành Luật HTX năm 2012 trong lĩnh vực phi nông nghiệp"
    )
    if not Meeting.objects.filter(title=conference_title).exists():
        meeting_create(
            kind=MeetingKind.CONFERENCE,
            title=conference_title,
            starts_at=_at(2021, 12, 7),
            format=MeetingFormat.HYBRID,
            chair_name="Liên minh HTX Việt Nam phối hợp với Bộ Kế hoạch và Đầu tư",
            agenda=[("Tổng kết 20 năm thực hiện Nghị quyết số 13-NQ/TW", "")],
        ).documents.add(documents["13-NQ/TW"])
