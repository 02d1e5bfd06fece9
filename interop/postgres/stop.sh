#!/usr/bin/env bash
# Stop the cluster started by start.sh (same MSRP_PG_RUN_DIR); its data stays for the next start.
# --purge also deletes the run dir.
set -euo pipefail
RUN_DIR="${MSRP_PG_RUN_DIR:-/tmp/msrp4j-postgres}"
DATA="$RUN_DIR/data"

if [[ ! -s "$DATA/PG_VERSION" ]]; then
  echo "no cluster in $DATA" >&2
  exit 0
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
# shellcheck source=cluster.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/cluster.sh"
# a frozen cluster would never act on the stop signal
resume_cluster
if as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
  echo "PostgreSQL in $DATA stopped" >&2
fi
if [[ "${1:-}" == "--purge" ]]; then
  rm -rf "$RUN_DIR"
fi
