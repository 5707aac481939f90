#!/usr/bin/env bash
# jobs/mnist.sh, the section 4.2 pipeline (its models and clusterings one sweep of
# jobs/specs/mnist_table1.yaml), end to end on 1,100 training and 1,100 test images (2 epochs,
# 2 seeds, 2 ranks): every step leaves what the next needs; every Table 1 cell of the sweep equals,
# bit for bit, what the separate commands give (gsae train --preset, gsae encode, gsae cluster: the
# shell pipeline the spec replaced); Table 1's cells are the means of those values; Figures 4 and 5
# are valid PNG/PDF; a rerun redoes nothing; a second sweep gets its own labelled rows and figures;
# an unknown step and a bad override are refused with one line before any work.
source "$(dirname "$0")/lib.sh"
need_mnist t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz train10k-images-idx3-ubyte.gz train10k-labels-idx1-ubyte.gz
JOB=$TESTS_DIR/../jobs/mnist.sh
build=$(dirname "$GSAE")
export OUT=$WORK/mnist COUNT=1100 SEEDS="0 1" GSAE_MNIST_DIR=$MNIST OVERRIDES="epochs=2 batch_size=100"
pipeline() { timeout 900 bash "$JOB" "$build" 2 "$@"; }

pipeline >log1.txt 2>&1 || fail "jobs/mnist.sh: $(tail -5 log1.txt)"
sweep=$OUT/mnist_table1
[ "$(h5check attr "$sweep/summary.h5" complete)" = 4 ] || fail "the sweep: not 4 complete points"
ok "data, sweep, raw, table, figures ran"

# the reference: the separate commands, as the shell pipeline ran them before the spec (each run on
# 2 ranks, the clusterings seeded by the training seed)
mkdir -p ref
for s in 0 1; do
  for m in group sparse; do
    mpi 2 train --preset mnist-$m --data "$OUT/train.h5" --out ref/${m}_s$s.h5 --seed $s --epochs 2 --batch-size 100 \
      >/dev/null || fail "reference train $m seed $s"
    for rep in codes codes-plus; do
      mpi 2 encode --run ref/${m}_s$s.h5 --data "$OUT/test.h5" --repr $rep --out ref/${m}_s${s}_$rep.h5 >/dev/null ||
        fail "reference encode $m $rep"
      mpi 2 cluster --data ref/${m}_s${s}_$rep.h5 --method kmeans --k 10 --restarts 10 --seed $s \
        --out ref/${m}_s${s}_${rep}_kmeans.h5 >/dev/null || fail "reference k-means"
      mpi 2 cluster --data ref/${m}_s${s}_$rep.h5 --method spectral --k 10 --restarts 10 --n-neighbors 1000 --seed $s \
        --out ref/${m}_s${s}_${rep}_spectral.h5 >/dev/null || fail "reference spectral"
    done
  done
  mpi 2 cluster --data ref/group_s${s}_codes.h5 --method strongest-group --out ref/group_s${s}_strongest.h5 >/dev/null ||
    fail "reference strongest group"
done
"$PYTHON" - "$OUT" "$sweep/summary.h5" <<'PY' || fail "the sweep's Table 1 cells differ from the separate commands'"
import sys, h5py, numpy as np
out, summary = sys.argv[1], h5py.File(sys.argv[2], "r")["points"]
dec = lambda a: [x.decode() if isinstance(x, bytes) else x for x in a[()]]
presets, seeds, n, cells = dec(summary["preset"]), summary["train_seed"][()], 0, {}
for i, (preset, seed) in enumerate(zip(presets, seeds)):
    model = preset.split("-")[1]
    pairs = [(rep, m) for rep in ("codes", "codes-plus") for m in ("kmeans", "spectral")]
    pairs += [("codes", "strongest-group")] if model == "group" else []
    for rep, method in pairs:
        name = f"{model}_s{int(seed)}_strongest.h5" if method == "strongest-group" else f"{model}_s{int(seed)}_{rep}_{method}.h5"
        old = 100 * h5py.File(f"ref/{name}", "r").attrs["accuracy"]
        new = summary[f"acc_{method}_{rep}".replace("-", "_")][i]
        assert new == old, (preset, seed, rep, method, new, old)
        cells.setdefault((model + " " + rep.replace("-plus", "+"), method), []).append(new)
        n += 1
assert n == 18, n
for s in (0, 1):
    for method in ("kmeans", "spectral"):
        f = h5py.File(f"{out}/clusters/raw_{method}_s{s}.h5", "r")
        assert f.attrs["samples"] == 1100 and int(f.attrs["seed"]) == s, (method, s)
        cells.setdefault(("raw", method), []).append(100 * f.attrs["accuracy"])
t = h5py.File(f"{out}/table1.h5", "r")
table = {(r, m): (mean, c) for r, m, mean, c in zip(dec(t["representation"]), dec(t["method"]), t["mean"][()], t["count"][()])}
for cell, v in cells.items():
    mean, count = table[cell]
    assert count == 2 and abs(mean - np.mean(v)) < 1e-9, (cell, mean, count, v)
