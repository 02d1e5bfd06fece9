#!/usr/bin/env bash
# Start an Xvfb display showing one solid colour and x11vnc serving it on loopback, without a
# password: the real RFB server of the screen sharing tests (ScreenVncTest). No cursor is drawn
# into the picture (-nocursor), so every pixel is the colour.
#
#   ./start.sh     background; prints "PORT DISPLAY WIDTHxHEIGHT COLOUR" and returns once x11vnc listens
#
# Environment (all optional):
#   VNC_RUN_DIR    pid files and logs                (default /tmp/msrp4j-vnc)
#   VNC_PORT       x11vnc's port on 127.0.0.1         (default: the first free one from 5950)
#   VNC_GEOMETRY   the screen, WIDTHxHEIGHT           (default 320x240)
#   VNC_COLOUR     the root window's colour, #RRGGBB  (default #336699)
# Exit status 3: Xvfb, x11vnc or xsetroot is missing
#   (Debian: apt-get install -y xvfb x11vnc x11-xserver-utils).
set -euo pipefail

RUN_DIR="${VNC_RUN_DIR:-/tmp/msrp4j-vnc}"
GEOMETRY="${VNC_GEOMETRY:-320x240}"
COLOUR="${VNC_COLOUR:-#336699}"

missing=()
for tool in Xvfb x11vnc xsetroot; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if (( ${#missing[@]} )); then
  echo "missing ${missing[*]}: apt-get install -y xvfb x11vnc x11-xserver-utils" >&2
  exit 3
fi

mkdir -p "$RUN_DIR"
if [[ -s "$RUN_DIR/x11vnc.pid" ]] && kill -0 "$(cat "$RUN_DIR/x11vnc.pid")" 2>/dev/null; then
  echo "already running in $RUN_DIR" >&2
  cat "$RUN_DIR/vnc.info"
  exit 0
fi

listening() {
  ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

# a display nobody uses: no lock file, no socket
DISPLAY_NUM=""
for n in $(seq 90 189); do
  if [[ ! -e "/tmp/.X$n-lock" && ! -e "/tmp/.X11-unix/X$n" ]]; then
    DISPLAY_NUM=$n
    break
  fi
done
[[ -n "$DISPLAY_NUM" ]] || { echo "no free X display in :90..:189" >&2; exit 1; }

PORT="${VNC_PORT:-}"
if [[ -z "$PORT" ]]; then
  for p in $(seq 5950 6049); do
    if ! listening "$p"; then
      PORT=$p
      break
    fi
  done
  [[ -n "$PORT" ]] || { echo "no free port in 5950..6049" >&2; exit 1; }
fi

# -noreset: the X server must not reset (and forget the colour) when xsetroot, its first client, leaves
setsid nohup Xvfb ":$DISPLAY_NUM" -screen 0 "${GEOMETRY}x24" -nolisten tcp -noreset \
  >"$RUN_DIR/xvfb.log" 2>&1 </dev/null &
echo $! >"$RUN_DIR/xvfb.pid"

# the display is up once a client can set its root window's colour
for _ in $(seq 1 100); do
  if xsetroot -display ":$DISPLAY_NUM" -solid "$COLOUR" 2>/dev/null; then
    break
  fi
  kill -0 "$(cat "$RUN_DIR/xvfb.pid")" 2>/dev/null || { echo "Xvfb exited:" >&2; tail -n 20 "$RUN_DIR/xvfb.log" >&2; exit 1; }
  sleep 0.1
done
xsetroot -display ":$DISPLAY_NUM" -solid "$COLOUR"

setsid nohup x11vnc -display ":$DISPLAY_NUM" -localhost -nopw -forever -shared -rfbport "$PORT" \
  -nocursor -noxdamage -quiet >"$RUN_DIR/x11vnc.log" 2>&1 </dev/null &
echo $! >"$RUN_DIR/x11vnc.pid"

for _ in $(seq 1 200); do
  if listening "$PORT"; then
    echo "$PORT :$DISPLAY_NUM $GEOMETRY $COLOUR" | tee "$RUN_DIR/vnc.info"
    exit 0
  fi
  if ! kill -0 "$(cat "$RUN_DIR/x11vnc.pid")" 2>/dev/null; then
    echo "x11vnc exited:" >&2
    tail -n 20 "$RUN_DIR/x11vnc.log" >&2
    bash "$(dirname "${BASH_SOURCE[0]}")/stop.sh" || true
    exit 1
  fi
  sleep 0.1
done
echo "x11vnc does not listen on $PORT; log $RUN_DIR/x11vnc.log:" >&2
tail -n 20 "$RUN_DIR/x11vnc.log" >&2
bash "$(dirname "${BASH_SOURCE[0]}")/stop.sh" || true
exit 1
