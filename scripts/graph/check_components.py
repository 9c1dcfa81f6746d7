#!/usr/bin/python3
"""Cross-check of jianwei's SCC / WCC / bounded cycles against networkx.

Usage: check_components.py DIR
  DIR/edges.csv   graph,src,dst                  (directed edges, one graph id per graph)
  DIR/ours.csv    graph,what,members             (what = scc | wcc | cycle; members
                                                  space-separated node keys; scc/wcc only
                                                  with >= 2 members; cycles start at their
                                                  smallest key in jianwei's id order, so
                                                  they are compared as rotation-free sets)
  DIR/bounds.csv  graph,max_len                  (cycle length bound; 0 = unbounded)
Exit 0 = match, 1 = mismatch, 77 = networkx missing (skip).
"""
import csv
import sys
from collections import defaultdict

try:
    import networkx as nx
except ImportError:
    print("networkx not available", file=sys.stderr)
    sys.exit(77)


def canon(cycle):
    i = cycle.index(min(cycle))
    return tuple(cycle[i:] + cycle[:i])


def bounded_cycles(g, max_len):
    if max_len == 0:
        return {canon(list(c)) for c in nx.simple_cycles(g)}
    out = set()
    for u, v in g.edges():
        if u == v:
            out.add((u,))
            continue
        # cycles through the edge u -> v: simple paths v ... u with at most max_len - 1 edges
        for p in nx.all_simple_paths(g, v, u, cutoff=max_len - 1):
            out.add(canon([u] + p[:-1]))
    return out


def main(d):
    graphs = defaultdict(nx.DiGraph)
    with open(f"{d}/edges.csv") as f:
        for r in csv.DictReader(f):
            graphs[r["graph"]].add_edge(r["src"], r["dst"])
    bounds = {}
    with open(f"{d}/bounds.csv") as f:
        for r in csv.DictReader(f):
            bounds[r["graph"]] = int(r["max_len"])
    ours = defaultdict(lambda: defaultdict(set))
    with open(f"{d}/ours.csv") as f:
        for r in csv.DictReader(f):
            m = r["members"].split(" ")
            key = canon(m) if r["what"] == "cycle" else frozenset(m)
            ours[r["graph"]][r["what"]].add(key)
    bad = 0
    for gid, g in graphs.items():
        exp = {
            "scc": {frozenset(c) for c in nx.strongly_connected_components(g) if len(c) >= 2},
            "wcc": {frozenset(c) for c in nx.weakly_connected_components(g) if len(c) >= 2},
            "cycle": bounded_cycles(g, bounds.get(gid, 0)),
        }
        for what, e in exp.items():
            o = ours[gid][what]
            status = "ok" if e == o else "MISMATCH"
            print(f"graph {gid}: {what}: networkx {len(e)}, jianwei {len(o)}: {status}")
            if e != o:
                bad += 1
                for x in list(e - o)[:3]:
                    print("  missing", sorted(x) if isinstance(x, frozenset) else x)
                for x in list(o - e)[:3]:
                    print("  extra", sorted(x) if isinstance(x, frozenset) else x)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
