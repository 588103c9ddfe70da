"""The browser pages of monthly reporting: the officer's year grid and entry form, the
submission with its history, the staff's review, completeness matrix and reminders."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from cooperatives.choices import SubmissionAction, SubmissionStatus
from cooperatives.models import MonthlySubmission, Province, SubmissionEvent
from cooperatives.services.submissions import submission_create, submission_update
from tests.factories.cooperatives import make_submission, province

pytestmark = pytest.mark.django_db

FIGURES = {
    "established_agricultural": "3",
    "established_non_agricultural": "1",
    "dissolved_agricultural": "1",
    "dissolved_non_agricultural": "0",
    "active_total": "103",
    "explanation": "",
}


@pytest.fixture
def officer(user_factory):
    """The officer of today's Lào Cai (15), which took in Yên Bái (15) and Lào Cai (10)."""
    return user_factory(Role.PROVINCIAL_OFFICER, province="15")


@pytest.fixture
def other_officer(user_factory):
    return user_factory(Role.PROVINCIAL_OFFICER, province="79")


@pytest.fixture
def staff(user_factory):
    return user_factory(Role.STAFF)


@pytest.fixture
def leader(user_factory):
    return user_factory(Role.LEADERSHIP)


@pytest.fixture
def inspector(user_factory):
    return user_factory(Role.INSPECTOR)


def signed_in(client, user):
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


# Access --------------------------------------------------------------------------------------

