# Shared by the scenario tests: strict mode, a scratch directory, and helpers to run gsae.
set -euo pipefail
: "${GSAE:?set by ctest}" "${MPIEXEC:?}" "${PYTHON:?}" "${TESTS_DIR:?}" "${GSAE_PRECISION:?}"
# the BLAS kernels the job scripts use (jobs/lib.sh), so that a test comparing a job script's output
# with a direct run compares the same arithmetic
source "$TESTS_DIR/../jobs/lib.sh"
gsae_env "$GSAE" 2>/dev/null
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gsae-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# mpi NP ARGS...: gsae under mpiexec with NP ranks (never more than 120 s: no test may hang)
mpi() {
  local np=$1
  shift
  timeout 120 "$MPIEXEC" --oversubscribe -n "$np" "$GSAE" "$@"
}
h5check() { "$PYTHON" "$TESTS_DIR/h5check.py" "$@"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ok() { echo "ok: $*"; }

# expect_error NP SUBSTRING OUTFILE -- gsae args...: the command fails (non-zero, within 60 s, no
# hang) with exactly one "gsae[ COMMAND]: error:" line on stderr that contains SUBSTRING; OUTFILE
# (or - for none) is absent or does not look finished; no temporary file is left. NP = 1 runs gsae
# alone (a singleton MPI job), more under mpiexec.
expect_error() {
  local np=$1 want=$2 out=$3
  shift 4
  local rc=0
  if [ "$np" = 1 ]; then
    timeout 60 "$GSAE" "$@" >stdout.txt 2>stderr.txt || rc=$?
  else
    timeout 60 "$MPIEXEC" -q --oversubscribe -n "$np" "$GSAE" "$@" >stdout.txt 2>stderr.txt || rc=$?
  fi
  [ "$rc" != 0 ] || fail "exit 0 for: gsae $*"
  [ "$rc" != 124 ] || fail "hung (timeout) for: gsae $*"
  local lines
  lines=$(grep -c . stderr.txt || true)
  [ "$lines" = 1 ] || fail "expected one error line, got $lines for: gsae $*: $(cat stderr.txt)"
  grep -Eq "^gsae( [a-z-]+)?: error: " stderr.txt || fail "for gsae $*: not a gsae error line: $(cat stderr.txt)"
  grep -qF -- "$want" stderr.txt || fail "for gsae $*: wanted '$want' in: $(cat stderr.txt)"
  if [ "$out" != - ] && [ -e "$out" ]; then
    [ "$(h5check attr "$out" status 2>/dev/null)" != complete ] || fail "$out looks complete after a failure"
    case "$(h5check attr "$out" format 2>/dev/null)" in
      gsae-dataset | gsae-clustering) fail "$out looks like a finished output after a failure" ;;
    esac
  fi
  ! ls ./*.tmp ./*.partial >/dev/null 2>&1 || fail "a failed gsae $* left a temporary file"
  echo "ok ($np rank$([ "$np" = 1 ] || echo s)): $(cat stderr.txt)"
}

# mnist_test_set N: sets $images and $labels to the MNIST test set (IDX, gzip) of $GSAE_MNIST_DIR
# (default /work/shared/data/mnist), or, where it is absent, to a synthetic IDX pair of N 28 x 28
# images drawn around 10 random prototypes (one per label), so that clustering has classes to find.
mnist_test_set() {
  local n=${1:-600} mnist=${GSAE_MNIST_DIR:-/work/shared/data/mnist}
  images=$mnist/t10k-images-idx3-ubyte.gz
  labels=$mnist/t10k-labels-idx1-ubyte.gz
  [ -r "$images" ] && [ -r "$labels" ] && return 0
  echo "note: $mnist has no MNIST test set; using $n synthetic images"
  images=$WORK/synth-images-idx3-ubyte.gz
  labels=$WORK/synth-labels-idx1-ubyte.gz
  "$PYTHON" - "$images" "$labels" "$n" <<'PY'
import gzip, struct, sys, numpy as np
rng = np.random.default_rng(0)
n = int(sys.argv[3])
y = rng.integers(0, 10, n)
proto = rng.integers(0, 256, (10, 784))
px = np.clip(proto[y] + rng.normal(0, 60, (n, 784)) - 60, 0, 255).astype(np.uint8)
with gzip.open(sys.argv[1], "wb") as f:
    f.write(struct.pack(">IIII", 0x803, n, 28, 28) + px.tobytes())
with gzip.open(sys.argv[2], "wb") as f:
    f.write(struct.pack(">II", 0x801, n) + y.astype(np.uint8).tobytes())
PY
}
