#!/usr/bin/env bash
# Install Kyndig into .venv, build the demo database (SQLite by default) and serve
# it on http://127.0.0.1:8000/. Safe to run again: the demo is only built once.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -r requirements.txt

.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_frameworks
.venv/bin/python manage.py seed_demo
.venv/bin/python manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true

echo
echo "Kyndig runs on http://127.0.0.1:${PORT:-8000}/ — sign in as hr, manager, manager2, viewer,"
echo "employee, hr2 or tr (password: demo); the Django admin is /admin/ (admin / demo)."
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"
