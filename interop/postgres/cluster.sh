# Shared by start.sh and stop.sh (sourced; needs DATA and BIN set): running as the cluster's owner,
# and letting a frozen cluster go.

# initdb and postgres refuse to run as root: as root, the cluster belongs to the postgres user
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A test freezes the cluster's processes (RelayJdbcAccountsTest: kill -STOP, then -CONT); a run
# killed in between leaves them stopped (state T), pg_ctl calls that running, and every client,
# pg_ctl stop included, waits forever. Sends SIGCONT to the postmaster and its children, saying so
# when any was stopped.
resume_cluster() {
  local pid stopped
  local -a pids
  [[ -r "$DATA/postmaster.pid" ]] || return 0
  pid="$(head -n 1 "$DATA/postmaster.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 0
  mapfile -t pids < <(echo "$pid"; ps -o pid= --ppid "$pid" | tr -d ' ')
  stopped="$(ps -o stat= -p "$(IFS=,; echo "${pids[*]}")" | grep -c '^T' || true)"
  kill -CONT "${pids[@]}" 2>/dev/null || true
  if [[ "$stopped" -gt 0 ]]; then
    echo "resumed $stopped stopped process(es) of the cluster in $DATA (SIGCONT to ${pids[*]})" >&2
  fi
}
