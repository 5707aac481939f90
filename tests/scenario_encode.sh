#!/usr/bin/env bash
# gsae encode + gsae cluster --method strongest-group (Table 1's representations): a run file written
# here with h5py (A = 160 unit-normalised MNIST images in 10 groups of 16, eta = 1/sigma_max(A)^2 from
# numpy, unfolded ISTA, group prox, K = 3) encodes 400 MNIST test images on 1 and 2 ranks with the same
# bytes of /data/Y; the codes match a numpy reimplementation of the encoder (in double) within 1e-4
# relative; codes-plus rows sum to 1 (zero codes stay zero); group norms, sparsity attributes and
# labels are checked; a run with center = 1 and /model/mean encodes y - mean (numpy, 1 and 2 ranks);
# k-means and strongest-group cluster the codes (strongest-group's labels are
# numpy's argmax, its accuracy scipy's linear_sum_assignment, its purity the majority count). Bad
# run files and flags give one error line, a non-zero exit and no output file.
source "$(dirname "$0")/lib.sh"
solo() { timeout 120 "$GSAE" "$@"; } # one rank without mpiexec (a singleton MPI job): faster to start

mnist_test_set
solo import-idx --images "$images" --labels "$labels" --count 400 --out mnist.h5 >/dev/null
solo import-idx --images "$images" --labels "$labels" --first 400 --count 160 --out atoms.h5 >/dev/null

# --- run files written with h5py, as gsae train --encoder unfolded writes them
"$PYTHON" - "$GSAE_PRECISION" <<'PY' || fail "writing the run files"
import sys, h5py, numpy as np
dt = np.float32 if sys.argv[1] == "float" else np.float64
with h5py.File("atoms.h5", "r") as f:
    A = f["data/Y"][()].astype(np.float64).T           # (784, 160): one image per column
A /= np.linalg.norm(A, axis=0)
A = A.astype(dt).astype(np.float64)                  # exactly what gsae reads
eta = 1.0 / np.linalg.norm(A, 2) ** 2
with h5py.File("mnist.h5", "r") as f:
    Y = f["data/Y"][()].astype(np.float64)
B = Y @ A
gn = np.linalg.norm((eta * B).reshape(len(Y), 10, 16), axis=2)
lam = float(np.quantile(gn, 0.5)) / eta              # about half of the groups pass layer 0
def run(path, A, status="complete", encoder="unfolded", **extra):
    with h5py.File(path, "w") as f:
        f.attrs.update(dict(format="gsae-run", encoder=encoder, layers=3, unfold="ista", prox="group",
                            nonneg=0, groups=10, group_size=16, status=status))
        f.attrs["lambda"] = lam
        f.attrs["eta"] = eta
        for k, v in extra.items(): f.attrs[k] = v
        f.create_dataset("model/A", data=A.astype(dt))
run("run.h5", A)
run("running.h5", A, status="running")
run("shallow.h5", A, encoder="shallow")
bad = A.copy(); bad[5, 7] = np.nan
run("nan.h5", bad)
run("small.h5", A[:100])                              # n = 100 != 784
# gsae train --center: center = 1 and the training mean image /model/mean (n,) float64
mean = Y.mean(axis=0)                                 # the mean image of the data
run("centred.h5", A, center=1)
with h5py.File("centred.h5", "a") as f:
    f.create_dataset("model/mean", data=mean)
run("nomean.h5", A, center=1)                         # center = 1 without /model/mean
np.savez("mean.npz", mean=mean)
with open("corrupt.h5", "wb") as f:
    f.write(open("run.h5", "rb").read()[:600])
np.savez("ref.npz", A=A, eta=eta, lam=lam)
PY

