"""The month's report and an inspection plan as official documents; and the numbers two
clerks get when they issue at the same instant."""

import datetime
import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from docx import Document as WordDocument
from pypdf import PdfReader

from drafting import services
from drafting.choices import DraftKind
from drafting.models import DraftedDocument
from meetings.choices import DocumentStatus
from meetings.models import Document
from tests.drafting.test_documents import SIGNER, squeeze, word_text


def test_november_2021s_report_carries_its_figures_tables_and_charts(
    november_2021, clock, staff, rendered, settings, tmp_path
):
    from reports.services import report_build, report_request

    settings.MEDIA_ROOT = tmp_path
    clock(datetime.date(2021, 12, 6))
    with pytest.raises(ValidationError, match="chưa được tạo"):
        services.draft_create(kind=DraftKind.MONTH_REPORT, month=datetime.date(2021, 11, 1))
    report = report_request(year=2021, month=11)
    report_build(report_id=report.pk)
    with rendered():
        drafted = services.draft_create(
            kind=DraftKind.MONTH_REPORT, month=datetime.date(2021, 11, 15), created_by=staff
        )
    drafted.refresh_from_db()
    assert drafted.month == datetime.date(2021, 11, 1)
    with drafted.docx.open("rb") as handle:
        document = WordDocument(io.BytesIO(handle.read()))
    text = word_text(document)
    assert "BÁO CÁO" in text
    assert "Kết quả phát triển hợp tác xã tháng 11/2021" in text
    assert "Số:" in text
    assert "/BC-LMHTXVN" in text
    assert "26.661" in text
    assert "15,5%" in text
    # The sector table: 189 = 148 + 41 established, 30 = 21 + 9 dissolved.
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert rows[[r[0] for r in rows].index("Nông nghiệp")][:3] == ["Nông nghiệp", "148", "21"]
    assert rows[[r[0] for r in rows].index("Tổng")][:3] == ["Tổng", "189", "30"]
    assert len(document.inline_shapes) == 2  # the two charts, as images
    with drafted.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    pdf = squeeze(" ".join(page.extract_text() for page in reader.pages))
    assert "26.661" in pdf
    assert "Kết quả phát triển hợp tác xã tháng 11/2021" in pdf
    assert sum(len(page.images) for page in reader.pages) >= 2  # the charts
    # A month still running has no report to draft.
    with pytest.raises(ValidationError, match="kết thúc"):
        services.draft_create(kind=DraftKind.MONTH_REPORT, month=datetime.date(2021, 12, 1))


def test_an_inspection_plan_lists_its_inspections_and_takes_the_bodys_next_number(
    provinces, clock, staff, rendered, settings, tmp_path
):
    from tests.factories.inspections import make_inspection, make_plan
    from tests.factories.meetings import make_document

    settings.MEDIA_ROOT = tmp_path
    clock(datetime.date(2021, 10, 26))
    make_document("757/TB-LMHTXVN", issued_on=datetime.date(2021, 10, 20))
    plan = make_plan(document_number="", document_date=None, themes="Thực hành tiết kiệm\n")
    make_inspection(plan=plan, title="Giám sát Công ty TNHH Thắng Lợi")
    with rendered():
        drafted = services.draft_create(kind=DraftKind.PLAN, plan=plan, **SIGNER)
        services.draft_issue(drafted=drafted, issued_by=staff)
    drafted.refresh_from_db()
    plan.refresh_from_db()
    # 758/KH-LMHTX of 26/10/2021: the plan follows the body's last number, whatever its type.
    assert drafted.document.number == "758/KH-LMHTXVN"
    assert plan.document == drafted.document
    with drafted.docx.open("rb") as handle:
        text = word_text(WordDocument(io.BytesIO(handle.read())))
    assert "KẾ HOẠCH" in text
    assert "Hà Nội, ngày 26 tháng 10 năm 2021" in text
    assert "Giám sát Công ty TNHH Thắng Lợi" in text
    assert "Thực hành tiết kiệm" in text


def test_lmhtx_and_lmhtxvn_are_one_body_in_the_register(provinces):
    from meetings.services import document_next_number, document_register
    from tests.factories.meetings import make_document

    plan = make_document("758/KH-LMHTX")
    assert (plan.number, plan.issuer_code) == ("758/KH-LMHTX", "LMHTXVN")  # kept as written
    make_document("784/TB-LMHTXVN")
    assert document_next_number(doc_type="KH", year=2021)["number"] == "785/KH-LMHTXVN"
    assert document_next_number(doc_type="TB", year=2021, issuer="LMHTX")["serial"] == 785
    with pytest.raises(ValidationError, match="đã có trong sổ"):
        document_register(number="758/KH-LMHTXVN", year=2021, title="X")  # the same document


@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_at_once_get_two_consecutive_numbers(
    provinces, clock, settings, tmp_path
):
    """Real parallel transactions: each thread has its own connection, both issue together."""
    from meetings.models import Meeting
    from tests.factories.meetings import make_conclusion, make_document, make_meeting

    settings.MEDIA_ROOT = tmp_path
    clock(datetime.date(2021, 12, 3))
    make_document("842/TB-LMHTXVN", issued_on=datetime.date(2021, 11, 23))
    drafts = []
    for _ in range(2):
        meeting = make_meeting()
        make_conclusion(meeting)
        drafts.append(services.draft_create(kind=DraftKind.NOTICE, meeting=meeting, **SIGNER))
    start = threading.Barrier(2)
    errors = []

    def issue(drafted):
        try:
            start.wait(timeout=10)
            services.draft_issue(drafted=drafted)
        except Exception as error:  # reported below; the thread must not die silently
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    numbers = sorted(
        Document.objects.filter(status=DocumentStatus.ISSUED).values_list("serial_value", flat=True)
    )
    assert numbers == [843, 844]
    assert Meeting.objects.count() == 2
    assert DraftedDocument.objects.count() == 2
