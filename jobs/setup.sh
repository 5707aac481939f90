#!/usr/bin/env bash
# Install gsae's build and test dependencies from Debian 12 (run as root; a no-op when present).
set -euo pipefail
packages=(build-essential cmake pkg-config libopenmpi-dev openmpi-bin libscalapack-openmpi-dev
  libhdf5-openmpi-dev hdf5-tools libopenblas-dev liblapacke-dev libgtest-dev librandom123-dev
  libyaml-dev zlib1g-dev python3-numpy python3-h5py python3-matplotlib python3-sklearn procps
  slurm-wlm munge    # the private test cluster of jobs/slurm/cluster.sh
  git)               # tests/scenario_repo_paths.sh reads the tracked files with git grep
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
