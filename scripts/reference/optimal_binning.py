#!/usr/bin/python3
"""Reference values for tests/learn/optimal_binning_test.cc, independent of jianwei.

Follows optbinning's OptimalBinning (binary target, divergence "iv", solver "cp") with
max_n_bins and cat_cutoff: pre-binning by scikit-learn's CART, removal of pure pre-bins,
then an exhaustive search over every partition into at most max_n_bins bins (instead of
optbinning's CP model) with its integer-scaled objective, monotonic constraint and
forbidden bin ends. The CART pre-binning is written out here (scikit-learn's
best-first DecisionTreeClassifier on one float32 feature, gini). Needs only numpy.
Usage: scripts/reference/optimal_binning.py ../shared/data
"""
import itertools
import math
import sys

import numpy as np

SCALE = 1e6


def gini(e, n):
    return 1.0 - (e / n) ** 2 - ((n - e) / n) ** 2 if n else 0.0


def best_split(x, y, min_leaf):
    """The best gini split of one node: (weighted impurity decrease, threshold)."""
    order = np.argsort(x, kind="stable")
    xs, ys = x[order], y[order]
    n, e = len(xs), ys.sum()
    best = None
    left_e = np.cumsum(ys)
    for p in range(min_leaf, n - min_leaf + 1):
        if xs[p - 1] == xs[p] if p < n else True:
            continue
        nl, el = p, left_e[p - 1]
        child = (nl * gini(el, nl) + (n - nl) * gini(e - el, n - nl)) / n
        gain = gini(e, n) - child
        if best is None or gain > best[0]:
            t = float(xs[p - 1]) / 2.0 + float(xs[p]) / 2.0
            best = (gain, t if t != float(xs[p]) else float(xs[p - 1]))
    return best


def prebin(x, y, n_total, max_prebins=20, min_prebin=0.05):
    min_leaf = int(math.ceil(min_prebin * n_total))
    x32 = x.astype(np.float32).astype(np.float64)
    leaves, splits = [np.arange(len(x))], []
    while len(leaves) < max_prebins:
        candidates = []
        for k, rows in enumerate(leaves):
            if y[rows].min() == y[rows].max():
                continue
            split = best_split(x32[rows], y[rows], min_leaf)
            if split:
                candidates.append((split[0] * len(rows), k, split[1]))
        if not candidates:
            break
        _, k, t = max(candidates, key=lambda c: (c[0], -c[1]))
        rows = leaves.pop(k)
        leaves[k:k] = [rows[x32[rows] <= t], rows[x32[rows] > t]]
        splits.append(t)
    splits = np.unique(splits)
    while len(splits):
        idx = np.digitize(x, splits, right=False)
        ev = np.array([np.sum(y[idx == i]) for i in range(len(splits) + 1)])
        ne = np.array([np.sum(1 - y[idx == i]) for i in range(len(splits) + 1)])
        pure = (ev == 0) | (ne == 0)
        if not pure.any():
            return splits, ev, ne
        drop = np.concatenate([pure[:-2], [pure[-2] | pure[-1]]])
        splits = splits[~drop]
    return splits, np.array([y.sum()]), np.array([len(y) - y.sum()])


def solve(ev, ne, trend, max_bins):
    n = len(ev)
    te, tn = ev.sum(), ne.sum()

    def rate(j, i):  # pre-bins j..i
        return int(ev[j:i + 1].sum() / (ev[j:i + 1].sum() + ne[j:i + 1].sum()) * SCALE)

    def iv(j, i):
        p, q = ev[j:i + 1].sum() / te, ne[j:i + 1].sum() / tn
        return int(((p - q) * math.log(p / q) if p != q else 0) * SCALE)

    forbidden = [False] * n
    sign = 1 if trend == "ascending" else -1
    for i in range(n - 1):
        if sign * (rate(i, i + 1) - rate(i + 1, i + 1)) > 0:
            forbidden[i] = True
            for j in range(n - i - 1):
                if sign * (rate(i, i + 1 + j) - rate(i + 1 + j, i + 1 + j)) > 0:
                    forbidden[i + j] = True
    best, best_ends = None, None
    for k in range(0, max_bins):
        for ends in itertools.combinations(range(n - 1), k):
            if any(forbidden[e] for e in ends):
                continue
            bounds = [-1] + list(ends) + [n - 1]
            bins = [(bounds[b] + 1, bounds[b + 1]) for b in range(len(bounds) - 1)]
            rates = [rate(j, i) for j, i in bins]
            if any(sign * (rates[b + 1] - rates[b]) < 0 for b in range(len(rates) - 1)):
                continue
            value = sum(iv(j, i) for j, i in bins)
            if best is None or value > best:
                best, best_ends = value, ends
    return best_ends


