#!/usr/bin/env bash
# Fuzzes the project's parsers with Jazzer, one @FuzzTest class at a time, each for a bounded time.
#
#   bash .ci/fuzz.sh                 (from anywhere; works on the repository it lives in)
#   bash .ci/fuzz.sh ChunkParser     (only the targets whose test class contains that word)
#
# Targets: the TARGETS table below (module, test class, inputs directory). Each fuzz test stops
# itself after JAZZER_MAX_DURATION (default 40 s; jazzer-junit >= 0.26.0 reads it); each run, build
# included, is cut at FUZZ_TIMEOUT seconds (default 100), which also bounds a hang in a parser.
#
# Exit status: 0 when Jazzer found nothing in any target; non-zero when one found a crash, a build
# failed, or a run was cut by the time limit. Jazzer saves a crashing input as crash-<sha1> in the
# test's inputs directory, where the normal `mvn test` replays it: commit it together with the fix.
set -uo pipefail

cd "$(dirname "$0")/.."
LIMIT=${FUZZ_TIMEOUT:-100}
DURATION=${JAZZER_MAX_DURATION:-40s}
ONLY=${1:-}

# module | fully qualified test class | inputs directory (Jazzer's corpus and crash files)
TARGETS=(
  "msrp4j-core|org.msrp4j.protocol.ChunkParserFuzzTest|src/test/resources/org/msrp4j/protocol/ChunkParserFuzzTestInputs"
  "msrp4j-relay|org.msrp4j.relay.RelayFuzzTest|src/test/resources/org/msrp4j/relay/RelayFuzzTestInputs"
  "msrp4j-streams|org.msrp4j.sdp.SdpParserFuzzTest|src/test/resources/org/msrp4j/sdp/SdpParserFuzzTestInputs"
  "msrp4j-streams|org.msrp4j.cpim.CpimMessageFuzzTest|src/test/resources/org/msrp4j/cpim/CpimMessageFuzzTestInputs"
  "msrp4j-streams|org.msrp4j.chat.payload.IsComposingFuzzTest|src/test/resources/org/msrp4j/chat/payload/IsComposingFuzzTestInputs"
  "msrp4j-streams|org.msrp4j.chat.payload.ImdnFuzzTest|src/test/resources/org/msrp4j/chat/payload/ImdnFuzzTestInputs"
)

fuzz_one() {  # module, class, inputs; returns the target's exit status
  local module=$1 class=$2 inputs="$1/$3"
  local simple=${class##*.}
  local log stamp rc
  log=$(mktemp -t "fuzz-$simple.XXXXXX")
  stamp=$(mktemp -t fuzz-stamp.XXXXXX)   # files newer than this one were written by this run
  echo "fuzz.sh: fuzzing $simple ($module) for $DURATION, at most $LIMIT s with the build; log in $log"
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION=$DURATION timeout --kill-after=10 "$LIMIT" \
      mvn -B -o -pl "$module" -am test -Dtest="$simple" -Dsurefire.failIfNoSpecifiedTests=false \
      >"$log" 2>&1
  rc=$?
  grep -E '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs|Tests run:.*Fail|BUILD (SUCCESS|FAILURE)' "$log" \
      | tail -n 4 | sed 's/^/  /'

  # What Jazzer saved: in the inputs directory, or in the module directory when it does not find it.
  local found=()
  mapfile -t found < <( { find "$inputs" -type f -newer "$stamp"
      find "$module" -maxdepth 1 -type f -newer "$stamp" \
          \( -name 'crash-*' -o -name 'timeout-*' -o -name 'slow-unit-*' -o -name 'oom-*' \); } 2>/dev/null | sort -u)
  rm -f "$stamp"

  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
      # Killing the JVM makes Jazzer save the input it was running as crash-<sha1>. That is the
      # culprit if the parser hangs, but usually only the input that happened to run when a slow
      # machine ran out of time: keep it out of the committed corpus and let a person judge.
      echo "fuzz.sh: $simple FAILED: the run was cut after $LIMIT s (a hang, or a slow machine)"
      if [ "${#found[@]}" -gt 0 ]; then
          mkdir -p "$module/target/fuzz-interrupted"
          local moved=() f
          for f in "${found[@]}"; do
              mv "$f" "$module/target/fuzz-interrupted/" && moved+=("$module/target/fuzz-interrupted/$(basename "$f")")
          done
          found=("${moved[@]}")
          echo "fuzz.sh: the input(s) running when the run was cut (replay them to tell a hang from a slow machine):"
      fi
  elif [ "$rc" -ne 0 ]; then
      echo "fuzz.sh: $simple FAILED (exit $rc): Jazzer found a crash, or the build failed; see $log"
      [ "${#found[@]}" -gt 0 ] && echo "fuzz.sh: crashing input(s) saved at:"
  else
      echo "fuzz.sh: $simple: no finding"
  fi
  local f
  for f in "${found[@]}"; do
      echo "  $f"
      head -c 300 "$f" | od -An -c | head -n 6 | sed 's/^/      /'
  done
  return "$rc"
}

status=0
for target in "${TARGETS[@]}"; do
  IFS='|' read -r module class inputs <<<"$target"
  if [ -n "$ONLY" ] && [[ "$class" != *"$ONLY"* ]]; then
    continue
  fi
  fuzz_one "$module" "$class" "$inputs" || status=1
done
exit "$status"
