#!/usr/bin/env bash
# Builds Mnemos' container image as one OCI archive: an index with a manifest per platform.
#
#   deploy/image/build-image.sh [--platform linux/amd64,linux/arm64] [--output FILE] [--refresh-base]
#
# No registry is needed: each platform's base is a Debian root file system made by mmdebstrap from
# Debian's archive (minbase, the Java 25 runtime, CA certificates), cached in
# ~/.cache/mnemos/image-base (--refresh-base makes it again, for security updates). The Mnemos layer
# (the jar, /usr/local/bin/mnemos, /bin/metadata_store_server) is added by `podman build` with
# COPY steps only, so a foreign platform needs emulation (qemu-user-static) only while its base is
# made. The archive is then checked: every platform present, its Java runtime built for it.
# Needs root (mmdebstrap and podman run as root here), mmdebstrap and podman; arm64 on an amd64
# machine also qemu-user-static and binfmt-support. The jar must be built (./mnemos image does it).
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
platforms="linux/amd64,linux/arm64"
output="$repo/app/target/mnemos-image.tar"
refresh_base=false
while [ $# -gt 0 ]; do
  case "$1" in
    --platform) platforms="$2"; shift 2 ;;
    --platform=*) platforms="${1#*=}"; shift ;;
    --output) output="$2"; shift 2 ;;
    --output=*) output="${1#*=}"; shift ;;
    --refresh-base) refresh_base=true; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "image: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

fail() { echo "image: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root: mmdebstrap and podman build the image as root"
for tool in mmdebstrap podman python3; do
  command -v "$tool" >/dev/null || fail "needs $tool (Debian: apt-get install mmdebstrap podman python3)"
done
jar="$repo/app/target/mnemos.jar"
[ -f "$jar" ] || fail "no $jar: build it first (./mvnw package -DskipTests, or ./mnemos image)"

# The tag is the release this checkout leads to; the labels carry the exact version and commit.
pom_version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$repo/pom.xml" | head -1)"
tag="${pom_version%-SNAPSHOT}"
revision="$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)"

suite=trixie
packages=openjdk-25-jre-headless,ca-certificates
cache="${XDG_CACHE_HOME:-$HOME/.cache}/mnemos/image-base"
mkdir -p "$cache"

# A foreign architecture's maintainer scripts run under qemu through binfmt_misc, which a container
# or a machine without systemd may not have mounted and enabled yet.
enable_emulation() {
  local qemu="qemu-$1"
  [ -e "/proc/sys/fs/binfmt_misc/$qemu" ] && return 0
  [ -x "/usr/bin/$qemu-static" ] && command -v update-binfmts >/dev/null ||
    fail "a foreign base needs emulation: apt-get install qemu-user-static binfmt-support"
  mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  update-binfmts --enable "$qemu" >/dev/null 2>&1 || true
  [ -e "/proc/sys/fs/binfmt_misc/$qemu" ] || fail "could not enable $qemu in binfmt_misc"
}

# The base of one architecture, made once per recipe and imported into podman's storage.
base_image() {
  local arch="$1"
  # The user KFP runs the server as (uid 1000, gid 0) and its group-writable data folder. Written
  # into the tree directly, so nothing runs under emulation for it.
  local hook='set -e
    echo "mnemos:x:1000:0:Mnemos:/var/lib/mnemos:/usr/sbin/nologin" >> "$1/etc/passwd"
    mkdir -p "$1/var/lib/mnemos" "$1/opt/mnemos"
    chown 1000:0 "$1/var/lib/mnemos"
    chmod 2775 "$1/var/lib/mnemos"'
  local recipe key file name
  recipe="$suite $arch $packages $hook"
  key="$(printf '%s' "$recipe" | sha256sum | cut -c1-12)"
  file="$cache/debian-$suite-$arch-$key.tar"
  name="localhost/mnemos-base:$suite-$arch-$key"
  if [ "$refresh_base" = true ] || [ ! -f "$file" ]; then
    if [ "$arch" != "$(dpkg --print-architecture)" ]; then
      case "$arch" in
        arm64) enable_emulation aarch64 ;;
        amd64) enable_emulation x86_64 ;;
      esac
    fi
    echo "image: making the Debian $suite base for $arch with mmdebstrap (cached in $cache)" >&2
    # The man1 folder: openjdk's postinst registers man pages with update-alternatives.
    mmdebstrap --quiet --format=tar --variant=minbase --architectures="$arch" --include="$packages" \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' \
      --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
      --customize-hook="$hook" \
      "$suite" "$file.partial" http://deb.debian.org/debian
    mv "$file.partial" "$file"
    podman rmi --force "$name" >/dev/null 2>&1 || true
  fi
  if ! podman image exists "$name"; then
    podman import --quiet --arch "$arch" --os linux "$file" "$name" >/dev/null
  fi
  echo "$name"
}

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp "$jar" "$here/mnemos" "$here/metadata_store_server" "$here/Containerfile" "$context/"

list="localhost/mnemos:$tag"
podman manifest rm "$list" >/dev/null 2>&1 || podman rmi --force "$list" >/dev/null 2>&1 || true
podman manifest create "$list" >/dev/null
IFS=, read -r -a wanted <<<"$platforms"
for platform in "${wanted[@]}"; do
  case "$platform" in
    linux/amd64|linux/arm64) ;;
    *) fail "platform '$platform' is not built (linux/amd64, linux/arm64)" ;;
  esac
  arch="${platform#linux/}"
  base="$(base_image "$arch")"
  echo "image: building $platform on $base" >&2
  podman build --quiet --pull=never --platform "$platform" --build-arg BASE="$base" \
    --build-arg VERSION="$pom_version" --build-arg REVISION="$revision" \
    --tag "localhost/mnemos:$tag-$arch" --file "$context/Containerfile" "$context" >/dev/null
  podman manifest add "$list" "containers-storage:localhost/mnemos:$tag-$arch" >/dev/null
done

mkdir -p "$(dirname "$output")"
rm -f "$output.partial"
podman manifest push --quiet --all "$list" "oci-archive:$output.partial:mnemos:$tag"
python3 "$here/check_image.py" "$output.partial" --platforms "$platforms"
mv "$output.partial" "$output"
echo "image: $output ($platforms; podman load -i, or skopeo copy --all oci-archive:$output docker://REGISTRY/mnemos:$tag)" >&2
