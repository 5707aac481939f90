#!/usr/bin/env bash
# No lost work in a sweep: every fault below costs at most one checkpoint interval, and the points
# end bitwise identical to an uninterrupted sweep (same ranks per point):
#   kill -9 of the whole job, SIGTERM, a corrupt or truncated point / checkpoint / data file,
#   a full disk during a checkpoint, one rank dying, and a spec typo (refused before any work).
source "$(dirname "$0")/lib.sh"
cat >spec.yaml <<'EOF'
name: faults
n: 100
groups: 50
group_size: 2
active: 2
samples: 2000
epochs: 150
checkpoint_every: 20
init_corr: 0.5
snr_db: [5, 10]
seed: [0, 1]
EOF
mpi 2 sweep spec.yaml --results ref >ref.log || fail "reference sweep: $(cat ref.log)"
[ "$(h5check statuses ref/faults)" = "complete 4" ] || fail "reference: $(h5check statuses ref/faults)"
ok "reference sweep: 4 points complete"

# start the sweep into results folder $1 in the background; wait until a point reaches epoch $2
start_sweep() {
  local dir=$1 epoch=$2
  shift 2
  timeout 120 "$MPIEXEC" --oversubscribe -n 2 "$GSAE" sweep spec.yaml --results "$dir" --progress-every 1 "$@" \
    >"$dir.log" 2>&1 &
  SWEEP_PID=$!
  for _ in $(seq 600); do
    grep -q "^epoch *$epoch/" "$dir.log" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "sweep $dir never reached epoch $epoch: $(cat "$dir.log")"
}
finish() { # wait for the background sweep; its exit code goes to $RC
  RC=0
  wait "$SWEEP_PID" || RC=$?
}

