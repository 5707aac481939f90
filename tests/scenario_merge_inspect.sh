#!/usr/bin/env bash
# gsae merge and gsae inspect on a real sweep folder with every kind of point: complete, failed
# (diverged), interrupted (SIGTERM, with its checkpoint), running (a writer holds the file open and
# locked while we read), corrupt (garbage bytes; truncated) and missing. The summary's statuses and
# final metrics are checked against the point files with h5py; inspect's table, CSV and JSON
# outputs are parsed, --where / --sort / --columns checked; bad input is one error line.
source "$(dirname "$0")/lib.sh"
cat >spec.yaml <<'EOF'
name: mi
n: 20
groups: 5
group_size: 2
active: 1
samples: 200
epochs: 4
init_corr: 0.5
lambda: [1, 2, 3, 4]
lr: [0.01, 1e200]
EOF
# lr = 1e200 diverges at once: those points fail (and the sweep says so with a non-zero exit)
timeout 120 "$MPIEXEC" -q --oversubscribe -n 2 "$GSAE" sweep spec.yaml --results res >sweep.log 2>&1 || true
[ "$(h5check statuses res/mi)" = "$(printf 'complete 4\nfailed 4')" ] || fail "sweep: $(h5check statuses res/mi)"
S=res/mi
# ids of the points in index order (lambda 1 1 2 2 3 3 4 4, lr 0.01 1e200 ...), then the data set's
mapfile -t ID < <("$PYTHON" -c "import h5py; p = h5py.File('$S/sweep.h5')['points']
for i in p['id'][()]: print(i.decode())
print(p['data_id'][0].decode())")
[ "${#ID[@]}" = 9 ] || fail "ids from the manifest: ${ID[*]}"
P=()
for i in 0 1 2 3 4 5 6 7; do P[$i]=$S/points/${ID[$i]}.h5; done
data=$S/data/${ID[8]}.h5

# point 2: a long run stopped by SIGTERM -> interrupted, with a checkpoint
rm "${P[2]}"
timeout 120 "$GSAE" train --data "$data" --out "${P[2]}" --lambda 2 --lr 0.01 --init-corr 0.5 \
  --epochs 100000000 --batch-size 2 --checkpoint-every 0 --progress-every 0 >term.log 2>&1 &
TRAIN=$!
for _ in $(seq 600); do [ -s "${P[2]}" ] && break; sleep 0.1; done # the run file exists: training
sleep 0.5
kill -TERM "$TRAIN" # timeout passes it on
rc=0
wait "$TRAIN" || rc=$?
[ "$rc" = 3 ] || fail "the interrupted run exited $rc, expected 3: $(cat term.log)"
[ "$(h5check attr "${P[2]}" status)" = interrupted ] || fail "point 2 not interrupted: $(cat term.log)"
[ -e "${P[2]}.ckpt" ] || fail "no checkpoint for the interrupted run"
echo "not an HDF5 file" >"${P[3]}"                       # corrupt: garbage
head -c 3000 "${P[4]}" >t.h5 && mv t.h5 "${P[4]}"         # corrupt: truncated
rm "${P[5]}"                                              # missing
# point 6: a writer has the file open (HDF5 locks it) and says running
"$PYTHON" - "${P[6]}" >writer.log 2>&1 <<'PY' &
import os, sys, time, h5py
f = h5py.File(sys.argv[1], "r+")
f.attrs["status"] = "running"
f.flush()
open("writer.ready", "w").close()
for _ in range(300):
    if os.path.exists("writer.done"):
        break
    time.sleep(0.1)
f.close()
PY
WRITER=$!
for _ in $(seq 300); do [ -e writer.ready ] && break; sleep 0.1; done
[ -e writer.ready ] || fail "the writer did not start"
if "$PYTHON" -c "import h5py; h5py.File('${P[6]}', 'r')" 2>/dev/null; then
  echo "note: this HDF5 lets a locked file be opened (file locking off in the environment?)"
else
  ok "a plain reader is refused while the writer holds point 6 (HDF5 file lock)"
fi

# --- merge (2 ranks share the reading) while the writer holds point 6
rc=0
timeout 60 "$MPIEXEC" -q --oversubscribe -n 2 "$GSAE" merge $S >merge.log 2>merge.err || rc=$?
[ "$rc" = 0 ] || fail "merge exited $rc: $(cat merge.err)"
[ ! -s merge.err ] || fail "merge wrote to stderr: $(cat merge.err)"
head -1 merge.log | grep -qxF "merged 8 points of mi: 1 complete, 2 failed, 2 interrupted/running, 1 missing, 2 corrupt -> $S/summary.h5" ||
  fail "report: $(cat merge.log)"
[ "$(grep -c '^  \(failed\|missing\|corrupt\) ' merge.log)" = 5 ] || fail "expected 5 problem lines: $(cat merge.log)"
grep -q "^  missing point 5 (id ${ID[5]}; lambda=3 lr=[0-9.e+]*): $S/points/${ID[5]}.h5: no such file" merge.log || fail "missing line: $(cat merge.log)"
ok "merge report: $(head -1 merge.log)"

HDF5_USE_FILE_LOCKING=FALSE "$PYTHON" - "$S" "${P[@]}" <<'PY' || fail "summary contents"
import math, sys, h5py, numpy as np
S, P = sys.argv[1], sys.argv[2:]
want = ["complete", "failed", "interrupted", "corrupt", "corrupt", "missing", "running", "failed"]
with h5py.File(f"{S}/summary.h5", "r") as s:
    pts = s["points"]
    status = [v.decode() for v in pts["status"][()]]
    assert status == want, status
    assert [int(v) for v in pts["index"][()]] == list(range(8))
    assert list(pts["lambda"][()]) == [1, 1, 2, 2, 3, 3, 4, 4]
    assert [v.decode() for v in pts["model"][()]] == ["group"] * 8
    assert all(math.isnan(v) for v in pts["init_delta"][()])
    for k in ["complete", "failed", "running", "interrupted", "missing", "corrupt"]:
        assert s.attrs[k] == want.count(k), (k, s.attrs[k])
    assert s.attrs["format"] in (b"gsae-summary", "gsae-summary") and s.attrs["points"] == 8
    reasons = [v.decode() if isinstance(v, bytes) else v for v in pts["status_reason"][()]]
    assert "diverged" in reasons[1] and "no such file" in reasons[5] and "not an HDF5 file" in reasons[3], reasons
    assert "truncated or corrupt" in reasons[4] and reasons[0] == "", reasons
    width = s["traces/loss"].shape[1]
    for i in [0, 1, 2, 6, 7]:
        with h5py.File(P[i], "r") as f:  # point 6 is held open by the writer: locking is off
            n = len(f["trace/loss"])
            assert pts["epochs_done"][i] == n - 1, (i, pts["epochs_done"][i], n)
            for m in f["trace"]:
                last = f["trace"][m][-1]
                assert pts[m][i] == last, (i, m, pts[m][i], last)  # exactly
                row = s["traces"][m][i]
                assert np.array_equal(row[:n], f["trace"][m][()]) and np.isnan(row[n:]).all(), (i, m)
            ended = [a for a in ["contraction_mean", "contraction_max"] if a in f.attrs]  # written at the end
            assert i != 0 or len(ended) == 2, "complete point 0 lacks the contraction attributes"
            for a in ["block_coherence", "snr_db_measured", "init_corr_measured", "init_delta_measured",
                      "lemma1_lambda_low", "lemma1_lambda_high", "lemma1_lambda_in_range"] + ended:
                assert pts[a][i] == f.attrs[a] or (math.isnan(pts[a][i]) and math.isnan(f.attrs[a])), (i, a)
            if not ended:
                assert math.isnan(pts["contraction_mean"][i]), (i, "contraction of an unfinished point")
    for i in [3, 4, 5]:
        assert pts["epochs_done"][i] == -1 and math.isnan(pts["loss"][i]) and np.isnan(s["traces/loss"][i]).all()
    assert width == max(pts["epochs_done"][()]) + 1
    for group in ["points", "traces"]:
        for k, d in s[group].items():
            assert d.attrs.get("description"), f"/{group}/{k} has no description"
print(f"summary: statuses {want}, final metrics equal the point files' last trace entries, traces (8, {width})")
PY
ok "summary columns and traces match the point files"

# --- inspect, also of the file the writer holds
I() { timeout 60 "$GSAE" inspect "$@"; }
I $S/summary.h5 >table.txt || fail "inspect summary"
head -1 table.txt | grep -q "summary of sweep 'mi', 8 points: 1 complete, 2 failed, 1 interrupted, 1 running, 1 missing, 2 corrupt" ||
  fail "summary header: $(head -1 table.txt)"
grep -qE '^index +id +lambda +lr +status +epochs_done +dict_error +support_exact +loss$' table.txt ||
  fail "default columns: $(sed -n 3p table.txt)"
[ "$(grep -cE '^ +[0-9]+ +[0-9a-f]{16} ' table.txt)" = 8 ] || fail "expected 8 rows: $(cat table.txt)"
I $S/summary.h5 --where status=complete >one.txt
[ "$(grep -cE '^ +[0-9]+ +[0-9a-f]{16} ' one.txt)" = 1 ] && grep -q "(1 of 8 points shown)" one.txt || fail "--where: $(cat one.txt)"
I $S/summary.h5 --format json >all.json
I $S/summary.h5 --format csv --sort -lambda >sorted.csv
I $S/summary.h5 --format json --where 'lambda>=2' --where status=corrupt >corrupt.json
I $S/summary.h5 --format csv --columns index,status,loss --sort loss >cols.csv
I $S/summary.h5 --format json --where 'lambda!=1' --where 'lambda<4' --sort epochs_done >range.json
"$PYTHON" - "$S" <<'PY' || fail "inspect csv/json"
import csv, json, math, sys, h5py
S = sys.argv[1]
rows = json.load(open("all.json"))
with h5py.File(f"{S}/summary.h5", "r") as s:
    cols = list(s["points"].keys())
    assert len(rows) == 8 and set(rows[0]) == set(cols), (len(rows), set(cols) ^ set(rows[0]))
    for i, r in enumerate(rows):
        for k in ["loss", "dict_error", "lambda", "epochs_done"]:
            v = s["points"][k][i]
            assert (r[k] is None and math.isnan(v)) or r[k] == v, (i, k, r[k], v)
        assert r["status"] == s["points"]["status"][i].decode()
srt = list(csv.DictReader(open("sorted.csv")))
assert [float(r["lambda"]) for r in srt] == [4, 4, 3, 3, 2, 2, 1, 1], [r["lambda"] for r in srt]
assert [int(r["index"]) for r in srt][:2] == [6, 7], "stable sort keeps file order for equal keys"
assert [r["index"] for r in json.load(open("corrupt.json"))] == [3, 4]
c = list(csv.reader(open("cols.csv")))
assert c[0] == ["index", "status", "loss"], c[0]
losses = [float(r[2]) for r in c[1:]]
finite = [x for x in losses if not math.isnan(x)]
assert finite == sorted(finite) and all(math.isnan(x) for x in losses[len(finite):]) and len(finite) == 5, losses
assert [r["index"] for r in json.load(open("range.json"))] == [3, 4, 5, 2], "NaN-free numeric sort with ties in order"
print("inspect: json of all columns, csv sorted, --where ANDed, --columns, NaN last")
PY
ok "inspect csv / json parse; --where, --sort, --columns"

I "${P[6]}" >run.txt || fail "inspect of a file open by a writer"
grep -qE '^  status +running' run.txt || fail "run status: $(head -5 run.txt)"
I "${P[0]}" --format json >run.json
"$PYTHON" - "${P[0]}" <<'PY' || fail "inspect run json"
import json, sys, h5py
r = json.load(open("run.json"))
with h5py.File(sys.argv[1], "r") as f:
    assert r["status"] == "complete" and r["epochs_done"] == len(f["trace/loss"]) - 1
    for m in f["trace"]:
        assert r["final." + m] == f["trace"][m][-1], m
    assert r["lemma1_lambda_in_range"] == f.attrs["lemma1_lambda_in_range"]
    assert r["contraction_mean"] == f.attrs["contraction_mean"] and r["contraction_max"] == f.attrs["contraction_max"]
PY
grep -qE '^  contraction_mean +[0-9.]+' <(I "${P[0]}") || fail "inspect of a run does not show its contraction"
I "${P[2]}" | grep -qE '^  status_reason +interrupted by ' || fail "interrupted reason: $(I "${P[2]}" | head -6)"
I "${P[2]}.ckpt" >ckpt.txt && grep -qE '^  epoch +[0-9]+' ckpt.txt || fail "checkpoint: $(cat ckpt.txt)"
I "${P[2]}.ckpt" --format csv | "$PYTHON" -c "import csv, sys; d = dict(csv.reader(sys.stdin)); assert d['format'] == 'gsae-checkpoint' and int(d['epoch']) > 0, d"
I "$data" >data.txt && grep -qE '^  /data/Y +\(200, 20\) float' data.txt || fail "data set: $(cat data.txt)"
I $S/sweep.h5 >sweep.txt && grep -qE '^  lambda +1, 2, 3, 4$' sweep.txt || fail "sweep axes: $(cat sweep.txt)"
I $S/sweep.h5 --format json | "$PYTHON" -c "import json, sys; d = json.load(sys.stdin); assert d['axis.lambda'] == '1, 2, 3, 4' and d['points'] == 8 and 'axis.n' not in d, d"
ok "inspect run (open by a writer), interrupted run, checkpoint, data set and sweep manifest"
touch writer.done
wait "$WRITER"

# --- bad input: one error line, non-zero exit, no output on stdout (run alone: mpiexec costs seconds
#     per start on 2 cores; the last case checks the error agreement of merge on 2 ranks)
expect_error() {
  local want=$1 rc=0 np=${NP:-0}
  shift
  if [ "$np" = 0 ]; then
    timeout 60 "$GSAE" "$@" >out.txt 2>err.txt || rc=$?
  else
    timeout 60 "$MPIEXEC" -q --oversubscribe -n "$np" "$GSAE" "$@" >out.txt 2>err.txt || rc=$?
  fi
  [ "$rc" != 0 ] && [ "$rc" != 124 ] || fail "exit $rc for: gsae $*"
  [ "$(grep -c . err.txt)" = 1 ] || fail "expected one error line for gsae $*: $(cat err.txt)"
  grep -Eq "^gsae [a-z]+: error: " err.txt && grep -qF -- "$want" err.txt || fail "for gsae $*: wanted '$want' in: $(cat err.txt)"
  [ ! -s out.txt ] || fail "gsae $* wrote to stdout: $(cat out.txt)"
  echo "ok: $(cat err.txt)"
}
echo "not HDF5" >text.h5
"$PYTHON" -c "import h5py; h5py.File('alien.h5', 'w').attrs['format'] = 'alien-v2'"
expect_error "nope.h5: no such file" inspect nope.h5
expect_error "text.h5: not an HDF5 file" inspect text.h5
expect_error "unknown format 'alien-v2'" inspect alien.h5
expect_error "--where: no column 'lamda' in $S/summary.h5" inspect $S/summary.h5 --where lamda=1
expect_error "--sort: no column 'nope'" inspect $S/summary.h5 --sort nope
expect_error "--columns: no column 'bogus'" inspect $S/summary.h5 --columns index,bogus
expect_error "--format must be table, csv, json or markdown (got 'xml')" inspect $S/summary.h5 --format xml
expect_error "column lambda holds numbers, 'big' is not one" inspect $S/summary.h5 --where lambda=big
expect_error "apply to summaries" inspect $S/sweep.h5 --sort lambda
expect_error "give the file" inspect
expect_error "nowhere/sweep.h5: no such file" merge nowhere
mkdir -p fake && cp "$data" fake/sweep.h5
expect_error "fake/sweep.h5: not a sweep manifest (root attribute format is 'gsae-dataset'" merge fake
expect_error "cannot create" merge $S --out no/such/dir/summary.h5
NP=2 expect_error "fake/sweep.h5: not a sweep manifest" merge fake
ls $S/summary.h5 >/dev/null && ! ls $S/*.tmp 2>/dev/null || fail "a temporary file was left behind"
ok "bad input: one error line each"
