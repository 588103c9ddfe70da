import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_health_reports_database_cache_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_health_is_503_when_the_broker_is_unreachable(client, monkeypatch):
    from vca_portal.celery import app

    # Celery 5.7 resolves the read and write URLs from the broker URL; patch them first, so
    # that what is restored afterwards is the real broker's URL, not the closed port's.
    for name in ("broker_write_url", "broker_read_url", "broker_url"):
        monkeypatch.setattr(app.conf, name, "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"
    assert response.json()["checks"]["database"] == "ok"
