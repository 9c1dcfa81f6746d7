#!/usr/bin/env bash
# Side by side: zen-engine (Rust through Node, npm @gorules/zen-engine) against
# `jianwei jdm bench` on the same graphs and the same first test inputs, on this
# machine, one thread each. Prints both means (ns per evaluation) and the ratio.
#
# usage: bench/jdm/zen_compare.sh [GRAPH_DIR] [SECONDS_PER_GRAPH]
# env:   JIANWEI=path/to/jianwei (default build/src/cli/jianwei), ZEN_VERSION (0.54.0)
set -euo pipefail
source "$(dirname "$0")/zen_setup.sh"
seconds="${2:-0.5}"
jianwei="${JIANWEI:-$root/build/src/cli/jianwei}"

cat > "$work/bench.mjs" <<'JS'
import { ZenEngine } from '@gorules/zen-engine';
import fs from 'node:fs';
import path from 'node:path';
const [dir, seconds] = [process.argv[2], Number(process.argv[3])];
const engine = new ZenEngine();
const files = fs.statSync(dir).isFile() ? [dir]
  : fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort().map(f => path.join(dir, f));
let total = 0, totalWall = 0, count = 0;
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
  // CPU time of the process (user + system; zen-engine evaluates on libuv worker
  // threads, so this counts them too), and wall time for reference.
  const budget = seconds * 1e9;
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let n = 0;
  while (Number(process.hrtime.bigint() - start) < budget) {
    for (let k = 0; k < 16; ++k) await decision.evaluate(input);
    n += 16;
  }
  const wall = Number(process.hrtime.bigint() - start) / n;
  const used = process.cpuUsage(cpu);
  const ns = (used.user + used.system) * 1000 / n;
  console.log(`${path.basename(file).padEnd(50)} ${ns.toFixed(0).padStart(10)} ns cpu ${wall.toFixed(0).padStart(10)} ns wall`);
  total += ns; totalWall += wall; ++count;
}
console.log(`mean over ${count} graphs: ${(total / count).toFixed(0)} ns per evaluation (process CPU time; wall ${(totalWall / count).toFixed(0)} ns)`);
JS

cat > "$work/bench8k.mjs" <<'JS'
import { ZenEngine } from '@gorules/zen-engine';
import fs from 'node:fs';
const [file, seconds] = [process.argv[2], Number(process.argv[3])];
const graph = JSON.parse(fs.readFileSync(file, 'utf8'));
const decision = new ZenEngine().createDecision(Buffer.from(JSON.stringify(graph)));
const input = JSON.parse(process.argv[4]);
await decision.evaluate(input);
const start = process.hrtime.bigint(), cpu = process.cpuUsage();
let n = 0;
while (Number(process.hrtime.bigint() - start) < seconds * 1e9) { await decision.evaluate(input); ++n; }
const used = process.cpuUsage(cpu);
console.log(`zen-engine 8k.json: ${((used.user + used.system) * 1000 / n).toFixed(0)} ns per evaluation (process CPU time)`);
JS

echo "== zen-engine $version through Node $(node --version)"
zen_out="$(cd "$work" && node bench.mjs "$dir" "$seconds")"
echo "$zen_out"
echo "== jianwei jdm bench"
jw_out="$("$jianwei" jdm bench "$dir" --seconds "$seconds")"
echo "$jw_out"
big="$(dirname "$dir")/8k.json"
if [ -f "$big" ]; then
  input8k='{"customer":{"country":"US","totalSpend":500,"email":"jo@example.com"},"product":{"category":"electronics","currency":"USD","price":250}}'
  echo "== 8k.json (one table of 7,990 rules), input $input8k"
  (cd "$work" && node bench8k.mjs "$big" "$seconds" "$input8k") || true
  "$jianwei" jdm bench "$big" --seconds "$seconds" --input "$input8k" | tail -1 || true
fi
zen_mean="$(echo "$zen_out" | sed -n 's/^mean over [0-9]* graphs: \([0-9]*\) ns.*/\1/p')"
jw_mean="$(echo "$jw_out" | sed -n 's/^mean over [0-9]* graphs: \([0-9]*\) ns.*/\1/p')"
echo "== summary"
echo "zen-engine (Node): $zen_mean ns mean CPU per evaluation"
echo "jianwei:           $jw_mean ns mean CPU per evaluation"
awk -v z="$zen_mean" -v j="$jw_mean" 'BEGIN { printf "ratio:             %.1fx faster\n", z / j }'
