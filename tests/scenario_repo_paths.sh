#!/usr/bin/env bash
# A clone needs nothing beside it: no tracked file (code, docs, logs, results, binary files too)
# names a path outside the repository, i.e. an absolute path under a machine's home, work or mount
# folders, or the developers' workshop folder next to the clone. Paths a Debian system has
# (/usr, /etc, /tmp, /proc, /sys, /dev, /run) and HDF5 paths (/data/Y) are not of this kind.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$TESTS_DIR/.." && pwd)
git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1 || skip "$ROOT is not a git checkout"
# the patterns are assembled here so that this file does not match them itself
s=/
machine="(^|[^A-Za-z0-9_.~-])$s(work|home|root|Users|mnt|media|scratch|gpfs|lustre|nfs|srv)$s"
workshop="(\.\.$s|^|[^A-Za-z0-9_])shared${s}(data|paper|hooks|GUIDE)"
if git -C "$ROOT" grep -nE -e "$machine" -e "$workshop" >hits.txt; then
  head -20 hits.txt >&2
  fail "$(wc -l <hits.txt) line(s) of tracked files name a path outside the repository (above)"
fi
n=$(git -C "$ROOT" ls-files | wc -l)
ok "none of the $n tracked files names a path outside the repository"

# the check itself finds such a path (a scratch repository with one offending file)
git init -q probe
printf 'data=%swork%sshared%sdata%smnist\n' "$s" "$s" "$s" "$s" >probe/job.sh
printf 'export SLURM_CONF=%stmp%sslurm.conf  # /data/Y\n' "$s" "$s" >probe/fine.sh
git -C probe add job.sh fine.sh
git -C probe grep -nE -e "$machine" -e "$workshop" >probe.txt || fail "the pattern misses an absolute path"
[ "$(cut -d: -f1 probe.txt | sort -u)" = job.sh ] || fail "the pattern flags the wrong files: $(cat probe.txt)"
ok "the pattern flags a path under a machine's work folder and passes /tmp and HDF5 paths"
