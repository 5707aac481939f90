#!/usr/bin/env bash
# Section 4.2 of the paper end to end into results/mnist/: the 10,000 MNIST test images clustered as
# raw pixels and as the codes of the group-sparse and the sparse unfolded autoencoders (trained on the
# training images), over several seeds; Table 1, Figure 4 and Figure 5.
#
#   jobs/mnist.sh [BUILD] [RANKS] [STEP...]        (defaults: build 2, every step in this order)
#
# Steps (each is one command a user can rerun; each skips what is already done):
#   data     gsae import-idx of the training and the test images      -> results/mnist/{train,test}.h5
#   train    gsae train --preset mnist-group / mnist-sparse per seed  -> CONFIG/runs/{group,sparse}_sS.h5
#            (checkpoint every 10 epochs; a killed run resumes where it stopped)
#   encode   gsae encode of the test images: codes and codes+         -> CONFIG/codes/
#   cluster  gsae cluster: k-means and spectral (kNN, K = 1000) on raw pixels and on each codes file,
#            the strongest group on the group codes                    -> clusters/, CONFIG/clusters/
#   table    gsae-plot table1 over every configuration present        -> table1.md, table1.h5
#   figures  Figure 4 (atoms, activations) and Figure 5 (distances) of FIG_CONFIG, its first seed
#
# Environment:
#   CONFIG=paper        name of a training configuration (folder results/mnist/CONFIG/)
#   GROUP_FLAGS, SPARSE_FLAGS   gsae train flags added after the preset (CONFIG=paper: none, i.e.
#                       exactly the paper's settings); recorded in CONFIG/flags.txt, which a later
#                       run of the same CONFIG must match
#   SEEDS="0 1 2"       seeds of training (initial atoms, batch order) and of clustering
#   TRAIN=train10k      IDX prefix of the training images (train: the full 60,000 if you have them)
#   GSAE_MNIST_DIR      folder of the IDX files (default data/mnist, shipped in the repository;
#                       a relative path is taken from the repository root, like OUT)
#   COUNT               import only the first COUNT images of each set (a quick trial; default all)
#   OUT=results/mnist   where everything goes
#   FIG_CONFIG          the configuration drawn in Figures 4 and 5 (default: CONFIG)
#   NICE                a prefix for every gsae command, e.g. "nice -n 19"
set -euo pipefail
cd "$(dirname "$0")/.."
. jobs/lib.sh
build=${1:-build} ranks=${2:-2}
shift $(($# < 2 ? $# : 2))
steps=${*:-data train encode cluster table figures}
for step in $steps; do
  case $step in
    data | train | encode | cluster | table | figures) ;;
    *) echo "jobs/mnist.sh: unknown step '$step' (data train encode cluster table figures)" >&2; exit 2 ;;
  esac
done
gsae=$build/gsae plot=src/plot/gsae-plot
[ -x "$gsae" ] || { echo "jobs/mnist.sh: $gsae not found (build first: bash jobs/build.sh $build)" >&2; exit 2; }
gsae_env "$gsae"
config=${CONFIG:-paper} seeds=${SEEDS:-0 1 2} train_set=${TRAIN:-train10k}
mnist=${GSAE_MNIST_DIR:-data/mnist}
out=${OUT:-results/mnist}
cdir=$out/$config
count=(); [ -n "${COUNT:-}" ] && count=(--count "$COUNT")
read -r -a nice_cmd <<<"${NICE:-}"
mpi=(${nice_cmd[@]+"${nice_cmd[@]}"} mpirun -q --oversubscribe -n "$ranks" "$gsae")
run() { echo "+ $*" >&2; "$@"; }
read -r -a group_flags <<<"${GROUP_FLAGS:-}"
read -r -a sparse_flags <<<"${SPARSE_FLAGS:-}"

step_data() {
  mkdir -p "$out"
  [ -e "$out/train.h5" ] || run "${mpi[@]}" import-idx --images "$mnist/$train_set-images-idx3-ubyte.gz" \
    --labels "$mnist/$train_set-labels-idx1-ubyte.gz" ${count[@]+"${count[@]}"} --out "$out/train.h5"
  [ -e "$out/test.h5" ] || run "${mpi[@]}" import-idx --images "$mnist/t10k-images-idx3-ubyte.gz" \
    --labels "$mnist/t10k-labels-idx1-ubyte.gz" ${count[@]+"${count[@]}"} --out "$out/test.h5"
}

