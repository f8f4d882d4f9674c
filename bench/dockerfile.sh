#!/usr/bin/env bash
# Dockerfile builds by `dotnet containerbuild build` against `DOCKER_BUILDKIT=1 docker build` (dockerd's BuildKit),
# `buildah bud` and `podman build`, in the same run, from the same base images on the local registry:
#   webapi  samples/WebApi/Dockerfile, context samples/: restore with a NuGet cache mount, publish, copy onto aspnet
#           (framework-only project: restore downloads nothing, so it works offline inside the container)
#   apt     debian:bookworm-slim: apt-get install curl with locked cache mounts on /var/cache/apt and /var/lib/apt
#           (the Debian mirror, through the host's network), then COPY of a config file
# each in three states, medians of RUNS:
#   cold    build cache and cache mounts empty; the base images present in each tool's store (as dockerd keeps them)
#   warm    built again, nothing changed
#   change  one line changed: the greeting in Program.cs (webapi), a line of the copied config file (apt)
# plus "cold*": ours from an empty store (it also pulls and unpacks the bases, which the peers had already).
# Prints wall times (whole process: start-up, build, and the image into the tool's own store, no push or load) and the
# ratios ours/peer. Goal (issue 7): ours faster than every peer in all three states; warm under 0.5 s.
#   bash bench/dockerfile.sh [RUNS]   (default 3)
# Every RUN has the host's network, as ours by default: --network=host for the peers (docker's bridge has no way out
# here; buildah and podman would otherwise set up CNI bridges and iptables chains on the host).
# buildah and podman each get their own storage root, run root and TMPDIR (where their cache mounts live) under the
# work folder, so neither reuses the other's layers and nothing of anyone else's is touched. A peer that is missing or
# cannot build here is installed with eng/testenv/up.sh --with-peers, else left out with the reason printed.
# The tool: CB_BENCH_TOOL=PATH, else src/ContainerBuild.Cli published Release for linux-x64 the way the project says
# (Native AOT when PublishAot is set, else ReadyToRun), falling back to ReadyToRun when AOT cannot be built here.
# Caveat: `docker builder prune -af` before each cold docker build empties dockerd's whole build cache.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
runs="${1:-3}"
registry="${CB_BENCH_REGISTRY:-127.0.0.1:5000}"
docker_cli="${CB_TEST_DOCKER:-/usr/bin/docker}"
art="${ARTIFACTS:-/tmp/cb-art-bench-dockerfile}"

curl -fsS "http://$registry/v2/" >/dev/null || { echo "registry $registry is not up (bash eng/testenv/up.sh)" >&2; exit 1; }
"$docker_cli" version --format '{{.Server.Version}}' >/dev/null || { echo "dockerd is not reachable through $docker_cli" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root: our RUNs mount overlays and start runc" >&2; exit 1; }

work="$(mktemp -d /var/tmp/cb-bench-dockerfile.XXXXXX)"
tag="cb-bench-dockerfile-$$"

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

# --- peers ----------------------------------------------------------------------------------------------------------
# peer_root NAME: the storage flags that keep NAME's images, layers and cache mounts under the work folder
peer_flags() { echo "--root $work/$1/root --runroot $work/$1/runroot"; }
peer_env() { mkdir -p "$work/$1/tmp"; echo "TMPDIR=$work/$1/tmp"; }
declare -A peer_ok=([buildah]=1 [podman]=1)
for peer in buildah podman; do
  if ! command -v "$peer" >/dev/null; then
    echo "$peer is missing: installing the peers (bash eng/testenv/up.sh --with-peers)" >&2
    bash "$repo/eng/testenv/up.sh" --with-peers >/dev/null 2>&1 || true
  fi
  if ! command -v "$peer" >/dev/null; then
    echo "$peer: not installed (eng/testenv/up.sh --with-peers failed); its column is left out" >&2; peer_ok[$peer]=0
  elif ! why=$(env "$(peer_env "$peer")" "$peer" $(peer_flags "$peer") info 2>&1 >/dev/null); then
    echo "$peer cannot run here: $why; its column is left out" >&2; peer_ok[$peer]=0
  fi
done

cleanup() {
  set +e
  "$docker_cli" rmi -f "$tag-webapi" "$tag-apt" >/dev/null 2>&1
  for peer in buildah podman; do
    [ "${peer_ok[$peer]}" = 1 ] && env "$(peer_env "$peer")" "$peer" $(peer_flags "$peer") rmi --all --force >/dev/null 2>&1
  done
  rm -rf "$work"
}
trap cleanup EXIT

# --- the two Dockerfiles and their contexts -------------------------------------------------------------------------
mkdir -p "$work/webapi/WebApi" "$work/apt"
cp "$repo/samples/Directory.Build.props" "$repo/samples/Directory.Packages.props" "$work/webapi/"
cp "$repo/samples/WebApi/WebApi.csproj" "$repo/samples/WebApi/Program.cs" "$repo/samples/WebApi/Dockerfile" "$work/webapi/WebApi/"
cat > "$work/apt/Dockerfile" <<'DOCKERFILE'
ARG REGISTRY
FROM ${REGISTRY}/debian:bookworm-slim
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends curl
COPY app.conf /etc/app.conf
CMD ["curl", "--version"]
DOCKERFILE
printf 'name=bench\ncolor=blue\n' > "$work/apt/app.conf"

declare -A dockerfile=([webapi]="$work/webapi/WebApi/Dockerfile" [apt]="$work/apt/Dockerfile")
declare -A context=([webapi]="$work/webapi" [apt]="$work/apt")
declare -A bases=([webapi]="dotnet/sdk:10.0 dotnet/aspnet:10.0" [apt]="debian:bookworm-slim")
args=(--build-arg "REGISTRY=$registry")

# change SCENARIO N: the one-line change, different on every call
change() {
  case "$1" in
    webapi) sed -i -E "s/\"Hello from ContainerBuild[^\"]*\"/\"Hello from ContainerBuild (change $2)\"/" "$work/webapi/WebApi/Program.cs" ;;
    apt) sed -i -E "s/^color=.*/color=change-$2/" "$work/apt/app.conf" ;;
  esac
}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f\n", b - a }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else print a[int((NR + 1) / 2)] }'; }
ratio() { if [ "$1" = "-" ] || [ "$2" = "-" ]; then echo "-"; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi; }

