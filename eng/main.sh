#!/usr/bin/env bash
# main.sh - the quick start's first command: set up what is missing, build and pack ContainerBuild,
# install the `dotnet containerbuild` tool from the packages just built, and use it against the
# local registry of the test environment.
#
# Usage: eng/main.sh [--no-testenv]
set -euo pipefail
source "$(dirname "$0")/common.sh"

TESTENV=1
[ "${1:-}" = "--no-testenv" ] && TESTENV=0

if [ "$TESTENV" = 1 ]; then
  [ "$(id -u)" = 0 ] || cb_die "setting up the local registry and dockerd needs root; run as root or pass --no-testenv"
  cb_log "local registry, dockerd and base images (eng/testenv/up.sh)"
  bash "$CB_ROOT/eng/testenv/up.sh"
fi

bash "$CB_ROOT/eng/build.sh"

cb_log "install the tool from artifacts/packages into artifacts/tool"
VERSION="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$CB_ROOT/Directory.Build.props")"
TOOL_DIR="$CB_ROOT/artifacts/tool"
rm -rf "$TOOL_DIR"
dotnet tool install ContainerBuild.Cli --version "$VERSION" --tool-path "$TOOL_DIR" \
  --add-source "$CB_ROOT/artifacts/packages" >/dev/null
CB="$TOOL_DIR/dotnet-containerbuild"

cb_log "dotnet containerbuild version"
"$CB" version

if [ "$TESTENV" = 1 ]; then
  cb_log "dotnet containerbuild imagetools inspect 127.0.0.1:5000/dotnet/runtime-deps:10.0"
  "$CB" imagetools inspect 127.0.0.1:5000/dotnet/runtime-deps:10.0

  cb_log "dotnet containerbuild imagetools create: a two-platform busybox index from its single-platform manifests"
  ARM64_DIGEST="$("$CB" imagetools inspect 127.0.0.1:5000/busybox:latest --format json \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print([m["digest"] for m in d["manifest"]["manifests"] if m["platform"]["architecture"]=="arm64"][0])')"
  "$CB" imagetools create -t 127.0.0.1:5000/quickstart/busybox:multi \
    127.0.0.1:5000/busybox:amd64 "127.0.0.1:5000/busybox@$ARM64_DIGEST"
  "$CB" imagetools inspect 127.0.0.1:5000/quickstart/busybox:multi

  cb_log "dotnet add package ContainerBuild.Sdk + dotnet publish -p:PublishContainer=true: samples/WebApi into 127.0.0.1:5000"
  DEMO="$(mktemp -d)"
  cp -r "$CB_ROOT/samples/WebApi" "$CB_ROOT/samples/Directory.Build.props" "$CB_ROOT/samples/Directory.Packages.props" "$DEMO/"
  rm -rf "$DEMO/WebApi/bin" "$DEMO/WebApi/obj"
  (cd "$DEMO/WebApi" \
    && dotnet add package ContainerBuild.Sdk --version "$VERSION" --source "$CB_ROOT/artifacts/packages" >/dev/null \
    && dotnet publish -p:PublishContainer=true -p:ContainerRegistry=127.0.0.1:5000 \
         -p:ContainerDefaultBaseRegistry=127.0.0.1:5000 -p:ContainerImageTag=quickstart \
         -p:RestoreAdditionalProjectSources="$CB_ROOT/artifacts/packages" -nologo)

  cb_log "docker run 127.0.0.1:5000/samples/webapi:quickstart, and ask it over HTTP"
  NAME="containerbuild-quickstart-$$"
  docker rm -f "$NAME" >/dev/null 2>&1 || true
  docker run -d --rm --pull always --name "$NAME" -p 127.0.0.1::8080 127.0.0.1:5000/samples/webapi:quickstart >/dev/null
  PORT="$(docker port "$NAME" 8080/tcp | head -1 | sed 's/.*://')"
  ANSWER=""
  for _ in $(seq 1 50); do
    ANSWER="$(curl -fsS "http://127.0.0.1:$PORT/" 2>/dev/null)" && break
    sleep 0.2
  done
  docker rm -f "$NAME" >/dev/null 2>&1 || true
  rm -rf "$DEMO"
  [ -n "$ANSWER" ] || cb_die "the container did not answer on port $PORT"
  echo "GET http://127.0.0.1:$PORT/ -> $ANSWER"
fi

echo
echo "ContainerBuild $VERSION is built, packed (artifacts/packages) and installed (artifacts/tool)."
echo "Use it:  $CB --help"
