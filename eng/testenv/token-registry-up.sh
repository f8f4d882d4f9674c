#!/usr/bin/env bash
# token-registry-up.sh - a registry with Bearer *token* auth (the Docker Hub / GHCR / ACR flow):
#
#   127.0.0.1:5003  token service: token-server.py (stdlib python + openssl CLI, RS256 JWTs)
#   127.0.0.1:5002  distribution 2.8.2 with auth.token; anonymous /v2/ -> 401 +
#                   WWW-Authenticate: Bearer realm="http://127.0.0.1:5003/token",
#                   service="containerbuild-registry"[,scope="repository:NAME:pull"]
#
# testuser/testpass (CB_REG_USER/CB_REG_PASS) get every requested action (pull, push, delete);
# anonymous callers get pull only; a wrong password gets 401 from the token service.
# The signing key and self-signed cert (also the registry's rootcertbundle) live in
# $CB_TESTENV_STATE/token/ and are kept across runs.
#
# Usage: token-registry-up.sh      Idempotent.      Stop with: down.sh token
set -euo pipefail
source "$(dirname "$0")/lib.sh"

D="$CB_TESTENV_STATE/token"
mkdir -p "$D" "$CB_TESTENV_STATE/registry/$CB_REG_TOKEN_PORT"
if [ ! -s "$D/cert.pem" ] || [ ! -s "$D/key.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$D/key.pem" -out "$D/cert.pem" -days 3650 \
    -subj "/CN=$CB_TOKEN_ISSUER" 2>/dev/null
fi
PY=/usr/bin/python3; [ -x "$PY" ] || PY="$(command -v python3)"
cb_start token-server "$PY" "$CB_TESTENV_DIR/token-server.py" "$CB_TOKEN_PORT" "$D/key.pem" "$D/cert.pem" "$CB_TOKEN_ISSUER"
cb_wait_for 15 "token server :$CB_TOKEN_PORT" curl -sf --max-time 2 "http://127.0.0.1:$CB_TOKEN_PORT/token?service=x" \
  || { tail -5 "$CB_TESTENV_STATE/logs/token-server.log" >&2; exit 1; }

cat >"$CB_TESTENV_STATE/registry-$CB_REG_TOKEN_PORT.yml" <<YML
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $CB_TESTENV_STATE/registry/$CB_REG_TOKEN_PORT
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$CB_REG_TOKEN_PORT
auth:
  token:
    realm: http://127.0.0.1:$CB_TOKEN_PORT/token
    service: $CB_TOKEN_SERVICE
    issuer: $CB_TOKEN_ISSUER
    rootcertbundle: $D/cert.pem
YML
cb_start "registry-$CB_REG_TOKEN_PORT" /usr/bin/docker-registry serve "$CB_TESTENV_STATE/registry-$CB_REG_TOKEN_PORT.yml"
cb_wait_for 20 "registry :$CB_REG_TOKEN_PORT" bash -c "[ \"\$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' http://127.0.0.1:$CB_REG_TOKEN_PORT/v2/)\" = 401 ]" \
  || { tail -5 "$CB_TESTENV_STATE/logs/registry-$CB_REG_TOKEN_PORT.log" >&2; exit 1; }
tok="$(curl -sf -u "$CB_REG_USER:$CB_REG_PASS" "http://127.0.0.1:$CB_TOKEN_PORT/token?service=$CB_TOKEN_SERVICE" | jq -r .token)"
cb_log "token registry: :$CB_REG_TOKEN_PORT /v2/ anonymous -> $(cb_http_code "http://127.0.0.1:$CB_REG_TOKEN_PORT/v2/"), with bearer -> $(cb_http_code "http://127.0.0.1:$CB_REG_TOKEN_PORT/v2/" -H "Authorization: Bearer $tok")"
