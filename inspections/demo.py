"""The inspection committee's November 2021 work, as reported at the 2 December 2021 review
meeting (``shared/seed``).

The article gives the month, not the days: dates inside November 2021 below are the first
working days of the month, a stand-in until the committee's own files are entered. The
training conference and the satisfaction survey are activities of the committee, recorded as
inspections of kind *training* and *survey* so that the month's work is one list. The
complainants' contact details are not in the article and are left empty."""

import datetime

from django.contrib.auth import get_user_model

from cooperatives.models import Cooperative, Province
from tasks.models import Unit
from vca_portal import clock

from . import services
from .choices import (
    ComplainantKind,
    ComplaintChannel,
    ComplaintKind,
    ComplaintStatus,
    InspectionKind,
    InspectionStatus,
    RecommendationStatus,
    SubjectKind,
)
from .models import Complaint, Inspection, InspectionPlan, Organisation

NOVEMBER = datetime.date(2021, 11, 1)

PLAN_758 = {
    "document_number": "758/KH-LMHTX",
    "document_date": datetime.date(2021, 10, 26),
    "year": 2021,
    "title": (
        "Kế hoạch thực hiện giám sát, báo cáo Đoàn giám sát Quốc hội việc thực hành tiết kiệm, "
        "chống lãng phí giai đoạn 2016 – 2021"
    ),
    "themes": "Thực hành tiết kiệm, chống lãng phí giai đoạn 2016 – 2021",
}

ACTIVITIES = [
    {
        "title": (
            "Hội nghị trực tuyến hướng dẫn, bồi dưỡng nghiệp vụ kiểm tra giám sát cho cán bộ "
            "Ủy ban Kiểm tra Liên minh HTX cấp tỉnh"
        ),
        "kind": InspectionKind.TRAINING,
        "subject_kind": SubjectKind.OTHER,
        "subject_name": "Ủy ban Kiểm tra Liên minh HTX cấp tỉnh",
        "start_date": datetime.date(2021, 11, 1),
        "end_date": datetime.date(2021, 11, 1),
        "status": InspectionStatus.CONCLUDED,
        "concluded_on": datetime.date(2021, 11, 1),
        "findings": "Hội nghị trực tuyến đã được tổ chức thành công.",
    },
    {
        "title": ("Kiểm tra Công ty TNHH Nhà nước MTV Đầu tư, Thương mại và Du lịch Thắng Lợi"),
        "kind": InspectionKind.INSPECTION,
        "subject_kind": SubjectKind.ENTERPRISE,
        "subject_name": "Công ty TNHH Nhà nước MTV Đầu tư, Thương mại và Du lịch Thắng Lợi",
        "start_date": NOVEMBER,
        "status": InspectionStatus.IN_PROGRESS,
    },
    {
        "title": "Kiểm tra Trường Cao đẳng nghề Kỹ thuật – Mỹ nghệ Việt Nam",
        "kind": InspectionKind.INSPECTION,
        "subject_kind": SubjectKind.SCHOOL,
        "subject_name": "Trường Cao đẳng nghề Kỹ thuật – Mỹ nghệ Việt Nam",
        "start_date": NOVEMBER,
        "status": InspectionStatus.IN_PROGRESS,
    },
    {
        "title": (
            "Giám sát, báo cáo Đoàn giám sát Quốc hội việc thực hành tiết kiệm, chống lãng phí "
            "giai đoạn 2016 – 2021"
        ),
        "kind": InspectionKind.SUPERVISION,
        "subject_kind": SubjectKind.OTHER,
        "subject_name": "Cơ quan Liên minh HTX Việt Nam",
        "start_date": NOVEMBER,
        "status": InspectionStatus.IN_PROGRESS,
        "plan": "758/KH-LMHTX",
    },
    {
        "title": (
            "Khảo sát đánh giá mức độ hài lòng của HTX đối với cấp ủy, chính quyền địa phương"
        ),
        "kind": InspectionKind.SURVEY,
        "subject_kind": SubjectKind.OTHER,
        "subject_name": "Hợp tác xã trên cả nước",
        "start_date": datetime.date(2021, 12, 1),
        "status": InspectionStatus.PLANNED,
        "findings": (
            "Tháng 11/2021: xin ý kiến các Ủy viên Ban Chấp hành về chủ trương và nội dung mẫu "
            "phiếu khảo sát."
        ),
    },
]

# The alliance's enterprise and school the committee inspected in November 2021.
ORGANISATIONS = [
    ("Công ty TNHH Nhà nước MTV Đầu tư, Thương mại và Du lịch Thắng Lợi", SubjectKind.ENTERPRISE),
    ("Trường Cao đẳng nghề Kỹ thuật – Mỹ nghệ Việt Nam", SubjectKind.SCHOOL),
]

