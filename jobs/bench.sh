#!/usr/bin/env bash
# Paper-scale benchmark (n=950, m=1000, N=10000, float): seconds per training epoch on 1 and 2
# ranks, as ratios to one GEMM Z = Y A of the local shard and to the dense reference path, all
# measured in the same run; where OpenBLAS falls back to its generic kernels on this CPU (jobs/lib.sh),
# also the speed-up of the kernels chosen instead.   usage: jobs/bench.sh [BUILD_DIR]   -> results/bench/bench.txt
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
mkdir -p results/bench
. jobs/lib.sh
gsae_env "$build/gsae"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
  echo "# jobs/bench.sh $build   ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $("$build/gsae" --version))"
  for ranks in 1 2; do
    mpirun -q -n "$ranks" "$build/gsae" bench --epochs 10
  done
  # Where gsae_env chose the kernels (OpenBLAS fell back to Prescott), the same benchmark on 1 rank
  # with each kernel set, one after the other, and the speed-up of the chosen one.
  if [ -n "${OPENBLAS_CORETYPE:-}" ]; then
    chosen=$OPENBLAS_CORETYPE
    for core in Prescott "$chosen"; do
      echo "OPENBLAS_CORETYPE=$core build/gsae bench --epochs 10"
      OPENBLAS_CORETYPE=$core mpirun -q -n 1 "$build/gsae" bench --epochs 10 | tee "$tmp/$core"
    done
    awk -v c="$chosen" 'FNR == 1 { f++ } $1 == "gemm" { g[f] = $2 } $1 == "epoch" && $2 == "(auto)" { e[f] = $3 }
      END { printf "OpenBLAS kernels, 1 rank: %s against Prescott: one GEMM %.2fx, one epoch %.2fx faster\n",
            c, g[1] / g[2], e[1] / e[2] }' "$tmp/Prescott" "$tmp/$chosen"
  fi
} | tee results/bench/bench.txt
