#!/usr/bin/python3
"""Reference values for the exact stepwise test in tests/learn/pipeline_test.cc.

R's step(glm(bad ~ 1, binomial), direction = "both", k = 2 or log(n)) over the seven
numeric credit-g columns, written out with numpy: logistic fits by IRLS to a relative
deviance change of 1e-10, and at every step the single addition or removal with the
lowest criterion, until none lowers it. Prints the path and the final criterion.
Usage: scripts/reference/stepwise.py ../shared/data
"""
import math
import sys

import numpy as np

COLUMNS = ["duration", "credit_amount", "installment_commitment", "residence_since", "age",
           "existing_credits", "num_dependents"]


def fit(x, y):
    beta = np.zeros(x.shape[1])
    dev_old = None
    for _ in range(100):
        eta = x @ beta
        mu = 1 / (1 + np.exp(-eta))
        w = mu * (1 - mu)
        z = eta + (y - mu) / w
        beta = np.linalg.solve(x.T @ (x * w[:, None]), x.T @ (w * z))
        mu = 1 / (1 + np.exp(-(x @ beta)))
        dev = -2 * np.sum(y * np.log(mu) + (1 - y) * np.log(1 - mu))
        if dev_old is not None and abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-10:
            break
        dev_old = dev
    return dev


def main(data, penalty_name):
    names, rows = [], []
    for line in open(data + "/credit/credit-g.arff"):
        line = line.strip()
        if not line or line.startswith("%"):
            continue
        if line.lower().startswith("@attribute"):
            names.append(line.split()[1])
        elif not line.startswith("@"):
            rows.append([v.strip().strip("'") for v in line.split(",")])
    y = np.array([1.0 if r[names.index("class")] == "bad" else 0.0 for r in rows])
    f = np.array([[float(r[names.index(c)]) for c in COLUMNS] for r in rows])
    n = len(y)
    penalty = 2.0 if penalty_name == "aic" else math.log(n)

    def criterion(cols):
        x = np.column_stack([np.ones(n)] + [f[:, c] for c in cols])
        return fit(x, y) + penalty * (len(cols) + 1)

    cur, value = [], criterion([])
    while True:
        moves = [cur + [c] for c in range(len(COLUMNS)) if c not in cur]
        moves += [[c for c in cur if c != d] for d in cur]
        scored = [(criterion(m), m) for m in moves]
        best = min(scored, key=lambda s: s[0])
        if best[0] >= value:
            break
        value, cur = best
        print("  ", [COLUMNS[c] for c in cur], "%.6f" % value)
    print(penalty_name, "selected", cur, [COLUMNS[c] for c in cur], "criterion %.6f" % value)


if __name__ == "__main__":
    for p in ("aic", "bic"):
        main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data", p)