# --- kill -9 of every process of the job, then a rerun
start_sweep k9 45
pkill -KILL -f "^$GSAE sweep spec.yaml --results k9" || true
pkill -KILL -f "^$MPIEXEC .*--results k9" || true
finish
[ "$RC" != 0 ] || fail "a killed sweep must not exit 0"
! h5check statuses k9/faults | grep -q complete || fail "no point can be complete after 45 of 150 epochs"
h5check statuses k9/faults | grep -q running || fail "killed points must stay 'running': $(h5check statuses k9/faults)"
ls k9/faults/points/*.ckpt >/dev/null || fail "no periodic checkpoint before kill -9"
mpi 2 sweep spec.yaml --results k9 >k9.rerun.log || fail "rerun after kill -9: $(cat k9.rerun.log)"
h5check points-same ref/faults k9/faults
ok "kill -9 at epoch 45: the rerun resumed from the checkpoints and matches the uninterrupted sweep"

# --- SIGTERM (a SLURM time limit or preemption): checkpoint, interrupted, exit non-zero, resume.
# SIGTERM goes to every rank at once, as slurmd sends it to a job's processes: mpirun itself would
# pass it on only odls_base_sigkill_timeout (1 s) later and kill the ranks 1 s after that
# (docs/sweeps.md), by which time a fast point has ended and the next one may be cut short
# (seen: no interruption message, the points left 'running')
start_sweep term 30
pkill -TERM -f "^$GSAE sweep spec.yaml --results term" || true
finish
[ "$RC" != 0 ] || fail "an interrupted sweep must exit non-zero"
grep -q "interrupted" term.log || fail "no interruption message: $(tail -5 term.log)"
h5check statuses term/faults | grep -q interrupted || fail "no point marked interrupted: $(h5check statuses term/faults)"
mpi 2 sweep spec.yaml --results term >term.rerun.log || fail "rerun after SIGTERM: $(cat term.rerun.log)"
h5check points-same ref/faults term/faults
ok "SIGTERM: points checkpointed and marked interrupted; the rerun matches"

# --- damaged files are detected, moved aside and their work redone
cp -r ref bad
pts=(bad/faults/points/*.h5)
head -c 3000 "${pts[0]}" >t && mv t "${pts[0]}"          # truncated point file
echo "not an HDF5 file" >"${pts[1]}"                      # garbage point file
data=bad/faults/data/$(basename "$(h5check attr "${pts[2]}" data)")
rm "${pts[2]}" && echo garbage >"${pts[2]}.ckpt"          # unfinished point, garbage checkpoint
head -c 5000 "$data" >t && mv t "$data"                   # its data set truncated
mpi 2 sweep spec.yaml --results bad >bad.log 2>&1 || fail "sweep over damaged files: $(cat bad.log)"
[ "$(grep -c 'is damaged' bad.log)" = 4 ] || fail "expected 4 damage warnings: $(cat bad.log)"
grep -q "3 to run (1 data sets to generate)" bad.log || fail "$(grep selected bad.log)"
[ -e "${pts[0]}.corrupt" ] && [ -e "${pts[2]}.ckpt.corrupt" ] || fail "damaged files not kept aside"
h5check points-same ref/faults bad/faults
ok "truncated / garbage point, checkpoint and data files: detected, moved aside, redone identically"

# --- full disk during a checkpoint: the previous checkpoint stays usable and the error is reported
mkdir disk
mount -t tmpfs -o size=8m tmpfs disk || fail "cannot mount a tmpfs for the full-disk test (needs root)"
trap 'umount -l "$WORK/disk" 2>/dev/null; rm -rf "$WORK"' EXIT
sed 's/^seed: \[0, 1\]/seed: 0/; s/^snr_db: \[5, 10\]/snr_db: 5/; s/^checkpoint_every: 20/checkpoint_every: 40/' \
  spec.yaml >one.yaml
timeout 120 "$MPIEXEC" --oversubscribe -n 1 "$GSAE" sweep one.yaml --results disk --progress-every 1 >disk.log 2>&1 &
SWEEP_PID=$!
for _ in $(seq 600); do
  grep -q "^epoch *50/" disk.log 2>/dev/null && break
  sleep 0.05
done
grep -q "^epoch *50/" disk.log || fail "never reached epoch 50: $(cat disk.log)"
# leave 40 kB free: the per-epoch trace appends fit, the next checkpoint (3 x 100 x 100 reals) does not
free_kb=$(df -k --output=avail disk | tail -1)
dd if=/dev/zero of=disk/filler bs=1k count=$((free_kb - 40)) 2>/dev/null || true
finish
[ "$RC" != 0 ] || fail "a sweep whose checkpoint failed must exit non-zero: $(tail -3 disk.log)"
grep -q "checkpoint" disk.log && grep -qi "disk full\|no space" disk.log || fail "full disk not reported: $(tail -5 disk.log)"
ckpt=(disk/faults/points/*.ckpt)
[ "$(h5check attr "${ckpt[0]}" epoch)" = 40 ] || fail "the previous checkpoint (epoch 40) is not usable"
! ls disk/faults/points/*.tmp >/dev/null 2>&1 || fail "a partial checkpoint was left behind"
rm disk/filler
mpi 1 sweep one.yaml --results disk --retry-failed >disk.rerun.log || fail "rerun after full disk: $(cat disk.rerun.log)"
mpi 1 sweep one.yaml --results ref1 >/dev/null
h5check points-same ref1/faults disk/faults
ok "full disk at the epoch-80 checkpoint: reported, epoch-40 checkpoint intact, the rerun matches"

# --- one rank dies: the job ends (no hang) with mpiexec's message, nothing looks complete
start_sweep dead 10
pkill -KILL -f "^$GSAE sweep spec.yaml --results dead" -n || true # the newest rank only
finish
[ "$RC" != 0 ] && [ "$RC" != 124 ] || fail "a job that lost a rank must end non-zero, without hanging (rc $RC)"
grep -qi "signal 9\|killed" dead.log || fail "no message about the dead rank: $(tail -5 dead.log)"
! h5check statuses dead/faults | grep -q complete || fail "unfinished points look complete"
[ ! -e dead/faults/summary.h5 ] || fail "a summary was written by a failed job"
ok "a rank killed mid-sweep ends the job: $(grep -i 'signal 9\|killed' dead.log | head -1)"

# --- a typo in the spec fails before any work
sed 's/^epochs:/epoch:/' spec.yaml >typo.yaml
if mpi 2 sweep typo.yaml --results typo >typo.out 2>typo.err; then fail "a spec with a typo was accepted"; fi
grep -q "typo.yaml:7: unknown key 'epoch' (did you mean 'epochs'?)" typo.err || fail "unclear: $(cat typo.err)"
[ "$(grep -c error typo.err)" = 1 ] || fail "expected one error line: $(cat typo.err)"
[ ! -e typo ] || fail "a refused spec created its results folder"
ok "a typo is one error line naming file, line and key; nothing is created"
