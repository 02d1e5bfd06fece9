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
# The display is the first free one Xvfb finds.
# Exit status 3: Xvfb, x11vnc or xsetroot is missing
#   (Debian: apt-get install -y xvfb x11vnc x11-xserver-utils).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
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

# -displayfd: Xvfb takes the first free display itself and writes its number (no race with other runs);
# -noreset: the X server must not reset (and forget the colour) when xsetroot, its first client, leaves
rm -f "$RUN_DIR/display"
setsid nohup Xvfb -displayfd 3 -screen 0 "${GEOMETRY}x24" -nolisten tcp -noreset \
  3>"$RUN_DIR/display" >"$RUN_DIR/xvfb.log" 2>&1 </dev/null &
echo $! >"$RUN_DIR/xvfb.pid"
for _ in $(seq 1 100); do
  [[ -s "$RUN_DIR/display" ]] && break
  kill -0 "$(cat "$RUN_DIR/xvfb.pid")" 2>/dev/null || { echo "Xvfb exited:" >&2; tail -n 20 "$RUN_DIR/xvfb.log" >&2; exit 1; }
  sleep 0.1
done
DISPLAY_NUM="$(tr -dc 0-9 <"$RUN_DIR/display")"
[[ -n "$DISPLAY_NUM" ]] || { echo "Xvfb named no display; log $RUN_DIR/xvfb.log" >&2; bash "$HERE/stop.sh" || true; exit 1; }

# the display is up once a client can set its root window's colour
for _ in $(seq 1 100); do
  if xsetroot -display ":$DISPLAY_NUM" -solid "$COLOUR" 2>/dev/null; then
    break
  fi
  kill -0 "$(cat "$RUN_DIR/xvfb.pid")" 2>/dev/null || { echo "Xvfb exited:" >&2; tail -n 20 "$RUN_DIR/xvfb.log" >&2; exit 1; }
  sleep 0.1
done
xsetroot -display ":$DISPLAY_NUM" -solid "$COLOUR"

# -autoport: x11vnc takes the first free port from 5950 itself and prints PORT=n
if [[ -n "${VNC_PORT:-}" ]]; then PORT_ARGS=(-rfbport "$VNC_PORT"); else PORT_ARGS=(-autoport 5950); fi
setsid nohup x11vnc -display ":$DISPLAY_NUM" -localhost -nopw -forever -shared "${PORT_ARGS[@]}" \
  -nocursor -noxdamage >"$RUN_DIR/x11vnc.log" 2>&1 </dev/null &
echo $! >"$RUN_DIR/x11vnc.pid"

for _ in $(seq 1 200); do
  PORT="$(sed -n 's/^PORT=\([0-9]*\)$/\1/p' "$RUN_DIR/x11vnc.log" | head -n 1)"
  if [[ -n "$PORT" ]] && listening "$PORT"; then
    echo "$PORT :$DISPLAY_NUM $GEOMETRY $COLOUR" | tee "$RUN_DIR/vnc.info"
    exit 0
  fi
  if ! kill -0 "$(cat "$RUN_DIR/x11vnc.pid")" 2>/dev/null; then
    echo "x11vnc exited:" >&2
    tail -n 20 "$RUN_DIR/x11vnc.log" >&2
    bash "$HERE/stop.sh" || true
    exit 1
  fi
  sleep 0.1
done
echo "x11vnc does not listen; log $RUN_DIR/x11vnc.log:" >&2
tail -n 20 "$RUN_DIR/x11vnc.log" >&2
bash "$HERE/stop.sh" || true
exit 1
