#!/usr/bin/env bash
# Sweeps on SLURM, exactly as a user submits them (jobs/submit_sweep.sh), on a private single-node
# cluster started in the scratch directory (jobs/slurm/cluster.sh; root, slurm-wlm + munge from
# jobs/setup.sh; where the cluster cannot start here, e.g. not root, the test is skipped with the
# reason, and under CI=true that is a failure):
#   1. a 4-point sweep as an array (2 tasks of 2 points, 2 ranks each, srun --mpi=pmix) + the merge
#      job: the same points, bitwise, and the same final metrics as `mpirun -n 2 gsae sweep`
#      + `gsae merge` run locally; the same again with --launcher mpirun, and with 4 one-rank
#      tasks running two at a time.
#   2. preemption: a running point is requeued from outside (scontrol requeue: SIGTERM to the
#      job), comes back and resumes; then asked to stop through its batch shell (SIGUSR1, as
#      --signal=B:USR1@T does before the time limit): it checkpoints, requeues itself and resumes.
#      It ends complete with Restarts=2 and bitwise identical to an uninterrupted run.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$TESTS_DIR/.." && pwd)
[ "$(id -u)" = 0 ] || skip "the private SLURM cluster needs root (SlurmUser=root, munged --force)"
CLUSTER=$WORK/cluster
trap 'bash "$ROOT/jobs/slurm/cluster.sh" stop "$CLUSTER" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
bash "$ROOT/jobs/slurm/cluster.sh" start "$CLUSTER" 2>cluster.err || {
  cat cluster.err >&2
  skip "no SLURM cluster here: $(grep 'cluster.sh: error:' cluster.err | tail -1)"
}
source "$CLUSTER/env.sh"

