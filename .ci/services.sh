# Shared by .ci/run and bench/run.sh: install and start what the project needs on a new
# machine (Debian). Source it; it defines functions only.

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# ensure_postgres: PostgreSQL answering on 127.0.0.1:5432 (installed and started if needed),
# reachable as user postgres over TCP; exports PG_URL_BASE (postgres://...@127.0.0.1:5432).
ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "== Installing PostgreSQL"
    apt_install postgresql
  fi
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    echo "== Starting PostgreSQL"
    local version
    version="$(ls /etc/postgresql | sort -V | tail -1)"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  export PG_URL_BASE="postgres://postgres@127.0.0.1:5432"
  if ! psql -h 127.0.0.1 -U postgres -d postgres -w -qc "SELECT 1" >/dev/null 2>&1; then
    # A fresh Debian install asks for a password over TCP: give the postgres role one.
    echo "== Setting a local password for the postgres role"
    as_root runuser -u postgres -- psql -qc "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
    export PGPASSWORD=postgres
    export PG_URL_BASE="postgres://postgres:postgres@127.0.0.1:5432"
  fi
}

# fresh_database NAME: drop and create NAME (and pytest-django's test_NAME).
fresh_database() {
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $1" >/dev/null
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS test_$1" >/dev/null
  psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $1" >/dev/null
}

# ensure_redis: Redis on 127.0.0.1:6379 if it can be had; returns non-zero otherwise.
ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "== Installing Redis"
    apt_install redis-server || return 1
  fi
  if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    echo "== Starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir /tmp >/dev/null
    for _ in $(seq 1 10); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
  fi
  redis-cli -h 127.0.0.1 ping >/dev/null 2>&1
}

ensure_command() {  # ensure_command CMD DEBIAN_PACKAGE
  command -v "$1" >/dev/null 2>&1 || { echo "== Installing $2"; apt_install "$2"; }
}