# After the complaint of HTX Phúc Thọ, an inspection of the cooperative (from December 2021,
# so that the seed's November stays as the article tells it) and its recommendations followed
# up to closure, one still open and overdue, one due soon.
PHUC_THO_INSPECTION = {
    "title": "Kiểm tra việc thực hiện Luật HTX và Điều lệ tại HTX Phúc Thọ",
    "kind": InspectionKind.INSPECTION,
    "subject_kind": SubjectKind.COOPERATIVE,
    "subject_name": "HTX Phúc Thọ",
    "start_date": datetime.date(2021, 12, 6),
    "end_date": datetime.date(2021, 12, 17),
    "status": InspectionStatus.CONCLUDED,
    "conclusion_number": "15/TB-UBKT",
    "concluded_on": datetime.date(2022, 1, 20),
    "findings": (
        "HTX hoạt động đúng ngành nghề đăng ký; sổ sách kế toán chưa đầy đủ, Điều lệ chưa sửa "
        "đổi theo quy định mới."
    ),
}


def _recommendations() -> list[dict]:
    return [
        {
            "text": "Hoàn thiện sổ sách kế toán và báo cáo tài chính năm 2021 theo quy định.",
            "responsible_party": "HTX Phúc Thọ",
            "deadline": datetime.date(2022, 3, 31),
            "status": RecommendationStatus.DONE,
            "completed_on": datetime.date(2022, 3, 25),
            "follow_up": (
                "HTX đã gửi báo cáo tài chính năm 2021 (Công văn số 12/CV-HTX ngày 25/3/2022); "
                "Ủy ban Kiểm tra đã kiểm tra lại và kết thúc theo dõi."
            ),
        },
        {
            "text": "Sửa đổi, bổ sung Điều lệ HTX phù hợp với Luật Hợp tác xã năm 2023.",
            "responsible_party": "Hội đồng quản trị HTX Phúc Thọ",
            "deadline": datetime.date(2024, 12, 31),
            "status": RecommendationStatus.IN_PROGRESS,
            "follow_up": (
                "Đại hội thành viên thường niên 2024 đã thông qua dự thảo Điều lệ; HTX chưa "
                "đăng ký thay đổi với cơ quan đăng ký."
            ),
        },
        {
            "text": "Báo cáo Ủy ban Kiểm tra kết quả khắc phục các tồn tại còn lại.",
            "responsible_party": "Giám đốc HTX Phúc Thọ",
            "deadline": clock.today() + datetime.timedelta(days=2),
            "status": RecommendationStatus.PENDING,
        },
    ]


COMPLAINTS = [
    ("HTX Hợp Tiến", "67", datetime.date(2021, 11, 1)),
    ("HTX Phúc Thọ", "01", datetime.date(2021, 11, 2)),
]


def _short(province_name: str) -> str:
    for prefix in ("Tỉnh ", "Thành phố "):
        province_name = province_name.removeprefix(prefix)
    return province_name


def _seed_cooperative(name: str) -> Cooperative | None:
    """The register entry of a cooperative the article names, where the register has it."""
    return Cooperative.objects.filter(name=name).order_by("pk").first()


def load(stdout) -> None:
    plan = InspectionPlan.objects.filter(document__number=PLAN_758["document_number"]).first()
    if plan is None:
        plan = services.inspection_plan_create(**PLAN_758)
    inspector = get_user_model().objects.filter(username="inspector").first()
    organisations = {}
    for name, kind in ORGANISATIONS:
        organisations[name], _created = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "province": None}
        )
    for activity in ACTIVITIES:
        if Inspection.objects.filter(title=activity["title"]).exists():
            continue
        fields = dict(activity)
        if fields.pop("plan", None):
            fields["plan"] = plan
        fields["organisation"] = organisations.get(fields["subject_name"])
        services.inspection_create(lead=inspector, **fields)
    phuc_tho = _seed_cooperative("HTX Phúc Thọ")
    if phuc_tho and not Inspection.objects.filter(title=PHUC_THO_INSPECTION["title"]).exists():
        inspection = services.inspection_create(
            lead=inspector, cooperative=phuc_tho, **PHUC_THO_INSPECTION
        )
        for recommendation in _recommendations():
            services.recommendation_create(inspection=inspection, **recommendation)

    unit = Unit.objects.filter(name__icontains="Kiểm tra").first()
    for name, code, received_on in COMPLAINTS:
        if Complaint.objects.filter(complainant_name=name).exists():
            continue
        province = Province.objects.get_by_code(code, on=received_on)
        complaint = services.complaint_create(
            by=inspector,
            received_on=received_on,
            channel=ComplaintChannel.POST,
            kind=ComplaintKind.COMPLAINT,
            complainant_kind=ComplainantKind.COOPERATIVE,
            complainant_name=name,
            complainant_province=province,
            subject=f"Đơn khiếu nại của {name} ({_short(province.name)})",
            summary=(
                f"Ủy ban Kiểm tra phối hợp cơ quan chức năng giải quyết đơn khiếu nại của {name}."
            ),
            handling_unit=unit,
            handling_officer=inspector,
            cooperative=_seed_cooperative(name),
        )
        services.complaint_transition(
            complaint=complaint, status=ComplaintStatus.ACCEPTED, on=received_on, by=inspector
        )
        services.complaint_transition(
            complaint=complaint,
            status=ComplaintStatus.UNDER_INVESTIGATION,
            on=received_on,
            by=inspector,
            note="Phối hợp cơ quan chức năng giải quyết.",
        )
