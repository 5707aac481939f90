#!/usr/bin/env bash
# Section 4.2 of the paper end to end into results/mnist/: the 10,000 MNIST test images clustered as
# raw pixels and as the codes of the group-sparse and the sparse unfolded autoencoders (trained on the
# training images), over several seeds; Table 1, Figure 4 and Figure 5. The models and their
# clusterings are one sweep (SPEC, default jobs/specs/mnist_table1.yaml: both presets x the seeds,
# every clustering of Table 1 as its evaluate: block); this script only fetches the data, clusters
# the raw pixels (nothing to train) and draws.
#
#   jobs/mnist.sh [BUILD] [RANKS] [STEP...]        (defaults: build 2, every step in this order)
#
# Steps (each is one command a user can rerun; each skips what is already done):
#   data     gsae import-idx of the training and the test images     -> OUT/{train,test}.h5
#   sweep    gsae sweep SPEC + gsae merge: train both models per seed, encode and cluster the test
#            images (checkpoints every 10 epochs; a killed sweep resumes) -> OUT/NAME/summary.h5
#   raw      gsae cluster of the raw test pixels: k-means and spectral per seed -> OUT/clusters/
#   table    gsae-plot table1 over the raw clusterings and every sweep summary in OUT
#            -> OUT/table1.md, OUT/table1.h5 (the sweep NAME of jobs/specs/mnist_table1.yaml gives
#            the paper's rows, any other sweep its rows labelled "<representation> [NAME]")
#   figures  Figure 4 (atoms, activations) and Figure 5 (distances) of sweep FIG_SWEEP, first seed
#
# Environment:
#   SPEC=jobs/specs/mnist_table1.yaml   the sweep (jobs/specs/mnist_table1_highlambda.yaml: lambda raised)
#   OVERRIDES           more key=value overrides of the spec, e.g. "epochs=30 batch_size=100"
#   SEEDS="0 1 2"       seeds of training (initial atoms, batch order) and of clustering (train_seed)
#   TRAIN=train10k      IDX prefix of the training images (train: the full 60,000 if you have them)
#   GSAE_MNIST_DIR      folder of the IDX files (default data/mnist, shipped in the repository;
#                       a relative path is taken from the repository root, like OUT)
#   COUNT               import only the first COUNT images of each set (a quick trial; default all)
#   OUT=results/mnist   where everything goes (the sweeps in OUT/NAME/)
#   RANKS_PER_POINT     ranks that train one point (default RANKS: one point at a time)
#   FIG_SWEEP           the sweep drawn in Figures 4 and 5 (default: SPEC's)
#   NICE                a prefix for every gsae command, e.g. "nice -n 19"
set -euo pipefail
cd "$(dirname "$0")/.."
. jobs/lib.sh
build=${1:-build} ranks=${2:-2}
shift $(($# < 2 ? $# : 2))
steps=${*:-data sweep raw table figures}
for step in $steps; do
  case $step in
    data | sweep | raw | table | figures) ;;
    *) echo "jobs/mnist.sh: unknown step '$step' (data sweep raw table figures)" >&2; exit 2 ;;
  esac
done
gsae=$build/gsae plot=src/plot/gsae-plot
[ -x "$gsae" ] || { echo "jobs/mnist.sh: $gsae not found (build first: bash jobs/build.sh $build)" >&2; exit 2; }
gsae_env "$gsae"
spec=${SPEC:-jobs/specs/mnist_table1.yaml} seeds=${SEEDS:-0 1 2} train_set=${TRAIN:-train10k}
mnist=${GSAE_MNIST_DIR:-data/mnist}
out=${OUT:-results/mnist}
count=(); [ -n "${COUNT:-}" ] && count=(--count "$COUNT")
read -r -a nice_cmd <<<"${NICE:-}"
mpi=(${nice_cmd[@]+"${nice_cmd[@]}"} mpirun -q --oversubscribe -n "$ranks" "$gsae")
run() { echo "+ $*" >&2; "$@"; }
# the spec as this run sweeps it: its data files in OUT, the seeds, then the user's overrides
read -r -a user_overrides <<<"${OVERRIDES:-}"
overrides=("data=$out/train.h5" "evaluate.data=$out/test.h5" "train_seed=[${seeds// /, }]"
  ${user_overrides[@]+"${user_overrides[@]}"})
