#!/usr/bin/env bash
# Side by side: zen-engine (Rust through Node, npm @gorules/zen-engine) against
# `jianwei jdm bench` on the same graphs and the same first test inputs, on this
# machine, one thread each. Prints both means (ns per evaluation) and the ratio.
#
# usage: bench/jdm/zen_compare.sh [GRAPH_DIR] [SECONDS_PER_GRAPH]
# env:   JIANWEI=path/to/jianwei (default build/src/cli/jianwei), ZEN_VERSION (0.54.0)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="${1:-$root/../shared/data/jdm/graphs}"
seconds="${2:-0.5}"
jianwei="${JIANWEI:-$root/build/src/cli/jianwei}"
version="${ZEN_VERSION:-0.54.0}"
work="${ZEN_WORK:-$root/build/zen-compare}"

mkdir -p "$work"
if [ ! -d "$work/node_modules/@gorules/zen-engine" ]; then
  (cd "$work" && npm init -y >/dev/null && npm install --silent "@gorules/zen-engine@$version")
fi

cat > "$work/bench.mjs" <<'JS'
import { ZenEngine } from '@gorules/zen-engine';
import fs from 'node:fs';
import path from 'node:path';
const [dir, seconds] = [process.argv[2], Number(process.argv[3])];
const engine = new ZenEngine();
const files = fs.statSync(dir).isFile() ? [dir]
  : fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort().map(f => path.join(dir, f));
let total = 0, count = 0;
for (const file of files) {
  const graph = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!graph.tests || graph.tests.length === 0) continue;
  if (graph.nodes.some(n => n.type === 'functionNode')) continue;
  const input = graph.tests[0].input;
  let decision;
  try {
    decision = engine.createDecision(Buffer.from(JSON.stringify(graph)));
    await decision.evaluate(input);
  } catch (e) { continue; }
  const budget = seconds * 1e9;
  const start = process.hrtime.bigint();
  let n = 0;
  while (Number(process.hrtime.bigint() - start) < budget) {
    for (let k = 0; k < 16; ++k) await decision.evaluate(input);
    n += 16;
  }
  const ns = Number(process.hrtime.bigint() - start) / n;
  console.log(`${path.basename(file).padEnd(50)} ${ns.toFixed(0).padStart(12)} ns`);
  total += ns; ++count;
}
console.log(`mean over ${count} graphs: ${(total / count).toFixed(0)} ns per evaluation`);
JS

echo "== zen-engine $version through Node $(node --version)"
zen_out="$(cd "$work" && node bench.mjs "$dir" "$seconds")"
echo "$zen_out"
echo "== jianwei jdm bench"
jw_out="$("$jianwei" jdm bench "$dir" --seconds "$seconds")"
echo "$jw_out"
zen_mean="$(echo "$zen_out" | sed -n 's/^mean over .*: \([0-9]*\) ns.*/\1/p')"
jw_mean="$(echo "$jw_out" | sed -n 's/^mean over .*: \([0-9]*\) ns.*/\1/p')"
echo "== summary"
echo "zen-engine (Node): $zen_mean ns mean per evaluation"
echo "jianwei:           $jw_mean ns mean per evaluation"
awk -v z="$zen_mean" -v j="$jw_mean" 'BEGIN { printf "ratio:             %.1fx faster\n", z / j }'
