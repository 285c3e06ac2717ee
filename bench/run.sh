#!/usr/bin/env bash
# `make bench`: installs and starts what the benchmark needs (PostgreSQL, Redis, wrk), then
# runs bench/run.py. Arguments are passed on (e.g. --duration 20, --reuse).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/services.sh
source .ci/services.sh

ensure_postgres
ensure_redis || { echo "!! Redis is needed for the warm-cache run"; exit 1; }
ensure_command wrk wrk
make venv
exec .venv/bin/python bench/run.py "$@"
