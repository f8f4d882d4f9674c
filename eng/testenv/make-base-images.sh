#!/usr/bin/env bash
# make-base-images.sh - build the offline base images into an OCI layout and push them to the
# local registries. Built with debootstrap + umoci from the Debian mirror apt uses and from the
# host's .NET install (/usr/share/dotnet); pushed with skopeo. No internet registry is involved.
#
# Images (OCI manifests, gzip layers) on $REG (default 127.0.0.1:5000):
#   debian:bookworm-slim            L1  debootstrap --variant=minbase bookworm, slimmed like the
#                                       official image (no docs/man/locales, docker apt/dpkg confs)
#   debian:bookworm-slim-v2s2       the same image with Docker schema2 media types
#   dotnet/runtime-deps:10.0        L1+L2  ca-certificates libicu72 libssl3, user/group app 1654,
#                                   APP_UID ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER.
#                                   With arm64 (default): an OCI index linux/amd64 + linux/arm64/v8,
#                                   whose entries are also tagged :10.0-amd64 and :10.0-arm64
#   dotnet/runtime:10.0             +L3  dotnet muxer, host/fxr, shared/Microsoft.NETCore.App
#   dotnet/aspnet:10.0              +L4  shared/Microsoft.AspNetCore.App
#   dotnet/sdk:10.0                 +L5  sdk packs templates sdk-manifests ... (no git/curl)
#   busybox:latest                  OCI index linux/amd64 + linux/arm64/v8 (busybox-static 1.35)
#   busybox:amd64                   the amd64 manifest alone
#   debian:bookworm-slim-arm64, debian:bookworm-slim-multiarch (index)     (with arm64)
# debian:bookworm-slim, busybox:latest and busybox:amd64 also go to 127.0.0.1:5001 (basic auth)
# and :5002 (token auth) as testuser/testpass.
#
# Usage: make-base-images.sh [--no-arm64] [--force] [--no-push] [--registry HOST:PORT]
#   --no-arm64  skip the slow arm64 part (arm64 debootstrap ~2 min + apt-get in an arm64 chroot
#               ~3 min, both under qemu; it runs in the background while the amd64 images build).
#               arm64 images already in the layout are kept and still pushed.
#   --force     rebuild the layout even if it is complete (the debootstrap/staging rootfs under
#               $CB_TESTENV_STATE/rootfs are reused; delete that dir to redo them)
#   --no-push   only build the layout
# Output: OCI layout $CB_TESTENV_STATE/oci (tags bookworm-slim runtime-deps-10.0 runtime-10.0
#   aspnet-10.0 sdk-10.0 busybox busybox-amd64 busybox-arm64 [bookworm-slim-arm64
#   bookworm-slim-multiarch runtime-deps-10.0-arm64 runtime-deps-10.0-multiarch]).
#   Logs and timings: $CB_TESTENV_STATE/logs/base-images*.
# Idempotent and fast on a complete layout: a push is skipped when the registry already serves
# what was pushed last time from the same layout manifest (state in $CB_TESTENV_STATE/pushed).
# Digests change on every rebuild (umoci timestamps): tests must resolve tags, not hard-code digests.
# Needs: install.sh, host-prep.sh (binfmt, for arm64), registry-up.sh/token-registry-up.sh (push).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

FORCE=0 PUSH=1 REG="127.0.0.1:$CB_REG_PORT" ARM64="${CB_ARM64:-1}"
while [ $# -gt 0 ]; do
  case "$1" in
    --force) FORCE=1 ;;
    --no-push) PUSH=0 ;;
    --no-arm64) ARM64=0 ;;
    --arm64) ARM64=1 ;;
    --registry) REG="$2"; shift ;;
    *) echo "usage: $0 [--no-arm64] [--force] [--no-push] [--registry HOST:PORT]" >&2; exit 2 ;;
  esac
  shift
done

DOTNET_ROOT_HOST="${DOTNET_ROOT_HOST:-/usr/share/dotnet}"
# the mirror apt uses on this host (first URIs: line of the deb822 sources, else sources.list)
MIRROR="$(grep -hm1 '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | head -1 || true)"
[ -n "$MIRROR" ] || MIRROR="$(grep -hm1 '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' || true)"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${MIRROR%/debian}/debian-security"

