#!/usr/bin/env bash
# status.sh - one line per test environment component: "NAME  up|down  detail".
#
# Usage: status.sh     Read-only, ~1 s. Exit code 1 if a required component is down (the arm64
# lines are required unless the last up.sh ran with --no-arm64; peers are informational).
set -uo pipefail
source "$(dirname "$0")/lib.sh"

RC=0
line() { # line NAME up|down REQUIRED(1|0) DETAIL
  printf '%-22s %-5s %s\n' "$1" "$2" "$4"
  [ "$2" = up ] || [ "$3" = 0 ] || RC=1
}
ARM=0; cb_want_arm64 && ARM=1

miss=()
for p in runc crun docker.io docker-registry apache2-utils skopeo umoci jq debootstrap qemu-user-static binfmt-support; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || miss+=("$p")
done
[ ${#miss[@]} = 0 ] && line packages up 1 "all installed" || line packages down 1 "missing: ${miss[*]} (install.sh)"
peers=up; for p in buildah podman; do [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || peers=down; done
line "peers (optional)" "$peers" 0 "buildah podman (install.sh --with-peers)"

c="$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null || true)"
[ -z "$c" ] && line "cgroups for crun" up 1 "no controllers left on cgroup2" || line "cgroups for crun" down 1 "cgroup2 has: $c (host-prep.sh)"
if [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && [ "$(head -1 /proc/sys/fs/binfmt_misc/qemu-aarch64)" = enabled ]; then
  line "binfmt arm64" up 1 "qemu-aarch64 enabled"
else line "binfmt arm64" down 1 "qemu-aarch64 not registered (host-prep.sh)"; fi

svc() { # svc NAME PIDNAME URL WANT_CODE [curl args]
  local n="$1" pn="$2" u="$3" want="$4" p code; shift 4
  p="$(cb_pid "$pn")" || { line "$n" down 1 "not running (no live PID file $pn)"; return; }
  code="$(cb_http_code "$u" "$@")"
  [ "$code" = "$want" ] && line "$n" up 1 "pid $p, $u -> $code" || line "$n" down 1 "pid $p, $u -> $code (want $want)"
}
svc "registry :$CB_REG_PORT" "registry-$CB_REG_PORT" "http://127.0.0.1:$CB_REG_PORT/v2/" 200
svc "registry :$CB_REG_BASIC_PORT (basic)" "registry-$CB_REG_BASIC_PORT" "http://127.0.0.1:$CB_REG_BASIC_PORT/v2/" 200 -u "$CB_REG_USER:$CB_REG_PASS"
svc "token service :$CB_TOKEN_PORT" token-server "http://127.0.0.1:$CB_TOKEN_PORT/token?service=$CB_TOKEN_SERVICE" 200 -u "$CB_REG_USER:$CB_REG_PASS"
svc "registry :$CB_REG_TOKEN_PORT (token)" "registry-$CB_REG_TOKEN_PORT" "http://127.0.0.1:$CB_REG_TOKEN_PORT/v2/" 401

if p="$(cb_pid dockerd)" && cb_docker_ping; then
  line dockerd up 1 "pid $p, $CB_DOCKER_SOCK, mode $(cat "$CB_TESTENV_STATE/dockerd.mode" 2>/dev/null)"
else line dockerd down 1 "not running or not answering (dockerd-up.sh)"; fi

if [ -f "$CB_OCI_LAYOUT/index.json" ]; then
  line "oci layout" up 1 "$CB_OCI_LAYOUT ($(jq '.manifests | length' "$CB_OCI_LAYOUT/index.json") tags)"
else line "oci layout" down 1 "no $CB_OCI_LAYOUT (make-base-images.sh)"; fi

imgs=("${CB_IMAGES[@]}"); [ "$ARM" = 1 ] && imgs+=("${CB_IMAGES_ARM64[@]}")
miss=() nodock=()
for e in "${imgs[@]}"; do
  r="${e% *}"
  cb_registry_digest "$CB_REG_PORT" "${r%:*}" "${r##*:}" >/dev/null || { miss+=("$r"); continue; }
  cb_docker_has "$r" "${e##* }" || nodock+=("$r")
done
[ ${#miss[@]} = 0 ] && line "images :$CB_REG_PORT" up 1 "${#imgs[@]} tags" || line "images :$CB_REG_PORT" down 1 "missing: ${miss[*]}"
[ ${#nodock[@]} = 0 ] && [ ${#miss[@]} = 0 ] && line "images in dockerd" up 1 "${#imgs[@]} tags, current digests" \
  || line "images in dockerd" down 1 "missing/outdated/other platform: ${nodock[*]:-see above} (up.sh)"
for port in "$CB_REG_BASIC_PORT" "$CB_REG_TOKEN_PORT"; do
  miss=()
  for r in debian:bookworm-slim busybox:latest busybox:amd64; do
    cb_registry_digest "$port" "${r%:*}" "${r##*:}" >/dev/null || miss+=("$r")
  done
  [ ${#miss[@]} = 0 ] && line "images :$port" up 1 "debian:bookworm-slim busybox:latest busybox:amd64" || line "images :$port" down 1 "missing: ${miss[*]}"
done

if [ "$ARM" = 1 ]; then
  plats="$(curl -sf --max-time 5 -H "Accept: $CB_ACCEPT" "http://127.0.0.1:$CB_REG_PORT/v2/dotnet/runtime-deps/manifests/10.0" \
    | jq -r '[.manifests[]?.platform.architecture] | join("+")' 2>/dev/null)"
  [ "$plats" = "amd64+arm64" ] && line "runtime-deps index" up 1 "dotnet/runtime-deps:10.0 = $plats" \
    || line "runtime-deps index" down 1 "dotnet/runtime-deps:10.0 platforms: '${plats}' (want amd64+arm64)"
else
  line "runtime-deps index" down 0 "skipped (up.sh --no-arm64)"
fi

[ -s "$CB_TESTENV_STATE/env" ] && line "env file" up 1 "$CB_TESTENV_STATE/env" || line "env file" down 1 "no $CB_TESTENV_STATE/env (up.sh)"
exit $RC
