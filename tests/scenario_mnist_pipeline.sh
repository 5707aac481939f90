#!/usr/bin/env bash
# jobs/mnist.sh, the section 4.2 pipeline, end to end on 1,100 training and 1,100 test images
# (2 epochs, 2 seeds, 2 ranks): every step leaves what the next needs; Table 1's cells are the means
# of the clustering files; Figures 4 and 5 are valid PNG/PDF; a rerun redoes nothing; a second
# configuration gets its own labelled rows and figures; changed flags for an existing configuration
# and an unknown step are refused with one line and status 2.
source "$(dirname "$0")/lib.sh"
need_mnist t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz train10k-images-idx3-ubyte.gz train10k-labels-idx1-ubyte.gz
JOB=$TESTS_DIR/../jobs/mnist.sh
build=$(dirname "$GSAE")
export OUT=$WORK/mnist COUNT=1100 SEEDS="0 1" GSAE_MNIST_DIR=$MNIST
export GROUP_FLAGS="--epochs 2 --batch-size 100" SPARSE_FLAGS="--epochs 2 --batch-size 100"
pipeline() { timeout 600 bash "$JOB" "$build" 2 "$@"; }

pipeline >log1.txt 2>&1 || fail "jobs/mnist.sh: $(tail -5 log1.txt)"
for s in 0 1; do
  for m in group sparse; do
    [ "$(h5check attr "$OUT/paper/runs/${m}_s$s.h5" status)" = complete ] || fail "run ${m}_s$s not complete"
  done
done
"$PYTHON" - "$OUT" <<'PY' || fail "Table 1 against the clustering files"
import glob, sys, h5py, numpy as np
out = sys.argv[1]
t = h5py.File(f"{out}/table1.h5", "r")
dec = lambda a: [x.decode() if isinstance(x, bytes) else x for x in a[()]]
cells = {(r, m): (mean, n) for r, m, mean, n in zip(dec(t["representation"]), dec(t["method"]), t["mean"][()], t["count"][()])}
files = {("raw", "kmeans"): "clusters/raw_kmeans_s*", ("raw", "spectral"): "clusters/raw_spectral_s*",
         ("group codes", "strongest-group"): "paper/clusters/group_s*_strongest*"}
for model in ("group", "sparse"):
    for rep, suffix in (("codes", "codes"), ("codes+", "codes-plus")):
        for method in ("kmeans", "spectral"):
            files[(f"{model} {rep}", method)] = f"paper/clusters/{model}_s*_{suffix}_{method}.h5"
for cell, pattern in files.items():
    paths = sorted(glob.glob(f"{out}/{pattern}"))
    assert len(paths) == 2, (cell, paths)
    acc = [100 * h5py.File(p, "r").attrs["accuracy"] for p in paths]
    mean, n = cells[cell]
    assert n == 2 and abs(mean - np.mean(acc)) < 1e-9, (cell, mean, n, acc)
    assert all(h5py.File(p, "r").attrs["samples"] == 1100 for p in paths), cell
md = open(f"{out}/table1.md").read()
for row in ("Raw representation", "Sparse codes₊", "Group-sparse codes₊", "54.46", "80.27"):
    assert row in md, row
print("table1 ok:", {k: round(v[0], 2) for k, v in cells.items() if v[1]})
PY
"$PYTHON" "$TESTS_DIR/plotcheck.py" "$OUT/fig4_atoms" "$OUT/fig4_codes" "$OUT/fig5" ||
  fail "Figures 4 and 5"
[ "$(grep -c '^| all |' "$OUT/fig5.md")" = 3 ] || fail "fig5.md: one distance table per representation"
ok "data, train, encode, cluster, table, figures: Table 1 = the clustering files' means (2 seeds), figures valid"

# the same study as a sweep (section 4.2 inside the engine): the paper configuration by preset, the
# pipeline's flags as keys, seeds as an axis, and every clustering of Table 1 as the evaluation; each
# point trains on 2 ranks as the pipeline's runs did, so each cell is the same number, bit for bit
cat >table1.yaml <<EOF
name: t1
data: $OUT/train.h5
preset: [mnist-group, mnist-sparse]
epochs: 2
batch_size: 100
train_seed: [0, 1]
evaluate:
  data: $OUT/test.h5
  repr: [codes, codes-plus]
  cluster: [kmeans, spectral, strongest-group]
  k: 10
  restarts: 10
  n_neighbors: 1000
  seed: train_seed
