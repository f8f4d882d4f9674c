# shellcheck shell=bash
# lib.sh - shared helpers for the ContainerBuild test environment scripts (source it, don't run it).
#
# Everything lives under $CB_TESTENV_STATE (default /var/tmp/containerbuild-testenv):
#   pids/<name>.pid   "PID STARTTIME" of each background service these scripts started
#   logs/<name>.log   its stdout+stderr (and the logs of every other step)
#   env               `export K=V` lines for the test suite (written by up.sh)
#   ...               data: registry storage, docker data-root, debootstrap rootfs, OCI layout
# Services are only ever stopped by the PIDs recorded here (never by process name). A PID file
# whose process is gone, or whose PID now belongs to another process (different start time), is
# stale and is removed, so a SIGKILLed session restarts cleanly.

CB_TESTENV_STATE="${CB_TESTENV_STATE:-/var/tmp/containerbuild-testenv}"
export CB_TESTENV_STATE
CB_TESTENV_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CB_TESTENV_DIR
mkdir -p "$CB_TESTENV_STATE/pids" "$CB_TESTENV_STATE/logs"

# fixed endpoints and credentials (the test suite reads them from $CB_TESTENV_STATE/env)
CB_REG_PORT=5000 CB_REG_BASIC_PORT=5001 CB_REG_TOKEN_PORT=5002 CB_TOKEN_PORT=5003
export CB_REG_USER="${CB_REG_USER:-testuser}" CB_REG_PASS="${CB_REG_PASS:-testpass}"
CB_TOKEN_SERVICE=containerbuild-registry
CB_TOKEN_ISSUER=containerbuild-token-issuer
CB_OCI_LAYOUT="$CB_TESTENV_STATE/oci"
CB_DOCKER=/usr/bin/docker            # Debian's 20.10 client: has BuildKit (the 28.x one on PATH has no buildx)
CB_DOCKER_SOCK=/var/run/docker.sock

cb_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cb_die() { cb_log "ERROR: $*"; exit 1; }

# cb_now -> seconds since the epoch with microseconds; cb_since T0 -> elapsed seconds, 1 decimal
cb_now() { echo "${EPOCHREALTIME/,/.}"; }
cb_since() { awk -v a="$1" -v b="$(cb_now)" 'BEGIN { printf "%.1f", b - a }'; }

# cb_starttime PID -> process start time (clock ticks since boot), field 22 of /proc/PID/stat
cb_starttime() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'; }

# cb_pid NAME -> prints the recorded PID if that very process is still alive (rc 0); otherwise
# removes the stale PID file and returns 1
cb_pid() {
  local f="$CB_TESTENV_STATE/pids/$1.pid" p st
  [ -s "$f" ] || { rm -f "$f"; return 1; }
  read -r p st <"$f" || true
  if [ -n "$p" ] && [ -n "$st" ] && [ "$(cb_starttime "$p")" = "$st" ]; then echo "$p"; return 0; fi
  rm -f "$f"; return 1
}

# cb_start NAME CMD... -> start CMD detached (own session), record "PID STARTTIME", log to
# logs/NAME.log. No-op if NAME is already running.
cb_start() {
  local name="$1" p pid st i; shift
  if p="$(cb_pid "$name")"; then cb_log "$name already running (pid $p)"; return 0; fi
  printf '\n===== %s start: %s\n' "$(date '+%F %T')" "$*" >>"$CB_TESTENV_STATE/logs/$name.log"
  setsid "$@" </dev/null >>"$CB_TESTENV_STATE/logs/$name.log" 2>&1 &
  pid=$!
  for ((i = 0; i < 50; i++)); do st="$(cb_starttime "$pid")"; [ -n "$st" ] && break; sleep 0.01; done
  [ -n "$st" ] || { cb_log "$name exited immediately; see $CB_TESTENV_STATE/logs/$name.log"; return 1; }
  echo "$pid $st" >"$CB_TESTENV_STATE/pids/$name.pid"
  cb_log "started $name (pid $pid), log: $CB_TESTENV_STATE/logs/$name.log"
}

# cb_stop NAME [TIMEOUT_S] -> SIGTERM the recorded PID, wait, then SIGKILL. Only that PID.
cb_stop() {
  local name="$1" t="${2:-20}" p i
  p="$(cb_pid "$name")" || { cb_log "$name not running"; return 0; }
  kill -TERM "$p" 2>/dev/null
  for ((i = 0; i < t * 10; i++)); do [ "$(cb_starttime "$p")" ] || break; sleep 0.1; done
  if [ "$(cb_starttime "$p")" ]; then
    cb_log "$name (pid $p) did not stop in ${t}s, SIGKILL"; kill -KILL "$p" 2>/dev/null; sleep 0.5
  fi
  rm -f "$CB_TESTENV_STATE/pids/$name.pid"
  cb_log "stopped $name (pid $p)"
}

