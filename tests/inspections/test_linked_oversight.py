"""Linked oversight: an inspection's or a complaint's subject links to the register or to an
organisation record; the cooperative's page shows its oversight history to those allowed; open
recommendations are reminded daily like tasks."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.choices import Role
from inspections import services
from inspections.choices import RecommendationStatus, SubjectKind
from inspections.models import Inspection, Organisation
from tests.factories.cooperatives import make_cooperative
from tests.factories.inspections import make_complaint, make_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def phuc_tho(provinces):
    return make_cooperative("01", name="HTX Phúc Thọ", registration_code="0101234567")


def test_an_inspection_links_to_the_register_and_is_named_by_it(phuc_tho):
    inspection = make_inspection(
        subject_kind=SubjectKind.COOPERATIVE, subject_name="", cooperative=phuc_tho
    )
    assert inspection.subject_display == "HTX Phúc Thọ"
    school = Organisation.objects.create(
        name="Trường Cao đẳng nghề Kỹ thuật – Mỹ nghệ Việt Nam", kind=SubjectKind.SCHOOL
    )
    with pytest.raises(ValidationError) as refused:
        make_inspection(subject_kind=SubjectKind.COOPERATIVE, organisation=school)
    assert "Chỉ doanh nghiệp, trường học hoặc tổ chức khác" in str(refused.value)
    assert Inspection.objects.count() == 1


def test_the_form_takes_the_registration_code_and_refuses_an_unknown_one(
    phuc_tho, user_factory, client
):
    client.force_login(user_factory(Role.INSPECTOR))
    form = {
        "title": "Kiểm tra HTX Phúc Thọ",
        "kind": "inspection",
        "subject_kind": "cooperative",
        "start_date": "2021-12-06",
        "status": "planned",
    }
    response = client.post("/inspections/new/", {**form, "cooperative": "0109999999"})
    assert response.status_code in (200, 400)
    assert "Không có HTX nào trong sổ đăng ký có mã số đăng ký này." in response.content.decode()
    assert not Inspection.objects.exists()
    response = client.post("/inspections/new/", {**form, "cooperative": "0101234567"})
    assert response.status_code == 302
    assert Inspection.objects.get().cooperative == phuc_tho


def test_the_cooperatives_page_shows_its_oversight_to_those_allowed(
    phuc_tho, user_factory, client, clock
):
    clock(datetime.date(2022, 5, 10))
    inspection = make_inspection(
        subject_kind=SubjectKind.COOPERATIVE, subject_name="", cooperative=phuc_tho
    )
    services.recommendation_create(
        inspection=inspection,
        text="Sửa đổi Điều lệ HTX.",
        responsible_party="HTX Phúc Thọ",
        deadline=datetime.date(2022, 3, 31),
        status=RecommendationStatus.IN_PROGRESS,
        follow_up="Đã có dự thảo Điều lệ.",
    )
    make_complaint(complainant_name="HTX Phúc Thọ", cooperative=phuc_tho, subject="Đơn về đất")
    url = f"/cooperatives/register/{phuc_tho.pk}/"

    client.force_login(user_factory(Role.INSPECTOR))
    page = client.get(url).content.decode()
    assert 'data-testid="oversight"' in page
    assert "Sửa đổi Điều lệ HTX." in page
    assert "Đã có dự thảo Điều lệ." in page
    assert "Quá hạn" in page
    assert "Đơn về đất" in page
    assert "0912 345 678" not in page  # contact details stay on the case's own page

    # A provincial officer keeps the register but does not see the committee's casework.
    client.force_login(user_factory(Role.PROVINCIAL_OFFICER, province="01"))
    page = client.get(url).content.decode()
    assert "HTX Phúc Thọ" in page
    assert 'data-testid="oversight"' not in page
    assert "Đơn về đất" not in page


def test_open_recommendations_are_reminded_to_the_team_like_tasks(phuc_tho, user_factory):
    lead = user_factory(Role.INSPECTOR, email="truong.doan@example.vn")
    member = user_factory(Role.INSPECTOR, email="thanh.vien@example.vn")
    inspection = make_inspection(lead=lead, members=[member])
    today = datetime.date(2022, 4, 4)
    for text, deadline, status in [
        ("Quá hạn rồi", datetime.date(2022, 3, 31), RecommendationStatus.PENDING),
        ("Sắp đến hạn", datetime.date(2022, 4, 6), RecommendationStatus.IN_PROGRESS),
        ("Còn xa", datetime.date(2022, 6, 30), RecommendationStatus.PENDING),
        ("Đã xong", datetime.date(2022, 3, 1), RecommendationStatus.CANCELLED),
    ]:
        services.recommendation_create(
            inspection=inspection,
            text=text,
            responsible_party="HTX",
            deadline=deadline,
            status=status,
        )
    assert services.recommendation_reminders_send(today=today) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "thanh.vien@example.vn",
        "truong.doan@example.vn",
    ]
    message = mail.outbox[0]
    assert message.subject == "Kiến nghị sau kiểm tra: 1 quá hạn, 1 đến hạn trong 3 ngày"
    assert "Quá hạn rồi" in message.body
    assert "Sắp đến hạn" in message.body
    assert "Còn xa" not in message.body
    assert "Đã xong" not in message.body
