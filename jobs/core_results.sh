#!/usr/bin/env bash
# The core-engine results of docs/results-core.md: section 4.1's model at paper scale
# (n=950, Gamma=500, d=2, gamma=3, N=10000, B in [4,5]), init correlation 0.5, lambda=2,
# 300 epochs of full-batch Adam at 1e-3, for SNR 10 dB and 1 dB, group model and soft baseline.
#
#   usage: jobs/core_results.sh [BUILD_DIR] [RANKS]     (defaults: build, 2)
# Writes results/core/{data,run}_*.h5, results/core/dict_error.png and results/core/summary.md.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
ranks=${2:-2}
out=results/core
mkdir -p "$out"
. jobs/lib.sh
gsae_env "$build/gsae"
PY=$(command -v /usr/bin/python3 || command -v python3)  # Debian python3-h5py
mpi=(mpirun -q --oversubscribe -n "$ranks")
for snr in 10 1; do
  [ -e "$out/data_snr$snr.h5" ] || "${mpi[@]}" "$build/gsae" generate --snr-db "$snr" --seed 0 --out "$out/data_snr$snr.h5"
  for model in group soft; do  # --resume: a finished run is kept, a killed one continues
    "${mpi[@]}" "$build/gsae" train --data "$out/data_snr$snr.h5" --out "$out/run_snr${snr}_$model.h5" --resume \
      --model "$model" --lambda 2 --epochs 300 --lr 1e-3 --init-corr 0.5 --seed 0 --progress-every 50
  done
done
"$PY" src/plot/gsae-plot traces "$out"/run_*.h5 --metric dict_error --out "$out/dict_error.png" \
  --title "Section 4.1 at paper scale: dictionary error (init corr 0.5, lambda 2)"
"$PY" src/plot/gsae-plot summary "$out"/run_*.h5 --command "jobs/core_results.sh $build $ranks" >"$out/summary.md"
rm -f "$out"/data_snr*.h5   # 76 MB each; regenerate with the command above (bitwise identical)
cat "$out/summary.md"