# cb_wait_for TIMEOUT_S DESCRIPTION CMD... -> poll CMD every 0.1 s until it succeeds
cb_wait_for() {
  local t="$1" what="$2" i; shift 2
  for ((i = 0; i < t * 10; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  cb_log "timed out after ${t}s waiting for: $what"; return 1
}

# cb_http_code URL [CURL ARGS...] -> the HTTP status code (000 if nothing answers)
cb_http_code() { local u="$1"; shift; curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$@" "$u" || true; }

# cb_docker_ping -> rc 0 if a docker daemon answers on the socket
cb_docker_ping() { curl -sf --max-time 2 --unix-socket "$CB_DOCKER_SOCK" http://l/_ping >/dev/null 2>&1; }

# cb_registry_digest PORT REPO TAG -> the manifest/index digest the registry serves for REPO:TAG
# (empty + rc 1 if missing). Handles the anonymous, basic-auth and token-auth registries.
CB_ACCEPT='application/vnd.oci.image.index.v1+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.docker.distribution.manifest.v2+json'
cb_registry_digest() {
  local port="$1" repo="$2" tag="$3" auth=() tok d
  case "$port" in
    "$CB_REG_BASIC_PORT") auth=(-u "$CB_REG_USER:$CB_REG_PASS") ;;
    "$CB_REG_TOKEN_PORT")
      tok="$(curl -sf --max-time 5 -u "$CB_REG_USER:$CB_REG_PASS" \
        "http://127.0.0.1:$CB_TOKEN_PORT/token?service=$CB_TOKEN_SERVICE&scope=repository:$repo:pull" | jq -r .token)" || return 1
      auth=(-H "Authorization: Bearer $tok") ;;
  esac
  d="$(curl -sf --max-time 5 -I -H "Accept: $CB_ACCEPT" "${auth[@]}" \
        "http://127.0.0.1:$port/v2/$repo/manifests/$tag" | tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest" {print $2}')"
  [ -n "$d" ] && echo "$d"
}

# images on 127.0.0.1:5000 after up.sh ("REPO:TAG PLATFORM"); they are also pulled into dockerd.
# CB_IMAGES_ARM64 exist unless up.sh --no-arm64 (then runtime-deps:10.0 is amd64 only).
CB_IMAGES=(
  "debian:bookworm-slim amd64" "debian:bookworm-slim-v2s2 amd64"
  "dotnet/runtime-deps:10.0 amd64" "dotnet/runtime:10.0 amd64" "dotnet/aspnet:10.0 amd64"
  "dotnet/sdk:10.0 amd64" "busybox:latest amd64" "busybox:amd64 amd64"
)
CB_IMAGES_ARM64=(
  "dotnet/runtime-deps:10.0-arm64 arm64" "debian:bookworm-slim-arm64 arm64"
  "dotnet/runtime-deps:10.0-amd64 amd64" "debian:bookworm-slim-multiarch amd64"
)

# cb_want_arm64 -> rc 0 unless the last up.sh ran with --no-arm64
cb_want_arm64() { ! grep -qx 'CB_WANT_ARM64=0' "$CB_TESTENV_STATE/up.conf" 2>/dev/null; }

# cb_docker_has REPO:TAG ARCH -> rc 0 if dockerd has 127.0.0.1:5000/REPO:TAG for ARCH, pulled from
# the digest the registry serves now
cb_docker_has() {
  local ref="$1" arch="$2" d cur
  d="$(cb_registry_digest "$CB_REG_PORT" "${ref%:*}" "${ref##*:}")" || return 1
  cur="$("$CB_DOCKER" image inspect --format '{{.Architecture}} {{range .RepoDigests}}{{.}} {{end}}' "127.0.0.1:$CB_REG_PORT/$ref" 2>/dev/null)" || return 1
  [ "${cur%% *}" = "$arch" ] && [[ " $cur " == *" 127.0.0.1:$CB_REG_PORT/${ref%:*}@$d "* ]]
}

# cb_rm_tree DIR... -> unmount whatever is still mounted below DIR (e.g. proc/sys of a debootstrap
# that was killed half-way), deepest first, then delete DIR without crossing into other file systems
cb_rm_tree() {
  local d m
  for d in "$@"; do
    [ -e "$d" ] || continue
    d="$(realpath -m "$d")"
    awk -v a="$d" '$2 == a || index($2, a "/") == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || cb_log "WARN: could not unmount $m"
    done
    rm -rf --one-file-system "$d"
  done
}
