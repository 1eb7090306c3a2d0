#!/usr/bin/env bash
# `make run`: migrate, load the demonstration partnership, then serve the application and run
# the background worker beside it (Procfile, through honcho). Ctrl-C stops both.
# ADDRESS (default 127.0.0.1:8000) is where it is served; DATABASE_URL unset means SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-true}"
export ADDRESS="${ADDRESS:-127.0.0.1:8000}"
export PYTHONUNBUFFERED=1
export PATH="$PWD/.venv/bin:$PATH"  # the locked packages that `make install` synced
python manage.py migrate --no-input -v0
python manage.py load_demo --address "$ADDRESS"
exec honcho --no-colour -f Procfile start
