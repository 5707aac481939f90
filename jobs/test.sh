#!/usr/bin/env bash
# Install, build and run the whole test suite in three builds: AddressSanitizer +
# UndefinedBehaviorSanitizer (Debug), double precision, and float (the default precision).
set -euo pipefail
cd "$(dirname "$0")/.."
bash jobs/setup.sh
export OPENBLAS_NUM_THREADS=1
bash jobs/build.sh build-asan -DGSAE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
# Open MPI's own allocations are not ours to fix: leak checking off, every other ASan/UBSan check on
(cd build-asan && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure)
bash jobs/build.sh build-double -DGSAE_DOUBLE=ON
(cd build-double && ctest --output-on-failure)
bash jobs/build.sh build
(cd build && ctest --output-on-failure)
