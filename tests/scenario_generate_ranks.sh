#!/usr/bin/env bash
# gsae generate writes the same data (bit for bit) with 1, 2 and 4 ranks, at the requested SNR.
source "$(dirname "$0")/lib.sh"
args=(--n 40 --groups 30 --group-size 2 --active 3 --samples 501 --snr-db 1 --seed 5)
for np in 1 2 4; do
  mpi $np generate "${args[@]}" --out d$np.h5 >/dev/null
  [ "$(h5check attr d$np.h5 ranks)" = "$np" ] || fail "ranks attribute of d$np.h5"
done
for np in 2 4; do
  h5check same d1.h5 d$np.h5 /data/Y /truth/A /truth/support /truth/coef
  [ "$(h5check attr d1.h5 snr_db_measured)" = "$(h5check attr d$np.h5 snr_db_measured)" ] ||
    fail "measured SNR differs for $np ranks"
  ok "$np ranks write the same data as 1 rank"
done
snr=$(h5check attr d1.h5 snr_db_measured)
"$PYTHON" -c "import sys; sys.exit(abs($snr - 1.0) > 0.1)" || fail "measured SNR $snr dB is not within 0.1 dB of 1 dB"
ok "measured SNR $snr dB"
[ ! -e d1.h5.partial ] || fail "left a .partial file"
