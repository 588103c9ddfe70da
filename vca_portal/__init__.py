"""VCA Portal: the working system of the Vietnam Cooperative Alliance."""

from .celery import app as celery_app

__all__ = ["celery_app"]
