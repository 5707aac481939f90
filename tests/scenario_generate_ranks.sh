#!/usr/bin/env bash
# gsae generate writes the same file, byte for byte, with 1, 2 and 4 ranks (same command line and,
# through SOURCE_DATE_EPOCH, the same timestamp), at the requested SNR.
source "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1800000000
args=(--n 40 --groups 30 --group-size 2 --active 3 --samples 501 --snr-db 1 --seed 5 --out data.h5)
for np in 1 2 4; do
  mkdir r$np
  (cd r$np && mpi $np generate "${args[@]}" >/dev/null)
  ! ls r$np/*.partial >/dev/null 2>&1 || fail "left a .partial file"
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

# block coherence mu_B = max_{g != h} ||A_g^T A_h||_2 / d of the stored A*, against numpy
"$PYTHON" - <<'PY' || fail "block_coherence attribute"
import h5py, numpy as np, sys
f = h5py.File("r4/data.h5", "r")
A = f["truth/A"][()].astype(np.float64)
d = int(f.attrs["group_size"]); G = A.shape[1] // d
mu = max(np.linalg.norm(A[:, g*d:(g+1)*d].T @ A[:, h*d:(h+1)*d], 2) for g in range(G) for h in range(G) if g != h) / d
print(f"mu_B file {f.attrs['block_coherence']:.12f} numpy {mu:.12f}")
sys.exit(int(abs(f.attrs["block_coherence"] - mu) > 1e-9 * mu))
PY
ok "block coherence stored (4 ranks) equals numpy's"
