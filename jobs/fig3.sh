#!/usr/bin/env bash
# Figure 3 of the paper at full scale, and the paper's 0.15 initialisation, into results/fig3/:
# runs (or resumes) the sweeps jobs/specs/fig3.yaml (18 points), jobs/specs/fig3_init.yaml
# (4 points) and jobs/specs/fig3_init_scan.yaml (28 small points), merges them and draws every
# panel with gsae-plot. About 3 h on 2 cores; on a cluster submit the specs with
# jobs/submit_sweep.sh instead and run this script afterwards (it skips complete points).
#
#   usage: jobs/fig3.sh [BUILD_DIR] [RANKS]     (defaults: build, 2)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
ranks=${2:-2}
. jobs/lib.sh
gsae_env "$build/gsae"
mpi=(mpirun -q --oversubscribe -n "$ranks")
plot=src/plot/gsae-plot
out=results/fig3
"${mpi[@]}" "$build/gsae" sweep jobs/specs/fig3.yaml
"${mpi[@]}" "$build/gsae" sweep jobs/specs/fig3_init.yaml
"${mpi[@]}" "$build/gsae" sweep jobs/specs/fig3_init_scan.yaml
"$build/gsae" merge "$out"
"$build/gsae" merge "$out/fig3_init"
"$build/gsae" merge "$out/fig3_init_scan"
S=$out/summary.h5
I=$out/fig3_init/summary.h5

# (a) dictionary error and (b) loss against epoch, per SNR and model, mean and min-max over seeds
"$plot" curves "$S" --metric dict_error --where model=group --by snr_db --out "$out/fig3a_dict_error" \
  --title "Fig. 3a: group model, dictionary error (3 seeds, band = min-max)"
"$plot" curves "$S" --metric loss --where model=group --by snr_db --out "$out/fig3b_loss" \
  --title "Fig. 3b: group model, training loss (3 seeds)"
# (c) group against sparse model, at 1 dB as in the paper and at 10 dB
for snr in 1 10; do
  "$plot" curves "$S" --metric dict_error --where snr_db=$snr --by model --out "$out/fig3c_group_vs_sparse_${snr}db" \
    --title "Fig. 3c: group vs sparse model at $snr dB (3 seeds)"
done
# (d) codes of the first samples of the 10 dB, seed 0 data set: group and sparse model side by side
ids() { "$build/gsae" inspect "$S" --where snr_db=10 --where seed=0 --where model="$1" --columns "$2" --format csv | tail -1; }
"$plot" codes "$out/points/$(ids group id).h5" "$out/points/$(ids soft id).h5" \
  --data "$out/data/$(ids group data_id).h5" --samples 4 --first 0 --out "$out/fig3d_codes"
# Theorem 2: the per-epoch contraction of max_g ||A_g - A*_g||_F
"$plot" contraction "$S" --by model,snr_db --out "$out/contraction" >"$out/contraction.md"
"$plot" curves "$S" --metric group_distance --by model,snr_db --out "$out/group_distance" \
  --title "max_g ||A_g - A*_g||_F per epoch (3 seeds)"
# the paper's initialisation (mean correlation 0.15) at paper scale, 10 dB
for metric in dict_error support_exact active_groups; do
  "$plot" curves "$I" --metric $metric --by model --out "$out/init015_$metric" \
    --title "A0 at mean correlation 0.15 (the paper's), 10 dB, paper scale (2 seeds): $metric"
done
# where the claims hold: initial correlation 0.1 ... 0.7 at workstation scale (n 200, lambda 4, 10 dB)
IS=$out/fig3_init_scan/summary.h5
for metric in dict_error support_exact; do
  "$plot" curves "$IS" --metric $metric --by model,init_corr --out "$out/init_scan_$metric" \
    --title "initial correlation 0.1 ... 0.7 (n 200, Gamma 100, lambda 4, 10 dB, 2 seeds): $metric"
done
"$build/gsae" inspect "$S" --columns model,snr_db,seed,dict_error,group_distance,support_exact,active_groups,contraction_mean,contraction_max \
  --sort snr_db >"$out/points.txt"
"$build/gsae" inspect "$I" --columns model,init_corr,seed,init_delta_measured,dict_error,group_distance,support_exact,active_groups,contraction_mean,contraction_max \
  >"$out/fig3_init/points.txt"
"$build/gsae" inspect "$IS" --columns model,init_corr,seed,init_delta_measured,dict_error,group_distance,support_exact,active_groups \
  --sort model >"$out/fig3_init_scan/points.txt"
cat "$out/points.txt" "$out/fig3_init/points.txt" "$out/fig3_init_scan/points.txt"
