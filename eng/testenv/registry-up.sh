#!/usr/bin/env bash
# registry-up.sh - start the local OCI registries (Debian's docker-registry = distribution 2.8.2):
#
#   127.0.0.1:5000  anonymous, delete enabled              storage: $CB_TESTENV_STATE/registry/5000
#   127.0.0.1:5001  HTTP basic auth (htpasswd, bcrypt), user testuser / password testpass
#                   (CB_REG_USER / CB_REG_PASS), delete enabled; anonymous /v2/ -> 401
#
# Usage: registry-up.sh        Idempotent: instances already running (by PID file) are kept.
# Needs: docker-registry apache2-utils curl (install.sh).   Stop with: down.sh registry
# Known gap of distribution 2.8: no OCI 1.1 referrers API (GET /v2/<name>/referrers/<digest> -> 404).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# write_config PORT [AUTH_YAML]
write_config() {
  local port="$1" auth="${2:-}" dir="$CB_TESTENV_STATE/registry/$1"
  mkdir -p "$dir"
  cat >"$CB_TESTENV_STATE/registry-$port.yml" <<YML
version: 0.1
log:
  level: info
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $dir
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$port
  headers:
    X-Content-Type-Options: [nosniff]
$auth
YML
}

# start_registry PORT EXPECTED_ANON_CODE
start_registry() {
  local port="$1" want="$2"
  cb_start "registry-$port" /usr/bin/docker-registry serve "$CB_TESTENV_STATE/registry-$port.yml"
  cb_wait_for 20 "registry on :$port" bash -c "[ \"\$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' http://127.0.0.1:$port/v2/)\" = $want ]" \
    || { tail -5 "$CB_TESTENV_STATE/logs/registry-$port.log" >&2; return 1; }
}

write_config "$CB_REG_PORT"
start_registry "$CB_REG_PORT" 200

HT="$CB_TESTENV_STATE/registry-$CB_REG_BASIC_PORT.htpasswd"
# bcrypt is the only hash distribution's htpasswd accepts; keep the file unless the creds changed
htpasswd -vb "$HT" "$CB_REG_USER" "$CB_REG_PASS" >/dev/null 2>&1 || htpasswd -Bbn "$CB_REG_USER" "$CB_REG_PASS" >"$HT"
write_config "$CB_REG_BASIC_PORT" "auth:
  htpasswd:
    realm: containerbuild
    path: $HT"
start_registry "$CB_REG_BASIC_PORT" 401
cb_log "registries: :$CB_REG_PORT /v2/ -> $(cb_http_code "http://127.0.0.1:$CB_REG_PORT/v2/"); :$CB_REG_BASIC_PORT /v2/ anonymous -> $(cb_http_code "http://127.0.0.1:$CB_REG_BASIC_PORT/v2/"), with creds -> $(cb_http_code "http://127.0.0.1:$CB_REG_BASIC_PORT/v2/" -u "$CB_REG_USER:$CB_REG_PASS")"
