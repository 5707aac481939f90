#!/usr/bin/env bash
# Configure and build one flavour of gsae:  jobs/build.sh BUILD_DIR [extra cmake args...]
#   jobs/build.sh build                          float (default precision), Release
#   jobs/build.sh build-double -DGSAE_DOUBLE=ON  double precision
#   jobs/build.sh build-asan -DGSAE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" "$@" >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }
cmake --build "$dir" -j "$(nproc)" >"$dir.build.log" 2>&1 || { tail -50 "$dir.build.log"; exit 1; }
echo "built $dir ($*)"
