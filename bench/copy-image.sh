#!/usr/bin/env bash
# The copy-only image (published samples/WebApi onto dotnet/aspnet:10.0, pushed to the local registry) built by the
# shipped tool, `dotnet-containerbuild build --push` of the same Dockerfile as docker's (installed from the packages
# eng/build.sh packs, as a user installs it: Native AOT on linux-x64), and by `DOCKER_BUILDKIT=1 docker build` +
# `docker push`, in the same run: cold, warm with nothing changed, and after a one-line change (a string in Program.cs,
# republished). Prints wall times, our solver time (CB_TRACE_TIMINGS), the machine's load, and ours/docker ratios.
#   bash bench/copy-image.sh [RUNS]   (RUNS warm no-op repetitions, default 3; the median is reported)
#   CB_BENCH_PACKAGES=DIR  the packages to install the tool from (default artifacts/packages: run eng/build.sh)
#   CB_BENCH_TOOL=PATH     an installed dotnet-containerbuild to measure instead (e.g. artifacts/tool/, eng/main.sh)
# Plus one row from the bench console (bench/ContainerBuild.Bench, ReadyToRun): the same build repeated inside one
# process, what a long-lived host (an MSBuild node) pays once start-up is done.
# Docker 20.10's BuildKit has no image exporter for --output (`exporter "image" could not be found`), so docker
# pushes with `docker push` after `docker build -t`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
runs="${1:-3}"
registry="${CB_BENCH_REGISTRY:-127.0.0.1:5000}"
base="$registry/dotnet/aspnet:10.0"
docker_cli="${CB_TEST_DOCKER:-/usr/bin/docker}"

curl -fsS "http://$registry/v2/" >/dev/null || { echo "registry $registry is not up (bash eng/testenv/up.sh)" >&2; exit 1; }
"$docker_cli" version --format '{{.Server.Version}}' >/dev/null || { echo "dockerd is not reachable through $docker_cli" >&2; exit 1; }

art="${ARTIFACTS:-/tmp/cb-art-bench}"
dotnet publish "$repo/bench/ContainerBuild.Bench" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  --artifacts-path "$art" -o "$art/copy-image" -v q -nologo >/dev/null
bench="$art/copy-image/ContainerBuild.Bench.dll"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A copy of the sample with the samples' own props beside it, so the one-line change never touches the repository.
mkdir -p "$work/samples"
cp "$repo/samples/Directory.Build.props" "$repo/samples/Directory.Packages.props" "$work/samples/"
cp -r "$repo/samples/WebApi" "$work/samples/WebApi"
rm -rf "$work/samples/WebApi/bin" "$work/samples/WebApi/obj"
mkdir -p "$work/ctx"
cat > "$work/ctx/Dockerfile" <<DOCKERFILE
FROM $base
WORKDIR /app
COPY out/ /app/
ENTRYPOINT ["dotnet", "WebApi.dll"]
DOCKERFILE
# The tool as a user has it: `dotnet tool install` from the packages (the pointer package picks the RID's own).
if [ -n "${CB_BENCH_TOOL:-}" ]; then
  cb="$CB_BENCH_TOOL"
else
  packages="${CB_BENCH_PACKAGES:-$repo/artifacts/packages}"
  version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$repo/Directory.Build.props")"
  ls "$packages"/ContainerBuild.Cli."$version".nupkg >/dev/null 2>&1 || { echo "no ContainerBuild.Cli $version in $packages (bash eng/build.sh)" >&2; exit 1; }
  dotnet tool install ContainerBuild.Cli --version "$version" --tool-path "$work/tool" --add-source "$packages" >/dev/null
  cb="$work/tool/dotnet-containerbuild"
fi
echo "tool: $(readlink -f "$cb"): $("$cb" version)"   # says "Native AOT" when it is

publish() { dotnet publish "$work/samples/WebApi" -c Release -o "$work/ctx/out" -v q -nologo >/dev/null; }
publish
echo "app: $(find "$work/ctx/out" -type f | wc -l) files, $(du -sh "$work/ctx/out" | cut -f1); base $base; $(nproc) cores"

tag="$(date +%s)"
ours_repo="$registry/bench-copy-ours-$tag"
docker_repo="$registry/bench-copy-docker-$tag"
store="$work/store"
trap 'rm -rf "$work"; "$docker_cli" rmi -f "$docker_repo:cold" "$docker_repo:warm" "$docker_repo:change" >/dev/null 2>&1 || true' EXIT

