# Shared by the scenario tests: strict mode, a scratch directory, and helpers to run gsae.
set -euo pipefail
: "${GSAE:?set by ctest}" "${MPIEXEC:?}" "${PYTHON:?}" "${TESTS_DIR:?}" "${GSAE_PRECISION:?}"
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
