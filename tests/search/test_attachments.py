"""The text of attached files is read once, by a Celery task, and found by the search; a file
that cannot be read is marked and the document is still found."""

import io
import time

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import Role
from meetings.services import document_register
from search import engine, services
from search.choices import TextStatus
from search.models import DocumentText
from tests.reports.conftest import Workers


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF whose page says ``text`` (ASCII) in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def register(name: str, content: bytes, **fields):
    fields.setdefault("number", f"{abs(hash(name)) % 9000 + 1}/TB-LMHTXVN")
    fields.setdefault("title", "Văn bản kèm tệp")
    return document_register(year=2021, file=SimpleUploadedFile(name, content), **fields)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "query", "expected"),
    [
        (
            "bien-ban.docx",
            docx_bytes("Biên bản họp", "Thống nhất kế hoạch hỗ trợ hợp tác xã chăn nuôi."),
            "ho tro chan nuoi",
            "Thống nhất kế hoạch hỗ trợ hợp tác xã chăn nuôi.",
        ),
        (
            "so-lieu.xlsx",
            xlsx_bytes([["Tỉnh", "Số HTX"], ["Đắk Lắk", 784]]),
            "dak lak",
            "Tỉnh Số HTX Sheet Đắk Lắk 784",
        ),
        ("thong-bao.pdf", pdf_bytes("Thong bao ket luan Hoi nghi"), "hoi nghi", None),
    ],
)
def test_the_text_of_a_file_is_found(
    name, content, query, expected, media, user_factory, django_capture_on_commit_callbacks
):
    document = register(name, content)
    stored = services.document_text_extract(document_id=document.pk)
    assert stored.status == TextStatus.EXTRACTED
    if expected:
        assert expected.split()[-1] in stored.text
    results = engine.search(user_factory(Role.STAFF), query, kind="document")
    (hit,) = results.groups[0].page.object_list
    assert hit.id == document.pk
    assert "<mark>" in hit.snippet_html


@pytest.mark.django_db
def test_a_file_is_read_once(media):
    document = register("a.docx", docx_bytes("Nội dung"))
    first = services.document_text_extract(document_id=document.pk)
    again = services.document_text_extract(document_id=document.pk)
    assert again.extracted_at == first.extracted_at
    assert DocumentText.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.pdf", b"%PDF-1.4\nthis is no pdf at all"),
        ("broken.docx", b"PK\x03\x04 not a zip"),
        ("broken.xlsx", b"PK\x03\x04 not a zip either"),
    ],
)
def test_an_unreadable_file_is_marked_not_fatal(name, content, media, user_factory):
    document = register(name, content, title="Quyết định thành lập")
    stored = services.document_text_extract(document_id=document.pk)
    assert stored.status == TextStatus.UNREADABLE
    assert stored.problem
    results = engine.search(user_factory(Role.STAFF), "quyet dinh thanh lap", kind="document")
    assert [hit.id for hit in results.groups[0].page.object_list] == [document.pk]


@pytest.mark.django_db
def test_a_kind_of_file_not_read_is_marked(media):
    document = register("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 legacy word")
    assert services.document_text_extract(document_id=document.pk).status == TextStatus.UNSUPPORTED


@pytest.mark.django_db
def test_saving_a_document_with_a_file_asks_for_its_text_after_commit(
    media, django_capture_on_commit_callbacks, monkeypatch
):
    asked = []
    monkeypatch.setattr(services, "_enqueue", asked.append)
    with django_capture_on_commit_callbacks(execute=True):
        document = register("a.docx", docx_bytes("Nội dung"))
    assert asked == [document.pk]
    services.document_text_extract(document_id=document.pk)
    asked.clear()
    with django_capture_on_commit_callbacks(execute=True):
        document.title = "Tên mới"
        document.save()
    assert asked == []  # the same file is not read again


@pytest.fixture
def worker(transactional_db, settings, tmp_path, monkeypatch):
    """A real Celery worker on a queue of its own, on the test database."""
    from search.tasks import extract_document_text

    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("the worker tests need a broker (REDIS_URL or CELERY_BROKER_URL)")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    pool = Workers(settings, tmp_path)
    monkeypatch.setattr(extract_document_text, "queue", pool.queue, raising=False)
    monkeypatch.setattr(extract_document_text, "_exec_options", None, raising=False)
    pool.start()
    yield pool
    pool.stop_all()
    from vca_portal.celery import app

    with app.connection_for_write() as connection:
        channel = connection.default_channel
        channel.queue_delete(pool.queue)
        channel.client.delete(
            f"_kombu.binding.{pool.queue}", f"_kombu.binding_permanent.{pool.queue}"
        )


@pytest.mark.worker
def test_a_worker_reads_the_file_of_a_new_document(worker, provinces, user_factory):
    document = register("ke-hoach.docx", docx_bytes("Kế hoạch kiểm tra năm 2022 tại Hà Giang"))
    deadline = time.monotonic() + 60
    while not DocumentText.objects.filter(document=document).exists():
        assert time.monotonic() < deadline, worker.log(worker.processes[0])[-3000:]
        time.sleep(0.2)
    results = engine.search(user_factory(Role.STAFF), "ha giang", kind="document")
    assert [hit.id for hit in results.groups[0].page.object_list] == [document.pk]


@pytest.mark.django_db
def test_the_document_page_says_when_its_file_could_not_be_read(media, user_factory, client):
    document = register("broken.pdf", b"%PDF-1.4\nthis is no pdf at all")
    services.document_text_extract(document_id=document.pk)
    client.force_login(user_factory(Role.STAFF))
    html = client.get(f"/meetings/documents/{document.pk}/").content.decode()
    assert "Không đọc được nội dung tệp: Không đọc được tệp PDF." in html
