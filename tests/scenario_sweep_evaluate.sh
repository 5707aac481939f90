#!/usr/bin/env bash
# Section 4.2 as a sweep: MNIST training images as the data of the points (data:), the unfolded
# encoder by preset, lambda as an axis, and an evaluate: block that clusters the codes of held-out
# test images; the scores are the same numbers as gsae encode + gsae cluster give, a rerun does
# nothing, and changing the evaluation reruns it alone.
source "$(dirname "$0")/lib.sh"
need_mnist
"$GSAE" import-idx --images "$MNIST/train10k-images-idx3-ubyte.gz" --labels "$MNIST/train10k-labels-idx1-ubyte.gz" \
  --count 1000 --out train.h5 >/dev/null
"$GSAE" import-idx --images "$MNIST/t10k-images-idx3-ubyte.gz" --labels "$MNIST/t10k-labels-idx1-ubyte.gz" \
  --count 1000 --out test.h5 >/dev/null
cat >m.yaml <<'EOF'
name: m
data: train.h5
preset: mnist-group
lambda: [0.2, 5]
epochs: 5
evaluate:
  data: test.h5
  repr: codes-plus
  cluster: [kmeans, strongest-group]
  restarts: 4
EOF
mpi 2 sweep m.yaml >run.log 2>&1 || fail "sweep: $(cat run.log)"
grep -q "2 to run (0 data sets to generate)" run.log || fail "$(head -1 run.log)"
"$GSAE" merge results/m >/dev/null || fail "merge"
cols=lambda,acc_kmeans_codes_plus,acc_strongest_group_codes_plus,purity_strongest_group_codes_plus
"$GSAE" inspect results/m/summary.h5 --columns $cols --format csv >scores.csv || fail "inspect: $(cat scores.csv)"
cat scores.csv
"$PYTHON" - scores.csv <<'PY' || fail "scores out of range"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 2, rows
for r in rows:
    for k in ("acc_kmeans_codes_plus", "acc_strongest_group_codes_plus", "purity_strongest_group_codes_plus"):
        assert 10 < float(r[k]) <= 100, (k, r[k])  # above chance (10 classes), in percent
PY
ok "a data-file sweep of the unfolded encoder with an evaluation: $(tr '\n' ' ' <scores.csv)"

# the same columns as a markdown table, and as Table 1 rows: one per lambda, its cell the point's score
"$GSAE" inspect results/m/summary.h5 --columns $cols --format markdown >scores.md || fail "inspect markdown"
[ "$(sed -n 1p scores.md)" = "| lambda | acc_kmeans_codes_plus | acc_strongest_group_codes_plus | purity_strongest_group_codes_plus |" ] &&
  [ "$(sed -n 2p scores.md)" = "|--:|--:|--:|--:|" ] && [ "$(grep -c '^| [0-9]' scores.md)" = 2 ] ||
  fail "inspect --format markdown: $(cat scores.md)"
"$PYTHON" "$TESTS_DIR/../src/plot/gsae-plot" table1 results/m/summary.h5 --out-h5 t1.h5 --out-md t1.md >/dev/null ||
  fail "gsae-plot table1 on a summary"
"$PYTHON" - t1.h5 scores.csv <<'PY' || fail "Table 1 rows of a lambda axis: $(cat t1.md)"
import csv, sys, h5py
t = h5py.File(sys.argv[1], "r")
dec = lambda a: [x.decode() if isinstance(x, bytes) else x for x in a[()]]
cells = {(r, m): (v, n) for r, m, v, n in zip(dec(t["representation"]), dec(t["method"]), t["mean"][()], t["count"][()]) if n}
for r in csv.DictReader(open(sys.argv[2])):
    lam = f"{float(r['lambda']):g}"
    assert cells[(f"group codes+ [lambda={lam}]", "kmeans")] == (float(r["acc_kmeans_codes_plus"]), 1), cells
    assert cells[(f"group codes+ [lambda={lam}]", "strongest-group")] == (float(r["acc_strongest_group_codes_plus"]), 1)
assert len(cells) == 4, cells
PY
ok "inspect --format markdown; gsae-plot table1 on the summary: a row per lambda, the points' scores"

