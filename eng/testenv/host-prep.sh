#!/usr/bin/env bash
# host-prep.sh - per-boot kernel-side setup that systemd would normally do. Idempotent, ~0.1 s.
#
# 1. cgroups, for crun: this VM mounts the cgroup v1 controllers plus cgroup2 at
#    /sys/fs/cgroup/unified ("hybrid") but leaves hugetlb unbound in v1, so it is listed in
#    cgroup2's cgroup.controllers, and crun 1.8 then refuses every container with
#      "cgroups in hybrid mode not supported, drop all controllers from cgroupv2"
#    (even with --cgroup-manager=disabled). Mounting each such controller as its own v1
#    hierarchy under /sys/fs/cgroup/<name> empties that list. runc and dockerd work either way.
# 2. binfmt_misc: mount /proc/sys/fs/binfmt_misc and enable qemu-user-static's handlers (flags PF:
#    also works inside containers and chroots), so arm64 binaries run under emulation.
#
# Usage: host-prep.sh        Needs: qemu-user-static binfmt-support (install.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# --- 1. cgroups
U=/sys/fs/cgroup/unified
if [ -f "$U/cgroup.controllers" ] && [ -d /sys/fs/cgroup/memory ]; then   # hybrid layout
  for c in $(cat "$U/cgroup.controllers"); do
    if [ -n "$(cat "$U/cgroup.subtree_control")" ]; then
      cb_log "WARN: cgroup2 subtree_control in use, not moving $c"; continue
    fi
    mkdir -p "/sys/fs/cgroup/$c"
    mountpoint -q "/sys/fs/cgroup/$c" || mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c"
    cb_log "mounted cgroup v1 controller $c at /sys/fs/cgroup/$c"
  done
  [ -z "$(cat "$U/cgroup.controllers")" ] || cb_log "WARN: cgroup2 controllers left: $(cat "$U/cgroup.controllers") (crun will fail)"
fi

# --- 2. binfmt_misc + qemu
mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
if command -v update-binfmts >/dev/null; then
  for f in /usr/share/binfmts/qemu-*; do
    [ -e "$f" ] || continue
    n="$(basename "$f")"
    [ -e "/proc/sys/fs/binfmt_misc/$n" ] || update-binfmts --enable "$n" 2>/dev/null || cb_log "WARN: could not enable $n"
  done
fi
if [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  cb_log "binfmt qemu-aarch64: $(head -1 /proc/sys/fs/binfmt_misc/qemu-aarch64), flags $(grep flags /proc/sys/fs/binfmt_misc/qemu-aarch64 | cut -d' ' -f2)"
else
  cb_log "WARN: binfmt qemu-aarch64 missing (is qemu-user-static installed?)"; exit 1
fi
