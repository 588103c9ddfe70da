import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from meetings.models import Document
from tasks.models import Task
from tests.factories.accounts import PASSWORD
from tests.factories.meetings import HANOI, make_conclusion, make_document, make_meeting
from tests.factories.tasks import make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user_factory):
    def sign_in(role=Role.STAFF, **fields):
        user = user_factory(role, **fields)
        client.login(username=user.username, password=PASSWORD)
        return client

    return sign_in


@pytest.mark.parametrize(
    "url", ["/meetings/", "/meetings/calendar/", "/meetings/documents/", "/meetings/new/"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_provincial_officer_may_not_see_meetings(signed_in):
    client = signed_in(Role.PROVINCIAL_OFFICER)
    assert client.get("/meetings/").status_code == 403
    assert client.get("/meetings/documents/").status_code == 403


def test_leadership_reads_but_may_not_record(signed_in):
    meeting = make_meeting()
    client = signed_in(Role.LEADERSHIP)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert client.get("/meetings/new/").status_code == 403
    assert client.post(f"/meetings/{meeting.pk}/conclusions/", {"text": "X"}).status_code == 403
    assert not meeting.conclusions.exists()


def test_staff_record_a_meeting_with_clear_errors_first(signed_in):
    client = signed_in()
    response = client.post(
        "/meetings/new/",
        {
            "kind": "monthly_review",
            "title": "Giao ban",
            "starts_at": "2021-12-02T08:00",
            "format": "online",
        },
    )
    assert response.status_code == 200
    assert "phải ghi rõ tháng được đánh giá" in response.content.decode()
    response = client.post(
        "/meetings/new/",
        {
            "kind": "monthly_review",
            "title": "Giao ban",
            "starts_at": "2021-12-02T08:00",
            "format": "online",
            "reviews_month": "2021-11-20",
            "agenda": "Khai mạc\nBáo cáo\n",
            "guests": "Đại diện Bộ Kế hoạch và Đầu tư\n",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Khai mạc" in page
    assert "Đại diện Bộ Kế hoạch và Đầu tư – Khách mời" in page
    assert "11/2021" in page


def test_a_conclusion_becomes_one_task_per_chosen_unit(signed_in):
    client = signed_in()
    conclusion = make_conclusion(text="Tổ chức Hội nghị toàn quốc")
    first, second = make_unit(), make_unit()
    response = client.post(
        f"/meetings/conclusions/{conclusion.pk}/tasks/",
        {"lead_units": [first.pk, second.pk], "due_on": "2021-12-07", "is_key": "on"},
    )
    assert response.status_code == 302
    tasks = Task.objects.filter(conclusion=conclusion)
    assert {t.lead_unit for t in tasks} == {first, second}
    assert all(t.is_key and t.due_on == datetime.date(2021, 12, 7) for t in tasks)
    page = client.get(response["Location"]).content.decode()
    assert page.count("Tổ chức Hội nghị toàn quốc") >= 3


def test_the_minutes_page_prints_the_meeting(signed_in):
    meeting = make_meeting(title="Hội nghị đánh giá tháng 11/2021", minutes="Biên bản chi tiết")
    make_conclusion(meeting, text="Kết luận một")
    page = signed_in(Role.LEADERSHIP).get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert "Biên bản chi tiết" in page
    assert "Kết luận một" in page


def test_the_calendar_shows_the_month_and_what_is_coming(signed_in):
    make_meeting(
        title="Hội nghị toàn quốc", starts_at=datetime.datetime(2021, 12, 7, 8, tzinfo=HANOI)
    )
    page = signed_in(Role.LEADERSHIP).get("/meetings/calendar/?year=2021&month=12").content.decode()
    assert "Hội nghị toàn quốc" in page


def test_the_register_searches_by_number_type_issuer_and_date(signed_in):
    make_document("784/TB-LMHTXVN", issued_on=datetime.date(2021, 11, 9))
    make_document("105/NQ-CP", issued_on=datetime.date(2021, 9, 9))
    make_document("13-NQ/TW", year=2002, issued_on=datetime.date(2002, 3, 18))
    client = signed_in(Role.LEADERSHIP)

    def numbers(query):
        page = client.get(f"/meetings/documents/?{query}").content.decode()
        return [n for n in ("784/TB-LMHTXVN", "105/NQ-CP", "13-NQ/TW") if n in page]

    assert numbers("q=784") == ["784/TB-LMHTXVN"]
    assert numbers("doc_type=NQ") == ["105/NQ-CP", "13-NQ/TW"]
    assert numbers("issuer=CP") == ["105/NQ-CP"]
    assert numbers("issued_from=2021-10-01&issued_to=2021-12-31") == ["784/TB-LMHTXVN"]


def test_registering_proposes_the_next_number_and_flags_an_odd_one(signed_in):
    make_document("784/TB-LMHTXVN")
    client = signed_in()
    page = client.get("/meetings/documents/new/?doc_type=TB&year=2021").content.decode()
    assert 'value="785/TB-LMHTXVN"' in page
    response = client.post(
        "/meetings/documents/new/", {"number": "Công văn không số", "year": 2021, "title": "X"}
    )
    assert response.status_code == 302
    assert "không nhận dạng được" in client.get(response["Location"]).content.decode()
    assert not Document.objects.get(title="X").number_parsed


def test_a_bad_file_is_refused_with_a_vietnamese_reason(signed_in, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    response = signed_in().post(
        "/meetings/documents/new/",
        {
            "number": "1/TB-LMHTXVN",
            "year": 2021,
            "title": "X",
            "file": SimpleUploadedFile("a.exe", b"MZ"),
        },
    )
    assert response.status_code == 200
    assert "Chỉ được đính kèm tệp PDF hoặc Office" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("url", ["/meetings/", "/meetings/documents/"])
def test_list_pages_query_count_is_constant(
    signed_in, user_factory, url, django_assert_num_queries
):
    client = signed_in(Role.LEADERSHIP)

    def add(count):
        for _ in range(count):
            make_conclusion(make_meeting(chaired_by=user_factory(Role.LEADERSHIP)))
            make_document()

    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(27)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_meeting_page_query_count_does_not_grow_with_conclusions(
    signed_in, django_assert_num_queries
):
    client = signed_in()
    meeting = make_meeting()
    unit = make_unit()

    def add(count):
        for _ in range(count):
            Task.objects.create(
                title="Đầu việc",
                lead_unit=unit,
                conclusion=make_conclusion(meeting),
                assigned_on=datetime.date(2021, 12, 2),
            )

    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    add(27)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(f"/meetings/{meeting.pk}/").status_code == 200


def test_staff_write_the_minutes_on_the_meeting_page(signed_in):
    meeting = make_meeting()
    client = signed_in()
    response = client.post(
        f"/meetings/{meeting.pk}/minutes/edit/", {"minutes": "Hội nghị thống nhất."}, follow=True
    )
    assert "Đã lưu biên bản." in response.content.decode()
    assert "Hội nghị thống nhất." in client.get(f"/meetings/{meeting.pk}/minutes/").content.decode()


def test_staff_correct_a_meeting_on_its_page_and_bad_input_changes_nothing(signed_in):
    meeting = make_meeting(title="Giao ban", location="Hà Nội")
    client = signed_in()
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/edit/" in page
    form = client.get(f"/meetings/{meeting.pk}/edit/").content.decode()
    assert 'value="Giao ban"' in form
    assert 'value="2021-12-02T08:00"' in form

    fields = {"kind": "other", "title": "Giao ban", "format": "online", "location": "Hà Nội"}
    response = client.post(
        f"/meetings/{meeting.pk}/edit/",
        {**fields, "starts_at": "2021-12-02T08:00", "ends_at": "2021-12-01T17:00"},
    )
    assert response.status_code == 200
    assert "Hội nghị không thể kết thúc trước khi bắt đầu." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.ends_at is None

    response = client.post(
        f"/meetings/{meeting.pk}/edit/",
        {**fields, "title": "Giao ban tháng 12", "starts_at": "2021-12-03T14:00"},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã cập nhật hội nghị." in page
    assert "Giao ban tháng 12" in page
    assert "03/12/2021 14:00" in page


def test_leadership_may_not_correct_a_meeting(signed_in):
    meeting = make_meeting(title="Giao ban")
    client = signed_in(Role.LEADERSHIP)
    assert (
        f"/meetings/{meeting.pk}/edit/"
        not in client.get(f"/meetings/{meeting.pk}/").content.decode()
    )
    assert client.get(f"/meetings/{meeting.pk}/edit/").status_code == 403
    response = client.post(
        f"/meetings/{meeting.pk}/edit/",
        {"kind": "other", "title": "X", "format": "online", "starts_at": "2021-12-03T14:00"},
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Giao ban"


def test_staff_correct_a_document_on_its_page_and_bad_input_changes_nothing(signed_in):
    make_document("105/NQ-CP")
    document = make_document("784/TB-LMHTXVN")
    client = signed_in()
    assert f"/meetings/documents/{document.pk}/edit/" in (
        client.get(f"/meetings/documents/{document.pk}/").content.decode()
    )
    form = client.get(f"/meetings/documents/{document.pk}/edit/").content.decode()
    assert 'value="784/TB-LMHTXVN"' in form

    fields = {"number": "784/TB-LMHTXVN", "year": "2021", "title": "Thông báo kết luận"}
    response = client.post(f"/meetings/documents/{document.pk}/edit/", {**fields, "cites": "9/XX"})
    assert response.status_code == 200
    assert "9/XX" in response.content.decode()
    document.refresh_from_db()
    assert not document.cites.exists()

    response = client.post(
        f"/meetings/documents/{document.pk}/edit/", {**fields, "cites": "105/NQ-CP"}, follow=True
    )
    page = response.content.decode()
    assert "Đã cập nhật văn bản." in page
    assert "Thông báo kết luận" in page
    assert [d.number for d in document.cites.all()] == ["105/NQ-CP"]


def test_leadership_may_not_correct_a_document(signed_in):
    document = make_document("784/TB-LMHTXVN")
    client = signed_in(Role.LEADERSHIP)
    assert client.get(f"/meetings/documents/{document.pk}/edit/").status_code == 403
    response = client.post(
        f"/meetings/documents/{document.pk}/edit/",
        {"number": "1/TB-LMHTXVN", "year": "2021", "title": "X"},
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.number == "784/TB-LMHTXVN"


def test_meeting_and_document_titles_are_named_as_such(signed_in):
    client = signed_in()
    meeting_form = client.get("/meetings/new/").content.decode()
    assert '<label class="form-label" for="id_title">Tiêu đề</label>' in meeting_form
    document_form = client.get("/meetings/documents/new/").content.decode()
    assert '<label class="form-label" for="id_title">Trích yếu</label>' in document_form
    assert '<label class="form-label" for="id_summary">Tóm tắt</label>' in document_form


def test_a_meeting_chaired_by_a_since_inactive_leader_can_still_be_corrected(
    signed_in, user_factory
):
    chair = user_factory(Role.LEADERSHIP, is_active=False)
    meeting = make_meeting(title="Giao ban", chaired_by=chair)
    client = signed_in()
    response = client.post(
        f"/meetings/{meeting.pk}/edit/",
        {
            "kind": "other",
            "title": "Giao ban tháng 12",
            "format": "online",
            "starts_at": "2021-12-03T14:00",
            "chaired_by": chair.pk,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.chaired_by) == ("Giao ban tháng 12", chair)
