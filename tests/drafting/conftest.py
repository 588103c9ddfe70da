"""Fixtures of the official documents' tests: the seed's meeting of 2 December 2021 with its
register (576 → 758 → 784 → 842 in 2021), and rendering done in the test's own process."""

import datetime

import pytest

from accounts.choices import Role


@pytest.fixture
def seed_meeting(provinces, clock):
    """The monthly review of 2 December 2021 (its agenda, minutes and four conclusions turned
    into tasks) and the register's documents of the seed, on 3 December 2021."""
    from meetings import demo as meetings_demo
    from meetings.models import Meeting
    from tasks.demo import UNITS
    from tasks.models import Unit

    clock(datetime.date(2021, 12, 3))
    for code, name, kind, head, _total, _completed in UNITS:
        Unit.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "head_name": head}
        )
    documents = meetings_demo._load_documents()
    meetings_demo._load_meetings(documents)
    return Meeting.objects.get(title=meetings_demo.REVIEW_TITLE)


@pytest.fixture
def staff(user_factory):
    return user_factory(Role.STAFF)


@pytest.fixture
def rendered(django_capture_on_commit_callbacks, monkeypatch):
    """Render drafts in the test's process when their transaction commits (the Celery task's
    body, run eagerly): ``with rendered(): draft_create(...)``."""
    from vca_portal.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def november_2021(provinces):
    """The seed's November 2021 figures (``tests.factories.reports.make_november_2021``)."""
    from tests.factories.reports import make_november_2021

    make_november_2021()
