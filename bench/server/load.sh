#!/usr/bin/env bash
# The decision service under load (issue #6 acceptance): starts `jianwei serve --demo`
# on a fresh SQLite store, drives POST /v1/decide/pre_loan with wrk over keep-alive
# connections (the demo samples, round robin), first with the durable decision log on,
# then off, and prints decisions/s, p99 latency and the server's CPU time per decision
# (user+system of all its threads, from /proc, over the measured run; the decision log's
# writer, and its indexer + SQLite checkpointer + spare-segment thread, also apart) for
# both, with the load average before, between and after. Builds nothing.
#
#   bench/server/load.sh [BUILD_DIR]      (env: DURATION=10s CONNECTIONS="40 64"
#                                               WRK_THREADS=1 SERVER_THREADS=1
#                                               SERVE_ARGS="--log-group-us 500")
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
bin=$build/src/cli/jianwei
duration=${DURATION:-10s}
# One or more connection counts, each run with the log on and off: at 64 connections
# the two cores are saturated and the tail is queueing; at 40 the rate and the p99
# target (>= 20,000/s at <= 5 ms) meet (docs/service.md, "The spare's zeros").
connection_counts=${CONNECTIONS:-40 64}
wrk_threads=${WRK_THREADS:-1}
# One I/O thread: wrk needs most of a core of the two, and on this VM a second I/O
# thread costs more in context switches and wake-ups than it adds (docs/service.md,
# "One I/O thread under wrk": 38-45 against 52-63 us of server CPU a decision, log on).
server_threads=${SERVER_THREADS:-1}
[ -x "$bin" ] || { echo "load.sh: $bin not built (ninja -C $build jianwei)" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  echo "load.sh: installing wrk" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get install -y -qq wrk >/dev/null
fi
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
samples=$root/packages/sme-tax-loan/samples/applications.jsonl

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# utime + stime of every thread of process $1, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# The same for its threads named $2 (the store names its writer and checkpointer).
thread_ticks() {
  local t sum=0
  for t in /proc/$1/task/*; do
    [ "$(cat "$t/comm" 2>/dev/null)" = "$2" ] && sum=$((sum + $(awk '{ print $14 + $15 }' "$t/stat")))
  done
  echo $sum
}

run() {  # $1: on|off
  rm -rf "$work"/*
  "$bin" serve --demo --store "$work/store.db" --cache "$work/cache" --listen 127.0.0.1:0 \
    --threads "$server_threads" --decision-log "$1" ${SERVE_ARGS:-} >"$work/serve.out" 2>"$work/serve.err" &
  server=$!
  for _ in $(seq 100); do grep -q '^listening on' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$work/serve.out")
  [ -n "$url" ] || { cat "$work/serve.err" >&2; exit 1; }
  key=$(sed -n 's/.*"demo-client": "\(.*\)".*/\1/p' "$work/cache.demo-keys.json")
  # Warm up (connections, page cache, SQLite WAL), then measure.
  wrk -t"$wrk_threads" -c"$connections" -d2s -s "$root/bench/server/decide.lua" \
    "$url/v1/decide/pre_loan" -- "$key" "$samples" >/dev/null
  local cpu_before cpu_after writer_before writer_after index_before index_after
  cpu_before=$(cpu_ticks $server)
  writer_before=$(thread_ticks $server jw-log-writer)
  index_before=$(( $(thread_ticks $server jw-log-indexer) + $(thread_ticks $server jw-checkpoint) + $(thread_ticks $server jw-log-spare) ))
  wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency \
    -s "$root/bench/server/decide.lua" "$url/v1/decide/pre_loan" -- "$key" "$samples" \
    >"$work/wrk.out"
  cpu_after=$(cpu_ticks $server)
  writer_after=$(thread_ticks $server jw-log-writer)
  index_after=$(( $(thread_ticks $server jw-log-indexer) + $(thread_ticks $server jw-checkpoint) + $(thread_ticks $server jw-log-spare) ))
  local rps p50 p99 errors requests cpu_us writer_us index_us
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
  errors=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.out")
  requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
  per_decision() {  # ticks -> microseconds per request
    awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
      'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }'
  }
  cpu_us=$(per_decision $((cpu_after - cpu_before)))
  writer_us=$(per_decision $((writer_after - writer_before)))
  index_us=$(per_decision $((index_after - index_before)))
  printf 'decision log %-3s  %10s decisions/s  p50 %8s  p99 %8s  non-2xx %s  server CPU %s us/decision (log writer %s, indexer+checkpoint+spare %s)  [%s connections, %s I/O threads, %s, load %s]\n' \
    "$1" "$rps" "$p50" "$p99" "${errors:-0}" "$cpu_us" "$writer_us" "$index_us" "$connections" "$server_threads" "$duration" "$(loadavg)"
  if [ "$1" = on ]; then
    verdicts+=("$(verdict "$connections" "$rps" "$p99" "${errors:-0}")")
  fi
  kill -INT $server; wait $server || true
}

# The acceptance of issue #6 for one log-on run: >= 20,000 decisions/s at p99 <= 5 ms,
# no failed request. wrk prints latencies as 850.00us, 3.39ms or 1.20s.
verdict() {  # connections rps p99 non-2xx
  awk -v c="$1" -v rps="$2" -v p99="$3" -v bad="$4" 'BEGIN {
    ms = p99 + 0
    if (p99 ~ /us$/) ms /= 1000; else if (p99 ~ /s$/ && p99 !~ /ms$/) ms *= 1000
    ok = rps >= 20000 && ms <= 5 && bad == 0
    printf "%3s connections: %9.0f decisions/s at p99 %.2f ms  %s", c, rps, ms, ok ? "ok" : "MISSED"
  }'
}
verdicts=()

echo "load average before: $(loadavg)"
for connections in $connection_counts; do
  run on
  run off
done
echo "load average after:  $(loadavg)"
echo "target with the log on (>= 20,000 decisions/s at p99 <= 5 ms, issue #6):"
printf '  %s\n' "${verdicts[@]}"
