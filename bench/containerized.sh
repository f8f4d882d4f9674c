#!/usr/bin/env bash
# Containerized .NET project builds: `dotnet-containerbuild build X.csproj` (the project restored, built and published
# inside the SDK image, issue 8) against `DOCKER_BUILDKIT=1 docker build` of the Dockerfile that
# `dotnet-containerbuild dockerfile X.csproj -f FILE` prints for the same project, in the same run, from the same base
# images on the local registry:
#   webapi  samples/WebApi (minimal API: restore with the NuGet cache mount, publish, the .NET layers onto aspnet)
#   webspa  samples/WebSpa (the same plus a node stage: apt-get install nodejs npm, npm ci with the npm cache mount,
#           npm run build, its wwwroot into the publish)
# each in three states, medians of RUNS:
#   cold    build cache and cache mounts empty; the base images present in each tool's store (as dockerd keeps them)
#   warm    built again, nothing changed (a no-op)
#   change  one line changed: the greeting in Program.cs
# Prints wall times (whole process: start-up, the project's evaluation, build, the image into the tool's own store, no
# push or load) and the ratios ours/docker. Goal (issue 8): ours <= 0.5x docker after a change; warm under 1 s.
#   bash bench/containerized.sh [RUNS]   (default 1: a cold WebSpa build installs node with apt)
# Every RUN has the host's network (docker: --network=host, as its bridge has no way out here); both mount the host's
# CA bundle as a secret (the egress proxy's CA), as the printed Dockerfile says.
# The tool: CB_BENCH_TOOL=PATH, else src/ContainerBuild.Cli published Release for linux-x64 the way the project says
# (Native AOT when PublishAot is set, else ReadyToRun), falling back to ReadyToRun when AOT cannot be built here.
# Logs (plain progress of every build) stay in CB_BENCH_LOGS when set, for finding where the time goes.
# Caveat: `docker builder prune -af` before each cold docker build empties dockerd's whole build cache.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
runs="${1:-1}"
registry="${CB_BENCH_REGISTRY:-127.0.0.1:5000}"
docker_cli="${CB_TEST_DOCKER:-/usr/bin/docker}"
art="${ARTIFACTS:-/tmp/cb-art-bench-containerized}"

curl -fsS "http://$registry/v2/" >/dev/null || { echo "registry $registry is not up (bash eng/testenv/up.sh)" >&2; exit 1; }
"$docker_cli" version --format '{{.Server.Version}}' >/dev/null || { echo "dockerd is not reachable through $docker_cli" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root: our RUNs mount overlays and start runc" >&2; exit 1; }

work="$(mktemp -d /var/tmp/cb-bench-containerized.XXXXXX)"
logs="${CB_BENCH_LOGS:-$work/logs}"
mkdir -p "$logs" "$work/times"
tag="cb-bench-containerized-$$"

# --- the tool -------------------------------------------------------------------------------------------------------
if [ -n "${CB_BENCH_TOOL:-}" ]; then
  tool="$CB_BENCH_TOOL"; tool_kind="$tool"
else
  publish() { dotnet publish "$repo/src/ContainerBuild.Cli" -c Release -r linux-x64 --artifacts-path "$art" -o "$art/cli" -v q -nologo "$@" >"$art/publish.log" 2>&1; }
  mkdir -p "$art"; rm -rf "$art/cli"
  if publish -p:PublishReadyToRun=true; then
    tool_kind=$(grep -q '<PublishAot>true</PublishAot>' "$repo/src/ContainerBuild.Cli/ContainerBuild.Cli.csproj" && echo "Native AOT" || echo "ReadyToRun")
  elif rm -rf "$art/cli" && publish -p:PublishAot=false -p:PublishReadyToRun=true; then
    tool_kind="ReadyToRun (the AOT publish failed: $art/publish.log)"
  else
    echo "could not publish src/ContainerBuild.Cli (see $art/publish.log)" >&2; exit 1
  fi
  tool="$art/cli/dotnet-containerbuild"
fi
tool_kind="$("$tool" version | head -1), $tool_kind"

cleanup() {
  set +e
  "$docker_cli" rmi -f "$tag-webapi" "$tag-webspa" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# --- the two projects, as a user's clone has them (tracked files only) ---------------------------------------------
for scenario in webapi webspa; do
  mkdir -p "$work/$scenario/.git"
  cp "$repo/samples/Directory.Build.props" "$repo/samples/Directory.Packages.props" "$work/$scenario/"
done
mkdir -p "$work/webapi/WebApi" "$work/webspa/WebSpa/frontend"
cp "$repo/samples/WebApi/WebApi.csproj" "$repo/samples/WebApi/Program.cs" "$work/webapi/WebApi/"
cp "$repo/samples/WebSpa/WebSpa.csproj" "$repo/samples/WebSpa/Program.cs" "$repo/samples/WebSpa/package.json" "$repo/samples/WebSpa/package-lock.json" "$work/webspa/WebSpa/"
cp "$repo/samples/WebSpa/frontend/app.js" "$repo/samples/WebSpa/frontend/build.mjs" "$repo/samples/WebSpa/frontend/index.md" "$work/webspa/WebSpa/frontend/"
declare -A project=([webapi]="$work/webapi/WebApi/WebApi.csproj" [webspa]="$work/webspa/WebSpa/WebSpa.csproj")
declare -A bases=([webapi]="dotnet/sdk:10.0 dotnet/aspnet:10.0" [webspa]="dotnet/sdk:10.0 dotnet/aspnet:10.0 debian:bookworm-slim")

# The Dockerfile docker builds: what `dockerfile -f` writes (the syntax line dropped: docker 20.10 offline cannot fetch
# that frontend), built with the command it prints (its secret flags and context).
declare -A docker_args=()
for scenario in webapi webspa; do
  file="$work/$scenario.Dockerfile"
  said=$(CONTAINERBUILD_ROOT="$work/plan-store" "$tool" dockerfile "${project[$scenario]}" --base-registry "$registry" -f "$file" 2>&1) \
    || { echo "dockerfile $scenario failed: $said" >&2; exit 1; }
  sed -i '/^# syntax=/d' "$file"
  docker_args[$scenario]=$(printf '%s\n' "$said" | sed -n 's/.*build with: DOCKER_BUILDKIT=1 docker build //p')
  [ -n "${docker_args[$scenario]}" ] || { echo "dockerfile $scenario printed no build command: $said" >&2; exit 1; }
done
rm -rf "$work/plan-store"

# change SCENARIO N: the one-line change, different on every call
change() {
  case "$1" in
    webapi) sed -i -E "s/\"Hello from ContainerBuild[^\"]*\"/\"Hello from ContainerBuild (change $2)\"/" "$work/webapi/WebApi/Program.cs" ;;
    webspa) sed -i -E "s/\"Hello from the WebSpa API[^\"]*\"/\"Hello from the WebSpa API (change $2)\"/" "$work/webspa/WebSpa/Program.cs" ;;
  esac
}
grep -q '"Hello from ContainerBuild' "$work/webapi/WebApi/Program.cs" && grep -q '"Hello from the WebSpa API' "$work/webspa/WebSpa/Program.cs" \
  || { echo "the samples' greetings moved: fix change() in $0" >&2; exit 1; }

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f\n", b - a }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else print a[int((NR + 1) / 2)] }'; }
ratio() { if [ "$1" = "-" ] || [ "$2" = "-" ]; then echo "-"; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi; }