EOF
mpi 2 sweep table1.yaml --ranks-per-point 2 --results sw >sweep.log 2>&1 || fail "the Table 1 sweep: $(tail -3 sweep.log)"
"$GSAE" merge sw/t1 >/dev/null || fail "merge of the Table 1 sweep"
"$PYTHON" - "$OUT" sw/t1/summary.h5 <<'PY' || fail "the sweep's Table 1 cells differ from jobs/mnist.sh's"
import sys, h5py
out, summary = sys.argv[1], h5py.File(sys.argv[2], "r")["points"]
dec = lambda a: [x.decode() if isinstance(x, bytes) else x for x in a[()]]
presets, seeds, n = dec(summary["preset"]), summary["train_seed"][()], 0
for i, (preset, seed) in enumerate(zip(presets, seeds)):
    model = preset.split("-")[1]
    pairs = [(rep, m) for rep in ("codes", "codes-plus") for m in ("kmeans", "spectral")]
    pairs += [("codes", "strongest-group")] if model == "group" else []
    for rep, method in pairs:
        name = f"{model}_s{int(seed)}_strongest.h5" if method == "strongest-group" else f"{model}_s{int(seed)}_{rep}_{method}.h5"
        old = 100 * h5py.File(f"{out}/paper/clusters/{name}", "r").attrs["accuracy"]
        new = summary[f"acc_{method}_{rep}".replace("-", "_")][i]
        assert new == old, (preset, seed, rep, method, new, old)
        n += 1
assert n == 18, n
print("sweep = pipeline, bit for bit, on", n, "cells")
PY
ok "Table 1 through the spec: every cell of 2 seeds x 2 models equals jobs/mnist.sh's, bit for bit"

# a rerun finds everything done: no gsae command runs, the files are untouched
before=$(cd "$OUT" && md5sum paper/runs/*.h5 paper/codes/*.h5 paper/clusters/*.h5 clusters/*.h5)
pipeline data train encode cluster >log2.txt 2>&1 || fail "rerun: $(tail -5 log2.txt)"
! grep -q '^+ .*mpirun' log2.txt || fail "the rerun ran: $(grep '^+' log2.txt | head -3)"
[ "$(cd "$OUT" && md5sum paper/runs/*.h5 paper/codes/*.h5 paper/clusters/*.h5 clusters/*.h5)" = "$before" ] ||
  fail "the rerun changed files"
ok "a rerun redoes nothing"

# a second configuration: its own folder, rows labelled [hl], figures with its name
CONFIG=hl SEEDS=0 GROUP_FLAGS="--epochs 1 --lambda 5" pipeline train encode cluster table figures >log3.txt 2>&1 ||
  fail "second configuration: $(tail -5 log3.txt)"
[ "$(h5check attr "$OUT/hl/runs/group_s0.h5" lambda)" = 5.0 ] || fail "hl: GROUP_FLAGS --lambda 5 not applied"
for row in "group codes+ [hl]" "sparse codes [hl]"; do grep -qF "\`$row\`" "$OUT/table1.md" || fail "table1.md lacks $row"; done
"$PYTHON" "$TESTS_DIR/plotcheck.py" "$OUT/fig4_atoms_hl" "$OUT/fig4_codes_hl" "$OUT/fig5_hl" || fail "figures of hl"
ok "a second configuration: labelled rows in Table 1, its own figures"

# refused: other flags for an existing configuration, an unknown step
rc=0
GROUP_FLAGS="--lambda 1" pipeline train >log4.txt 2>&1 || rc=$?
[ $rc = 2 ] && [ "$(grep -v "^note: OpenBLAS" log4.txt | grep -c .)" = 1 ] && grep -q "CONFIG paper was trained with" log4.txt || fail "changed flags: status $rc, $(cat log4.txt)"
rc=0
pipeline trian >log5.txt 2>&1 || rc=$?
[ $rc = 2 ] && [ "$(grep -c . log5.txt)" = 1 ] && grep -q "unknown step 'trian'" log5.txt ||
  fail "unknown step: status $rc, $(cat log5.txt)"
ok "changed flags for a configuration and an unknown step are refused (status 2)"
