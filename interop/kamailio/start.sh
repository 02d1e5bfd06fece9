#!/usr/bin/env bash
# Start the Kamailio MSRP relay used for interop tests (loopback only).
#
#   ./start.sh              background; prints the pid, waits for the ports
#   ./start.sh --foreground run in this terminal, log to stderr (Ctrl-C stops)
#
# Environment (all optional):
#   MSRP_RUN_DIR   pid file, log, ctl socket        (default /tmp/kamailio-msrp)
#   MSRP_IP        listen address                    (default 127.0.0.1)
#   MSRP_TCP_PORT  msrp://  port                     (default 2865)
#   MSRP_TLS_PORT  msrps:// port                     (default 2866)
#   MSRP_WS_PORT   ws://  port, MSRP over WebSocket  (default 2869)
#   MSRP_WSS_PORT  wss:// port                       (default 2870, only with TLS)
#   MSRP_WS=0      no WebSocket listeners, xhttp.so/websocket.so not loaded
#   MSRP_TLS=0     no TLS listener, tls.so not loaded
#   MSRP_CMAP=1    route with the module's msrp_cmap_save/lookup instead of htable
#   MSRP_DEBUG     kamailio debug level, 2=info 3=debug (default 2)
#   MSRP_TCP_WQ_MAX  bytes queued per connection before Kamailio closes it (default: Kamailio's, 32 KiB)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="${MSRP_RUN_DIR:-/tmp/kamailio-msrp}"
IP="${MSRP_IP:-127.0.0.1}"
TCP_PORT="${MSRP_TCP_PORT:-2865}"
TLS_PORT="${MSRP_TLS_PORT:-2866}"
TLS="${MSRP_TLS:-1}"
WS="${MSRP_WS:-1}"
WS_PORT="${MSRP_WS_PORT:-2869}"
WSS_PORT="${MSRP_WSS_PORT:-2870}"
DEBUG="${MSRP_DEBUG:-2}"
CFG="$HERE/kamailio-msrp.cfg"
CERT="$RUN_DIR/relay-cert.pem"
KEY="$RUN_DIR/relay-key.pem"
PIDFILE="$RUN_DIR/kamailio.pid"
LOG="$RUN_DIR/kamailio.log"
FOREGROUND=0
[[ "${1:-}" == "--foreground" || "${1:-}" == "-f" ]] && FOREGROUND=1

case "$IP" in
  127.*|::1) ;;
  *) echo "refusing to listen on non-loopback address $IP" >&2; exit 2 ;;
esac

# 1. package
if ! command -v kamailio >/dev/null 2>&1 \
   || [[ ! -f /usr/lib/x86_64-linux-gnu/kamailio/modules/msrp.so ]]; then
  echo "installing kamailio ..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kamailio >&2
  # the package's own service (default config, all interfaces) must not run
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet kamailio 2>/dev/null; then
    echo "stopping/disabling the packaged kamailio.service" >&2
    systemctl disable --now kamailio >&2 || true
  fi
fi
if [[ "$TLS" == "1" && ! -f /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ]]; then
  echo "installing kamailio-tls-modules ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kamailio-tls-modules >&2
fi

if [[ "$WS" == "1" && ! -f /usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so ]]; then
  echo "installing kamailio-websocket-modules ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kamailio-websocket-modules >&2
fi

mkdir -p "$RUN_DIR"

# 2. self-signed certificate for the msrps:// listener (per run dir)
if [[ "$TLS" == "1" && ( ! -s "$CERT" || ! -s "$KEY" ) ]]; then
  echo "generating self-signed certificate $CERT ..." >&2
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
    -subj "/CN=$IP" -addext "subjectAltName=IP:$IP" \
    -keyout "$KEY" -out "$CERT" >/dev/null 2>&1
  chmod 600 "$KEY"
fi

