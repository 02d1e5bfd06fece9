#!/usr/bin/env bash
# Start a private PostgreSQL cluster holding a Kamailio `subscriber` table, for the relay's JDBC
# account tests (loopback only). Idempotent: a running cluster is left alone (let go first if a
# killed test left its processes frozen, restarted if it still does not answer a query), a stopped
# one is started again with its data, a missing one is made with initdb.
#
# Environment (all optional):
#   MSRP_PG_RUN_DIR  data directory, socket, log       (default /tmp/msrp4j-postgres)
#   MSRP_PG_PORT     TCP port on 127.0.0.1             (default 55432)
# Clients connect as msrp/msrp-test to jdbc:postgresql://127.0.0.1:$MSRP_PG_PORT/msrp.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="${MSRP_PG_RUN_DIR:-/tmp/msrp4j-postgres}"
PORT="${MSRP_PG_PORT:-55432}"
DATA="$RUN_DIR/data"
LOG="$RUN_DIR/postgres.log"

# 1. package
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "installing postgresql ..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

# shellcheck source=cluster.sh
. "$HERE/cluster.sh"

mkdir -p "$RUN_DIR"
[[ "$(id -u)" == 0 ]] && chown postgres: "$RUN_DIR"
chmod 700 "$RUN_DIR"

# 2. cluster: trust over the socket in the run dir (only its owner can reach it), passwords over TCP
if [[ ! -s "$DATA/PG_VERSION" ]]; then
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$RUN_DIR/initdb.log" 2>&1 || {
    echo "initdb failed:" >&2; cat "$RUN_DIR/initdb.log" >&2; exit 1; }
fi

# whether the server answers a query over its socket within 15 s
answers() {
  as_owner timeout 15 "$BIN/psql" "host=$RUN_DIR port=$PORT user=postgres dbname=postgres connect_timeout=10" \
    -XtAqc "SELECT 1" 2>/dev/null | grep -qx 1
}

# a running cluster that a killed test left frozen is let go; one that still does not answer is
# stopped at once (no checkpoint: its data is recovered from the WAL at the start below)
if as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  resume_cluster
  if ! answers; then
    echo "the running cluster does not answer; stopping it to start again" >&2
    as_owner "$BIN/pg_ctl" -D "$DATA" -m immediate -w -t 60 stop >/dev/null || true
  fi
fi
if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$RUN_DIR" start >/dev/null || {
    echo "postgres did not start; log $LOG:" >&2; tail -n 40 "$LOG" >&2; exit 1; }
fi
answers || { echo "postgres does not answer a query; log $LOG:" >&2; tail -n 40 "$LOG" >&2; exit 1; }

# 3. the database, its role and the test accounts (again on every start: cheap, and repairs edits)
psql_admin() {
  PGOPTIONS="-c client_min_messages=warning" as_owner "$BIN/psql" -h "$RUN_DIR" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q "$@"
}
if [[ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'msrp'")" ]]; then
  psql_admin -d postgres -c "CREATE ROLE msrp LOGIN PASSWORD 'msrp-test'"
fi
if [[ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'msrp'")" ]]; then
  psql_admin -d postgres -c "CREATE DATABASE msrp OWNER msrp"
fi
psql_admin -d msrp -f - <"$HERE/subscriber.sql"

echo "PostgreSQL up: jdbc:postgresql://127.0.0.1:$PORT/msrp (msrp/msrp-test) log=$LOG" >&2
