#!/usr/bin/env python3
"""The one-group-per-image limit of the group-sparse model on MNIST: k-subspaces clustering.

When λ is large enough that each image keeps exactly one active group, the group-sparse autoencoder
with Γ groups of d atoms reconstructs every image from one d-dimensional subspace, and training
becomes k-subspaces (alternate: assign each image to the group that captures the most of its energy,
‖A_gᵀ y‖² with orthonormal A_g; refit each group as the top-d principal subspace of its images).
The strongest-group assignment of the test images is then the clustering. This script runs that
limit directly (numpy, no gsae code) on the same training / test data sets as jobs/mnist.sh, with
the same initialisation idea as `gsae train --init data` (each group starts from d random training
images), and prints a markdown table of test accuracy per seed (Hungarian matching, as gsae cluster).

    /usr/bin/python3 jobs/mnist_ksubspaces.py [--train results/mnist/train.h5] [--test results/mnist/test.h5]
        [--groups 10] [--dim 16] [--iters 30] [--seeds 0 1 2] [--center] > results/mnist/ksubspaces.md
"""
import argparse
import sys

import h5py
import numpy as np
from scipy.optimize import linear_sum_assignment


def accuracy(labels, assign, k):
    """Best one-to-one matching of clusters to classes (Hungarian), as gsae cluster reports it."""
    classes = int(labels.max()) + 1
    C = np.zeros((k, classes))
    np.add.at(C, (assign, labels), 1)
    r, c = linear_sum_assignment(-C)
    return C[r, c].sum() / len(labels)


def ksubspaces(Y, groups, dim, iters, rng):
    """Returns the list of (n, dim) orthonormal bases and the final training assignment."""
    bases = [np.linalg.qr(Y[rng.choice(len(Y), dim, replace=False)].T)[0] for _ in range(groups)]
    assign = None
    for _ in range(iters):
        energy = np.stack([((Y @ U) ** 2).sum(1) for U in bases], 1)
        new = energy.argmax(1)
        if assign is not None and np.array_equal(new, assign):
            break
        assign = new
        for g in range(groups):
            Yg = Y[assign == g]
            if len(Yg) < dim:  # an emptied group restarts from random training images
                Yg = Y[rng.choice(len(Y), 4 * dim, replace=False)]
            bases[g] = np.linalg.svd(Yg, full_matrices=False)[2][:dim].T
    return bases, assign


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", default="results/mnist/train.h5")
    ap.add_argument("--test", default="results/mnist/test.h5")
    ap.add_argument("--groups", type=int, default=10)
    ap.add_argument("--dim", type=int, default=16)
    ap.add_argument("--iters", type=int, default=30)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--center", action="store_true", help="subtract the training mean image (gsae train --center)")
    a = ap.parse_args()
    try:
        with h5py.File(a.train, "r") as f:
            Y, l = f["data/Y"][()].astype(np.float64), f["data/labels"][()].astype(int)
        with h5py.File(a.test, "r") as f:
            Yt, lt = f["data/Y"][()].astype(np.float64), f["data/labels"][()].astype(int)
    except (OSError, KeyError) as e:
        sys.exit(f"mnist_ksubspaces.py: error: cannot read /data/Y (and /data/labels) of {a.train} / {a.test}: {e}")
    if a.center:
        mean = Y.mean(0)
        Y, Yt = Y - mean, Yt - mean
    rows = []
    for seed in a.seeds:
        bases, assign = ksubspaces(Y, a.groups, a.dim, a.iters, np.random.default_rng(seed))
        test = np.stack([((Yt @ U) ** 2).sum(1) for U in bases], 1).argmax(1)
        sizes = np.bincount(assign, minlength=a.groups)
        rows.append((seed, 100 * accuracy(lt, test, a.groups), 100 * accuracy(l, assign, a.groups), sizes.min(),
                     sizes.max()))
    acc = np.array([r[1] for r in rows])
    print("# k-subspaces: the one-group-per-image limit of the group-sparse model\n")
    print(f"Command: `/usr/bin/python3 {' '.join(sys.argv)}`  ")
    print(f"Training images {a.train} (N = {len(Y)}), test images {a.test} (N = {len(Yt)}); Γ = {a.groups} "
          f"subspaces of dimension d = {a.dim}, {'centred (training mean subtracted)' if a.center else 'raw pixels / 255'}, "
          f"at most {a.iters} iterations. Accuracy = best one-to-one matching of clusters to digits.\n")
    print("| seed | test accuracy (%) | training accuracy (%) | smallest / largest training group |")
    print("|---|---|---|---|")
    for seed, te, tr, lo, hi in rows:
        print(f"| {seed} | {te:.2f} | {tr:.2f} | {lo} / {hi} |")
    std = f" ± {acc.std(ddof=1):.2f}" if len(acc) > 1 else ""
    print(f"\nMean test accuracy: **{acc.mean():.2f}{std}** (± sample standard deviation over seeds).")


if __name__ == "__main__":
    main()