if [[ -s "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "already running, pid $(cat "$PIDFILE")" >&2
  cat "$PIDFILE"
  exit 0
fi
rm -f "$PIDFILE" "$RUN_DIR/kamailio_ctl"

ARGS=(-f "$CFG" -Y "$RUN_DIR" -P "$PIDFILE" -w "$RUN_DIR" -E -DD -m 64 -M 8
      -A "MSRP_IP=$IP" -A "MSRP_TCP_PORT=$TCP_PORT" -A "MSRP_TLS_PORT=$TLS_PORT"
      -A "DBGLEVEL=$DEBUG" -A "CTL_SOCK=\"unix:$RUN_DIR/kamailio_ctl\"")
if [[ "$TLS" == "1" ]]; then
  ARGS+=(-A WITH_TLS -A "TLS_CERT=\"$CERT\"" -A "TLS_KEY=\"$KEY\"")
fi
if [[ "$WS" == "1" ]]; then
  HOST="$IP"; [[ "$IP" == *:* ]] && HOST="[$IP]"
  # a WebSocket client's Use-Path names the plain listeners, where its peers connect
  ARGS+=(-A WITH_WS -A "MSRP_WS_PORT=$WS_PORT" -A "MSRP_WSS_PORT=$WSS_PORT"
         -A "WS_SOCK=\"tcp:$HOST:$WS_PORT\"" -A "WSS_SOCK=\"tls:$HOST:$WSS_PORT\""
         -A "WS_PEER_URI=\"msrp://$HOST:$TCP_PORT/\"" -A "WSS_PEER_URI=\"msrps://$HOST:$TLS_PORT/\"")
fi
[[ "${MSRP_CMAP:-0}" == "1" ]] && ARGS+=(-A WITH_CMAP)
[[ -n "${MSRP_TCP_WQ_MAX:-}" ]] && ARGS+=(-A "TCP_CONN_WQ_MAX=$MSRP_TCP_WQ_MAX")

kamailio "${ARGS[@]}" -c >/dev/null 2>"$RUN_DIR/check.log" || {
  echo "config check failed:" >&2; cat "$RUN_DIR/check.log" >&2; exit 1; }

if [[ "$FOREGROUND" == "1" ]]; then
  exec kamailio "${ARGS[@]}"
fi

# own session/process group, so stop.sh can clean up children if needed
setsid nohup kamailio "${ARGS[@]}" >"$LOG" 2>&1 </dev/null &
KPID=$!

listening() {
  local port
  for port in "$@"; do
    ss -Hltn "sport = :$port" 2>/dev/null | grep -q . || return 1
  done
}
PORTS=("$TCP_PORT"); [[ "$TLS" == "1" ]] && PORTS+=("$TLS_PORT")
[[ "$WS" == "1" ]] && PORTS+=("$WS_PORT")
[[ "$WS" == "1" && "$TLS" == "1" ]] && PORTS+=("$WSS_PORT")
for _ in $(seq 1 100); do
  if ! kill -0 "$KPID" 2>/dev/null; then
    echo "kamailio exited during start-up; log $LOG:" >&2; tail -n 40 "$LOG" >&2; exit 1
  fi
  if listening "${PORTS[@]}" && [[ -s "$PIDFILE" ]]; then
    echo "MSRP relay up: msrp://$IP:$TCP_PORT$([[ "$TLS" == 1 ]] && echo " msrps://$IP:$TLS_PORT")$(
      [[ "$WS" == 1 ]] && echo " msrp://$IP:$WS_PORT;ws")$([[ "$WS" == 1 && "$TLS" == 1 ]] && echo " msrps://$IP:$WSS_PORT;ws") log=$LOG" >&2
    cat "$PIDFILE"
    exit 0
  fi
  sleep 0.1
done
echo "timeout waiting for ports ${PORTS[*]}; log $LOG:" >&2
tail -n 40 "$LOG" >&2
kill "$KPID" 2>/dev/null || true
exit 1
