#!/usr/bin/env bash
# Attributes of the wrong shape or class in the files gsae reads (the mutation families that
# overflowed buffers in the readers): each is one error line naming the file, the attribute, what
# it is and what was expected (all-zero samples or ground truth too), a non-zero exit and nothing written; under the ASan build, no
# sanitizer report. Strings are read whatever their padding: np.bytes_ (NULLPAD, what an h5py
# attribute copy writes) trains normally. A point file whose status is an array is moved aside and
# rerun by the next sweep, and merge counts it as corrupt instead of aborting.
source "$(dirname "$0")/lib.sh"
"$GSAE" generate --n 30 --groups 10 --group-size 2 --active 2 --samples 200 --out g.h5 >/dev/null ||
  fail "generate"
"$PYTHON" - <<'PY' || fail "writing the mutants"
import shutil
import h5py, numpy as np
cases = {
    "groups_array": ("groups", np.array([10, 10, 10])),
    "group_size_array": ("group_size", np.array([2, 2])),
    "seed_array": ("seed", np.arange(100)),
    "snr_array": ("snr_db", np.array([10.0, 20.0])),
    "bmax_array": ("bmax", np.ones(1000)),
    "coherence_array": ("coherence_mix", np.array([0.1, 0.2])),
    "groups_float": ("groups", 20.7),
    "groups_bool": ("groups", True),
    "snr_string": ("snr_db", "ten"),
    "format_array": ("format", np.array([b"gsae-dataset", b"x"])),
    "format_vlarray": ("format", ["gsae-dataset", "x"]),
    "format_number": ("format", 7),
    "format_nullpad": ("format", np.bytes_("gsae-dataset")),
}
for name, (attr, value) in cases.items():
    shutil.copy("g.h5", f"{name}.h5")
    with h5py.File(f"{name}.h5", "a") as f:
        f.attrs[attr] = value
for name, dset in (("zero_y", "data/Y"), ("zero_a", "truth/A")):  # values, not attributes: nothing to learn
    shutil.copy("g.h5", f"{name}.h5")
    with h5py.File(f"{name}.h5", "a") as f:
        f[dset][...] = 0
# a data set copied attribute by attribute with plain h5py (fixed-length strings come back as np.bytes_)
with h5py.File("g.h5", "r") as src, h5py.File("copied.h5", "w") as dst:
    for k, v in src.attrs.items():
        dst.attrs[k] = np.bytes_(v) if isinstance(v, (str, bytes)) else v
    for k in src:
        src.copy(k, dst)
PY
while IFS='|' read -r f want; do
  expect_error 1 "$f.h5: attribute $want" r.h5 -- train --data $f.h5 --out r.h5 --epochs 1
done <<'EOF'
groups_array|'groups' is an array of 3, expected a scalar integer
group_size_array|'group_size' is an array of 2, expected a scalar integer
seed_array|'seed' is an array of 100, expected a scalar integer
snr_array|'snr_db' is an array of 2, expected a scalar number
bmax_array|'bmax' is an array of 1000, expected a scalar number
coherence_array|'coherence_mix' is an array of 2, expected a scalar number
groups_float|'groups' is 20.7, expected an integer
groups_bool|'groups' is an enum (a boolean?), expected a scalar integer
snr_string|'snr_db' is a string, expected a scalar number
EOF
for f in format_array format_vlarray; do
  expect_error 1 "$f.h5: attribute 'format' is an array of 2, expected a string" r.h5 -- \
    train --data $f.h5 --out r.h5 --epochs 1
  expect_error 1 "$f.h5: attribute 'format' is an array of 2, expected a string" - -- inspect $f.h5
  expect_error 2 "$f.h5: attribute 'format' is an array of 2, expected a string" c.h5 -- \
    cluster --data $f.h5 --method kmeans --k 3 --out c.h5
done
expect_error 1 "format_number.h5: attribute 'format' is an integer, expected a string" - -- inspect format_number.h5
expect_error 2 "zero_y.h5: /data/Y is all zero (nothing to learn from)" r.h5 -- train --data zero_y.h5 --out r.h5
expect_error 2 "zero_a.h5: /truth/A's atom 0 is zero" r.h5 -- train --data zero_a.h5 --out r.h5
ok "array, float, boolean and string attributes where a scalar of another kind belongs, all-zero data or truth: one line each"

for f in format_nullpad copied; do
  "$GSAE" train --data $f.h5 --out run_$f.h5 --epochs 2 >train_$f.log 2>&1 || fail "$f.h5: $(cat train_$f.log)"
  [ "$(h5check attr run_$f.h5 status)" = complete ] || fail "$f.h5: the run is not complete"
  "$GSAE" inspect $f.h5 >/dev/null || fail "inspect $f.h5"
done
h5check same run_format_nullpad.h5 run_copied.h5 /model/A >/dev/null || fail "a copied data set trains otherwise"
ok "np.bytes_ (NULLPAD) strings and an h5py attribute copy of a data set read and train as the original"

# a point file whose status is an array of strings: merge counts it corrupt, the next sweep reruns it
printf 'name: s\nn: 20\ngroups: 5\ngroup_size: 2\nactive: 1\nsamples: 100\nepochs: 2\nlambda: [1, 2]\n' >s.yaml
mpi 2 sweep s.yaml >s1.log 2>&1 || fail "sweep: $(cat s1.log)"
victim=$(ls results/s/points/*.h5 | head -1)
"$PYTHON" -c "import h5py, sys; h5py.File(sys.argv[1], 'a').attrs['status'] = ['complete', 'x']" "$victim"
rc=0
"$GSAE" merge results/s >merge.log 2>&1 || rc=$?
[ $rc -le 1 ] && grep -q "1 corrupt" merge.log || fail "merge with an array status: status $rc, $(cat merge.log)"
mpi 2 sweep s.yaml >s2.log 2>&1 || fail "rerun: $(cat s2.log)"
grep -q "1 to run" s2.log && [ -e "$victim.corrupt" ] || fail "the damaged point was not moved aside and rerun: $(cat s2.log)"
[ "$(h5check attr "$victim" status)" = complete ] || fail "the rerun point is not complete"
ok "a point file with an array status: merge counts it corrupt (status $rc), the sweep moves it aside and reruns it"
