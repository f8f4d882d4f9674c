#!/usr/bin/env bash
# dotnet publish of samples/WebApi into the local registry: ours (ContainerBuild.Sdk, -p:PublishContainer=true) against
# the SDK's built-in container support (-t:PublishContainer) on the same base, in the same run, three times each:
#   cold    first publish of a fresh copy (no bin/obj, new repository in the registry; ours: empty content store)
#   no-op   the same publish again, nothing changed
#   change  after a one-line change in Program.cs
# Prints the wall time of the whole dotnet publish, the container step's time (the task's own time from MSBuild's
# PerformanceSummary: CreateContainerImage for ours, CreateNewImage for the built-in) and the bytes clients sent to
# the registry (counted by bench/count-proxy.py in front of it), with ours/built-in ratios.
#   bash bench/publish.sh [REGISTRY (default 127.0.0.1:5000)]
# PACKAGE=ID:VERSION adds that NuGet package to both copies (samples/WebApi has none, so its app layer is all there is
# to upload for either builder; a package shows what the split layers save). KEEP_LOGS=DIR copies the six publish logs there; KEEP_WORK=1 keeps the work folder (copies, store, feed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
registry="${1:-127.0.0.1:5000}"
art="${ARTIFACTS:-/tmp/cb-art-pubbench}"

