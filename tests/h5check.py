#!/usr/bin/env python3
"""Checks on gsae HDF5 files for the scenario tests (h5py only, no gsae code).

  h5check.py same FILE_A FILE_B DSET...       datasets bitwise identical (dtype, shape, bytes)
  h5check.py close FILE_A FILE_B DSET RTOL    ||a - b||_F / ||b||_F <= RTOL
  h5check.py traces-same FILE_A FILE_B        every /trace/* except seconds bitwise identical
  h5check.py attr FILE NAME                   print a root attribute
  h5check.py trace-last FILE NAME             print the last entry of /trace/NAME
  h5check.py trace-len FILE                   print the number of epochs traced
  h5check.py points-same DIR_A DIR_B          the same complete points in two sweep folders, with
                                              bitwise identical /model/A and traces
  h5check.py statuses DIR                     "status count" lines over DIR/points/*.h5
"""
import collections
import glob
import os
import sys

import h5py
import numpy as np


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def same(a, b, names):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        for n in names:
            x, y = fa[n][()], fb[n][()]
            if x.dtype != y.dtype or x.shape != y.shape or x.tobytes() != y.tobytes():
                diff = np.max(np.abs(x.astype(float) - y.astype(float))) if x.shape == y.shape else "shape"
                sys.exit(f"{n} differs between {a} and {b} (max abs diff {diff})")


def close(a, b, name, rtol):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        x, y = fa[name][()].astype(np.float64), fb[name][()].astype(np.float64)
    rel = np.linalg.norm(x - y) / np.linalg.norm(y)
    print(f"relative Frobenius difference of {name}: {rel:.3e} (tolerance {rtol})")
    if not rel <= float(rtol):
        sys.exit(f"{name}: {a} and {b} differ by {rel:.3e} > {rtol}")


def traces_same(a, b):
    with h5py.File(a, "r") as fa:
        names = [f"/trace/{k}" for k in fa["trace"].keys() if k != "seconds"]
    same(a, b, names)


def points_same(a, b):
    files = sorted(glob.glob(os.path.join(a, "points", "*.h5")))
    if not files:
        sys.exit(f"no point files in {a}/points")
    for fa in files:
        fb = os.path.join(b, "points", os.path.basename(fa))
        for f in (fa, fb):
            with h5py.File(f, "r") as h:
                if text(h.attrs["status"]) != "complete":
                    sys.exit(f"{f} is not complete")
        same(fa, fb, ["/model/A"])
        traces_same(fa, fb)
    other = sorted(glob.glob(os.path.join(b, "points", "*.h5")))
    if [os.path.basename(f) for f in other] != [os.path.basename(f) for f in files]:
        sys.exit(f"{a} and {b} hold different points")
    print(f"{len(files)} points identical")


def statuses(d):
    count = collections.Counter()
    for f in glob.glob(os.path.join(d, "points", "*.h5")):
        with h5py.File(f, "r") as h:
            count[text(h.attrs["status"])] += 1
    for k in sorted(count):
        print(k, count[k])


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "same":
        same(args[0], args[1], args[2:])
    elif cmd == "close":
        close(*args)
    elif cmd == "traces-same":
        traces_same(*args)
    elif cmd == "attr":
        with h5py.File(args[0], "r") as f:
            v = f.attrs[args[1]]
            print(v.decode() if isinstance(v, bytes) else v)
    elif cmd == "trace-last":
        with h5py.File(args[0], "r") as f:
            print(repr(float(f["trace"][args[1]][-1])))
    elif cmd == "trace-len":
        with h5py.File(args[0], "r") as f:
            print(len(f["trace/loss"]))
    elif cmd == "points-same":
        points_same(*args)
    elif cmd == "statuses":
        statuses(*args)
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