sweep_name() { "$gsae" sweep "$1" "${overrides[@]}" --describe | sed -n 's/^name=//p'; }

step_data() {
  mkdir -p "$out"
  [ -e "$out/train.h5" ] || run "${mpi[@]}" import-idx --images "$mnist/$train_set-images-idx3-ubyte.gz" \
    --labels "$mnist/$train_set-labels-idx1-ubyte.gz" ${count[@]+"${count[@]}"} --out "$out/train.h5"
  [ -e "$out/test.h5" ] || run "${mpi[@]}" import-idx --images "$mnist/t10k-images-idx3-ubyte.gz" \
    --labels "$mnist/t10k-labels-idx1-ubyte.gz" ${count[@]+"${count[@]}"} --out "$out/test.h5"
}

step_sweep() {
  local name
  name=$(sweep_name "$spec")
  run "${mpi[@]}" sweep "$spec" "${overrides[@]}" --results "$out" --ranks-per-point "${RANKS_PER_POINT:-$ranks}"
  run "$gsae" merge "$out/$name"
}

step_raw() {
  mkdir -p "$out/clusters"
  for seed in $seeds; do
    [ -e "$out/clusters/raw_kmeans_s$seed.h5" ] || run "${mpi[@]}" cluster --data "$out/test.h5" --method kmeans \
      --k 10 --restarts 10 --seed "$seed" --out "$out/clusters/raw_kmeans_s$seed.h5"
    [ -e "$out/clusters/raw_spectral_s$seed.h5" ] || run "${mpi[@]}" cluster --data "$out/test.h5" --method spectral \
      --k 10 --restarts 10 --n-neighbors 1000 --seed "$seed" --out "$out/clusters/raw_spectral_s$seed.h5"
  done
}

# Table 1: the raw rows and the paper sweep's rows under the paper's names, every other sweep's rows
# labelled "<representation> [NAME]".
step_table() {
  local paper files=("$out"/clusters/raw_*.h5) tags=() s name
  paper=$(sweep_name jobs/specs/mnist_table1.yaml)
  for s in "$out"/*/summary.h5; do
    [ -e "$s" ] || continue
    name=$(basename "$(dirname "$s")")
    files+=("$s")
    [ "$name" = "$paper" ] || tags+=(--tag "$s=$name")
  done
  run "$plot" table1 "${files[@]}" ${tags[@]+"${tags[@]}"} --out-md "$out/table1.md" --out-h5 "$out/table1.h5"
}

# Figures of sweep FIG_SWEEP (default: SPEC's), its first seed: each model's point file is its run;
# named fig4_atoms.png etc. for the paper sweep and fig4_atoms_NAME.png etc. for the others.
step_figures() {
  local name=${FIG_SWEEP:-$(sweep_name "$spec")} s=${seeds%% *} paper suffix model id
  paper=$(sweep_name jobs/specs/mnist_table1.yaml)
  local dir=$out/$name runs=() codes=()
  suffix=_$name
  [ "$name" = "$paper" ] && suffix=
  mkdir -p "$dir/codes"
  for model in group sparse; do
    id=$("$gsae" inspect "$dir/summary.h5" --where "preset=mnist-$model" --where "train_seed=$s" \
      --where status=complete --columns id --format csv | sed -n 2p)
    [ -n "$id" ] || { echo "jobs/mnist.sh: $dir/summary.h5 has no complete mnist-$model point of seed $s" >&2; exit 2; }
    runs+=("$dir/points/$id.h5") codes+=("$dir/codes/${model}_s${s}_codes.h5")
    [ -e "${codes[-1]}" ] || run "${mpi[@]}" encode --run "${runs[-1]}" --data "$out/test.h5" --repr codes \
      --out "${codes[-1]}"
  done
  run "$plot" atoms "${runs[@]}" --out "$out/fig4_atoms$suffix"
  run "$plot" activations "${codes[@]}" --data "$out/test.h5" --per-class 1 --out "$out/fig4_codes$suffix"
  run "$plot" distances "$out/test.h5" "${codes[1]}" "${codes[0]}" --per-class 100 \
    --labels "pixels,sparse codes,group-sparse codes" --out "$out/fig5$suffix" >"$out/fig5$suffix.md"
}

for step in $steps; do "step_$step"; done
