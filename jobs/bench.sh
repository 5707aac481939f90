#!/usr/bin/env bash
# Paper-scale benchmark (n=950, m=1000, N=10000, float): seconds per training epoch on 1 and 2
# ranks, as ratios to one GEMM Z = Y A of the local shard and to the dense reference path, all
# measured in the same run.   usage: jobs/bench.sh [BUILD_DIR]   -> results/bench/bench.txt
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
mkdir -p results/bench
. jobs/lib.sh
gsae_env "$build/gsae"
{
  echo "# jobs/bench.sh $build   ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $("$build/gsae" --version))"
  for ranks in 1 2; do
    mpirun -q -n "$ranks" "$build/gsae" bench --epochs 10
  done
} | tee results/bench/bench.txt
