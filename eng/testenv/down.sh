#!/usr/bin/env bash
# down.sh - stop what the test environment scripts started, by recorded PID only (never by name).
#
# Usage: down.sh [all|registry|token|dockerd] [--purge]
#   all (default)  every service with a PID file under $CB_TESTENV_STATE/pids
#   registry       registry-5000 and registry-5001
#   token          token-server (:5003) and registry-5002
#   dockerd        dockerd (it stops its containers and its own containerd first)
#   --purge        also delete the data of what was stopped (registry storage, docker data-root,
#                  push records). The rootfs dirs and the OCI layout are kept
#                  (rm -rf $CB_TESTENV_STATE to drop everything).
# Host changes that stay: the hugetlb cgroup and binfmt_misc mounts (host-prep.sh), docker0.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

WHAT=all PURGE=0
for a in "$@"; do case "$a" in
  --purge) PURGE=1 ;;
  all|registry|token|dockerd) WHAT="$a" ;;
  *) echo "usage: $0 [all|registry|token|dockerd] [--purge]" >&2; exit 2 ;;
esac; done

stop_registry() {
  cb_stop "registry-$CB_REG_PORT"; cb_stop "registry-$CB_REG_BASIC_PORT"
  if [ "$PURGE" = 1 ]; then
    rm -rf "$CB_TESTENV_STATE/registry/$CB_REG_PORT" "$CB_TESTENV_STATE/registry/$CB_REG_BASIC_PORT" \
      "$CB_TESTENV_STATE/pushed/$CB_REG_PORT" "$CB_TESTENV_STATE/pushed/$CB_REG_BASIC_PORT"
  fi
}
stop_token() {
  cb_stop "registry-$CB_REG_TOKEN_PORT"; cb_stop token-server
  if [ "$PURGE" = 1 ]; then rm -rf "$CB_TESTENV_STATE/registry/$CB_REG_TOKEN_PORT" "$CB_TESTENV_STATE/pushed/$CB_REG_TOKEN_PORT"; fi
}
stop_dockerd() {
  cb_stop dockerd 60
  if [ "$PURGE" = 1 ]; then
    cb_rm_tree "$CB_TESTENV_STATE/docker-data"   # also unmounts what a killed dockerd left
  fi
}

case "$WHAT" in
  registry) stop_registry ;;
  token) stop_token ;;
  dockerd) stop_dockerd ;;
  all)
    stop_token; stop_registry; stop_dockerd
    # a background arm64 rootfs job of make-base-images.sh is a process group leader: stop the group
    if p="$(cb_pid arm64-rootfs)"; then kill -TERM -- "-$p" 2>/dev/null; cb_log "stopped arm64-rootfs (group $p)"; rm -f "$CB_TESTENV_STATE/pids/arm64-rootfs.pid"; fi
    for f in "$CB_TESTENV_STATE"/pids/*.pid; do [ -e "$f" ] && cb_stop "$(basename "$f" .pid)"; done ;;
esac
exit 0
