"""Organisation records (the alliance's enterprises and schools, other bodies): their pages and
their read endpoint, open to those who may see the committee's casework and to no one else."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from inspections import services
from inspections.choices import ComplainantKind, SubjectKind
from inspections.models import Organisation
from tests.factories.inspections import make_complaint, make_inspection

pytestmark = pytest.mark.django_db

LIST = reverse("inspections:organisation-list")
API = "/api/v1/organisations/"
READERS = {Role.ADMINISTRATOR, Role.STAFF, Role.LEADERSHIP, Role.INSPECTOR}


@pytest.fixture
def thang_loi(provinces):
    company = Organisation.objects.create(
        name="Công ty TNHH Thắng Lợi", kind=SubjectKind.ENTERPRISE
    )
    Organisation.objects.create(
        name="Trường Cao đẳng nghề Kỹ thuật – Mỹ nghệ Việt Nam", kind=SubjectKind.SCHOOL
    )
    inspection = make_inspection(
        title="Kiểm tra Công ty Thắng Lợi", subject_name="", organisation=company
    )
    services.recommendation_create(
        inspection=inspection,
        text="Hoàn thiện sổ sách kế toán",
        responsible_party="Công ty TNHH Thắng Lợi",
        deadline=datetime.date(2021, 12, 31),
    )
    make_complaint(
        subject="Đơn về hợp đồng lao động",
        complainant_kind=ComplainantKind.PERSON,
        complainant_name="Trần Thị Kín",
        organisation=company,
    )
    return company


@pytest.mark.parametrize("role", list(Role))
def test_only_those_who_see_the_committees_casework_see_organisations(
    role, thang_loi, user_factory, client, api_client
):
    user = user_factory(role, province="08" if role == Role.PROVINCIAL_OFFICER else None)
    client.force_login(user)
    api_client.force_authenticate(user)
    detail = reverse("inspections:organisation-detail", args=[thang_loi.pk])
    answers = [
        client.get(LIST).status_code,
        client.get(detail).status_code,
        api_client.get(API).status_code,
        api_client.get(f"{API}{thang_loi.pk}/").status_code,
    ]
    assert answers == ([200] * 4 if role in READERS else [403] * 4)
    if role not in READERS:
        assert "Thắng Lợi" not in client.get(LIST).content.decode()
        assert "Thắng Lợi" not in api_client.get(API).content.decode()


def test_an_organisations_page_shows_its_inspections_and_complaints(
    thang_loi, user_factory, client
):
    client.force_login(user_factory(Role.LEADERSHIP))
    listing = client.get(LIST).content.decode()
    assert "Công ty TNHH Thắng Lợi" in listing
    assert "Trường Cao đẳng nghề" in listing
    page = client.get(thang_loi.get_absolute_url()).content.decode()
    assert "Kiểm tra Công ty Thắng Lợi" in page
    assert "Hoàn thiện sổ sách kế toán" in page
    assert "Đơn về hợp đồng lao động" in page
    assert "Trần Thị Kín" not in page  # a person's name is for inspectors only
    school = Organisation.objects.get(kind=SubjectKind.SCHOOL)
    page = client.get(school.get_absolute_url()).content.decode()
    assert "Chưa có cuộc kiểm tra nào đối với tổ chức này." in page
    # The inspection's page links back to it.
    inspection = thang_loi.inspections.get()
    assert (
        thang_loi.get_absolute_url() in client.get(inspection.get_absolute_url()).content.decode()
    )


def test_organisations_are_found_by_name_on_the_page_and_in_the_api(
    thang_loi, user_factory, client, api_client
):
    inspector = user_factory(Role.INSPECTOR)
    client.force_login(inspector)
    page = client.get(LIST, {"name": "thắng lợi"}).content.decode()
    assert "Công ty TNHH Thắng Lợi" in page
    assert "Trường Cao đẳng" not in page
    api_client.force_authenticate(inspector)
    answer = api_client.get(API, {"name": "thắng lợi"}).json()
    assert [row["name"] for row in answer["results"]] == ["Công ty TNHH Thắng Lợi"]
    assert answer["results"][0]["kind"] == SubjectKind.ENTERPRISE
    assert (answer["results"][0]["inspection_count"], answer["results"][0]["complaint_count"]) == (
        1,
        1,
    )
    assert api_client.post(API, {"name": "Mới", "kind": "school"}).status_code == 403  # read only
    assert not Organisation.objects.filter(name="Mới").exists()


@pytest.mark.parametrize("url", [LIST, API])
def test_the_organisation_lists_cost_the_same_queries_for_3_and_30_rows(
    url, provinces, user_factory, client, django_assert_num_queries
):
    client.force_login(user_factory(Role.INSPECTOR))

    def add(count):
        for _n in range(count):
            organisation = Organisation.objects.create(
                name=f"Công ty {Organisation.objects.count()}", kind=SubjectKind.ENTERPRISE
            )
            make_inspection(subject_name="", organisation=organisation)

    add(3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(27)
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200
