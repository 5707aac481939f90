#!/usr/bin/env bash
# No lost work: a run stopped by SIGTERM (what SLURM sends at a time limit or preemption) writes a
# checkpoint and says so; `--resume` finishes it, and the result is bitwise identical to a run that
# was never interrupted (same rank count). SIGUSR1 checkpoints without stopping; kill -9 loses at
# most one checkpoint interval.
source "$(dirname "$0")/lib.sh"
mpi 1 generate --n 400 --groups 200 --samples 2000 --seed 2 --out data.h5 >/dev/null
train=(train --data data.h5 --epochs 120 --init-corr 0.5 --progress-every 1)
mpi 2 "${train[@]}" --checkpoint-every 0 --out ref.h5 >/dev/null
[ ! -e ref.h5.ckpt ] || fail "a finished run must remove its checkpoint"

# start a run in the background, wait for its progress line of epoch $2, then send signal $3 to
# mpiexec (which forwards TERM and USR1 to the ranks, as under SLURM) or, for KILL, to ranks and mpiexec
start_and_signal() {
  local out=$1 epoch=$2 sig=$3
  shift 3
  timeout 120 "$MPIEXEC" --oversubscribe -n 2 "$GSAE" "${train[@]}" --out "$out" "$@" >"$out.log" 2>&1 &
  local pid=$!
  for _ in $(seq 600); do
    grep -q "^epoch *$epoch/" "$out.log" 2>/dev/null && break
    sleep 0.1
  done
  grep -q "^epoch *$epoch/" "$out.log" || fail "run $out never reached epoch $epoch: $(cat "$out.log")"
  if [ "$sig" = KILL ]; then # the whole job dies at once, as on a lost node
    pkill -KILL -f "^$GSAE train.*--out $out" || true
    pkill -KILL -f "^$MPIEXEC .*--out $out" || true
  else
    pkill -"$sig" -f "^$MPIEXEC .*--out $out" || true
  fi
  local rc=0
  wait $pid || rc=$?
  echo $rc >"$out.rc"
}

# --- SIGTERM mid-run, then --resume
start_and_signal run.h5 20 TERM --checkpoint-every 0
rc=$(cat run.h5.rc)
[ "$rc" != 0 ] || fail "an interrupted run must exit non-zero"
grep -q "interrupted by SIGTERM after epoch" run.h5.log || fail "no interruption message: $(cat run.h5.log)"
[ "$(h5check attr run.h5 status)" = interrupted ] || fail "status of run.h5 should be interrupted"
[ -e run.h5.ckpt ] || fail "no checkpoint after SIGTERM"
stopped=$(h5check trace-len run.h5)
[ "$stopped" -lt 121 ] || fail "the run was not interrupted ($stopped epochs traced)"
mpi 2 "${train[@]}" --checkpoint-every 0 --out run.h5 --resume >resume.log
grep -q "resuming run.h5 from epoch" resume.log || fail "no resume message: $(cat resume.log)"
[ "$(h5check attr run.h5 status)" = complete ] || fail "resumed run not complete"
h5check same ref.h5 run.h5 /model/A /init/A
h5check traces-same ref.h5 run.h5
[ ! -e run.h5.ckpt ] || fail "checkpoint left behind after completion"
ok "SIGTERM after $((stopped - 1)) epochs, resumed: bitwise identical to the uninterrupted run"
before=$(md5sum <run.h5)
mpi 2 "${train[@]}" --checkpoint-every 0 --out run.h5 --resume >again.log
grep -q "run.h5 is already complete" again.log || fail "resuming a complete run should say so: $(cat again.log)"
[ "$(md5sum <run.h5)" = "$before" ] || fail "resuming a complete run must not touch it"
ok "--resume of a complete run does nothing"

# --- SIGUSR1: checkpoint now, keep going
start_and_signal usr.h5 10 USR1 --checkpoint-every 0
[ "$(cat usr.h5.rc)" = 0 ] || fail "SIGUSR1 must not stop the run: $(cat usr.h5.log)"
grep -q "SIGUSR1: checkpoint at epoch" usr.h5.log || fail "no SIGUSR1 checkpoint message"
h5check same ref.h5 usr.h5 /model/A
ok "SIGUSR1 checkpoints and the run continues to the same result"

# --- kill -9 between periodic checkpoints: resume from the last one
start_and_signal k9.h5 35 KILL --checkpoint-every 10
[ -e k9.h5.ckpt ] || fail "no periodic checkpoint before kill -9"
[ "$(h5check attr k9.h5 status)" = running ] || fail "a killed run must not look complete"
mpi 2 "${train[@]}" --checkpoint-every 10 --out k9.h5 --resume >resume9.log
h5check same ref.h5 k9.h5 /model/A
h5check traces-same ref.h5 k9.h5
ok "kill -9 at epoch >= 35, resumed $(grep -o 'from epoch [0-9]*' resume9.log): identical result"

# --- a checkpoint from other settings is refused with a clear line
start_and_signal mis.h5 12 TERM --checkpoint-every 0
if mpi 2 "${train[@]}" --lr 0.01 --out mis.h5 --resume >/dev/null 2>mis.err; then fail "resume with another --lr must fail"; fi
cat mis.err
grep -q "checkpoint was made with --lr 0.001, this run asks for 0.01" mis.err || fail "unclear mismatch error: $(cat mis.err)"
ok "resuming with different settings is refused"

# --resume refuses other data by content: the same file name with its rows reversed in place (the
# old fingerprint, seed + noise std + N, cannot see it), both for a checkpoint and a complete run
start_and_signal chg.h5 12 TERM --checkpoint-every 0
"$PYTHON" -c "import h5py, sys; f = h5py.File(sys.argv[1], 'a'); y = f['data/Y'][()]; f['data/Y'][...] = y[::-1]" data.h5
expect_error 1 "chg.h5.ckpt: checkpoint of other data (content id" - -- "${train[@]}" --out chg.h5 --resume
mpi 1 train --data data.h5 --epochs 2 --out two.h5 >/dev/null || fail "a 2-epoch run"
cp data.h5 other.h5
"$PYTHON" -c "import h5py, sys; f = h5py.File(sys.argv[1], 'a'); y = f['data/Y'][()]; f['data/Y'][...] = y[::-1]" other.h5
expect_error 1 "two.h5: complete run of other data (content id" - -- train --data other.h5 --epochs 2 --out two.h5 --resume
ok "--resume refuses a checkpoint or a complete run of other data (content id), whatever the file's name"

# a run file that says complete but cannot be read is moved aside on --resume, and the run is redone
head -c 3000 two.h5 >damaged.h5
mpi 1 train --data data.h5 --epochs 2 --out damaged.h5 --resume >dam.log 2>&1 || fail "resume of a damaged run: $(cat dam.log)"
grep -q "warning: damaged.h5 is damaged (.*); moved to damaged.h5.corrupt, its work is redone" dam.log ||
  fail "no warning: $(cat dam.log)"
h5check same two.h5 damaged.h5 /model/A >/dev/null && [ -e damaged.h5.corrupt ] || fail "the redone run differs"
ok "--resume on a damaged run file: moved aside with one warning, the run redone (bitwise the same)"
