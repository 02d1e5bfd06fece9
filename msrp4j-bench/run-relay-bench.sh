#!/usr/bin/env bash
# Runs the relay harness (org.msrp4j.bench.RelayBench): the msrp4j relay in a child JVM on
# 127.0.0.1, Kamailio's MSRP relay beside it (started here through the interop fixture), and in
# this JVM
#   throughput: a random 1 GiB file by MsrpSession.sendFile through one relay hop (sender behind
#     the relay, receiver direct) vs the same transfer direct, interleaved rounds, SHA-256 checked
#     every transfer, TCP and TLS; prints MB/s, the ratio relay / direct (goal >= 0.6) and the CPU
#     time per byte of the clients' JVM and of the relay's; and the same through byte pipes in the
#     relay's JVM that end and restart TLS without reading MSRP (on JSSE sockets and on SSLEngine):
#     the floor any relay of those designs starts from;
#   side by side with Kamailio: the file with 8 KiB chunks (Kamailio refuses frames over ~11 KiB),
#     sequential and pipelined (window 64) 100-byte messages, each direct, through the msrp4j relay
#     and through Kamailio, TCP and TLS; prints the ratios msrp4j / Kamailio and relay / direct;
#   capacity: 10,000 relayed sessions (two relay clients AUTHed and bound through the relay, one
#     message each way) held at once; prints the relay's heap and CPU per session, its idle CPU
#     while it holds them, the sessions per GiB of heap, its threads, fds and the set-up time.
#
# Usage: msrp4j-bench/run-relay-bench.sh [--build] [--no-wait] [--no-kamailio] [--quick] [RelayBench options...]
#   --build        rebuild the benchmark jar even if it looks up to date
#   --no-wait      do not wait for other benchmark JVMs (pgrep -f benchmarks.jar) to finish first
#   --no-kamailio  do not start Kamailio (its variant is left out); without the kamailio binary or
#                  with only --parts=capacity it is left out as well, with the reason printed
#   --quick        a smoke run (32 MiB file, 2 rounds, 2,000 messages, 1,000 sessions; ~2 minutes):
#                  too short to quote
#   other options go to RelayBench (--help lists them), e.g. --parts=capacity --sessions=20000
#   --relay-chunk-kib=256 --protocols=tls
#   JAVA_OPTS  the harness JVM's options (default -Xms3g -Xmx3g -XX:+AlwaysPreTouch: 20,000 relay
#              clients live in it during the capacity part); the relay JVM's are --relay-jvm=...
#   TMPDIR     where the file is written (deleted at the end); needs that much free space
#   KAMAILIO_BENCH_TCP_PORT, KAMAILIO_BENCH_TLS_PORT  the bench's own Kamailio on 127.0.0.1 (default
#              2875 and 2876; the interop tests' Kamailio keeps 2865-2868), debug level 1, 1 MiB write queue per
#              connection (MSRP_TCP_WQ_MAX; Kamailio's default of 32 KiB closed the receiver's connection), its run
#              directory (log, pid file, certificate) in the run's temporary folder; stopped at the end
# Raises the open-file limit to 200,000 first, or as far as the hard limit allows (every JVM here
# holds a socket per relay client; without CAP_SYS_RESOURCE the hard limit stays, e.g. 20,000).
# About 8 minutes on a 2-core machine before the Kamailio rows (2026-11-23); they add a few minutes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

# shellcheck source=bench-common.sh
source "$here/bench-common.sh"
kamailio=1
throughput=1
rest=()
for a in "$@"; do
    case "$a" in
        --no-kamailio) kamailio=0 ;;
        --parts=*) [[ ",${a#--parts=}," == *,throughput,* ]] || throughput=0; rest+=("$a") ;;
        *) rest+=("$a") ;;
    esac
done
bench_start "${rest[@]+"${rest[@]}"}"
if ! ulimit -n 200000 2>/dev/null; then
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    echo "note: the open-file limit stays at $(ulimit -n) (hard limit $(ulimit -Hn)); a relay holds two sockets per"
    echo "      session through one relay, so --single-sessions must stay under half of it"
fi
echo "open-file limit: $(ulimit -n); date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"

# Kamailio's MSRP relay beside ours, on its own ports and run directory; stopped on exit.
kam_tcp="${KAMAILIO_BENCH_TCP_PORT:-2875}"
kam_tls="${KAMAILIO_BENCH_TLS_PORT:-2876}"
kam_fixture="$root/interop/kamailio"
kam_args=()
kam_skip=""
if (( ! kamailio )); then
    kam_skip="--no-kamailio"
elif (( ! throughput )); then
    kam_skip="only the capacity part runs"
elif ! command -v kamailio >/dev/null 2>&1 || [[ ! -f /usr/lib/x86_64-linux-gnu/kamailio/modules/msrp.so ]]; then
    kam_skip="kamailio or its msrp module is not installed (apt-get install kamailio kamailio-tls-modules)"
elif [[ ! -f /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ]]; then
    kam_skip="kamailio-tls-modules is not installed"
elif ss -Hltn "( sport = :$kam_tcp or sport = :$kam_tls )" 2>/dev/null | grep -q .; then
    kam_skip="port $kam_tcp or $kam_tls is taken (set KAMAILIO_BENCH_TCP_PORT / KAMAILIO_BENCH_TLS_PORT)"
else
    kam_dir="$bench_work/kamailio"
    # Kamailio closes a connection whose write queue passes tcp_conn_wq_max (default 32 KiB: "write
    # queue full" in its log), which the receiver's connection reached whenever the receiver fell
    # behind for a moment with the sender's 16 chunks of 8 KiB in flight; 1 MiB holds that window.
    # Kamailio's complaints (errors and warnings) are printed before its run directory goes
    trap 'MSRP_RUN_DIR="$kam_dir" "$kam_fixture/stop.sh" || true
          grep -E "ERROR|WARNING" "$kam_dir/kamailio.log" 2>/dev/null | tail -n 20 | sed "s/^/kamailio log: /"
          rm -rf "$bench_work"' EXIT
    if MSRP_RUN_DIR="$kam_dir" MSRP_TCP_PORT="$kam_tcp" MSRP_TLS_PORT="$kam_tls" MSRP_DEBUG=1 \
            MSRP_TCP_WQ_MAX=1048576 "$kam_fixture/start.sh" >/dev/null; then
        echo "Kamailio: $(kamailio -v 2>/dev/null | head -n 1) on msrp://127.0.0.1:$kam_tcp and" \
            "msrps://127.0.0.1:$kam_tls (interop/kamailio/start.sh, debug level 1, write queue 1 MiB," \
            "run dir $kam_dir)"
        kam_args=("--kamailio-tcp-port=$kam_tcp" "--kamailio-tls-port=$kam_tls")
    else
        kam_skip="interop/kamailio/start.sh failed (see above)"
    fi
fi
if [[ -n "$kam_skip" ]]; then
    echo "Kamailio: not measured: $kam_skip"
fi

# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
"$java" ${JAVA_OPTS:--Xms3g -Xmx3g -XX:+AlwaysPreTouch} -cp "$bench_jar" org.msrp4j.bench.RelayBench \
    "--dir=${TMPDIR:-/tmp}" "${kam_args[@]+"${kam_args[@]}"}" "${args[@]+"${args[@]}"}"