now() { date +%s.%N; }
# ours NAME: builds and pushes with the tool; sets $wall, $solve (the trace's "engine ready" to "solved") and
# $executed (Dockerfile steps that ran instead of coming from the cache)
ours() {
  local start end
  start=$(now)
  CB_TRACE_TIMINGS=1 CONTAINERBUILD_ROOT="$store" "$cb" build --progress plain -t "$ours_repo:$1" --push "$work/ctx" 2>"$work/ours.log" >/dev/null \
    || { cat "$work/ours.log" >&2; exit 1; }
  end=$(now)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
  solve=$(awk '/^\[timing\]/ && / engine ready / { r = $2 } /^\[timing\]/ && / solved / { s = $2 } END { printf "%.3f", (s - r) / 1000 }' "$work/ours.log")
  executed=$(awk '/^#[0-9]+ \[[0-9]+\/[0-9]+\] / { step[$1] = 1 } /^#[0-9]+ DONE / && step[$1] { n++ } END { print n + 0 }' "$work/ours.log")
}
# docker NAME [--no-cache]: docker build + push, sets $wall
dockerb() {
  local name="$1"; shift
  local start end
  start=$(now)
  DOCKER_BUILDKIT=1 "$docker_cli" build -q "$@" -t "$docker_repo:$name" "$work/ctx" >/dev/null
  "$docker_cli" push -q "$docker_repo:$name" >/dev/null 2>&1 || "$docker_cli" push "$docker_repo:$name" >/dev/null
  end=$(now)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load)

# cold: our store empty; docker's build cache pruned and --no-cache
rm -rf "$store"
ours cold; ours_cold=$wall; ours_cold_solve=$solve
"$docker_cli" builder prune -af >/dev/null
dockerb cold --no-cache; docker_cold=$wall

# warm no-op: nothing changed (median of $runs)
: > "$work/ours-warm"; : > "$work/ours-warm-solve"; : > "$work/docker-warm"
for i in $(seq "$runs"); do
  ours warm; echo "$wall" >> "$work/ours-warm"; echo "$solve" >> "$work/ours-warm-solve"
  [ "$executed" = 0 ] || echo "warning: the warm build executed $executed vertices" >&2
  dockerb warm; echo "$wall" >> "$work/docker-warm"
done
# the warm no-op inside one process (the bench console, its own store): what a long-lived host (an MSBuild node) pays
# once start-up is done
dotnet "$bench" copy-image "$base" "$work/ctx" "$work/store-console" "$ours_repo:console" >/dev/null
steady=$(CB_BENCH_REPEAT=3 dotnet "$bench" copy-image "$base" "$work/ctx" "$work/store-console" "$ours_repo:console" | tail -1)
steady_build=$(sed -E 's/.* build=([0-9.]+).*/\1/' <<<"$steady"); steady_solve=$(sed -E 's/.* solve=([0-9.]+).*/\1/' <<<"$steady")
ours_warm=$(median < "$work/ours-warm"); ours_warm_solve=$(median < "$work/ours-warm-solve"); docker_warm=$(median < "$work/docker-warm")

# after a one-line change: a string in Program.cs, republished
sed -i 's/Hello from ContainerBuild/Hello from ContainerBuild, changed/' "$work/samples/WebApi/Program.cs"
publish
ours change; ours_change=$wall; ours_change_solve=$solve
dockerb change; docker_change=$wall

printf '\n%-22s %10s %12s %10s %16s %s\n' "case" "ours (s)" "solver (s)" "docker (s)" "ours/docker" "goal"
printf '%-22s %10s %12s %10s %16s %s\n' "cold" "$ours_cold" "$ours_cold_solve" "$docker_cold" "$(ratio "$ours_cold" "$docker_cold")" "<= 0.50"
printf '%-22s %10s %12s %10s %16s %s\n' "warm no-op (median)" "$ours_warm" "$ours_warm_solve" "$docker_warm" "$(ratio "$ours_warm" "$docker_warm")" "<= 0.33, solver < 0.3 s"
printf '%-22s %10s %12s %10s %16s %s\n' "warm, in-process" "$steady_build" "$steady_solve" "$docker_warm" "$(ratio "$steady_build" "$docker_warm")" "(4th build in one process)"
printf '%-22s %10s %12s %10s %16s %s\n' "after a change" "$ours_change" "$ours_change_solve" "$docker_change" "$(ratio "$ours_change" "$docker_change")" "<= 0.50"
echo "(wall = whole process incl. .NET startup and the push; docker = docker build + docker push)"
echo "load average (1/5/15 min) at start: $load_start, at end: $(load); $(nproc) cores"
