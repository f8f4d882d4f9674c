#!/usr/bin/env bash
# The copy-only image (published samples/WebApi onto dotnet/aspnet:10.0, pushed to the local registry) built by
# our build service and by `DOCKER_BUILDKIT=1 docker build` + `docker push` in the same run: cold, warm with
# nothing changed, and after a one-line change (a string in Program.cs, republished). Prints wall times, our
# solver time, and ours/docker ratios.
#   bash bench/copy-image.sh [RUNS]   (RUNS warm no-op repetitions, default 3; the median is reported)
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
# ReadyToRun: a warm no-op is mostly start-up and JIT. (The packed tool is not ReadyToRun yet: that needs
# RID-specific tool packages; until then the installed tool JIT-compiles more than this bench does.)
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
publish() { dotnet publish "$work/samples/WebApi" -c Release -o "$work/ctx/out" -v q -nologo >/dev/null; }
publish
echo "app: $(find "$work/ctx/out" -type f | wc -l) files, $(du -sh "$work/ctx/out" | cut -f1); base $base; $(nproc) cores"

tag="$(date +%s)"
ours_repo="$registry/bench-copy-ours-$tag"
docker_repo="$registry/bench-copy-docker-$tag"
store="$work/store"
trap 'rm -rf "$work"; "$docker_cli" rmi -f "$docker_repo:cold" "$docker_repo:warm" "$docker_repo:change" >/dev/null 2>&1 || true' EXIT

now() { date +%s.%N; }
# ours NAME: runs our build, sets $wall and $solve
ours() {
  local start end line
  start=$(now)
  line=$(dotnet "$bench" copy-image "$base" "$work/ctx" "$store" "$ours_repo:$1")
  end=$(now)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
  solve=$(sed -E 's/.* solve=([0-9.]+).*/\1/' <<<"$line")
  executed=$(sed -E 's/.* executed=([0-9]+).*/\1/' <<<"$line")
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
# the same warm no-op again inside one process: what a long-lived host (an MSBuild node) pays once start-up is done
steady=$(CB_BENCH_REPEAT=3 dotnet "$bench" copy-image "$base" "$work/ctx" "$store" "$ours_repo:warm" | tail -1)
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
