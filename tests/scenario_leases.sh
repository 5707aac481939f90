#!/usr/bin/env bash
# Overlapping jobs are safe (what resubmitting a SLURM array while the first still runs does): two
# sweeps of one spec started together, five times, train every point exactly once between them,
# each reports the points the other one trains as running elsewhere, and the merged summary has
# every point complete. A stale lease (its pid gone on this host, or its heartbeat too old) is
# broken with a warning line; two gsae train on one --out: the second is refused with the holder.
source "$(dirname "$0")/lib.sh"
cat >two.yaml <<'EOF'
name: two
n: 60
groups: 20
group_size: 2
active: 2
samples: 400
epochs: 300
lambda: [1, 2, 3]
seed: [0, 1]
EOF
for rep in 1 2 3 4 5; do
  rm -rf results
  rc_a=0 rc_b=0
  mpi 1 sweep two.yaml >a.log 2>&1 &
  pa=$!
  mpi 1 sweep two.yaml >b.log 2>&1 &
  pb=$!
  wait $pa || rc_a=$?
  wait $pb || rc_b=$?
  twice=$(grep -h " complete: " a.log b.log | sed 's/.*point \([0-9]*\) .*/\1/' | sort | uniq -d)
  [ -z "$twice" ] || fail "rep $rep: points trained by both jobs: $twice"
  [ "$(grep -h " complete: " a.log b.log | wc -l)" = 6 ] || fail "rep $rep: not 6 points trained: $(cat a.log b.log)"
  for x in a b; do
    rc=$([ $x = a ] && echo $rc_a || echo $rc_b)
    if [ "$rc" != 0 ]; then
      [ "$rc" = 1 ] && grep -q "of the 6 selected points are running elsewhere" $x.log ||
        fail "rep $rep: job $x exited $rc without saying why: $(tail -3 $x.log)"
    fi
  done
  [ "$(h5check statuses results/two)" = "complete 6" ] || fail "rep $rep: $(h5check statuses results/two)"
  ! ls results/two/points/*.lease >/dev/null 2>&1 || fail "rep $rep: leases left behind"
done
"$GSAE" merge results/two >merge.log || fail "merge: $(cat merge.log)"
grep -q "6 complete, 0 failed, 0 interrupted/running, 0 missing, 0 corrupt" merge.log || fail "$(cat merge.log)"
mpi 1 sweep two.yaml >again.log 2>&1 || fail "a rerun after both: $(cat again.log)"
ok "two sweeps of one spec at once, 5 times: every point trained once, the rest reported running elsewhere"

# stale leases: a dead pid on this host, and a heartbeat older than the timeout
victim=$(ls results/two/points/*.h5 | head -1)
rm "$victim"
printf 'host=%s\npid=999999\njob=123\nstarted=2026-01-01T00:00:00Z\n' "$(hostname)" >"$victim.lease"
mpi 1 sweep two.yaml >stale.log 2>&1 || fail "rerun over a stale lease: $(cat stale.log)"
grep -q "warning: broke the stale lease $victim.lease (pid 999999 on $(hostname), job 123: pid 999999 is gone" stale.log ||
  fail "no warning for the dead pid: $(cat stale.log)"
[ "$(h5check attr "$victim" status)" = complete ] && [ ! -e "$victim.lease" ] || fail "the point under a stale lease"
rm "$victim"
printf 'host=elsewhere.example\npid=1\njob=-\nstarted=2026-01-01T00:00:00Z\n' >"$victim.lease"
touch -d '10 minutes ago' "$victim.lease"
mpi 1 sweep two.yaml >old.log 2>&1 || fail "rerun over an old lease: $(cat old.log)"
grep -q "broke the stale lease .*no heartbeat for" old.log || fail "no warning for the old heartbeat: $(cat old.log)"
printf 'host=elsewhere.example\npid=1\njob=77\nstarted=2026-01-01T00:00:00Z\n' >"$victim.lease" # live, elsewhere
rm "$victim"
rc=0
mpi 1 sweep two.yaml >live.log 2>&1 || rc=$?
[ $rc = 1 ] && grep -q "running elsewhere (pid 1 on elsewhere.example, job 77" live.log && [ ! -e "$victim" ] ||
  fail "a live lease of another host must be left alone: status $rc, $(cat live.log)"
rm "$victim.lease"
ok "stale leases (pid gone, heartbeat too old) broken with a warning; a live one left alone"

# two gsae train on one --out: the second is refused before it opens the file
"$GSAE" generate --n 60 --groups 20 --group-size 2 --active 2 --samples 400 --out d.h5 >/dev/null
"$GSAE" train --data d.h5 --out t.h5 --epochs 100000 --progress-every 0 >t1.log 2>&1 &
pt=$!
for _ in $(seq 100); do [ -e t.h5.lease ] && break; sleep 0.1; done
expect_error 1 "t.h5 is being written by pid $pt on $(hostname)" - -- train --data d.h5 --out t.h5 --epochs 3
kill -TERM $pt
wait $pt || true
[ ! -e t.h5.lease ] || fail "the interrupted train left its lease"
ok "a second gsae train on the same --out is refused with the holder"
