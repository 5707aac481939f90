#!/usr/bin/env bash
# gsae cluster: k-means and spectral clustering of 600 MNIST test images give the same labels on 1
# and 2 ranks; the stored accuracy is scipy's linear_sum_assignment recomputed from /labels; spectral
# accuracy is within 2 points of scikit-learn's SpectralClustering on the same rows (measured: equal,
# 59.33% both). Bad inputs give one error line, a non-zero exit and no output file.
source "$(dirname "$0")/lib.sh"

mnist_test_set
mpi 1 import-idx --images "$images" --labels "$labels" --count 600 --out mnist.h5 >/dev/null

# --- k-means and spectral on 1 and 2 ranks: the same labels
for np in 1 2; do
  mpi $np cluster --data mnist.h5 --method kmeans --k 10 --out km$np.h5
  mpi $np cluster --data mnist.h5 --method spectral --k 10 --n-neighbors 50 --out sp$np.h5
  ! ls ./*.tmp ./*.partial >/dev/null 2>&1 || fail "left a temporary file"
done

"$PYTHON" - <<'PY' || fail "labels, accuracy or agreement with scikit-learn"
import h5py, numpy as np
from scipy.optimize import linear_sum_assignment
with h5py.File("mnist.h5", "r") as f:
    X, y = f["data/Y"][()].astype(np.float64), f["data/labels"][()]
def acc(pred, truth):
    C = np.zeros((max(pred.max(), truth.max()) + 1,) * 2)
    np.add.at(C, (pred, truth), 1)
    r, c = linear_sum_assignment(-C)
    return C[r, c].sum() / len(truth)
got = {}
for m in ("km", "sp"):
    L = {}
    for np_ in (1, 2):
        with h5py.File(f"{m}{np_}.h5", "r") as f:
            a = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
            L[np_] = f["labels"][()]
            assert a["format"] == "gsae-clustering" and a["k"] == 10 and a["samples"] == 600, a
            assert L[np_].dtype == np.int32 and L[np_].shape == (600,), L[np_].shape
            assert f["labels"].attrs["description"], "no description on /labels"
            assert abs(a["accuracy"] - acc(L[np_], y)) < 1e-12, (a["accuracy"], acc(L[np_], y))
            assert a["ranks"] == np_ and "cluster" in a["command"], a
            if m == "km":
                assert a["method"] == "kmeans" and np.isfinite(a["inertia"]), a
            else:
                assert a["method"] == "spectral" and a["n_neighbors"] == 50 and a["eigensolver"] == "exact", a
                ev = f["eigenvalues"][()]
                assert ev.shape == (10,) and np.all(np.diff(ev) <= 1e-12) and ev[0] <= 1 + 1e-9, ev
            got[m] = a["accuracy"]
    assert np.array_equal(L[1], L[2]), f"{m}: labels differ between 1 and 2 ranks"
from sklearn.cluster import SpectralClustering
sk = acc(SpectralClustering(n_clusters=10, affinity="nearest_neighbors", n_neighbors=50, random_state=0).fit(X).labels_, y)
print(f"k-means {100 * got['km']:.2f}%, spectral {100 * got['sp']:.2f}%, scikit-learn spectral {100 * sk:.2f}%")
assert abs(got["sp"] - sk) <= 0.02, (got["sp"], sk)
PY
ok "same labels on 1 and 2 ranks; accuracy = linear_sum_assignment; spectral within 2 points of scikit-learn"

# a row subset: --first 100 --count 300 on 2 ranks = the same rows imported alone, on 1 rank
mpi 1 import-idx --images "$images" --labels "$labels" --first 100 --count 300 --out sub.h5 >/dev/null
mpi 2 cluster --data mnist.h5 --method spectral --n-neighbors 30 --first 100 --count 300 --out subA.h5 >/dev/null
mpi 1 cluster --data sub.h5 --method spectral --n-neighbors 30 --out subB.h5 >/dev/null
"$PYTHON" -c "
import h5py, numpy as np
a, b = h5py.File('subA.h5', 'r'), h5py.File('subB.h5', 'r')
assert np.array_equal(a['labels'][()], b['labels'][()]) and a.attrs['accuracy'] == b.attrs['accuracy']
" || fail "--first / --count subset"
ok "--first 100 --count 300 clusters the same rows as a data set of those rows"
"$GSAE" inspect sp2.h5 >/dev/null || fail "gsae inspect on a gsae-clustering file"
ok "gsae inspect describes the clustering file"

# --- bad inputs
expect_error 2 "--method must be kmeans, spectral or strongest-group (got 'dbscan')" out.h5 -- cluster --data mnist.h5 --method dbscan --out out.h5
expect_error 1 "--k must be in [1, 1000000] (got 0)" out.h5 -- cluster --data mnist.h5 --method kmeans --k 0 --out out.h5
expect_error 2 "--n-neighbors 600 must be less than the 600 rows" out.h5 -- \
  cluster --data mnist.h5 --method spectral --n-neighbors 600 --out out.h5
expect_error 2 "nope.h5" out.h5 -- cluster --data nope.h5 --method kmeans --out out.h5
expect_error 1 "--eigensolver must be auto, exact or iterative" out.h5 -- \
  cluster --data mnist.h5 --method spectral --eigensolver lanczos --out out.h5
