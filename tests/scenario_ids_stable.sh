#!/usr/bin/env bash
# The committed results keep their points: every spec under jobs/specs that has a summary under
# results/ expands (gsae sweep SPEC --list) to exactly the ids of that summary, so a new setting or
# a change of the settings tables renames no existing point. The summaries were made by the float
# build; the double build's ids include its precision, so there every id must differ instead.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$TESTS_DIR/.." && pwd)
checked=0
for pair in fig3:results/fig3 fig3_init:results/fig3/fig3_init fig3_init_scan:results/fig3/fig3_init_scan \
  phase_snr_coherence:results/phase/phase_snr_coherence phase_lambda_delta:results/phase/phase_lambda_delta; do
  spec=$ROOT/jobs/specs/${pair%%:*}.yaml summary=$ROOT/${pair#*:}/summary.h5
  [ -f "$spec" ] && [ -f "$summary" ] || fail "missing $spec or $summary"
  "$GSAE" sweep "$spec" --list | awk 'NR > 1 { print $2 }' | sort >listed.txt
  "$PYTHON" - "$summary" >stored.txt <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    assert f.attrs["precision"] in (b"float", "float"), f.attrs["precision"]
    print("\n".join(sorted(x.decode() for x in f["points/id"][()])))
PY
  [ "$(wc -l <listed.txt)" = "$(wc -l <stored.txt)" ] || fail "$spec: $(wc -l <listed.txt) points, $summary has $(wc -l <stored.txt)"
  if [ "$GSAE_PRECISION" = float ]; then
    diff listed.txt stored.txt >/dev/null || fail "$spec: ids differ from $summary: $(diff listed.txt stored.txt | head -4)"
  else
    [ -z "$(comm -12 listed.txt stored.txt)" ] || fail "$spec: the $GSAE_PRECISION build shares ids with float's"
  fi
  checked=$((checked + $(wc -l <listed.txt)))
done
ok "$checked points of 5 committed sweeps keep their ids ($GSAE_PRECISION build)"
