#!/usr/bin/env bash
# Packs a ~400 MB tree (the .NET SDK folder) with our layer writer and with tar | gzip -6 and
# tar | zstd -3 -T1 in the same run; prints wall time, MB/s, peak RSS and ours/native ratios.
#   bash bench/layer-pack.sh [DIR] [--parallel]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
dir="${1:-}"
parallel=0
for a in "$@"; do [ "$a" = "--parallel" ] && parallel=1; done
if [ -z "$dir" ] || [ "$dir" = "--parallel" ]; then
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  dir="$(ls -d "$dotnet_root"/sdk/*/ | sort | tail -1)"
fi
dir="${dir%/}"

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need zstd zstd
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

art="${ARTIFACTS:-/tmp/cb-art-bench}"
dotnet build "$repo/bench/ContainerBuild.Bench" -c Release --artifacts-path "$art" -v q -nologo >/dev/null
packer="$art/bin/ContainerBuild.Bench/release/ContainerBuild.Bench.dll"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

bytes=$(du -sb "$dir" | cut -f1)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "tree: $dir ($mb MB, $(find "$dir" -type f | wc -l) files); $(nproc) cores"
cat "$dir" >/dev/null 2>&1 || true
tar -cf - -C "$dir" . > /dev/null  # warm the page cache so every contender reads from memory

# run NAME COMMAND...: prints "wall_seconds peak_kb cpu_seconds" from /usr/bin/time -v (cpu = user + sys,
# steadier than wall time on a shared machine)
run() {
  local name="$1"; shift
  /usr/bin/time -v -o "$out/$name.time" "$@" > "$out/$name.out"
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$out/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out/$name.time")
  cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { print s }' "$out/$name.time")
  echo "$wall $rss $cpu"
}

report() { # NAME SECONDS RSS_KB CPU [SIZE]
  awk -v n="$1" -v s="$2" -v r="$3" -v c="$4" -v mb="$mb" -v size="${5:-}" 'BEGIN {
    printf "%-24s %7.2f s %7.1f MB/s  cpu %6.2f s  peak RSS %6.1f MB", n, s, mb / s, c, r / 1024
    if (size != "") printf "  blob %7.1f MB", size / 1048576
    printf "\n" }'
}

read -r ours_gz_s ours_gz_rss ours_gz_cpu < <(run ours-gzip dotnet "$packer" pack "$dir" "$out/ours.tgz" --compression gzip --level 6)
read -r ours_zst_s ours_zst_rss ours_zst_cpu < <(run ours-zstd dotnet "$packer" pack "$dir" "$out/ours.tzst" --compression zstd --level 3)
read -r nat_gz_s nat_gz_rss nat_gz_cpu < <(run native-gzip bash -c "tar -cf - -C '$dir' . | gzip -6 > '$out/native.tgz'")
read -r nat_zst_s nat_zst_rss nat_zst_cpu < <(run native-zstd bash -c "tar -cf - -C '$dir' . | zstd -q -3 -T1 > '$out/native.tzst'")

report "ours gzip -6" "$ours_gz_s" "$ours_gz_rss" "$ours_gz_cpu" "$(stat -c %s "$out/ours.tgz")"
report "tar | gzip -6" "$nat_gz_s" "$nat_gz_rss" "$nat_gz_cpu" "$(stat -c %s "$out/native.tgz")"
report "ours zstd -3" "$ours_zst_s" "$ours_zst_rss" "$ours_zst_cpu" "$(stat -c %s "$out/ours.tzst")"
report "tar | zstd -3 -T1" "$nat_zst_s" "$nat_zst_rss" "$nat_zst_cpu" "$(stat -c %s "$out/native.tzst")"
awk -v a="$ours_gz_s" -v b="$nat_gz_s" -v c="$ours_zst_s" -v d="$nat_zst_s" -v ac="$ours_gz_cpu" -v bc="$nat_gz_cpu" -v cc="$ours_zst_cpu" -v dc="$nat_zst_cpu" 'BEGIN {
  printf "gzip: ours/native wall %.2f, speed %.2fx (cpu-time speed %.2fx); goal >= 1.00x\n", a / b, b / a, bc / ac
  printf "zstd: ours/native wall %.2f, speed %.2fx (cpu-time speed %.2fx); goal >= 0.70x\n", c / d, d / c, dc / cc }'
echo "(native peak RSS is of the bash pipeline's largest process, as /usr/bin/time reports it)"

if [ "$parallel" = 1 ]; then
  read -r par_s par_rss par_cpu < <(run ours-parallel dotnet "$packer" pack-parallel "$dir" "$out/par" --layers 4 --compression gzip --level 6)
  report "ours gzip -6, 4 layers" "$par_s" "$par_rss" "$par_cpu"
  awk -v a="$ours_gz_s" -v b="$par_s" 'BEGIN { printf "parallel speedup over one layer: %.2fx\n", a / b }'
  read -r parz_s parz_rss parz_cpu < <(run ours-parallel-zstd dotnet "$packer" pack-parallel "$dir" "$out/parz" --layers 4 --compression zstd --level 3)
  report "ours zstd -3, 4 layers" "$parz_s" "$parz_rss" "$parz_cpu"
  awk -v a="$ours_zst_s" -v b="$parz_s" 'BEGIN { printf "parallel speedup over one layer: %.2fx\n", a / b }'
fi
