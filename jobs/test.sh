#!/usr/bin/env bash
# Install, build and run the whole test suite in three builds: AddressSanitizer +
# UndefinedBehaviorSanitizer (Debug), double precision, and float (the default precision).
# Tests that cannot run here are reported as skipped (with their reason) and listed at the end;
# under CI=true a skip fails the run, since CI installs everything the tests need.
set -euo pipefail
cd "$(dirname "$0")/.."
bash jobs/setup.sh
export OPENBLAS_NUM_THREADS=1
skipped=()
# suite BUILD_DIR [ENV=VALUE...]: ctest in BUILD_DIR; remembers each test it reported as skipped,
# with the reason the test printed ("skip: ...", kept by ctest in Testing/Temporary/LastTest.log)
suite() {
  local dir=$1 name why
  shift
  (cd "$dir" && env "$@" ctest --output-on-failure) | tee "$dir/ctest.log"
  for name in $(sed -n 's/^ *[0-9]*\/[0-9]* Test *#[0-9]*: \([^ ]*\) .*\*\*\*Skipped.*/\1/p' "$dir/ctest.log"); do
    why=$(awk -v t="$name" '/^[0-9]+\/[0-9]+ Test: / { cur = $3 } cur == t && /^skip: / { print; exit }' \
      "$dir/Testing/Temporary/LastTest.log")
    skipped+=("$dir: $name: ${why:-no reason printed}")
  done
}
bash jobs/build.sh build-asan -DGSAE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
# Open MPI's own allocations are not ours to fix: leak checking off, every other ASan/UBSan check on
suite build-asan ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1
bash jobs/build.sh build-double -DGSAE_DOUBLE=ON
suite build-double
bash jobs/build.sh build
suite build
if [ ${#skipped[@]} -gt 0 ]; then
  echo "skipped tests (${#skipped[@]}):"
  printf '  %s\n' "${skipped[@]}"
  [ "${CI:-}" != true ] || { echo "jobs/test.sh: error: tests were skipped under CI=true" >&2; exit 1; }
else
  echo "no test skipped in the three builds"
fi