# the same numbers as the commands a user would run by hand on the point's run file
run=$(ls results/m/points/*.h5 | head -1)
"$GSAE" encode --run "$run" --data test.h5 --repr codes-plus --out codes.h5 >/dev/null || fail "encode"
"$GSAE" cluster --data codes.h5 --method kmeans --k 10 --restarts 4 --out km.h5 >/dev/null || fail "cluster kmeans"
"$GSAE" cluster --data codes.h5 --method strongest-group --out sg.h5 >/dev/null || fail "cluster strongest-group"
"$PYTHON" - "$run" km.h5 sg.h5 <<'PY' || fail "the sweep's scores differ from gsae encode + gsae cluster"
import sys, h5py
run, km, sg = (h5py.File(p, "r") for p in sys.argv[1:])
assert run.attrs["acc_kmeans_codes_plus"] == 100 * km.attrs["accuracy"], (run.attrs["acc_kmeans_codes_plus"], km.attrs["accuracy"])
assert run.attrs["acc_strongest_group_codes_plus"] == 100 * sg.attrs["accuracy"]
assert run.attrs["purity_strongest_group_codes_plus"] == 100 * sg.attrs["purity"]
PY
ok "the evaluation's scores are gsae encode + gsae cluster's"

mpi 2 sweep m.yaml >again.log 2>&1 && grep -q "2 complete, 0 failed, 0 to run" again.log ||
  fail "a rerun should do nothing: $(head -1 again.log)"
cp "$run" before.h5
sed -i 's/restarts: 4/restarts: 2/' m.yaml
mpi 2 sweep m.yaml >eval.log 2>&1 || fail "re-evaluation: $(cat eval.log)"
grep -q "2 to run (0 data sets to generate, 2 of them to evaluate only)" eval.log || fail "$(head -1 eval.log)"
h5check same before.h5 "$run" /model/A /trace/loss >/dev/null || fail "re-evaluating must not retrain"
ok "a rerun does nothing; a changed evaluation reruns the evaluation alone"

base=$(printf 'name: e\ndata: train.h5\npreset: mnist-group\nepochs: 1\n')
printf '%s\nevaluate:\n  data: nope.h5\n' "$base" >e.yaml
expect_error 1 "e.yaml:6: evaluate: data: nope.h5: no such file" - -- sweep e.yaml --count
"$PYTHON" -c "
import h5py, numpy as np
with h5py.File('nolabels.h5', 'w') as f:
    f.attrs['format'] = 'gsae-dataset'; f.attrs['format_version'] = 1; f['data/Y'] = np.zeros((10, 784), np.float32)"
printf '%s\nevaluate:\n  data: nolabels.h5\n' "$base" >e.yaml
expect_error 1 "e.yaml:6: evaluate: data: nolabels.h5 has no /data/labels" - -- sweep e.yaml --count
printf '%s\nevaluate:\n  data: test.h5\n  cluster: [kmeans, dbscan]\n' "$base" >e.yaml
expect_error 1 "e.yaml:7: evaluate: cluster must be kmeans, spectral or strongest-group (got 'dbscan')" - -- sweep e.yaml --count
printf '%s\nevaluate:\n  data: test.h5\n  repr: pixels\n' "$base" >e.yaml
expect_error 1 "e.yaml:7: evaluate: repr must be codes, codes-plus or group-norms (got 'pixels')" - -- sweep e.yaml --count
printf 'name: e\nepochs: 1\nevaluate:\n  data: test.h5\n' >e.yaml
expect_error 1 "evaluate: (line 3) needs encoder: unfolded" - -- sweep e.yaml --count
printf 'name: e\nepochs: 1\nlayers: 4\n' >e.yaml
expect_error 1 "e.yaml:3: layers applies to encoder: unfolded only" - -- sweep e.yaml --count
printf 'name: e\ndata: test.h5\nencoder: unfolded\ninit: data\n' >e.yaml
expect_error 1 "data: test.h5 has no ground truth: give groups and group_size" - -- sweep e.yaml --count
ok "bad evaluate: blocks and data: points refused before any work"
