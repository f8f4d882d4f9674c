#!/usr/bin/env bash
# RUN steps built by `dotnet-containerbuild build` (the exec op through runc over overlay), by `DOCKER_BUILDKIT=1
# docker build` and by `buildah bud --layers`, in the same run, from the same Dockerfiles and images on the local registry:
#   apt      debian:bookworm-slim; apt-get update && apt-get install -y --no-install-recommends curl with cache
#            mounts on /var/cache/apt and /var/lib/apt (sharing=locked); then RUN echo step > /later
#   busybox  busybox; RUN echo a > /a; RUN echo b > /b
# each cold (no build cache and no cache mounts: our store holding only the unpacked base image; `docker builder
# prune -af` and --no-cache; buildah's built images, build cache and cache mounts removed), cold from an empty store
# (ours only: dockerd keeps its base images, and removing them would disturb everyone else using it), and warm
# (rebuilt with nothing changed); medians of RUNS. Plus the per-RUN overhead, start
# to exit of `true`: our exec op (its vertex's started/completed in --progress rawjson, median) against
# `docker run --rm busybox true`.
# Prints wall times and the ratios ours/docker and ours/buildah.
#   bash bench/run-steps.sh [RUNS]   (default 3)
# Every RUN has the host's network, as ours by default: --network=host for docker (its bridge has no way out
# here) and buildah (which otherwise sets up a CNI bridge and iptables chains on the host).
# Every build writes its image to the tool's own store only (no push).
# The tool: CB_BENCH_TOOL=PATH, else src/ContainerBuild.Cli published Release for linux-x64 as bench/dockerfile.sh does
# (Native AOT when PublishAot is set, else ReadyToRun).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
runs="${1:-3}"
registry="${CB_BENCH_REGISTRY:-127.0.0.1:5000}"
docker_cli="${CB_TEST_DOCKER:-/usr/bin/docker}"

