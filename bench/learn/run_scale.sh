#!/usr/bin/env bash
# Builds and runs the learn scale benchmark once: 1,000,000 rows × 50 features through
# binning, filters, stepwise selection and the logistic fit (target: <= 60 s on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build -j1 learn_scale_bench
/usr/bin/time -v ./build/bench/learn/learn_scale_bench "${1:-1000000}" "${2:-50}" "${3:-2}" 2> >(grep -E "Maximum resident|Elapsed" >&2)