md = open(f"{out}/table1.md").read()
for row in ("Raw representation", "Sparse codes₊", "Group-sparse codes₊", "54.46", "80.27"):
    assert row in md, row
print("sweep = separate commands, bit for bit, on", n, "cells; Table 1 = their means:",
      {k: round(float(np.mean(v)), 2) for k, v in cells.items()})
PY
"$PYTHON" "$TESTS_DIR/plotcheck.py" "$OUT/fig4_atoms" "$OUT/fig4_codes" "$OUT/fig5" || fail "Figures 4 and 5"
[ "$(grep -c '^| all |' "$OUT/fig5.md")" = 3 ] || fail "fig5.md: one distance table per representation"
ok "Table 1 through the spec: its 18 model cells equal the separate commands' bit for bit, the table their means; figures valid"

# a rerun finds everything done: nothing trains, encodes or clusters again, the files are untouched
before=$(cd "$OUT" && md5sum mnist_table1/points/*.h5 mnist_table1/codes/*.h5 clusters/*.h5)
pipeline data sweep raw >log2.txt 2>&1 || fail "rerun: $(tail -5 log2.txt)"
grep -q "0 complete now, 4 already complete" log2.txt || fail "the rerun's sweep ran: $(grep finished log2.txt)"
! grep -q '^+ .* \(import-idx\|cluster\) ' log2.txt || fail "the rerun ran: $(grep '^+' log2.txt | head -3)"
[ "$(cd "$OUT" && md5sum mnist_table1/points/*.h5 mnist_table1/codes/*.h5 clusters/*.h5)" = "$before" ] ||
  fail "the rerun changed files"
ok "a rerun redoes nothing"

# a second sweep (lambda raised): its own folder, rows labelled [mnist_highlambda], figures with its name
SPEC=$TESTS_DIR/../jobs/specs/mnist_table1_highlambda.yaml SEEDS=0 OVERRIDES="epochs=1 batch_size=100" \
  pipeline sweep table figures >log3.txt 2>&1 || fail "second sweep: $(tail -5 log3.txt)"
hl=$OUT/mnist_highlambda
"$PYTHON" - "$hl/summary.h5" <<'PY' || fail "mnist_highlambda: the zipped lambdas"
import sys, h5py
p = h5py.File(sys.argv[1], "r")["points"]
got = sorted((x.decode(), float(l)) for x, l in zip(p["preset"][()], p["lambda"][()]))
assert got == [("mnist-group", 5.0), ("mnist-sparse", 3.0)], got
PY
for row in "group codes+ [mnist_highlambda]" "sparse codes [mnist_highlambda]"; do
  grep -qF "\`$row\`" "$OUT/table1.md" || fail "table1.md lacks $row"
done
grep -qF "Group-sparse codes₊ (\`group codes+\`) | " "$OUT/table1.md" || fail "table1.md lost the paper sweep's rows"
"$PYTHON" "$TESTS_DIR/plotcheck.py" "$OUT/fig4_atoms_mnist_highlambda" "$OUT/fig4_codes_mnist_highlambda" \
  "$OUT/fig5_mnist_highlambda" || fail "figures of mnist_highlambda"
ok "a second sweep: labelled rows in Table 1, its own figures"

# the exploration spec: ten points (five lambdas per preset, zipped), the preset's lambda overridden
[ "$("$GSAE" sweep "$TESTS_DIR/../jobs/specs/mnist_explore.yaml" "data=$OUT/train.h5" "evaluate.data=$OUT/test.h5" \
  --count)" = 10 ] || fail "jobs/specs/mnist_explore.yaml: not 10 points"
"$GSAE" sweep "$TESTS_DIR/../jobs/specs/mnist_explore.yaml" "data=$OUT/train.h5" "evaluate.data=$OUT/test.h5" \
  --list >explore.txt || fail "jobs/specs/mnist_explore.yaml --list"
grep -qE "mnist-sparse +10 " explore.txt && grep -qE "mnist-group +0.2 " explore.txt || fail "explore: $(cat explore.txt)"
ok "jobs/specs/mnist_explore.yaml: 10 points, each preset with its own lambdas"

# refused before any work: an unknown step, an override of an unknown key
rc=0
pipeline trian >log5.txt 2>&1 || rc=$?
[ $rc = 2 ] && [ "$(grep -c . log5.txt)" = 1 ] && grep -q "unknown step 'trian'" log5.txt ||
  fail "unknown step: status $rc, $(cat log5.txt)"
rc=0
OVERRIDES="epoch=3" pipeline sweep >log6.txt 2>&1 || rc=$?
[ $rc != 0 ] && [ "$(grep -c "error:" log6.txt)" = 1 ] && grep -q "unknown key 'epoch' (did you mean 'epochs'?)" log6.txt ||
  fail "bad override: status $rc, $(cat log6.txt)"
ok "an unknown step and a bad override are refused with one line"