def woe_iv(ev, ne):
    te, tn = ev.sum(), ne.sum()
    total = 0.0
    for e, g in zip(ev, ne):
        if e + g == 0:
            continue
        e2, g2 = (e or 0.99), (g or 0.99)
        total += (e2 / te - g2 / tn) * math.log((e2 / te) / (g2 / tn))
    return total


def read_arff(path):
    names, rows = [], []
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("%"):
            continue
        low = line.lower()
        if low.startswith("@attribute"):
            names.append(line.split()[1].strip("'"))
        elif not low.startswith("@"):
            rows.append([v.strip().strip("'") for v in line.split(",")])
    return names, rows


def main(data):
    # Numeric: breast_cancer "mean radius", descending trend (optbinning's auto choice for
    # it), at most 3 bins; and without the limit, optbinning's published splits.
    # scikit-learn's file: a count line, then rows; event = target 1, as optbinning.
    lines = open(data + "/credit/breast_cancer.csv").read().split("\n")
    rows = [l.split(",") for l in lines[1:] if l]
    x = np.array([float(r[0]) for r in rows])
    y = np.array([int(r[-1]) for r in rows])
    splits, ev, ne = prebin(x, y, len(x))
    for max_bins in (3, len(ev)):
        ends = solve(ev, ne, "descending", max_bins)
        final = [splits[e] for e in ends]
        idx = np.digitize(x, final, right=False)
        bev = np.array([np.sum(y[idx == i]) for i in range(len(final) + 1)])
        bne = np.array([np.sum(1 - y[idx == i]) for i in range(len(final) + 1)])
        print("breast_cancer mean radius, max %d bins: splits" % max_bins,
              [float(s) for s in final], "IV %.6f" % woe_iv(bev, bne))

    # Categorical: credit-g "purpose", levels under 5% to "others", at most 3 bins.
    names, rows = read_arff(data + "/credit/credit-g.arff")
    col, cls = names.index("purpose"), names.index("class")
    xs = [r[col] for r in rows]
    y = np.array([1 if r[cls] == "bad" else 0 for r in rows])
    counts = {c: xs.count(c) for c in set(xs)}
    cutoff = math.ceil(0.05 * len(xs))
    others = sorted(c for c in counts if counts[c] < cutoff)
    keep = [i for i, c in enumerate(xs) if c not in others]
    rates = {c: np.mean([y[i] for i in keep if xs[i] == c]) for c in counts if c not in others}
    order = sorted(rates, key=lambda c: (rates[c], c))
    xc = np.array([float(order.index(xs[i])) for i in keep])
    yc = y[keep]
    splits, ev, ne = prebin(xc, yc, len(xs))
    ends = solve(ev, ne, "ascending", 3)
    cuts = [splits[e] for e in ends]
    groups = [[] for _ in range(len(cuts) + 1)]
    for k, c in enumerate(order):
        groups[int(np.digitize([k], cuts)[0])].append(c)
    groups.append(others)
    bev = np.array([sum(y[i] for i in range(len(xs)) if xs[i] in g) for g in groups])
    bne = np.array([sum(1 - y[i] for i in range(len(xs)) if xs[i] in g) for g in groups])
    print("credit-g purpose, cat_cutoff 0.05, max 3 bins:", groups, "IV %.6f" % woe_iv(bev, bne))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
