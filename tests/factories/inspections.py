import datetime
import itertools

from cooperatives.models import Province
from inspections import services
from inspections.choices import (
    ComplainantKind,
    ComplaintChannel,
    ComplaintKind,
    InspectionKind,
    SubjectKind,
)
from inspections.models import Complaint, Inspection, InspectionPlan

_counter = itertools.count(1)


def make_plan(**fields) -> InspectionPlan:
    n = next(_counter)
    fields.setdefault("year", 2021)
    fields.setdefault("title", f"Kế hoạch kiểm tra {n}")
    fields.setdefault("document_number", f"{n}/KH-LMHTX")
    fields.setdefault("document_date", datetime.date(2021, 10, 26))
    return services.inspection_plan_create(**fields)


def make_inspection(**fields) -> Inspection:
    fields.setdefault("title", f"Kiểm tra {next(_counter)}")
    fields.setdefault("kind", InspectionKind.INSPECTION)
    fields.setdefault("subject_kind", SubjectKind.ENTERPRISE)
    fields.setdefault("subject_name", "Công ty TNHH Thắng Lợi")
    fields.setdefault("start_date", datetime.date(2021, 11, 1))
    return services.inspection_create(**fields)


def make_complaint(**fields) -> Complaint:
    fields.setdefault("received_on", datetime.date(2021, 11, 1))
    fields.setdefault("channel", ComplaintChannel.POST)
    fields.setdefault("kind", ComplaintKind.COMPLAINT)
    fields.setdefault("complainant_kind", ComplainantKind.COOPERATIVE)
    fields.setdefault("complainant_name", "HTX Hợp Tiến")
    if "complainant_province" not in fields:
        # Đắk Nông (67) until the 2025 reform, then part of Lâm Đồng (68).
        code = "67" if fields["received_on"] < datetime.date(2025, 7, 1) else "68"
        fields["complainant_province"] = Province.objects.get_by_code(
            code, on=fields["received_on"]
        )
    fields.setdefault("contact_person", "Nguyễn Văn Bí Mật")
    fields.setdefault("contact_phone", "0912 345 678")
    fields.setdefault("contact_address", "Số 7 đường Kín, Gia Nghĩa")
    fields.setdefault("contact_email", "bimat@example.vn")
    fields.setdefault("subject", f"Đơn khiếu nại {next(_counter)}")
    fields.setdefault("summary", "Khiếu nại về việc thu hồi đất của HTX.")
    return services.complaint_create(**fields)
