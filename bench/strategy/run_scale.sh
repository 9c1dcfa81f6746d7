#!/usr/bin/env bash
# The Scale acceptance of issue #3, measured end to end:
#   1. `jianwei gen deployment` writes 600 flows, 40,000 rules, 400 logistic/scorecard
#      models over 200,000 declared features, and documents for the 2,000-rule flow;
#   2. a process that only validates + loads the package, under /usr/bin/time -v:
#      wall time (target <= 10 s) and peak resident memory (target <= 4 GB);
#   3. `jianwei bench deployment --as-served`: p50/p99 of Decide() on the 2,000-rule flow
#      on one thread pinned to one core (target p99 <= 50 us), over pre-parsed documents
#      and over documents each parsed right before its decision, with the fixed-work peer;
#   4. the same as served with another flow (flow_0001) decided before each decision on
#      the same thread and scratch (--interleave): a serving thread's mixed traffic.
# Usage: bench/strategy/run_scale.sh [BUILD_DIR]   (env: SCALE_DIR, SEED, DECISIONS)
set -euo pipefail

BUILD=${1:-build}
JW=$BUILD/src/cli/jianwei
if [[ ! -x $JW ]]; then
  echo "run_scale: $JW not found; build it first (ninja -C $BUILD jianwei)" >&2
  exit 1
fi
WORK=${SCALE_DIR:-$(mktemp -d /tmp/jianwei-scale.XXXXXX)}
PKG=$WORK/package
rm -rf "$PKG"
mkdir -p "$WORK"

echo "== generate ($PKG)"
"$JW" gen deployment --out "$PKG" --documents 2000 --seed "${SEED:-42}" | tee "$WORK/gen.json"

echo "== validate + load (/usr/bin/time -v)"
/usr/bin/time -v "$JW" bench deployment --package "$PKG" --load-only 2> "$WORK/time.txt" |
  tee "$WORK/load.txt"
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
         n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' \
       "$WORK/time.txt")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$WORK/time.txt")

echo "== decide the 2,000-rule flow"
"$JW" bench deployment --package "$PKG" --flow scale_2000 --decisions "${DECISIONS:-20000}" \
  --as-served | tee "$WORK/decide.txt"
p50=$(grep -o ' p50_us=[0-9.]*' "$WORK/decide.txt" | cut -d= -f2)
p99=$(grep -o ' p99_us=[0-9.]*' "$WORK/decide.txt" | cut -d= -f2)
# As served: each document parsed right before its decision (the service's case).
served_p50=$(sed -n 's/^as served .*max \([0-9.]*\) \/ [0-9.]* \/ [0-9.]* \/ [0-9.]* us;.*/\1/p' "$WORK/decide.txt")
served_p99=$(sed -n 's/^as served .*max [0-9.]* \/ [0-9.]* \/ \([0-9.]*\) \/ [0-9.]* us;.*/\1/p' "$WORK/decide.txt")
peer_p99=$(grep -o 'peer_p99_us=[0-9.]*' "$WORK/decide.txt" | cut -d= -f2)

echo "== the same with flow_0001 decided before each decision (mixed traffic)"
"$JW" bench deployment --package "$PKG" --flow scale_2000 --decisions "${DECISIONS:-20000}" \
  --as-served --interleave flow_0001 | tee "$WORK/interleaved.txt"
mixed_p50=$(sed -n 's/^as served .*max \([0-9.]*\) \/ [0-9.]* \/ [0-9.]* \/ [0-9.]* us;.*/\1/p' "$WORK/interleaved.txt")
mixed_p99=$(sed -n 's/^as served .*max [0-9.]* \/ [0-9.]* \/ \([0-9.]*\) \/ [0-9.]* us;.*/\1/p' "$WORK/interleaved.txt")

verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "ok" : "MISSED" }'; }
echo
echo "== Scale acceptance (issue #3)"
printf '%-34s %12s %12s  %s\n' "measure" "value" "target" "verdict"
printf '%-34s %10.2f s %10s s  %s  (cpu %.2f s)\n' "validate + load, wall" "$wall" "10" \
  "$(verdict "$wall" 10)" "$cpu"
printf '%-34s %9.0f MB %9s MB  %s\n' "validate + load, peak RSS" "$((rss_kb / 1024))" "4096" \
  "$(verdict "$((rss_kb / 1024))" 4096)"
printf '%-34s %9s us %9s us  %s\n' "decide 2,000 rules, p50" "$p50" "-" ""
printf '%-34s %9s us %9s us  %s\n' "decide 2,000 rules, p99" "$p99" "50" "$(verdict "$p99" 50)"
printf '%-34s %9s us %9s us  %s\n' "as served (parsed just before), p50" "$served_p50" "-" ""
printf '%-34s %9s us %9s us  %s\n' "as served (parsed just before), p99" "$served_p99" "50" \
  "$(verdict "$served_p99" 50)"
printf '%-34s %9s us %9s us  %s\n' "as served, flow_0001 between, p50" "$mixed_p50" "-" ""
printf '%-34s %9s us %9s us  %s\n' "as served, flow_0001 between, p99" "$mixed_p99" "50" \
  "$(verdict "$mixed_p99" 50)"
printf '%-34s %9s us %9s us  %s\n' "peer of the median's length, p99" "$peer_p99" "-" \
  "(the machine's own tail)"
echo "(files in $WORK)"
