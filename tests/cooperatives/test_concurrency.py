"""Races on real PostgreSQL: 20 requests at once, each in its own thread and connection."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.choices import Role
from cooperatives.models import MonthlySubmission
from tests.factories.accounts import make_user
from tests.factories.cooperatives import make_submission

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


def race(user, request) -> list[int]:
    """Run ``request(client)`` in 20 threads released together; their status codes."""
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    lock = threading.Lock()

    def run():
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait(timeout=30)
            status = request(client).status_code
            with lock:
                statuses.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(statuses)


def test_twenty_simultaneous_submits_one_succeeds_the_rest_conflict(provinces):
    officer = make_user(Role.PROVINCIAL_OFFICER, province="01")
    draft = make_submission("01", 2021, 11)
    statuses = race(
        officer,
        lambda client: client.post(
            f"/api/v1/submissions/{draft.pk}/submit/", {"version": 1}, format="json"
        ),
    )
    assert statuses == [200] + [409] * (THREADS - 1)
    draft.refresh_from_db()
    assert (draft.status, draft.version) == ("submitted", 2)
    assert list(draft.history.values_list("action", flat=True)) == ["submitted"]


def test_twenty_simultaneous_creates_make_one_row(provinces):
    officer = make_user(Role.PROVINCIAL_OFFICER, province="15")
    body = {"province": "15", "year": 2026, "month": 3, "active_total": 500}
    statuses = race(
        officer, lambda client: client.post("/api/v1/submissions/", body, format="json")
    )
    assert statuses == [201] + [409] * (THREADS - 1)
    assert MonthlySubmission.objects.filter(year=2026, month=3).count() == 1


def test_twenty_simultaneous_edits_from_the_same_version_one_wins_the_rest_are_stale(provinces):
    officer = make_user(Role.PROVINCIAL_OFFICER, province="01")
    draft = make_submission("01", 2021, 11)
    counter = iter(range(1000, 2000))
    counter_lock = threading.Lock()

    def edit(client):
        with counter_lock:
            value = next(counter)
        return client.patch(
            f"/api/v1/submissions/{draft.pk}/",
            {"active_total": value},
            format="json",
            HTTP_IF_MATCH='"1"',
        )

    statuses = race(officer, edit)
    assert statuses == [200] + [412] * (THREADS - 1)
    draft.refresh_from_db()
    assert draft.version == 2
    edit_event = draft.history.get()
    assert edit_event.after["active_total"] == draft.active_total  # the winner's figure, intact
