#!/usr/bin/env bash
# Fuzzes ChunkParser with Jazzer (ChunkParserFuzzTest in fuzzing mode) for a bounded time.
#
#   bash .ci/fuzz.sh        (from anywhere; works on the repository it lives in)
#
# Time: the fuzz test stops itself after @FuzzTest(maxDuration) = 75 s (JAZZER_MAX_DURATION
# overrides it with jazzer-junit >= 0.26.0); the whole script, build included, is cut at
# FUZZ_TIMEOUT seconds (default 120), which also bounds a hang inside the parser.
#
# Exit status: 0 when Jazzer found nothing; non-zero when it found a crash, the build failed, or
# the run was cut by the time limit. Jazzer saves a crashing input as crash-<sha1> in the test's
# inputs directory (below), where the normal `mvn test` replays it: commit it together with the fix.
set -uo pipefail

cd "$(dirname "$0")/.."
INPUTS=msrp4j-core/src/test/resources/org/msrp4j/protocol/ChunkParserFuzzTestInputs
LIMIT=${FUZZ_TIMEOUT:-120}
LOG=$(mktemp -t fuzz-log.XXXXXX)
STAMP=$(mktemp -t fuzz-stamp.XXXXXX)   # files newer than this one were written by this run

echo "fuzz.sh: fuzzing ChunkParser, at most $LIMIT s in all; full log in $LOG"
JAZZER_FUZZ=1 JAZZER_MAX_DURATION=${JAZZER_MAX_DURATION:-75s} timeout --kill-after=10 "$LIMIT" \
    mvn -B -pl msrp4j-core test -Dtest=ChunkParserFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
    2>&1 | tee "$LOG" | awk '
        # Leave out the noise: jazzer-junit 0.24.0 cannot instrument JDK 25 classes (class file
        # version 69) and prints a stack trace for each; also the per-class instrumentation lines.
        /Failed to instrument/ { skip = 1; next }
        skip && (/Unsupported class file major version/ || /^\t(at |\.\.\.)/) { next }
        { skip = 0 }
        /^INFO: (Instrumented|Loaded [0-9]+ hooks)/ { next }
        { print; fflush() }'
rc=${PIPESTATUS[0]}

echo "fuzz.sh: libFuzzer summary:"
grep -E '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs' "$LOG" | sed 's/^/  /'

# What Jazzer saved: in the inputs directory, or in the module directory when it does not find it.
mapfile -t found < <( { find "$INPUTS" -type f -newer "$STAMP"
    find msrp4j-core -maxdepth 1 -type f -newer "$STAMP" \
        \( -name 'crash-*' -o -name 'timeout-*' -o -name 'slow-unit-*' -o -name 'oom-*' \); } 2>/dev/null | sort -u)
rm -f "$STAMP"

if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    # Killing the JVM makes Jazzer save the input it was running as crash-<sha1>. That is the
    # culprit if the parser hangs, but usually only the input that happened to run when a slow
    # machine ran out of time: keep it out of the committed corpus and let a person judge.
    echo "fuzz.sh: FAILED: the run was cut after $LIMIT s (a hang in the parser, or a slow machine)"
    if [ "${#found[@]}" -gt 0 ]; then
        mkdir -p msrp4j-core/target/fuzz-interrupted
        moved=()
        for f in "${found[@]}"; do
            mv "$f" msrp4j-core/target/fuzz-interrupted/ && moved+=("msrp4j-core/target/fuzz-interrupted/$(basename "$f")")
        done
        found=("${moved[@]}")
        echo "fuzz.sh: the input(s) running when the run was cut (replay them to tell a hang from a slow machine):"
    fi
elif [ "$rc" -ne 0 ]; then
    echo "fuzz.sh: FAILED (exit $rc): Jazzer found a crash, or the build failed; see $LOG"
    [ "${#found[@]}" -gt 0 ] && echo "fuzz.sh: crashing input(s) saved at:"
else
    echo "fuzz.sh: no finding"
fi
for f in "${found[@]}"; do
    echo "  $f"
    head -c 300 "$f" | od -An -c | head -n 6 | sed 's/^/      /'
done
exit "$rc"
