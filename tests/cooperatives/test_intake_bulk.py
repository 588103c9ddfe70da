"""The Excel upload checks a whole file and then writes it in a few statements. It must give
exactly what saving the rows one by one through ``submission_save`` gives: the same rows,
versions, history and audit, the same messages for the same bad rows, nothing saved when one
row is bad, and the statistics refreshed."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import is_provincial_officer, officer_province_ids
from accounts.choices import Role
from cooperatives.choices import SubmissionStatus
from cooperatives.excel import SheetRow, row_error
from cooperatives.models import MonthlySubmission, SubmissionEvent
from cooperatives.services import submissions as svc
from cooperatives.services.intake import (
    IntakeRefused,
    IntakeResult,
    _messages,
    submissions_import,
)
from cooperatives.signals import submission_figures_changed
from tests.cooperatives.test_excel_intake import download, fill
from tests.factories.cooperatives import make_submission, province
from vca_portal.errors import ConflictError, StaleVersionError

pytestmark = pytest.mark.django_db

Audit = MonthlySubmission.pgh_event_model


@pytest.fixture
def officer(user_factory):
    """The officer of today's Lào Cai (15): Yên Bái (old 15) and the old Lào Cai (10) merged
    into it on 1 July 2025."""
    return user_factory(Role.PROVINCIAL_OFFICER, province="15")


def figures(active, established=0, dissolved=0, *, nil=False, explanation=""):
    return {
        "established_agricultural": established,
        "established_non_agricultural": 0,
        "dissolved_agricultural": dissolved,
        "dissolved_non_agricultural": 0,
        "active_total": active,
        "nil_report": nil,
        "explanation": explanation,
    }


def row(number, year, month, version=None, code="15", **values):
    return SheetRow(
        row=number,
        province_code=code,
        year=year,
        month=month,
        version=version,
        figures=figures(**values) if values else figures(100),
    )


def a_year(year=2024, code="15", start=500):
    """Twelve rows whose figures chain: each month's active count is the month before's plus
    the established less the dissolved."""
    rows, active = [], start
    for month in range(1, 13):
        established, dissolved = month % 3 + 1, month % 2
        active += established - dissolved
        rows.append(
            row(
                6 + month,
                year,
                month,
                code=code,
                active=active,
                established=established,
                dissolved=dissolved,
            )
        )
    return rows


# The reference: the rows saved one by one, as the upload did before it was made in bulk ------


@transaction.atomic
def import_row_by_row(*, actor, rows: list[SheetRow]) -> IntakeResult:
    errors, saved, unchanged, seen = [], [], 0, {}
    for sheet_row in rows:
        period = (sheet_row.year, sheet_row.month)
        if period in seen:
            message = _("%(month)02d/%(year)d is already on row %(other)d.") % {
                "month": sheet_row.month,
                "year": sheet_row.year,
                "other": seen[period],
            }
            errors.append(row_error(sheet_row.row, message))
            continue
        seen[period] = sheet_row.row
        try:
            with transaction.atomic():
                submission = _save_row(actor, sheet_row)
        except ValidationError as error:
            errors.extend(_messages(sheet_row, error))
            continue
        except (ConflictError, StaleVersionError, PermissionDenied) as error:
            errors.append(row_error(sheet_row.row, str(error)))
            continue
        if submission is None:
            unchanged += 1
        else:
            saved.append(submission)
    if errors:
        raise IntakeRefused(errors)
    return IntakeResult(saved=saved, unchanged=unchanged)


def _save_row(actor, sheet_row: SheetRow) -> MonthlySubmission | None:
    year, month = sheet_row.year, sheet_row.month
    province = svc.resolve_province(code=sheet_row.province_code, year=year, month=month)
    if is_provincial_officer(actor) and province.pk not in officer_province_ids(actor):
        raise PermissionDenied(_("You may only report for your own province."))
    existing = MonthlySubmission.objects.filter(province=province, year=year, month=month).first()
    if existing is not None:
        if existing.figures() == {**existing.figures(), **sheet_row.figures}:
            return None
        if sheet_row.version is None:
            raise StaleVersionError(
                _(
                    "%(month)02d/%(year)d was entered after this file was downloaded;"
                    " download the template again."
                )
                % {"month": month, "year": year}
            )
    return svc.submission_save(
        actor=actor,
        province=province,
        year=year,
        month=month,
        version=sheet_row.version if existing is not None else None,
        **sheet_row.figures,
    )


# Comparing the two --------------------------------------------------------------------------


def outcome(importer, actor, rows):
    """What a user would see of an upload: the answer, the rows, their history and audit, and
    the signals sent; then everything is rolled back for the other importer."""
    sent = []

    def receiver(sender, **kwargs):
        sent.append((kwargs["year"], kwargs["month"], kwargs["province_id"]))

    submission_figures_changed.connect(receiver)
    savepoint = transaction.savepoint()
    try:
        try:
            result = importer(actor=actor, rows=rows)
            answer = (
                "saved",
                [(s.province.name, s.year, s.month, s.version, s.status) for s in result.saved],
                result.unchanged,
            )
        except IntakeRefused as refused:
            answer = ("refused", refused.messages)
        state = snapshot()
    finally:
        transaction.savepoint_rollback(savepoint)
        submission_figures_changed.disconnect(receiver)
    return answer, state, sent


def snapshot() -> dict:
    return {
        "submissions": sorted(
            (
                s.province.name,
                s.year,
                s.month,
                s.version,
                s.status,
                s.created_by_id,
                s.updated_by_id,
                tuple(s.figures().items()),
            )
            for s in MonthlySubmission.objects.select_related("province")
        ),
        "history": sorted(
            (
                e.submission.province.name,
                e.submission.year,
                e.submission.month,
                e.action,
                e.version,
                e.status_before,
                e.status_after,
                repr(e.before),
                repr(e.after),
                e.actor_id,
                e.reason,
            )
            for e in SubmissionEvent.objects.select_related("submission__province")
        ),
        "audit": sorted(
            (
                a.pgh_label,
                a.province_id,
                a.year,
                a.month,
                a.version,
                a.status,
                a.active_total,
                a.explanation,
                a.updated_by_id,
            )
            for a in Audit.objects.all()
        ),
    }


def same_outcome(actor, rows):
    by_row = outcome(import_row_by_row, actor, rows)
    in_bulk = outcome(submissions_import, actor, rows)
    assert in_bulk == by_row
    return in_bulk


# The same results ---------------------------------------------------------------------------


def test_a_new_year_is_saved_as_drafts_with_history_and_audit(officer):
    (answer, state, sent) = same_outcome(officer, a_year(2024))
    assert answer[0] == "saved"
    assert [(name, month, version, status) for name, _y, month, version, status in answer[1]] == [
        ("Tỉnh Yên Bái", month, 1, SubmissionStatus.DRAFT) for month in range(1, 13)
    ]
    assert len(state["submissions"]) == 12
    assert [event[3] for event in state["history"]] == ["created"] * 12
    assert [entry[0] for entry in state["audit"]] == ["insert"] * 12
    assert sent == []  # drafts change no approved figure: no report goes out of date


def test_edits_unchanged_months_and_new_months_in_one_file(officer):
    yen_bai = province("15", 2024, 1)
    make_submission(
        yen_bai, 2024, 1, active_total=503, established_agricultural=2, dissolved_agricultural=1
    )
    make_submission(yen_bai, 2024, 2, active_total=1, version=3)
    make_submission(yen_bai, 2024, 3, active_total=2, status=SubmissionStatus.RETURNED)
    year = a_year(2024)
    year[1].version, year[2].version = 3, 1  # the versions of the downloaded template
    year[0] = row(7, 2024, 1, active=503, established=2, dissolved=1)  # as on file
    answer, state, _sent = same_outcome(officer, year)
    assert answer[2] == 1  # January unchanged
    saved = {month: (version, status) for _n, _y, month, version, status in answer[1]}
    assert saved[2] == (4, SubmissionStatus.DRAFT)
    assert saved[3] == (2, SubmissionStatus.RETURNED)
    assert saved[4] == (1, SubmissionStatus.DRAFT)
    actions = {(event[2], event[3]) for event in state["history"]}
    assert {(2, "edited"), (3, "edited"), (4, "created")} <= actions
    assert not any(event[2] == 1 for event in state["history"])  # nothing for January
    labels = sorted((entry[3], entry[0]) for entry in state["audit"])
    assert {(2, "update"), (3, "update"), (4, "insert")} <= set(labels)
    assert (1, "update") not in labels  # only the insert made before the upload


def test_every_bad_row_is_reported_in_order_and_nothing_is_saved(officer):
    yen_bai = province("15", 2024, 1)
    make_submission(yen_bai, 2024, 2, active_total=10, version=2)
    make_submission(yen_bai, 2024, 3, active_total=10, status=SubmissionStatus.APPROVED)
    make_submission(yen_bai, 2024, 4, active_total=10)
    rows = [
        row(7, 2024, 1, active=100),  # fine on its own
        row(8, 2024, 2, version=1, active=11),  # stale: version 2 is on file
        row(9, 2024, 3, version=1, active=11),  # approved: locked
        row(10, 2024, 4, active=11),  # entered after the download (no version)
        row(11, 2024, 5, active=100, established=2, nil=True),  # nil report with movements
        row(12, 2024, 5, active=100),  # the same month again
        row(13, 2027, 1, active=100),  # in the future
        row(14, 2024, 13, active=100),  # no such month
        row(15, 2025, 8, code="10", active=100),  # code 10 no longer exists in 08/2025
        row(16, 2024, 6, active=100),  # fine on its own
    ]
    answer, state, sent = same_outcome(officer, rows)
    assert answer[0] == "refused"
    messages = answer[1]
    numbers = [int(re.search(r"dòng (\d+)", message).group(1)) for message in messages]
    assert sorted(set(numbers)) == [8, 9, 10, 11, 12, 13, 14, 15]
    assert numbers == sorted(numbers)  # in the order of the rows
    assert any("dòng 8: Báo cáo này đã được người khác" in m for m in messages)
    assert any("dòng 11, cột J" in message for message in messages)
    assert any("dòng 13, cột B" in message for message in messages)
    # Nothing of the good rows was kept, nor any history or audit of them.
    assert [s[2] for s in state["submissions"]] == [2, 3, 4]
    assert state["history"] == []
    assert all(entry[0] == "insert" and entry[3] in (2, 3, 4) for entry in state["audit"])
    assert sent == []


def test_another_provinces_code_is_refused_row_by_row(officer):
    rows = [row(7, 2024, 1, code="79", active=100), row(8, 2024, 2, code="79", active=100)]
    answer, state, _sent = same_outcome(officer, rows)
    assert answer[0] == "refused"
    assert len(answer[1]) == 2
    assert all("tỉnh của mình" in message for message in answer[1])
    assert state["submissions"] == []


def test_a_year_across_the_merger_goes_to_the_province_of_each_month(officer):
    answer, state, _sent = same_outcome(officer, a_year(2025, code="15"))
    names = {month: name for name, _y, month, _v, _s in answer[1]}
    assert {names[m] for m in range(1, 7)} == {"Tỉnh Yên Bái"}
    assert {names[m] for m in range(7, 13)} == {"Tỉnh Lào Cai"}
    # The old Lào Cai's code is valid until June only, and is also this officer's.
    answer, _state, _sent = same_outcome(officer, a_year(2025, code="10"))
    assert answer[0] == "refused"
    assert len(answer[1]) == 6
    assert all("10" in message for message in answer[1])


def test_staff_may_not_upload_and_an_administrator_may(user_factory, provinces):
    staff = user_factory(Role.STAFF)
    answer, _state, _sent = same_outcome(staff, a_year(2024)[:2])
    assert answer[0] == "refused"  # staff review submissions; they do not enter them
    assert all("không có quyền" in message for message in answer[1])
    admin = user_factory(Role.ADMINISTRATOR)
    answer, _state, _sent = same_outcome(admin, a_year(2024)[:2])
    assert answer[0] == "saved"


# The stock-flow identity over the uploaded months -------------------------------------------


def test_submitting_an_uploaded_month_checks_it_against_the_uploaded_month_before(officer):
    rows = a_year(2024)
    rows[5] = row(12, 2024, 6, active=9999)  # June does not follow from May
    submissions_import(actor=officer, rows=rows)
    saved = {s.month: s for s in MonthlySubmission.objects.filter(year=2024)}
    for month in range(1, 6):
        svc.submission_submit(actor=officer, submission=saved[month])
    with pytest.raises(ValidationError) as refused:
        svc.submission_submit(actor=officer, submission=saved[6])
    may = saved[5].active_total
    assert f"({may})" in " ".join(refused.value.message_dict["explanation"])
    assert MonthlySubmission.objects.get(year=2024, month=6).status == SubmissionStatus.DRAFT


def test_july_2025_follows_the_predecessors_june_figures(officer):
    make_submission("10", 2025, 6, active_total=300)  # the old Lào Cai, on file
    rows = [
        row(7, 2025, 6, active=200),  # Yên Bái's June, in this file
        row(8, 2025, 7, active=503, established=3),  # the merged Lào Cai: 200 + 300 + 3
        row(9, 2025, 8, active=1),  # does not follow
    ]
    submissions_import(actor=officer, rows=rows)
    july = MonthlySubmission.objects.get(year=2025, month=7)
    assert july.province.name == "Tỉnh Lào Cai"
    svc.submission_submit(actor=officer, submission=july)
    august = MonthlySubmission.objects.get(year=2025, month=8)
    with pytest.raises(ValidationError) as refused:
        svc.submission_submit(actor=officer, submission=august)
    assert "(503)" in " ".join(refused.value.message_dict["explanation"])


# Through the browser: the audit's user, the statistics, the number of queries ----------------


def test_the_audit_of_an_upload_names_the_officer_and_its_request(client, officer):
    client.force_login(officer)
    data = fill(
        download(client, start="2026-09", end="2026-10"),
        {7: {"C": 1, "G": 100}, 8: {"C": 2, "G": 102}},
    )
    response = client.post(
        reverse("cooperatives:upload"),
        {"file": SimpleUploadedFile("bao-cao.xlsx", data)},
        HTTP_X_REQUEST_ID="upload-2026-10",
    )
    assert response.status_code == 302
    audit = list(Audit.objects.select_related("pgh_context").order_by("month"))
    assert [(a.pgh_label, a.month) for a in audit] == [("insert", 9), ("insert", 10)]
    for entry in audit:
        assert entry.pgh_context.metadata["user"] == officer.pk
        assert entry.pgh_context.metadata["request_id"] == "upload-2026-10"
    history = SubmissionEvent.objects.order_by("submission__month")
    assert [(e.action, e.actor_id, e.version) for e in history] == [
        ("created", officer.pk, 1),
        ("created", officer.pk, 1),
    ]


def test_the_statistics_show_an_upload_at_once_and_its_figures_once_approved(
    client, officer, user_factory, token_client
):
    reader = token_client(user_factory(Role.API_CLIENT))

    def lao_cai_in_october():
        response = reader.get("/api/v1/statistics/monthly/", {"year": 2026, "month": 10})
        assert response.status_code == 200
        (entry,) = [p for p in response.json()["provinces"] if p["code"] == "15"]
        return entry["status"], entry["active_total"]

    assert lao_cai_in_october() == ("missing", None)  # now cached
    client.force_login(officer)
    data = fill(download(client, start="2026-10", end="2026-10"), {7: {"G": 321}})
    assert (
        client.post(
            reverse("cooperatives:upload"), {"file": SimpleUploadedFile("b.xlsx", data)}
        ).status_code
        == 302
    )
    assert lao_cai_in_october() == ("draft", None)
    draft = MonthlySubmission.objects.get()
    submitted = svc.submission_submit(actor=officer, submission=draft)
    svc.submission_approve(actor=user_factory(Role.STAFF), submission=submitted)
    assert lao_cai_in_october() == ("approved", 321)


def test_an_upload_runs_as_many_queries_for_twelve_months_as_for_two(officer):
    def queries(rows):
        savepoint = transaction.savepoint()
        with CaptureQueriesContext(connection) as captured:
            submissions_import(actor=officer, rows=rows)
        transaction.savepoint_rollback(savepoint)
        return len(captured)

    assert queries(a_year(2024)) == queries(a_year(2024)[:2])


# A draft's month taken meanwhile -----------------------------------------------------------


def test_a_month_created_meanwhile_by_someone_else_is_a_conflict(officer):
    yen_bai = province("15", 2024, 1)
    now = timezone.now()
    drafts = [
        svc.new_draft(
            actor=officer, province=yen_bai, year=2024, month=month, figures=figures(100), at=now
        )
        for month in (1, 2)
    ]
    make_submission(yen_bai, 2024, 2)  # another request, after the rows were read
    with pytest.raises(svc.DraftsTaken) as taken:
        svc.submissions_write(actor=officer, changes=[(d, None) for d in drafts], at=now)
    assert list(taken.value.errors) == [1]
    assert "02/2024" in str(taken.value.errors[1])
    assert MonthlySubmission.objects.count() == 1
    assert not SubmissionEvent.objects.exists()
