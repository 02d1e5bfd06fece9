# Shared by the run-*-bench.sh scripts (sourced, not run): finding a JDK 21+.

# The major version of the java binary $1 (0 if it does not run).
java_major() {
    local out v
    out="$("$1" -version 2>&1)" || true
    v="$(printf '%s\n' "$out" | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
    case "$v" in
        "") echo 0 ;;
        1.*) echo "$v" | cut -d. -f2 ;;
        *) echo "${v%%[.+-]*}" ;;
    esac
}

# A java of 21 or newer: $JAVA_HOME's, else the one on PATH, else the newest under /usr/lib/jvm.
find_java() {
    local candidate best="" best_major=0 m
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(java_major "$JAVA_HOME/bin/java") >= 21 )); then
        echo "$JAVA_HOME/bin/java"
        return
    fi
    if candidate="$(command -v java 2>/dev/null)" && (( $(java_major "$candidate") >= 21 )); then
        echo "$candidate"
        return
    fi
    for candidate in /usr/lib/jvm/*/bin/java; do
        [[ -x "$candidate" ]] || continue
        m="$(java_major "$candidate")"
        if (( m >= 21 && m > best_major )); then
            best="$candidate"
            best_major="$m"
        fi
    done
    if [[ -z "$best" ]]; then
        echo "$(basename "$0"): no JDK 21 or newer (looked at JAVA_HOME, PATH, /usr/lib/jvm)" >&2
        exit 1
    fi
    echo "$best"
}

# The rest needs $here (this folder), $root (the repository) and $jar (the shared benchmarks.jar).

# Waits while another benchmark JVM runs (both runs would measure each other); at most an hour.
wait_for_other_benchmarks() {
    local waited=0 others
    while others="$(pgrep -f benchmarks.jar | grep -vx "$$" | paste -sd, -)" && [[ -n "$others" ]]; do
        if (( waited == 0 )); then
            echo "waiting for other benchmark JVMs to finish (pids $others; --no-wait skips this) ..."
        fi
        if (( waited >= 3600 )); then
            echo "$(basename "$0"): still busy after an hour (pids $others); giving up" >&2
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
            echo "$(basename "$0"): a Maven build has been running for 10 minutes; giving up" >&2
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
    echo "$(basename "$0"): could not build $jar" >&2
    exit 1
}

# Rebuilds the jar when $1 is 1, when it is missing or older than a source or pom of core, relay, streams or bench,
# then copies it into a private folder and sets $bench_jar to the copy: a rebuild of the shared jar
# during the run cannot break it, and the copy keeps the name benchmarks.jar, so other runs'
# "pgrep -f benchmarks.jar" still see this one.
private_jar() {
    local force="$1"
    if [[ $force -eq 0 && -f "$jar" ]] && [[ -n "$(find "$root/msrp4j-core/src/main" "$root/msrp4j-relay/src/main" \
            "$root/msrp4j-streams/src/main" "$root/msrp4j-bench-harness/src/main" "$here/src/main" "$root/pom.xml" \
            "$root/msrp4j-core/pom.xml" "$root/msrp4j-relay/pom.xml" "$root/msrp4j-streams/pom.xml" \
            "$root/msrp4j-bench-harness/pom.xml" "$here/pom.xml" \
            -newer "$jar" -print -quit)" ]]; then
        force=1
    fi
    if [[ $force -eq 1 || ! -f "$jar" ]]; then
        build_jar
    fi
    bench_work="$(mktemp -d "${TMPDIR:-/tmp}/msrp4j-bench.XXXXXX")"
    trap 'rm -rf "$bench_work"' EXIT
    wait_for_other_builds
    if ! cp "$jar" "$bench_work/benchmarks.jar" 2>/dev/null; then
        build_jar
        cp "$jar" "$bench_work/benchmarks.jar"
    fi
    bench_jar="$bench_work/benchmarks.jar"
}

# Prints the JDK, the CPU, and any process already busy (the figures would be lower and noisier).
describe_machine() {
    local busy
    echo "JDK: $("$java" -version 2>&1 | head -n 1) ($java)"
    echo "CPU: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1); kernel $(uname -r)"
    busy="$(ps -eo pid=,pcpu=,comm= | awk -v self=$$ '$2 > 20 && $1 != self && $3 != "ps" {print $3 " (" $2 "% CPU)"}' | paste -sd, -)"
    if [[ -n "$busy" ]]; then
        echo "note: busy processes before the run: $busy; the figures will be lower and noisier"
    fi
}

# The start every harness script shares: takes --build (rebuild the jar) and --no-wait (do not
# wait for other benchmark JVMs) out of "$@" and leaves the rest in the array $args, sets $java,
# waits for other benchmarks unless told not to, copies the jar ($bench_jar) and prints the machine.
bench_start() {
    local build=0 wait_others=1 a
    args=()
    for a in "$@"; do
        case "$a" in
            --build) build=1 ;;
            --no-wait) wait_others=0 ;;
            *) args+=("$a") ;;
        esac
    done
    java="$(find_java)"
    if (( wait_others )); then
        wait_for_other_benchmarks
    fi
    private_jar "$build"
    describe_machine
}
