#!/usr/bin/env bash
# Bad input gets one clear line on stderr naming what and where, a non-zero exit, no output file
# that looks complete, and no rank left hanging (every case runs under a timeout, some on 2 ranks).
source "$(dirname "$0")/lib.sh"


small=(--n 30 --groups 10 --group-size 2 --samples 50)
mpi 1 generate "${small[@]}" --active 2 --out good.h5 >/dev/null

# --- gsae generate: impossible parameters and flags
expect_error 1 "unknown flag '--sammples'" out.h5 -- generate --sammples 5 --out out.h5
expect_error 2 "--active 11 exceeds --groups 10" out.h5 -- generate "${small[@]}" --active 11 --out out.h5
expect_error 1 "--snr-db must be a finite number" out.h5 -- generate "${small[@]}" --snr-db nan --out out.h5
expect_error 1 "--snr-db must be a finite number" out.h5 -- generate "${small[@]}" --snr-db inf --out out.h5
expect_error 1 "--samples must be in [1, 2147483647] (got 0)" out.h5 -- generate --samples 0 --out out.h5
expect_error 1 "--n must be in [1, 2147483647] (got 0)" out.h5 -- generate --n 0 --out out.h5
expect_error 1 "--group-size must be in [1, 100000000] (got 0)" out.h5 -- generate --group-size 0 --out out.h5
expect_error 1 "--n expects a non-negative integer, got '-4'" out.h5 -- generate --n -4 --out out.h5
# results that are not data: overflowing noise, no signal, no finite signal (refused on every rank, nothing written)
expect_error 2 "the data are not finite: 1500 values of Y overflow" out.h5 -- generate "${small[@]}" --active 2 --snr-db -10000 --out out.h5
expect_error 2 "the clean signal's energy is 0" out.h5 -- generate "${small[@]}" --active 2 --bmin 1e-300 --bmax 1e-300 --out out.h5
expect_error 2 "the clean signal's energy is inf" out.h5 -- generate "${small[@]}" --active 2 --bmin 1e300 --bmax 1e300 --out out.h5
expect_error 1 "--bmin 5 exceeds --bmax 4" out.h5 -- generate "${small[@]}" --bmin 5 --bmax 4 --out out.h5
expect_error 1 "--coherence must be in (0, 1] (got 2)" out.h5 -- generate "${small[@]}" --coherence 2 --out out.h5
expect_error 2 "reachable [" out.h5 -- generate "${small[@]}" --coherence 0.001 --out out.h5
expect_error 1 "--coherence must be a finite number, got 'nan'" out.h5 -- generate "${small[@]}" --coherence nan --out out.h5
expect_error 1 "with orthonormal groups" out.h5 -- generate "${small[@]}" --orthonormal-groups --coherence 0.9 --out out.h5
expect_error 1 "flag --orthonormal-groups takes no value" out.h5 -- generate "${small[@]}" --orthonormal-groups=1 --out out.h5
expect_error 1 "--out FILE is required" - -- generate "${small[@]}"
expect_error 2 "cannot create file" no/such/dir/out.h5 -- generate "${small[@]}" --out no/such/dir/out.h5
[ ! -e out.h5 ] || fail "a failed generate left out.h5"
expect_error 1 "unknown command 'fit'" - -- fit --data good.h5

# --- gsae train: files that are missing, not HDF5, truncated, or of the wrong content
train=(train --epochs 2 --progress-every 0)
echo "not an hdf5 file" >text.h5
head -c 4000 good.h5 >trunc.h5
"$PYTHON" - <<'PY'
import shutil, h5py, numpy as np
def variant(name, edit):
    shutil.copy("good.h5", name)
    with h5py.File(name, "r+") as f:
        edit(f)
variant("noY.h5", lambda f: f["data"].pop("Y"))
def wrongA(f):
    del f["truth/A"]
    f["truth/A"] = np.zeros((30, 21), np.float32)   # m = 21 is not groups * group_size = 20
variant("wrongA.h5", wrongA)
def nan(f):
    y = f["data/Y"][()]
    y[37, 5] = np.nan
    f["data/Y"][...] = y
variant("nan.h5", nan)
def inf(f):
    y = f["data/Y"][()]
    y[3, 2] = np.inf
    f["data/Y"][...] = y
variant("inf.h5", inf)
def empty(f):
    del f["data/Y"]
    f.create_dataset("data/Y", shape=(0, 30), dtype=np.float32)
variant("empty.h5", empty)
def flat(f):
    del f["data/Y"]
    f["data/Y"] = np.zeros(50 * 30, np.float32)
variant("flat.h5", flat)
def badsupport(f):
    s = f["truth/support"][()]
    s[10, 1] = 99
    f["truth/support"][...] = s
