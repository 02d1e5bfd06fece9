#!/usr/bin/env bash
# Runs the relay harness (org.msrp4j.bench.RelayBench): the msrp4j relay in a child JVM on
# 127.0.0.1, and in this JVM
#   throughput: a random 1 GiB file by MsrpSession.sendFile through one relay hop (sender behind
#     the relay, receiver direct) vs the same transfer direct, interleaved rounds, SHA-256 checked
#     every transfer, TCP and TLS; prints MB/s, the ratio relay / direct (goal >= 0.6) and the CPU
#     time per byte of the clients' JVM and of the relay's; and the same through byte pipes in the
#     relay's JVM that end and restart TLS without reading MSRP (on JSSE sockets and on SSLEngine):
#     the floor any relay of those designs starts from;
#   capacity: 10,000 relayed sessions (two relay clients AUTHed and bound through the relay, one
#     message each way) held at once; prints the relay's heap per session after GC, its threads,
#     fds and the set-up time (goal: 10,000 held).
#
# Usage: msrp4j-bench/run-relay-bench.sh [--build] [--no-wait] [--quick] [RelayBench options...]
#   --build    rebuild the benchmark jar even if it looks up to date
#   --no-wait  do not wait for other benchmark JVMs (pgrep -f benchmarks.jar) to finish first
#   --quick    a smoke run (128 MiB file, 2 rounds, 1,000 sessions; ~1 minute): too short to quote
#   other options go to RelayBench (--help lists them), e.g. --parts=capacity --sessions=20000
#   --relay-chunk-kib=256 --protocols=tls
#   JAVA_OPTS  the harness JVM's options (default -Xms3g -Xmx3g -XX:+AlwaysPreTouch: 20,000 relay
#              clients live in it during the capacity part); the relay JVM's are --relay-jvm=...
#   TMPDIR     where the file is written (deleted at the end); needs that much free space
# Raises the open-file limit to 200,000 first, or as far as the hard limit allows (every JVM here
# holds a socket per relay client; without CAP_SYS_RESOURCE the hard limit stays, e.g. 20,000).
# About 8 minutes on a 2-core machine (measured on a quiet one, 2026-11-23).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

# shellcheck source=bench-common.sh
source "$here/bench-common.sh"
bench_start "$@"
if ! ulimit -n 200000 2>/dev/null; then
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    echo "note: the open-file limit stays at $(ulimit -n) (hard limit $(ulimit -Hn)); a relay holds two sockets per"
    echo "      session through one relay, so --single-sessions must stay under half of it"
fi
echo "open-file limit: $(ulimit -n); date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"

# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
"$java" ${JAVA_OPTS:--Xms3g -Xmx3g -XX:+AlwaysPreTouch} -cp "$bench_jar" org.msrp4j.bench.RelayBench \
    "--dir=${TMPDIR:-/tmp}" "${args[@]+"${args[@]}"}"
