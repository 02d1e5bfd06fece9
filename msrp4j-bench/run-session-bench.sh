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
# msrp with default SessionOptions, msrp tuned), TCP and TLS; 20,000 sequential round trips and
# 500,000 pipelined messages per round over TCP and TLS; about 3 minutes on an idle 2-core machine.
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
    while others="$(pgrep -f benchmarks.jar | grep -vx "$$" | paste -sd, -)" && [[ -n "$others" ]]; do
        if (( waited == 0 )); then
            echo "waiting for other benchmark JVMs to finish (pids $others; --no-wait skips this) ..."
        fi
        if (( waited >= 3600 )); then
            echo "run-session-bench.sh: still busy after an hour (pids $others); giving up" >&2
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
            echo "run-session-bench.sh: a Maven build has been running for 10 minutes; giving up" >&2
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
    echo "run-session-bench.sh: could not build $jar" >&2
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
work="$(mktemp -d "${TMPDIR:-/tmp}/msrp4j-session-bench.XXXXXX")"
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

# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
"$java" ${JAVA_OPTS:--Xms64m -Xmx64m} -cp "$work/benchmarks.jar" org.msrp4j.bench.SessionBench \
    "--dir=${TMPDIR:-/tmp}" "${args[@]+"${args[@]}"}"
