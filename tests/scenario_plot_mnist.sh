#!/usr/bin/env bash
# gsae-plot's MNIST figures (paper section 4.2) on 300 imported test images: a hand-made unfolded
# group-sparse run file (and its sparse twin) whose atoms are training images, 16 of each digit per
# group; gsae encode (codes, codes-plus) and gsae cluster (k-means, 2 seeds; strongest group); then
# atoms, activations, distances and table1. Every figure is a valid PNG and PDF, the distance tables
# and Table 1's cells agree with numbers recomputed here, bad input is one "gsae-plot: error:" line
# with exit status 2.
source "$(dirname "$0")/lib.sh"
PLOT=$TESTS_DIR/../src/plot/gsae-plot
plot() { timeout 120 "$PYTHON" "$PLOT" "$@"; }
plotcheck() { "$PYTHON" "$TESTS_DIR/plotcheck.py" "$@" || fail "figures $*"; }
g() { timeout 60 "$GSAE" "$@" >>gsae.log 2>&1 || fail "gsae $*: $(tail -3 gsae.log)"; }
need_mnist t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz train10k-images-idx3-ubyte.gz train10k-labels-idx1-ubyte.gz

g import-idx --images "$MNIST/t10k-images-idx3-ubyte.gz" --labels "$MNIST/t10k-labels-idx1-ubyte.gz" --count 300 --out data.h5
g import-idx --images "$MNIST/train10k-images-idx3-ubyte.gz" --labels "$MNIST/train10k-labels-idx1-ubyte.gz" --count 400 --out dict.h5
# run files as gsae train --encoder unfolded writes them (the attributes gsae_encoder_read needs)
"$PYTHON" - <<'PY' || fail "fake run files"
import h5py, numpy as np
d = h5py.File("dict.h5", "r")
Y, lab = d["data/Y"][()].astype(np.float64), d["data/labels"][()]
A = np.concatenate([Y[np.flatnonzero(lab == c)[:16]] for c in range(10)]).T  # (784, 160): group g = 16 images of digit g
assert A.shape == (784, 160), A.shape
A /= np.linalg.norm(A, axis=0)
eta = 1.0 / np.linalg.norm(A, 2) ** 2
for name, groups, size, lam, prox in (("group_run.h5", 10, 16, 0.2, "group"), ("sparse_run.h5", 160, 1, 0.03, "entry")):
    with h5py.File(name, "w") as f:
        f["model/A"] = A.astype(np.float32)
        for k, v in dict(format="gsae-run", encoder="unfolded", status="complete", unfold="ista", prox=prox,
                         data="data.h5").items():
            f.attrs[k] = v
        for k, v in dict(groups=groups, group_size=size, layers=3, nonneg=0, n=784).items():
            f.attrs[k] = np.int64(v)
        f.attrs["lambda"], f.attrs["eta"] = lam, eta
PY
g encode --run group_run.h5 --data data.h5 --out group_codes.h5
g encode --run group_run.h5 --data data.h5 --repr codes-plus --out groupplus_codes.h5
g encode --run sparse_run.h5 --data data.h5 --out sparse_codes.h5
mkdir -p clu
for s in 0 1; do
  g cluster --data group_codes.h5 --method kmeans --k 10 --restarts 2 --seed $s --out clu/group_kmeans_s$s.h5
done
g cluster --data data.h5 --method kmeans --k 10 --restarts 2 --seed 0 --out clu/raw_kmeans_s0.h5
g cluster --data groupplus_codes.h5 --method kmeans --k 10 --restarts 2 --seed 0 --out clu/groupplus_kmeans_s0.h5
g cluster --data group_codes.h5 --method strongest-group --out clu/group_strongest-group.h5
ok "import, fake unfolded runs, encode, cluster"

# --- atoms: group | sparse panels (image shape from the run's data set)
plot atoms group_run.h5 sparse_run.h5 --out atoms >out.txt 2>err.txt || fail "atoms: $(cat err.txt)"
grep -qxF "wrote atoms.png and atoms.pdf" out.txt || fail "atoms output: $(cat out.txt)"
plot atoms group_run.h5 --order norm --shape 28x28 --out atoms_norm.png >/dev/null 2>err.txt || fail "atoms --order norm: $(cat err.txt)"
plotcheck atoms atoms_norm
ok "atoms"