L="$CB_TESTENV_STATE/logs"
RF="$CB_TESTENV_STATE/rootfs"
ROOTFS="$RF/bookworm-minbase"                 # amd64 debootstrap (complete when $ROOTFS.done exists)
ROOTFS_ARM64="$RF/bookworm-minbase-arm64"     # arm64 debootstrap
ARM64_SLIM="$RF/arm64-slim"                   # arm64 L1 content (slimmed copy)
ARM64_RD="$RF/arm64-runtime-deps"             # arm64 L1+L2 content (apt-get under qemu)
OCI="$CB_OCI_LAYOUT"
B="$CB_TESTENV_STATE/bundle" BA="$CB_TESTENV_STATE/bundle-arm64"
TIMINGS="$L/base-images-timings.txt"
PATH_ENV="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

for x in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
  [ -d "$DOTNET_ROOT_HOST/shared/$x" ] || cb_die "no $DOTNET_ROOT_HOST/shared/$x (set DOTNET_ROOT_HOST)"
done
NETCORE_VER="$(ls "$DOTNET_ROOT_HOST/shared/Microsoft.NETCore.App" | sort -V | tail -1)"
ASPNET_VER="$(ls "$DOTNET_ROOT_HOST/shared/Microsoft.AspNetCore.App" | sort -V | tail -1)"
SDK_VER="$(ls "$DOTNET_ROOT_HOST/sdk" | sort -V | tail -1)"

T0="$(cb_now)"
step() { # step NAME CMD... : run and record the wall time
  local n="$1" s; shift; s="$(cb_now)"
  cb_log "== $n"; "$@"
  printf '%-48s %7ss\n' "$n" "$(cb_since "$s")" | tee -a "$TIMINGS" >&2
}

# ---------------------------------------------------------------- rootfs (debootstrap)
# debootstrap_to ARCH DIR: one-stage debootstrap (arm64 runs its maintainer scripts under qemu
# binfmt, flag F). Reused when DIR.done exists.
debootstrap_to() {
  local arch="$1" dir="$2" log="$L/debootstrap-$1.log"
  if [ -f "$dir.done" ]; then cb_log "rootfs reused: $dir"; return; fi
  cb_rm_tree "$dir"; mkdir -p "$(dirname "$dir")"
  debootstrap --variant=minbase --arch="$arch" bookworm "$dir" "$MIRROR" >"$log" 2>&1 \
    || { tail -20 "$log" >&2; cb_log "debootstrap $arch failed, see $log"; return 1; }
  touch "$dir.done"
}

# in_chroot ROOT CMD...: run CMD chrooted in ROOT inside a private mount namespace with /proc and
# the host's /etc/resolv.conf and /etc/hosts; the mounts vanish with the namespace (nothing is
# left mounted even if this is killed). Placeholder files are removed afterwards.
in_chroot() {
  local root="$1" f rc=0 created=(); shift
  for f in etc/resolv.conf etc/hosts; do
    [ -e "$root/$f" ] || { : >"$root/$f"; created+=("$root/$f"); }
  done
  unshare --mount --propagation private -- bash -c '
    set -e; r="$1"; shift
    mount -t proc proc "$r/proc"
    mount --bind /etc/resolv.conf "$r/etc/resolv.conf"
    mount --bind /etc/hosts "$r/etc/hosts"
    exec chroot "$r" /usr/bin/env -i HOME=/root DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"' _ "$root" "$@" || rc=$?
  for f in "${created[@]}"; do rm -f "$f"; done
  return $rc
}