curl -fsS "http://$registry/v2/" >/dev/null || { echo "registry $registry is not up (bash eng/testenv/up.sh)" >&2; exit 1; }
"$docker_cli" version --format '{{.Server.Version}}' >/dev/null || { echo "dockerd is not reachable through $docker_cli" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root: our RUNs mount overlays and start runc" >&2; exit 1; }

# buildah: installed by the test environment's peers; when it cannot build here, say why and go on without it.
buildah_ok=1
if ! command -v buildah >/dev/null; then
  echo "buildah is missing: installing it (bash eng/testenv/up.sh --with-peers)" >&2
  bash "$repo/eng/testenv/up.sh" --with-peers >/dev/null 2>&1 || true
fi
if ! command -v buildah >/dev/null; then
  echo "buildah: not installed (eng/testenv/up.sh --with-peers failed); its columns are left out" >&2; buildah_ok=0
elif ! why=$(buildah info 2>&1 >/dev/null); then
  echo "buildah cannot run here: $why; its columns are left out" >&2; buildah_ok=0
fi

art="${ARTIFACTS:-/tmp/cb-art-bench-run-steps}"
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

work="$(mktemp -d)"
tag="cb-bench-run-steps-$$"
cleanup() {
  rm -rf "$work"
  "$docker_cli" rmi -f "$tag-apt" "$tag-busybox" >/dev/null 2>&1 || true
  [ "$buildah_ok" = 0 ] || buildah rmi -f "$tag-apt" "$tag-busybox" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The Dockerfiles of the two graphs RunStepsCommand builds (same commands, env, mounts and order).
apt_install='rm -f /etc/apt/apt.conf.d/docker-clean; apt-get update && apt-get install -y --no-install-recommends curl'
mkdir -p "$work/apt" "$work/busybox"
cat > "$work/apt/Dockerfile" <<DOCKERFILE
FROM $registry/debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked $apt_install
RUN echo step > /later
DOCKERFILE
cat > "$work/busybox/Dockerfile" <<DOCKERFILE
FROM $registry/busybox:latest
RUN echo a > /a
RUN echo b > /b
DOCKERFILE

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { if [ "$2" = "-" ] || [ "$1" = "-" ]; then echo "-"; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi; }

# ours SCENARIO: one build in a fresh process (start-up included); sets $wall and $executed (the RUN steps that ran)
ours() {
  local start
  start=$(now)
  CONTAINERBUILD_ROOT="$work/store" "$tool" build --progress plain -t "$tag-$1" "$work/$1" >"$work/ours.log" 2>&1 \
    || { tail -20 "$work/ours.log" >&2; exit 1; }
  wall=$(since "$start")
  executed=$(awk '/^#[0-9]+ \[.*\] RUN / { run[$1] = 1 } /^#[0-9]+ DONE/ { if (run[$1]) n++ } END { print n + 0 }' "$work/ours.log")
}
# ours_base: the base images pulled and unpacked (a RUN true on each), as dockerd's image store holds them
ours_base() {
  local base
  for base in debian:bookworm-slim busybox:latest; do
    printf 'FROM %s/%s\nRUN true\n' "$registry" "$base" | CONTAINERBUILD_ROOT="$work/store" "$tool" build -q --progress quiet - >/dev/null 2>"$work/base.err" \
      || { cat "$work/base.err" >&2; exit 1; }
  done
}
# dockerb SCENARIO [--no-cache]: sets $wall
dockerb() {
  local scenario="$1" start; shift
  start=$(now)
  DOCKER_BUILDKIT=1 "$docker_cli" build -q --network=host "$@" -t "$tag-$scenario" "$work/$scenario" >/dev/null
  wall=$(since "$start")
}
# buildahb SCENARIO [--no-cache]: sets $wall ("-" without buildah)
buildahb() {
  local scenario="$1" start; shift
  if [ "$buildah_ok" = 0 ]; then wall="-"; return; fi
  start=$(now)
  buildah bud -q --layers --network=host --tls-verify=false "$@" -t "$tag-$scenario" "$work/$scenario" >/dev/null 2>"$work/buildah.err" \
    || { cat "$work/buildah.err" >&2; exit 1; }
  wall=$(since "$start")
}
buildah_cold() {
  [ "$buildah_ok" = 0 ] && return
  buildah rmi -f "$tag-apt" "$tag-busybox" >/dev/null 2>&1 || true
  buildah rmi --prune >/dev/null 2>&1 || true          # the cached intermediate layers of --layers
  rm -rf /var/tmp/buildah-cache-"$(id -u)" /var/tmp/buildah-cache   # its RUN --mount=type=cache directories
  # the base images pulled once, as docker has them
  buildah pull -q --tls-verify=false "$registry/debian:bookworm-slim" >/dev/null
  buildah pull -q --tls-verify=false "$registry/busybox:latest" >/dev/null
}

# One cold build of each kind; appends its wall time to $work/<kind>.
cold_ours() {
  rm -rf "$work/store"
  ours_base
  ours "$1"; echo "$wall" >> "$work/oc"
  [ "$executed" -ge 2 ] || echo "warning: our cold $1 build executed only $executed vertices" >&2
}
cold_docker() { "$docker_cli" builder prune -af >/dev/null; dockerb "$1" --no-cache; echo "$wall" >> "$work/dc"; }
cold_buildah() { buildah_cold; buildahb "$1" --no-cache; [ "$buildah_ok" = 0 ] || echo "$wall" >> "$work/bc"; }
cold_empty() { rm -rf "$work/store"; ours "$1"; echo "$wall" >> "$work/oe"; }
samples() { tr '\n' ' ' < "$1"; }

declare -A result
: > "$work/samples"
for scenario in busybox apt; do
  : > "$work/oc"; : > "$work/dc"; : > "$work/bc"; : > "$work/oe"; : > "$work/o"; : > "$work/d"; : > "$work/b"
  # cold: no build cache and no cache mounts, the base image pulled and unpacked (as dockerd's image store keeps it);
  # empty: ours from an empty store, the base image pulled and unpacked too. Who goes first rotates (the mirror and
  # the machine's load change over a run).
  order=(cold_ours cold_docker cold_buildah cold_empty)
  for i in $(seq "$runs"); do
    for k in 0 1 2 3; do "${order[$(( (k + i - 1) % 4 ))]}" "$scenario"; done
  done
  for i in $(seq "$runs"); do
    ours "$scenario"; echo "$wall" >> "$work/o"
    [ "$executed" = 0 ] || echo "warning: our warm $scenario build executed $executed vertices" >&2
    dockerb "$scenario"; echo "$wall" >> "$work/d"
    buildahb "$scenario"; [ "$buildah_ok" = 0 ] || echo "$wall" >> "$work/b"
  done
  result[$scenario,ours,cold]=$(median < "$work/oc")
  result[$scenario,docker,cold]=$(median < "$work/dc")
  result[$scenario,ours,empty]=$(median < "$work/oe")
  result[$scenario,ours,warm]=$(median < "$work/o")
  result[$scenario,docker,warm]=$(median < "$work/d")
  result[$scenario,buildah,cold]=$(if [ "$buildah_ok" = 1 ]; then median < "$work/bc"; else echo "-"; fi)
  result[$scenario,buildah,warm]=$(if [ "$buildah_ok" = 1 ]; then median < "$work/b"; else echo "-"; fi)
  {
    echo "$scenario cold:  ours $(samples "$work/oc")| docker $(samples "$work/dc")| buildah $(samples "$work/bc")| ours* $(samples "$work/oe")"
    echo "$scenario warm:  ours $(samples "$work/o")| docker $(samples "$work/d")| buildah $(samples "$work/b")"
  } >> "$work/samples"
done

# per-RUN overhead: start to exit of `true`, a RUN the store has not seen in each build (its env differs), the first
# build (which unpacks busybox) left out
nonce=$(date +%s%N)
: > "$work/op"; : > "$work/ob"
for i in $(seq 0 10); do
  start=$(now)
  printf 'FROM %s/busybox:latest\nENV RUN_TRUE=%s-%s\nRUN ["true"]\n' "$registry" "$nonce" "$i" \
    | CONTAINERBUILD_ROOT="$work/store" "$tool" build --progress rawjson - >"$work/true.json" 2>&1 \
    || { tail -5 "$work/true.json" >&2; exit 1; }
  took=$(since "$start")
  [ "$i" = 0 ] && continue
  echo "$took" | awk '{ printf "%.1f\n", $1 * 1000 }' >> "$work/ob"
  # the RUN vertex's last event has both times: ISO 8601 with 7 fractional digits, the same day
  grep -o '"name":"\[2/2\] RUN \[\\"true\\"\]","started":"[^"]*","completed":"[^"]*"' "$work/true.json" | tail -1 \
    | sed -E 's/.*"started":"[^T]*T([^Z]*)Z","completed":"[^T]*T([^Z]*)Z"/\1 \2/' \
    | awk -F'[: ]' '{ printf "%.1f\n", (($4 * 3600 + $5 * 60 + $6) - ($1 * 3600 + $2 * 60 + $3)) * 1000 }' >> "$work/op"
done
[ -s "$work/op" ] || { echo "no RUN true vertex found in --progress rawjson (see $work/true.json)" >&2; exit 1; }
ours_op=$(median < "$work/op")
ours_run_build=$(median < "$work/ob")
"$docker_cli" run --rm --network=host "$registry/busybox:latest" true
: > "$work/r"
for i in 1 2 3 4 5; do
  start=$(now); "$docker_cli" run --rm --network=host "$registry/busybox:latest" true; echo "$(since "$start")" >> "$work/r"
done
docker_run=$(median < "$work/r" | awk '{ printf "%.1f", $1 * 1000 }')
buildah_run="-"
if [ "$buildah_ok" = 1 ]; then
  ctr=$(buildah from -q --network=host --tls-verify=false "$registry/busybox:latest")
  buildah run --network=host "$ctr" true
  : > "$work/r"
  for i in 1 2 3 4 5; do
    start=$(now); buildah run --network=host "$ctr" true; echo "$(since "$start")" >> "$work/r"
  done
  buildah rm "$ctr" >/dev/null
  buildah_run=$(median < "$work/r" | awk '{ printf "%.1f", $1 * 1000 }')
fi

echo
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); ours: $tool_kind (runc); docker $("$docker_cli" version --format '{{.Server.Version}}'); $( [ "$buildah_ok" = 1 ] && buildah --version || echo "no buildah")"
printf '%-16s %9s %10s %11s %13s %14s %s\n' "case" "ours (s)" "docker (s)" "buildah (s)" "ours/docker" "ours/buildah" "goal (ours/docker)"
for scenario in busybox apt; do
  for kind in cold empty warm; do
    o=${result[$scenario,ours,$kind]}
    if [ "$kind" = empty ]; then
      label="$scenario cold*"; d=${result[$scenario,docker,cold]}; b=${result[$scenario,buildah,cold]}; goal="(ours also pulls and unpacks the base)"
    else
      label="$scenario $kind"; d=${result[$scenario,docker,$kind]}; b=${result[$scenario,buildah,$kind]}
      goal=$([ "$kind" = cold ] && echo "<= 1.00" || echo "<= 0.33")
    fi
    printf '%-16s %9s %10s %11s %13s %14s %s\n' "$label" "$o" "$d" "$b" "$(ratio "$o" "$d")" "$(ratio "$o" "$b")" "$goal"
  done
done
printf '%-16s %9s %10s %11s %13s %14s %s\n' "RUN true (ms)" "$ours_op" "$docker_run" "$buildah_run" "$(ratio "$ours_op" "$docker_run")" "$(ratio "$ours_op" "$buildah_run")" "<= 0.50"
echo "samples (s):"; cat "$work/samples"
echo "(builds: wall time of the whole process, start-up included, median of $runs; cold: build cache and"
echo " cache mounts empty, base images present in each tool's store; cold*: ours from an empty store;"
echo " RUN true: ours = the exec op from start to completion in a running build (the whole build process with it: ${ours_run_build} ms),"
echo " docker = docker run --rm --network=host busybox true, buildah = buildah run CONTAINER true; medians)"