# build TOOL SCENARIO: one build, its wall time appended to $work/times/TOOL-SCENARIO-$state
build() {
  local who="$1" scenario="$2" start log="$logs/$1-$2-$state-$(date +%s%N).log"
  start=$(now)
  case "$who" in
    ours) CONTAINERBUILD_ROOT="$work/store" "$tool" build --progress plain --base-registry "$registry" -t "$tag-$scenario" "${project[$scenario]}" ;;
    # shellcheck disable=SC2086 # the printed flags and paths have no spaces
    docker) DOCKER_BUILDKIT=1 "$docker_cli" build --progress plain -t "$tag-$scenario" ${docker_args[$scenario]} ;;
  esac >"$log" 2>&1 || { echo "$who: the $scenario build failed:" >&2; tail -30 "$log" >&2; exit 1; }
  since "$start" >> "$work/times/$who-$scenario-$state"
}

# cold_state TOOL SCENARIO: empty build cache and cache mounts, base images in the tool's store
cold_state() {
  local who="$1" scenario="$2" base
  case "$who" in
    ours)
      rm -rf "$work/store"
      # Only what a build of the bases alone leaves: their layers pulled and unpacked, no step of the measured graph.
      for base in ${bases[$scenario]}; do
        printf 'FROM %s/%s\nRUN true\n' "$registry" "$base" | CONTAINERBUILD_ROOT="$work/store" "$tool" build -q --progress quiet - >/dev/null 2>&1
      done ;;
    docker)
      "$docker_cli" rmi -f "$tag-$scenario" >/dev/null 2>&1 || true
      "$docker_cli" builder prune -af >/dev/null
      for base in ${bases[$scenario]}; do "$docker_cli" pull -q "$registry/$base" >/dev/null; done ;;
  esac
}

changes=0
for scenario in webapi webspa; do
  for i in $(seq "$runs"); do
    for who in ours docker; do
      state=cold; cold_state "$who" "$scenario"; build "$who" "$scenario"
      state=warm; build "$who" "$scenario"
    done
    changes=$((changes + 1)); change "$scenario" "$changes"
    state=change
    for who in ours docker; do build "$who" "$scenario"; done
  done
done

echo
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end; ours: $tool_kind; docker $("$docker_cli" version --format '{{.Server.Version}}')"
printf '%-14s %8s %8s %8s\n' "case" "ours" "docker" "/docker"
for scenario in webapi webspa; do
  for state in cold warm change; do
    o=$(median < "$work/times/ours-$scenario-$state"); d=$(median < "$work/times/docker-$scenario-$state")
    printf '%-14s %8s %8s %8s\n' "$scenario $state" "$o" "$d" "$(ratio "$o" "$d")"
  done
done
echo "(seconds, wall time of the whole command, median of $runs; ratio < 1: ours is faster. cold: build cache and cache"
echo " mounts empty, base images in each tool's store; change: one line of Program.cs changed."
echo " Goal: ours <= 0.5x docker after a change, ours warm < 1 s.)"
[ -z "${CB_BENCH_LOGS:-}" ] || echo "logs: $logs"
