#!/usr/bin/env bash
# Runs the loopback transfer benchmark (org.msrp4j.bench.TransportBench): one message moved in
# chunks over MsrpTransport on 127.0.0.1, next to a raw socket copy of the same wire bytes in the
# same run, over TCP and TLS; prints MB/s and the ratio transport / raw per chunk size, and the
# verdict on the goal (transport >= 0.8 x raw).
#
# Usage: msrp4j-bench/run-transport-bench.sh [--build] [--no-wait] [--quick] [TransportBench options...]
#   --build    rebuild the benchmark jar even if it looks up to date
#   --no-wait  do not wait for other benchmark JVMs (pgrep -f benchmarks.jar) to finish first
#   --quick    a smoke run (64 MiB, 64 and 4 KiB chunks, 1 warm-up + 3 measured rounds; ~15 s): too
#              short a warm-up for figures to quote
#   other options go to TransportBench (--help lists them), e.g. --payload-mib=512
#   --chunk-kib=64,16 --rounds=15 --threads=both --protocols=tls --csv=FILE
#   JAVA_OPTS  JVM options (default -Xms3g -Xmx3g -XX:+AlwaysPreTouch: the heap holds the payload
#              twice, as bodies and as encoded chunks; without pre-touching, rounds that first touch
#              fresh heap pages run 2-3x slower)
# Defaults: 256 MiB payload, chunks of 64, 16 and 4 KiB, TCP and TLS, virtual threads, 3 warm-up and
# 10 measured rounds of each kind; 1 to 2 minutes on an idle 2-core machine. Every measured round is
# also written to msrp4j-bench/target/transport-bench.csv (unless --csv names another file).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

# shellcheck source=bench-common.sh
source "$here/bench-common.sh"
bench_start "$@"

has_csv=0
for a in "${args[@]+"${args[@]}"}"; do
    [[ "$a" == --csv=* ]] && has_csv=1
done
if (( ! has_csv )); then
    mkdir -p "$here/target"
    args+=("--csv=$here/target/transport-bench.csv")
fi

# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
"$java" ${JAVA_OPTS:--Xms3g -Xmx3g -XX:+AlwaysPreTouch} -cp "$bench_jar" \
    org.msrp4j.bench.TransportBench "${args[@]}"
