#!/usr/bin/env bash
# The phase diagrams of section 4.1 into results/phase/: runs (or resumes) the sweeps
# jobs/specs/phase_lambda_delta.yaml (288 points) and jobs/specs/phase_snr_coherence.yaml
# (144 points), merges them and draws the heatmaps with gsae-plot; the success tables go to
# results/phase/*.md. About 25 min on 2 cores.
#
#   usage: jobs/phase.sh [BUILD_DIR] [RANKS]     (defaults: build, 2)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
ranks=${2:-2}
. jobs/lib.sh
gsae_env "$build/gsae"
mpi=(mpirun -q --oversubscribe -n "$ranks")
plot=src/plot/gsae-plot
out=results/phase
# success: the support of at least 99% of the samples recovered exactly, and a mean squared error
# per (unit-norm) atom of at most 0.05, i.e. a cosine of at least 0.975 between learnt and true atoms
crit=(--support 0.99 --dict-error-per-atom 0.05)
for name in phase_lambda_delta phase_snr_coherence; do
  "${mpi[@]}" "$build/gsae" sweep "jobs/specs/$name.yaml"
  "$build/gsae" merge "$out/$name"
done
LD=$out/phase_lambda_delta/summary.h5
SC=$out/phase_snr_coherence/summary.h5
for snr in 1 10; do
  "$plot" phase "$LD" --x lambda --y init_delta --where snr_db=$snr --by model "${crit[@]}" \
    --out "$out/lambda_delta_${snr}db" --title "Success over lambda x delta at $snr dB (n 200, Gamma 100, 2 seeds)" \
    >"$out/lambda_delta_${snr}db.md"
done
"$plot" phase "$SC" --x snr_db --y coherence --by model "${crit[@]}" \
  --out "$out/snr_coherence" --title "Success over SNR x mu_B (orthonormal groups, lambda 4, delta 0.2, 2 seeds)" \
  >"$out/snr_coherence.md"
"$plot" contraction "$LD" --where snr_db=10 --where lambda=4 --by model,init_delta --out "$out/contraction_lambda4_10db" \
  >"$out/contraction_lambda4_10db.md"
"$plot" curves "$LD" --metric group_distance --where snr_db=10 --where lambda=4 --by model,init_delta \
  --out "$out/group_distance_lambda4_10db" --title "max_g ||A_g - A*_g||_F from six initial distances (10 dB, lambda 4, 2 seeds)"
cat "$out"/*.md
