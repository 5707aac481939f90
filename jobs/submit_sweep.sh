#!/usr/bin/env bash
# Submit a sweep to SLURM: one array job whose tasks run the points in chunks, then a merge job.
#
#   jobs/submit_sweep.sh SPEC [--ranks R] [--chunk K] [--launcher srun|mpirun] [--time MIN]
#                        [--results DIR] [--gsae PATH] [--max-running P] [--ranks-per-point Q]
#                        [--progress-every E] [extra sbatch args...]
#
#   --ranks R      ranks per array task (--ntasks), training a point together   (default 1)
#   --chunk K      points per array task, run one after another                  (default 1)
#   --launcher L   srun (srun --mpi=pmix -n R) or mpirun (mpirun -n R)           (default srun)
#   --time MIN     time limit of each task (and of the merge), minutes           (default 60)
#   --results DIR  results directory        (default: the spec's results:, else ./results)
#   --gsae PATH    the gsae binary                           (default $GSAE, else build/gsae)
#   --max-running P  at most P array tasks at once (--array=0-N%P)              (default no limit)
#   --ranks-per-point Q  teams of Q ranks inside a task, each on its own point   (default R)
#   --progress-every E   epoch progress lines in the task logs every E epochs    (default 0: none)
#   anything else goes to both sbatch calls, after ours so that it wins: --partition, --account,
#   --mem, --signal=B:USR1@SECONDS (warning lead before the time limit, default 180), ...
#
# Prints the plan and where the logs go, then two machine-readable last lines:
#   array_job=<id>
#   merge_job=<id>
# Logs: <results>/slurm/<job name>-<array job>_<task>.out and ...-<merge job>.out.
# Re-submitting the same spec is safe: complete points are skipped, interrupted ones resume.
# See jobs/slurm/sweep_array.sbatch for preemption and requeue, docs/sweeps.md (## SLURM).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
die() {
  echo "submit_sweep.sh: error: $*" >&2
  exit 2
}
[ $# -ge 1 ] || die "usage: $0 SPEC [--ranks R] [--chunk K] [--launcher srun|mpirun] [--time MIN] [--results DIR] [--gsae PATH] [sbatch args...] (--help)"
if [ "$1" = -h ] || [ "$1" = --help ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
spec=$1
shift
ranks=1 chunk=1 launcher=srun time=60 results="" throttle="" rpp="" progress=0
gsae=${GSAE:-$here/../build/gsae}
extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --ranks | --chunk | --launcher | --time | --results | --gsae | --max-running | --ranks-per-point | --progress-every)
      [ $# -ge 2 ] || die "$1 needs a value"
      case $1 in
        --ranks) ranks=$2 ;; --chunk) chunk=$2 ;; --launcher) launcher=$2 ;;
        --time) time=$2 ;; --results) results=$2 ;; --gsae) gsae=$2 ;; --max-running) throttle=$2 ;;
        --ranks-per-point) rpp=$2 ;; --progress-every) progress=$2 ;;
      esac
      shift 2
      ;;
    --ranks=* | --chunk=* | --launcher=* | --time=* | --results=* | --gsae=* | --max-running=* | --ranks-per-point=* | --progress-every=*)
      v=${1#*=}
      case $1 in
        --ranks=*) ranks=$v ;; --chunk=*) chunk=$v ;; --launcher=*) launcher=$v ;;
        --time=*) time=$v ;; --results=*) results=$v ;; --gsae=*) gsae=$v ;; --max-running=*) throttle=$v ;;
        --ranks-per-point=*) rpp=$v ;; --progress-every=*) progress=$v ;;
      esac
      shift
      ;;
    *)
      extra+=("$1")
      shift
      ;;
  esac
done

