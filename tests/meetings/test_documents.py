import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from meetings.models import Document
from meetings.services import document_next_number, document_register, document_update
from tests.factories.meetings import make_document, make_meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def test_registering_parses_the_number_and_takes_the_year_from_the_issue_date():
    document = document_register(
        number="784/TB-LMHTXVN", issued_on=datetime.date(2021, 11, 9), title="Thông báo kết luận"
    )
    assert (document.serial_value, document.doc_type, document.issuer_code) == (
        784,
        "TB",
        "LMHTXVN",
    )
    assert document.year == 2021
    assert document.number_parsed


def test_an_unparseable_number_is_registered_as_written_and_flagged():
    document = document_register(number="CV không số", year=2021, title="Công văn")
    assert document.number == "CV không số"
    assert not document.number_parsed


def test_a_number_is_unique_per_issuer_type_and_year():
    document_register(number="784/TB-LMHTXVN", year=2021, title="A")
    with pytest.raises(ValidationError) as error:
        document_register(number="784/TB-LMHTXVN", year=2021, title="B")
    assert "đã có trong sổ" in str(error.value.message_dict["number"])
    # The same serial of another year, type or issuer is a different document.
    document_register(number="784/TB-LMHTXVN", year=2022, title="C")
    document_register(number="784/KH-LMHTXVN", year=2021, title="D")
    document_register(number="784/TB-CP", year=2021, title="E")
    assert Document.objects.count() == 4


def test_the_database_refuses_a_duplicate_number_too():
    make_document("105/NQ-CP")
    with pytest.raises(IntegrityError):
        make_document("0105/NQ-CP")


def test_the_register_proposes_the_next_number_of_the_bodys_one_sequence_for_the_year():
    make_document("784/TB-LMHTXVN")
    make_document("842/TB-LMHTXVN")
    make_document("900/TB-LMHTXVN", year=2020)
    make_document("576/KH-LMHTXVN")
    make_document("999/NQ-CP")  # another body's numbers are its own
    assert document_next_number(doc_type="TB", year=2021)["number"] == "843/TB-LMHTXVN"
    # Decree 30/2020/NĐ-CP, art. 15: one sequence per body and year, whatever the type.
    assert document_next_number(doc_type="KH", year=2021)["number"] == "843/KH-LMHTXVN"
    assert document_next_number(doc_type="QĐ", year=2022)["number"] == "1/QĐ-LMHTXVN"


