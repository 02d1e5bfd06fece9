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

build=0
wait_others=1
args=()
for a in "$@"; do
    case "$a" in
        --build) build=1 ;;
        --no-wait) wait_others=0 ;;
        *) args+=("$a") ;;
    esac
done

# shellcheck source=bench-common.sh
source "$here/bench-common.sh"

# Waits while another benchmark JVM runs (both runs would measure each other); at most an hour.
wait_for_other_benchmarks() {
    local waited=0 others
    while others="$(pgrep -f benchmarks.jar | paste -sd, -)" && [[ -n "$others" ]]; do
        if (( waited == 0 )); then
            echo "waiting for other benchmark JVMs to finish (pids $others; --no-wait skips this) ..."
        fi
        if (( waited >= 3600 )); then
            echo "run-transport-bench.sh: still busy after an hour (pids $others); giving up" >&2
            exit 1
        fi
        sleep 10
        waited=$((waited + 10))
    done
    if (( waited > 0 )); then
        echo "... done waiting after ${waited} s"
    fi
}

# Waits while another Maven build of this project runs (two builds of the shared jar at once leave
# it broken or missing).
wait_for_other_builds() {
    local waited=0
    while pgrep -f "maven.multiModuleProjectDirectory=$root(/| |$)" >/dev/null; do
        if (( waited == 0 )); then
            echo "waiting for another Maven build of $root to finish ..."
        fi
        if (( waited >= 600 )); then
            echo "run-transport-bench.sh: a Maven build has been running for 10 minutes; giving up" >&2
            exit 1
        fi
        sleep 5
        waited=$((waited + 5))
    done
}

# Builds the jar; retried when it fails, which is what a build colliding with another one does.
build_jar() {
    local attempt
    for attempt in 1 2 3; do
        wait_for_other_builds
        echo "Building $jar ..."
        if (cd "$root" && mvn -B -q -Dstyle.color=never -pl msrp4j-bench -am package -DskipTests) 2>&1 \
                | sed 's/\x1b\[[0-9;]*m//g' && [[ -f "$jar" ]]; then
            return
        fi
        echo "the build failed (attempt $attempt of 3)" >&2
        sleep 15
    done
    echo "run-transport-bench.sh: could not build $jar" >&2
    exit 1
}

java="$(find_java)"
if (( wait_others )); then
    wait_for_other_benchmarks
fi

# Rebuild when the jar is missing or older than a source or pom of core or bench.
if [[ $build -eq 0 && -f "$jar" ]] && [[ -n "$(find "$root/msrp4j-core/src/main" "$here/src/main" \
        "$root/pom.xml" "$root/msrp4j-core/pom.xml" "$here/pom.xml" -newer "$jar" -print -quit)" ]]; then
    build=1
fi
if [[ $build -eq 1 || ! -f "$jar" ]]; then
    build_jar
fi

# Run from a private copy, so that a rebuild of the shared jar during the run cannot break it; the
# copy keeps the name benchmarks.jar, so other runs' "pgrep -f benchmarks.jar" still see this one.
work="$(mktemp -d "${TMPDIR:-/tmp}/msrp4j-transport-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
wait_for_other_builds
if ! cp "$jar" "$work/benchmarks.jar" 2>/dev/null; then
    build_jar
    cp "$jar" "$work/benchmarks.jar"
fi

echo "JDK: $("$java" -version 2>&1 | head -n 1) ($java)"
echo "CPU: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1); kernel $(uname -r)"
busy="$(ps -eo pid=,pcpu=,comm= | awk -v self=$$ '$2 > 20 && $1 != self && $3 != "ps" {print $3 " (" $2 "% CPU)"}' | paste -sd, -)"
if [[ -n "$busy" ]]; then
    echo "note: busy processes before the run: $busy; the figures will be lower and noisier"
fi

has_csv=0
for a in "${args[@]+"${args[@]}"}"; do
    [[ "$a" == --csv=* ]] && has_csv=1
done
if (( ! has_csv )); then
    mkdir -p "$here/target"
    args+=("--csv=$here/target/transport-bench.csv")
fi

# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
"$java" ${JAVA_OPTS:--Xms3g -Xmx3g -XX:+AlwaysPreTouch} -cp "$work/benchmarks.jar" \
    org.msrp4j.bench.TransportBench "${args[@]}"
