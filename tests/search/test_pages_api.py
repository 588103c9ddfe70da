"""The search page, the search API and the lists' ``q`` filters: one engine, one access rule,
a clear answer to every query."""

import pytest

from accounts.choices import Role
from inspections.choices import ComplainantKind
from tests.factories.cooperatives import make_cooperative
from tests.factories.inspections import make_complaint
from tests.factories.meetings import make_document
from tests.factories.tasks import make_task

pytestmark = pytest.mark.django_db

PAGE = "/search/"
API = "/api/v1/search/"


@pytest.fixture
def content(provinces):
    return {
        "hanoi": make_cooperative("01", name="Hợp tác xã nông nghiệp Thành Công"),
        "saigon": make_cooperative("79", name="Hợp tác xã chăn nuôi Tân Phú"),
        "notice": make_document("784/TB-LMHTXVN", title="Thông báo kết luận của Thường trực"),
        "task": make_task(title="Thông báo kết quả kiểm tra cho các tỉnh"),
    }


def test_the_page_groups_highlights_and_links(content, user_factory, client):
    client.force_login(user_factory(Role.STAFF))
    response = client.get(PAGE, {"q": "thong bao ket luan"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-kind="document"' in html
    assert f'href="/meetings/documents/{content["notice"].pk}/"' in html
    assert "<mark>Thông</mark> <mark>báo</mark> <mark>kết</mark> <mark>luận</mark>" in html


def test_one_kind_is_paged(content, user_factory, client):
    for number in range(25):
        make_cooperative("01", name=f"HTX Rau sạch số {number}")
    client.force_login(user_factory(Role.STAFF))
    first = client.get(PAGE, {"q": "rau sach", "kind": "cooperative"}).content.decode()
    second = client.get(PAGE, {"q": "rau sach", "kind": "cooperative", "page": 2})
    assert first.count("HTX <mark>Rau</mark> <mark>sạch</mark> số") == 20
    assert second.content.decode().count("HTX <mark>Rau</mark> <mark>sạch</mark> số") == 5
    assert "Trang 1/2" in first or "1/2" in first


def test_the_count_stops_at_its_cap_and_says_so(provinces, user_factory, client, api_client):
    from search import engine

    for number in range(7):
        make_cooperative("01", name=f"HTX Rau sạch số {number}")
    user = user_factory(Role.STAFF)
    client.force_login(user)
    api_client.force_authenticate(user)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "CANDIDATES", 2)
        patch.setattr(engine, "WINDOW", 3)
        patch.setattr(engine, "COUNT_CAP", 5)
        html = client.get(PAGE, {"q": "rau sach"}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        body = api_client.get(API, {"q": "rau sach", "kind": "cooperative"}).json()
        assert "Hơn 5 kết quả" in html
        assert "Xem hơn 5 kết quả trong mục Hợp tác xã" in html
        assert body["capped"] is True
        assert body["groups"][0]["count"] == 5
        assert body["groups"][0]["capped"] is True
        patch.setattr(engine, "COUNT_CAP", 7)
        body = api_client.get(API, {"q": "rau sach", "kind": "cooperative"}).json()
        assert (body["capped"], body["groups"][0]["count"]) == (False, 7)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Hãy nhập từ cần tìm."),
        ("a", "Hãy nhập ít nhất 2 ký tự để tìm."),
        ("x" * 10_000, "Từ khóa quá dài: tối đa 200 ký tự."),
        ("'; --", "Từ khóa cần có ít nhất một chữ cái hoặc chữ số."),
    ],
)
def test_a_bad_query_gets_a_clear_answer(text, message, user_factory, client, api_client):
    user = user_factory(Role.STAFF)
    client.force_login(user)
    response = client.get(PAGE, {"q": text})
    assert response.status_code == 200
    assert message in response.content.decode()
    api_client.force_authenticate(user)
    response = api_client.get(API, {"q": text}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert response.json()["q"] == [message]


def test_injection_like_text_is_searched_as_text(content, user_factory, client, api_client):
    user = user_factory(Role.STAFF)
    client.force_login(user)
    for text in ["' OR '1'='1", "<script>alert(1)</script>", "1; DROP TABLE tasks_task"]:
        response = client.get(PAGE, {"q": text})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
    api_client.force_authenticate(user)
    assert api_client.get(API, {"q": "' OR '1'='1"}).status_code == 200
    assert api_client.get(API, {"q": "thong bao"}).json()["total"] == 2


def test_titles_are_escaped(provinces, user_factory, client):
    make_document(title="<img src=x onerror=alert(1)> Thông báo")
    client.force_login(user_factory(Role.STAFF))
    html = client.get(PAGE, {"q": "thong bao"}).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>Thông</mark> <mark>báo</mark>" in html
    assert "<img src=x" not in html


def test_the_page_needs_a_sign_in(client):
    response = client.get(PAGE, {"q": "ha noi"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_api_answers_groups_and_one_kind_a_page_at_a_time(content, user_factory, api_client):
    api_client.force_authenticate(user_factory(Role.STAFF))
    body = api_client.get(API, {"q": "784"}).json()
    groups = {group["kind"]: group for group in body["groups"]}
    assert groups["document"]["results"][0]["title"] == "Thông báo kết luận của Thường trực"
    assert groups["document"]["results"][0]["rank"] == 3
    assert groups["document"]["results"][0]["url"] == f"/meetings/documents/{content['notice'].pk}/"
    body = api_client.get(API, {"q": "hop tac xa", "kind": "cooperative"}).json()
    assert [group["kind"] for group in body["groups"]] == ["cooperative"]
    assert body["groups"][0]["count"] == 2
    assert api_client.get(API, {"q": "hop tac xa", "kind": "nothing"}).status_code == 400
    assert api_client.get(API).status_code == 400


def test_the_api_needs_authentication(api_client):
    assert api_client.get(API, {"q": "ha noi"}).status_code in (401, 403)


def test_the_schema_documents_the_search(user_factory, api_client):
    api_client.force_authenticate(user_factory(Role.STAFF))
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "kind", "page"}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_only_what_it_may_read(role, content, user_factory, api_client):
    make_complaint(
        complainant_kind=ComplainantKind.PERSON,
        complainant_name="Trần Thị Thông Báo",
        subject="Thông báo sai phạm",
    )
    user = user_factory(role, province="79" if role == Role.PROVINCIAL_OFFICER else None)
    api_client.force_authenticate(user)
    response = api_client.get(API, {"q": "thong bao"})
    assert response.status_code == 200
    kinds = {group["kind"]: group for group in response.json()["groups"]}
    expected = {
        Role.ADMINISTRATOR: {
            "cooperative",
            "document",
            "meeting",
            "task",
            "inspection",
            "complaint",
        },
        Role.STAFF: {"cooperative", "document", "meeting", "task", "inspection", "complaint"},
        Role.LEADERSHIP: {"cooperative", "document", "meeting", "task", "inspection", "complaint"},
        Role.INSPECTOR: {"cooperative", "document", "meeting", "task", "inspection", "complaint"},
        Role.PROVINCIAL_OFFICER: {"cooperative"},
        Role.API_CLIENT: {"cooperative"},
    }[role]
    assert set(kinds) == expected
    assert "Trần Thị" not in response.content.decode()


def test_a_provincial_officer_never_finds_another_provinces_register(
    content, user_factory, api_client, client
):
    officer = user_factory(Role.PROVINCIAL_OFFICER, province="79")
    api_client.force_authenticate(officer)
    body = api_client.get(API, {"q": "hop tac xa"}).json()
    titles = [hit["title"] for group in body["groups"] for hit in group["results"]]
    assert titles == ["Hợp tác xã chăn nuôi Tân Phú"]
    client.force_login(officer)
    html = client.get(PAGE, {"q": "thanh cong"}).content.decode()
    assert "Thành Công" not in html


@pytest.mark.parametrize(
    ("url", "text", "found"),
    [
        ("/api/v1/cooperatives/", "chan nuoi", "Hợp tác xã chăn nuôi Tân Phú"),
        ("/api/v1/documents/", "thong bao", "Thông báo kết luận của Thường trực"),
        ("/api/v1/tasks/", "kiem tra", "Thông báo kết quả kiểm tra cho các tỉnh"),
    ],
)
def test_each_lists_q_filter_uses_the_same_engine(
    url, text, found, content, user_factory, api_client
):
    api_client.force_authenticate(user_factory(Role.STAFF))
    body = api_client.get(url, {"q": text}).json()
    assert [row.get("name") or row.get("title") for row in body["results"]] == [found]
    response = api_client.get(url, {"q": "x"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert response.json()["q"] == ["Hãy nhập ít nhất 2 ký tự để tìm."]


def test_the_register_page_finds_without_accents_and_says_why_not(content, user_factory, client):
    client.force_login(user_factory(Role.STAFF))
    html = client.get("/cooperatives/register/", {"q": "chan nuoi"}).content.decode()
    assert "Hợp tác xã chăn nuôi Tân Phú" in html
    assert "Thành Công" not in html
    html = client.get("/cooperatives/register/", {"q": "x"}).content.decode()
    assert "Hãy nhập ít nhất 2 ký tự để tìm." in html


def test_the_number_of_queries_does_not_grow_with_the_hits(provinces, user_factory, api_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api_client.force_authenticate(user_factory(Role.STAFF))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api_client.get(API, {"q": "rau sach"}).status_code == 200
        return len(captured)

    make_cooperative("01", name="HTX Rau sạch số 0")
    make_document(title="Kế hoạch rau sạch số 0")
    make_task(title="Rau sạch số 0")
    queries()  # once per process: whether the server has pg_trgm
    few = queries()
    for number in range(1, 12):
        make_cooperative("01", name=f"HTX Rau sạch số {number}")
        make_document(title=f"Kế hoạch rau sạch số {number}")
        make_task(title=f"Rau sạch số {number}")
    assert queries() == few
