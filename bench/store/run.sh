#!/usr/bin/env bash
# Decision-log benchmark on both drivers: starts a private PostgreSQL server
# (scripts/pg-test-server.sh, default durability settings: fsync and synchronous_commit
# on), runs build/bench/store/store_bench, stops the server.
#   bench/store/run.sh [BUILD=build]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
DIR=/tmp/jianwei-pg-bench-$$
trap '"$ROOT/scripts/pg-test-server.sh" stop "$DIR"' EXIT
"$ROOT/scripts/pg-test-server.sh" start "$DIR"
if [ -f "$DIR/url" ]; then export JIANWEI_BENCH_PG_URL=$(cat "$DIR/url"); fi
"$BUILD/bench/store/store_bench" "${@:2}"
