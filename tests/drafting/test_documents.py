"""The official documents as a clerk gets them: drafted from the data, laid out under Decree
30/2020/NĐ-CP in Word and PDF, numbered in one sequence per body and year when issued."""

import datetime
import io
import re
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from docx import Document as WordDocument
from pypdf import PdfReader

from drafting import services
from drafting.choices import DraftKind, RenderState
from drafting.models import DraftedDocument
from meetings.choices import DocumentStatus
from meetings.models import Conclusion, Document
from meetings.services import document_update

SIGNER = {"signer_name": "Phạm Ngọc Toại"}


def word(drafted: DraftedDocument) -> WordDocument:
    drafted.refresh_from_db()
    with drafted.docx.open("rb") as handle:
        return WordDocument(io.BytesIO(handle.read()))


def word_text(document: WordDocument) -> str:
    """Every paragraph's text, the heading and signature tables' included."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def pdf_text(drafted: DraftedDocument) -> tuple[PdfReader, str]:
    drafted.refresh_from_db()
    with drafted.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, unicodedata.normalize("NFC", text)


def squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def notice(seed_meeting, staff, rendered, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with rendered():
        return services.draft_create(kind=DraftKind.NOTICE, meeting=seed_meeting, created_by=staff)


def test_the_seed_meetings_notice_is_issued_as_a_decree_30_word_file(notice, staff, rendered):
    assert notice.document.status == DocumentStatus.DRAFT
    assert notice.document.number == ""
    draft = word_text(word(notice))
    assert re.search(r"Số:\s+/TB-LMHTXVN", draft)
    assert "DỰ THẢO" in draft

    services.draft_update(drafted=notice, **SIGNER)
    with rendered():
        services.draft_issue(drafted=notice, issued_by=staff)
    notice.refresh_from_db()
    assert notice.document.number == "843/TB-LMHTXVN"  # after 842/TB-LMHTXVN of 23/11/2021
    assert notice.document.issued_on == datetime.date(2021, 12, 3)
    assert notice.render_state == RenderState.READY

    document = word(notice)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    top, bottom, left, right = (
        round(margin.mm, 1)
        for margin in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    )
    assert 20 <= top <= 25
    assert 20 <= bottom <= 25
    assert 30 <= left <= 35
    assert 15 <= right <= 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    # Page numbers from the second page, centred at the top.
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    assert "PAGE" in section.header.paragraphs[0]._p.xml
    text = word_text(document)
    for line in (
        "LIÊN MINH HỢP TÁC XÃ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 843/TB-LMHTXVN",
        "Hà Nội, ngày 03 tháng 12 năm 2021",
        "THÔNG BÁO",
        "TL. CHỦ TỊCH",
        "CHÁNH VĂN PHÒNG",
        "Phạm Ngọc Toại",
        "Nơi nhận:",
        "- Ban Chính sách – Pháp luật;",
        "- Lưu: VT.",
    ):
        assert line in text, line
    assert "DỰ THẢO" not in text
    # Each conclusion with its lead unit and due date.
    assert "Đơn vị chủ trì: Ban Chính sách – Pháp luật" in text
    assert "thời hạn: 07/12/2021" in text


def test_the_pdf_says_the_same_with_every_vietnamese_letter_intact(notice, staff, rendered):
    services.draft_update(drafted=notice, **SIGNER)
    with rendered():
        services.draft_issue(drafted=notice, issued_by=staff)
    reader, text = pdf_text(notice)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210,
        297,
    )
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Liberation-Serif" in font for font in fonts), fonts
    flat = squeeze(text)
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 843/TB-LMHTXVN",
        "Hà Nội, ngày 03 tháng 12 năm 2021",
        "Phạm Ngọc Toại",
        "Tập trung thực hiện các công việc theo kết luận của Chủ tịch tại Thông báo số",
        "Phối hợp với Bộ Kế hoạch và Đầu tư",
    ):
        assert line in flat, line
    vietnamese = set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
    content = " ".join(b.get("text", "") for b in notice.content["blocks"])
    wanted = {letter for letter in content.lower() if letter in vietnamese}
    assert wanted <= set(flat.lower()), wanted - set(flat.lower())


def test_a_missing_signer_or_recipients_is_refused_and_nothing_is_issued(notice, staff):
    services.draft_update(drafted=notice, signer_name="", recipients="")
    with pytest.raises(ValidationError) as refused:
        services.draft_issue(drafted=notice, issued_by=staff)
    assert set(refused.value.message_dict) == {"signer_name", "recipients"}
    assert "người ký" in refused.value.message_dict["signer_name"][0]
    assert "Nơi nhận" in refused.value.message_dict["recipients"][0]
    notice.refresh_from_db()
    assert notice.document.status == DocumentStatus.DRAFT
    assert notice.document.number == ""
    assert notice.issued_at is None
    assert not Conclusion.objects.filter(notice__isnull=False).exists()


def test_issuing_links_the_conclusions_and_fixes_the_document(notice, staff, rendered):
    services.draft_update(drafted=notice, **SIGNER)
    with rendered():
        services.draft_issue(drafted=notice, issued_by=staff)
    notice.refresh_from_db()
    conclusions = Conclusion.objects.filter(meeting=notice.meeting)
    assert {c.notice_id for c in conclusions} == {notice.document_id}
    checksum = notice.docx_sha256
    with pytest.raises(ValidationError, match="đính chính"):
        services.draft_update(drafted=notice, signer_name="Người khác")
    with pytest.raises(ValidationError, match="đính chính"):
        document_update(document=notice.document, title="Khác")
    with pytest.raises(ValidationError):
        services.draft_issue(drafted=notice, issued_by=staff)
    services.draft_render(drafted_id=notice.pk)  # a second rendering changes nothing
    notice.refresh_from_db()
    assert notice.docx_sha256 == checksum
    assert notice.document.number == "843/TB-LMHTXVN"

    # A correction is a new document that replaces the old one and takes over its links.
    with rendered():
        correction = services.correction_create(document=notice.document, created_by=staff)
        services.draft_issue(drafted=correction, issued_by=staff)
    correction.refresh_from_db()
    assert correction.replaces == notice.document
    assert correction.document.number == "844/TB-LMHTXVN"
    assert {c.notice_id for c in conclusions.all()} == {correction.document_id}
    with pytest.raises(ValidationError):
        services.correction_create(document=notice.document, created_by=staff)


def test_one_sequence_per_body_and_year_whatever_the_type(seed_meeting, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    minutes = services.draft_create(
        kind=DraftKind.MINUTES,
        meeting=seed_meeting,
        created_by=staff,
        secretary_name="Nguyễn Văn Thư",
        signer_name="Nguyễn Ngọc Bảo",
    )
    notice = services.draft_create(kind=DraftKind.NOTICE, meeting=seed_meeting, **SIGNER)
    services.draft_issue(drafted=minutes, issued_by=staff)
    services.draft_issue(drafted=notice, issued_by=staff)
    numbers = list(
        Document.objects.filter(status=DocumentStatus.ISSUED)
        .order_by("serial_value")
        .values_list("number", flat=True)
    )
    assert numbers == ["843/BB-LMHTXVN", "844/TB-LMHTXVN"]


def test_a_failed_issue_leaves_no_gap(notice, staff):
    services.draft_update(drafted=notice, **SIGNER)
    from django.db import transaction

    class Failure(Exception):
        pass

    def issue_then_fail():
        with transaction.atomic():
            services.draft_issue(drafted=notice, issued_by=staff)
            raise Failure  # e.g. the database refuses something later in the same request

    with pytest.raises(Failure):
        issue_then_fail()
    notice.refresh_from_db()
    assert notice.document.status == DocumentStatus.DRAFT
    services.draft_issue(drafted=notice, issued_by=staff)
    notice.refresh_from_db()
    assert notice.document.number == "843/TB-LMHTXVN"


def test_the_minutes_say_each_thing_once(seed_meeting, staff, rendered, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with rendered():
        minutes = services.draft_create(kind=DraftKind.MINUTES, meeting=seed_meeting)
    assert minutes.signer_name == "Nguyễn Ngọc Bảo"  # the chair signs the minutes
    with pytest.raises(ValidationError) as refused:
        services.draft_issue(drafted=minutes, issued_by=staff)
    assert set(refused.value.message_dict) == {"secretary_name"}
    with rendered():
        services.draft_update(drafted=minutes, secretary_name="Nguyễn Văn Thư")
        services.draft_issue(drafted=minutes, issued_by=staff)
    text = word_text(word(minutes))
    assert "Số: 843/BB-LMHTXVN" in text
    assert "BIÊN BẢN" in text
    assert "THƯ KÝ" in text
    assert "Nguyễn Văn Thư" in text
    assert "Thời gian: từ 8 giờ 00 ngày 02/12/2021." in text
    assert "Địa điểm: Trực tuyến." in text
    assert "Trực tuyến. Trực tuyến." not in text
    assert text.lower().count("trực tuyến") == 1
    assert "Báo cáo kết quả công tác tháng 11/2021, nhiệm vụ tháng 12/2021" in text
    assert "Trình bày: Phạm Ngọc Toại." in text
    assert "80/122 đầu việc" in text
    assert "Cuộc họp kết thúc lúc 11 giờ 30 cùng ngày." in text


def test_a_meeting_without_conclusions_has_no_notice_to_draft(provinces, clock):
    from tests.factories.meetings import make_meeting

    with pytest.raises(ValidationError, match="chưa có kết luận"):
        services.draft_create(kind=DraftKind.NOTICE, meeting=make_meeting())
    assert not DraftedDocument.objects.exists()
    assert not Document.objects.exists()


def test_an_uploaded_template_replaces_the_repositorys(notice, rendered, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from drafting.models import DocumentTemplate
    from drafting.render import DEFAULT_TEMPLATE
    from drafting.template_check import check_template

    template = WordDocument(str(DEFAULT_TEMPLATE))
    template.add_paragraph("Mẫu của Văn phòng")
    buffer = io.BytesIO()
    template.save(buffer)
    upload = SimpleUploadedFile("mau.docx", buffer.getvalue())
    check_template(upload)
    DocumentTemplate.objects.create(kind=DraftKind.NOTICE, file=upload)
    with rendered():
        services.draft_update(drafted=notice, **SIGNER)
    assert "Mẫu của Văn phòng" in word_text(word(notice))

    broken = WordDocument()
    broken.add_paragraph("{{ title }}")
    buffer = io.BytesIO()
    broken.save(buffer)
    with pytest.raises(ValidationError, match="number"):
        check_template(SimpleUploadedFile("thieu.docx", buffer.getvalue()))
    with pytest.raises(ValidationError):
        check_template(SimpleUploadedFile("a.docx", b"not a zip"))


def test_the_minutes_carry_attendance_quorum_speakers_and_votes(
    seed_meeting, staff, rendered, settings, tmp_path
):
    from meetings.choices import Attendance
    from meetings.services import (
        agenda_item_record_discussion,
        meeting_record_attendance,
        meeting_record_vote,
    )

    settings.MEDIA_ROOT = tmp_path
    item = seed_meeting.agenda_items.get(position=3)
    agenda_item_record_discussion(item=item, discussion="Các ban thống nhất với báo cáo.")
    meeting_record_attendance(
        meeting=seed_meeting, name="Nguyễn Văn Chính, Trưởng Ban Chính sách", agenda_item=item
    )
    meeting_record_attendance(
        meeting=seed_meeting,
        name="Lê Thị Vắng",
        attendance=Attendance.ABSENT,
        absence_reason="Đi công tác",
    )
    meeting_record_vote(
        meeting=seed_meeting,
        question="Thông qua báo cáo",
        votes_for=200,
        votes_against=20,
        votes_cast=226,
        voters=230,
    )
    with rendered():
        minutes = services.draft_create(kind=DraftKind.MINUTES, meeting=seed_meeting)
    text = word_text(word(minutes))
    assert "Vắng mặt:" in text
    assert "Lê Thị Vắng (Đi công tác)" in text
    # Phạm Ngọc Toại and Nguyễn Văn Chính attend, of three voting members: two are needed.
    assert "2/3 thành viên có quyền biểu quyết dự họp (cần 2)" in text
    assert "Phát biểu: Nguyễn Văn Chính, Trưởng Ban Chính sách." in text
    assert "Các ban thống nhất với báo cáo." in text
    assert (
        "200/226 phiếu tán thành (88,5%); 20 không tán thành; 4 không tham gia biểu quyết; "
        "biểu quyết công khai: thông qua" in text
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE meetings_document SET number = '999/TB-LMHTXVN' WHERE id = %(document)s",
        "UPDATE meetings_document SET issued_on = issued_on + 1 WHERE id = %(document)s",
        "DELETE FROM meetings_document WHERE id = %(document)s",
        "UPDATE drafting_drafteddocument SET signer_name = 'X' WHERE id = %(drafted)s",
        "UPDATE drafting_drafteddocument SET pdf_sha256 = 'x' WHERE id = %(drafted)s",
        "DELETE FROM drafting_drafteddocument WHERE id = %(drafted)s",
    ],
)
def test_direct_sql_cannot_change_an_issued_document(notice, staff, rendered, statement):
    from django.db import DatabaseError, connection, transaction

    services.draft_update(drafted=notice, **SIGNER)
    with rendered():
        services.draft_issue(drafted=notice, issued_by=staff)
    notice.refresh_from_db()
    before = (notice.document.number, notice.signer_name, notice.pdf_sha256)
    with (
        pytest.raises(DatabaseError, match="issued_"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, {"document": notice.document_id, "drafted": notice.pk})
    notice.refresh_from_db()
    assert (notice.document.number, notice.signer_name, notice.pdf_sha256) == before