# --- activations: first image of each class, group and sparse codes side by side
plot activations group_codes.h5 sparse_codes.h5 --data data.h5 --out act >/dev/null 2>err.txt || fail "activations: $(cat err.txt)"
plot activations groupplus_codes.h5 --data data.h5 --per-class 2 --classes 3,7 --out act2 >/dev/null 2>err.txt ||
  fail "activations --classes: $(cat err.txt)"
plotcheck act act2
ok "activations"

# --- distances: raw pixels, sparse and group codes, 10 per class; stdout is the markdown only
plot distances data.h5 sparse_codes.h5 group_codes.h5 --per-class 10 --out dist >dist.md 2>err.txt || fail "distances: $(cat err.txt)"
grep -qF "wrote dist.png and dist.pdf" err.txt || fail "distances: no 'wrote' line on stderr: $(cat err.txt)"
plot distances data.h5 group_codes.h5 --per-class 5 --metric cosine --labels pixels,group --out dist_cos >/dev/null 2>err.txt ||
  fail "distances cosine: $(cat err.txt)"
plotcheck dist dist_cos
[ "$(grep -c '^\*\*' dist.md)" = 3 ] || fail "expected 3 tables: $(cat dist.md)"
! grep -q '^wrote' dist.md || fail "distances wrote more than the tables on stdout"
"$PYTHON" - <<'PY' || fail "distance tables differ from a recomputation: $(cat dist.md)"
import re, h5py, numpy as np
text = open("dist.md").read()
for name, path in (("raw pixels", "data.h5"), ("sparse codes", "sparse_codes.h5"), ("group-sparse codes", "group_codes.h5")):
    f = h5py.File(path, "r")
    Y, lab = f["data/Y"][()].astype(np.float64), f["data/labels"][()]
    sel = np.concatenate([np.flatnonzero(lab == c)[:10] for c in range(10)])
    X, l = Y[sel], lab[sel]
    D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))
    same, off = l[:, None] == l[None, :], ~np.eye(len(sel), dtype=bool)
    w, b = D[same & off].mean(), D[~same].mean()
    block = text.split(f"**{name}** ({path})")[1].split("**")[0]
    m = re.search(r"^\| all \| 100 \| ([0-9.e+-]+) \| ([0-9.e+-]+) \| ([0-9.]+) \|$", block, re.M)
    assert m, (name, block)
    assert abs(float(m[1]) - w) <= 1e-3 * w and abs(float(m[2]) - b) <= 1e-3 * b and abs(float(m[3]) - w / b) <= 1e-3, (name, m[0], w, b)
    print(f"distances {name}: within {w:.4g}, between {b:.4g}")
PY
ok "distances"