# state JOB: the job's state as scontrol sees it (finished jobs stay MinJobAge=300 s)
state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2; }
field() { scontrol show job "$1" 2>/dev/null | grep -o "$2=[^ ]*" | head -1 | cut -d= -f2; }
# wait_done JOB SECONDS RESULTS: until JOB has ended (at most SECONDS); it must be COMPLETED
wait_done() {
  local s
  for _ in $(seq $(($2 * 2))); do
    s=$(state "$1")
    case $s in COMPLETED | FAILED | CANCELLED | TIMEOUT | OUT_OF_MEMORY | NODE_FAIL | PREEMPTED) break ;; esac
    sleep 0.5
  done
  [ "$s" = COMPLETED ] || {
    squeue
    tail -n 30 "$3"/slurm/*.out 2>/dev/null || true
    fail "job $1 ended $s (expected COMPLETED within $2 s)"
  }
}
submit() { # submit ARGS...: sets array and merge to the two job ids
  "$ROOT/jobs/submit_sweep.sh" "$@" >submit.log 2>&1 || fail "submit_sweep.sh $*: $(cat submit.log)"
  array=$(tail -2 submit.log | sed -n 's/^array_job=//p')
  merge=$(tail -1 submit.log | sed -n 's/^merge_job=//p')
  [[ $array =~ ^[0-9]+$ && $merge =~ ^[0-9]+$ ]] || fail "no job ids in the last lines of submit_sweep.sh: $(cat submit.log)"
}
# same_metrics A/summary.h5 B/summary.h5: every point in both, final metrics identical
same_metrics() {
  "$PYTHON" - "$1" "$2" <<'EOF'
import sys, h5py, numpy as np
cols = ["dict_error", "subspace_error", "loss", "support_exact", "group_precision", "group_recall", "active_groups"]
def table(path):
    with h5py.File(path, "r") as f:
        p = f["points"]
        ids = [i.decode() if isinstance(i, bytes) else str(i) for i in p["id"][()]]
        status = [s.decode() if isinstance(s, bytes) else str(s) for s in p["status"][()]]
        return {i: (st, {c: p[c][k] for c in cols}) for k, (i, st) in enumerate(zip(ids, status))}
a, b = table(sys.argv[1]), table(sys.argv[2])
if sorted(a) != sorted(b):
    sys.exit(f"different points: {sorted(a)} vs {sorted(b)}")
for i in a:
    if a[i][0] != "complete" or b[i][0] != "complete":
        sys.exit(f"point {i}: status {a[i][0]} / {b[i][0]}")
    for c in cols:
        x, y = a[i][1][c], b[i][1][c]
        if not (x == y or (np.isnan(x) and np.isnan(y))):
            sys.exit(f"point {i}: {c} {x!r} (SLURM) != {y!r} (local)")
print(f"{len(a)} points, final metrics identical: " + ", ".join(f"dict_error {a[i][1]['dict_error']:.6g}" for i in sorted(a)))
EOF
}

# ---- 1. a small sweep through the scheduler vs. the same sweep run locally
cat >spec.yaml <<'EOF'
name: slurmtest
n: 20
groups: 5
group_size: 2
active: 1
samples: 200
epochs: 30
snr_db: [5, 10]
seed: [0, 1]
EOF
[ "$("$GSAE" sweep spec.yaml --count)" = 4 ] || fail "gsae sweep --count should say 4"
mpi 2 sweep spec.yaml --results local --ranks-per-point 2 >local.log || fail "local sweep: $(cat local.log)"
mpi 1 merge local/slurmtest >>local.log || fail "local merge: $(cat local.log)"

submit spec.yaml --ranks 2 --chunk 2 --time 5 --results viasrun
grep -q "4 points, 2 array tasks" submit.log || fail "unexpected plan: $(cat submit.log)"
scontrol show job "$merge" | grep -q "Dependency=afterany:${array}_\*" ||
  [ "$(state "$merge")" != PENDING ] || fail "merge job $merge: $(scontrol show job "$merge" | grep Dependency)"
wait_done "$merge" 90 viasrun
for t in 0 1; do
  [ "$(state "${array}_$t")" = COMPLETED ] || fail "array task ${array}_$t: $(state "${array}_$t")"
  [ "$(field "${array}_$t" NumTasks)" = 2 ] || fail "array task ${array}_$t ran with NumTasks=$(field "${array}_$t" NumTasks)"
done
[ -f viasrun/slurmtest/summary.h5 ] || fail "the merge job wrote no summary.h5: $(cat viasrun/slurm/gsae-merge-*.out)"
h5check points-same viasrun/slurmtest local/slurmtest
same_metrics viasrun/slurmtest/summary.h5 local/slurmtest/summary.h5
ok "array job (2 tasks x 2 points, srun --mpi=pmix -n 2) + merge = local mpirun -n 2 sweep + merge"

submit spec.yaml --ranks 2 --chunk 4 --launcher mpirun --time 5 --results viampirun
wait_done "$merge" 90 viampirun
h5check points-same viampirun/slurmtest local/slurmtest
same_metrics viampirun/slurmtest/summary.h5 local/slurmtest/summary.h5
ok "the same with --launcher mpirun (mpirun -n 2 inside the allocation)"

# one rank per task: 4 tasks, two at a time on the two CPUs, writing one sweep folder together
mpi 2 sweep spec.yaml --results local1 --ranks-per-point 1 >local1.log || fail "local sweep: $(cat local1.log)"
mpi 1 merge local1/slurmtest >>local1.log || fail "local merge: $(cat local1.log)"
submit spec.yaml --ranks 1 --time 5 --results one
wait_done "$merge" 90 one
h5check points-same one/slurmtest local1/slurmtest
same_metrics one/slurmtest/summary.h5 local1/slurmtest/summary.h5
ok "4 one-rank tasks side by side = local mpirun -n 2 sweep --ranks-per-point 1"

# ---- 2. preemption: requeue from outside, then SIGUSR1 to the batch shell; resume both times
cat >long.yaml <<'EOF'
name: preempt
n: 200
groups: 100
group_size: 2
active: 2
samples: 2000
epochs: 150
checkpoint_every: 5
init_corr: 0.5
EOF
mpi 2 sweep long.yaml --results ref --ranks-per-point 2 >ref.log || fail "reference run: $(cat ref.log)"
submit long.yaml --ranks 2 --time 10 --results pre --progress-every 1
task=${array}_0
log=pre/slurm/gsae-preempt-$task.out
# wait_epochs RESTART N: N progress lines printed by the run after restart RESTART
wait_epochs() {
  for _ in $(seq 600); do
    [ "$(sed -n "/restart $1, /,\$p" "$log" 2>/dev/null | grep -c '^epoch')" -ge "$2" ] && return 0
    sleep 0.2
  done
  fail "task $task did not get $2 epochs into run $1: $(cat "$log")"
}
wait_epochs 0 12 # checkpoints at 5 and 10 exist
scontrol requeue "$task" || fail "scontrol requeue $task refused"
wait_epochs 1 6
grep -q "restart 1, " "$log" || fail "the requeued task did not come back: $(cat "$log")"
scancel --signal=USR1 --batch "$task" || fail "scancel --signal=USR1 --batch $task refused"
wait_done "$merge" 150 pre
grep -v "^epoch" "$log"
[ "$(state "$task")" = COMPLETED ] || fail "task $task: $(state "$task")"
[ "$(field "$task" Restarts)" = 2 ] || fail "task $task: Restarts=$(field "$task" Restarts), expected 2"
grep -q "SIGUSR1: SIGTERM to the job steps" "$log" || fail "the batch shell did not act on SIGUSR1"
grep -q "requeueing $task" "$log" || fail "the batch shell did not requeue itself after SIGUSR1"
[ "$(grep -c 'interrupted by SIGTERM' "$log")" -ge 2 ] || fail "gsae did not report two interruptions: $(cat "$log")"
[ "$(grep -c '^resuming .* from epoch' "$log")" -ge 2 ] || fail "gsae did not resume twice: $(cat "$log")"
h5check points-same pre/preempt ref/preempt
ok "requeued from outside, then stopped by SIGUSR1 and requeued by itself: resumed twice, bitwise identical"
