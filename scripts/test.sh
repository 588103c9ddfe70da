#!/usr/bin/env bash
# The whole check: lint, migrations, and the test suite on real PostgreSQL, Redis, a Celery
# worker and Chromium. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${VENV:-.venv}/bin/python
eval "$($PY scripts/services.py test)"
export DJANGO_SETTINGS_MODULE=vca_portal.settings.test
echo "== ruff"
$PY -m ruff check .
$PY -m ruff format --check .
echo "== bandit"
$PY -m bandit -ll -q -r accounts cooperatives tasks meetings inspections reports drafting vca_portal scripts \
  -x '*/migrations/*'
echo "== migrations"
$PY manage.py makemigrations --check --dry-run
echo "== browser"
# Debian's Chromium for the browser tests (never a downloaded browser build).
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
echo "== tests"
# One pytest-xdist worker per core (PYTEST_WORKERS to choose, 0 for none), each with its own
# test database, Redis database, media folder and browser. Tests go out in their collected
# order (pytest-django puts those that empty the database last), never stolen out of it.
WORKERS=${PYTEST_WORKERS:-$(nproc 2>/dev/null || echo 2)}
[ "$WORKERS" -gt 4 ] && WORKERS=4
$PY -m pytest --create-db -n "$WORKERS" --dist load "$@"