# --- table1: representation from each clustered data set's attributes, and by --label
plot table1 clu/*.h5 --out-md t1.md --out-h5 t1.h5 >out.txt 2>err.txt || fail "table1: $(cat err.txt)"
grep -qxF "wrote t1.md and t1.h5" out.txt || fail "table1 output: $(cat out.txt)"
grep -qF '| Raw representation (`raw`) | ' t1.md && grep -qF '| 54.46 |' t1.md && grep -qF '| 80.27 |' t1.md ||
  fail "table1 markdown: $(cat t1.md)"
"$PYTHON" - <<'PY' || fail "table1 differs from the clustering files: $(cat t1.md)"
import glob, h5py, numpy as np
t = h5py.File("t1.h5", "r")
assert t.attrs["format"] == "gsae-table1" and "table1" in t.attrs["command"], dict(t.attrs)
col = {k: t[k][()] for k in t}
rep = [x.decode() for x in col["representation"]]
met = [x.decode() for x in col["method"]]
row = {(r, m): i for i, (r, m) in enumerate(zip(rep, met))}
acc = lambda p: 100 * float(h5py.File(p, "r").attrs["accuracy"])  # noqa: E731
want = {("group codes", "kmeans"): ["clu/group_kmeans_s0.h5", "clu/group_kmeans_s1.h5"],
        ("raw", "kmeans"): ["clu/raw_kmeans_s0.h5"], ("group codes+", "kmeans"): ["clu/groupplus_kmeans_s0.h5"],
        ("group codes", "strongest-group"): ["clu/group_strongest-group.h5"]}
for key, files in want.items():
    i = row[key]
    a = [acc(p) for p in files]
    assert col["count"][i] == len(a) and abs(col["mean"][i] - np.mean(a)) < 1e-9, (key, col["mean"][i], a)
    assert (len(a) == 1 and np.isnan(col["std"][i])) or abs(col["std"][i] - np.std(a, ddof=1)) < 1e-9, key
    assert col["samples"][i] == 300, key
paper = {("raw", "kmeans"): 54.46, ("raw", "spectral"): 63.04, ("sparse codes", "kmeans"): 54.14,
         ("sparse codes+", "spectral"): 56.98, ("group codes", "kmeans"): 74.5, ("group codes+", "spectral"): 80.27}
for key, v in paper.items():
    assert col["paper"][row[key]] == v, (key, col["paper"][row[key]])
assert np.isnan(col["paper"][row[("group codes", "strongest-group")]])
assert col["count"][row[("sparse codes", "kmeans")]] == 0  # a paper cell without files
assert len(set(map(len, col.values()))) == 1
print(f"table1: {len(rep)} cells, means and counts as recomputed, paper numbers embedded")
PY
# --label: the data sets are not reachable from another folder, the file names say the representation
mkdir -p elsewhere && cp clu/group_kmeans_s*.h5 clu/raw_kmeans_s0.h5 elsewhere/
"$PYTHON" -c "import h5py, glob; [h5py.File(p, 'r+').attrs.__setitem__('data', 'moved/' + p.split('_')[0].split('/')[1] + '.h5') for p in glob.glob('elsewhere/*.h5')]"
plot table1 elsewhere/*.h5 --label 'group codes=group_*' --label raw='elsewhere/raw_*' --out-md elsewhere/t.md >/dev/null 2>err.txt ||
  fail "table1 --label: $(cat err.txt)"
grep -qF '| Group-sparse codes (`group codes`) | ' elsewhere/t.md || fail "table1 --label: $(cat elsewhere/t.md)"
printf 'representation,method,paper,label\nraw,kmeans,50,Pixels\n' >paper.csv
plot table1 clu/raw_kmeans_s0.h5 --paper paper.csv >t2.md 2>err.txt || fail "table1 --paper: $(cat err.txt)"
grep -qE '^\| Pixels \(`raw`\) \| [0-9.]+ \(n=1\) \| 50\.00 \|$' t2.md || fail "table1 --paper: $(cat t2.md)"
ok "table1"

# --- bad input: exit status 2, one "gsae-plot: error: FILE: ..." line, no output written
expect_plot_error() {
  local want=$1 rc=0
  shift
  rm -f bad.png bad.pdf bad.md bad.h5
  timeout 60 "$PYTHON" "$PLOT" "$@" >out.txt 2>err.txt || rc=$?
  [ "$rc" = 2 ] || fail "exit $rc (want 2) for: gsae-plot $*: $(cat err.txt)"
  [ "$(grep -c . err.txt)" = 1 ] || fail "expected one error line for gsae-plot $*: $(cat err.txt)"
  grep -q "^gsae-plot: error: " err.txt && grep -qF -- "$want" err.txt || fail "for gsae-plot $*: wanted '$want' in: $(cat err.txt)"
  [ ! -e bad.png ] && [ ! -e bad.pdf ] && [ ! -e bad.md ] && [ ! -e bad.h5 ] || fail "gsae-plot $* wrote an output"
  echo "ok: $(cat err.txt)"
}
g encode --run group_run.h5 --data data.h5 --first 1 --count 100 --out shifted.h5
"$PYTHON" -c "import h5py; f = h5py.File('shifted.h5', 'r+'); f.attrs['data_first'] = 0"  # rows no longer line up
expect_plot_error "clu/raw_kmeans_s0.h5: not a gsae run file (root attribute format is 'gsae-clustering'" atoms clu/raw_kmeans_s0.h5 --out bad
expect_plot_error "shifted.h5: its /data/labels differ from data.h5's at row" distances data.h5 shifted.h5 --out bad
expect_plot_error "elsewhere/raw_kmeans_s0.h5: its data set 'moved/raw.h5' (root attribute data) is not found" \
  table1 elsewhere/raw_kmeans_s0.h5 --out-md bad.md --out-h5 bad.h5
expect_plot_error "data.h5: no sample of class 11" activations group_codes.h5 --data data.h5 --classes 1,11 --out bad
expect_plot_error "--shape 20x20 has 400 pixels, the vectors have n = 784" atoms group_run.h5 --shape 20x20 --out bad
ok "bad input: one error line each, status 2"