step_train() {
  mkdir -p "$cdir/runs"
  local flags="GROUP_FLAGS='${GROUP_FLAGS:-}' SPARSE_FLAGS='${SPARSE_FLAGS:-}'"
  if [ -e "$cdir/flags.txt" ] && [ "$(cat "$cdir/flags.txt")" != "$flags" ]; then
    echo "jobs/mnist.sh: CONFIG $config was trained with $(cat "$cdir/flags.txt") ($cdir/flags.txt), not $flags: choose another CONFIG, or delete $cdir to retrain" >&2
    exit 2
  fi
  printf '%s\n' "$flags" >"$cdir/flags.txt"
  for seed in $seeds; do
    for model in group sparse; do
      local r=$cdir/runs/${model}_s$seed.h5 extra
      run_complete "$r" && continue
      if [ $model = group ]; then extra=(${group_flags[@]+"${group_flags[@]}"}); else extra=(${sparse_flags[@]+"${sparse_flags[@]}"}); fi
      run "${mpi[@]}" train --preset mnist-$model --data "$out/train.h5" --out "$r" --seed "$seed" \
        --checkpoint-every 10 --progress-every 25 --resume ${extra[@]+"${extra[@]}"}
    done
  done
}

step_encode() {
  mkdir -p "$cdir/codes"
  for seed in $seeds; do
    for model in group sparse; do
      for rep in codes codes-plus; do
        local c=$cdir/codes/${model}_s${seed}_$rep.h5
        [ -e "$c" ] || run "${mpi[@]}" encode --run "$cdir/runs/${model}_s$seed.h5" --data "$out/test.h5" \
          --repr $rep --out "$c"
      done
    done
  done
}

cluster() { # DATA OUT METHOD SEED
  [ -e "$2" ] && return 0
  local more=(--k 10 --restarts 10 --seed "$4")
  [ "$3" = spectral ] && more+=(--n-neighbors 1000)
  [ "$3" = strongest-group ] && more=()
  run "${mpi[@]}" cluster --data "$1" --method "$3" ${more[@]+"${more[@]}"} --out "$2"
}

step_cluster() {
  mkdir -p "$out/clusters" "$cdir/clusters"
  for seed in $seeds; do
    for method in kmeans spectral; do
      cluster "$out/test.h5" "$out/clusters/raw_${method}_s$seed.h5" $method "$seed"
      for model in group sparse; do
        for rep in codes codes-plus; do
          cluster "$cdir/codes/${model}_s${seed}_$rep.h5" "$cdir/clusters/${model}_s${seed}_${rep}_$method.h5" $method "$seed"
        done
      done
    done
    cluster "$cdir/codes/group_s${seed}_codes.h5" "$cdir/clusters/group_s${seed}_strongest.h5" strongest-group "$seed"
  done
}

# Table 1: the paper configuration's rows under the paper's names, every other configuration's rows
# labelled "<representation> [CONFIG]".
step_table() {
  local files=("$out"/clusters/raw_*.h5) labels=() c name
  for c in "$out"/*/flags.txt; do
    c=$(dirname "$c") name=$(basename "$c")
    files+=("$c"/clusters/*.h5)
    [ "$name" = paper ] && continue
    for rep in "group codes:group_*_codes_*" "group codes+:group_*_codes-plus_*" "group codes:group_*_strongest*" \
      "sparse codes:sparse_*_codes_*" "sparse codes+:sparse_*_codes-plus_*"; do
      labels+=(--label "${rep%%:*} [$name]=$c/clusters/${rep#*:}")
    done
  done
  run "$plot" table1 "${files[@]}" ${labels[@]+"${labels[@]}"} --out-md "$out/table1.md" --out-h5 "$out/table1.h5"
}

# Figures of configuration FIG (default: CONFIG), its first seed; named fig4_atoms.png etc. for the
# paper configuration and fig4_atoms_FIG.png etc. for the others.
step_figures() {
  local fig=${FIG_CONFIG:-$config} s=${seeds%% *}
  local f=$out/$fig suffix=_$fig
  [ "$fig" = paper ] && suffix=
  run "$plot" atoms "$f/runs/group_s$s.h5" "$f/runs/sparse_s$s.h5" --out "$out/fig4_atoms$suffix"
  run "$plot" activations "$f/codes/group_s${s}_codes.h5" "$f/codes/sparse_s${s}_codes.h5" --data "$out/test.h5" \
    --per-class 1 --out "$out/fig4_codes$suffix"
  run "$plot" distances "$out/test.h5" "$f/codes/sparse_s${s}_codes.h5" "$f/codes/group_s${s}_codes.h5" \
    --per-class 100 --labels "pixels,sparse codes,group-sparse codes" --out "$out/fig5$suffix" >"$out/fig5$suffix.md"
}

for step in $steps; do "step_$step"; done
