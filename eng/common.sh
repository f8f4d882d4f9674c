# shellcheck shell=bash
# common.sh - what eng/*.sh share: the repository root, logging, and the .NET/Node prerequisites.
# Source it, don't run it.

CB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CB_ROOT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Build servers outlive the command and hold files open; CI and the quick start want none left behind.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

cb_log() { printf '\n==> %s\n' "$*" >&2; }
cb_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The .NET SDK that global.json asks for (10.0.401 or a newer 10.0 feature band). Debian has no
# package for it, so a missing SDK is an error that says where to get it.
cb_require_dotnet() {
  command -v dotnet >/dev/null 2>&1 || cb_die "the .NET SDK 10.0 is not installed: install the .NET 10 SDK (10.0.401 or later 10.0.x) and put 'dotnet' on PATH"
  (cd "$CB_ROOT" && dotnet --version >/dev/null 2>&1) \
    || cb_die "no .NET SDK matching global.json ($(tr -d '\n ' <"$CB_ROOT/global.json")): installed are $(dotnet --list-sdks | awk '{print $1}' | paste -sd' ')"
}

# Node.js and npm build the WebSpa sample's front end; Debian packages them.
cb_require_node() {
  if ! command -v npm >/dev/null 2>&1; then
    cb_log "installing nodejs and npm (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null \
      || cb_die "could not install nodejs/npm with apt-get"
  fi
}