variant("badsupport.h5", badsupport)
variant("notgsae.h5", lambda f: f.attrs.__setitem__("format", "something-else"))
PY
expect_error 2 "missing.h5: no such file" run.h5 -- "${train[@]}" --data missing.h5 --out run.h5
expect_error 1 "text.h5: not an HDF5 file" run.h5 -- "${train[@]}" --data text.h5 --out run.h5
expect_error 2 "trunc.h5: HDF5 file cannot be opened (truncated or corrupt)" run.h5 -- "${train[@]}" --data trunc.h5 --out run.h5
expect_error 2 "noY.h5: dataset /data/Y is missing" run.h5 -- "${train[@]}" --data noY.h5 --out run.h5
expect_error 1 "wrongA.h5: /truth/A has shape (30, 21), expected (n, groups*group_size) = (30, 20)" run.h5 -- "${train[@]}" --data wrongA.h5 --out run.h5
expect_error 2 "nan.h5: /data/Y[37, 5] is NaN" run.h5 -- "${train[@]}" --data nan.h5 --out run.h5
expect_error 1 "inf.h5: /data/Y[3, 2] is Inf" run.h5 -- "${train[@]}" --data inf.h5 --out run.h5
expect_error 2 "empty.h5: /data/Y is empty" run.h5 -- "${train[@]}" --data empty.h5 --out run.h5
expect_error 1 "flat.h5: dataset /data/Y has 1 dimensions, expected 2" run.h5 -- "${train[@]}" --data flat.h5 --out run.h5
expect_error 2 "badsupport.h5: /truth/support[10, 1] = 99 is outside" run.h5 -- "${train[@]}" --data badsupport.h5 --out run.h5
expect_error 1 "not a gsae data set" run.h5 -- "${train[@]}" --data notgsae.h5 --out run.h5

# --- gsae train: impossible settings
expect_error 1 "--lambda must be >= 0 (got -1)" run.h5 -- "${train[@]}" --data good.h5 --out run.h5 --lambda -1
expect_error 1 "--lr must be > 0 (got 0)" run.h5 -- "${train[@]}" --data good.h5 --out run.h5 --lr 0
expect_error 1 "--epochs must be in [0, 1000000000] (got -3)" run.h5 -- train --data good.h5 --out run.h5 --epochs -3
expect_error 1 "--model must be group, soft or relu (got 'lasso')" run.h5 -- "${train[@]}" --data good.h5 --out run.h5 --model lasso
expect_error 1 "--init-corr must be in (0, 1]" run.h5 -- "${train[@]}" --data good.h5 --out run.h5 --init-corr 1.5
expect_error 1 "give --init-corr or --init-delta, not both" run.h5 -- "${train[@]}" --data good.h5 --out run.h5 --init-corr 0.5 --init-delta 0.2
expect_error 2 "--batch-size 51 exceeds the 50 samples" run.h5 -- "${train[@]}" --data good.h5 --out run.h5 --batch-size 51
expect_error 1 "unknown flag '--learning-rate'" run.h5 -- "${train[@]}" --data good.h5 --out run.h5 --learning-rate 1
expect_error 1 "--data FILE is required" run.h5 -- "${train[@]}" --out run.h5
expect_error 1 "--out must differ from --data" - -- "${train[@]}" --data good.h5 --out good.h5
[ ! -e run.h5 ] || fail "a failed train left run.h5"

# --- divergence is reported with the epoch, and the run file says failed
expect_error 2 "training diverged at" div.h5 -- train --data good.h5 --out div.h5 --epochs 50 --lr 1e200 --progress-every 0
[ "$(h5check attr div.h5 status)" = failed ] || fail "a diverged run must be marked failed"
ok "diverged run marked failed: $(h5check attr div.h5 status_reason)"

# --- nothing finished is replaced unasked: every command that writes --out refuses an existing file
mpi 1 train --data good.h5 --out kept.h5 --epochs 2 >/dev/null || fail "train kept.h5"
before=$(md5sum <kept.h5)
expect_error 2 "--out kept.h5 exists; --overwrite moves it aside as kept.h5.replaced-<time>, --resume continues it" - -- \
  train --data good.h5 --out kept.h5 --epochs 2
expect_error 2 "--out good.h5 exists; --overwrite moves it aside" - -- generate "${small[@]}" --active 2 --out good.h5
expect_error 2 "--out kept.h5 exists" - -- cluster --data good.h5 --method kmeans --k 3 --out kept.h5
expect_error 1 "--resume continues --out, --overwrite replaces it: give one" - -- \
  train --data good.h5 --out kept.h5 --resume --overwrite
[ "$(md5sum <kept.h5)" = "$before" ] || fail "a refused command changed kept.h5"
mpi 1 train --data good.h5 --out kept.h5 --epochs 3 --overwrite >over.log 2>&1 || fail "--overwrite: $(cat over.log)"
grep -q "moved the existing kept.h5 aside as kept.h5.replaced-" over.log || fail "--overwrite said nothing: $(cat over.log)"
aside=$(ls kept.h5.replaced-*)
[ "$(md5sum <"$aside")" = "$before" ] && [ "$(h5check trace-len kept.h5)" = 4 ] || fail "--overwrite: old or new run wrong"  # epochs 0..3
ok "an existing --out is refused with the ways forward; --overwrite moves it aside as $aside and says so"
