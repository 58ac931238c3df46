#!/usr/bin/env bash
# The whole test suite against PostgreSQL and Redis (started here if installed but down).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh requirements-dev.txt
bash scripts/services.sh
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/yandian}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
.venv/bin/python -m ruff check .
.venv/bin/python -m ruff format --check .
.venv/bin/python manage.py makemigrations --check --dry-run
bash scripts/security.sh
# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
# The pooler test runs the API through Debian's PgBouncer (skipped with its reason if absent).
command -v pgbouncer >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer) || true
.venv/bin/python -m pytest "$@"
