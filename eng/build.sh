#!/usr/bin/env bash
# build.sh - build everything with warnings as errors, pack the packages into artifacts/packages
# (the SDK, the templates, and the tool with its per-RID packages: Native AOT for linux-x64,
# framework-dependent for the rest), and build the samples as a user would.
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

# Native AOT links with the platform's C toolchain (clang or gcc, and objcopy to strip symbols); Debian packages them.
cb_require_native_toolchain() {
  if ! { command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; } || ! command -v objcopy >/dev/null 2>&1; then
    cb_log "installing clang and binutils for Native AOT (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends clang binutils zlib1g-dev >/dev/null \
      || cb_die "could not install clang/binutils with apt-get (Native AOT needs a C toolchain)"
  fi
}

cb_require_dotnet
cb_require_node
cd "$CB_ROOT"

cb_log "dotnet build ContainerBuild.sln -c $CONFIGURATION"
dotnet build ContainerBuild.sln -c "$CONFIGURATION" -nologo -clp:NoSummary

cb_log "dotnet pack ContainerBuild.sln -c $CONFIGURATION -o artifacts/packages"
rm -rf artifacts/packages
dotnet pack ContainerBuild.sln -c "$CONFIGURATION" -o artifacts/packages --no-build -nologo -clp:NoSummary

# The tool: the pack above wrote ContainerBuild.Cli, which only points at one package per RID (ToolPackageRuntimeIdentifiers
# in src/ContainerBuild.Cli/ContainerBuild.Cli.csproj); `dotnet tool install` picks the machine's. The SDK packs those one
# RID at a time: 'any' (framework-dependent, for every other platform) anywhere, linux-x64 (Native AOT) on a linux-x64 host.
cb_log "dotnet pack src/ContainerBuild.Cli -r any: the framework-dependent tool"
dotnet pack src/ContainerBuild.Cli -c "$CONFIGURATION" -r any -o artifacts/packages -nologo -clp:NoSummary
HOST_RID="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)"
if [ "$HOST_RID" = linux-x64 ]; then
  cb_require_native_toolchain
  cb_log "dotnet pack src/ContainerBuild.Cli -r linux-x64: the Native AOT tool"
  dotnet pack src/ContainerBuild.Cli -c "$CONFIGURATION" -r linux-x64 -o artifacts/packages -nologo -clp:NoSummary
else
  echo "warning: ContainerBuild.Cli.linux-x64 (Native AOT) is built on linux-x64 only, not on $HOST_RID: a linux-x64 machine cannot install the tool from these packages" >&2
fi
ls artifacts/packages

for sample in samples/*/*.csproj; do
  cb_log "dotnet build $sample"
  dotnet build "$sample" -c "$CONFIGURATION" -nologo -clp:NoSummary
done
