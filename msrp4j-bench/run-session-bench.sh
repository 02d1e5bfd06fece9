#!/usr/bin/env bash
# Runs the end-to-end session harness (org.msrp4j.bench.SessionBench): two MsrpSessions on
# 127.0.0.1, set up by ConnectorDirect/AcceptorDirect, next to raw-socket baselines measured in the
# same run, all in one JVM with -Xmx64m. Prints a table with MB/s, round trips/s, p50/p99 latency,
# messages/s, the ratios to raw, and the goals' verdicts:
#   file (sendFile of a random 1 GiB file, SHA-256 checked on the receiving side every transfer)
#        >= 0.7 x a raw TCP copy, and >= 0.7 x a raw TLS copy, of the same bytes;
#   sequential 100-byte messages (deliverChunk) >= 20,000 round trips/s;
#   pipelined 100-byte messages (sendChunk) >= 200,000 messages/s.
#
# Usage: msrp4j-bench/run-session-bench.sh [--build] [--no-wait] [--quick] [SessionBench options...]
#   --build    rebuild the benchmark jar even if it looks up to date
#   --no-wait  do not wait for other benchmark JVMs (pgrep -f benchmarks.jar) to finish first
#   --quick    a smoke run (128 MiB file, 2 rounds, fewer messages; ~30 s): too short a warm-up for
#              figures to quote
#   other options go to SessionBench (--help lists them), e.g. --rounds=3 --protocols=tcp
#   --parts=file,seq --file-variants=raw,default --no-digest --app-ids
#   JAVA_OPTS  JVM options (default -Xms64m -Xmx64m: the whole harness, 1 GiB files included, runs in
#              a 64 MiB heap)
#   TMPDIR     where the 1 GiB file is written (deleted at the end); needs that much free space
# Defaults: 1 GiB file, 3 warm-up transfers of 256 MiB and 5 measured rounds per variant (raw,
# msrp with default SessionSettings, msrp tuned), TCP and TLS; 20,000 sequential round trips and
# 500,000 pipelined messages per round over TCP and TLS; about 3 minutes on an idle 2-core machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

# shellcheck source=bench-common.sh
source "$here/bench-common.sh"
bench_start "$@"

# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
"$java" ${JAVA_OPTS:--Xms64m -Xmx64m} -cp "$bench_jar" org.msrp4j.bench.SessionBench \
    "--dir=${TMPDIR:-/tmp}" "${args[@]+"${args[@]}"}"
