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

# skip REASON: this test cannot run here. Exit status 77, which ctest reports as skipped with the
# reason printed above it (SKIP_RETURN_CODE in tests/CMakeLists.txt); under CI=true a skip is a
# failure, since the CI machine installs everything a test needs (jobs/setup.sh).
SKIP_STATUS=77
skip() {
  if [ "${CI:-}" = true ]; then
    fail "would skip under CI=true (a missing install step?): $*"
  fi
  echo "skip: $*"
  exit "$SKIP_STATUS"
}

# The MNIST IDX files shipped in the repository (data/mnist/), or those of $GSAE_MNIST_DIR.
MNIST=${GSAE_MNIST_DIR:-$(cd "$TESTS_DIR/.." && pwd)/data/mnist}
# need_mnist FILE...: skip unless each named IDX file is readable in $MNIST
need_mnist() {
  local f
  for f in "$@"; do
    [ -r "$MNIST/$f" ] || skip "no $MNIST/$f (the repository ships it in data/mnist/; GSAE_MNIST_DIR names another folder)"
  done
}
# mnist_test_set: sets $images and $labels to the MNIST test set (IDX, gzip) in $MNIST
mnist_test_set() {
  need_mnist t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz
  images=$MNIST/t10k-images-idx3-ubyte.gz
  labels=$MNIST/t10k-labels-idx1-ubyte.gz
}
