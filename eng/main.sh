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
fi

echo
echo "ContainerBuild $VERSION is built, packed (artifacts/packages) and installed (artifacts/tool)."
echo "Use it:  $CB --help"