[ -f "$spec" ] || die "no spec file $spec"
[ -r "$spec" ] || die "cannot read spec $spec"
[ -x "$gsae" ] || die "no gsae binary at $gsae (build it: jobs/build.sh build; or pass --gsae PATH / set GSAE)"
command -v sbatch >/dev/null 2>&1 || die "sbatch not found: is SLURM installed (jobs/setup.sh) and on PATH?"
[[ $ranks =~ ^[1-9][0-9]*$ ]] || die "--ranks must be a positive integer, not '$ranks'"
[[ $chunk =~ ^[1-9][0-9]*$ ]] || die "--chunk must be a positive integer, not '$chunk'"
[[ $launcher == srun || $launcher == mpirun ]] || die "--launcher must be srun or mpirun, not '$launcher'"
[[ $time =~ ^[1-9][0-9]*$ ]] || die "--time must be minutes (a positive integer), not '$time'"
[[ -z $throttle || $throttle =~ ^[1-9][0-9]*$ ]] || die "--max-running must be a positive integer, not '$throttle'"
rpp=${rpp:-$ranks}
if ! [[ $rpp =~ ^[1-9][0-9]*$ ]] || [ $((ranks % rpp)) -ne 0 ]; then
  die "--ranks-per-point must divide --ranks ($ranks), not '$rpp'"
fi
[[ $progress =~ ^[0-9]+$ ]] || die "--progress-every must be a number of epochs, not '$progress'"

abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
spec=$(abs "$spec")
gsae=$(abs "$gsae")

. "$here/lib.sh"
gsae_env "$gsae"   # exported to the array tasks (sbatch passes the environment on)
# what gsae itself reads in the spec: its name, results folder and number of points
facts=$("$gsae" sweep "$spec" --describe) || die "$gsae sweep $spec --describe failed"
fact() { printf '%s\n' "$facts" | sed -n "s/^$1=//p" | tail -1; }
count=$(fact points) name=$(fact name)
[[ $count =~ ^[0-9]+$ ]] || die "gsae sweep --describe printed points='$count', not a number"
[ "$count" -gt 0 ] || die "$spec has no points"
if [ -z "$results" ]; then results=$(fact results); fi # as gsae does: the spec's results:, else ./results
mkdir -p "$results" || die "cannot create $results"
results=$(cd "$results" && pwd)
tasks=$(((count + chunk - 1) / chunk))
max_array=$(scontrol show config 2>/dev/null | sed -n -E 's/^MaxArraySize *= *([0-9]+).*/\1/p')
if [ -n "$max_array" ] && [ "$tasks" -gt $((max_array)) ]; then
  die "$count points in chunks of $chunk need $tasks array tasks, more than MaxArraySize=$max_array: raise --chunk"
fi
mkdir -p "$results/slurm"

export GSAE=$gsae SPEC=$spec RESULTS=$results CHUNK=$chunk RANKS=$ranks LAUNCHER=$launcher COUNT=$count
export RANKS_PER_POINT=$rpp PROGRESS_EVERY=$progress
export SWEEP_DIR=$results/$name
echo "sweep $name: $count points, $tasks array tasks of up to $chunk points, $ranks ranks each ($launcher), $time min per task"
array_job=$(sbatch --parsable --array="0-$((tasks - 1))${throttle:+%$throttle}" --ntasks="$ranks" --time="$time" \
  --job-name="gsae-$name" --output="$results/slurm/%x-%A_%a.out" ${extra[@]+"${extra[@]}"} \
  "$here/slurm/sweep_array.sbatch") || die "sbatch of the array job failed"
array_job=${array_job%%;*}
merge_job=$(sbatch --parsable --dependency="afterany:$array_job" --ntasks=1 --time="$time" \
  --job-name="gsae-merge-$name" --output="$results/slurm/%x-%j.out" ${extra[@]+"${extra[@]}"} \
  "$here/slurm/merge.sbatch") || die "sbatch of the merge job failed (array job $array_job is queued)"
merge_job=${merge_job%%;*}
echo "logs: $results/slurm/gsae-$name-${array_job}_<task>.out, gsae-merge-$name-$merge_job.out"
echo "array_job=$array_job"
echo "merge_job=$merge_job"
