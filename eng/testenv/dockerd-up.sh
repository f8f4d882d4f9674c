#!/usr/bin/env bash
# dockerd-up.sh - start Debian's dockerd 20.10 (docker.io) in the background, without systemd.
#
# Usage: dockerd-up.sh [none|bridge|nat]      (or CB_DOCKER_NET=...; default: bridge)
#   bridge  --iptables=false --ip-masq=false (default): docker0 172.17.0.1/16, containers get
#           172.17.x addresses but no NAT and no port publishing; default `docker run` and
#           `docker build` work (isolated); --network=host gives a container the host network.
#   none    --bridge=none --iptables=false --ip-masq=false: `docker run`/`docker build` then need
#           --network=none|host ("network bridge not found" otherwise).
#   nat     full default networking (adds DOCKER* chains to the host's nf_tables, left after stop).
# Flags: --data-root $CB_TESTENV_STATE/docker-data --pidfile $CB_TESTENV_STATE/dockerd.pid
#   -H unix:///var/run/docker.sock --storage-driver overlay2 --exec-opt native.cgroupdriver=cgroupfs.
# dockerd starts its own containerd (state under /var/run/docker/containerd). 127.0.0.0/8 registries
# are insecure (plain http) by default, so no --insecure-registry is needed.
#
# Crash recovery: when our dockerd is not running (e.g. the session was SIGKILLed) this removes
# dockerd's stale pidfile, a containerd.pid that no longer points at a containerd, and mounts left
# below the data root and /run/docker (overlay2 "merged" dirs, task rootfs, netns), then starts it.
# Idempotent: no-op if our dockerd is running and answers.   Stop with: down.sh dockerd
#
# Clients: /usr/local/bin/docker (28.x, first on PATH) has no buildx plugin, so BuildKit builds
# need /usr/bin/docker (20.10):  DOCKER_BUILDKIT=1 /usr/bin/docker build .
set -euo pipefail
source "$(dirname "$0")/lib.sh"

NET="${1:-${CB_DOCKER_NET:-bridge}}"
case "$NET" in
  none)   NETFLAGS=(--bridge=none --iptables=false --ip-masq=false) ;;
  bridge) NETFLAGS=(--iptables=false --ip-masq=false) ;;
  nat)    NETFLAGS=() ;;
  *) echo "usage: $0 [none|bridge|nat]" >&2; exit 2 ;;
esac
LOG="$CB_TESTENV_STATE/logs/dockerd.log"

if p="$(cb_pid dockerd)"; then
  cb_wait_for 30 "dockerd /_ping" cb_docker_ping || { tail -20 "$LOG" >&2; exit 1; }
  mode="$(cat "$CB_TESTENV_STATE/dockerd.mode" 2>/dev/null || true)"
  cb_log "dockerd already running (pid $p, mode $mode)"
  [ "$mode" = "$NET" ] || cb_log "WARN: requested mode $NET; run down.sh dockerd first to change it"
  exit 0
fi
if cb_docker_ping; then
  cb_die "another docker daemon (not started by these scripts) answers on $CB_DOCKER_SOCK; refusing"
fi

# --- clean up after a dockerd/containerd that was killed
rm -f "$CB_TESTENV_STATE/dockerd.pid"
cpidf=/var/run/docker/containerd/containerd.pid
live_containerd=0
if [ -s "$cpidf" ]; then
  if grep -qa containerd "/proc/$(cat "$cpidf")/cmdline" 2>/dev/null; then live_containerd=1
  else cb_log "removing stale $cpidf"; rm -f "$cpidf"; fi
fi
if [ "$live_containerd" = 0 ]; then
  # mount points, deepest first; /proc/mounts escapes blanks as \040 (none in these paths)
  awk -v a="$CB_TESTENV_STATE/docker-data" -v b="/run/docker/" \
      '$2 == a || index($2, a "/") == 1 || index($2, b) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || cb_log "WARN: could not unmount $m"
    cb_log "unmounted stale $m"
  done
fi

mkdir -p "$CB_TESTENV_STATE/docker-data"
cb_start dockerd /usr/sbin/dockerd \
  --data-root "$CB_TESTENV_STATE/docker-data" \
  --pidfile "$CB_TESTENV_STATE/dockerd.pid" \
  -H "unix://$CB_DOCKER_SOCK" \
  --storage-driver overlay2 \
  --exec-opt native.cgroupdriver=cgroupfs \
  "${NETFLAGS[@]}"
echo "$NET" >"$CB_TESTENV_STATE/dockerd.mode"
cb_wait_for 60 "dockerd /_ping" cb_docker_ping || { tail -30 "$LOG" >&2; cb_log "dockerd did not come up, see $LOG"; exit 1; }
cb_log "dockerd up (mode $NET): $("$CB_DOCKER" version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null)"
