# The portal's two commands are `make run` and `make test`; each sets itself up.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test serve lint format messages backup restore venv fuzz bench-data bench

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || "$$(scripts/find_python.sh)" -m venv $(VENV)
	@echo "Installing the packages of requirements-dev.txt into $(VENV) …"
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip > $(VENV)/pip.log 2>&1 \
	  && $(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt >> $(VENV)/pip.log 2>&1 \
	  || (cat $(VENV)/pip.log; exit 1)
	@touch $(STAMP)

venv: $(STAMP)

## The portal with demo data on http://127.0.0.1:8000 (private PostgreSQL unless DATABASE_URL).
run: $(STAMP)
	$(PY) scripts/run_demo.py

## Lint, migration check and the whole test suite on real PostgreSQL, Redis, Celery, Chromium.
test: $(STAMP)
	VENV=$(VENV) scripts/test.sh $(PYTEST_ARGS)

## Production-like: gunicorn, a Celery worker and beat on PostgreSQL and Redis (Procfile).
serve: $(STAMP)
	eval "$$($(PY) scripts/services.py test)" && \
	export DJANGO_SETTINGS_MODULE=vca_portal.settings.local DJANGO_DEBUG=false \
	  CELERY_BROKER_URL="$${CELERY_BROKER_URL:-$$REDIS_URL}" PATH="$(CURDIR)/$(VENV)/bin:$$PATH" && \
	$(PY) manage.py migrate --noinput && $(PY) manage.py load_demo && \
	$(PY) manage.py collectstatic --noinput -v 0 && \
	honcho start

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

## Update the Vietnamese catalogues (one per app, plus locale/ for the shell) and compile them.
messages: $(STAMP)
	DJANGO_SETTINGS_MODULE=vca_portal.settings.test $(PY) manage.py makemessages -l vi --no-obsolete \
	  --ignore '.venv/*' --ignore 'tests/*' --ignore 'static/vendor/*' --ignore '.data/*'
	DJANGO_SETTINGS_MODULE=vca_portal.settings.test $(PY) manage.py compilemessages -l vi \
	  --ignore '.venv/*' --ignore '.data/*'

## Back up the database and uploaded files to backups/<timestamp>/ (DATABASE_URL, DJANGO_MEDIA_ROOT).
backup: $(STAMP)
	$(PY) scripts/backup.py backup $(BACKUP)

## Restore BACKUP=backups/<timestamp> into DATABASE_URL (an empty database) and DJANGO_MEDIA_ROOT.
restore: $(STAMP)
	@test -n "$(BACKUP)" || (echo "Say BACKUP=backups/<timestamp>"; exit 2)
	$(PY) scripts/backup.py restore $(BACKUP)

## Fuzz every API operation with many more examples than make test (FUZZ_EXAMPLES, default 200).
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} VENV=$(VENV) scripts/test.sh tests/security/test_fuzz.py tests/security/test_fuzz_live.py

## The benchmark's own database (never the dev or test one) and its settings.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/vca_bench
BENCH_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/15)
BENCH_SEED ?= 2021
BENCH_ENV = DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) \
  DJANGO_SETTINGS_MODULE=vca_portal.settings.bench

## The national dataset (100,000 cooperatives, 2012-2026, tasks, meetings...) in BENCH_DATABASE_URL.
bench-data: $(STAMP)
	@eval "$$($(PY) scripts/services.py test)" >/dev/null
	$(PY) -m bench.database recreate "$(BENCH_DATABASE_URL)"
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v 0
	$(BENCH_ENV) $(PY) manage.py generate_national_dataset --seed $(BENCH_SEED) --no-floor

## Every figure of the national-scale benchmark against its floor; JSON in bench/results/.
bench: $(STAMP)
	@command -v wrk >/dev/null || (apt-get install -y -q wrk || sudo apt-get install -y -q wrk)
	@command -v chromium >/dev/null || (apt-get install -y -q chromium || sudo apt-get install -y -q chromium)
	@eval "$$($(PY) scripts/services.py test)" >/dev/null
	@$(PY) -m bench.database ready "$(BENCH_DATABASE_URL)" || $(MAKE) --no-print-directory bench-data
	$(BENCH_ENV) $(PY) -m bench.run $(BENCH_ARGS)