# --- encode on 1 and 2 ranks
for np_ in 1 2; do
  if [ $np_ = 1 ]; then solo encode --run run.h5 --data mnist.h5 --out codes1.h5 >enc1.txt; else mpi 2 encode --run run.h5 --data mnist.h5 --out codes2.h5 >enc2.txt; fi
  ! ls ./*.tmp ./*.partial >/dev/null 2>&1 || fail "encode left a temporary file"
done
cat enc2.txt
solo encode --run run.h5 --data mnist.h5 --repr codes-plus --out plus.h5 >plus.txt
grep -q "^codes-plus: [0-9]* all-zero code" plus.txt || fail "codes-plus does not report the all-zero codes: $(cat plus.txt)"
mpi 2 encode --run run.h5 --data mnist.h5 --repr group-norms --out norms.h5 >/dev/null
mpi 2 encode --run run.h5 --data mnist.h5 --first 100 --count 50 --out part.h5 >/dev/null
solo encode --run run.h5 --data mnist.h5 --batch 7 --out batch7.h5 >/dev/null

# the reference encoder of both checks below: unfolded ISTA, group prox (10 groups of 16), K = 3, in double
cat >refenc.py <<'PY'
import numpy as np
def ista_group(Y, A, eta, lam, K=3, groups=10, d=16):
    G, B, tau = A.T @ A, Y @ A, lam * eta
    x = np.zeros((len(Y), groups * d))
    for _ in range(K):
        u = (x - eta * (x @ G - B)).reshape(len(Y), groups, d)
        nrm = np.linalg.norm(u, axis=2, keepdims=True)
        x = (np.maximum(1 - tau / np.maximum(nrm, 1e-300), 0) * u).reshape(len(Y), groups * d)
    return x
PY
"$PYTHON" - <<'PY' || fail "codes, representations or attributes"
import h5py, numpy as np
from refenc import ista_group
r = np.load("ref.npz")
A, eta, lam = r["A"], float(r["eta"]), float(r["lam"])
with h5py.File("mnist.h5", "r") as f:
    Y, y = f["data/Y"][()].astype(np.float64), f["data/labels"][()]
x = ista_group(Y, A, eta, lam)
C = {}
for p in ("codes1", "codes2", "plus", "norms", "part", "batch7"):
    with h5py.File(p + ".h5", "r") as f:
        a = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        C[p] = (f["data/Y"][()], f["data/labels"][()], a)
        assert a["format"] == "gsae-dataset" and "truth" not in f, a
        u = f["data/Y"].attrs["units"]
        assert (u.decode() if isinstance(u, bytes) else u) == a["scale"] and "unfolded encoder" in a["scale"], a
X1, L1, a1 = C["codes1"]
X2, L2, a2 = C["codes2"]
assert X1.shape == (400, 160) and X1.tobytes() == X2.tobytes(), "codes differ between 1 and 2 ranks"
assert np.array_equal(L1, y) and np.array_equal(L2, y), "labels not copied"
assert a1["representation"] == "codes" and a1["run"] == "run.h5" and "run.h5" in a1["source"], a1
assert a1["code_groups"] == 10 and a1["code_group_size"] == 16 and a1["encoder_layers"] == 3, a1
err = np.abs(X1 - x).max() / np.abs(x).max()
rel = np.linalg.norm(X1 - x) / np.linalg.norm(x)
print(f"codes vs numpy: max |diff| / max |x| = {err:.2e}, ||diff||_F / ||x||_F = {rel:.2e}")
assert err <= 1e-4 and rel <= 1e-4, (err, rel)
act = (np.abs(x.reshape(400, 10, 16)).sum(axis=2) > 0)
xa = (X1.reshape(400, 10, 16) != 0).any(axis=2)
assert abs(a1["mean_active_groups"] - xa.sum() / 400) < 1e-12 and abs(xa.sum() - act.sum()) <= 4, (a1, act.sum())
assert abs(a1["mean_nonzero_entries"] - (X1 != 0).sum() / 400) < 1e-12, a1
zero = ~(X1 != 0).any(axis=1)
assert a1["zero_codes"] == zero.sum() and abs(a1["zero_code_fraction"] - zero.mean()) < 1e-12, a1
assert 0 < a1["mean_active_groups"] < 10, a1
print(f"mean active groups {a1['mean_active_groups']:.3f} of 10, all-zero codes {zero.sum()}")
P = C["plus"][0]
s = P.astype(np.float64).sum(axis=1)
assert np.all(np.abs(s[~zero] - 1) < 1e-5) and np.all(P[zero] == 0) and np.all(P >= 0), "codes-plus rows"
assert np.allclose(P[~zero], np.abs(X1[~zero]) / np.abs(X1[~zero].astype(np.float64)).sum(1, keepdims=True), rtol=1e-5, atol=1e-7)
assert C["plus"][2]["representation"] == "codes-plus"
N = C["norms"][0]
assert N.shape == (400, 10) and C["norms"][2]["representation"] == "group-norms"
assert np.allclose(N, np.linalg.norm(X1.astype(np.float64).reshape(400, 10, 16), axis=2), rtol=1e-5, atol=1e-7)
Xp, Lp, ap = C["part"]
assert Xp.tobytes() == X1[100:150].tobytes() and np.array_equal(Lp, y[100:150]) and ap["data_first"] == 100, "--first/--count"
X7 = C["batch7"][0]
assert np.abs(X7.astype(np.float64) - X1).max() <= 1e-5 * np.abs(X1).max(), "--batch 7 differs beyond rounding"
np.save("zero.npy", zero)
PY
ok "1 and 2 ranks: same bytes; codes = numpy's encoder within 1e-4; codes-plus, group norms, sparsity, labels, --first/--count, --batch"

# --- a run trained with --center (center = 1): every row is encoded as y - mean
solo encode --run centred.h5 --data mnist.h5 --out centred_codes.h5 >/dev/null
mpi 2 encode --run centred.h5 --data mnist.h5 --out centred_codes2.h5 >/dev/null
"$PYTHON" - <<'PY' || fail "encoding y - mean for a centred run"
import h5py, numpy as np
from refenc import ista_group
r = np.load("ref.npz")
A, eta, lam = r["A"], float(r["eta"]), float(r["lam"])
mean = np.load("mean.npz")["mean"]
with h5py.File("mnist.h5", "r") as f:
    Y = f["data/Y"][()].astype(np.float64) - mean
x = ista_group(Y, A, eta, lam)
with h5py.File("centred_codes.h5", "r") as f:
    X, center = f["data/Y"][()].astype(np.float64), f.attrs["encoder_center"]
with h5py.File("centred_codes2.h5", "r") as f:
    assert f["data/Y"][()].tobytes() == X.astype(f["data/Y"].dtype).tobytes(), "centred codes differ on 2 ranks"
with h5py.File("codes1.h5", "r") as f:
    X0 = f["data/Y"][()].astype(np.float64)
assert center == 1 and np.abs(x).max() > 0, (center, np.abs(x).max())
err = np.abs(X - x).max() / np.abs(x).max()
assert err <= 1e-4, err
assert np.abs(X - X0).max() > 1e-2 * np.abs(X0).max(), "the mean was not subtracted"
print(f"centred codes vs numpy: max |diff| / max |x| = {err:.2e}")
PY
ok "center = 1: encode subtracts /model/mean (numpy's encoder on y - mean within 1e-4; 1 and 2 ranks same bytes)"

# --- clustering the codes
mpi 2 cluster --data codes2.h5 --method kmeans --k 10 --restarts 3 --out km.h5 >/dev/null
solo cluster --data codes1.h5 --method strongest-group --out sg1.h5 | tee sg.txt
mpi 2 cluster --data codes2.h5 --method strongest-group --group-size 16 --out sg2.h5 >/dev/null
solo cluster --data norms.h5 --method strongest-group --out sgn.h5 >/dev/null
solo cluster --data plus.h5 --method strongest-group --out sgp.h5 >/dev/null
# more groups than classes: 40 groups of 4 -> accuracy (Hungarian) and purity both reported
solo cluster --data codes1.h5 --method strongest-group --group-size 4 --out sg40.h5 | tee sg40.txt
grep -q "purity" sg40.txt || fail "40 groups vs 10 classes: purity not reported"
! grep -q "purity" sg.txt || fail "10 groups vs 10 classes: only the Hungarian accuracy is reported"
"$PYTHON" - <<'PY' || fail "strongest-group labels, accuracy or purity"
import h5py, numpy as np
from scipy.optimize import linear_sum_assignment
with h5py.File("codes1.h5", "r") as f:
    X, y = f["data/Y"][()].astype(np.float64), f["data/labels"][()]
zero = np.load("zero.npy")
def acc(pred, truth, k):
    C = np.zeros((max(k, truth.max() + 1),) * 2)
    np.add.at(C, (pred, truth), 1)
    r, c = linear_sum_assignment(-C)
    return C[r, c].sum() / len(truth)
def purity(pred, truth, k):
    C = np.zeros((k, truth.max() + 1))
    np.add.at(C, (pred, truth), 1)
    return C.max(axis=1).sum() / len(truth)
for d, files in ((16, ("sg1", "sg2", "sgn", "sgp")), (4, ("sg40",))):
    g = 160 // d
    want = np.argmax(np.linalg.norm(X.reshape(400, g, d), axis=2), axis=1)
    want[zero] = g
    for p in files:
        with h5py.File(p + ".h5", "r") as f:
            a = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
            L = f["labels"][()]
        assert a["format"] == "gsae-clustering" and a["method"] == "strongest-group", a
        assert a["k"] == g and a["groups"] == g and a["none_cluster"] == g and a["zero_codes"] == zero.sum(), (p, a)
        assert a["group_size"] == (1 if p == "sgn" else d) and a["classes"] == 10, (p, a)
        assert np.array_equal(L, want), f"{p}: labels are not the strongest groups"
        assert abs(a["accuracy"] - acc(L, y, g + 1)) < 1e-12, (p, a["accuracy"], acc(L, y, g + 1))
        assert abs(a["purity"] - purity(L, y, g + 1)) < 1e-12, (p, a["purity"])
    print(f"strongest group, {g} groups: accuracy {100 * a['accuracy']:.2f}%, purity {100 * a['purity']:.2f}%")
with h5py.File("km.h5", "r") as f:
    print(f"k-means on codes: accuracy {100 * f.attrs['accuracy']:.2f}%")
PY
"$GSAE" inspect sg40.h5 >/dev/null || fail "gsae inspect on a strongest-group clustering"
"$GSAE" inspect codes1.h5 >/dev/null || fail "gsae inspect on a codes file"
ok "strongest-group = argmax of group norms on codes, codes-plus and group norms, 1 and 2 ranks; accuracy and purity"

# --- bad inputs: one error line, non-zero exit, no output file
expect_error 1 "nope.h5: no such file" bad.h5 -- encode --run nope.h5 --data mnist.h5 --out bad.h5
for np_ in 2; do
  expect_error $np_ "nope.h5: no such file" bad.h5 -- encode --run nope.h5 --data mnist.h5 --out bad.h5
  expect_error $np_ "corrupt.h5" bad.h5 -- encode --run corrupt.h5 --data mnist.h5 --out bad.h5
  expect_error $np_ "not complete (status 'running')" bad.h5 -- encode --run running.h5 --data mnist.h5 --out bad.h5
  expect_error $np_ "not an unfolded-encoder run (encoder is 'shallow'" bad.h5 -- encode --run shallow.h5 --data mnist.h5 --out bad.h5
  expect_error $np_ "/model/A[5, 7] = nan is not finite" bad.h5 -- encode --run nan.h5 --data mnist.h5 --out bad.h5
  expect_error $np_ "nomean.h5: dataset /model/mean is missing" bad.h5 -- encode --run nomean.h5 --data mnist.h5 --out bad.h5
  expect_error $np_ "mnist.h5 has n = 784 values per sample, but the encoder of small.h5 has n = 100" bad.h5 -- \
    encode --run small.h5 --data mnist.h5 --out bad.h5
  [ ! -e bad.h5 ] || fail "a failed encode left bad.h5"
done
expect_error 2 "--repr must be codes, codes-plus or group-norms (got 'pixels')" bad.h5 -- \
  encode --run run.h5 --data mnist.h5 --repr pixels --out bad.h5
expect_error 2 "run.h5: not a gsae data set" bad.h5 -- encode --run run.h5 --data run.h5 --out bad.h5
expect_error 2 "--group-size d is required" bad.h5 -- cluster --data mnist.h5 --method strongest-group --out bad.h5
expect_error 1 "--group-size 7 does not divide the 160 columns" bad.h5 -- \
  cluster --data codes1.h5 --method strongest-group --group-size 7 --out bad.h5
expect_error 1 "--group-size must be 1 or omitted" bad.h5 -- \
  cluster --data norms.h5 --method strongest-group --group-size 16 --out bad.h5
expect_error 1 "--k does not apply to --method strongest-group" bad.h5 -- \
  cluster --data codes1.h5 --method strongest-group --k 10 --out bad.h5
[ ! -e bad.h5 ] || fail "a failed command left bad.h5"
ok "bad run files, data and flags"
