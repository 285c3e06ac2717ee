#!/usr/bin/env bash
# `make scale-check`: two app servers sharing PostgreSQL, Redis and S3-compatible storage
# (bench/scale_check.py). Installs what it needs, then runs the check.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/services.sh
source .ci/services.sh

ensure_postgres
ensure_redis || { echo "!! Redis is needed: the two servers share their cache in it"; exit 1; }
ensure_command wrk wrk
make venv
.venv/bin/python -m pip install --quiet -e ".[dev,scale]"
exec .venv/bin/python bench/scale_check.py "$@"
