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
$PY -m pytest --create-db "$@"
