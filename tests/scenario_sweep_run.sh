#!/usr/bin/env bash
# gsae sweep as a user drives it: count and list a grid, run it over teams of ranks, rerun (nothing
# redone), grow an axis (only the new points run), a diverging point (failed, the sweep goes on,
# skipped on rerun unless --retry-failed), single points and ranges for array tasks.
source "$(dirname "$0")/lib.sh"
cat >spec.yaml <<'EOF'
name: grid
n: 40
groups: 10
group_size: 2
active: 2
samples: 400
epochs: 40
init_corr: 0.6
snr_db: [5, 10]
seed: {from: 0, to: 1}
model: [group, soft]
EOF
[ "$("$GSAE" sweep spec.yaml --count)" = 8 ] || fail "--count should print 8"
"$GSAE" sweep spec.yaml --list >list.txt
head -1 list.txt | grep -q "index *id *data_id *snr_db *seed *model *status" || fail "list header: $(head -1 list.txt)"
[ "$(grep -c ' missing$' list.txt)" = 8 ] || fail "8 points should be listed as missing: $(cat list.txt)"
ok "--count and --list"

# 2 ranks as 2 teams of 1, and 4 ranks as 2 teams of 2, give the same points (to rounding)
mpi 2 sweep spec.yaml --results r1 >r1.log || fail "sweep on 2 ranks: $(cat r1.log)"
grep -q "8 to run (4 data sets to generate); 2 teams of 1 rank" r1.log || fail "$(head -1 r1.log)"
[ "$(grep -c 'points [0-9]/8 done' r1.log)" = 8 ] || fail "expected 8 progress lines: $(cat r1.log)"
grep -q "ETA" r1.log || fail "no ETA in the progress lines"
[ "$(h5check statuses r1/grid)" = "complete 8" ] || fail "$(h5check statuses r1/grid)"
[ "$(h5check attr r1/grid/sweep.h5 format)" = gsae-sweep ] || fail "no manifest"
mpi 4 sweep spec.yaml --results r2 --ranks-per-point 2 >r2.log || fail "sweep with teams of 2: $(cat r2.log)"
grep -q "2 teams of 2 ranks" r2.log || fail "$(head -1 r2.log)"
tol=$([ "$GSAE_PRECISION" = double ] && echo 1e-9 || echo 1e-3)
for f in r1/grid/points/*.h5; do
  h5check close "$f" "r2/grid/points/$(basename "$f")" /model/A "$tol" >/dev/null
  [ "$(h5check attr "r2/grid/points/$(basename "$f")" ranks)" = 2 ] || fail "teams of 2 should train on 2 ranks"
done
for f in r1/grid/data/*.h5; do h5check same "$f" "r2/grid/data/$(basename "$f")" /data/Y /truth/A; done
ok "teams of 1 and of 2 ranks: identical data sets, dictionaries equal to $tol"

# a rerun does nothing and touches nothing
sums=$(md5sum r1/grid/points/*.h5)
mpi 2 sweep spec.yaml --results r1 >again.log
grep -q "8 complete, 0 failed, 0 to run" again.log || fail "rerun: $(head -1 again.log)"
[ "$(md5sum r1/grid/points/*.h5)" = "$sums" ] || fail "a rerun modified complete points"
ok "rerun of a complete sweep: nothing to run, files untouched"

# one more seed: only the 4 new points run, the old ones keep their ids and files
sed 's/to: 1}/to: 2}/' spec.yaml >grown.yaml
[ "$("$GSAE" sweep grown.yaml --count)" = 12 ] || fail "grown spec should have 12 points"
mpi 2 sweep grown.yaml --results r1 >grown.log
grep -q "12 points selected: 8 complete, 0 failed, 4 to run (2 data sets to generate)" grown.log ||
  fail "growing an axis: $(head -1 grown.log)"
[ "$(md5sum r1/grid/points/*.h5 | grep -c -F -f <(echo "$sums" | cut -d' ' -f1))" = 8 ] || fail "old points changed"
ok "a new axis value runs only the new points"

# --point I and I-J, as array tasks call them
mpi 1 sweep spec.yaml --results arr --point 3 >p3.log
[ "$(h5check statuses arr/grid)" = "complete 1" ] || fail "--point 3 should run one point"
id3=$(awk '$1 == 3 {print $2}' list.txt)
[ -e "arr/grid/points/$id3.h5" ] || fail "--point 3 ran another point than the list's index 3"
[ "$(h5check attr "arr/grid/points/$id3.h5" point_index)" = 3 ] || fail "point_index attribute"
mpi 1 sweep spec.yaml --results arr --point 2-5 >p25.log
grep -q "4 points selected: 1 complete, 0 failed, 3 to run" p25.log || fail "--point 2-5: $(head -1 p25.log)"
if mpi 1 sweep spec.yaml --results arr --point 8 2>p8.err; then fail "--point 8 of 8 points accepted"; fi
grep -q "outside the 8 points of grid (0 .. 7)" p8.err || fail "$(cat p8.err)"
if mpi 2 sweep spec.yaml --results arr --ranks-per-point 3 2>rp.err >/dev/null; then fail "R=3 on 2 ranks accepted"; fi
grep -q "ranks-per-point 3 must divide the 2 MPI ranks" rp.err || fail "$(cat rp.err)"
ok "--point I, --point I-J, and clear errors for a bad index or team size"

# a diverging point fails with its epoch and reason; the others complete; rerun skips it
cat >div.yaml <<'EOF'
name: div
n: 40
groups: 10
group_size: 2
active: 2
samples: 400
epochs: 40
lr: [1e-3, 1e300]
EOF
if mpi 2 sweep div.yaml >div.log 2>&1; then fail "a sweep with a failed point must exit non-zero"; fi
grep -q "FAILED: training diverged at" div.log || fail "no divergence report: $(cat div.log)"
grep -q "1 of 2 points failed" div.log || fail "$(tail -2 div.log)"
[ "$(h5check statuses results/div)" = "$(printf 'complete 1\nfailed 1')" ] || fail "$(h5check statuses results/div)"
rc=0
mpi 2 sweep div.yaml >div2.log 2>&1 || rc=$?
[ $rc = 1 ] && grep -q "1 complete, 1 failed (skipped; --retry-failed reruns them), 0 to run" div2.log &&
  grep -q "1 of the 2 selected points failed before and were skipped" div2.log ||
  fail "a rerun should skip the failed point and exit 1 (not every point is complete): status $rc, $(cat div2.log)"
if mpi 2 sweep div.yaml --retry-failed >div3.log 2>&1; then fail "the retried point diverges again"; fi
grep -q "1 to run" div3.log || fail "--retry-failed: $(head -1 div3.log)"
ok "divergence: point failed with its reason, sweep went on, --retry-failed reruns it"

# key=value overrides: an axis from the command line runs only the points it adds, the manifest holds
# the effective spec, and a rerun with the same overrides does nothing
[ "$("$GSAE" sweep spec.yaml 'lambda=[2,3]' --count)" = 16 ] || fail "lambda=[2,3] should double the 8 points"
[ "$("$GSAE" sweep spec.yaml epochs=40 --count)" = 8 ] || fail "epochs=40 should keep 8 points"
mpi 2 sweep spec.yaml 'lambda=[2,3]' --results r1 >ov.log || fail "sweep with an override: $(cat ov.log)"
grep -q "16 points selected: 8 complete, 0 failed, 8 to run" ov.log || fail "lambda 2 is the old points: $(head -1 ov.log)"
"$PYTHON" - r1/grid/sweep.h5 <<'PY' || fail "the manifest should hold the effective spec"
import sys, h5py
spec = h5py.File(sys.argv[1], "r").attrs["spec"].decode()
assert "lambda: [2,3]\n" in spec and "# overridden on the command line: lambda=[2,3]" in spec, spec
PY
mpi 2 sweep spec.yaml 'lambda=[2,3]' --results r1 >ov2.log || fail "rerun: $(cat ov2.log)"
grep -q "16 complete, 0 failed, 0 to run" ov2.log || fail "a rerun with the same overrides should do nothing: $(head -1 ov2.log)"
expect_error 1 "override 'epoch=5': unknown key 'epoch' (did you mean 'epochs'?)" - -- sweep spec.yaml epoch=5 --count
expect_error 1 "override 'lambda=[1,2': YAML syntax error" - -- sweep spec.yaml 'lambda=[1,2' --count
ok "overrides: an axis added from the command line, the effective spec in the manifest, bad overrides refused"

# gsae train --config: the same keys for one run, flags win
cat >one.yaml <<'EOF'
lambda: 1.5
epochs: 5
train_seed: 3
init_corr: 0.6
EOF
data=$(ls r1/grid/data/*.h5 | head -1)
"$GSAE" train --data "$data" --config one.yaml --epochs 3 --out one.h5 --progress-every 0 >/dev/null ||
  fail "train --config"
for kv in lambda=1.5 epochs=3 seed=3 init_corr=0.6; do
  [ "$(h5check attr one.h5 "${kv%%=*}")" = "${kv#*=}" ] || fail "one.h5: ${kv%%=*} = $(h5check attr one.h5 "${kv%%=*}"), expected ${kv#*=}"
done
printf 'lambda: 1\nsnr_db: 3\n' >bad.yaml
expect_error 1 "bad.yaml:2: snr_db is a key of generated data; gsae train reads --data" bad.h5 -- \
  train --data "$data" --config bad.yaml --out bad.h5
printf 'layers: 4\n' >bad.yaml
expect_error 1 "--layers applies to --encoder unfolded only" bad.h5 -- train --data "$data" --config bad.yaml --out bad.h5
ok "train --config: keys as defaults, flags override, data keys and the other encoder's refused"

# the user's own data: a gsae-dataset written with h5py from a numpy array, swept over lambda with
# init: data; its content id is the data part of the ids, so a moved copy is the same points and a
# file with other values is not
"$PYTHON" - <<'PY'
import h5py, numpy as np
rng = np.random.default_rng(0)
for name, shift in (("mine.h5", 0.0), ("moved.h5", 0.0), ("other.h5", 1.0)):
    with h5py.File(name, "w") as f:
        f.attrs["format"] = "gsae-dataset"
        f.attrs["format_version"] = 1
        f["data/Y"] = (np.random.default_rng(0).standard_normal((300, 32)) + shift).astype(np.float32)
        f["data/labels"] = np.arange(300, dtype=np.int32) % 4
PY
cat >mine.yaml <<'EOF'
name: mine
data: mine.h5
groups: 4
group_size: 2
init: data
lambda: [0.5, 1]
epochs: 3
EOF
mpi 2 sweep mine.yaml >mine.log 2>&1 || fail "sweep on a user data file: $(cat mine.log)"
grep -q "2 to run (0 data sets to generate)" mine.log || fail "a data file is not generated: $(head -1 mine.log)"
[ "$(h5check statuses results/mine)" = "complete 2" ] || fail "$(h5check statuses results/mine)"
"$GSAE" merge results/mine >/dev/null || fail "merge of the data-file sweep"
"$GSAE" inspect results/mine/summary.h5 --columns lambda,data,init,loss >cols.txt || fail "inspect: $(cat cols.txt)"
[ "$(grep -c ' mine.h5 *data ' cols.txt)" = 2 ] || fail "summary columns: $(cat cols.txt)"
sed 's/mine.h5/moved.h5/' mine.yaml >moved.yaml
mpi 2 sweep moved.yaml >moved.log 2>&1 && grep -q "2 complete, 0 failed, 0 to run" moved.log ||
  fail "a moved copy of the data should be the same points: $(head -1 moved.log)"
sed 's/mine.h5/other.h5/' mine.yaml >other.yaml
"$GSAE" sweep other.yaml --list | grep -c ' missing$' | grep -qx 2 || fail "other values should be new points"
printf 'name: x\ndata: [mine.h5, moved.h5]\ngroups: 4\ngroup_size: 2\ninit: data\n' >dup.yaml
expect_error 1 "dup.yaml:2: data: 'moved.h5' holds the same data as 'mine.h5'" - -- sweep dup.yaml --count
printf 'name: x\ndata: nope.h5\n' >bad.yaml
expect_error 1 "bad.yaml:2: data: nope.h5: no such file" - -- sweep bad.yaml --count
printf 'name: x\ndata: mine.h5\nsnr_db: 5\n' >bad.yaml
expect_error 1 "bad.yaml:3: snr_db applies to generated data; data: (line 2) gives the data" - -- sweep bad.yaml --count
ok "data: a user's h5py file swept over lambda with init: data; content ids, not paths; bad data keys refused"

# a grid of 10^8 points: counted at once, refused to run (and to list) with its size, nothing created
printf 'name: big\nseed: {from: 0, to: 9999}\nlambda: {from: 1, to: 10000}\n' >big.yaml
t0=$(date +%s%N)
[ "$("$GSAE" sweep big.yaml --count)" = 100000000 ] || fail "--count of the 10^8 grid"
ms=$((($(date +%s%N) - t0) / 1000000))
[ $ms -lt 5000 ] || fail "--count of 10^8 points took $ms ms"
expect_error 1 "big.yaml: the grid has 100000000 points, more than the limit of 10000000 (--max-points N raises it" - \
  -- sweep big.yaml
[ ! -e results/big ] || fail "a refused grid created results/big"
expect_error 1 "the grid has 100000000 points, more than the limit of 1000" - -- sweep big.yaml --list --max-points 1000
ok "a 10^8-point grid: --count in $ms ms, refused to run with its size"
