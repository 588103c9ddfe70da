"""gunicorn's settings for the portal (read from the working directory by ``gunicorn``).

Sync workers, two per core plus one (gunicorn's own advice): a worker waiting on PostgreSQL or
Redis leaves its core to another. ``WEB_CONCURRENCY`` sets the number; ``PORT`` the port."""

import multiprocessing
import os

bind = f"{os.environ.get('WEB_BIND', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
accesslog = "-"
# A request that runs longer than this is stuck: the worker is replaced.
timeout = 60
