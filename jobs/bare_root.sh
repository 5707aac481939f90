#!/usr/bin/env bash
# The README's commands on a bare Debian 12 root, as a new user would run them: debootstrap
# (minbase) into ROOT, a clone of this repository's HEAD into it with nothing beside it, then, in a
# chroot whose /sys has no cgroup file system (as in containers and many CI runners), a command
# (default: CI=true bash jobs/test.sh, the README's test command as .ci/run runs it).
#
#   jobs/bare_root.sh ROOT [COMMAND]     e.g. jobs/bare_root.sh /var/tmp/bare 'bash jobs/mnist.sh build 2 data'
#
# Root only (debootstrap, mounts, chroot). ROOT is reused when it holds a system already; the
# clone (ROOT/gsae, /gsae in the chroot) is made afresh each time. /proc, /sys and /dev are bound
# into ROOT in a private mount namespace (unshare -m), so they go away with the command and the
# host's mounts stay as they are. Output: the command's, and its exit status.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 ROOT [COMMAND]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "$0: error: needs root (debootstrap, mount, chroot)" >&2; exit 2; }
root=$1 cmd=${2:-CI=true bash jobs/test.sh}
repo=$(cd "$(dirname "$0")/.." && pwd)
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
if [ ! -x "$root/usr/bin/apt-get" ]; then
  mkdir -p "$root"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
fi
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
rm -rf "$root/gsae"
git clone -q "$repo" "$root/gsae"
echo "bare root $root: clone of $(git -C "$repo" rev-parse --short HEAD) in /gsae; running: $cmd"
unshare -m --propagation private bash -euo pipefail -c '
  root=$1 cmd=$2
  mount --rbind /proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --rbind /dev "$root/dev"
  # no cgroup file system in the chroot
  if mountpoint -q "$root/sys/fs/cgroup"; then umount -l "$root/sys/fs/cgroup"; fi
  echo "cgroup file system in the chroot: $(stat -f -c %T "$root/sys/fs/cgroup")"
  exec chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 TERM=dumb bash -c "cd /gsae && $cmd"
' _ "$root" "$cmd"
