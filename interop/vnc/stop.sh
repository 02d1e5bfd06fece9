#!/usr/bin/env bash
# Stop what start.sh started (same VNC_RUN_DIR): x11vnc, then Xvfb.
set -euo pipefail
RUN_DIR="${VNC_RUN_DIR:-/tmp/msrp4j-vnc}"

for name in x11vnc xvfb; do
  pidfile="$RUN_DIR/$name.pid"
  [[ -s "$pidfile" ]] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
done
rm -f "$RUN_DIR/vnc.info"