work="$(mktemp -d /tmp/cb-pubbench.XXXXXX)"
proxy_pid=""
cleanup() { [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null; [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

# The SDK package, packed from this checkout into a feed of the run's own.
feed="$work/feed"
dotnet pack "$repo/sdk/ContainerBuild.Sdk" -c Release -o "$feed" --artifacts-path "$art" -v q -nologo >/dev/null
version="$(ls "$feed" | sed -n 's/^ContainerBuild\.Sdk\.\(.*\)\.nupkg$/\1/p' | head -1)"

# The proxy on a free port; both publishes pull the base and push through it, so the base's blobs are in the same
# registry (by the proxy's name) and both can mount them instead of uploading.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
counter="$work/uploaded"
python3 "$here/count-proxy.py" "$port" "$registry" "$counter" &
proxy_pid=$!
for _ in $(seq 50); do [ -s "$counter" ] && break; sleep 0.1; done
proxied="127.0.0.1:$port"
base="$proxied/dotnet/aspnet:10.0"
run_id="$(date +%s)"

copy_sample() { # DEST
  mkdir -p "$1"
  cp "$repo/samples/Directory.Build.props" "$repo/samples/Directory.Packages.props" "$1/"
  cp -r "$repo/samples/WebApi" "$1/WebApi"
  rm -rf "$1/WebApi/bin" "$1/WebApi/obj"
}
copy_sample "$work/ours"
copy_sample "$work/builtin"
cat > "$work/ours/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="containerbuild-bench" value="$feed" />
  </packageSources>
</configuration>
XML
sed -i "s#</Project>#  <ItemGroup>\n    <PackageReference Include=\"ContainerBuild.Sdk\" Version=\"$version\" PrivateAssets=\"all\" />\n  </ItemGroup>\n</Project>#" \
  "$work/ours/WebApi/WebApi.csproj"

if [ -n "${PACKAGE:-}" ]; then
  for d in ours builtin; do
    sed -i "s#</Project>#  <ItemGroup>\n    <PackageReference Include=\"${PACKAGE%%:*}\" Version=\"${PACKAGE#*:}\" />\n  </ItemGroup>\n</Project>#" "$work/$d/WebApi/WebApi.csproj"
  done
fi

# One packages folder for both (the machine's packages stay warm); a stale ContainerBuild.Sdk of the same version is removed.
export NUGET_PACKAGES="${NUGET_PACKAGES:-/tmp/cb-pubbench-nuget}"
rm -rf "$NUGET_PACKAGES"/containerbuild.*
export CONTAINERBUILD_ROOT="$work/store"
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$proxied"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
export SOURCE_DATE_EPOCH="$run_id"
unset BUILDKIT_PROGRESS

common=(-c Release -nologo -clp:PerformanceSummary -p:ContainerRegistry="$proxied" -p:ContainerBaseImage="$base" -p:ContainerImageTag=bench)

# publish NAME DIR ARGS...: prints "wall_seconds task_seconds uploaded_bytes"; the log goes to $work/NAME.log.
publish() {
  local name="$1" dir="$2"; shift 2
  : > "$counter"; sleep 0.3
  local start end
  start=$(date +%s.%N)
  if ! dotnet publish "$dir/WebApi/WebApi.csproj" "${common[@]}" "$@" > "$work/$name.log" 2>&1; then
    echo "$name failed:" >&2; tail -40 "$work/$name.log" >&2; exit 1
  fi
  end=$(date +%s.%N)
  sleep 0.3
  local task
  task=$(awk '/Task Performance Summary/ { on = 1 } on && /(CreateContainerImage|CreateNewImage)( |$)/ { print $1 / 1000; exit }' "$work/$name.log")
  echo "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') ${task:-0} $(cat "$counter")"
}

ours=(-p:PublishContainer=true -p:ContainerRepository="bench/webapi-ours-$run_id")
builtin=(-t:PublishContainer -p:ContainerRepository="bench/webapi-builtin-$run_id")

declare -A wall task up
for phase in cold no-op change; do
  if [ "$phase" = change ]; then
    for d in ours builtin; do
      sed -i "s/Hello from ContainerBuild/Hello from ContainerBuild, changed $run_id/" "$work/$d/WebApi/Program.cs"
    done
  fi
  read -r wall[ours-$phase] task[ours-$phase] up[ours-$phase] < <(publish "ours-$phase" "$work/ours" "${ours[@]}")
  read -r wall[builtin-$phase] task[builtin-$phase] up[builtin-$phase] < <(publish "builtin-$phase" "$work/builtin" "${builtin[@]}")
done

echo "samples/WebApi${PACKAGE:+ + $PACKAGE} on $base -> $proxied ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)); ContainerBuild.Sdk $version, $(dotnet --version) SDK"
printf '%-8s | %28s | %28s | %36s\n' "" "publish wall (s)" "container step (s)" "uploaded (bytes)"
printf '%-8s | %8s %8s %10s | %8s %8s %10s | %12s %12s %10s\n' phase ours built-in ours/b-in ours built-in ours/b-in ours built-in ours/b-in
for phase in cold no-op change; do
  awk -v p="$phase" -v wo="${wall[ours-$phase]}" -v wb="${wall[builtin-$phase]}" -v to="${task[ours-$phase]}" -v tb="${task[builtin-$phase]}" \
      -v uo="${up[ours-$phase]}" -v ub="${up[builtin-$phase]}" 'function r(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
    BEGIN { printf "%-8s | %8.2f %8.2f %10s | %8.3f %8.3f %10s | %12d %12d %10s\n", p, wo, wb, r(wo, wb), to, tb, r(to, tb), uo, ub, r(uo, ub) }'
done
awk -v w="${wall[ours-no-op]}" -v wb="${wall[builtin-no-op]}" -v t="${task[ours-no-op]}" -v wc="${wall[ours-change]}" -v wcb="${wall[builtin-change]}" \
    -v uc="${up[ours-change]}" -v ucb="${up[builtin-change]}" 'function ok(c) { return c ? "met" : "MISSED" }
  BEGIN {
    printf "goal no-op: wall <= built-in and container step < 0.2 s: %s\n", ok(w <= wb && t < 0.2)
    printf "goal change: wall <= built-in and uploaded <= 1/4 of built-in: %s\n", ok(wc <= wcb && uc * 4 <= ucb) }'
[ -n "${KEEP_LOGS:-}" ] && cp "$work"/*.log "$KEEP_LOGS"/ || true
