#!/usr/bin/env bash
# The main job: install, build, then the paper's section 4.1 simulation at paper scale on local MPI
# ranks (no scheduler): N=10000 samples in R^950 from 500 groups of 2 atoms, 3 active per sample,
# SNR 10 dB; the group-sparse autoencoder trained 300 epochs from an initial dictionary with mean
# atom correlation 0.5 (lambda 2, Adam 1e-3, full batch). About two minutes on 2 cores.
#   GSAE_RANKS=4 bash jobs/main.sh      (default 2 ranks)
set -euo pipefail
cd "$(dirname "$0")/.."
bash jobs/setup.sh
bash jobs/build.sh build
ranks=${GSAE_RANKS:-2}
out=results/main
mkdir -p "$out"
. jobs/lib.sh
gsae_env build/gsae
mpi=(mpirun -q --oversubscribe -n "$ranks")
# a rerun keeps what is finished: the data set if it is there, the run if it is complete (--resume
# continues a killed one from its checkpoint); delete results/main to start over
[ -e "$out/data.h5" ] || "${mpi[@]}" build/gsae generate --snr-db 10 --seed 0 --out "$out/data.h5"
"${mpi[@]}" build/gsae train --data "$out/data.h5" --out "$out/run.h5" --model group --lambda 2 --epochs 300 \
  --lr 1e-3 --init-corr 0.5 --seed 0 --checkpoint-every 50 --progress-every 1 --resume
PY=$(command -v /usr/bin/python3 || command -v python3)
"$PY" src/plot/gsae-plot traces "$out/run.h5" --metric dict_error --out "$out/dict_error.png" \
  --title "gsae main job: dictionary error, SNR 10 dB"
echo
"$PY" src/plot/gsae-plot summary "$out/run.h5" --command "bash jobs/main.sh"
echo
echo "results: $out/run.h5 (h5dump -A $out/run.h5; h5py), figure: $out/dict_error.png"
