#!/usr/bin/env bash
# build.sh - build everything with warnings as errors, pack the three packages into
# artifacts/packages, and build the samples as a user would.
#
# Usage: eng/build.sh [-c Release|Debug]     (default Release)
set -euo pipefail
source "$(dirname "$0")/common.sh"

CONFIGURATION=Release
while [ $# -gt 0 ]; do
  case "$1" in
    -c|--configuration) CONFIGURATION="$2"; shift ;;
    *) cb_die "unknown argument $1 (usage: eng/build.sh [-c Release|Debug])" ;;
  esac
  shift
done

cb_require_dotnet
cb_require_node
cd "$CB_ROOT"

cb_log "dotnet build ContainerBuild.sln -c $CONFIGURATION"
dotnet build ContainerBuild.sln -c "$CONFIGURATION" -nologo -clp:NoSummary

cb_log "dotnet pack ContainerBuild.sln -c $CONFIGURATION -o artifacts/packages"
rm -rf artifacts/packages
dotnet pack ContainerBuild.sln -c "$CONFIGURATION" -o artifacts/packages --no-build -nologo -clp:NoSummary
ls artifacts/packages

for sample in samples/*/*.csproj; do
  cb_log "dotnet build $sample"
  dotnet build "$sample" -c "$CONFIGURATION" -nologo -clp:NoSummary
done
