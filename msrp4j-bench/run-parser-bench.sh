#!/usr/bin/env bash
# Runs the parser benchmarks (org.msrp4j.bench.ParserBenchmark) and prints chunks/s, MB/s and the
# ratio to the System.arraycopy baseline of the same workload.
#
# Usage: msrp4j-bench/run-parser-bench.sh [--build] [--quick] [extra JMH options...]
#   --build   rebuild the benchmark jar even if it looks up to date
#   --quick   a short smoke run (-f 1 -wi 1 -w 1s -i 2 -r 1s) instead of the default settings
#   RESULT=path  where to write JMH's JSON (default msrp4j-bench/target/parser-bench.json)
#   BENCH=regex  which benchmarks to run (default: all of ParserBenchmark), e.g. BENCH='ParserBenchmark.small'
#                runs small and smallBaseline
# Defaults suit a 2-core machine and take about 6 minutes: 2 forks x (5 x 2 s warm-up +
# 5 x 2 s measurement) for each of the 8 benchmarks. Extra options go to JMH and override these,
# e.g. "-prof gc".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
result="${RESULT:-$here/target/parser-bench.json}"
pattern="${BENCH:-org\.msrp4j\.bench\.ParserBenchmark\.}"

build=0
settings=(-f 2 -wi 5 -w 2s -i 5 -r 2s)
extra=()
for a in "$@"; do
    case "$a" in
        --build) build=1 ;;
        --quick) settings=(-f 1 -wi 1 -w 1s -i 2 -r 1s) ;;
        *) extra+=("$a") ;;
    esac
done

# shellcheck source=bench-common.sh
source "$here/bench-common.sh"

java="$(find_java)"

# Rebuild when the jar is missing or older than any source or pom of core or bench.
if [[ $build -eq 0 && -f "$jar" ]] && [[ -n "$(find "$root/msrp4j-core/src/main" "$here/src" \
        "$root/pom.xml" "$root/msrp4j-core/pom.xml" "$here/pom.xml" -newer "$jar" -print -quit)" ]]; then
    build=1
fi
if [[ $build -eq 1 || ! -f "$jar" ]]; then
    echo "Building $jar ..."
    # (Maven 3.8 prints colour codes even in batch mode: strip them.)
    (cd "$root" && mvn -B -q -Dstyle.color=never -pl msrp4j-bench -am package -DskipTests) 2>&1 \
        | sed 's/\x1b\[[0-9;]*m//g'
fi

echo "JDK: $("$java" -version 2>&1 | head -n 1) ($java)"
echo "CPU: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"

sizes="$(mktemp)"
trap 'rm -f "$sizes"' EXIT
"$java" -cp "$jar" org.msrp4j.bench.Workloads >"$sizes"

mkdir -p "$(dirname "$result")"
"$java" -jar "$jar" "${settings[@]}" -rf json -rff "$result" "${extra[@]}" "$pattern"

python3 - "$result" "$sizes" <<'EOF'
import json, sys

results, sizes = sys.argv[1], sys.argv[2]
per_chunk = {}
for line in open(sizes):
    name, chunks, wire, body, slice_, bpc = line.split()
    per_chunk[name] = (int(wire) / int(chunks), int(body) / int(chunks), int(slice_))

scores = {}
for r in json.load(open(results)):
    name = r["benchmark"].rsplit(".", 1)[1]
    m = r["primaryMetric"]
    scores[name] = (float(m["score"]), float(m["scoreError"]))  # "NaN" when too few iterations

def num(x, digits=0):
    return "n/a" if x != x else f"{x:,.{digits}f}"

print()
print("ops are chunks; MB = 10^6 bytes of wire input (start line + headers + body + end-line),")
print("body MB/s counts body bytes only;")
print("error = JMH's 99.9% confidence half-width; ratio = parser score / arraycopy score of the same input")
header = f"{'benchmark':<16}{'bytes/chunk':>12}{'slice':>7}{'chunks/s':>16}{'+/-':>14}{'MB/s':>11}{'+/-':>9}{'body MB/s':>11}{'vs baseline':>13}"
print(header)
print("-" * len(header))
for name in sorted(scores):
    base = name[:-len("Baseline")] if name.endswith("Baseline") else name
    if base not in per_chunk:
        continue
    bpc, body_pc, slice_ = per_chunk[base]
    score, err = scores[name]
    ratio = ""
    if name == base and base + "Baseline" in scores:
        ratio = f"{score / scores[base + 'Baseline'][0]:.3f}"
    print(f"{name:<16}{bpc:>12.1f}{slice_ // 1024:>6}K{num(score):>16}{num(err):>14}"
          f"{num(score * bpc / 1e6, 1):>11}{num(err * bpc / 1e6, 1):>9}"
          f"{num(score * body_pc / 1e6, 1):>11}{ratio:>13}")
print()
print(f"JSON: {results}")
EOF
