#!/usr/bin/env bash
# A private single-node SLURM cluster for tests and demos, everything under one directory.
#
#   jobs/slurm/cluster.sh start  DIR   write DIR/slurm.conf, start slurmctld + slurmd, wait until idle
#   jobs/slurm/cluster.sh status DIR   daemons, sinfo and squeue of the cluster in DIR
#   jobs/slurm/cluster.sh stop   DIR   cancel its jobs, stop its daemons by their pid files
#
#   source DIR/env.sh                  exports SLURM_CONF: sbatch, srun, squeue, ... use the cluster
#
# Runs as root on Debian 12 (slurm-wlm 22.05 and munge from jobs/setup.sh). Config, state, spool,
# logs (DIR/log/) and pid files live under DIR; only munge is shared with the machine: an already
# running munged is reused, otherwise `munged --force` is started with its default socket and left
# running by stop while any other slurmctld/slurmd is alive on the machine.
# Ports: SlurmctldPort P and SlurmdPort P+1, the first free pair from CLUSTER_PORT (below).
# Settings that matter for sweeps (see docs/sweeps.md, section SLURM):
#   JobRequeue=1            array tasks may be requeued (scontrol requeue, sweep_array.sbatch)
#   AuthInfo cred_expire=10 a requeued job waits cred_expire seconds (default 120) before it is
#                           eligible again (squeue shows Reason=BeginTime meanwhile)
#   KillWait=15             SIGTERM .. SIGKILL grace on scancel / requeue / time limit: gsae must
#                           write its checkpoint in that time
#   MaxArraySize=100001     array indices up to 100000
#   MinJobAge=300           finished jobs stay visible to squeue/scontrol for 5 minutes
#   MpiDefault=none         srun --mpi=pmix (= pmix_v4 here) selects PMIx explicitly
#   SchedulerParameters=sched_interval=2 and bf_interval=2: a pending job is looked at within
#                           seconds instead of up to a minute after its BeginTime passes
# Environment: CLUSTER_WAIT_S (how long start waits for the node to be idle, default 60),
# CLUSTER_MEM_MB (RealMemory; default 80 % of MemTotal, more than slurmd finds drains the node),
# CLUSTER_PORT (first SlurmctldPort to try; default 6817 + an offset from DIR, so that clusters in
# different folders rarely race for a port; a lost race is retried further up).
set -euo pipefail

die() {
  echo "cluster.sh: error: $*" >&2
  exit 1
}
usage() { die "usage: $0 start|stop|status DIR"; }
[ $# -eq 2 ] || usage
action=$1
PATH=$PATH:/usr/sbin:/sbin
host=$(hostname -s)
: "${CLUSTER_WAIT_S:=60}"

need_tools() {
  local missing=()
  for t in slurmctld slurmd munged munge unmunge sinfo squeue sbatch srun scontrol scancel; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] ||
    die "SLURM/munge not installed (missing: ${missing[*]}): run jobs/setup.sh (Debian packages slurm-wlm munge)"
  [ "$(id -u)" = 0 ] || die "the private cluster runs as root (SlurmUser=root, munged --force)"
}

