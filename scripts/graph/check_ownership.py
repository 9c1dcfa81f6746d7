#!/usr/bin/python3
"""Cross-check of jianwei's integrated ownership against the dense solve.

Usage: check_ownership.py DIR
  DIR/edges.csv  graph,holder,held,ratio,holder_is_person   (shareholdings, one graph id per graph)
  DIR/ours.csv   graph,target,holder,share                   (jianwei's results, share > 1e-12)
For each graph: U_P = W_PC (I - W_CC)^-1 for person holders and U_C = (I - W_CC)^-1 - I
for enterprise holders (numpy, float64). Every listed target's column must match ours to
1e-9 in both directions. Exit 0 = match, 1 = mismatch, 77 = numpy missing (skip).
"""
import csv
import sys
from collections import defaultdict

try:
    import numpy as np
except ImportError:
    print("numpy not available", file=sys.stderr)
    sys.exit(77)

TOL = 1e-9


def main(d):
    edges = defaultdict(list)
    with open(f"{d}/edges.csv") as f:
        for r in csv.DictReader(f):
            edges[r["graph"]].append((r["holder"], r["held"], float(r["ratio"]), r["holder_is_person"] == "1"))
    ours = defaultdict(dict)
    targets = defaultdict(set)
    with open(f"{d}/ours.csv") as f:
        for r in csv.DictReader(f):
            targets[r["graph"]].add(r["target"])
            if r["holder"]:
                ours[r["graph"]][(r["target"], r["holder"])] = float(r["share"])
    bad = 0
    checked = 0
    worst = 0.0
    for gid, es in edges.items():
        companies = sorted({h for h, _, _, p in es if not p} | {t for _, t, _, _ in es})
        persons = sorted({h for h, _, _, p in es if p})
        ci = {c: i for i, c in enumerate(companies)}
        pi = {p: i for i, p in enumerate(persons)}
        wcc = np.zeros((len(companies), len(companies)))
        wpc = np.zeros((len(persons), len(companies)))
        for h, t, w, p in es:
            if p:
                wpc[pi[h], ci[t]] += w
            else:
                wcc[ci[h], ci[t]] += w
        inv = np.linalg.inv(np.eye(len(companies)) - wcc)
        up = wpc @ inv
        uc = inv - np.eye(len(companies))
        for t in targets[gid]:
            j = ci.get(t)
            if j is None:
                continue
            expected = {}
            for p, i in pi.items():
                if abs(up[i, j]) > 1e-12:
                    expected[p] = up[i, j]
            for c, i in ci.items():
                if abs(uc[i, j]) > 1e-12:
                    expected[c] = uc[i, j]
            got = {h: s for (tt, h), s in ours[gid].items() if tt == t}
            for h in set(expected) | set(got):
                e, g = expected.get(h, 0.0), got.get(h, 0.0)
                checked += 1
                worst = max(worst, abs(e - g))
                if abs(e - g) > TOL:
                    bad += 1
                    if bad <= 10:
                        print(f"graph {gid} target {t} holder {h}: numpy {e:.15g} jianwei {g:.15g}")
    print(f"checked {checked} (target, holder) pairs in {len(edges)} graphs; max |diff| {worst:.3g}; mismatches {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
