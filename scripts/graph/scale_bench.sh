#!/usr/bin/env bash
# The 10M-enterprise scale run (issue #5 acceptance): snapshot build within the
# machine's memory, load from the snapshot file, UBO p50 and 2-hop p99.
#
#   scripts/graph/scale_bench.sh [ENTERPRISES=10000000] [QUERIES=10000] [HUB_CAP=1000]
#
# Heavy (tens of GB of RAM at 10M): run it alone. The snapshot goes to $WORK (default
# /tmp); it is deleted at the end unless KEEP=1.
set -euo pipefail
N=${1:-10000000}
Q=${2:-10000}
CAP=${3:-1000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
SCALE=${SCALE:-$BUILD/bench/graph/graph_scale}
WORK=${WORK:-/tmp}
SNAP="$WORK/jianwei-scale-$N.jwg"
[ -x "$SCALE" ] || { echo "build graph_scale first (ninja -C $BUILD graph_scale)" >&2; exit 2; }
[ "${KEEP:-0}" = 1 ] || trap 'rm -f "$SNAP" "$SNAP.truth.json"' EXIT
echo "== build (generate + snapshot) for $N enterprises" >&2
/usr/bin/time -v "$SCALE" build --enterprises "$N" --snapshot "$SNAP" 2> "$WORK/scale-build.time"
grep -E "Maximum resident|Elapsed" "$WORK/scale-build.time" >&2
# Drop the page cache's advantage is not possible without root; the first query run maps
# the file cold only if the cache was evicted. Report both runs.
echo "== queries ($Q random enterprises, hub cap $CAP)" >&2
"$SCALE" query --snapshot "$SNAP" --queries "$Q" --hub-cap "$CAP"