# pid from a pid file if that process is alive and is the named program, else nothing
live_pid() {
  local file=$1 name=$2 pid
  [ -s "$file" ] || return 1
  pid=$(tr -dc 0-9 <"$file")
  [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$name" ] && echo "$pid"
}

# nothing listens on 127.0.0.1:PORT (bash's /dev/tcp: no iproute2 needed; slurmctld and slurmd
# listen on every address)
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_gone() { # pid seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

start_munge() {
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
    return 0 # a munged is running and answers: reuse it
  fi
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    if command -v mungekey >/dev/null 2>&1; then
      mungekey --create --keyfile=/etc/munge/munge.key
    else
      dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
    fi
    chmod 600 /etc/munge/munge.key
    chown munge:munge /etc/munge/munge.key 2>/dev/null || true
  fi
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  munged --force </dev/null >>"$dir/log/munged.out" 2>&1 || die "munged failed to start: $(tail -3 "$dir/log/munged.out")"
  cp /run/munge/munged.pid "$dir/munged.pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 50; i++)); do
    munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "munged started but does not answer (see /var/log/munge/munged.log)"
}

write_conf() { # first port to try
  local cpus mem_mb ctld_port=$1 d_port
  cpus=$(nproc)
  # RealMemory must not exceed what slurmd finds, or the node drains: 80 % of MemTotal
  mem_mb=${CLUSTER_MEM_MB:-$(awk '/^MemTotal:/ {printf "%d", $2 / 1024 * 0.8}' /proc/meminfo)}
  while ! { port_free "$ctld_port" && port_free $((ctld_port + 1)); }; do
    ctld_port=$((ctld_port + 2))
    [ $ctld_port -lt 6917 ] || die "no free port pair in 6817..6917"
  done
  d_port=$((ctld_port + 1))
  : >"$dir/plugstack.conf" # keep /etc/slurm/plugstack.conf (SPANK plugins) out of it
  cat >"$conf" <<EOF
# private single-node cluster written by jobs/slurm/cluster.sh (root, $(date -u +%FT%TZ))
ClusterName=gsae
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
AuthInfo=cred_expire=10
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MailProg=/bin/true
MpiDefault=none
PlugStackConfig=$dir/plugstack.conf
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ReturnToService=2
JobRequeue=1
KillWait=15
MinJobAge=300
MaxArraySize=100001
MaxJobCount=200000
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2,bf_interval=2
SlurmctldTimeout=30
SlurmdTimeout=60
InactiveLimit=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
  # cgroup.conf (read from slurm.conf's folder): slurmd 22.05 loads a cgroup plugin at start even
  # though nothing here uses cgroups (proctrack/linuxproc, task/none), and its default "autodetect"
  # fails where no cgroup file system is mounted (containers, chroots, some CI runners: "No
  # filesystem mounted on /sys/fs/cgroup ... Unable to initialize cgroup plugin"). Naming the v1
  # plugin skips the detection; its init touches no cgroup file system, and with no cgroup user
  # (no task/cgroup, proctrack/cgroup, jobacct_gather/cgroup, CoreSpec or MemSpecLimit) nothing
  # ever asks it to. (22.05 has no CgroupPlugin=disabled; that came with later releases.)
  cat >"$dir/cgroup.conf" <<EOF
# written by jobs/slurm/cluster.sh: no cgroup plugin in use; skip cgroup detection
CgroupPlugin=cgroup/v1
CgroupAutomount=no
EOF
  cat >"$dir/env.sh" <<EOF
# source me: the private SLURM cluster of $dir
export SLURM_CONF=$conf
EOF
}

start() {
  if live_pid "$dir/slurmctld.pid" slurmctld >/dev/null || live_pid "$dir/slurmd.pid" slurmd >/dev/null; then
    die "a cluster already runs in $dir (run: $0 stop $dir)"
  fi
  mkdir -p "$dir/log"
  start_munge
  local attempt port t0 state="" why
  # start the port search at a place of its own for each DIR, so that clusters started at the
  # same moment in different folders rarely race for one pair
  port=${CLUSTER_PORT:-$((6817 + 2 * ($(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 40)))}
  for attempt in 1 2 3 4; do
    [ "$attempt" -eq 1 ] || echo "cluster.sh: attempt $attempt" >&2
    rm -rf "$dir/state" "$dir/spool" "$dir/slurmctld.pid" "$dir/slurmd.pid" "$dir"/log/slurm*
    mkdir -p "$dir/state" "$dir/spool"
    write_conf "$port"
    export SLURM_CONF=$conf
    # -c: cold start, no state from an earlier cluster; stdio away from the caller (ctest waits on it)
    slurmctld -c -f "$conf" </dev/null >>"$dir/log/slurmctld.out" 2>&1 || die "slurmctld failed: $(tail -5 "$dir/log/slurmctld.log" 2>/dev/null)"
    slurmd -c -f "$conf" </dev/null >>"$dir/log/slurmd.out" 2>&1 || die "slurmd failed: $(tail -5 "$dir/log/slurmd.log" 2>/dev/null)"
    t0=$(date +%s)
    why=""
    while :; do
      sleep 0.5
      if ! { live_pid "$dir/slurmctld.pid" slurmctld >/dev/null && live_pid "$dir/slurmd.pid" slurmd >/dev/null; }; then
        # no pid file yet, or the daemon is gone (a lost port, usually)
        [ $(($(date +%s) - t0)) -lt 3 ] && continue
        why="a daemon is not running"
        break
      fi
      state=$(sinfo -h -n "$host" -o %T 2>/dev/null | head -1 || true)
      # idle, and said by our slurmctld (not by another cluster's on the same port)
      [ "$state" = idle ] && [ "$(scontrol show config 2>/dev/null | sed -n 's/^StateSaveLocation *= *//p')" = "$dir/state" ] &&
        break
      if [ $(($(date +%s) - t0)) -ge "$CLUSTER_WAIT_S" ]; then
        why="node $host not idle after ${CLUSTER_WAIT_S}s (sinfo state: '${state:-no answer}')"
        break
      fi
    done
    if [ -z "$why" ]; then
      echo "cluster up in $dir: node $host idle ($(nproc) CPUs), SlurmctldPort $(sed -n 's/^SlurmctldPort=//p' "$conf"); source $dir/env.sh"
      return 0
    fi
    stop >/dev/null 2>&1 || true
    # another cluster took the ports between our check and the bind: try further up, at random
    if grep -qs "Address already in use" "$dir/log/slurmctld.log" "$dir/log/slurmd.log"; then
      port=$(($(sed -n 's/^SlurmctldPort=//p' "$conf") + 2 * (1 + RANDOM % 8)))
      echo "cluster.sh: ports taken meanwhile, retrying from $port" >&2
      continue
    fi
    break
  done
  for f in slurmctld slurmd; do
    echo "--- $dir/log/$f.log" >&2
    tail -15 "$dir/log/$f.log" >&2 || true
  done
  die "cluster in $dir did not start: $why"
}

stop() {
  local pid name jobs i
  if [ -f "$conf" ] && live_pid "$dir/slurmctld.pid" slurmctld >/dev/null; then
    export SLURM_CONF=$conf
    # jobs first: slurmstepd outlives slurmd, so cancel and let them finish (KillWait + slack)
    jobs=$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ' || true)
    if [ -n "${jobs// /}" ]; then
      # shellcheck disable=SC2086
      scancel $jobs 2>/dev/null || true
      for ((i = 0; i < 250; i++)); do
        [ -z "$(squeue -h -o %A 2>/dev/null || true)" ] && break
        sleep 0.2
      done
    fi
  fi
  for name in slurmd slurmctld; do
    if pid=$(live_pid "$dir/$name.pid" "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      wait_gone "$pid" 20 || { kill -KILL "$pid" 2>/dev/null || true; wait_gone "$pid" 5 || true; }
      echo "stopped $name ($pid)"
    fi
    rm -f "$dir/$name.pid"
  done
  # munged: only if we started it and no other slurm daemon on the machine may still need it
  if pid=$(live_pid "$dir/munged.pid" munged); then
    if pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null; then
      echo "left munged ($pid) running: other SLURM daemons use it"
    else
      kill -TERM "$pid" 2>/dev/null || true
      wait_gone "$pid" 10 || true
      echo "stopped munged ($pid)"
    fi
  fi
  rm -f "$dir/munged.pid"
}

status() {
  local name pid rc=0
  for name in slurmctld slurmd munged; do
    if pid=$(live_pid "$dir/$name.pid" "$name"); then
      echo "$name: running ($pid)"
    elif [ "$name" = munged ]; then
      if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
        echo "munged: running (not ours)"
      else
        echo "munged: not running"
        rc=1
      fi
    else
      echo "$name: not running"
      rc=1
    fi
  done
  if [ $rc -eq 0 ]; then
    export SLURM_CONF=$conf
    sinfo
    squeue
  fi
  return $rc
}

[ "$action" != start ] || need_tools
if [ "$action" = start ]; then
  mkdir -p "$2" 2>/dev/null || die "cannot create $2"
fi
[ -d "$2" ] || die "no cluster directory $2"
dir=$(cd "$2" && pwd)
conf=$dir/slurm.conf

case $action in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
