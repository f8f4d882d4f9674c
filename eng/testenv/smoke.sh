#!/usr/bin/env bash
# smoke.sh - end-to-end check of the running test environment (after up.sh). Exit 0 only if all pass.
#
# Checks:
#   - /v2/ of each registry: :5000 -> 200, :5001 and :5002 -> 401 anonymously
#   - basic auth (:5001) and token auth (:5002 via :5003) accept testuser/testpass (curl and
#     skopeo --creds) and reject a wrong password
#   - dotnet/runtime-deps:10.0 on :5000 is an index with linux/amd64 and linux/arm64
#   - docker run --rm 127.0.0.1:5000/dotnet/runtime:10.0 dotnet --list-runtimes
#   - runc and crun each run /bin/true in a busybox rootfs (from the OCI layout)
#   - a self-contained linux-arm64 console app (dotnet new console + dotnet publish -r linux-arm64
#     --self-contained, NuGet needed) runs on the arm64 runtime-deps image under qemu with
#     docker run --platform linux/arm64; then the amd64 image is re-pulled (platform stickiness)
# Usage: smoke.sh       (~1 min; scratch under $CB_TESTENV_STATE/smoke, recreated each run)
set -uo pipefail
source "$(dirname "$0")/lib.sh"

W="$CB_TESTENV_STATE/smoke"; cb_rm_tree "$W"; mkdir -p "$W"
R5000="127.0.0.1:$CB_REG_PORT" R5001="127.0.0.1:$CB_REG_BASIC_PORT" R5002="127.0.0.1:$CB_REG_TOKEN_PORT"
TOKEN_URL="http://127.0.0.1:$CB_TOKEN_PORT/token?service=$CB_TOKEN_SERVICE"
PASS=0 FAIL=0
check() { # check LABEL CMD...: run CMD, output to $W/last.log; PASS/FAIL line with the time
  local label="$1" s rc=0; shift; s="$(cb_now)"
  "$@" >"$W/last.log" 2>&1 || rc=$?
  if [ $rc = 0 ]; then PASS=$((PASS + 1)); printf 'PASS %-62s %6ss\n' "$label" "$(cb_since "$s")"
  else FAIL=$((FAIL + 1)); printf 'FAIL %-62s %6ss (rc %d)\n' "$label" "$(cb_since "$s")" $rc; tail -8 "$W/last.log" | sed 's/^/     | /'; fi
}
code_is() { # code_is WANT URL [curl args]
  local want="$1" got; shift; got="$(cb_http_code "$@")"; echo "HTTP $got"; [ "$got" = "$want" ]
}
rejected() { # rejected CMD...: CMD must fail, and because of the credentials
  local rc=0; "$@" >"$W/rejected.log" 2>&1 || rc=$?
  cat "$W/rejected.log"; [ $rc != 0 ] && grep -qiE 'unauthorized|incorrect username or password|authentication required' "$W/rejected.log"
}
bearer_v2() { # bearer_v2: token for testuser -> GET /v2/ and a manifest on :5002
  local tok; tok="$(curl -sf -u "$CB_REG_USER:$CB_REG_PASS" "$TOKEN_URL&scope=repository:debian:pull" | jq -r .token)"
  [ -n "$tok" ] && [ "$tok" != null ] || return 1
  code_is 200 "http://$R5002/v2/" -H "Authorization: Bearer $tok" && \
  code_is 200 "http://$R5002/v2/debian/manifests/bookworm-slim" -H "Authorization: Bearer $tok" -H "Accept: $CB_ACCEPT"
}
bearer_challenge() { curl -s -D - -o /dev/null "http://$R5002/v2/" | tee /dev/stderr | grep -qi "www-authenticate: Bearer realm=\"http://127.0.0.1:$CB_TOKEN_PORT/token\""; }

