#!/usr/bin/env bash
# gsae generate writes the same file, byte for byte, with 1, 2 and 4 ranks (same command line and,
# through SOURCE_DATE_EPOCH, the same timestamp), at the requested SNR.
source "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1800000000
args=(--n 40 --groups 30 --group-size 2 --active 3 --samples 501 --snr-db 1 --seed 5 --out data.h5)
for np in 1 2 4; do
  mkdir r$np
  (cd r$np && mpi $np generate "${args[@]}" >/dev/null)
  [ ! -e r$np/data.h5.partial ] || fail "left a .partial file"
done
for np in 2 4; do
  h5check same r1/data.h5 r$np/data.h5 /data/Y /truth/A /truth/support /truth/coef
  cmp r1/data.h5 r$np/data.h5 || fail "the files of 1 and $np ranks differ"
  ok "$np ranks write the same file as 1 rank, byte for byte"
done
snr=$(h5check attr r1/data.h5 snr_db_measured)
"$PYTHON" -c "import sys; sys.exit(abs($snr - 1.0) > 0.1)" || fail "measured SNR $snr dB is not within 0.1 dB of 1 dB"
ok "measured SNR $snr dB"
[ "$(h5check attr r1/data.h5 created)" = 2027-01-15T08:00:00Z ] || fail "SOURCE_DATE_EPOCH not honoured"
