#!/usr/bin/env bash
# install.sh - install the container tooling of the test environment from Debian bookworm's repos.
#
# Usage: install.sh [--with-peers]     (root, Debian 12)
#   --with-peers   also install buildah and podman (reference builders to compare against)
#
# Groups (installed separately, so one failing group does not block the rest):
#   runc crun                          OCI runtimes (runc 1.1.5, crun 1.8.1)
#   docker.io                          dockerd 20.10 + containerd 1.6 + /usr/bin/docker 20.10 (BuildKit)
#   docker-registry apache2-utils      distribution 2.8 registry; htpasswd (bcrypt)
#   skopeo umoci jq                    image copy/inspect; OCI layout building
#   debootstrap                        rootfs of the base images
#   qemu-user-static binfmt-support    arm64 emulation
#   (+ buildah podman with --with-peers; + curl openssl python3 if missing)
#
# Idempotent and fast: if every package is already installed, apt is not run at all.
# `apt-get update` runs only when the package lists are missing or older than 6 h (or once more
# when an install fails, e.g. on a 404 from stale lists). Exit code non-zero if a group failed.
# Logs: $CB_TESTENV_STATE/logs/install-*.log. None of these packages starts a service (no systemd).
set -uo pipefail
source "$(dirname "$0")/lib.sh"

GROUPS_TO_INSTALL=(
  "curl ca-certificates openssl python3"
  "runc crun"
  "docker.io"
  "docker-registry apache2-utils"
  "skopeo umoci jq"
  "debootstrap"
  "qemu-user-static binfmt-support"
)
for a in "$@"; do case "$a" in
  --with-peers) GROUPS_TO_INSTALL+=("buildah" "podman") ;;
  *) echo "usage: $0 [--with-peers]" >&2; exit 2 ;;
esac; done

installed() { # installed PKG... -> rc 0 if all are installed
  local p
  for p in "$@"; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || return 1
  done
}
missing=()
for g in "${GROUPS_TO_INSTALL[@]}"; do
  # shellcheck disable=SC2086
  installed $g || missing+=("$g")
done
if [ ${#missing[@]} = 0 ]; then cb_log "all packages already installed"; exit 0; fi

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o Acquire::Check-Valid-Until=false -o Acquire::Check-Date=false -o Dpkg::Use-Pty=0)
L="$CB_TESTENV_STATE/logs"
# an apt/dpkg run killed half-way leaves packages unconfigured: finish that first
if [ -n "$(dpkg --audit 2>/dev/null)" ]; then
  cb_log "dpkg reports unfinished work (killed earlier run?): dpkg --configure -a"
  dpkg --configure -a >"$L/install-dpkg-configure.log" 2>&1 || cb_log "WARN: dpkg --configure -a failed"
fi
UPDATED=0
apt_update() {
  local s; s="$(cb_now)"
  if apt-get "${APT_OPTS[@]}" update -qq >"$L/install-apt-update.log" 2>&1; then
    cb_log "apt-get update: $(cb_since "$s")s"
  else
    cb_log "WARN: apt-get update failed, see $L/install-apt-update.log"
  fi
  UPDATED=1
}
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -360 2>/dev/null | head -1)" ]; then
  apt_update
fi

fail=0
for g in "${missing[@]}"; do
  s="$(cb_now)" log="$L/install-${g%% *}.log"
  # shellcheck disable=SC2086
  if ! apt-get "${APT_OPTS[@]}" install -y -q --no-install-recommends $g >"$log" 2>&1; then
    if [ "$UPDATED" = 0 ]; then
      apt_update
      # shellcheck disable=SC2086
      apt-get "${APT_OPTS[@]}" install -y -q --no-install-recommends $g >>"$log" 2>&1
    fi
  fi
  # shellcheck disable=SC2086
  if installed $g; then r=ok; else r="FAILED (see $log)"; fail=1; fi
  cb_log "$(printf 'install %-36s %6ss %s' "$g" "$(cb_since "$s")" "$r")"
done
exit $fail
