#!/usr/bin/env bash
# Runs the chat stream harness (org.msrp4j.bench.ChatBench): sequential 100-byte text messages over
# loopback TCP in one JVM, sent three ways in the same rounds: MsrpSession.deliverChunk (until the
# 200 response), MsrpSession.sendMessage with Failure-Report: partial and Success-Report: yes (until
# the success REPORT; the session's part of what the chat does), and ChatStream.sendMessage between
# two chat streams with the default settings (every message in CPIM, Success-Report: yes; until
# delivered, on the success REPORT), taking turns in each round. Prints messages/s, p50/p99 latency,
# CPU time and heap allocation per message of each, the ratio chat / deliverChunk with the verdict
# on the goal (the stream layer costs under 20%: ratio >= 0.80) on messages/s and on CPU time, and
# chat / session sendMessage (the chat layer alone). Runs with one JDK read poller
# (-Djdk.readPollers=1) unless JAVA_OPTS names another count: with the JDK's default (two on two
# cores) a connection whose two ends in this JVM share a poller answers faster, and which one does
# depends on the order they were set up (see ChatBench's class comment).
#
# Usage: msrp4j-bench/run-chat-bench.sh [--build] [--no-wait] [--quick] [ChatBench options...]
#   --build    rebuild the benchmark jar even if it looks up to date
#   --no-wait  do not wait for other benchmark JVMs (pgrep -f benchmarks.jar) to finish first
#   --quick    a smoke run (2,000 messages, 2 rounds; a few seconds): too short a warm-up for
#              figures to quote
#   other options go to ChatBench: --messages=N (per round, default 20,000), --rounds=R (default 5),
#   --warmup=N (messages of each kind before measuring, default 20,000), --listening (the chat
#   listeners hear gotMessage and didDeliverMessage, each a hand-off to the stream's event thread;
#   by default they ignore every event, and the stream posts them none), --plain-first (set up the
#   plain sessions before the chat streams, as runs before 2026-12-07 did: the pair set up first
#   answered faster, through the read pollers above; see docs/benchmarks.md)
#   JAVA_OPTS  JVM options (default -Xms256m -Xmx256m)
# Defaults take about a minute on an idle 2-core machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

# shellcheck source=bench-common.sh
source "$here/bench-common.sh"
bench_start "$@"

# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
"$java" ${JAVA_OPTS:--Xms256m -Xmx256m} -cp "$bench_jar" org.msrp4j.bench.ChatBench "${args[@]+"${args[@]}"}"