# --- registries and auth
check ":5000 /v2/ anonymous -> 200"                      code_is 200 "http://$R5000/v2/"
check ":5001 /v2/ anonymous -> 401"                      code_is 401 "http://$R5001/v2/"
check ":5002 /v2/ anonymous -> 401 Bearer challenge"     bearer_challenge
check ":5003 token service answers"                      code_is 200 "$TOKEN_URL"
check ":5001 basic testuser/testpass -> 200"             code_is 200 "http://$R5001/v2/" -u "$CB_REG_USER:$CB_REG_PASS"
check ":5001 basic wrong password -> 401"                code_is 401 "http://$R5001/v2/" -u "$CB_REG_USER:wrong"
check ":5003 token testuser/testpass, :5002 /v2/ + manifest 200" bearer_v2
check ":5003 token wrong password -> 401"                code_is 401 "$TOKEN_URL&scope=repository:debian:pull" -u "$CB_REG_USER:wrong"
check "skopeo --creds testuser/testpass :5001 busybox"   skopeo inspect --tls-verify=false --creds "$CB_REG_USER:$CB_REG_PASS" "docker://$R5001/busybox:amd64"
check "skopeo --creds wrong password :5001 rejected"     rejected skopeo inspect --tls-verify=false --creds "$CB_REG_USER:wrong" "docker://$R5001/busybox:amd64"
check "skopeo --creds testuser/testpass :5002 busybox"   skopeo inspect --tls-verify=false --creds "$CB_REG_USER:$CB_REG_PASS" "docker://$R5002/busybox:amd64"
check "skopeo --creds wrong password :5002 rejected"     rejected skopeo inspect --tls-verify=false --creds "$CB_REG_USER:wrong" "docker://$R5002/busybox:amd64"

# --- the multi-platform runtime-deps index
index_ok() {
  skopeo inspect --tls-verify=false "docker://$R5000/dotnet/runtime-deps:10.0" --raw >"$W/rd-index.json" || return 1
  jq -c '{mediaType, platforms: [.manifests[]?.platform]}' "$W/rd-index.json"
  jq -e '.mediaType == "application/vnd.oci.image.index.v1+json"
         and ([.manifests[].platform | select(.os == "linux" and .architecture == "amd64")] | length == 1)
         and ([.manifests[].platform | select(.os == "linux" and .architecture == "arm64")] | length == 1)' "$W/rd-index.json" >/dev/null
}
check "runtime-deps:10.0 is an index (amd64 + arm64)"    index_ok

# --- dockerd
runtimes() { "$CB_DOCKER" run --rm "$R5000/dotnet/runtime:10.0" dotnet --list-runtimes | tee /dev/stderr | grep -q '^Microsoft.NETCore.App 10\.'; }
check "docker run runtime:10.0 dotnet --list-runtimes"   runtimes

# --- runc and crun directly, busybox rootfs
oci_true() { # oci_true RUNTIME: unpack busybox into a bundle, `RUNTIME spec`, run /bin/true
  local rt="$1" b="$W/$1"
  mkdir -p "$b"
  umoci raw unpack --image "$CB_OCI_LAYOUT:busybox-amd64" "$b/rootfs" || return 1
  (cd "$b" && "$rt" spec) || return 1
  jq '.process.terminal = false | .process.args = ["/bin/true"] | .root.readonly = false' "$b/config.json" >"$b/c.json" \
    && mv "$b/c.json" "$b/config.json" || return 1
  "$rt" --version | head -1
  "$rt" run --bundle "$b" "cb-smoke-$rt-$$"
}
check "runc run /bin/true (busybox rootfs)"              oci_true runc
check "crun run /bin/true (busybox rootfs)"              oci_true crun

# --- self-contained linux-arm64 app on the arm64 runtime-deps image, under qemu
arm64_app() {
  local a="$W/arm64app" out
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  dotnet new console -n Hello -o "$a" || return 1
  echo 'System.Console.WriteLine($"Hello from {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}");' >"$a/Program.cs"
  dotnet publish "$a" -c Release -r linux-arm64 --self-contained -o "$a/out" || return 1
  "$CB_DOCKER" pull -q --platform linux/arm64 "$R5000/dotnet/runtime-deps:10.0" || return 1
  out="$("$CB_DOCKER" run --rm --platform linux/arm64 -v "$a/out:/app:ro" "$R5000/dotnet/runtime-deps:10.0" /app/Hello)"
  echo "container said: $out"
  [ "$out" = "Hello from Arm64" ]
}
repull_amd64() {
  "$CB_DOCKER" pull -q --platform linux/amd64 "$R5000/dotnet/runtime-deps:10.0" >/dev/null || return 1
  cb_docker_has dotnet/runtime-deps:10.0 amd64
}
check "linux-arm64 self-contained app on runtime-deps (qemu)" arm64_app
check "re-pull amd64 runtime-deps:10.0 (platform stickiness)" repull_amd64

echo "smoke: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
