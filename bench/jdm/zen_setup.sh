# Sourced by the zen-engine scripts of bench/jdm: sets `root`, `dir` (the graph
# directory, $1 or ../shared/data/jdm/graphs, made absolute because Node runs in
# `work`), `version` (ZEN_VERSION, default 0.54.0) and `work` (ZEN_WORK, default
# build/zen-compare), and installs @gorules/zen-engine there from npm once.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$(realpath "${1:-$root/../shared/data/jdm/graphs}")"
version="${ZEN_VERSION:-0.54.0}"
work="${ZEN_WORK:-$root/build/zen-compare}"
mkdir -p "$work"
if [ ! -d "$work/node_modules/@gorules/zen-engine" ]; then
  (cd "$work" && npm init -y >/dev/null && npm install --silent "@gorules/zen-engine@$version")
fi
