#!/usr/bin/env bash
# Install the test tools into .venv and run the whole suite: lint, Django checks,
# the tests on SQLite, then on PostgreSQL when a server is reachable (always in CI),
# then the production deployment check.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kyndig_test}
step() { printf '\n== %s\n' "$*"; }

step "Installing test tools"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -r requirements-dev.txt
# Debian tools some tests need: Chromium for the browser tests, LibreOffice to
# open the generated workbooks and poppler's pdftotext to read how they print,
# gettext to compile the Danish catalogue, node and npm for the OpenID Connect
# provider the single sign-on tests start, xmlsec1 for SAML signatures. Without
# them (no root, no apt) those tests are skipped with a reason, and the
# committed .mo catalogue is used as it is.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
command -v msgfmt >/dev/null || missing+=(gettext)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v xmlsec1 >/dev/null || missing+=(xmlsec1)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "apt-get install ${missing[*]}"
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null) \
    || echo "could not install ${missing[*]}; the tests that need them are skipped"
fi

if command -v npm >/dev/null; then
  step "The single sign-on tests' OpenID Connect provider (npm ci, pinned)"
  (cd tests/sso/provider && npm ci --no-audit --no-fund --loglevel=error)
fi

step "Lint (ruff) and import layers (import-linter, DESIGN §7)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports --no-cache

step "Django checks"
if command -v msgfmt >/dev/null; then
  .venv/bin/python manage.py compilemessages --ignore=.venv >/dev/null
else
  echo "gettext missing: using the committed .mo catalogue"
fi
.venv/bin/python manage.py check --fail-level WARNING
.venv/bin/python manage.py makemigrations --check --dry-run

step "Tests on SQLite"
SQLITE_PATH=$(mktemp -d)/kyndig.sqlite3 .venv/bin/python -m pytest -n 2 -q "$@"

if .venv/bin/python - "$PG_URL" <<'PY'
import sys, psycopg2
try:
    psycopg2.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
except Exception:
    sys.exit(1)
PY
then
  step "Tests on PostgreSQL"
  DATABASE_URL=$PG_URL .venv/bin/python -m pytest -n 2 -q "$@"
elif [ "${CI:-}" = true ]; then
  echo "PostgreSQL is not reachable at $PG_URL, and CI needs it." >&2
  exit 1
else
  step "PostgreSQL not reachable at $PG_URL: skipped the PostgreSQL run"
fi

step "Deployment check (production settings)"
DJANGO_ENV=production \
DJANGO_SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
DATABASE_URL=$PG_URL DJANGO_ALLOWED_HOSTS=kyndig.example.dk \
KYNDIG_BASE_URL=https://kyndig.example.dk \
CREDENTIALS_KEY_ENCRYPTION_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))') \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
