#!/usr/bin/python3
"""Spectral clustering on MNIST pixels: `gsae cluster --method spectral` next to scikit-learn, same rows.

    python3 jobs/bench_spectral.py [--n 10000] [--neighbors 1000] [--ranks 2] [--eigensolvers auto]
                                   [--gsae build/gsae] [--no-sklearn] [--out results/mnist/spectral_vs_sklearn.md]

Rows are the first N test images of data/mnist/t10k-images-idx3-ubyte.gz (the repository's copy), imported with
`gsae import-idx --count N` (pixel / 255, stored in the build's precision); scikit-learn gets the very
same stored values as float64. scikit-learn: SpectralClustering(n_clusters=10,
affinity='nearest_neighbors', n_neighbors=K, assign_labels='kmeans', random_state=0) in this process.
gsae: `mpirun -q --oversubscribe -n R GSAE cluster --data D.h5 --method spectral --k 10 --n-neighbors K
--eigensolver E --out OUT.h5` (printed before it runs); its stage timings and accuracy come from OUT.h5.
Seconds are wall clock of the whole call (gsae: including mpirun start-up and the read). Accuracy: best
one-to-one matching of clusters to digits (scipy's linear_sum_assignment), recomputed here from the labels.
Writes a markdown table (N, method, ranks, seconds, accuracy) headed by the command that produced it.
"""
import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time

try:
    import h5py
    import numpy as np
except ImportError:  # a `python3` on PATH without h5py: use the system one, which has it
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise


def accuracy(pred, truth):
    from scipy.optimize import linear_sum_assignment
    k = int(max(pred.max(), truth.max())) + 1
    C = np.zeros((k, k))
    np.add.at(C, (pred, truth), 1)
    r, c = linear_sum_assignment(-C)
    return C[r, c].sum() / len(truth)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gsae", default=os.path.join(root, "build", "gsae"))
    ap.add_argument("--data", default=os.path.join(root, "data", "mnist"))
    ap.add_argument("--n", type=int, nargs="+", default=[10000])
    ap.add_argument("--neighbors", type=int, default=1000)
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--eigensolvers", nargs="+", default=["auto"], choices=["auto", "exact", "iterative"])
    ap.add_argument("--no-sklearn", action="store_true")
    ap.add_argument("--out", default=os.path.join(root, "results", "mnist", "spectral_vs_sklearn.md"))
    a = ap.parse_args()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    this = "python3 " + " ".join(shlex.quote(x) for x in [os.path.relpath(__file__, root)] + sys.argv[1:])
    lines = ["| N | method | ranks | seconds | accuracy (%) | notes |", "|---|---|---|---|---|---|"]
    cmds = []

    def row(s):
        lines.append(s)
        print(s, flush=True)

    print(lines[0]), print(lines[1])
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.n:
            data = os.path.join(tmp, f"mnist{n}.h5")
            subprocess.run([a.gsae, "import-idx", "--images", os.path.join(a.data, "t10k-images-idx3-ubyte.gz"),
                            "--labels", os.path.join(a.data, "t10k-labels-idx1-ubyte.gz"), "--count", str(n),
                            "--out", data], env=env, check=True, capture_output=True)
            with h5py.File(data, "r") as f:
                X, y = f["data/Y"][()].astype(np.float64), f["data/labels"][()]
            if not a.no_sklearn:
                from sklearn.cluster import SpectralClustering
                t0 = time.perf_counter()
                sc = SpectralClustering(n_clusters=10, affinity="nearest_neighbors", n_neighbors=a.neighbors,
                                        assign_labels="kmeans", random_state=0).fit(X)
                t = time.perf_counter() - t0
                row(f"| {n} | scikit-learn SpectralClustering (K = {a.neighbors}, arpack) | 1 process | {t:.1f} | "
                    f"{100 * accuracy(sc.labels_, y):.2f} | random_state=0 |")
            for eig in a.eigensolvers:
                out = os.path.join(tmp, "out.h5")
                cmd = ["mpirun", "-q", "--oversubscribe", "-n", str(a.ranks), a.gsae, "cluster", "--data", data,
                       "--method", "spectral", "--k", "10", "--n-neighbors", str(a.neighbors), "--eigensolver", eig,
                       "--out", out]
                print("+ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
                cmds.append(" ".join(cmd).replace(tmp + "/", ""))
                t0 = time.perf_counter()
                p = subprocess.run(cmd, env=env, capture_output=True, text=True)
                t = time.perf_counter() - t0
                if p.returncode != 0:
                    row(f"| {n} | gsae cluster --eigensolver {eig} | {a.ranks} | failed | | {p.stderr.strip()[-200:]} |")
                    continue
                with h5py.File(out, "r") as f:
                    at, pred = dict(f.attrs), f["labels"][()]
                acc = accuracy(pred, y)
                assert abs(acc - at["accuracy"]) < 1e-12, (acc, at["accuracy"])
                path = at["eigensolver"].decode() if isinstance(at["eigensolver"], bytes) else at["eigensolver"]
                notes = (f"in-call {at['seconds_total']:.1f} s: kNN {at['seconds_knn']:.1f}, matrix "
                         f"{at['seconds_matrix']:.1f}, eigen {at['seconds_eigen']:.1f} ({path}, "
                         f"{at['eigen_iterations']} iterations), k-means {at['seconds_kmeans']:.1f}")
                row(f"| {n} | gsae cluster --method spectral (K = {a.neighbors}, --eigensolver {eig}) | {a.ranks} | "
                    f"{t:.1f} | {100 * acc:.2f} | {notes} |")
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        f.write("# Spectral clustering of MNIST test images: gsae next to scikit-learn\n\n"
                f"Made by `{this}` (in the repository root; data sets imported with `gsae import-idx --count N` "
                "into a temporary directory). gsae commands:\n\n```sh\n" + "\n".join(cmds) + "\n```\n\n"
                + "\n".join(lines) + "\n")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    sys.exit(main())