PAGES = [
    ("cooperatives:submission-index", {}),
    ("cooperatives:completeness", {}),
    ("cooperatives:reminders", {}),
    ("cooperatives:upload", {}),
    ("cooperatives:template", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_anonymous_is_sent_to_sign_in(client, provinces, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_is_sent_to_sign_in_from_a_submission(client, provinces):
    submission = make_submission("15", 2021, 11)
    for name in ("submission-detail", "submission-edit"):
        response = client.get(reverse(f"cooperatives:{name}", args=[submission.pk]))
        assert response.status_code == 302
    for name in ("submission-submit", "submission-approve", "submission-return"):
        response = client.post(reverse(f"cooperatives:{name}", args=[submission.pk]))
        assert response.status_code == 302
    assert MonthlySubmission.objects.get().status == SubmissionStatus.DRAFT


@pytest.mark.parametrize(
    ("role", "name", "expected"),
    [
        (Role.INSPECTOR, "cooperatives:submission-index", 403),
        (Role.INSPECTOR, "cooperatives:completeness", 403),
        (Role.INSPECTOR, "cooperatives:reminders", 403),
        (Role.INSPECTOR, "cooperatives:upload", 403),
        (Role.STAFF, "cooperatives:submission-index", 403),
        (Role.STAFF, "cooperatives:upload", 403),
        (Role.LEADERSHIP, "cooperatives:reminders", 403),
        (Role.LEADERSHIP, "cooperatives:submission-index", 403),
        (Role.PROVINCIAL_OFFICER, "cooperatives:completeness", 403),
        (Role.PROVINCIAL_OFFICER, "cooperatives:reminders", 403),
        (Role.LEADERSHIP, "cooperatives:completeness", 200),
        (Role.STAFF, "cooperatives:completeness", 200),
        (Role.STAFF, "cooperatives:reminders", 200),
        (Role.PROVINCIAL_OFFICER, "cooperatives:submission-index", 200),
    ],
)
def test_each_page_needs_its_capability(client, user_factory, role, name, expected):
    user = user_factory(role, province="15" if role == Role.PROVINCIAL_OFFICER else None)
    assert signed_in(client, user).get(reverse(name)).status_code == expected


def test_an_officer_cannot_reach_another_provinces_submission(client, officer, other_officer):
    theirs = make_submission("79", 2026, 10, status=SubmissionStatus.SUBMITTED, active_total=555)
    signed_in(client, officer)
    assert (
        client.get(reverse("cooperatives:submission-detail", args=[theirs.pk])).status_code == 404
    )
    assert client.get(reverse("cooperatives:submission-edit", args=[theirs.pk])).status_code == 404
    edit = client.post(
        reverse("cooperatives:submission-edit", args=[theirs.pk]),
        {**FIGURES, "version": 1, "action": "save"},
    )
    assert edit.status_code == 404
    submit = client.post(reverse("cooperatives:submission-submit", args=[theirs.pk]))
    assert submit.status_code == 404
    for name in ("submission-approve", "submission-return", "submission-reopen"):
        response = client.post(reverse(f"cooperatives:{name}", args=[theirs.pk]), {"reason": "x"})
        assert response.status_code == 403
    ho_chi_minh = province("79", 2026, 10)
    create = reverse("cooperatives:submission-create", args=[ho_chi_minh.pk, 2026, 11])
    assert client.get(create).status_code == 404
    assert client.post(create, {**FIGURES, "action": "save"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.active_total, theirs.version, theirs.status) == (555, 1, "submitted")
    assert MonthlySubmission.objects.count() == 1
    # Their province appears nowhere on the officer's year grid.
    grid = text(client.get(reverse("cooperatives:submission-index") + "?year=2026"))
    assert "Hồ Chí Minh" not in grid
    assert f"/submissions/{theirs.pk}/" not in grid


def test_leadership_sees_the_matrix_read_only(client, leader, provinces):
    submitted = make_submission("15", 2026, 10, status=SubmissionStatus.SUBMITTED)
    draft = make_submission("01", 2026, 10)
    page = text(signed_in(client, leader).get(reverse("cooperatives:completeness")))
    assert reverse("cooperatives:submission-detail", args=[submitted.pk]) in page
    assert reverse("cooperatives:submission-detail", args=[draft.pk]) not in page
    detail = text(client.get(reverse("cooperatives:submission-detail", args=[submitted.pk])))
    assert "Duyệt" not in detail
    assert "Trả lại</button>" not in detail
    assert client.get(reverse("cooperatives:submission-detail", args=[draft.pk])).status_code == 404
    response = client.post(reverse("cooperatives:submission-approve", args=[submitted.pk]))
    assert response.status_code == 403


# The officer's year --------------------------------------------------------------------------


def test_the_year_grid_shows_each_months_status_and_lateness(any_day, client, officer):
    year, now = any_day.year, any_day.month
    lao_cai = province("15", year, now)
    ended = list(range(7 if year == 2025 else 1, now))  # today's Lào Cai began on 1/7/2025
    if len(ended) >= 2:
        make_submission(lao_cai, year, ended[-2], status=SubmissionStatus.APPROVED)
    if ended:
        make_submission(lao_cai, year, ended[-1], status=SubmissionStatus.SUBMITTED, is_late=True)
    page = text(signed_in(client, officer).get(reverse("cooperatives:submission-index")))
    grid = page[page.rindex('data-testid="province-15"') :]  # the current province's row
    grid = grid[: grid.index("</section>")]

    def cell(month):
        start = grid.index(f'data-month="{month}"')
        return grid[start : grid.index("</td>", start)]

    if len(ended) >= 2:
        assert 'data-status="approved"' in cell(ended[-2])
    if ended:
        assert 'data-status="submitted"' in cell(ended[-1])
        assert "data-late" in cell(ended[-1])
    for month in ended[:-2]:
        assert 'data-status="missing"' in cell(month)
        assert "data-late" in cell(month)
        assert "Quá hạn" in cell(month)  # one badge says it all for a month never sent
        assert cell(month).count('class="badge') == 1
    assert 'data-status="missing"' in cell(now)
    assert "data-late" not in cell(now)  # the month in progress is not due yet
    assert reverse("cooperatives:submission-create", args=[lao_cai.pk, year, now]) in grid
    for month in range(now + 1, 13):
        assert "data-status" not in cell(month)  # nothing is asked of a future month


def test_last_month_is_not_late_until_its_deadline_has_passed(clock, client, officer):
    clock(datetime.date(2025, 7, 5))  # June 2025 is due today, the former provinces' last month
    page = text(
        signed_in(client, officer).get(reverse("cooperatives:submission-index"), {"year": 2025})
    )
    former = page[page.index('data-testid="province-10"') :]
    june = former[former.index('data-month="6"') :]
    june = june[: june.index("</td>")]
    assert 'data-status="missing"' in june
    assert "data-late" not in june
    clock(datetime.date(2025, 7, 6))  # a day later the idle session has ended: sign in again
    page = text(
        signed_in(client, officer).get(reverse("cooperatives:submission-index"), {"year": 2025})
    )
    former = page[page.index('data-testid="province-10"') :]
    june = former[former.index('data-month="6"') :]
    assert "data-late" in june[: june.index("</td>")]


def test_months_before_the_merger_belong_to_the_former_provinces(client, officer):
    page = text(
        signed_in(client, officer).get(reverse("cooperatives:submission-index"), {"year": 2025})
    )
    current = page[page.index('data-testid="province-15"') :]
    current = current[current.index("<tbody>") : current.index("</tbody>")]
    assert current.count("data-status=") == 6  # July to December
    former = page[page.index('data-testid="province-10"') :]
    former = former[former.index("<tbody>") : former.index("</tbody>")]
    assert former.count("data-status=") == 6  # January to June


def test_before_the_merger_the_grid_has_the_former_provinces(client, officer):
    page = text(
        signed_in(client, officer).get(reverse("cooperatives:submission-index"), {"year": 2021})
    )
    assert "Yên Bái" in page
    assert 'data-testid="province-10"' in page
    assert 'data-testid="province-01"' not in page


# The entry form ------------------------------------------------------------------------------


def create_url(code="15", year=2026, month=11):
    return reverse(
        "cooperatives:submission-create", args=[province(code, year, month).pk, year, month]
    )


def test_the_form_shows_last_months_active_for_the_live_check(client, officer):
    make_submission(province("15", 2026, 10), 2026, 10, active_total=1200)
    page = text(signed_in(client, officer).get(create_url()))
    assert 'data-previous-active="1200"' in page
    assert "js/cooperatives.js" in page
    assert "<script>" not in page


def test_bad_input_shows_vietnamese_errors_and_saves_nothing(client, officer):
    response = signed_in(client, officer).post(
        create_url(),
        {**FIGURES, "established_agricultural": "-2", "active_total": "nhiều", "action": "save"},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Thành lập mới, nông nghiệp phải là số nguyên từ 0 đến 100.000." in page
    assert "Nhập số nguyên từ 0 trở lên." in page
    assert MonthlySubmission.objects.count() == 0


def test_a_nil_report_with_movements_is_refused_by_the_service(client, officer):
    response = signed_in(client, officer).post(
        create_url(), {**FIGURES, "nil_report": "on", "action": "save"}
    )
    assert response.status_code == 400
    assert "Không phát sinh" in text(response) or "nil" in text(response).lower()
    assert MonthlySubmission.objects.count() == 0


def test_a_draft_is_saved_then_edited_and_the_history_shows_who_and_what(client, officer):
    signed_in(client, officer)
    response = client.post(create_url(), {**FIGURES, "action": "save"})
    submission = MonthlySubmission.objects.get()
    assert response["Location"] == reverse("cooperatives:submission-detail", args=[submission.pk])
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.active_total == 103
    edit = reverse("cooperatives:submission-edit", args=[submission.pk])
    client.post(edit, {**FIGURES, "active_total": "104", "version": 1, "action": "save"})
    submission.refresh_from_db()
    assert (submission.active_total, submission.version) == (104, 2)
    page = text(client.get(reverse("cooperatives:submission-detail", args=[submission.pk])))
    history = page[page.index('data-testid="history"') :]
    assert officer.username in history
    assert "103 → 104" in history
    assert 'data-status="draft"' in page


def test_a_mismatch_cannot_be_submitted_without_explanation(client, officer):
    make_submission(province("15", 2026, 10), 2026, 10, active_total=100)
    signed_in(client, officer)
    response = client.post(create_url(), {**FIGURES, "active_total": "110", "action": "submit"})
    assert response.status_code == 400
    assert "103" in text(response)  # the expected figure: 100 + 4 − 1
    assert MonthlySubmission.objects.count() == 1  # nothing saved, not even a draft
    explained = {**FIGURES, "active_total": "110", "explanation": "7 HTX chuyển đến từ tỉnh khác"}
    response = client.post(create_url(), {**explained, "action": "submit"})
    assert response.status_code == 302
    saved = MonthlySubmission.objects.get(month=11)
    assert saved.status == SubmissionStatus.SUBMITTED
    assert saved.submitted_by == officer


def test_two_tabs_editing_the_same_submission_the_second_save_is_refused(client, officer):
    submission = make_submission(province("15", 2026, 10), 2026, 10, active_total=100)
    signed_in(client, officer)
    edit = reverse("cooperatives:submission-edit", args=[submission.pk])
    first_tab = text(client.get(edit))
    second_tab = text(client.get(edit))
    assert 'name="version" value="1"' in first_tab
    assert 'name="version" value="1"' in second_tab
    client.post(edit, {**FIGURES, "active_total": "101", "version": 1, "action": "save"})
    response = client.post(edit, {**FIGURES, "active_total": "999", "version": 1, "action": "save"})
    assert response.status_code == 409
    assert "phiên bản" in text(response).lower()
    submission.refresh_from_db()
    assert (submission.active_total, submission.version) == (101, 2)


def test_an_approved_month_cannot_be_edited(client, officer):
    submission = make_submission("15", 2026, 10, status=SubmissionStatus.APPROVED)
    signed_in(client, officer)
    edit = reverse("cooperatives:submission-edit", args=[submission.pk])
    assert client.get(edit).status_code == 302
    response = client.post(edit, {**FIGURES, "version": 1, "action": "save"})
    assert response.status_code == 409
    submission.refresh_from_db()
    assert submission.active_total == 100


# Review --------------------------------------------------------------------------------------


def test_staff_approve_return_and_reopen_with_reasons(client, staff, provinces):
    submission = make_submission("15", 2026, 10, status=SubmissionStatus.SUBMITTED)
    signed_in(client, staff)
    detail = reverse("cooperatives:submission-detail", args=[submission.pk])
    page = text(client.get(detail))
    assert "Duyệt" in page
    assert "Trả lại" in page
    # Returning needs a reason.
    client.post(reverse("cooperatives:submission-return", args=[submission.pk]), {"reason": " "})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    client.post(reverse("cooperatives:submission-approve", args=[submission.pk]), {"version": 1})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.reviewed_by == staff
    # Approving again is an illegal transition: refused with a message, nothing changes.
    response = client.post(
        reverse("cooperatives:submission-approve", args=[submission.pk]), follow=True
    )
    assert "Chỉ" in text(response)
    client.post(
        reverse("cooperatives:submission-reopen", args=[submission.pk]),
        {"reason": "Sai số HTX nông nghiệp", "version": 2},
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    page = text(client.get(detail))
    assert "Sai số HTX nông nghiệp" in page
    actions = list(SubmissionEvent.objects.values_list("action", flat=True).order_by("version"))
    assert actions == [SubmissionAction.APPROVED, SubmissionAction.REOPENED]


def test_a_stale_approval_is_refused(client, staff, provinces):
    submission = make_submission("15", 2026, 10, status=SubmissionStatus.SUBMITTED, version=3)
    signed_in(client, staff)
    client.post(reverse("cooperatives:submission-approve", args=[submission.pk]), {"version": 2})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_the_matrix_shows_old_and_new_geography_as_each_month_requires(client, staff, provinces):
    make_submission("02", 2025, 3, status=SubmissionStatus.APPROVED)  # Hà Giang, before merger
    page = text(signed_in(client, staff).get(reverse("cooperatives:completeness"), {"year": 2025}))
    ha_giang = page[page.index('data-province="02"') :]
    ha_giang = ha_giang[: ha_giang.index("</tr>")]
    assert 'data-status="approved"' in ha_giang
    assert ha_giang.count("data-status=") == 6  # January to June only
    page_2021 = text(client.get(reverse("cooperatives:completeness"), {"year": 2021}))
    assert page_2021.count("<tr data-province=") == 63


def test_reminders_list_the_provinces_that_have_not_reported(client, staff, provinces):
    make_submission("15", 2026, 10, status=SubmissionStatus.SUBMITTED)
    make_submission("01", 2026, 10, status=SubmissionStatus.RETURNED)
    page = text(
        signed_in(client, staff).get(reverse("cooperatives:reminders"), {"year": 2026, "month": 10})
    )
    assert 'data-province="15"' not in page
    assert 'data-province="01"' in page
    assert 'data-status="returned"' in page
    assert page.count("<tr data-province=") == 33


# Query counts --------------------------------------------------------------------------------


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def _fill(count: int, year: int = 2021):
    """Submitted months of the first provinces of that year, up to ``count`` in all."""
    made = MonthlySubmission.objects.filter(year=year).count()
    codes = Province.objects.valid_on(datetime.date(year, 1, 31)).order_by("code")
    for code in codes.values_list("code", flat=True):
        for month in range(1, 13):
            if made >= count:
                return
            if not MonthlySubmission.objects.filter(
                province__code=code, year=year, month=month
            ).exists():
                make_submission(code, year, month, status=SubmissionStatus.SUBMITTED)
                made += 1


@pytest.mark.parametrize("name", ["completeness", "reminders"])
def test_staff_pages_use_the_same_number_of_queries_for_3_and_30_rows(
    client, staff, django_assert_num_queries, name
):
    signed_in(client, staff)
    url = reverse(f"cooperatives:{name}")
    params = {"year": 2021} if name == "completeness" else {"year": 2021, "month": 1}
    _fill(3)
    expected = _queries(client, url, params)
    _fill(30)
    assert MonthlySubmission.objects.count() == 30
    with django_assert_num_queries(expected):
        client.get(url, params)


def test_the_year_grid_uses_the_same_number_of_queries_for_3_and_30_rows(
    client, other_officer, django_assert_num_queries
):
    """Today's Hồ Chí Minh City answers for three former provinces: 36 months in 2021."""
    signed_in(client, other_officer)
    url = reverse("cooperatives:submission-index")
    months = [(code, month) for code in ("74", "77", "79") for month in range(1, 13)]
    for code, month in months[:3]:
        make_submission(code, 2021, month)
    expected = _queries(client, url, {"year": 2021})
    for code, month in months[3:30]:
        make_submission(code, 2021, month, status=SubmissionStatus.APPROVED)
    with django_assert_num_queries(expected):
        response = client.get(url, {"year": 2021})
    assert text(response).count('data-status="approved"') == 27


def test_a_submissions_history_uses_the_same_number_of_queries_for_3_and_30_events(
    client, officer, django_assert_num_queries
):
    signed_in(client, officer)
    submission = submission_create(
        actor=officer, province=province("15", 2026, 10), year=2026, month=10, active_total=1
    )
    for total in (2, 3):
        submission = submission_update(
            actor=officer, submission=submission, version=submission.version, active_total=total
        )
    url = reverse("cooperatives:submission-detail", args=[submission.pk])
    expected = _queries(client, url)
    for total in range(4, 31):
        submission = submission_update(
            actor=officer, submission=submission, version=submission.version, active_total=total
        )
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert text(response).count("→ 30") == 1


def test_staff_see_what_waits_for_review(client, staff, leader, provinces):
    waiting = make_submission("15", 2026, 10, status=SubmissionStatus.SUBMITTED, is_late=True)
    approved = make_submission("01", 2026, 10, status=SubmissionStatus.APPROVED)
    page = text(signed_in(client, staff).get(reverse("cooperatives:completeness")))
    awaiting = page[page.index('data-testid="awaiting"') :]
    awaiting = awaiting[: awaiting.index("</table>")]
    assert reverse("cooperatives:submission-detail", args=[waiting.pk]) in awaiting
    assert reverse("cooperatives:submission-detail", args=[approved.pk]) not in awaiting
    assert "Chờ duyệt" not in text(
        signed_in(client, leader).get(reverse("cooperatives:completeness"))
    )


def test_the_form_of_a_returned_month_shows_why_and_odd_periods_are_not_found(client, officer):
    returned = make_submission(
        "15", 2026, 10, status=SubmissionStatus.RETURNED, return_reason="Thiếu số HTX giải thể"
    )
    signed_in(client, officer)
    page = text(client.get(reverse("cooperatives:submission-edit", args=[returned.pk])))
    assert "Thiếu số HTX giải thể" in page
    lao_cai = province("15", 2026, 10).pk
    for year, month in ((99999, 1), (2026, 13), (2021, 5)):  # 2021: today's Lào Cai did not exist
        url = reverse("cooperatives:submission-create", args=[lao_cai, year, month])
        assert client.get(url).status_code == 404


def test_an_api_client_opens_only_approved_months_from_the_matrix(client, user_factory, provinces):
    submitted = make_submission("15", 2026, 10, status=SubmissionStatus.SUBMITTED)
    approved = make_submission("01", 2026, 10, status=SubmissionStatus.APPROVED)
    page = text(
        signed_in(client, user_factory(Role.API_CLIENT)).get(reverse("cooperatives:completeness"))
    )
    assert reverse("cooperatives:submission-detail", args=[approved.pk]) in page
    assert reverse("cooperatives:submission-detail", args=[submitted.pk]) not in page


def test_messages_and_history_write_figures_and_yes_or_no_the_readers_way(client, officer):
    make_submission(province("15", 2026, 10), 2026, 10, active_total=1107, status="approved")
    signed_in(client, officer)
    big = {**FIGURES, "established_agricultural": "2000", "active_total": "1117"}
    response = client.post(create_url(), {**big, "action": "submit"})
    assert response.status_code == 400
    # 1.107 + 2.001 − 1 = 3.107, written as the reader writes numbers.
    assert "(1.107)" in text(response)
    assert "= 3.107" in text(response)
    assert "1.117" in text(response)
    client.post(create_url(), {**FIGURES, "action": "save"})
    submission = MonthlySubmission.objects.get(month=11)
    edit = reverse("cooperatives:submission-edit", args=[submission.pk])
    nil = {**FIGURES, **dict.fromkeys(list(FIGURES)[:4], "0"), "active_total": "1107"}
    client.post(edit, {**nil, "nil_report": "on", "version": 1, "action": "save"})
    page = text(client.get(reverse("cooperatives:submission-detail", args=[submission.pk])))
    history = page[page.index('data-testid="history"') :]
    assert "False" not in history
    assert "True" not in history
    assert "Không → Có" in history
    assert "103 → 1.107" in history


def test_the_form_collects_the_kinds_and_refuses_unions_beyond_the_total(client, officer):
    signed_in(client, officer)
    form = text(client.get(create_url()))
    assert 'name="active_unions"' in form
    assert 'name="active_groups"' in form  # 11/2026: cooperative groups are reported
    response = client.post(create_url(), {**FIGURES, "active_unions": "104", "action": "save"})
    assert response.status_code == 400
    assert "Số liên hiệp HTX (104) là một phần của số HTX đang hoạt động (103)" in text(response)
    assert MonthlySubmission.objects.count() == 0
    response = client.post(
        create_url(), {**FIGURES, "active_unions": "2", "active_groups": "7", "action": "save"}
    )
    assert response.status_code == 302
    saved = MonthlySubmission.objects.get()
    assert (saved.active_unions, saved.active_groups) == (2, 7)
    page = text(client.get(reverse("cooperatives:submission-detail", args=[saved.pk])))
    assert 'data-testid="active-groups">7<' in page


def test_before_july_2024_the_form_does_not_ask_for_cooperative_groups(client, officer):
    form = text(signed_in(client, officer).get(create_url("15", 2024, 6)))
    assert 'name="active_unions"' in form
    assert 'name="active_groups"' not in form
