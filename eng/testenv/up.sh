#!/usr/bin/env bash
# up.sh - bring the whole ContainerBuild test environment up (root, Debian 12), idempotently:
#   install.sh -> host-prep.sh -> registry-up.sh -> token-registry-up.sh -> dockerd-up.sh
#   -> make-base-images.sh -> docker pull of every base image -> $CB_TESTENV_STATE/env
#
# Usage: up.sh [--no-arm64] [--with-peers] [--force-images]
#   --no-arm64      skip the slow arm64 part (~5 min under qemu): dotnet/runtime-deps:10.0 is then
#                   a single amd64 manifest (arm64 images built by an earlier run are still pushed)
#   --with-peers    also install buildah and podman
#   --force-images  rebuild the OCI layout of base images (make-base-images.sh --force)
# Env: CB_TESTENV_STATE (default /var/tmp/containerbuild-testenv), CB_DOCKER_NET (bridge|none|nat).
#
# Result: registries 127.0.0.1:5000 (anonymous), :5001 (basic auth), :5002 (Bearer token auth, token
# service :5003), user testuser / password testpass; dockerd on /var/run/docker.sock (bridge mode);
# base images on :5000 and pulled into dockerd (see make-base-images.sh); and the file
# $CB_TESTENV_STATE/env with `export K=V` lines for the tests (CB_TEST_REGISTRY, ...).
# Fresh machine: ~3 min, +~5 min for arm64 (partly overlapped); when already up: a few seconds.
# A SIGKILLed earlier session (stale PID files, stale dockerd/containerd pid files, leftover
# mounts) is cleaned up on the way. Exits non-zero if anything failed; full log in logs/up.log.
# Check with status.sh and smoke.sh; stop with down.sh.
set -uo pipefail
D="$(cd "$(dirname "$0")" && pwd)"
source "$D/lib.sh"

PEERS=() IMG=() ARM64=1
for a in "$@"; do case "$a" in
  --with-peers) PEERS=(--with-peers) ;;
  --no-arm64) ARM64=0; IMG+=(--no-arm64) ;;
  --force-images) IMG+=(--force) ;;
  *) echo "usage: $0 [--no-arm64] [--with-peers] [--force-images]" >&2; exit 2 ;;
esac; done

LOG="$CB_TESTENV_STATE/logs/up.log"
[ -f "$LOG" ] && mv -f "$LOG" "$LOG.1"
exec > >(tee "$LOG") 2>&1
T0="$(cb_now)"
cb_log "up.sh $* (state: $CB_TESTENV_STATE)"
echo "CB_WANT_ARM64=$ARM64" >"$CB_TESTENV_STATE/up.conf"

FAILED=()
run() { # run NAME CMD...: run a step, time it, remember failures
  local n="$1" s rc; shift; s="$(cb_now)"
  "$@"; rc=$?
  printf '%-26s %7ss  %s\n' "$n" "$(cb_since "$s")" "$([ $rc = 0 ] && echo ok || echo "FAILED (rc $rc)")" >&2
  [ $rc = 0 ] || FAILED+=("$n")
  return $rc
}

pull_images() {
  local e ref arch list=() fail=0 n=0
  cb_docker_ping || { cb_log "dockerd is not up"; return 1; }
  # arm64 first, amd64 last: a pull of another platform re-points the local tag (the platform
  # stickiness pitfall), so every amd64 tag is (re-)pulled with --platform linux/amd64 at the end
  [ "$ARM64" = 1 ] || [ "$(cb_registry_digest "$CB_REG_PORT" dotnet/runtime-deps 10.0-arm64)" ] && list+=("${CB_IMAGES_ARM64[@]}")
  list+=("${CB_IMAGES[@]}")
  for e in "${list[@]}"; do
    ref="${e% *}" arch="${e##* }"
    cb_docker_has "$ref" "$arch" && continue
    if "$CB_DOCKER" pull -q --platform "linux/$arch" "127.0.0.1:$CB_REG_PORT/$ref" >/dev/null; then n=$((n + 1))
    else cb_log "docker pull $ref ($arch) FAILED"; fail=1; fi
  done
  cb_log "docker pull: $n pulled, $((${#list[@]} - n)) already there"
  return $fail
}

write_env() {
  local arm=0
  [ "$(cb_registry_digest "$CB_REG_PORT" dotnet/runtime-deps 10.0-arm64 || true)" ] && arm=1
  cat >"$CB_TESTENV_STATE/env.new" <<ENV
# ContainerBuild test environment (written by eng/testenv/up.sh); source it: . $CB_TESTENV_STATE/env
export CB_TEST_REGISTRY=127.0.0.1:$CB_REG_PORT
export CB_TEST_REGISTRY_BASIC=127.0.0.1:$CB_REG_BASIC_PORT
export CB_TEST_REGISTRY_TOKEN=127.0.0.1:$CB_REG_TOKEN_PORT
export CB_TEST_REGISTRY_USER=$CB_REG_USER
export CB_TEST_REGISTRY_PASSWORD=$CB_REG_PASS
export CB_TEST_DOCKER=$CB_DOCKER
export CB_TEST_STATE=$CB_TESTENV_STATE
export CB_TEST_OCI_LAYOUT=$CB_OCI_LAYOUT
export CB_TEST_ARM64=$arm
ENV
  mv -f "$CB_TESTENV_STATE/env.new" "$CB_TESTENV_STATE/env"
}

run install.sh "$D/install.sh" "${PEERS[@]}"
run host-prep.sh "$D/host-prep.sh"
run registry-up.sh "$D/registry-up.sh"
run token-registry-up.sh "$D/token-registry-up.sh"
run dockerd-up.sh "$D/dockerd-up.sh"
run make-base-images.sh "$D/make-base-images.sh" "${IMG[@]}"
run "docker pull" pull_images
run "write env" write_env
printf '%-26s %7ss\n' "TOTAL up.sh" "$(cb_since "$T0")" >&2
if [ ${#FAILED[@]} -gt 0 ]; then
  cb_log "up.sh FAILED: ${FAILED[*]}; full log: $LOG (step logs in $CB_TESTENV_STATE/logs/)"
  exit 1
fi
cb_log "test environment is up; env: $CB_TESTENV_STATE/env; log: $LOG"