# build TOOL SCENARIO: one build, its wall time appended to $work/times/TOOL-SCENARIO-$state
build() {
  local who="$1" scenario="$2" start log="$work/log-$1-$2"
  start=$(now)
  case "$who" in
    ours) CONTAINERBUILD_ROOT="$work/store" "$tool" build -q --progress quiet "${args[@]}" -f "${dockerfile[$scenario]}" -t "$tag-$scenario" "${context[$scenario]}" ;;
    docker) DOCKER_BUILDKIT=1 "$docker_cli" build -q --network=host "${args[@]}" -f "${dockerfile[$scenario]}" -t "$tag-$scenario" "${context[$scenario]}" ;;
    buildah) env "$(peer_env buildah)" buildah $(peer_flags buildah) bud -q --layers --network=host --tls-verify=false "${args[@]}" -f "${dockerfile[$scenario]}" -t "$tag-$scenario" "${context[$scenario]}" ;;
    podman) env "$(peer_env podman)" podman $(peer_flags podman) build -q --layers --network=host --tls-verify=false "${args[@]}" -f "${dockerfile[$scenario]}" -t "$tag-$scenario" "${context[$scenario]}" ;;
  esac >"$log" 2>&1 || { echo "$who: the $scenario build failed:" >&2; tail -20 "$log" >&2; exit 1; }
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
    buildah|podman)
      env "$(peer_env "$who")" "$who" $(peer_flags "$who") rmi --all --force >/dev/null 2>&1 || true
      rm -rf "$work/$who/tmp"/buildah-cache-*
      for base in ${bases[$scenario]}; do env "$(peer_env "$who")" "$who" $(peer_flags "$who") pull -q --tls-verify=false "$registry/$base" >/dev/null; done ;;
  esac
}

tools=(ours docker)
for peer in buildah podman; do [ "${peer_ok[$peer]}" = 1 ] && tools+=("$peer"); done
mkdir -p "$work/times"
changes=0
for scenario in webapi apt; do
  for i in $(seq "$runs"); do
    for who in "${tools[@]}"; do
      state=cold; cold_state "$who" "$scenario"; build "$who" "$scenario"
      state=warm; build "$who" "$scenario"
    done
    changes=$((changes + 1)); change "$scenario" "$changes"
    state=change
    for who in "${tools[@]}"; do build "$who" "$scenario"; done
    # ours from an empty store: pulls and unpacks the bases too
    rm -rf "$work/store"; state=empty; build ours "$scenario"
  done
done

echo
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); ours: $tool_kind; docker $("$docker_cli" version --format '{{.Server.Version}}');" \
  "$([ "${peer_ok[buildah]}" = 1 ] && buildah --version || echo "no buildah"); $([ "${peer_ok[podman]}" = 1 ] && podman --version || echo "no podman")"
printf '%-14s %8s %8s %8s %8s %8s %8s %8s\n' "case" "ours" "docker" "buildah" "podman" "/docker" "/buildah" "/podman"
for scenario in webapi apt; do
  for state in cold warm change empty; do
    declare -A t=()
    for who in ours docker buildah podman; do
      t[$who]=$( [ -f "$work/times/$who-$scenario-$state" ] && median < "$work/times/$who-$scenario-$state" || echo "-")
    done
    label="$scenario $state"
    if [ "$state" = empty ]; then
      label="$scenario cold*"; t[docker]=$(median < "$work/times/docker-$scenario-cold")
      t[buildah]=$( [ -f "$work/times/buildah-$scenario-cold" ] && median < "$work/times/buildah-$scenario-cold" || echo "-")
      t[podman]=$( [ -f "$work/times/podman-$scenario-cold" ] && median < "$work/times/podman-$scenario-cold" || echo "-")
    fi
    printf '%-14s %8s %8s %8s %8s %8s %8s %8s\n' "$label" "${t[ours]}" "${t[docker]}" "${t[buildah]}" "${t[podman]}" \
      "$(ratio "${t[ours]}" "${t[docker]}")" "$(ratio "${t[ours]}" "${t[buildah]}")" "$(ratio "${t[ours]}" "${t[podman]}")"
  done
done
echo "(seconds, wall time of the whole command, median of $runs; ratio < 1: ours is faster. cold: build cache and cache"
echo " mounts empty, base images in each tool's store; change: one line of a copied source changed; cold*: ours from an"
echo " empty store, against the peers' cold. Goal: every ratio < 1, ours warm < 0.5 s.)"
