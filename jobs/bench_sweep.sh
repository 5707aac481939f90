#!/usr/bin/env bash
# Sweep machinery at scale, every figure measured in this run:
#   1. a 100,000-point spec: parse + check every point (--count), and list every point (--list)
#   2. gsae merge of 1,000 point files (made by a sweep of 1,000 tiny points, also timed)
#   3. 64 small points on P ranks as P teams of 1 against P/2 teams of 2: points per minute
# usage: jobs/bench_sweep.sh [BUILD_DIR] [RANKS]      -> results/bench/sweep.txt
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
ranks=${2:-2}
gsae=$build/gsae
mkdir -p results/bench
. jobs/lib.sh
gsae_env "$gsae"
work=$(mktemp -d "${TMPDIR:-/tmp}/gsae-bench-sweep.XXXXXX")
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
rate() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", a / b }'; }
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }

{
  echo "# jobs/bench_sweep.sh ${1:-build} $ranks   ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $("$gsae" --version))"

  cat >"$work/big.yaml" <<'EOF'
name: big
seed: {from: 0, to: 999}
lambda: {from: 0.1, to: 10, num: 100}
EOF
  t0=$(now)
  count=$("$gsae" sweep "$work/big.yaml" --count)
  t1=$(now)
  "$gsae" sweep "$work/big.yaml" --list --results "$work/none" >"$work/list.txt"
  t2=$(now)
  echo "spec     $count points: parse + check every point $(printf %.2f "$(secs "$t0" "$t1")") s" \
    "($(rate "$count" "$(secs "$t0" "$t1")") points/s); --list $(printf %.2f "$(secs "$t1" "$t2")") s" \
    "($(rate "$count" "$(secs "$t1" "$t2")") points/s, $(wc -l <"$work/list.txt") lines)"

  cat >"$work/thousand.yaml" <<'EOF'
name: thousand
n: 20
groups: 5
group_size: 2
active: 1
samples: 100
epochs: 10
init_corr: 0.5
seed: {from: 0, to: 99}
lambda: {from: 0.5, to: 5, num: 10}
EOF
  t0=$(now)
  mpirun -q -n "$ranks" "$gsae" sweep "$work/thousand.yaml" --results "$work" >"$work/thousand.log"
  t1=$(now)
  "$gsae" merge "$work/thousand" >"$work/merge.log"
  t2=$(now)
  files=$(ls "$work/thousand/points" | grep -c '\.h5$')
  echo "sweep    1000 tiny points (n=20, 10 epochs) on $ranks ranks: $(printf %.1f "$(secs "$t0" "$t1")") s" \
    "($(rate 60000 "$(secs "$t0" "$t1")") points/min, 100 data sets)"
  echo "merge    $files point files -> summary.h5: $(printf %.2f "$(secs "$t1" "$t2")") s" \
    "($(rate "$files" "$(secs "$t1" "$t2")") files/s): $(head -1 "$work/merge.log")"

  cat >"$work/small.yaml" <<'EOF'
name: small
n: 100
groups: 50
group_size: 2
active: 2
samples: 2000
epochs: 50
init_corr: 0.5
seed: {from: 0, to: 15}
snr_db: [1, 5, 10, 20]
EOF
  declare -A ppm
  for R in 1 2; do
    t0=$(now)
    mpirun -q -n "$ranks" "$gsae" sweep "$work/small.yaml" --results "$work/R$R" --ranks-per-point "$R" >"$work/R$R.log"
    t1=$(now)
    ppm[$R]=$(calc "60 * 64 / $(secs "$t0" "$t1")")
    echo "teams    64 small points (n=100, m=100, N=2000, 50 epochs), $ranks ranks as $((ranks / R)) team(s)" \
      "of $R: $(printf %.1f "$(secs "$t0" "$t1")") s = $(printf %.1f "${ppm[$R]}") points/min"
  done
  echo "ratio    teams of 1 vs teams of 2: $(calc "${ppm[1]} / ${ppm[2]}")x the throughput"
} | tee results/bench/sweep.txt