def test_an_issue_date_outside_the_year_is_refused():
    with pytest.raises(ValidationError) as error:
        document_register(
            number="1/TB-LMHTXVN", year=2020, issued_on=datetime.date(2021, 1, 5), title="X"
        )
    assert "issued_on" in error.value.message_dict
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.exe", b"MZ\x90\x00", "PDF"),
        ("fake.pdf", b"<html>not a pdf</html>", ".pdf"),
        ("table.xlsx", PDF, ".xlsx"),
    ],
)
def test_only_pdf_and_office_files_are_attached(name, content, code, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as error:
        document_register(
            number="1/TB-LMHTXVN",
            year=2021,
            title="X",
            file=SimpleUploadedFile(name, content),
        )
    assert code in str(error.value.message_dict["file"])
    assert not Document.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_file_over_the_size_limit_is_refused(tmp_path, settings):
    # Through the settings fixture only: mixed with override_settings, its restore at
    # teardown would bring the low limit back for every later test.
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as error:
        document_register(
            number="1/TB-LMHTXVN",
            year=2021,
            title="X",
            file=SimpleUploadedFile("big.pdf", PDF + b"0" * 200),
        )
    assert "100" in str(error.value.message_dict["file"])
    assert not Document.objects.exists()


def test_a_pdf_is_stored(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    document = document_register(
        number="1/TB-LMHTXVN", year=2021, title="X", file=SimpleUploadedFile("tb.pdf", PDF)
    )
    assert document.file.read() == PDF


# API -------------------------------------------------------------------------------------


def test_the_api_filters_documents_by_exact_number_type_issuer_and_year(user_factory, token_client):
    make_document("784/TB-LMHTXVN")
    make_document("1784/TB-LMHTXVN")
    make_document("105/NQ-CP")
    make_document("13-NQ/TW", year=2002)
    client = token_client(user_factory(Role.LEADERSHIP))
    numbers = lambda query: sorted(  # noqa: E731
        d["number"] for d in client.get(f"/api/v1/documents/?{query}").json()["results"]
    )
    assert numbers("number=784/TB-LMHTXVN") == ["784/TB-LMHTXVN"]
    assert numbers("doc_type=NQ") == ["105/NQ-CP", "13-NQ/TW"]
    assert numbers("issuer=tw") == ["13-NQ/TW"]
    assert numbers("year=2002") == ["13-NQ/TW"]


def test_staff_register_a_document_through_the_api_and_get_the_next_number(
    user_factory, token_client
):
    client = token_client(user_factory(Role.STAFF))
    response = client.post(
        "/api/v1/documents/",
        {"number": "784/TB-LMHTXVN", "issued_on": "2021-11-09", "title": "Thông báo"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["doc_type"] == "TB"
    again = client.post(
        "/api/v1/documents/",
        {"number": "784/TB-LMHTXVN", "year": 2021, "title": "Trùng"},
        format="json",
    )
    assert again.status_code == 400
    assert "number" in again.json()
    proposal = client.get("/api/v1/documents/next-number/?doc_type=TB&year=2021").json()
    assert proposal["number"] == "785/TB-LMHTXVN"


def test_leadership_reads_documents_but_cannot_register_them(user_factory, token_client):
    client = token_client(user_factory(Role.LEADERSHIP))
    assert client.get("/api/v1/documents/").status_code == 200
    response = client.post("/api/v1/documents/", {"number": "1/TB-LMHTXVN", "year": 2021})
    assert response.status_code == 403
    officer = token_client(user_factory(Role.PROVINCIAL_OFFICER))
    assert officer.get("/api/v1/documents/").status_code == 403


def test_document_list_query_count_is_constant(
    user_factory, token_client, django_assert_num_queries
):
    client = token_client(user_factory(Role.STAFF))
    for serial in range(3):
        make_document(f"{serial + 1}/TB-LMHTXVN")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/documents/")
    for serial in range(3, 30):
        make_document(f"{serial + 1}/TB-LMHTXVN")
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/documents/").json()["count"] == 30


def test_staff_record_an_international_agreement(user_factory, token_client):
    client = token_client(user_factory(Role.STAFF))
    response = client.post(
        "/api/v1/agreements/",
        {
            "kind": "memorandum",
            "partner": "Satake",
            "country": "Nhật Bản",
            "title": "Biên bản ghi nhớ giữa VCA và Satake Nhật Bản",
            "signed_on": "2021-11-20",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    document = Document.objects.get(agreement__partner="Satake")
    assert document.year == 2021
    listed = client.get("/api/v1/documents/?is_agreement=true").json()["results"]
    assert [d["agreement"]["partner"] for d in listed] == ["Satake"]
    leader = token_client(user_factory(Role.LEADERSHIP))
    assert leader.post("/api/v1/agreements/", {}, format="json").status_code == 403


def test_a_document_cites_others_by_number(user_factory, client):
    from tests.factories.accounts import PASSWORD

    make_document("1328/QĐ-TTg")
    staff = user_factory(Role.STAFF)
    client.login(username=staff.username, password=PASSWORD)
    refused = client.post(
        "/meetings/documents/new/",
        {"number": "576/KH-LMHTXVN", "year": 2021, "title": "Kế hoạch", "cites": "999/QĐ-TTg"},
    )
    assert "999/QĐ-TTg" in refused.content.decode()
    assert not Document.objects.filter(number="576/KH-LMHTXVN").exists()
    meeting = make_meeting()
    client.post(
        "/meetings/documents/new/",
        {
            "number": "576/KH-LMHTXVN",
            "year": 2021,
            "title": "Kế hoạch",
            "cites": " 1328/QĐ-TTg ",
            "meetings": [meeting.pk],
        },
    )
    plan = Document.objects.get(number="576/KH-LMHTXVN")
    assert [d.number for d in plan.cites.all()] == ["1328/QĐ-TTg"]
    assert list(plan.meetings.all()) == [meeting]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/conclusions/", "/api/v1/agreements/", "/api/v1/units/", "/api/v1/work-programmes/"],
)
def test_other_api_lists_keep_their_query_count(
    url, user_factory, token_client, django_assert_num_queries
):
    from meetings.services import agreement_register
    from tests.factories.meetings import make_conclusion
    from tests.factories.tasks import make_programme, make_task, make_unit

    client = token_client(user_factory(Role.STAFF))

    def add(start, count):
        for index in range(start, start + count):
            make_task(conclusion=make_conclusion())
            make_unit(head=user_factory(Role.STAFF))
            make_programme(2000 + index)
            agreement_register(
                kind="cooperation",
                partner=f"Đối tác {index}",
                country="Nhật Bản",
                title="TT",
                year=2021,
            )

    add(0, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(3, 27)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# Corrections -------------------------------------------------------------------------------


def test_a_corrected_number_is_parsed_again_and_must_stay_free():
    taken = document_register(number="784/TB-LMHTXVN", year=2021, title="Thông báo 784")
    document = document_register(number="785/TB-LMHTXVN", year=2021, title="Thông báo 785")
    with pytest.raises(ValidationError) as error:
        document_update(document=document, number="784/TB-LMHTXVN")
    assert "number" in error.value.message_dict
    document.refresh_from_db()
    assert document.number == "785/TB-LMHTXVN"

    document_update(document=document, number="105/NQ-CP", issued_on=datetime.date(2022, 3, 1))
    document.refresh_from_db()
    assert (document.doc_type, document.issuer_code, document.serial_value) == ("NQ", "CP", 105)
    assert document.year == 2022
    # Its own number is not a duplicate of itself.
    document_update(document=document, title="Nghị quyết 105")
    assert Document.objects.get(pk=document.pk).title == "Nghị quyết 105"
    with pytest.raises(ValidationError) as error:
        document_update(document=taken, cites=[taken])
    assert "cites" in error.value.message_dict
    with pytest.raises(TypeError):
        document_update(document=taken, created_by=None)


def test_a_corrected_file_is_checked_and_an_absent_one_keeps_the_file(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    document = document_register(
        number="1/TB-LMHTXVN", year=2021, title="X", file=SimpleUploadedFile("tb.pdf", PDF)
    )
    with pytest.raises(ValidationError):
        document_update(
            document=document, title="Y", file=SimpleUploadedFile("tb.exe", b"MZ\x90\x00")
        )
    document.refresh_from_db()
    assert document.title == "X"
    document_update(document=document, title="Y")
    document.refresh_from_db()
    assert document.file.read() == PDF


def test_staff_correct_a_document_through_the_api(user_factory, token_client):
    cited = make_document("105/NQ-CP")
    meeting = make_meeting()
    document = make_document("784/TB-LMHTXVN")
    client = token_client(user_factory(Role.STAFF))
    url = f"/api/v1/documents/{document.pk}/"
    bad = client.patch(url, {"issued_on": "2019-05-01", "year": 2021}, format="json")
    assert bad.status_code == 400
    assert "issued_on" in bad.json()
    response = client.patch(
        url,
        {"title": "Thông báo kết luận", "cites": [cited.pk], "meetings": [meeting.pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["cites"], body["meetings"]) == (
        "Thông báo kết luận",
        [cited.pk],
        [meeting.pk],
    )
    leader = token_client(user_factory(Role.LEADERSHIP))
    assert leader.patch(url, {"title": "X"}, format="json").status_code == 403
    assert Document.objects.get(pk=document.pk).title == "Thông báo kết luận"