# ---------------------------------------------------------------- L1 bookworm-slim
slimify() { # make a rootfs look like debian:*-slim (what debuerreotype's slimify does)
  local r="$1"
  cat >"$r/etc/dpkg/dpkg.cfg.d/docker" <<'X'
# keep the image slim, like debian:*-slim
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
X
  echo 'force-unsafe-io' >"$r/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  cat >"$r/etc/apt/apt.conf.d/docker-clean" <<'X'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
X
  echo 'Acquire::GzipIndexes "true";' >"$r/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Acquire::Languages "none";' >"$r/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$r/etc/apt/apt.conf.d/docker-autoremove-suggests"
  # the mirror may be a snapshot whose Release files are past Valid-Until (same as on the host)
  printf 'Acquire::Check-Valid-Until "false";\nAcquire::Check-Date "false";\n' >"$r/etc/apt/apt.conf.d/99containerbuild-testenv"
  rm -f "$r/etc/apt/sources.list"
  cat >"$r/etc/apt/sources.list.d/debian.sources" <<X
Types: deb
URIs: $MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
X
  find "$r/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$r"/usr/share/{groff,info,linda,lintian/overrides,locale,man}/* \
    "$r"/var/cache/apt/archives/*.deb "$r"/var/cache/apt/*.bin "$r"/var/lib/apt/lists/* \
    "$r"/var/log/{bootstrap.log,dpkg.log,alternatives.log,apt/*} "$r"/var/cache/debconf/*-old \
    "$r/etc/resolv.conf" "$r/etc/hostname"
  mkdir -p "$r/var/lib/apt/lists/partial"
}

# Each `umoci repack` starts from the bundle's manifest as unpacked/refreshed, i.e. before the
# last `umoci config`, so env, cmd and --architecture are given again for every tag.
build_l1() {
  cb_rm_tree "$B" "$OCI.new"
  umoci init --layout "$OCI.new"
  umoci new --image "$OCI.new:empty"
  umoci unpack --image "$OCI.new:empty" "$B" >/dev/null
  cp -a "$ROOTFS/." "$B/rootfs/"
  slimify "$B/rootfs"
  umoci repack --refresh-bundle --image "$OCI.new:bookworm-slim" \
    --history.created_by "debootstrap --variant=minbase bookworm $MIRROR (slimmed)" "$B"
  umoci config --image "$OCI.new:bookworm-slim" --config.env "$PATH_ENV" --config.cmd bash \
    --history.created_by 'CMD ["bash"]'
}

# ---------------------------------------------------------------- L2 runtime-deps
RD_ENV=(APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true)
RD_ARGS=(); for e in "${RD_ENV[@]}"; do RD_ARGS+=(--config.env "$e"); done
RD_HISTORY="apt-get install ca-certificates libicu72 libssl3 ...; useradd app (1654)"
install_runtime_deps() { # install_runtime_deps ROOTFS: the L2 change (an arm64 ROOTFS runs under qemu)
  in_chroot "$1" sh -ec '
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends ca-certificates libc6 libgcc-s1 libicu72 libssl3 libstdc++6 tzdata zlib1g >/dev/null
    rm -rf /var/lib/apt/lists/* /var/log/apt/* /var/log/dpkg.log /var/log/alternatives.log /var/cache/debconf/*-old
    groupadd --gid=1654 app
    useradd --no-log-init --uid=1654 --gid=1654 --create-home app'
  mkdir -p "$1/var/lib/apt/lists/partial"
}
build_l2() {
  install_runtime_deps "$B/rootfs" >"$L/runtime-deps-amd64.log" 2>&1 \
    || { tail -20 "$L/runtime-deps-amd64.log" >&2; cb_log "apt-get in the amd64 chroot failed, see $L/runtime-deps-amd64.log"; return 1; }
  umoci repack --refresh-bundle --image "$OCI.new:runtime-deps-10.0" --history.created_by "$RD_HISTORY" "$B"
  umoci config --image "$OCI.new:runtime-deps-10.0" --config.cmd bash --config.env "$PATH_ENV" \
    "${RD_ARGS[@]}" --history.created_by "ENV ${RD_ENV[*]}"
}

# ---------------------------------------------------------------- L3 runtime, L4 aspnet, L5 sdk
build_l3() {
  local d="$B/rootfs/usr/share/dotnet"
  mkdir -p "$d/shared"
  cp -a "$DOTNET_ROOT_HOST/dotnet" "$DOTNET_ROOT_HOST/LICENSE.txt" "$DOTNET_ROOT_HOST/ThirdPartyNotices.txt" "$d/"
  cp -a "$DOTNET_ROOT_HOST/host" "$d/"
  cp -a "$DOTNET_ROOT_HOST/shared/Microsoft.NETCore.App" "$d/shared/"
  ln -sfn /usr/share/dotnet/dotnet "$B/rootfs/usr/bin/dotnet"
  umoci repack --refresh-bundle --image "$OCI.new:runtime-10.0" \
    --history.created_by "COPY dotnet host Microsoft.NETCore.App $NETCORE_VER /usr/share/dotnet; ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet" "$B"
  umoci config --image "$OCI.new:runtime-10.0" --config.cmd bash --config.env "$PATH_ENV" \
    "${RD_ARGS[@]}" --config.env "DOTNET_VERSION=$NETCORE_VER" --history.created_by "ENV DOTNET_VERSION=$NETCORE_VER"
}
build_l4() {
  cp -a "$DOTNET_ROOT_HOST/shared/Microsoft.AspNetCore.App" "$B/rootfs/usr/share/dotnet/shared/"
  umoci repack --refresh-bundle --image "$OCI.new:aspnet-10.0" \
    --history.created_by "COPY Microsoft.AspNetCore.App $ASPNET_VER /usr/share/dotnet/shared/" "$B"
  umoci config --image "$OCI.new:aspnet-10.0" --config.cmd bash --config.env "$PATH_ENV" \
    "${RD_ARGS[@]}" --config.env "DOTNET_VERSION=$NETCORE_VER" \
    --config.env "ASPNET_VERSION=$ASPNET_VER" --history.created_by "ENV ASPNET_VERSION=$ASPNET_VER"
}
build_l5() {
  local d="$B/rootfs/usr/share/dotnet" x
  for x in sdk packs templates sdk-manifests metadata dnx; do
    [ -e "$DOTNET_ROOT_HOST/$x" ] && cp -a "$DOTNET_ROOT_HOST/$x" "$d/"
  done
  umoci repack --refresh-bundle --image "$OCI.new:sdk-10.0" \
    --history.created_by "COPY .NET SDK $SDK_VER (sdk packs templates sdk-manifests) /usr/share/dotnet" "$B"
  umoci config --image "$OCI.new:sdk-10.0" --config.cmd bash --config.env "$PATH_ENV" \
    "${RD_ARGS[@]}" --config.env "DOTNET_VERSION=$NETCORE_VER" \
    --config.env "ASPNET_VERSION=$ASPNET_VER" --config.env DOTNET_GENERATE_ASPNET_CERTIFICATE=false \
    --config.env DOTNET_NOLOGO=true --config.env "DOTNET_SDK_VERSION=$SDK_VER" \
    --config.env DOTNET_USE_POLLING_FILE_WATCHER=true --config.env NUGET_XMLDOC_MODE=skip \
    --history.created_by "ENV DOTNET_SDK_VERSION=$SDK_VER ..."
  rm -rf "$B"
}

# ---------------------------------------------------------------- busybox (tiny, two-platform index)
fetch_busybox_debs() {
  local d="$CB_TESTENV_STATE/debs" a="$CB_TESTENV_STATE/apt-arm64"
  mkdir -p "$d"
  if ! ls "$d"/busybox-static_*_amd64.deb >/dev/null 2>&1; then
    (cd "$d" && { apt-get download busybox-static >/dev/null 2>&1 \
      || { apt-get -o Acquire::Check-Valid-Until=false update -qq && apt-get download busybox-static; }; }) \
      || { cb_log "could not download busybox-static (amd64)"; return 1; }
  fi
  # arm64 through a private apt state dir, so the host's dpkg architectures stay untouched
  if ! ls "$d"/busybox-static_*_arm64.deb >/dev/null 2>&1; then
    mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
    local o=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Dir::State::Lists="$a/lists"
             -o Dir::Cache="$a/cache" -o Dir::State::status=/dev/null -o Acquire::Check-Valid-Until=false)
    (cd "$d" && apt-get "${o[@]}" update -qq && apt-get "${o[@]}" download busybox-static:arm64) \
      >"$L/busybox-arm64-download.log" 2>&1 \
      || { cb_log "could not download busybox-static:arm64, see $L/busybox-arm64-download.log"; return 1; }
  fi
  dpkg-deb --fsys-tarfile "$(ls "$d"/busybox-static_*_amd64.deb | head -1)" | tar -xO ./bin/busybox >"$CB_TESTENV_STATE/busybox-amd64"
  chmod +x "$CB_TESTENV_STATE/busybox-amd64"
}
busybox_image() { # busybox_image ARCH DEB TAG: one layer, busybox-static + applet symlinks
  local arch="$1" deb="$2" tag="$3" bb="$CB_TESTENV_STATE/bundle-bb" x
  rm -rf "$bb" "$bb.x"; mkdir -p "$bb.x"
  dpkg-deb -x "$deb" "$bb.x"
  umoci new --image "$OCI.new:$tag"
  umoci unpack --image "$OCI.new:$tag" "$bb" >/dev/null
  local r="$bb/rootfs"
  mkdir -p "$r"/{bin,etc,tmp,root,proc,sys,dev,home}; chmod 1777 "$r/tmp"; chmod 700 "$r/root"
  cp "$bb.x/bin/busybox" "$r/bin/busybox"
  # the applet list comes from the amd64 binary (same version, same applets)
  for x in $("$CB_TESTENV_STATE/busybox-amd64" --list); do [ -e "$r/bin/$x" ] || ln -s busybox "$r/bin/$x"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  umoci repack --image "$OCI.new:$tag" --history.created_by "busybox-static $(basename "$deb")" "$bb"
  umoci config --image "$OCI.new:$tag" --architecture "$arch" --config.env "$PATH_ENV" --config.cmd sh \
    --history.created_by 'CMD ["sh"]'
  rm -rf "$bb" "$bb.x"
}
build_busybox() {
  fetch_busybox_debs
  busybox_image amd64 "$(ls "$CB_TESTENV_STATE"/debs/busybox-static_*_amd64.deb | head -1)" busybox-amd64
  busybox_image arm64 "$(ls "$CB_TESTENV_STATE"/debs/busybox-static_*_arm64.deb | head -1)" busybox-arm64
  write_index busybox amd64=busybox-amd64 arm64=busybox-arm64
}

# write_index TAG ARCH=SRCTAG... : write an OCI image index over manifests already in the layout
# and tag it TAG (umoci only builds single manifests)
write_index() {
  python3 - "$OCI.new" "$@" <<'PY'
import hashlib, json, os, sys
layout, tag, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
idx_path = os.path.join(layout, "index.json")
idx = json.load(open(idx_path))
ref = lambda m: m.get("annotations", {}).get("org.opencontainers.image.ref.name")
by_ref = {ref(m): m for m in idx["manifests"]}
entries = []
for p in pairs:
    arch, src = p.split("=", 1)
    m = dict(by_ref[src]); m.pop("annotations", None)
    m["platform"] = {"architecture": arch, "os": "linux"}
    if arch == "arm64": m["platform"]["variant"] = "v8"
    entries.append(m)
body = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                   "manifests": entries}, separators=(",", ":")).encode()
d = hashlib.sha256(body).hexdigest()
open(os.path.join(layout, "blobs", "sha256", d), "wb").write(body)
idx["manifests"] = [m for m in idx["manifests"] if ref(m) != tag]
idx["manifests"].append({"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:" + d,
                         "size": len(body), "annotations": {"org.opencontainers.image.ref.name": tag}})
json.dump(idx, open(idx_path, "w"))
PY
}

# ---------------------------------------------------------------- arm64 (qemu)
# prepare_arm64_rootfs: the slow part, plain directories only (no umoci), so it can run in the
# background while the amd64 images are built: debootstrap -> slimmed copy (L1 content) ->
# copy + apt-get under qemu (L1+L2 content). Each stage is reused when its .done file exists.
prepare_arm64_rootfs() {
  local s
  s="$(cb_now)"; debootstrap_to arm64 "$ROOTFS_ARM64"
  printf '%-48s %7ss\n' "arm64 debootstrap under qemu (bg)" "$(cb_since "$s")" >>"$TIMINGS"
  if [ ! -f "$ARM64_SLIM.done" ]; then
    cb_rm_tree "$ARM64_SLIM"; rm -f "$ARM64_RD.done"; cp -a "$ROOTFS_ARM64" "$ARM64_SLIM"; slimify "$ARM64_SLIM"; touch "$ARM64_SLIM.done"
  fi
  if [ ! -f "$ARM64_RD.done" ]; then
    s="$(cb_now)"
    cb_rm_tree "$ARM64_RD"; cp -a "$ARM64_SLIM" "$ARM64_RD"
    install_runtime_deps "$ARM64_RD"
    touch "$ARM64_RD.done"
    printf '%-48s %7ss\n' "arm64 runtime-deps apt-get under qemu (bg)" "$(cb_since "$s")" >>"$TIMINGS"
  fi
}
build_arm64_images() { # into $OCI.new, from the prepared rootfs dirs
  cb_rm_tree "$BA"
  umoci new --image "$OCI.new:bookworm-slim-arm64"
  umoci unpack --image "$OCI.new:bookworm-slim-arm64" "$BA" >/dev/null
  cp -a "$ARM64_SLIM/." "$BA/rootfs/"
  umoci repack --refresh-bundle --image "$OCI.new:bookworm-slim-arm64" \
    --history.created_by "debootstrap --variant=minbase --arch=arm64 bookworm $MIRROR (slimmed)" "$BA"
  umoci config --image "$OCI.new:bookworm-slim-arm64" --architecture arm64 --config.env "$PATH_ENV" \
    --config.cmd bash --history.created_by 'CMD ["bash"]'
  write_index bookworm-slim-multiarch amd64=bookworm-slim arm64=bookworm-slim-arm64
  # L2 = the difference between the two prepared trees (umoci diffs against the bundle's mtree)
  rm -rf "$BA/rootfs"; mkdir "$BA/rootfs"; cp -a "$ARM64_RD/." "$BA/rootfs/"
  umoci repack --refresh-bundle --image "$OCI.new:runtime-deps-10.0-arm64" --history.created_by "$RD_HISTORY" "$BA"
  umoci config --image "$OCI.new:runtime-deps-10.0-arm64" --architecture arm64 --config.cmd bash \
    --config.env "$PATH_ENV" "${RD_ARGS[@]}" --history.created_by "ENV ${RD_ENV[*]}"
  rm -rf "$BA"
  write_index runtime-deps-10.0-multiarch amd64=runtime-deps-10.0 arm64=runtime-deps-10.0-arm64
}

# ---------------------------------------------------------------- build the layout
AMD64_TAGS=(bookworm-slim runtime-deps-10.0 runtime-10.0 aspnet-10.0 sdk-10.0 busybox busybox-amd64 busybox-arm64)
ARM64_TAGS=(bookworm-slim-arm64 bookworm-slim-multiarch runtime-deps-10.0-arm64 runtime-deps-10.0-multiarch)
layout_has() { # layout_has TAG... : all TAGs are in $OCI
  [ -f "$OCI/index.json" ] || return 1
  local refs t; refs="$(jq -r '.manifests[].annotations["org.opencontainers.image.ref.name"]' "$OCI/index.json")"
  for t in "$@"; do grep -qxF "$t" <<<"$refs" || return 1; done
}
layout_digest() { # layout_digest TAG -> digest of TAG in $OCI
  jq -r --arg t "$1" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $t) | .digest' "$OCI/index.json"
}

# an arm64 preparation left running by an earlier, killed run would race with this one: stop its
# process group (recorded PID; the job is a group leader)
if p="$(cb_pid arm64-rootfs)"; then
  cb_log "stopping the arm64 preparation of an earlier run (pid $p)"
  kill -KILL -- "-$p" 2>/dev/null; sleep 0.5
fi
rm -f "$CB_TESTENV_STATE/pids/arm64-rootfs.pid"

NEED_AMD64=0 NEED_ARM64=0
{ [ "$FORCE" = 1 ] || ! layout_has "${AMD64_TAGS[@]}"; } && NEED_AMD64=1
if [ "$ARM64" = 1 ] && { [ "$NEED_AMD64" = 1 ] || ! layout_has "${ARM64_TAGS[@]}"; }; then NEED_ARM64=1; fi
BUILT=0
if [ "$NEED_AMD64" = 1 ] || [ "$NEED_ARM64" = 1 ]; then
  BUILT=1
  : >"$TIMINGS"
  ARM_PID=""
  if [ "$NEED_ARM64" = 1 ]; then
    [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || cb_die "arm64 needs binfmt qemu-aarch64: run host-prep.sh (or pass --no-arm64)"
    # own process group (set -m), so an abort can stop the whole background tree by its id
    set -m
    ( prepare_arm64_rootfs ) >"$L/base-images-arm64.log" 2>&1 &
    ARM_PID=$!
    set +m
    echo "$ARM_PID $(cb_starttime "$ARM_PID")" >"$CB_TESTENV_STATE/pids/arm64-rootfs.pid"
    trap '[ -n "$ARM_PID" ] && kill -TERM -- "-$ARM_PID" 2>/dev/null; true' EXIT
    cb_log "arm64 rootfs preparation running in the background (pid $ARM_PID), log: $L/base-images-arm64.log"
  fi
  if [ "$NEED_AMD64" = 1 ]; then
    step "debootstrap minbase amd64 (reused if present)" debootstrap_to amd64 "$ROOTFS"
    step "L1 bookworm-slim (copy+slim+repack)" build_l1
    step "L2 runtime-deps (chroot apt-get)" build_l2
    step "L3 runtime" build_l3
    step "L4 aspnet" build_l4
    step "L5 sdk" build_l5
    step "busybox amd64+arm64 index" build_busybox
    umoci rm --image "$OCI.new:empty"
  else
    cb_log "amd64 images complete in $OCI; adding the arm64 ones to a copy (amd64 digests stay)"
    rm -rf "$OCI.new"; cp -a "$OCI" "$OCI.new"
  fi
  if [ "$NEED_ARM64" = 1 ]; then
    s="$(cb_now)"; cb_log "waiting for the arm64 rootfs preparation (pid $ARM_PID)"
    if ! wait "$ARM_PID"; then
      ARM_PID=""; tail -20 "$L/base-images-arm64.log" >&2
      cb_die "arm64 rootfs preparation failed, see $L/base-images-arm64.log"
    fi
    ARM_PID=""; rm -f "$CB_TESTENV_STATE/pids/arm64-rootfs.pid"
    printf '%-48s %7ss\n' "(waited for arm64 background job)" "$(cb_since "$s")" | tee -a "$TIMINGS" >&2
    step "arm64 images (L1 + L2 from prepared rootfs)" build_arm64_images
  fi
  umoci gc --layout "$OCI.new"
  rm -rf "$B" "$OCI"; mv "$OCI.new" "$OCI"
else
  cb_log "OCI layout complete: $OCI (--force rebuilds it)"
fi
HAVE_ARM64=0; layout_has "${ARM64_TAGS[@]}" && HAVE_ARM64=1

# ---------------------------------------------------------------- push
# push PORT SRC_TAG REPO:TAG [skopeo args]: skipped when the registry still serves the digest
# recorded by the last push of the same layout manifest with the same args
PUSH_FAIL=0 PUSHED=0 SKIPPED=0
push() {
  local port="$1" src="$2" dst="$3"; shift 3
  local sd rd stamp="$CB_TESTENV_STATE/pushed/$port/${dst//\//_}" want creds=()
  sd="$(layout_digest "$src")"; want="$sd $*"
  if [ -s "$stamp" ] && [ "$(head -1 "$stamp")" = "$want" ] && \
     [ "$(cb_registry_digest "$port" "${dst%:*}" "${dst##*:}" || true)" = "$(sed -n 2p "$stamp")" ]; then
    SKIPPED=$((SKIPPED + 1)); return 0
  fi
  [ "$port" = "$CB_REG_PORT" ] || creds=(--dest-creds "$CB_REG_USER:$CB_REG_PASS")
  if skopeo copy -q --dest-tls-verify=false "${creds[@]}" "$@" "oci:$OCI:$src" "docker://127.0.0.1:$port/$dst" >>"$L/base-images-push.log" 2>&1 \
     && rd="$(cb_registry_digest "$port" "${dst%:*}" "${dst##*:}")"; then
    mkdir -p "$(dirname "$stamp")"; printf '%s\n%s\n' "$want" "$rd" >"$stamp"
    PUSHED=$((PUSHED + 1))
  else
    cb_log "push $src -> 127.0.0.1:$port/$dst FAILED, see $L/base-images-push.log"; PUSH_FAIL=1
  fi
}
do_push() {
  local p="${REG##*:}" port
  [ "$REG" = "127.0.0.1:$p" ] || cb_die "--registry must be 127.0.0.1:PORT"
  [ "$(cb_http_code "http://$REG/v2/")" = 200 ] || cb_die "registry $REG does not answer (registry-up.sh)"
  push "$p" bookworm-slim debian:bookworm-slim
  push "$p" bookworm-slim debian:bookworm-slim-v2s2 --format v2s2
  push "$p" runtime-10.0 dotnet/runtime:10.0
  push "$p" aspnet-10.0 dotnet/aspnet:10.0
  push "$p" sdk-10.0 dotnet/sdk:10.0
  push "$p" busybox-amd64 busybox:amd64
  push "$p" busybox busybox:latest --all
  if [ "$HAVE_ARM64" = 1 ]; then
    push "$p" bookworm-slim-arm64 debian:bookworm-slim-arm64
    push "$p" bookworm-slim-multiarch debian:bookworm-slim-multiarch --all
    push "$p" runtime-deps-10.0 dotnet/runtime-deps:10.0-amd64
    push "$p" runtime-deps-10.0-arm64 dotnet/runtime-deps:10.0-arm64
    push "$p" runtime-deps-10.0-multiarch dotnet/runtime-deps:10.0 --all
  else
    push "$p" runtime-deps-10.0 dotnet/runtime-deps:10.0
  fi
  # small images to the auth registries too, so auth-flow tests have content
  if [ "$p" = "$CB_REG_PORT" ]; then
    for port in "$CB_REG_BASIC_PORT" "$CB_REG_TOKEN_PORT"; do
      if [ "$(cb_http_code "http://127.0.0.1:$port/v2/")" != 401 ]; then
        cb_log "registry :$port is not up, not pushing to it"; PUSH_FAIL=1; continue
      fi
      push "$port" bookworm-slim debian:bookworm-slim
      push "$port" busybox-amd64 busybox:amd64
      push "$port" busybox busybox:latest --all
    done
  fi
  cb_log "push: $PUSHED pushed, $SKIPPED already there"
}
if [ "$PUSH" = 1 ]; then step "push" do_push; fi

if [ "$BUILT" = 1 ]; then
  {
    echo "image (layout $OCI)                 layers  compressed(MB)"
    tags=(bookworm-slim runtime-deps-10.0 runtime-10.0 aspnet-10.0 sdk-10.0 busybox-amd64 busybox-arm64)
    [ "$HAVE_ARM64" = 1 ] && tags+=(bookworm-slim-arm64 runtime-deps-10.0-arm64)
    for t in "${tags[@]}"; do
      skopeo inspect --raw "oci:$OCI:$t" | jq -r --arg t "$t" '"\($t)\t\(.layers|length)\t\((([.layers[].size]|add)/1e6*10|floor)/10)"'
    done | awk -F'\t' '{ printf "%-38s %6d  %14s\n", $1, $2, $3 }'
    printf '%-48s %7ss\n' "TOTAL make-base-images" "$(cb_since "$T0")"
  } | tee -a "$TIMINGS" >&2
fi
exit "$PUSH_FAIL"
