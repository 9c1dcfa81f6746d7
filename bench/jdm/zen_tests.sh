#!/usr/bin/env bash
# Runs the `tests` embedded in every JDM graph under GRAPH_DIR through the reference
# engine, zen-engine (npm @gorules/zen-engine through Node), and prints pass/fail per
# test and a summary line like `jianwei jdm test`. The clock is the machine's: this is
# how to see which expectations are bound to the instant they were recorded at (a
# graph that reads the clock passes only on its recording day in zen too).
#
# usage: bench/jdm/zen_tests.sh [GRAPH_DIR]
# env:   ZEN_VERSION (0.54.0), ZEN_WORK (build/zen-compare: the npm install is shared
#        with zen_compare.sh)
set -euo pipefail
source "$(dirname "$0")/zen_setup.sh"

cat > "$work/tests.mjs" <<'JS'
import { ZenEngine } from '@gorules/zen-engine';
import fs from 'node:fs';
import path from 'node:path';
const dir = process.argv[2];
// Decision nodes name their sub-graph by key, relative to the graph directory.
const engine = new ZenEngine({ loader: async key => fs.readFileSync(path.join(dir, key)) });

// `expected` is a subset of `actual`: objects key by key, arrays element-wise with the
// same length, numbers by value (zen returns JSON numbers; the files hold decimals).
function subset(expected, actual, where) {
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'number' && typeof actual === 'number') {
      return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected)) ? null : where;
    }
    return expected === actual ? null : where;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return where;
    for (let i = 0; i < expected.length; ++i) {
      const w = subset(expected[i], actual[i], `${where}/${i}`);
      if (w !== null) return w;
    }
    return null;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return where;
  for (const k of Object.keys(expected)) {
    if (!(k in actual)) return `${where}/${k}`;
    const w = subset(expected[k], actual[k], `${where}/${k}`);
    if (w !== null) return w;
  }
  return null;
}

let passed = 0, failed = 0, skipped = 0;
const files = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort();
for (const f of files) {
  const graph = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const tests = graph.tests || [];
  if (tests.length === 0) continue;
  let decision;
  try {
    decision = engine.createDecision(Buffer.from(JSON.stringify(graph)));
  } catch (e) {
    console.log(`SKIP ${f}: ${e.message ?? e}`);
    skipped += tests.length;
    continue;
  }
  for (let i = 0; i < tests.length; ++i) {
    let result;
    try {
      result = (await decision.evaluate(tests[i].input)).result;
    } catch (e) {
      console.log(`FAIL ${f} test ${i}: ${String(e.message ?? e).slice(0, 200)}`);
      ++failed;
      continue;
    }
    const where = subset(tests[i].output, result, '');
    if (where === null) {
      console.log(`PASS ${f} test ${i}`);
      ++passed;
    } else {
      console.log(`FAIL ${f} test ${i}: at ${where || '/'} expected ` +
                  `${JSON.stringify(where.split('/').slice(1).reduce((o, k) => o?.[k], tests[i].output))}` +
                  `, got ${JSON.stringify(where.split('/').slice(1).reduce((o, k) => o?.[k], result))}`);
      ++failed;
    }
  }
}
console.log(`zen-engine: ${passed} passed, ${failed} failed, ${skipped} skipped ` +
            `(clock: ${new Date().toISOString()})`);
JS

echo "== zen-engine $version through Node $(node --version)"
(cd "$work" && node tests.mjs "$dir")
